import ScenarioAST
import ScenarioDiagnostics
import ScenarioIR

/// The aggregate functions of `expect` statements.
enum AggregateFunction: String, CaseIterable {
  case count, rate, share, mean, sd, min, max, median, quantile, pearson, spearman
  case rankCorr = "rank_corr"

  /// Number of expression arguments (the quantile's p is extra).
  var arity: Int {
    switch self {
    case .count: 0
    case .pearson, .spearman, .rankCorr, .quantile: 2
    default: 1
    }
  }
}

extension Checker {
  /// Lowers every `expect` statement into an `ExpectationIR` and its probes.
  mutating func checkExpectations(_ file: ScenarioFile) {
    for d in file.declarations {
      guard case .expect(let e) = d.kind else { continue }
      if var ir = lowerExpectation(e, span: d.span) {
        ir.reportOnly = e.reportOnly
        expectations.append(ir)
      }
    }
  }

  mutating func lowerExpectation(_ e: ExpectDecl, span: SourceSpan) -> ExpectationIR? {
    // A shared output: the same statement on every part, measured as one.
    let parts = tables.indices.filter { tables[$0].decl.into?.text == e.table.text }
    if tableIndex[e.table.text] == nil, !parts.isEmpty {
      guard var first = lowerExpectation(e, span: span, table: parts[0]) else { return nil }
      for t in parts.dropFirst() {
        guard let other = lowerExpectation(e, span: span, table: t) else { return nil }
        first.otherParts.append((t, other.probes))
      }
      first.output = e.table.text
      return first
    }
    guard let t = tableIndex[e.table.text] else {
      diagnostics.error(
        .unknownTable, "unknown table '\(e.table.text)'", at: e.table.span, label: "no table has this name",
        help: suggest(e.table.text, tables.map(\.name) + tables.compactMap { $0.decl.into?.text }))
      return nil
    }
    return lowerExpectation(e, span: span, table: t)
  }

  /// An `expect` statement measured on the rows of table `t`.
  mutating func lowerExpectation(_ e: ExpectDecl, span: SourceSpan, table t: Int) -> ExpectationIR? {
    var ctx = ExprContext(
      table: t, slotsVisible: true, parent: tables[t].parent, allowRandom: false,
      randomForbiddenReason: "expectations measure the generated data; they draw nothing", sitePrefix: [])
    var textSpan = e.condition.span
    if let a = e.approximately { textSpan = textSpan.merged(with: a.tolerance.span) }
    let text = file(of: textSpan).text(of: textSpan)
    defer { tables[t].probeDependencies.formUnion(ctx.dependencies) }
    func make(_ statistic: Statistic, _ probes: [IRExpr], _ target: ExpectationTarget) -> ExpectationIR {
      let base = tables[t].probes.count
      tables[t].probes.append(contentsOf: probes)
      return ExpectationIR(
        table: t, span: span, text: text, statistic: statistic, probes: Array(base..<(base + probes.count)),
        target: target)
    }
    if let approx = e.approximately {
      guard let (stat, probes) = aggregate(e.condition, &ctx) else { return nil }
      let unit = unitType(stat, probes)
      guard let v = targetNumber(approx.value, unitOf: unit), let (tol, perRootN) = tolerance(approx.tolerance, unitOf: unit)
      else { return nil }
      if tol < 0 || perRootN < 0 {
        diagnostics.error(.invalidRange, "the tolerance after '+-' must not be negative", at: approx.tolerance.span, label: "negative tolerance")
        return nil
      }
      var ir = make(stat, probes, .approximately(v, tolerance: tol))
      ir.tolerancePerRootN = perRootN
      return ir
    }
    switch e.condition.kind {
    case .inRange(let x, let lo, let hi) where isAggregate(x):
      guard let (stat, probes) = aggregate(x, &ctx), let l = targetNumber(lo, unitOf: unitType(stat, probes)),
        let h = targetNumber(hi, unitOf: unitType(stat, probes))
      else { return nil }
      if l > h {
        diagnostics.error(.invalidRange, "the lower bound of this range is greater than its upper bound", at: lo.span.merged(with: hi.span), label: "empty range")
        return nil
      }
      return make(stat, probes, .range(l, h))
    case .binary(let op, let x, let y) where isComparison(op) && (isAggregate(x) || isAggregate(y)):
      let flipped = !isAggregate(x)
      let (aggExpr, valueExpr) = flipped ? (y, x) : (x, y)
      guard let (stat, probes) = aggregate(aggExpr, &ctx), let v = targetNumber(valueExpr, unitOf: unitType(stat, probes)) else {
        return nil
      }
      return make(stat, probes, .compare(irComparison(op, flipped: flipped), v))
    case .call(let name, let args) where name.text == "unique":
      guard args.count == 1 else {
        diagnostics.error(.wrongArgumentCount, "'unique' takes 1 argument, found \(args.count)", at: e.condition.span, label: "wrong number of arguments")
        return nil
      }
      let p = lower(args[0], &ctx)
      if p.type.isError { return nil }
      // A key computed injectively from `row` is unique by construction (not for a part of a
      // shared output, whose parts' keys may be computed differently).
      if tables[t].decl.into == nil, injectiveInRow(p, table: t, depth: 0) {
        return make(.uniqueByConstruction, [p], .noViolations)
      }
      return make(.unique, [p], .noViolations)
    case .call(let name, let args) where name.text == "references":
      return lowerReferences(args, e.condition.span, &ctx).map { make($0.0, [$0.1], .noViolations) }
    default:
      if isAggregate(e.condition) {
        diagnostics.error(
          .misplacedConstruct, "this expectation measures a value but gives no target", at: e.condition.span,
          label: "no target", help: "compare it, e.g. '\(file(of: e.condition.span).text(of: e.condition.span)) ~ 0.5 +- 0.05' or '... in 1..2'")
        return nil
      }
      let c = condition(e.condition, &ctx, "an expectation without an aggregate (checked on every row)")
      if c.type.isError { return nil }
      return make(.everyRow, [c], .noViolations)
    }
  }

  /// `references(column, TABLE.key)`: every value occurs in the key column of another table.
  mutating func lowerReferences(_ args: [Expr], _ span: SourceSpan, _ ctx: inout ExprContext) -> (Statistic, IRExpr)? {
    guard args.count == 2, case .field(let base, let column) = args[1].kind, case .name(let tableName) = base.kind else {
      diagnostics.error(
        .wrongArgumentCount, "'references' takes a column and a table column, e.g. 'references(tutor_id, tutors.tutor_id)'",
        at: span, label: "invalid arguments")
      return nil
    }
    guard let target = tableIndex[tableName] else {
      diagnostics.error(.unknownTable, "unknown table '\(tableName)'", at: base.span, label: "no table has this name", help: suggest(tableName, tables.map(\.name)))
      return nil
    }
    guard let slot = tables[target].slotIndex[column.text], tables[target].slots[slot].role == .column else {
      diagnostics.error(
        .unknownField, "table '\(tableName)' has no written column '\(column.text)'", at: column.span,
        label: "not a written column", help: suggest(column.text, tables[target].slots.filter { $0.role == .column }.map(\.name.text)))
      return nil
    }
    let p = lower(args[0], &ctx)
    if p.type.isError { return nil }
    return (.resolves(table: target, slot: slot), p)
  }

  /// The type whose unit a statistic is measured in (nil for counts, rates and correlations).
  func unitType(_ stat: Statistic, _ probes: [IRExpr]) -> ValueType? {
    switch stat {
    case .mean, .sd, .min, .max, .quantile: return probes.first?.type
    default: return nil
    }
  }

  /// Whether an expression is a call of an aggregate function (or the bare name `count`).
  func isAggregate(_ e: Expr) -> Bool {
    switch e.kind {
    case .call(let name, _): return AggregateFunction(rawValue: name.text) != nil
    case .name(let n): return n == "count"
    default: return false
    }
  }

  func isComparison(_ op: BinaryOperator) -> Bool {
    [.equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual].contains(op)
  }

  /// The comparison as seen from the aggregate's side (`4 <= mean(x)` is `mean(x) >= 4`).
  func irComparison(_ op: BinaryOperator, flipped: Bool) -> IROperator {
    switch op {
    case .less: return flipped ? .greater : .less
    case .lessEqual: return flipped ? .greaterEqual : .lessEqual
    case .greater: return flipped ? .less : .greater
    case .greaterEqual: return flipped ? .lessEqual : .greaterEqual
    case .notEqual: return .notEqual
    default: return .equal
    }
  }

  /// Lowers an aggregate call into its statistic and probes.
  mutating func aggregate(_ e: Expr, _ ctx: inout ExprContext) -> (Statistic, [IRExpr])? {
    let name: String
    var args: [Expr] = []
    switch e.kind {
    case .call(let n, let a):
      name = n.text
      args = a
    case .name(let n):
      name = n
    default:
      diagnostics.error(
        .misplacedConstruct, "expected an aggregate such as mean(x), rate(cond) or count", at: e.span,
        label: "not an aggregate")
      return nil
    }
    guard let f = AggregateFunction(rawValue: name) else {
      diagnostics.error(
        .unknownFunction, "unknown aggregate '\(name)'", at: e.span, label: "not an aggregate",
        help: suggest(name, AggregateFunction.allCases.map(\.rawValue)))
      return nil
    }
    guard args.count == f.arity else {
      diagnostics.error(
        .wrongArgumentCount, "'\(name)' takes \(f.arity) argument\(f.arity == 1 ? "" : "s") in an expectation, found \(args.count)",
        at: e.span, label: "wrong number of arguments")
      return nil
    }
    switch f {
    case .count: return (.count, [])
    case .rate, .share:
      let c = condition(args[0], &ctx, "the argument of '\(name)'")
      return c.type.isError ? nil : (.rate, [c])
    case .mean, .sd, .min, .max, .median:
      guard let p = measurable(args[0], &ctx, name) else { return nil }
      let stat: Statistic = f == .mean ? .mean : f == .sd ? .sd : f == .min ? .min : f == .max ? .max : .quantile(0.5)
      return (stat, [p])
    case .quantile:
      guard let p = measurable(args[0], &ctx, name), let q = targetNumber(args[1]) else { return nil }
      guard q >= 0, q <= 1 else {
        diagnostics.error(.invalidRange, "the quantile must be between 0 and 1", at: args[1].span, label: "this is \(q)")
        return nil
      }
      return (.quantile(q), [p])
    case .pearson, .spearman, .rankCorr:
      guard let a = measurable(args[0], &ctx, name, allowText: f != .pearson),
        let b = measurable(args[1], &ctx, name, allowText: f != .pearson)
      else {
        return nil
      }
      return (f == .pearson ? .pearson : .spearman, [categoryIndex(a), categoryIndex(b)])
    }
  }

  /// A choice probe as the index of its value in declaration order, so that rank correlations
  /// order categories as declared (not alphabetically); other probes unchanged.
  func categoryIndex(_ p: IRExpr) -> IRExpr {
    guard case .choice(let cases) = p.type.kind else { return p }
    var result = IRExpr(.constant(.null), type: ValueType(.int, nullable: true), span: p.span)
    for (i, c) in cases.enumerated().reversed() {
      let test = IRExpr(.binary(.equal, p, IRExpr(.constant(.text(c)), type: .text, span: p.span)), type: .bool, span: p.span)
      result = IRExpr(
        .conditional(test, IRExpr(.constant(.int(Int64(i))), type: .int, span: p.span), result),
        type: ValueType(.int, nullable: true), span: p.span)
    }
    return result
  }

  /// A probe whose values can be measured as numbers (or ranked, for texts).
  mutating func measurable(_ e: Expr, _ ctx: inout ExprContext, _ name: String, allowText: Bool = false) -> IRExpr? {
    let p = lower(e, &ctx)
    if p.type.isError { return nil }
    switch p.type.kind {
    case .int, .float, .bool, .date, .datetime, .duration: return p
    case .text where allowText, .choice where allowText: return p
    default:
      diagnostics.error(
        .argumentTypeMismatch, "'\(name)' needs a number, date or duration, found '\(p.type)'", at: e.span,
        label: "this is '\(p.type)'")
      return nil
    }
  }

  /// The tolerance after `+-`: a constant, or `a + b / sqrt(n)` when it names `n`, the number of
  /// rows or values measured (unless the scenario defines an `n` of its own). The form is found
  /// by evaluating the expression at n = 4 and n = 16, and checked at n = 100 and n = 10,000.
  mutating func tolerance(_ e: Expr, unitOf probe: ValueType?) -> (constant: Double, perRootN: Double)? {
    guard Self.mentions(e, name: "n"), globals["n"] == nil, pendingLets["n"] == nil else {
      return targetNumber(e, unitOf: probe).map { ($0, 0) }
    }
    func at(_ n: Int64) -> Double? {
      globals["n"] = GlobalValue(value: .int(n), type: .int, span: e.span, isParameter: false)
      defer { globals["n"] = nil }
      return targetNumber(e, unitOf: probe)
    }
    guard let t4 = at(4) else { return nil }
    guard let t16 = at(16), let t100 = at(100), let t10k = at(10_000) else { return nil }
    let b = 4 * (t4 - t16)
    let a = t4 - b / 2
    func close(_ x: Double, _ y: Double) -> Bool { abs(x - y) <= 1e-9 * max(1, abs(x), abs(y)) }
    guard close(t100, a + b / 10), close(t10k, a + b / 100) else {
      diagnostics.error(
        .argumentTypeMismatch, "a tolerance can depend on 'n' only as 'a + b / sqrt(n)'", at: e.span,
        label: "not of the form a + b / sqrt(n)",
        help: "write the standard error with sqrt(n), as in '+- 5 * 0.43 / sqrt(n)', where n is the number of rows or values measured (sqrt(n - 1) is not of this form)")
      return nil
    }
    return (a, b)
  }

  /// Whether the expression names `name` anywhere.
  static func mentions(_ e: Expr, name: String) -> Bool {
    switch e.kind {
    case .name(let n): return n == name
    case .unary(_, let a): return mentions(a, name: name)
    case .binary(_, let a, let b): return mentions(a, name: name) || mentions(b, name: name)
    case .conditional(let c, let a, let b): return [c, a, b].contains { mentions($0, name: name) }
    case .call(_, let args): return args.contains { mentions($0, name: name) }
    case .clamp(let x, let lo, let hi): return [x, lo, hi].contains { mentions($0, name: name) }
    default: return false
    }
  }

  /// A constant number for a target, in the unit the measured probe has: dates in days,
  /// date-times and durations in seconds (a date target for a date-time probe is its midnight;
  /// a duration tolerance for a date probe is converted to days).
  mutating func targetNumber(_ e: Expr, unitOf probe: ValueType? = nil) -> Double? {
    let ir = lowerGlobal(e)
    if ir.type.isError { return nil }
    let probeKind = probe?.kind
    switch ir.constantValue {
    case .int(let i): return Double(i)
    case .float(let d): return d
    case .duration(let s):
      return probeKind == .date ? Double(s) / 86_400 : Double(s)
    case .datetime(let s):
      return probeKind == .date ? Double(s) / 86_400 : Double(s)
    case .date(let d):
      return probeKind == .datetime ? Double(d) * 86_400 : Double(d)
    default:
      diagnostics.error(
        .argumentTypeMismatch, "an expectation's target must be a constant number, date or duration",
        at: e.span, label: "this is '\(ir.type)'")
      return nil
    }
  }
}

extension Checker {
  /// Whether an expression is an injective function of the row number: `row`, `row ± c`,
  /// `row * c` (c ≠ 0), `text(x)`, `pad(x, w)` and a constant text joined before or after such
  /// an `x`, through the slots that hold them; the unique value functions (`unique_int`,
  /// `unique_pattern`, `unique_text`, and so `unique_username`), and an email of
  /// `unique_email` (a unique user name without `@`, then `@` and anything). Used to prove
  /// `unique` without storing values, and to declare columns `UNIQUE` in SQL.
  func injectiveInRow(_ e: IRExpr, table t: Int, depth: Int) -> Bool {
    guard depth < 32 else { return false }
    func inj(_ x: IRExpr) -> Bool { injectiveInRow(x, table: t, depth: depth + 1) }
    func constant(_ x: IRExpr) -> Bool { x.constantValue.map { !$0.isNull } ?? false }
    switch e.kind {
    case .rowNumber: return true
    case .slot(let s):
      guard tables[t].slots.indices.contains(s), tables[t].slots[s].role != .persona,
        let ir = tables[t].slots[s].checked, ir.type.kind != .float
      else { return false }
      return inj(ir.expr)
    case .binary(.add, let a, let b), .binary(.subtract, let a, let b):
      guard a.type.kind == .int, b.type.kind == .int else { return false }
      return (inj(a) && constant(b)) || (constant(a) && inj(b))
    case .binary(.multiply, let a, let b):
      guard a.type.kind == .int, b.type.kind == .int else { return false }
      if let c = b.constantValue, c != .int(0), inj(a) { return true }
      if let c = a.constantValue, c != .int(0), inj(b) { return true }
      return false
    case .call(.uniqueInt, _), .call(.uniquePattern, _), .call(.uniqueText, _):
      return true
    case .binary(.concat, let a, let b):
      return (constant(a) && inj(b)) || (inj(a) && constant(b)) || isUniqueEmail(a, b)
    case .call(.text, let args), .call(.pad, let args):
      guard let x = args.first, x.type.kind == .int else { return false }
      return inj(x) && args.dropFirst().allSatisfy(constant)
    default: return false
    }
  }

  /// `a ++ b` of `unique_email`: a unique user name (which has no `@`) and a text that starts
  /// with `@`, so the first `@` ends the unique part.
  func isUniqueEmail(_ a: IRExpr, _ b: IRExpr) -> Bool {
    guard case .call(.uniqueText, let args) = a.kind, let base = args.first, case .call(.packUsername, _) = base.kind,
      case .binary(.concat, let at, _) = b.kind, case .text("@")? = at.constantValue
    else { return false }
    return true
  }
}
