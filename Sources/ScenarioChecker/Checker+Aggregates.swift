import ScenarioAST
import ScenarioDiagnostics
import ScenarioIR

extension Checker {
  /// `AGG(arg) over TABLE[.link] [where cond] [at least N]` in a table with a parent variable:
  /// an aggregate over the rows of TABLE that link to the current row's parent. The filter and
  /// the argument become probes of TABLE, measured while its rows stream.
  mutating func lowerAggregate(_ spec: AggregateSpec, _ span: SourceSpan, _ ctx: inout ExprContext) -> IRExpr {
    let bad = IRExpr(.constant(.null), type: .error, span: span)
    let fname = spec.function.text
    guard let function = RowAggregate(rawValue: fname) else { return bad }
    // Only where the row being computed has a parent row (not, e.g., in a pick's filter, which
    // is evaluated on the picked table's rows before any row is generated).
    guard let current = ctx.table, let parent = ctx.parent else {
      diagnostics.error(
        .misplacedConstruct, "'\(fname)(...) over \(spec.table.text)' needs a row of a parent table to aggregate for",
        at: span, label: "no parent row here",
        help: "aggregate in a table with one row per parent row: 'table stats [each t in tutors] { n = count() over sessions }'")
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
    guard let link = aggregateLink(spec, source: source, parent: parent.table) else { return bad }

    // Filter and argument, evaluated on the source table's rows.
    var inner = ExprContext(
      table: source, slotsVisible: true, parent: tables[source].parent, allowRandom: false,
      randomForbiddenReason: "the filter and the argument of an aggregate are measured on the rows of '\(spec.table.text)'",
      sitePrefix: [])
    let filter = spec.filter.map { condition($0, &inner, "the filter of '\(fname)'") }
    let expected: ClosedRange<Int> = function == .count ? 0...1 : 1...1
    guard expected.contains(spec.arguments.count) else {
      diagnostics.error(
        .wrongArgumentCount, "'\(fname) ... over' takes \(expected.upperBound == 1 && expected.lowerBound == 1 ? "1 argument" : "0 or 1 argument"), found \(spec.arguments.count)",
        at: spec.function.span.merged(with: spec.table.span), label: "wrong number of arguments")
      return bad
    }
    let argument = spec.arguments.first.map { lower($0, &inner) }
    if filter?.type.isError == true || argument?.type.isError == true { return bad }
    var atLeast = 0
    if let n = spec.atLeast {
      let ir = lowerGlobal(n)
      guard case .int(let v)? = ir.constantValue, v >= 0 else {
        if !ir.type.isError {
          diagnostics.error(.argumentTypeMismatch, "'at least' needs a constant integer that is not negative", at: n.span, label: "this is '\(ir.type)'")
        }
        return bad
      }
      atLeast = Int(clamping: v)
    }
    guard let type = aggregateType(function, argument, spec, nullableCount: atLeast > 0) else { return bad }

    // Register the probes and the aggregate.
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
    tables[source].probeDependencies.formUnion(inner.dependencies)
    if case .slot(let s) = link.kind { tables[source].probeDependencies.insert(s) }
    tableDependencies[current].insert(source)
    aggregates.append(
      AggregateIR(
        function: function, source: source, parent: parent.table, linkProbe: base, filterProbe: filterProbe,
        argumentProbe: argumentProbe, atLeast: atLeast, type: type, span: span))
    let of = IRExpr(.parentRow, type: ValueType(.ref(tables[parent.table].name)), span: span)
    return IRExpr(.aggregate(aggregates.count - 1, of: of), type: type, span: span)
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
