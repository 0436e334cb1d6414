/// Values with integer weights, drawn by a cumulative table: one draw is a binary search over
/// the running totals, with no allocation and no reference counting.
///
/// The tables are built once per process (a pack's tables when the pack is first used, and a few
/// static ones) and never freed: their values and totals live in buffers of their own that
/// copies of the table share without counting references. Every engine thread draws from the
/// same tables, and a shared reference count would be written by each thread on each draw
/// (measured: a quarter of a pack-heavy run went to that contention).
public struct WeightedTable: @unchecked Sendable {
  /// The values, in pack order (process-lifetime storage).
  private let valueBuffer: UnsafeBufferPointer<String>
  /// The running totals: `cumulative[i]` is the sum of the weights of values `0...i`.
  private let cumulative: UnsafeBufferPointer<UInt64>

  public init(_ entries: [(String, UInt64)]) {
    let values = UnsafeMutableBufferPointer<String>.allocate(capacity: entries.count)
    let totals = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: entries.count)
    var total: UInt64 = 0
    for (i, e) in entries.enumerated() {
      (values.baseAddress! + i).initialize(to: e.0)
      total &+= max(e.1, 1)
      totals[i] = total
    }
    valueBuffer = UnsafeBufferPointer(values)
    cumulative = UnsafeBufferPointer(totals)
  }

  /// The values, in pack order.
  public var values: [String] { Array(valueBuffer) }
  public var count: Int { valueBuffer.count }
  public var isEmpty: Bool { valueBuffer.isEmpty }
  /// The sum of the weights.
  public var total: UInt64 { cumulative.last ?? 0 }

  /// Value `i`.
  @inline(__always)
  public func value(_ i: Int) -> String { valueBuffer[i] }

  /// The weight of value `i`.
  public func weight(_ i: Int) -> UInt64 { cumulative[i] - (i == 0 ? 0 : cumulative[i - 1]) }

  /// The index drawn by `u`, a uniform 64-bit number: value `i` has probability
  /// weight(i) / total (up to 2^-64).
  @inline(__always)
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
  @inline(__always)
  public func draw(_ u: UInt64) -> String { valueBuffer[index(u)] }
}
