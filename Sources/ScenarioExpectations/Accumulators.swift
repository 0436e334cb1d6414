// Streaming accumulators with constant memory.
//
// Each accumulator is a small value type with `add` (one observation) and `merge` (another
// accumulator over the rows that follow). The checker and the profiler feed rows one at a time,
// in row order, into one accumulator per statistic, so their results do not depend on how the
// rows were cut into chunks: the same rows give the same bits. `merge` exists for combining
// partial results computed separately (for example per worker); it is deterministic for a fixed
// split and a fixed merge order (left to right, in row order), but a different split may change
// the last bits of floating-point results, as with any floating-point reduction.

// MARK: - Counts

/// The number of rows seen.
package struct RowCounter: Sendable, Equatable {
  package private(set) var count = 0

  package init() {}

  /// Counts `rows` more rows.
  package mutating func add(rows: Int) { count += rows }

  /// Adds the rows counted by `other`.
  package mutating func merge(_ other: RowCounter) { count += other.count }
}

/// The share of rows on which a condition is true; a null condition counts as false.
package struct RateAccumulator: Sendable, Equatable {
  package private(set) var hits = 0
  package private(set) var total = 0

  package init() {}

  /// Counts one row, a hit when `isTrue`.
  package mutating func add(_ isTrue: Bool) {
    total += 1
    if isTrue { hits += 1 }
  }

  /// Adds the rows counted by `other`.
  package mutating func merge(_ other: RateAccumulator) {
    hits += other.hits
    total += other.total
  }

  /// hits / total; NaN without rows.
  package var rate: Double { total == 0 ? .nan : Double(hits) / Double(total) }
}

// MARK: - Moments

/// Count, mean and sum of squared deviations, updated by Welford's algorithm (Welford 1962;
/// Knuth TAOCP vol. 2, §4.2.2), which avoids the cancellation of the textbook sum-of-squares
/// formula. `merge` is the pairwise update of Chan, Golub & LeVeque (1979).
package struct Moments: Sendable, Equatable {
  package private(set) var count = 0
  package private(set) var mean = 0.0
  /// Sum of squared deviations from the mean (M2).
  package private(set) var m2 = 0.0

  package init() {}

  /// Adds one value.
  package mutating func add(_ x: Double) {
    count += 1
    let delta = x - mean
    mean += delta / Double(count)
    m2 += delta * (x - mean)
  }

  /// Adds the values summarised by `other` (which come after the values seen so far).
  package mutating func merge(_ other: Moments) {
    guard other.count > 0 else { return }
    guard count > 0 else {
      self = other
      return
    }
    let n1 = Double(count)
    let n2 = Double(other.count)
    let n = n1 + n2
    let delta = other.mean - mean
    mean += delta * (n2 / n)
    m2 += other.m2 + delta * delta * (n1 * n2 / n)
    count += other.count
  }

  /// The mean; NaN without values.
  package var meanOrNaN: Double { count == 0 ? .nan : mean }

  /// The sample variance (divisor n − 1); NaN with fewer than two values.
  package var sampleVariance: Double { count < 2 ? .nan : max(0, m2) / Double(count - 1) }

  /// The sample standard deviation (divisor n − 1); NaN with fewer than two values.
  package var sampleSD: Double { sampleVariance.squareRoot() }
}

/// The smallest and largest value seen.
package struct Extrema: Sendable, Equatable {
  package private(set) var count = 0
  package private(set) var min = Double.infinity
  package private(set) var max = -Double.infinity

  package init() {}

  /// Adds one value.
  package mutating func add(_ x: Double) {
    count += 1
    if x < min { min = x }
    if x > max { max = x }
  }

  /// Adds the values summarised by `other`.
  package mutating func merge(_ other: Extrema) {
    count += other.count
    if other.min < min { min = other.min }
    if other.max > max { max = other.max }
  }

  /// The minimum; NaN without values.
  package var minOrNaN: Double { count == 0 ? .nan : min }
  /// The maximum; NaN without values.
  package var maxOrNaN: Double { count == 0 ? .nan : max }
}

// MARK: - Co-moments

/// Means, sums of squared deviations and the co-moment of pairs (x, y), updated by the bivariate
/// form of Welford's algorithm; `merge` is the pairwise update of Chan et al. extended to the
/// co-moment. Gives the Pearson correlation without storing the pairs.
package struct CoMoments: Sendable, Equatable {
  package private(set) var count = 0
  package private(set) var meanX = 0.0
  package private(set) var meanY = 0.0
  package private(set) var m2X = 0.0
  package private(set) var m2Y = 0.0
  /// Σ (x − x̄)(y − ȳ).
  package private(set) var cXY = 0.0

  package init() {}

  /// Adds one pair.
  package mutating func add(_ x: Double, _ y: Double) {
    count += 1
    let n = Double(count)
    let dx = x - meanX
    meanX += dx / n
    let dy = y - meanY
    meanY += dy / n
    m2X += dx * (x - meanX)
    m2Y += dy * (y - meanY)
    // The old x deviation times the new y deviation is the exact co-moment increment.
    cXY += dx * (y - meanY)
  }

  /// Adds the pairs summarised by `other` (which come after the pairs seen so far).
  package mutating func merge(_ other: CoMoments) {
    guard other.count > 0 else { return }
    guard count > 0 else {
      self = other
      return
    }
    let n1 = Double(count)
    let n2 = Double(other.count)
    let n = n1 + n2
    let dx = other.meanX - meanX
    let dy = other.meanY - meanY
    let w = n1 * n2 / n
    meanX += dx * (n2 / n)
    meanY += dy * (n2 / n)
    m2X += other.m2X + dx * dx * w
    m2Y += other.m2Y + dy * dy * w
    cXY += other.cXY + dx * dy * w
    count += other.count
  }

  /// The Pearson correlation, clamped to [−1, 1] against rounding; NaN with fewer than two
  /// pairs or when either side is constant.
  package var pearson: Double {
    guard count >= 2, m2X > 0, m2Y > 0 else { return .nan }
    // One square root of the product is exact more often (a perfect line gives exactly ±1);
    // the product of two roots only where the product would overflow or underflow.
    let product = m2X * m2Y
    let scale = product.isNormal ? product.squareRoot() : m2X.squareRoot() * m2Y.squareRoot()
    let r = cXY / scale
    return Swift.min(1, Swift.max(-1, r))
  }
}
