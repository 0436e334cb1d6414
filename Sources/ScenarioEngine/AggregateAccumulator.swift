import ScenarioDiagnostics
import ScenarioIR

/// Accumulates one aggregate (`mean(x) over sessions where ...`) while the source table's rows
/// stream by, in row order: one small state per parent row, so memory grows with the parents,
/// never with the aggregated rows. Sums run in row order, so results do not depend on threads
/// or chunk size.
final class AggregateAccumulator {
  let ir: AggregateIR
  /// Contributing rows per parent.
  private var counts: [Int]
  /// Sum of the argument (floats), or of `true`s for `rate`.
  private var sums: [Double]
  /// Exact sum for integer arguments.
  private var intSums: [Int64]
  private var extremes: [Value]
  private var total = 0.0
  private let integerSum: Bool

  init(_ ir: AggregateIR, parentRows: Int) {
    self.ir = ir
    counts = [Int](repeating: 0, count: parentRows)
    integerSum = ir.function == .sum && ir.type.kind == .int
    sums = [Double](repeating: 0, count: ir.function == .mean || ir.function == .rate || ir.function == .share || (ir.function == .sum && !integerSum) ? parentRows : 0)
    intSums = [Int64](repeating: 0, count: integerSum ? parentRows : 0)
    extremes = [Value](repeating: .null, count: ir.function == .min || ir.function == .max ? parentRows : 0)
  }

  /// The row whose value made the last `observe` fail (for the error message).
  private(set) var failedRow = 0

  /// Adds the rows of one chunk, given the source table's probe values.
  func observe(_ probes: [ValueColumn], startRow: Int) throws(RuntimeFailure) {
    let links = probes[ir.linkProbe]
    let filter = ir.filterProbe.map { probes[$0] }
    let argument = ir.argumentProbe.map { probes[$0] }
    if observeTyped(links, filter, argument) { return }
    for i in links.indices {
      guard case .ref(let p) = links[i], p >= 0, p < counts.count else { continue }
      if let filter, !filter[i].isTrue { continue }
      guard let argument else {
        counts[p] += 1
        continue
      }
      let v = argument[i]
      if v.isNull { continue }
      counts[p] += 1
      switch ir.function {
      case .count: break
      case .sum where integerSum:
        guard case .int(let x) = v else { continue }
        let (s, overflow) = intSums[p].addingReportingOverflow(x)
        if overflow {
          failedRow = startRow + i
          throw RuntimeFailure(.runtimeArithmetic, "the sum overflows 64-bit integers", span: ir.span)
        }
        intSums[p] = s
      case .sum, .mean, .share:
        let x = v.asDouble ?? 0
        sums[p] += x
        if ir.function == .share { total += x }
      case .rate:
        if v.isTrue { sums[p] += 1 }
      case .min, .max:
        let best = extremes[p]
        if best.isNull || (ir.function == .min ? Semantics.compare(v, best) < 0 : Semantics.compare(v, best) > 0) {
          extremes[p] = v
        }
      }
    }
  }

  /// The common case on typed columns (references, bool filters, float or bool arguments, for
  /// `count`, float `sum`, `mean`, `share` and `rate`), reading arrays instead of building a
  /// `Value` per row. Adds exactly what the general loop adds, in the same order; returns false
  /// (having added nothing) when the columns or the function are not of that form.
  private func observeTyped(_ links: ValueColumn, _ filter: ValueColumn?, _ argument: ValueColumn?) -> Bool {
    guard case .ints(let refs, .ref) = links.storage else { return false }
    var keep: [Bool]? = nil
    if let filter {
      guard case .bools(let b) = filter.storage else { return false }
      keep = filter.nulls.map { nulls in (0..<filter.count).map { b[$0] && !nulls[$0] } } ?? b
    }
    var floats: [Double]? = nil
    var bools: [Bool]? = nil
    if let argument {
      switch (ir.function, argument.storage) {
      case (.sum, .floats(let d)) where !integerSum: floats = d
      case (.mean, .floats(let d)), (.share, .floats(let d)): floats = d
      case (.rate, .bools(let b)): bools = b
      case (.count, _): break
      default: return false
      }
    }
    let linkNulls = links.nulls
    let argumentNulls = argument?.nulls
    let parents = counts.count
    for i in 0..<links.count {
      if let linkNulls, linkNulls[i] { continue }
      let p = Int(refs[i])
      guard p >= 0, p < parents else { continue }
      if let keep, !keep[i] { continue }
      if let argument {
        if let argumentNulls, argumentNulls[i] { continue }
        if case .values = argument.storage, argument[i].isNull { continue }
      }
      counts[p] += 1
      if let floats {
        sums[p] += floats[i]
        if ir.function == .share { total += floats[i] }
      } else if let bools, bools[i] {
        sums[p] += 1
      }
    }
    return true
  }

  /// The result for every parent row.
  func results() -> [Value] {
    counts.indices.map { p in
      let n = counts[p]
      if n < ir.atLeast { return .null }
      switch ir.function {
      case .count: return .int(Int64(n))
      case .sum: return integerSum ? .int(intSums[p]) : .float(sums[p])
      case .mean: return n == 0 ? .null : .float(sums[p] / Double(n))
      case .rate: return n == 0 ? .null : .float(sums[p] / Double(n))
      case .share: return n == 0 || total == 0 ? .null : .float(sums[p] / total)
      case .min, .max: return extremes[p]
      }
    }
  }
}
