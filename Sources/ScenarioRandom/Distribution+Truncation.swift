extension Sampler {
  /// A value conditioned on lying in [low, high], by plain rejection: draw until a value falls
  /// inside (research/statistics.md §2.2). Every attempt consumes this cell's own draws, so the
  /// result stays a pure function of the cell.
  ///
  /// Returns nil after `maxAttempts` values outside the bounds (so an interval of tiny
  /// probability cannot hang a shard), or when `low > high` or either bound is NaN. The expected
  /// number of attempts is 1/P(low ≤ X ≤ high).
  @inlinable
  public func sampleTruncated(
    _ rng: inout CellRNG, low: Double, high: Double, maxAttempts: Int = 1 << 20
  ) -> Double? {
    guard low <= high else { return nil }
    var attempts = 0
    while attempts < maxAttempts {
      let x = sample(&rng)
      if x >= low && x <= high { return x }
      attempts += 1
    }
    return nil
  }
}

extension Distribution {
  /// A value conditioned on lying in [low, high]; see `Sampler.sampleTruncated`.
  @inlinable
  public func sampleTruncated(
    _ rng: inout CellRNG, low: Double, high: Double, maxAttempts: Int = 1 << 20
  ) -> Double? {
    Sampler(self).sampleTruncated(&rng, low: low, high: high, maxAttempts: maxAttempts)
  }
}
