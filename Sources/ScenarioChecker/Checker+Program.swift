import ScenarioDiagnostics
import ScenarioIR
import ScenarioTimeZones
import ScenarioPacks

extension Checker {
  /// The order in which tables are generated, and the two passes of each table that summarises
  /// its own rows; reports a cycle between tables.
  ///
  /// Such a table is two nodes of the graph: its base pass, which the tables it summarises
  /// follow, and its full pass, which follows them. A table that reads a column waiting for the
  /// full pass, or aggregates the table's rows, follows the full pass; any other reader may
  /// follow the base pass.
  mutating func tableOrder() -> (order: [Int], summaries: [Int: SelfSummaryIR]) {
    let plans = summaryPlans()
    checkSummaryReads(plans)
    if diagnostics.hasErrors { return ([], [:]) }
    let n = tables.count
    let summarised = plans.keys.sorted()
    var fullNode: [Int: Int] = [:]
    for (j, p) in summarised.enumerated() { fullNode[p] = n + j }
    var deps = tableDependencies + summarised.map { _ in Set<Int>() }
    for (p, plan) in plans {
      deps[p] = plan.baseReads
      deps[fullNode[p]!] = plan.finalReads.union(plan.sources).union([p])
    }
    // A summarised table that summarises rows itself is aggregated in its full pass.
    for (p, plan) in plans {
      for s in plan.sources where plans[s] != nil {
        deps[fullNode[p]!].insert(fullNode[s]!)
      }
    }
    for node in deps.indices {
      let reader = node < n ? node : summarised[node - n]
      for p in summarised where p != reader && deps[node].contains(p) {
        let plan = plans[p]!
        let waits = crossReads.contains { r in
          r.reader == reader && r.target == p && (r.slot.map { plan.slots.contains($0) } ?? true)
        }
        if waits {
          deps[node].remove(p)
          deps[node].insert(fullNode[p]!)
        }
      }
    }
    func name(_ node: Int) -> String {
      node < n ? "'\(tables[node].name)'" : "'\(tables[summarised[node - n]].name)' (its summaries)"
    }
    switch DependencyGraph.order(deps) {
    case .success(let nodes):
      var order: [Int] = []
      var summaries: [Int: SelfSummaryIR] = [:]
      for node in nodes {
        if node >= n {
          order.append(summarised[node - n])
        } else if let plan = plans[node] {
          summaries[node] = SelfSummaryIR(slots: plan.slots, baseBefore: order.count, sources: plan.sources.sorted())
        } else {
          order.append(node)
        }
      }
      return (order, summaries)
    case .failure(let cycle):
      let names = cycle.path.map(name).joined(separator: " -> ")
      let first = cycle.path.first.map { $0 < n ? $0 : summarised[$0 - n] } ?? 0
      diagnostics.error(
        .dependencyCycle, "tables depend on each other in a cycle: \(names)",
        at: tables[first].decl.name.span, label: "part of the cycle",
        help: "a table can only pick from or read tables that do not read it back")
      return ([], [:])
    }
  }

  /// W0801: a hidden `let` column that no column of its table and no other table reads.
  mutating func warnUnusedHiddenColumns() {
    for t in tables.indices {
      var used = tables[t].stored.union(tables[t].probeDependencies)
      for slot in tables[t].slots { used.formUnion(slot.dependencies) }
      for (s, slot) in tables[t].slots.enumerated()
      where slot.role == .hidden && !used.contains(s) && !slot.name.text.hasPrefix("#") {
        diagnostics.warning(
          .unusedDefinition, "'\(slot.name.text)' is never used", at: slot.name.span,
          label: "hidden column that nothing reads",
          help: "remove it, or drop 'let' to write it as a column")
      }
    }
  }

  /// A slot declared `float(k)` holds its value as the file shows it (`IRExprKind.decimal`), so
  /// that every reader of the slot, later columns, other tables, aggregates and expectations,
  /// sees what is written (DESIGN.md §6). A constant is rounded here; a constant NaN or
  /// infinity is an error.
  mutating func roundedToPrecision(_ slot: SlotIR) -> SlotIR {
    guard let digits = slot.precision, slot.type.kind == .float else { return slot }
    var slot = slot
    let e = slot.expr
    if let v = e.constantValue {
      do throws(EvalError) {
        slot.expr = IRExpr(.constant(try Semantics.decimal(v, digits: digits)), type: e.type, span: e.span)
      } catch {
        diagnostics.error(.invalidConstant, error.message, at: e.span, label: "not a finite number")
      }
      return slot
    }
    slot.expr = IRExpr(.decimal(e, digits: digits), type: e.type, span: e.span)
    return slot
  }

  /// Assembles the checked tables into a program.
  mutating func buildProgram(order: [Int]) -> Program? {
    // A written reference column is written as the referenced key, which must then be kept.
    for t in tables.indices {
      for slot in tables[t].slots {
        guard let ir = slot.checked, ir.isOutput, case .ref(let name) = ir.type.kind,
          let target = tableIndex[name]
        else { continue }
        tables[target].stored.formUnion(tables[target].keySlots)
      }
    }
    warnUnusedHiddenColumns()
    // A key is written as a PRIMARY KEY: every key column must have a value on every row.
    var nullableKey = false
    for t in tables.indices {
      for (s, span) in zip(tables[t].keySlots, tables[t].keySpans) {
        guard let ir = tables[t].slots[s].checked, ir.type.isNullable, !ir.type.isError else { continue }
        nullableKey = true
        diagnostics.error(
          .nullableKey, "key column '\(tables[t].slots[s].name.text)' of table '\(tables[t].name)' can be null",
          at: span, label: "a key needs a value on every row",
          secondary: [Label(tables[t].slots[s].name.span, "this is '\(ir.type)'")],
          help: "give it a value on every row (for example with 'coalesce'), or key the table by another column")
      }
    }
    if nullableKey { return nil }
    // A written column whose value is a constant date outside the years 1 to 9999 (R0708 at run
    // time) is reported now.
    var outOfRange = false
    for t in tables.indices {
      for slot in tables[t].slots {
        guard let ir = slot.checked, ir.isOutput, let v = ir.expr.constantValue else { continue }
        var text: String? = nil
        if case .date(let d) = v, !DateRange.days.contains(d) { text = Semantics.dateText(d) }
        if case .datetime(let s) = v, !DateRange.seconds.contains(s) { text = Semantics.datetimeText(s) }
        guard let text else { continue }
        outOfRange = true
        diagnostics.error(
          .invalidConstant, "column '\(slot.name.text)' of table '\(tables[t].name)' is \(text), outside the years 1 to 9999",
          at: ir.expr.span, label: "a date databases reject",
          help: "keep dates between 0001-01-01 and 9999-12-31")
      }
    }
    if outOfRange { return nil }
    var irTables: [TableIR] = []
    for t in tables.indices {
      let state = tables[t]
      var slots: [SlotIR] = []
      for s in state.slots {
        guard let ir = s.checked else { return nil }
        slots.append(roundedToPrecision(ir))
      }
      let deps = state.slots.map { $0.dependencies }
      let evaluation: [Int]
      switch DependencyGraph.order(deps) {
      case .success(let order): evaluation = order
      case .failure: return nil  // already reported as a column cycle
      }
      var table = TableIR(
        name: state.name, span: state.decl.name.span, count: state.count, slots: slots,
        evaluationOrder: evaluation, outputSlots: slots.indices.filter { slots[$0].isOutput },
        keySlots: state.keySlots, personas: state.personaPlan, storedSlots: state.stored.sorted())
      table.probes = state.probes
      table.copulas = state.copulas
      table.uniqueSlots = uniqueSlots(t, table)
      table.isWritten = state.isWritten
      table.rowIdentity = state.rowIdentity
      table.source = state.source
      table.order = orderIR(t)
      table.database = databaseIR(t)
      irTables.append(table)
    }
    let parameters = parameterNames.map { (name: $0, value: globals[$0]?.value ?? .null) }
    var program = Program(
      name: scenarioName, seed: seed, now: now, parameters: parameters, tables: irTables,
      generationOrder: order, file: source)
    program.expectations = expectations
    program.aggregates = aggregates
    if usesPacks { program.dataPacks = ["scenario-packs": Packs.version] }
    if usesTimeZones { program.dataPacks["tzdata"] = TimeZones.version }
    return program
  }

  /// The written columns of table `t` that no two rows share a value of: proven injective in
  /// the row number, or measured by an `expect t: unique(column)` of the bare column (not a
  /// `report`, which may fail without failing the run). None in a
  /// part of a shared output, where several tables' rows meet.
  func uniqueSlots(_ t: Int, _ table: TableIR) -> Set<Int> {
    guard tables[t].decl.into == nil else { return [] }
    var unique = Set(table.outputSlots.filter { injectiveInRow(IRExpr(.slot($0), type: table.slots[$0].type, span: table.span), table: t, depth: 0) })
    for e in expectations where e.table == t && e.otherParts.isEmpty && !e.reportOnly {
      guard e.statistic == .unique || e.statistic == .uniqueByConstruction, let p = e.probes.first,
        table.probes.indices.contains(p), case .slot(let s) = table.probes[p].kind, table.outputSlots.contains(s)
      else { continue }
      unique.insert(s)
    }
    return unique
  }
}
