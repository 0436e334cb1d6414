/// Values with integer weights, drawn by a cumulative table: one draw is a binary search over
/// the running totals, with no allocation and no reference counting.
///
/// The tables are built once per process (a pack's tables when the pack is first used, and a few
/// static ones) and never freed: their values and totals live in buffers of their own that
/// copies of the table share without counting references. Every engine thread draws from the
/// same tables, and a shared reference count would be written by each thread on each draw
/// (measured: a quarter of a pack-heavy run went to that contention).
public struct WeightedTable: @unchecked Sendable {
  /// The values' UTF-8 bytes, in pack order.
  public let utf8: ByteList
  /// The running totals: `cumulative[i]` is the sum of the weights of values `0...i`.
  private let cumulative: UnsafeBufferPointer<UInt64>
  /// The running totals again, each next to where its value's bytes are (`ByteList.location`),
  /// so that a draw reads one entry where it would read a total and two ends.
  private let entries: UnsafeBufferPointer<Entry>
  private let totalWeight: UInt64

  private struct Entry {
    var total: UInt64
    var start: UInt32
    var count: UInt32
  }
  /// A guide to the search: the draws `u` are cut into `guide.count - 1` equal ranges by their
  /// top bits, and `guide[b]` is the index drawn by the first `u` of range `b` (the last entry
  /// is the last index). The index drawn by any `u` of range `b` lies in `guide[b]...guide[b+1]`,
  /// usually one or two entries: the same index as a search of the whole table, found faster.
  private let guide: UnsafeBufferPointer<Int32>
  /// 64 minus the bits of a range number.
  private let guideShift: UInt64

  public init(_ entries: [(String, UInt64)]) {
    self.init(utf8: ByteList(entries.map(\.0)), weights: entries.map(\.1))
  }

  /// The values `utf8` with their `weights` (a weight of 0 counts 1).
  public init(utf8: ByteList, weights: [UInt64]) {
    precondition(utf8.count == weights.count, "a weight per value")
    let totals = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: max(weights.count, 1))
    var total: UInt64 = 0
    for (i, w) in weights.enumerated() {
      total &+= max(w, 1)
      totals[i] = total
    }
    let cum = UnsafeBufferPointer(rebasing: totals[0..<weights.count])
    cumulative = cum
    totalWeight = total
    self.utf8 = utf8
    let packed = UnsafeMutableBufferPointer<Entry>.allocate(capacity: max(weights.count, 1))
    for i in 0..<weights.count {
      let (start, count) = utf8.location(i)
      precondition(start + count <= Int(UInt32.max), "a pack table past 4 GB")
      packed[i] = Entry(total: cum[i], start: UInt32(start), count: UInt32(count))
    }
    entries = UnsafeBufferPointer(rebasing: packed[0..<weights.count])
    let entries = weights
    var bits: UInt64 = 0
    while (1 << bits) < entries.count / 4 && bits < 20 { bits += 1 }
    guideShift = 64 - bits
    let ranges = 1 << Int(bits)
    let guide = UnsafeMutableBufferPointer<Int32>.allocate(capacity: ranges + 1)
    for b in 0..<ranges {
      guide[b] = Int32(Self.search(UInt64(b) << (64 - bits), cum, 0, max(entries.count - 1, 0)))
    }
    guide[ranges] = Int32(max(entries.count - 1, 0))
    self.guide = UnsafeBufferPointer(guide)
  }

  /// The first index in `low...high` whose running total is above `u`'s target.
  @inline(__always)
  private static func search(_ u: UInt64, _ cumulative: UnsafeBufferPointer<UInt64>, _ low: Int, _ high: Int) -> Int {
    guard let total = cumulative.last else { return 0 }
    let target = u.multipliedFullWidth(by: total).high  // uniform in 0 ..< total
    var low = low
    var high = high
    while low < high {
      let mid = (low + high) >> 1
      if cumulative[mid] > target { high = mid } else { low = mid + 1 }
    }
    return low
  }

  /// The values, in pack order.
  public var values: [String] { (0..<count).map(value) }
  public var count: Int { utf8.count }
  public var isEmpty: Bool { utf8.count == 0 }
  /// The sum of the weights.
  public var total: UInt64 { cumulative.last ?? 0 }

  /// Value `i`.
  @inline(__always)
  public func value(_ i: Int) -> String { String(decoding: utf8[i], as: UTF8.self) }

  /// The weight of value `i`.
  public func weight(_ i: Int) -> UInt64 { cumulative[i] - (i == 0 ? 0 : cumulative[i - 1]) }

  /// The index drawn by `u`, a uniform 64-bit number: value `i` has probability
  /// weight(i) / total (up to 2^-64).
  @inline(__always)
  public func index(_ u: UInt64) -> Int {
    let b = guideShift == 64 ? 0 : Int(u >> guideShift)
    return Self.search(u, cumulative, Int(guide[b]), Int(guide[b + 1]))
  }

  /// The UTF-8 bytes of the value drawn by `u` (`utf8[index(u)]`, searched in `entries`).
  @inline(__always)
  public func drawBytes(_ u: UInt64) -> UnsafeBufferPointer<UInt8> {
    guard !entries.isEmpty else { return UnsafeBufferPointer(start: nil, count: 0) }
    let b = guideShift == 64 ? 0 : Int(u >> guideShift)
    let target = u.multipliedFullWidth(by: totalWeight).high
    var low = Int(guide[b])
    var high = Int(guide[b + 1])
    while low < high {
      let mid = (low + high) >> 1
      if entries[mid].total > target { high = mid } else { low = mid + 1 }
    }
    let e = entries[low]
    return utf8.bytes(at: Int(e.start), count: Int(e.count))
  }

  /// The value drawn by `u`.
  @inline(__always)
  public func draw(_ u: UInt64) -> String { value(index(u)) }
}
