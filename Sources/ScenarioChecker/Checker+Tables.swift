import ScenarioAST
import ScenarioDiagnostics
import ScenarioIR

extension Checker {
  /// Registers every table and its slots so that names can be resolved in any order.
  mutating func registerTables(_ file: ScenarioFile) {
    for d in file.declarations {
      guard case .table(let decl) = d.kind else { continue }
      if let first = tableIndex[decl.name.text] {
        diagnostics.error(
          .duplicateDefinition, "table '\(decl.name.text)' is declared more than once",
          at: decl.name.span, label: "second declaration",
          secondary: [Label(tables[first].decl.name.span, "first declared here")])
        continue
      }
      tableIndex[decl.name.text] = tables.count
      tables.append(TableState(decl: decl))
      tableDependencies.append([])
    }
    for t in tables.indices { registerSlots(t) }
    registerProducts()
    // A child table's parent variable is known before any column is checked: a parent's
    // column can read its children's columns (an aggregate of them), which read the parent
    // variable, before the child's count is checked.
    for t in tables.indices {
      guard case .perParent(let spec) = tables[t].decl.count, spec.product.isEmpty,
        let p = tableIndex[spec.parent.text], p != t
      else { continue }
      tables[t].parent = (spec.variable.text, p)
    }
  }

  /// Collects a table's slots, personas, persona overrides and key.
  mutating func registerSlots(_ t: Int) {
    let decl = tables[t].decl
    if case .inline(let spec) = decl.count { registerInlineTable(t, spec) }
    if case .source(let spec) = decl.count { registerSourceTable(t, spec) }
    var personaDecls: [PersonaDecl] = []
    for item in decl.items {
      switch item.kind {
      case .column(let c): addSlot(t, c, role: .column)
      case .hidden(let c): addSlot(t, c, role: .hidden)
      case .personas(let ps):
        if !personaDecls.isEmpty {
          diagnostics.error(
            .invalidPersonaList, "table '\(decl.name.text)' has more than one 'persona' list",
            at: item.span, label: "second list", help: "declare all personas in one 'persona' item, separated by commas")
          continue
        }
        personaDecls = ps
      case .order(let o):
        if let first = tables[t].order {
          diagnostics.error(
            .duplicateDefinition, "table '\(decl.name.text)' has more than one 'order by'", at: item.span,
            label: "second order", secondary: [Label(first.span, "first order")],
            help: "list every key in one item: 'order by a, b desc'")
          continue
        }
        var keySlots: [Int] = []
        for (i, k) in o.keys.enumerated() {
          keySlots.append(tables[t].slots.count)
          addSlot(t, ColumnDecl(name: Name("#order\(i)", span: k.expr.span), type: nil, value: k.expr, overrides: []), role: .hidden)
        }
        tables[t].order = (o, item.span, keySlots)
      case .key, .correlate, .invalid, .naturalKey, .conflict, .owned, .doublePrecision: break
      }
    }
    if !personaDecls.isEmpty { registerPersonas(t, personaDecls) }
    registerOverrides(t)
    registerKey(t)
  }

  mutating func addSlot(_ t: Int, _ c: ColumnDecl, role: SlotRole) {
    if let first = tables[t].slotIndex[c.name.text] {
      diagnostics.error(
        .duplicateDefinition, "column '\(c.name.text)' is defined more than once in table '\(tables[t].name)'",
        at: c.name.span, label: "second definition",
        secondary: [Label(tables[t].slots[first].name.span, "first defined here")])
      return
    }
    tables[t].slotIndex[c.name.text] = tables[t].slots.count
    tables[t].slots.append(SlotState(name: c.name, annotation: c.type, value: c.value, role: role))
  }

  /// Adds the persona slot and its plan, and the block overrides of each persona.
  mutating func registerPersonas(_ t: Int, _ decls: [PersonaDecl]) {
    var names: [String] = []
    for p in decls {
      if names.contains(p.name.text) {
        diagnostics.error(
          .invalidPersonaList, "persona '\(p.name.text)' is declared more than once", at: p.name.span,
          label: "second declaration")
        continue
      }
      names.append(p.name.text)
    }
    let slot = tables[t].slots.count
    tables[t].personaSlot = slot
    tables[t].personaNames = names
    var personaSlot = SlotState(
      name: Name("persona", span: decls[0].name.span), annotation: nil, value: nil, role: .persona)
    personaSlot.checked = SlotIR(
      name: "persona", span: decls[0].name.span, type: ValueType(.choice(names)), precision: nil,
      expr: IRExpr(.persona, type: ValueType(.choice(names)), span: decls[0].name.span),
      isOutput: false, role: .persona)
    tables[t].slots.append(personaSlot)
    pendingPersonaDecls[t] = decls
  }

  /// Collects `| persona: expr` arms and persona-block assignments, one per (column, persona).
  mutating func registerOverrides(_ t: Int) {
    var seen: [String: SourceSpan] = [:]
    func add(_ column: Name, _ persona: Name, _ expr: Expr, _ checker: inout Checker) {
      guard let p = checker.tables[t].personaNames.firstIndex(of: persona.text) else {
        let names = checker.tables[t].personaNames
        checker.diagnostics.error(
          .unknownPersona,
          names.isEmpty
            ? "table '\(checker.tables[t].name)' has no personas"
            : "unknown persona '\(persona.text)' in table '\(checker.tables[t].name)'",
          at: persona.span, label: "not a persona of this table",
          help: checker.suggest(persona.text, names))
        return
      }
      guard let s = checker.tables[t].slotIndex[column.text], checker.tables[t].slots[s].role != .persona else {
        checker.diagnostics.error(
          .unknownColumn, "unknown column '\(column.text)' in table '\(checker.tables[t].name)'",
          at: column.span, label: "persona '\(persona.text)' overrides a column that does not exist",
          help: checker.suggest(column.text, checker.tables[t].slots.map(\.name.text)))
        return
      }
      let key = "\(column.text)|\(persona.text)"
      if let first = seen[key] {
        checker.diagnostics.error(
          .duplicateDefinition, "column '\(column.text)' is overridden twice for persona '\(persona.text)'",
          at: expr.span, label: "second override", secondary: [Label(first, "first override")])
        return
      }
      seen[key] = expr.span
      checker.tables[t].slots[s].overrides[p] = expr
    }
    for item in tables[t].decl.items {
      switch item.kind {
      case .column(let c), .hidden(let c):
        for o in c.overrides {
          for p in o.personas { add(c.name, p, o.value, &self) }
        }
      default: break
      }
    }
    for p in pendingPersonaDecls[t] ?? [] {
      for a in p.overrides { add(a.name, p.name, a.value, &self) }
    }
  }

  /// `key a, b`: the primary key columns.
  mutating func registerKey(_ t: Int) {
    var firstKeySpan: SourceSpan? = nil
    for item in tables[t].decl.items {
      guard case .key(let names, _) = item.kind else { continue }
      if let first = firstKeySpan {
        diagnostics.error(
          .duplicateDefinition, "table '\(tables[t].name)' declares its key twice", at: item.span,
          label: "second key", secondary: [Label(first, "first key")])
        continue
      }
      firstKeySpan = item.span
      for n in names {
        guard let s = tables[t].slotIndex[n.text], tables[t].slots[s].role == .column else {
          diagnostics.error(
            .unknownColumn, "unknown column '\(n.text)' in the key of table '\(tables[t].name)'",
            at: n.span, label: "not a written column",
            help: suggest(n.text, tables[t].slots.filter { $0.role == .column }.map(\.name.text)))
          continue
        }
        tables[t].keySlots.append(s)
        tables[t].keySpans.append(n.span)
      }
    }
  }
}
