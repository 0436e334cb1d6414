import ScenarioAST
import ScenarioDiagnostics
import ScenarioIR

extension Checker {
  /// `AGG(arg) over [all] TABLE[.link] [where cond] [at least N]`.
  ///
  /// - Without `all`, in a table with a parent variable: the rows of TABLE that link to the
  ///   current row's parent.
  /// - With `all`, in any table generated after TABLE: every row of TABLE.
  ///
  /// The filter and the argument are checked on TABLE's rows first. When they read only TABLE
  /// (and constants), they become probes of TABLE, measured while its rows stream: one result
  /// per parent row, or one for the whole table. When they also read the current row (a name
  /// TABLE does not have, `TABLE.column` of the current table, its parent variable), the
  /// aggregate is correlated: checked again on the current row, with TABLE's columns read on the
  /// row being tested, and computed per row over TABLE's stored rows (`CorrelatedAggregate`).
  mutating func lowerAggregate(_ spec: AggregateSpec, _ span: SourceSpan, _ ctx: inout ExprContext) -> IRExpr {
    let bad = IRExpr(.constant(.null), type: .error, span: span)
    let fname = spec.function.text
    let over = "'\(fname)(...) over \(spec.whole ? "all " : "")\(spec.table.text)'"
    guard let function = RowAggregate(rawValue: fname) else { return bad }
    if ctx.outer != nil || ctx.candidate != nil {
      diagnostics.error(
        .misplacedConstruct, "an aggregate cannot be nested in another aggregate's filter or argument", at: span,
        label: "nested aggregate", help: "compute it in a column of its own, then read that column")
      return bad
    }
    // A table summarising its own children (or the rows that pick it).
    if let current = ctx.table, ctx.slotsVisible, ctx.allowRandom, let source = tableIndex[spec.table.text],
      source != current, summarisesOwnRows(spec, source: source, current: current, parent: ctx.parent?.table)
    {
      let expected: ClosedRange<Int> = function == .count ? 0...1 : 1...1
      guard expected.contains(spec.arguments.count) else {
        diagnostics.error(
          .wrongArgumentCount, "'\(fname) ... over' takes \(expected.upperBound == 1 && expected.lowerBound == 1 ? "1 argument" : "0 or 1 argument"), found \(spec.arguments.count)",
          at: spec.function.span.merged(with: spec.table.span), label: "wrong number of arguments")
        return bad
      }
      guard let atLeast = aggregateAtLeast(spec) else { return bad }
      return lowerSelfSummary(spec, function: function, source: source, current: current, atLeast: atLeast, span: span, &ctx)
    }
    // Only where a row is being computed: a column, or a child table's count and filter (not,
    // e.g., in a pick's filter, which is evaluated on the picked table's rows before any row is
    // generated).
    guard let current = ctx.table, ctx.parent != nil || (spec.whole && ctx.slotsVisible && ctx.allowRandom) else {
      diagnostics.error(
        .misplacedConstruct, "\(over) needs a row of a parent table to aggregate for", at: span,
        label: "no parent row here",
        help: "aggregate in a table with one row per parent row: 'table stats [each t in tutors] { n = count() over sessions }', or every row of '\(spec.table.text)' with 'over all \(spec.table.text)'")
      return bad
    }
    guard let source = tableIndex[spec.table.text] else {
      diagnostics.error(
        .unknownTable, "unknown table '\(spec.table.text)'", at: spec.table.span, label: "no table has this name",
        help: suggest(spec.table.text, tables.map(\.name)))
      return bad
    }
    if source == current {
      diagnostics.error(.selfReference, "table '\(spec.table.text)' cannot aggregate its own rows", at: spec.table.span, label: "the table being generated")
      return bad
    }
    if spec.whole, let link = spec.link {
      diagnostics.error(
        .misplacedConstruct, "'over all' aggregates every row of '\(spec.table.text)'; it takes no link column", at: link.span,
        label: "no link with 'all'", help: "drop '.\(link.text)', or drop 'all' to aggregate the rows linked to the parent row")
      return bad
    }
    let expected: ClosedRange<Int> = function == .count ? 0...1 : 1...1
    guard expected.contains(spec.arguments.count) else {
      diagnostics.error(
        .wrongArgumentCount, "'\(fname) ... over' takes \(expected.upperBound == 1 && expected.lowerBound == 1 ? "1 argument" : "0 or 1 argument"), found \(spec.arguments.count)",
        at: spec.function.span.merged(with: spec.table.span), label: "wrong number of arguments")
      return bad
    }
    guard let atLeast = aggregateAtLeast(spec) else { return bad }

    // First, on the source table's rows; names of the current row are found through `outer`.
    let outer = OuterScope(ctx, tableName: tables[current].name)
    var inner = ExprContext(
      table: source, slotsVisible: true, parent: tables[source].parent, allowRandom: false,
      randomForbiddenReason: "the filter and the argument of an aggregate are measured on the rows of '\(spec.table.text)'",
      sitePrefix: [])
    inner.outer = outer
    // A field read through a name of the current row (`a.tutor_id`) is lowered in the source's
    // context here and would count as a read of the source; the second pass records the
    // current table's reads instead.
    let sourceReads = tableDependencies[source]
    let filter = spec.filter.map { condition($0, &inner, "the filter of '\(fname)'") }
    let argument = spec.arguments.first.map { lower($0, &inner) }
    if filter?.type.isError == true || argument?.type.isError == true { return bad }
    guard let type = aggregateType(function, argument, spec, nullableCount: atLeast > 0) else { return bad }
    if outer.used {
      tableDependencies[source] = sourceReads
      return lowerCorrelated(spec, function: function, type: type, atLeast: atLeast, source: source, span: span, &ctx)
    }

    // Measured while the source streams.
    if !spec.whole {
      guard let parent = ctx.parent else {
        diagnostics.error(
          .misplacedConstruct, "\(over) needs a row of a parent table to aggregate for", at: span,
          label: "no parent row here",
          help: "aggregate every row with 'over all \(spec.table.text)' (filtered with 'where'), or aggregate in a table with one row per parent row: 'table stats [each t in tutors] { n = count() over sessions }'")
        return bad
      }
      guard let link = aggregateLink(spec, source: source, parent: parent.table) else { return bad }
      let of = IRExpr(.parentRow, type: ValueType(.ref(tables[parent.table].name)), span: span)
      registerAggregate(function, source: source, parent: parent.table, link: link, filter: filter, argument: argument,
        dependencies: inner.dependencies, atLeast: atLeast, type: type, whole: false, current: current, span: span)
      return IRExpr(.aggregate(aggregates.count - 1, of: of), type: type, span: span)
    }
    if function == .share {
      diagnostics.error(
        .misplacedConstruct, "'share' over all rows is always 1", at: spec.function.span, label: "nothing to share",
        help: "use 'share' without 'all', per parent row, or 'sum'")
      return bad
    }
    let row0 = IRExpr(.constant(.ref(0)), type: ValueType(.ref(tables[current].name)), span: span)
    registerAggregate(function, source: source, parent: current, link: row0, filter: filter, argument: argument,
      dependencies: inner.dependencies, atLeast: atLeast, type: type, whole: true, current: current, span: span)
    return IRExpr(.aggregate(aggregates.count - 1, of: row0), type: type, span: span)
  }

  /// `at least N`: a constant integer that is not negative (0 without it); nil after an error.
  mutating func aggregateAtLeast(_ spec: AggregateSpec) -> Int? {
    guard let n = spec.atLeast else { return 0 }
    let ir = lowerGlobal(n)
    guard case .int(let v)? = ir.constantValue, v >= 0 else {
      if !ir.type.isError {
        diagnostics.error(.argumentTypeMismatch, "'at least' needs a constant integer that is not negative", at: n.span, label: "this is '\(ir.type)'")
      }
      return nil
    }
    return Int(clamping: v)
  }

  /// Registers a streamed aggregate: its link, filter and argument become probes of the source.
  /// The current table then reads the source (`dependency`), unless it summarises its own rows.
  mutating func registerAggregate(
    _ function: RowAggregate, source: Int, parent: Int, link: IRExpr, filter: IRExpr?, argument: IRExpr?,
    dependencies: Set<Int>, atLeast: Int, type: ValueType, whole: Bool, current: Int, span: SourceSpan,
    dependency: Bool = true
  ) {
    let base = tables[source].probes.count
    tables[source].probes.append(link)
    var filterProbe: Int? = nil
    var argumentProbe: Int? = nil
    if let filter {
      filterProbe = tables[source].probes.count
      tables[source].probes.append(filter)
    }
    if let argument {
      argumentProbe = tables[source].probes.count
      tables[source].probes.append(argument)
    }
    tables[source].probeDependencies.formUnion(dependencies)
    if case .slot(let s) = link.kind { tables[source].probeDependencies.insert(s) }
    if dependency {
      tableDependencies[current].insert(source)
      crossReads.append(CrossRead(reader: current, target: source, slot: nil, span: span))
    }
    var ir = AggregateIR(
      function: function, source: source, parent: parent, linkProbe: base, filterProbe: filterProbe,
      argumentProbe: argumentProbe, atLeast: atLeast, type: type, span: span)
    ir.wholeTable = whole
    aggregates.append(ir)
  }

  /// A correlated aggregate: the filter and argument checked again on the current row, the
  /// source's columns read on the row being tested; the link (without `all`) and a key equality
  /// of the filter index the source rows.
  mutating func lowerCorrelated(
    _ spec: AggregateSpec, function: RowAggregate, type: ValueType, atLeast: Int, source: Int, span: SourceSpan,
    _ ctx: inout ExprContext
  ) -> IRExpr {
    let bad = IRExpr(.constant(.null), type: .error, span: span)
    let fname = spec.function.text
    if function == .share {
      diagnostics.error(
        .misplacedConstruct, "'share' cannot read the current row in its filter", at: spec.function.span,
        label: "a share needs one total over every parent", help: "use 'sum' and divide")
      return bad
    }
    guard let current = ctx.table else { return bad }
    var linkKey: (source: IRExpr, current: IRExpr)? = nil
    if !spec.whole {
      guard let parent = ctx.parent else {
        diagnostics.error(
          .misplacedConstruct, "'\(fname)(...) over \(spec.table.text)' needs a row of a parent table to aggregate for",
          at: span, label: "no parent row here",
          help: "aggregate every row with 'over all \(spec.table.text) where ...'")
        return bad
      }
      guard let link = aggregateLink(spec, source: source, parent: parent.table) else { return bad }
      guard case .slot(let s) = link.kind else {
        diagnostics.error(
          .misplacedConstruct, "a filter that reads the current row cannot link '\(spec.table.text)' through its parent variable",
          at: spec.table.span, label: "linked through the parent variable",
          help: "give '\(spec.table.text)' a column that holds its parent ('owner = \(tables[source].parent?.name ?? "p")'), or write 'over all \(spec.table.text) where ...'")
        return bad
      }
      linkKey = (candidateField(source, s, spec.table.span, &ctx),
        IRExpr(.parentRow, type: ValueType(.ref(tables[parent.table].name)), span: span))
    }
    guard
      let lowered = lowerOnCurrentRow(
        spec.filter, spec.arguments.first, candidate: source, filterName: "the filter of '\(fname)'",
        reason: "the filter and the argument of an aggregate are measured on the rows of '\(spec.table.text)'", &ctx)
    else { return bad }
    var filter = lowered.filter
    let argument = lowered.other
    var key = linkKey
    if let (s, c) = linkKey {
      let equal = IRExpr(.binary(.equal, s, c), type: .bool, span: span)
      filter = filter.map { IRExpr(.binary(.and, equal, $0), type: .bool, span: span) } ?? equal
    } else if let filter {
      key = Self.indexKey(filter)
    }
    let c = CorrelatedAggregate(
      id: correlatedCount, function: function, source: source, filter: filter, argument: argument, key: key,
      atLeast: atLeast)
    correlatedCount += 1
    tableDependencies[current].insert(source)
    crossReads.append(CrossRead(reader: current, target: source, slot: nil, span: span))
    return IRExpr(.correlated(c), type: type, span: span)
  }

  /// The second pass of a filter that reads the current row (a correlated aggregate's, a keyed
  /// pick's): `filter` and `other` (the argument, the weight) lowered on the current row, with the
  /// columns of `source` as fields of the candidate row. The first pass gave the warnings, so
  /// only new errors are kept; nil after one.
  mutating func lowerOnCurrentRow(
    _ filter: Expr?, _ other: Expr?, candidate source: Int, filterName: String, reason: String,
    _ ctx: inout ExprContext
  ) -> (filter: IRExpr?, other: IRExpr?)? {
    let before = diagnostics
    let saved = (ctx.candidate, ctx.allowRandom, ctx.randomForbiddenReason)
    ctx.candidate = source
    ctx.allowRandom = false
    ctx.randomForbiddenReason = reason
    let f = filter.map { condition($0, &ctx, filterName) }
    let o = other.map { lower($0, &ctx) }
    (ctx.candidate, ctx.allowRandom, ctx.randomForbiddenReason) = saved
    if f?.type.isError == true || o?.type.isError == true { return nil }
    diagnostics = before
    return (f, o)
  }

  /// The first top-level equality of a correlated filter whose one side reads only the row
  /// being tested and the other only the current row: (tested side, current side).
  static func indexKey(_ filter: IRExpr) -> (source: IRExpr, current: IRExpr)? {
    switch filter.kind {
    case .binary(.and, let a, let b): return indexKey(a) ?? indexKey(b)
    case .binary(.equal, let a, let b):
      func reads(_ e: IRExpr) -> (candidate: Bool, current: Bool) {
        var candidate = false
        var current = false
        walk(e) { node in
          switch node.kind {
          case .candidate: candidate = true
          case .slot, .rowNumber, .parentRow, .persona, .latent, .inlineValue, .cellFactor: current = true
          default: break
          }
        }
        return (candidate, current)
      }
      let (ra, rb) = (reads(a), reads(b))
      if ra.candidate, !ra.current, !rb.candidate { return (a, b) }
      if rb.candidate, !rb.current, !ra.candidate { return (b, a) }
      return nil
    default: return nil
    }
  }

  /// Calls `body` for `e` and every sub-expression.
  static func walk(_ e: IRExpr, _ body: (IRExpr) -> Void) {
    body(e)
    switch e.kind {
    case .constant, .slot, .rowNumber, .parentRow, .persona, .histogram, .mixture, .calendar, .candidate, .latent,
      .inlineValue, .cellFactor, .orderValue:
      break
    case .field(let base, _, _), .emptyPickIsNull(let base): walk(base, body)
    case .negate(let a), .not(let a), .isNull(let a), .aggregate(_, let a), .decimal(let a, _): walk(a, body)
    case .binary(_, let a, let b), .grouped(let a, let b):
      walk(a, body)
      walk(b, body)
    case .conditional(let c, let a, let b): for x in [c, a, b] { walk(x, body) }
    case .call(_, let args), .random(_, let args, _): for x in args { walk(x, body) }
    case .truncated(_, let args, let low, let high, _): for x in args + [low, high] { walk(x, body) }
    case .choice(let values, let weights, _): for x in values + weights { walk(x, body) }
    case .pick(_, let filter, let weight, _, _): for x in [filter, weight].compactMap({ $0 }) { walk(x, body) }
    case .personaSwitch(let base, let overrides):
      walk(base, body)
      for k in overrides.keys.sorted() { if let o = overrides[k] { walk(o, body) } }
    case .correlated(let c): for x in [c.filter, c.argument, c.key?.source, c.key?.current].compactMap({ $0 }) { walk(x, body) }
    case .keyedPick(let p, _):
      for x in [p.rows.filter, p.weight, p.rows.key?.source, p.rows.key?.current].compactMap({ $0 }) { walk(x, body) }
    }
  }

  /// The expression, in the source table, that gives the parent row a source row belongs to.
  mutating func aggregateLink(_ spec: AggregateSpec, source: Int, parent: Int) -> IRExpr? {
    let parentName = tables[parent].name
    let refType = ValueType(.ref(parentName))
    if let link = spec.link {
      guard let s = tables[source].slotIndex[link.text], tables[source].slots[s].role != .persona else {
        diagnostics.error(
          .unknownField, "table '\(spec.table.text)' has no column '\(link.text)'", at: link.span,
          label: "not a column of '\(spec.table.text)'",
          help: suggest(link.text, tables[source].slots.filter { $0.role != .persona }.map(\.name.text)))
        return nil
      }
      let type = ensureSlot(source, s)
      if type.isError { return nil }
      guard type.kind == refType.kind else {
        diagnostics.error(
          .notAReference, "'\(link.text)' does not refer to '\(parentName)': it is '\(type)'", at: link.span,
          label: "not a reference to '\(parentName)'")
        return nil
      }
      return IRExpr(.slot(s), type: type, span: link.span)
    }
    var candidates: [IRExpr] = []
    if tables[source].parent?.table == parent {
      candidates.append(IRExpr(.parentRow, type: refType, span: spec.table.span))
    }
    for s in tables[source].slots.indices where tables[source].slots[s].role != .persona {
      let type = ensureSlot(source, s)
      if type.kind == refType.kind { candidates.append(IRExpr(.slot(s), type: type, span: spec.table.span)) }
    }
    // A column that only copies another candidate (`let tutor = tutor_id`) is the same link.
    let slotsOf = Set(candidates.compactMap { c -> Int? in if case .slot(let s) = c.kind { return s } else { return nil } })
    let hasParent = candidates.contains { if case .parentRow = $0.kind { return true } else { return false } }
    candidates.removeAll { c in
      guard case .slot(let s) = c.kind, let ir = tables[source].slots[s].checked else { return false }
      switch ir.expr.kind {
      case .slot(let other): return other != s && slotsOf.contains(other)
      case .parentRow: return hasParent
      default: return false
      }
    }
    if candidates.count == 1 { return candidates[0] }
    if candidates.isEmpty {
      diagnostics.error(
        .notAReference, "no column of '\(spec.table.text)' refers to '\(parentName)'", at: spec.table.span,
        label: "cannot link these rows to '\(parentName)'",
        help: "give '\(spec.table.text)' a column that picks '\(parentName)' ('tutor = pick \(parentName)'), or make it a child of '\(parentName)'")
    } else {
      let names = tables[source].slots.indices.filter { s in
        tables[source].slots[s].checked.map { $0.type.kind == refType.kind } ?? false
      }.map { "'\(tables[source].slots[$0].name.text)'" }
      diagnostics.error(
        .misplacedConstruct, "several columns of '\(spec.table.text)' refer to '\(parentName)'", at: spec.table.span,
        label: "which one links the rows?",
        help: "name it: 'over \(spec.table.text).COLUMN' (one of \(names.joined(separator: ", ")))")
    }
    return nil
  }

  /// The result type of an aggregate, or nil after reporting a bad argument.
  mutating func aggregateType(_ f: RowAggregate, _ argument: IRExpr?, _ spec: AggregateSpec, nullableCount: Bool) -> ValueType? {
    let name = spec.function.text
    func fail(_ what: String) -> ValueType? {
      if let a = argument, let e = spec.arguments.first {
        diagnostics.error(
          .argumentTypeMismatch, "the argument of '\(name) ... over' must be \(what), found '\(a.type)'", at: e.span,
          label: "this is '\(a.type)'")
      }
      return nil
    }
    switch f {
    case .count: return ValueType(.int, nullable: nullableCount)
    case .sum:
      guard let a = argument, a.type.isNumeric else { return fail("a number") }
      return ValueType(a.type.kind, nullable: nullableCount)
    case .mean, .share:
      guard let a = argument, a.type.isNumeric else { return fail("a number") }
      return ValueType(.float, nullable: true)
    case .min, .max:
      guard let a = argument, a.type.isNumeric || [.date, .datetime, .duration].contains(a.type.kind) else {
        return fail("a number, date, date-time or duration")
      }
      return ValueType(a.type.kind, nullable: true)
    case .rate:
      guard let a = argument, a.type.kind == .bool else { return fail("a condition (a bool)") }
      return ValueType(.float, nullable: true)
    }
  }
}
