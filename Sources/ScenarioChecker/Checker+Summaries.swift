import ScenarioAST
import ScenarioDiagnostics
import ScenarioIR

/// A read of another table's rows, recorded where it is lowered: `slot` nil for an aggregate
/// over the table (which needs every row and every probe).
struct CrossRead {
  var reader: Int
  var target: Int
  var slot: Int?
  var span: SourceSpan
}

/// What a self-summarising table needs from the generation order (`SelfSummaryIR`).
struct SummaryPlan {
  /// The slots computed only in the full pass.
  var slots: Set<Int>
  var sources: Set<Int>
  /// The tables the base pass reads, and those only the full pass reads.
  var baseReads: Set<Int>
  var finalReads: Set<Int>
}

extension Checker {
  /// Whether `AGG(...) over SOURCE` in a column of `current` summarises `current`'s own rows:
  /// SOURCE is a child of `current` or, without `all`, links to it through a reference column
  /// (and not to `current`'s own parent, which keeps its meaning: the siblings' rows).
  mutating func summarisesOwnRows(_ spec: AggregateSpec, source: Int, current: Int, parent: Int?) -> Bool {
    if spec.whole || tables[source].parent?.table == current { return tables[source].parent?.table == current }
    if let parent, tables[source].parent?.table == parent { return false }
    let name = tables[current].name
    if let link = spec.link {
      guard let s = tables[source].slotIndex[link.text], tables[source].slots[s].role != .persona else { return false }
      return ensureSlot(source, s).kind == .ref(name)
    }
    func links(to t: Int) -> Bool {
      if tables[source].parent?.table == t { return true }
      let target = tables[t].name
      return tables[source].slots.indices.contains { s in
        tables[source].slots[s].role != .persona && ensureSlot(source, s).kind == .ref(target)
      }
    }
    if let parent, links(to: parent) { return false }
    return links(to: current)
  }

  /// A self-summary: the aggregate is measured while SOURCE streams, after a first pass over
  /// this table, and read on this row in the full pass (`SelfSummaryIR`).
  mutating func lowerSelfSummary(
    _ spec: AggregateSpec, function: RowAggregate, source: Int, current: Int, atLeast: Int, span: SourceSpan,
    _ ctx: inout ExprContext
  ) -> IRExpr {
    let bad = IRExpr(.constant(.null), type: .error, span: span)
    let fname = spec.function.text
    if let into = tables[current].decl.into {
      diagnostics.error(
        .misplacedConstruct, "table '\(tables[current].name)' is part of the shared output '\(into.text)' and cannot summarise its own children",
        at: span, label: "an aggregate of '\(spec.table.text)'",
        help: "summarise them in a table of their own: 'table stats [each t in \(tables[current].name)] { n = \(fname)(...) over \(spec.table.text) }'")
      return bad
    }
    let outer = OuterScope(ctx, tableName: tables[current].name)
    var inner = ExprContext(
      table: source, slotsVisible: true, parent: tables[source].parent, allowRandom: false,
      randomForbiddenReason: "the filter and the argument of an aggregate are measured on the rows of '\(spec.table.text)'",
      sitePrefix: [])
    inner.outer = outer
    let sourceReads = tableDependencies[source]
    let filter = spec.filter.map { condition($0, &inner, "the filter of '\(fname)'") }
    let argument = spec.arguments.first.map { lower($0, &inner) }
    if filter?.type.isError == true || argument?.type.isError == true { return bad }
    guard let type = aggregateType(function, argument, spec, nullableCount: atLeast > 0) else { return bad }
    if outer.used {
      tableDependencies[source] = sourceReads
      let parentName = tables[source].parent.map { "'\($0.name).'" } ?? "its reference column"
      diagnostics.error(
        .misplacedConstruct, "an aggregate of this table's own '\(spec.table.text)' cannot read the current row in its filter or argument",
        at: (spec.filter ?? spec.arguments.first)?.span ?? span, label: "reads a column of '\(tables[current].name)' as the current row",
        notes: ["the rows of '\(spec.table.text)' are measured as they are generated, before this row is complete"],
        help: "read the column through \(parentName) in '\(spec.table.text)'s own columns")
      return bad
    }
    if function == .share, spec.whole {
      diagnostics.error(
        .misplacedConstruct, "'share' over all rows is always 1", at: spec.function.span, label: "nothing to share",
        help: "use 'share' without 'all', per parent row, or 'sum'")
      return bad
    }
    let link: IRExpr
    let of: IRExpr
    if spec.whole {
      link = IRExpr(.constant(.ref(0)), type: ValueType(.ref(tables[current].name)), span: span)
      of = link
    } else {
      // A child links through its parent variable: its columns are not read to find the link,
      // so that a column reading this table's other columns is no cycle.
      if spec.link == nil, tables[source].parent?.table == current {
        link = IRExpr(.parentRow, type: ValueType(.ref(tables[current].name)), span: spec.table.span)
      } else {
        guard let l = aggregateLink(spec, source: source, parent: current) else { return bad }
        link = l
      }
      of = IRExpr(.rowNumber, type: .int, span: span)
    }
    registerAggregate(
      function, source: source, parent: current, link: link, filter: filter, argument: argument,
      dependencies: inner.dependencies, atLeast: atLeast, type: type, whole: spec.whole, current: current, span: span,
      dependency: false)
    selfSummaryAggregates.insert(aggregates.count - 1)
    summarySources[current, default: []].insert(source)
    return IRExpr(.aggregate(aggregates.count - 1, of: of), type: type, span: span)
  }

  /// The tables an expression reads rows of.
  func tablesRead(_ e: IRExpr) -> Set<Int> {
    var found = Set<Int>()
    Self.walk(e) { node in
      switch node.kind {
      case .field(_, let t, _): found.insert(t)
      case .pick(let t, _, _, _, _): found.insert(t)
      case .keyedPick(let p, _): found.insert(p.rows.source)
      case .correlated(let c): found.insert(c.source)
      case .aggregate(let i, _) where !selfSummaryAggregates.contains(i): found.insert(aggregates[i].source)
      default: break
      }
    }
    return found
  }

  /// The plan of every table that summarises its own rows: which slots wait for the full pass,
  /// and which tables each pass reads.
  mutating func summaryPlans() -> [Int: SummaryPlan] {
    var plans: [Int: SummaryPlan] = [:]
    for (p, sources) in summarySources {
      let state = tables[p]
      var slots = Set<Int>()
      for (s, slot) in state.slots.enumerated() {
        guard let expr = slot.checked?.expr else { continue }
        Self.walk(expr) { node in
          if case .aggregate(let i, _) = node.kind, selfSummaryAggregates.contains(i) { slots.insert(s) }
        }
      }
      // What reads those slots waits too; so do the positions of an order whose keys wait.
      let orderNeeds = Set(
        (state.order?.keySlots ?? []) + state.orderTracked + state.orderRunning.compactMap(\.slot)
          + (state.order?.decl.group.flatMap { state.slotIndex[$0.text] }.map { [$0] } ?? []))
      var changed = true
      while changed {
        changed = false
        for (s, slot) in state.slots.enumerated() where !slots.contains(s) {
          var waits = !slot.dependencies.isDisjoint(with: slots)
          if !waits, !orderNeeds.isDisjoint(with: slots), let expr = slot.checked?.expr {
            Self.walk(expr) { if case .orderValue = $0.kind { waits = true } }
          }
          if waits {
            slots.insert(s)
            changed = true
          }
        }
      }
      var baseReads = Set<Int>()
      var finalReads = Set<Int>()
      for (s, slot) in state.slots.enumerated() {
        guard let ir = slot.checked else { continue }
        if slots.contains(s) { finalReads.formUnion(tablesRead(ir.expr)) } else { baseReads.formUnion(tablesRead(ir.expr)) }
      }
      if case .perParent(let parent, let count, let filter) = state.count {
        baseReads.insert(parent)
        for e in [count, filter].compactMap({ $0 }) { baseReads.formUnion(tablesRead(e)) }
      }
      // Reads that are neither a column's nor the count's (a product's cells, the tables an
      // expectation of this table reads) are the base pass's, to be safe.
      let known = baseReads.union(finalReads).union(sources)
      baseReads.formUnion(tableDependencies[p].subtracting(known))
      finalReads.subtract(baseReads)
      plans[p] = SummaryPlan(slots: slots, sources: sources, baseReads: baseReads, finalReads: finalReads)
    }
    return plans
  }

  /// A table the summarised tables read back: a column that waits for them is a cycle.
  mutating func checkSummaryReads(_ plans: [Int: SummaryPlan]) {
    for (p, plan) in plans.sorted(by: { $0.key < $1.key }) {
      for read in crossReads where read.target == p && plan.sources.contains(read.reader) {
        let waits = read.slot.map { plan.slots.contains($0) } ?? true
        guard waits else { continue }
        let reader = tables[read.reader].name
        let table = tables[p].name
        let what = read.slot.map { "'\(table).\(tables[p].slots[$0].name.text)'" } ?? "every row of '\(table)'"
        let aggregate = aggregates.indices.first { selfSummaryAggregates.contains($0) && aggregates[$0].parent == p && aggregates[$0].source == read.reader }
        let secondary = aggregate.map { [Label(aggregates[$0].span, "'\(table)' summarises '\(reader)' here")] } ?? []
        var chain = read.slot.map { summaryChain(p, from: $0, plan) } ?? []
        chain.append("'\(reader)'")
        diagnostics.error(
          .dependencyCycle, "table '\(reader)' reads \(what), which waits for the rows of '\(reader)'",
          at: read.span, label: "read while '\(reader)' is generated", secondary: secondary,
          notes: ["the cycle: \(chain.joined(separator: " -> ")) -> \(chain[0])"],
          help: "compute it in '\(reader)' from its own columns, or read a column of '\(table)' that does not depend on '\(reader)'")
      }
    }
  }

  /// The columns from summary slot `s` of table `p` down to a self-aggregate, as
  /// `'p.a' -> 'p.b'` (each reads the next).
  func summaryChain(_ p: Int, from s: Int, _ plan: SummaryPlan) -> [String] {
    let table = tables[p]
    func isSeed(_ x: Int) -> Bool {
      guard let expr = table.slots[x].checked?.expr else { return false }
      var found = false
      Self.walk(expr) { if case .aggregate(let i, _) = $0.kind, selfSummaryAggregates.contains(i) { found = true } }
      return found
    }
    var path = [s]
    var seen: Set<Int> = [s]
    while let last = path.last, !isSeed(last),
      let next = table.slots[last].dependencies.sorted().first(where: { plan.slots.contains($0) && !seen.contains($0) })
    {
      path.append(next)
      seen.insert(next)
    }
    return path.map { "'\(table.name).\(table.slots[$0].name.text)'" }
  }
}
