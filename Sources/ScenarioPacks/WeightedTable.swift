/// Values with integer weights, drawn by a cumulative table: one draw is a binary search over
/// the running totals, with no allocation.
public struct WeightedTable: Sendable {
  /// The values, in pack order.
  public let values: [String]
  /// The running totals: `cumulative[i]` is the sum of the weights of values `0...i`.
  let cumulative: [UInt64]

  public init(_ entries: [(String, UInt64)]) {
    values = entries.map(\.0)
    var total: UInt64 = 0
    cumulative = entries.map { e in
      total &+= max(e.1, 1)
      return total
    }
  }

  public var count: Int { values.count }
  public var isEmpty: Bool { values.isEmpty }
  /// The sum of the weights.
  public var total: UInt64 { cumulative.last ?? 0 }

  /// The weight of value `i`.
  public func weight(_ i: Int) -> UInt64 { cumulative[i] - (i == 0 ? 0 : cumulative[i - 1]) }

  /// The index drawn by `u`, a uniform 64-bit number: value `i` has probability
  /// weight(i) / total (up to 2^-64).
  public func index(_ u: UInt64) -> Int {
    let target = u.multipliedFullWidth(by: total).high  // uniform in 0 ..< total
    var low = 0
    var high = cumulative.count - 1
    while low < high {
      let mid = (low + high) >> 1
      if cumulative[mid] > target { high = mid } else { low = mid + 1 }
    }
    return low
  }

  /// The value drawn by `u`.
  public func draw(_ u: UInt64) -> String { values[index(u)] }
}
