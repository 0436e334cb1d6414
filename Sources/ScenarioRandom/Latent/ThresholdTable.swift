/// A discrete marginal in the latent normal domain (research/statistics.md §3.5): thresholds
/// t₀ ≤ t₁ ≤ … with tᵢ = Φ⁻¹(F(base + i)), so that the value for latent z is
/// base + #{i : tᵢ < z}, the smallest k with F(k) ≥ Φ(z). No Φ is evaluated per value: a guide
/// table (Chen & Asau, AIIE Trans. 6(2):163–166, 1974) over z ∈ [−8.5, 8.5) with 64 cells per unit
/// narrows the binary search to the thresholds inside one cell.
///
/// A table may be truncated (at most `maxCount` thresholds); then z above the last threshold is
/// handed to the caller's tail rule (see `LatentTransform`).
@usableFromInline
struct ThresholdTable: Sendable, Equatable {
  /// The most thresholds one table holds (8 MiB of doubles).
  @usableFromInline static let maxCount = 1 << 20
  @usableFromInline static let guideLow = -8.5
  @usableFromInline static let guidePerUnit = 64.0
  @usableFromInline static let guideCells = 17 * 64

  /// The value returned below the first threshold.
  @usableFromInline let base: Double
  /// The thresholds, non-decreasing (±∞ allowed).
  @usableFromInline let thresholds: [Double]
  /// guide[j] = #{i : tᵢ < guideLow + j/guidePerUnit}, for j in 0...guideCells.
  @usableFromInline let guide: [Int]

  /// A table for the value `base` below the first threshold (thresholds expected
  /// non-decreasing; round-off reversals are flattened).
  @usableFromInline
  init(base: Double, thresholds: [Double]) {
    var t = thresholds
    // Enforce monotonicity against round-off at the junction of the two tails.
    for i in t.indices.dropFirst() where t[i] < t[i - 1] { t[i] = t[i - 1] }
    self.base = base
    self.thresholds = t
    var guide = [Int](repeating: 0, count: ThresholdTable.guideCells + 1)
    var i = 0
    for j in 0...ThresholdTable.guideCells {
      let edge = ThresholdTable.guideLow + Double(j) / ThresholdTable.guidePerUnit
      while i < t.count && t[i] < edge { i += 1 }
      guide[j] = i
    }
    self.guide = guide
  }

  /// #{i : tᵢ < z}.
  @inlinable
  func countBelow(_ z: Double) -> Int {
    let s = (z - ThresholdTable.guideLow) * ThresholdTable.guidePerUnit
    var lo: Int
    var hi: Int
    if !(s >= 0) {
      lo = 0
      hi = guide[0]
    } else if s >= Double(ThresholdTable.guideCells) {
      lo = guide[ThresholdTable.guideCells]
      hi = thresholds.count
    } else {
      let j = Int(s)
      lo = guide[j]
      hi = guide[j + 1]
    }
    // The first index in lo..<hi with tᵢ ≥ z (hi when none).
    while lo < hi {
      let mid = (lo + hi) >> 1
      if thresholds[mid] < z { lo = mid + 1 } else { hi = mid }
    }
    return lo
  }

  /// base + #{i : tᵢ < z}.
  @inlinable
  func value(_ z: Double) -> Double {
    base + Double(countBelow(z))
  }

  /// Whether z lies above every threshold of a truncated table.
  @inlinable
  func isBeyondEnd(_ z: Double) -> Bool {
    guard let last = thresholds.last else { return true }
    return z > last
  }
}

/// Φ⁻¹ of a probability given by its two tails, from the smaller one.
@usableFromInline
func latentThreshold(lower f: Double, upper s: Double) -> Double {
  f <= s ? normalQuantile(f) : -normalQuantile(s)
}
