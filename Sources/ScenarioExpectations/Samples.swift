// Accumulators that keep their values.
//
// Quantiles and rank correlations cannot be computed exactly in constant memory, so these keep
// every non-null value (8 bytes per value for quantiles, one pair of sort keys per row for
// Spearman). Memory grows with the rows of the measured table; only `quantile`, `spearman`,
// `unique` and `resolves` expectations (and the profiler's quartiles) pay it.

// MARK: - Quantiles

/// The non-null values of a probe, for quantiles computed after the last row.
package struct QuantileSample: Sendable, Equatable {
  package private(set) var values: [Double] = []

  package init() {}

  /// Adds one value.
  package mutating func add(_ x: Double) { values.append(x) }

  /// Appends the values of `other` (which come after the values seen so far).
  package mutating func merge(_ other: QuantileSample) { values += other.values }

  /// Number of values.
  package var count: Int { values.count }

  /// The type-7 p-quantile (see `quantileType7`) of the values; NaN without values.
  package func quantile(_ p: Double) -> Double { quantileType7(values.sorted(), p) }
}

/// The p-quantile of ascending `sorted` values by Hyndman & Fan's type 7, the default of R's
/// `quantile`, NumPy's `percentile` (method "linear") and Excel's `PERCENTILE.INC`: with
/// h = (n − 1)·p, interpolate linearly between the values at ⌊h⌋ and ⌊h⌋ + 1 (0-based).
/// The interpolation is NumPy's `_lerp`, which works from the upper end when the fraction is at
/// least ½, so results match NumPy's bit for bit and are exact at both ends. `p` is clamped to
/// [0, 1]; NaN without values.
package func quantileType7(_ sorted: [Double], _ p: Double) -> Double {
  guard !sorted.isEmpty, !p.isNaN else { return .nan }
  let q = min(1, max(0, p))
  let h = Double(sorted.count - 1) * q
  let lower = Int(h.rounded(.down))
  let upper = min(lower + 1, sorted.count - 1)
  let t = h - Double(lower)
  let a = sorted[lower]
  let b = sorted[upper]
  let diff = b - a
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t
}

// MARK: - Ranks

/// The pairs of two probes on rows where both are non-null, for Spearman's rank correlation.
package struct RankSample: Sendable, Equatable {
  package private(set) var xs: [RankKey] = []
  package private(set) var ys: [RankKey] = []

  package init() {}

  /// Adds one pair.
  package mutating func add(_ x: RankKey, _ y: RankKey) {
    xs.append(x)
    ys.append(y)
  }

  /// Appends the pairs of `other` (which come after the pairs seen so far).
  package mutating func merge(_ other: RankSample) {
    xs += other.xs
    ys += other.ys
  }

  /// Number of pairs.
  package var count: Int { xs.count }

  /// Spearman's rank correlation: the Pearson correlation of the mid-ranks (tied values share
  /// the mean of the ranks they span), accumulated in row order. NaN with fewer than two pairs
  /// or when either side is constant.
  package var spearman: Double {
    let rx = midRanks(xs)
    let ry = midRanks(ys)
    var moments = CoMoments()
    for i in rx.indices { moments.add(rx[i], ry[i]) }
    return moments.pearson
  }
}

/// The 1-based mid-ranks of `keys`: equal keys share the mean of the ranks they occupy, so
/// [10, 20, 20, 30] ranks as [1, 2.5, 2.5, 4]. Ties get the same rank whatever the sort did
/// with them, so the result is deterministic.
package func midRanks(_ keys: [RankKey]) -> [Double] {
  // Numbers (the usual case) sort much faster as plain doubles.
  var numbers: [Double] = []
  numbers.reserveCapacity(keys.count)
  for key in keys {
    guard case .number(let x) = key else { return midRanks(keys, by: <) }
    numbers.append(x)
  }
  return midRanks(numbers, by: <)
}

/// Mid-ranks of `keys` ordered by `less` (a strict weak order whose equivalent keys are `==`).
private func midRanks<Key: Equatable>(_ keys: [Key], by less: (Key, Key) -> Bool) -> [Double] {
  var order = Array(keys.indices)
  order.sort { less(keys[$0], keys[$1]) }
  var ranks = [Double](repeating: 0, count: keys.count)
  var start = 0
  while start < order.count {
    var end = start
    while end + 1 < order.count, keys[order[end + 1]] == keys[order[start]] { end += 1 }
    // Positions start...end (0-based) hold ranks start+1 ... end+1; their mean:
    let rank = Double(start + end + 2) / 2
    for k in start...end { ranks[order[k]] = rank }
    start = end + 1
  }
  return ranks
}
