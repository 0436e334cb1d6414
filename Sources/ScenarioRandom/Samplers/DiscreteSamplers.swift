/// Integer uniform on `low...high` (inclusive) by Lemire's multiply-shift with rejection
/// (`CellRNG.nextBounded`), exactly unbiased; the full Int64 range takes one raw word.
public struct UniformIntSampler: Sendable, Equatable {
  @usableFromInline let low: Int64
  /// The number of values, `high − low + 1`, with 0 standing for 2⁶⁴.
  @usableFromInline let span: UInt64

  /// A sampler for `low...high`; expects `low <= high`.
  @inlinable
  public init(low: Int64, high: Int64) {
    self.low = low
    self.span = UInt64(bitPattern: high &- low) &+ 1
  }

  /// One value.
  @inlinable
  public func sample(_ rng: inout CellRNG) -> Int64 {
    if span == 0 { return Int64(bitPattern: rng.nextUInt64()) }
    return low &+ Int64(bitPattern: rng.nextBounded(span))
  }
}

/// Bernoulli(p): true when one open uniform `u < p`; p = 0 is never true, p = 1 always.
public struct BernoulliSampler: Sendable, Equatable {
  @usableFromInline let p: Double

  /// A sampler for Bernoulli(p); expects `0 <= p <= 1`.
  @inlinable
  public init(p: Double) {
    self.p = p
  }

  /// One value.
  @inlinable
  public func sample(_ rng: inout CellRNG) -> Bool {
    rng.nextUniform() < p
  }
}
