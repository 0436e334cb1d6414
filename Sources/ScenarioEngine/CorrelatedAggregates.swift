import ScenarioDiagnostics
import ScenarioIR

/// The rows of a correlated aggregate's source table that a row must test: all of them, or,
/// when the filter has a key equality, those whose key equals the row's (a hash index built once
/// per table that holds the aggregate, before its rows are generated).
///
/// Cost: building is one evaluation of the source key per source row, and memory one entry per
/// source row; each row then tests the rows of its bucket (a full scan without a key).
final class CorrelatedIndex: @unchecked Sendable {
  /// Source rows in row order.
  let rowCount: Int
  /// Rows by key (nil: no key; every row is a candidate).
  private let buckets: [IndexKey: [Int32]]?

  init(rowCount: Int, buckets: [IndexKey: [Int32]]?) {
    self.rowCount = rowCount
    self.buckets = buckets
  }

  /// Builds the index of `c` over the complete source table.
  static func build(_ c: CorrelatedAggregate, compiler: ExprCompiler, rows: Int) throws(RuntimeFailure) -> CorrelatedIndex {
    guard let key = c.key else { return CorrelatedIndex(rowCount: rows, buckets: nil) }
    let eval = compiler.compile(key.source)
    var ctx = RowContext(slotCount: 0)
    var buckets: [IndexKey: [Int32]] = [:]
    for r in 0..<rows {
      ctx.candidate = r
      let k = IndexKey(try eval(&ctx))
      // A null or NaN key equals nothing but null; null keys are kept under their own entry.
      buckets[k, default: []].append(Int32(r))
    }
    return CorrelatedIndex(rowCount: rows, buckets: buckets)
  }

  /// The candidate rows of a row whose key is `key`, as the index holds them (no copy): nil when
  /// every row is a candidate (no key).
  @inline(__always)
  func bucket(key: Value?) -> [Int32]? {
    guard let buckets, let key else { return nil }
    return buckets[IndexKey(key)] ?? []
  }

  /// Calls `body` for each candidate row of a row whose key is `key` (all rows without a key).
  @inline(__always)
  func forEachCandidate(key: Value?, _ body: (Int) throws(RuntimeFailure) -> Void) throws(RuntimeFailure) {
    guard let buckets, let key else {
      for r in 0..<rowCount { try body(r) }
      return
    }
    for r in buckets[IndexKey(key)] ?? [] { try body(Int(r)) }
  }
}

/// A hashable form of a value under `Semantics.equal`: numbers compare by value (`1 == 1.0`),
/// null equals null, every other kind by its own equality. NaN never equals anything, so it gets
/// a key of its own that no lookup repeats... except another NaN: the filter, which keeps the
/// equality, still rejects those.
struct IndexKey: Hashable {
  let value: Value

  init(_ v: Value) {
    switch v {
    case .int(let i): value = .float(Double(i))
    case .float(let d): value = .float(d == 0 ? 0 : d)
    default: value = v
    }
  }
}

/// One row's accumulation for a correlated aggregate (the same arithmetic as
/// `AggregateAccumulator`, in source row order).
struct LocalAggregate {
  let function: RowAggregate
  let integerSum: Bool
  var count = 0
  var sum = 0.0
  var intSum: Int64 = 0
  var extreme: Value = .null

  init(_ function: RowAggregate, integerSum: Bool) {
    self.function = function
    self.integerSum = integerSum
  }

  mutating func add(_ v: Value, span: SourceSpan) throws(RuntimeFailure) {
    count += 1
    switch function {
    case .count, .share: break
    case .sum where integerSum:
      guard case .int(let x) = v else { return }
      let (s, overflow) = intSum.addingReportingOverflow(x)
      if overflow { throw RuntimeFailure(.runtimeArithmetic, "the sum overflows 64-bit integers", span: span) }
      intSum = s
    case .sum, .mean: sum += v.asDouble ?? 0
    case .rate: if v.isTrue { sum += 1 }
    case .min, .max:
      if extreme.isNull || (function == .min ? Semantics.compare(v, extreme) < 0 : Semantics.compare(v, extreme) > 0) {
        extreme = v
      }
    }
  }

  func result(atLeast: Int) -> Value {
    if count < atLeast { return .null }
    switch function {
    case .count: return .int(Int64(count))
    case .sum: return integerSum ? .int(intSum) : .float(sum)
    case .mean, .rate: return count == 0 ? .null : .float(sum / Double(count))
    case .min, .max: return extreme
    case .share: return .null  // rejected by the checker
    }
  }
}

extension ExprCompiler {
  /// A correlated aggregate: for the current row, the candidate source rows (by index), each
  /// tested by the filter with `ctx.candidate` set, the argument folded in row order.
  func compileCorrelated(_ c: CorrelatedAggregate, type: ValueType, span: SourceSpan) -> Eval {
    guard let index = correlated[c.id] else {
      return { _ throws(RuntimeFailure) in
        throw RuntimeFailure(.runtimeArithmetic, "internal error: the aggregate's rows are not indexed", span: span)
      }
    }
    let filter = c.filter.map(compile)
    let argument = c.argument.map(compile)
    let currentKey = c.key.map { compile($0.current) }
    let function = c.function
    let integerSum = function == .sum && type.kind == .int
    let atLeast = c.atLeast
    return { ctx throws(RuntimeFailure) in
      let saved = ctx.candidate
      defer { ctx.candidate = saved }
      var acc = LocalAggregate(function, integerSum: integerSum)
      let key = try currentKey?(&ctx)
      try index.forEachCandidate(key: key) { (r: Int) throws(RuntimeFailure) in
        ctx.candidate = r
        if let filter, !(try filter(&ctx)).isTrue { return }
        guard let argument else {
          acc.count += 1
          return
        }
        let v = try argument(&ctx)
        if v.isNull { return }
        try acc.add(v, span: span)
      }
      return acc.result(atLeast: atLeast)
    }
  }
}

/// Every correlated aggregate in an expression.
func collectCorrelated(_ e: IRExpr, into found: inout [CorrelatedAggregate]) {
  if case .correlated(let c) = e.kind { found.append(c) }
  if case .keyedPick(let p, _) = e.kind { found.append(p.rows) }
  for child in SparseParents.children(of: e) { collectCorrelated(child, into: &found) }
}
