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
  /// Whether the aggregate has a key (without one, every row is a candidate).
  private let keyed: Bool
  /// The buckets: source rows by key, in row order.
  private let lists: [[Int32]]
  /// A bucket's number by numeric key (the `Double` bit pattern, -0 read as 0, so `1 == 1.0`),
  /// the common case, hashed as one word; and by any other key.
  private let numeric: [UInt64: Int32]
  private let other: [IndexKey: Int32]
  private static let empty: [Int32] = []

  private init(rowCount: Int, keyed: Bool, lists: [[Int32]], numeric: [UInt64: Int32], other: [IndexKey: Int32]) {
    self.rowCount = rowCount
    self.keyed = keyed
    self.lists = lists
    self.numeric = numeric
    self.other = other
  }

  /// The numeric form of a key, or nil for another kind. NaN is its own bit pattern: it is
  /// never looked up (`bucket` answers no rows for it).
  @inline(__always)
  static func numericKey(_ v: Value) -> UInt64? {
    switch v {
    case .int(let i): return Double(i).bitPattern
    case .float(let d): return (d == 0 ? 0.0 : d).bitPattern
    default: return nil
    }
  }

  /// Builds the index of `c` over the complete source table.
  static func build(_ c: CorrelatedAggregate, compiler: ExprCompiler, rows: Int) throws(RuntimeFailure) -> CorrelatedIndex {
    guard let key = c.key else { return CorrelatedIndex(rowCount: rows, keyed: false, lists: [], numeric: [:], other: [:]) }
    let eval = compiler.compile(key.source)
    var ctx = RowContext(slotCount: 0)
    var lists: [[Int32]] = []
    var numeric: [UInt64: Int32] = [:]
    var other: [IndexKey: Int32] = [:]
    for r in 0..<rows {
      ctx.candidate = r
      let v = try eval(&ctx)
      // A null key is kept under its own entry (null equals null); NaN keys are never found.
      let b: Int32
      if let n = numericKey(v) {
        if let found = numeric[n] {
          b = found
        } else {
          b = Int32(lists.count)
          numeric[n] = b
          lists.append([])
        }
      } else {
        let k = IndexKey(v)
        if let found = other[k] {
          b = found
        } else {
          b = Int32(lists.count)
          other[k] = b
          lists.append([])
        }
      }
      lists[Int(b)].append(Int32(r))
    }
    return CorrelatedIndex(rowCount: rows, keyed: true, lists: lists, numeric: numeric, other: other)
  }

  /// The candidate rows of a row whose key is `key`, as the index holds them (no copy): nil when
  /// every row is a candidate (no key). A NaN key equals no row.
  @inline(__always)
  func bucket(key: Value?) -> [Int32]? {
    guard keyed, let key else { return nil }
    if let n = Self.numericKey(key) {
      if case .float(let d) = key, d.isNaN { return Self.empty }
      guard let b = numeric[n] else { return Self.empty }
      return lists[Int(b)]
    }
    guard let b = other[IndexKey(key)] else { return Self.empty }
    return lists[Int(b)]
  }

  /// The bucket of an integer key (keyed indexes only).
  @inline(__always)
  func bucket(int key: Int64) -> [Int32] {
    guard let b = numeric[Double(key).bitPattern] else { return Self.empty }
    return lists[Int(b)]
  }

  /// Calls `body` for each candidate row of a row whose key is `key` (all rows without a key).
  @inline(__always)
  func forEachCandidate(key: Value?, _ body: (Int) throws(RuntimeFailure) -> Void) throws(RuntimeFailure) {
    guard let bucket = bucket(key: key) else {
      for r in 0..<rowCount { try body(r) }
      return
    }
    for r in bucket { try body(Int(r)) }
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
