/// Weighted choice among `count` outcomes in O(1) per draw by Walker's alias method (Walker,
/// ACM TOMS 3(3):253–256, 1977) with Vose's O(n) construction (Vose, IEEE TSE 17(9):972–975,
/// 1991).
///
/// The table is built on integers so that it is bit-identical on every platform
/// (research/statistics.md §2.2): the weights are scaled to integers summing to exactly 2³² by
/// largest-remainder rounding, then Vose's algorithm runs on those integers with its work lists
/// filled in index order and used as stacks. A draw uses one 64-bit word: the high 32 bits pick
/// the column by multiply-shift, the low 32 bits are the coin. Column selection by multiply-shift
/// has a bias of at most count/2³² in relative terms. A positive weight below about 2⁻³³ of the
/// total rounds to 0 and is never drawn; a zero weight is never drawn.
public struct AliasTable: Sendable, Equatable {
  /// The integer weights after largest-remainder rounding; they sum to exactly 2³².
  public let scaledWeights: [UInt64]
  /// Per column: a coin below this keeps the column, otherwise its alias is taken.
  @usableFromInline let threshold: [UInt32]
  /// Per column: the outcome taken when the coin is at or above the threshold.
  @usableFromInline let alias: [UInt32]

  /// The most outcomes a table can hold (column indices must fit in 32 bits).
  public static let maxCount = Int(UInt32.max)

  /// A table for `weights` (relative, need not sum to 1), or nil when `validate` reports a
  /// problem: empty, a negative, NaN or infinite weight, all zero, or too many.
  public init?(weights: [Double]) {
    guard AliasTable.validate(weights: weights) == nil else { return nil }
    let scaled = largestRemainderScale(weights)
    let built = voseBuild(scaled)
    self.scaledWeights = scaled
    self.threshold = built.threshold
    self.alias = built.alias
  }

  /// The number of outcomes.
  @inlinable
  public var count: Int { threshold.count }

  /// The table's probability of outcome `index`: its scaled weight over 2³² (before the
  /// multiply-shift column bias).
  public func probability(of index: Int) -> Double {
    Double(scaledWeights[index]) * 0x1p-32
  }

  /// One outcome index in `0..<count`, from exactly one 64-bit word.
  @inlinable
  public func sample(_ rng: inout CellRNG) -> Int {
    let x = rng.nextUInt64()
    let column = Int(((x >> 32) &* UInt64(threshold.count)) >> 32)
    let coin = UInt32(truncatingIfNeeded: x)
    return coin < threshold[column] ? column : Int(alias[column])
  }

  /// Why `weights` cannot make a table (lowercase, no final period), or nil when they can.
  public static func validate(weights: [Double]) -> String? {
    if weights.isEmpty { return "weights must not be empty" }
    if weights.count > maxCount { return "too many weights (at most \(maxCount))" }
    for (i, w) in weights.enumerated() {
      if !w.isFinite { return "weights must be finite numbers (found \(w) at index \(i))" }
      if w < 0 { return "weights must be greater than or equal to 0 (found \(w) at index \(i))" }
    }
    if !weights.contains(where: { $0 > 0 }) { return "weights must not all be zero" }
    return nil
  }
}

/// Scales valid weights to integers summing to exactly 2³² by largest-remainder (Hamilton)
/// rounding: floor every share, then give one more unit to the shares with the largest
/// remainders, ties to the lower index. Only outcomes with a positive weight ever receive a unit.
/// Weights are first divided by their maximum so the sum cannot overflow. All arithmetic is
/// IEEE-exact or correctly rounded in a fixed order, so the result is the same everywhere.
func largestRemainderScale(_ weights: [Double]) -> [UInt64] {
  let largest = weights.max() ?? 1
  let normalized = weights.map { $0 / largest }
  var total = 0.0
  for w in normalized { total += w }
  let unit = 0x1p32
  var floors = [UInt64](repeating: 0, count: weights.count)
  var remainders = [Double](repeating: 0, count: weights.count)
  var sum: Int64 = 0
  for (i, w) in normalized.enumerated() {
    let share = min(w / total * unit, unit)
    let whole = share.rounded(.down)
    floors[i] = UInt64(whole)
    remainders[i] = share - whole
    sum += Int64(whole)
  }
  var deficit = Int64(1) << 32 - sum
  let positive = normalized.indices.filter { normalized[$0] > 0 }
  // Largest remainder first; the index breaks ties, so the order is total and sort-independent.
  let byRemainder = positive.sorted {
    remainders[$0] != remainders[$1] ? remainders[$0] > remainders[$1] : $0 < $1
  }
  var cursor = 0
  while deficit > 0 {
    floors[byRemainder[cursor % byRemainder.count]] += 1
    deficit -= 1
    cursor += 1
  }
  // Only reachable if rounding made the floors overshoot; take units back, smallest remainder
  // first.
  cursor = byRemainder.count - 1
  while deficit < 0 {
    let i = byRemainder[cursor]
    if floors[i] > 0 {
      floors[i] -= 1
      deficit += 1
    }
    cursor = cursor == 0 ? byRemainder.count - 1 : cursor - 1
  }
  return floors
}

/// Vose's alias construction on integer weights summing to 2³². Each column holds 2³² units of
/// probability; the work lists `small` and `large` are filled in index order and popped from the
/// end, so the table depends only on the weights. Full columns alias themselves.
func voseBuild(_ scaled: [UInt64]) -> (threshold: [UInt32], alias: [UInt32]) {
  let n = scaled.count
  let capacity: UInt64 = 1 << 32
  // Scaled by n so that a column's capacity is exactly 2^32 (sum is n · 2^32).
  var mass = scaled.map { $0 &* UInt64(n) }
  var threshold = [UInt32](repeating: .max, count: n)
  var alias = (0..<n).map { UInt32(truncatingIfNeeded: $0) }
  var small: [Int] = []
  var large: [Int] = []
  for i in 0..<n {
    if mass[i] < capacity { small.append(i) } else { large.append(i) }
  }
  while let l = small.last, let g = large.last {
    small.removeLast()
    large.removeLast()
    threshold[l] = UInt32(truncatingIfNeeded: mass[l])
    alias[l] = UInt32(truncatingIfNeeded: g)
    // g gives (capacity - mass[l]) units to fill column l.
    mass[g] = mass[g] - (capacity - mass[l])
    if mass[g] < capacity { small.append(g) } else { large.append(g) }
  }
  // With exact integer mass both lists empty together; any leftover column is full.
  return (threshold, alias)
}
