/// A `Distribution` prepared for sampling: the per-distribution constants (Marsaglia–Tsang d and
/// c, PTRS setup, exp(−lambda), …) are computed once here, so the hot path has no setup cost.
/// Build one per column at plan time and call it for every cell.
///
/// Every `sample` consumes draws only from the given `CellRNG`, so a value is a pure function of
/// the distribution and `(key, row, sub, draw order)`.
public struct Sampler: Sendable, Equatable {
  /// The prepared per-distribution sampler.
  @usableFromInline
  enum Kind: Sendable, Equatable {
    case uniform(UniformSampler)
    case uniformInt(UniformIntSampler)
    case normal(NormalSampler)
    case lognormal(LognormalSampler)
    case exponential(ExponentialSampler)
    case gamma(GammaSampler)
    case beta(BetaSampler)
    case poisson(PoissonSampler)
    case bernoulli(BernoulliSampler)
    case binomial(BinomialSampler)
    case geometric(GeometricSampler)
    case negativeBinomial(NegativeBinomialSampler)
    case weibull(WeibullSampler)
    case triangular(TriangularSampler)
    case zipf(ZipfSampler)
    case truncatedNormal(TruncatedNormalSampler)
  }

  @usableFromInline let kind: Kind
  /// The distribution this sampler draws from.
  public let distribution: Distribution

  /// Prepares `distribution`, whose parameters should satisfy `Distribution.validate`.
  @inlinable
  public init(_ distribution: Distribution) {
    self.distribution = distribution
    switch distribution {
    case .uniform(let low, let high): kind = .uniform(UniformSampler(low: low, high: high))
    case .uniformInt(let low, let high): kind = .uniformInt(UniformIntSampler(low: low, high: high))
    case .normal(let mean, let sd): kind = .normal(NormalSampler(mean: mean, sd: sd))
    case .lognormal(let mu, let sigma): kind = .lognormal(LognormalSampler(mu: mu, sigma: sigma))
    case .exponential(let rate): kind = .exponential(ExponentialSampler(rate: rate))
    case .gamma(let shape, let scale): kind = .gamma(GammaSampler(shape: shape, scale: scale))
    case .beta(let alpha, let beta): kind = .beta(BetaSampler(alpha: alpha, beta: beta))
    case .poisson(let lambda): kind = .poisson(PoissonSampler(lambda: lambda))
    case .bernoulli(let p): kind = .bernoulli(BernoulliSampler(p: p))
    case .binomial(let n, let p): kind = .binomial(BinomialSampler(n: n, p: p))
    case .geometric(let p): kind = .geometric(GeometricSampler(p: p))
    case .negativeBinomial(let r, let p):
      kind = .negativeBinomial(NegativeBinomialSampler(r: r, p: p))
    case .weibull(let shape, let scale): kind = .weibull(WeibullSampler(shape: shape, scale: scale))
    case .triangular(let low, let mode, let high):
      kind = .triangular(TriangularSampler(low: low, mode: mode, high: high))
    case .zipf(let s, let n): kind = .zipf(ZipfSampler(s: s, n: n))
    case .truncatedNormal(let mean, let sd, let low, let high):
      kind = .truncatedNormal(TruncatedNormalSampler(mean: mean, sd: sd, low: low, high: high))
    }
  }

  /// One value as a `Double`: integers as whole numbers (exact below 2⁵³ in magnitude), booleans
  /// as 0 or 1.
  @inlinable
  public func sample(_ rng: inout CellRNG) -> Double {
    switch kind {
    case .uniform(let s): return s.sample(&rng)
    case .uniformInt(let s): return Double(s.sample(&rng))
    case .normal(let s): return s.sample(&rng)
    case .lognormal(let s): return s.sample(&rng)
    case .exponential(let s): return s.sample(&rng)
    case .gamma(let s): return s.sample(&rng)
    case .beta(let s): return s.sample(&rng)
    case .poisson(let s): return Double(s.sample(&rng))
    case .bernoulli(let s): return s.sample(&rng) ? 1 : 0
    case .binomial(let s): return Double(s.sample(&rng))
    case .geometric(let s): return s.sample(&rng)
    case .negativeBinomial(let s): return Double(s.sample(&rng))
    case .weibull(let s): return s.sample(&rng)
    case .triangular(let s): return s.sample(&rng)
    case .zipf(let s): return Double(s.sample(&rng))
    case .truncatedNormal(let s): return s.sample(&rng)
    }
  }

  /// One value as an `Int64`: exact for `uniform_int`, `poisson`, `binomial`,
  /// `negative_binomial` and `zipf`, exact below 2⁶³ for `geometric`, 0/1 for `bernoulli`; float
  /// distributions are rounded toward zero and clamped to the Int64 range (NaN gives 0). Draws the
  /// same bits as `sample(_:)`.
  @inlinable
  public func sampleInt(_ rng: inout CellRNG) -> Int64 {
    switch kind {
    case .uniformInt(let s): return s.sample(&rng)
    case .poisson(let s): return s.sample(&rng)
    case .bernoulli(let s): return s.sample(&rng) ? 1 : 0
    case .binomial(let s): return s.sample(&rng)
    case .negativeBinomial(let s): return s.sample(&rng)
    case .zipf(let s): return s.sample(&rng)
    default: return clampedInt64(sample(&rng))
    }
  }

  /// One value as a `Bool`: the Bernoulli outcome, or `sample(_:) != 0` for the others. Draws the
  /// same bits as `sample(_:)`.
  @inlinable
  public func sampleBool(_ rng: inout CellRNG) -> Bool {
    if case .bernoulli(let s) = kind { return s.sample(&rng) }
    return sample(&rng) != 0
  }
}

/// `x` rounded toward zero and clamped to the Int64 range; NaN gives 0.
@inlinable
func clampedInt64(_ x: Double) -> Int64 {
  if x.isNaN { return 0 }
  if x >= 0x1p63 { return .max }
  if x <= -0x1p63 { return .min }
  return Int64(x.rounded(.towardZero))
}

extension Sampler {
  /// `distribution.cdf(x)`.
  public func cdf(_ x: Double) -> Double { distribution.cdf(x) }
  /// `distribution.survival(x)`.
  public func survival(_ x: Double) -> Double { distribution.survival(x) }
  /// `distribution.quantile(p)`.
  public func quantile(_ p: Double) -> Double { distribution.quantile(p) }
  /// `distribution.quantile(upper: q)`.
  public func quantile(upper q: Double) -> Double { distribution.quantile(upper: q) }
  /// `distribution.mean`.
  public var mean: Double { distribution.mean }
  /// `distribution.variance`.
  public var variance: Double { distribution.variance }
}

extension Sampler {
  /// `sampleInt` for the cells of `rows` (with `subs`) where `mask` is true (every row when
  /// nil), into `out`: the same values, with the distribution's case decided once instead of
  /// per cell.
  public func sampleInts(key: StreamKey, rows: [UInt64], subs: [UInt32], mask: [Bool]?, into out: inout [Int64]) {
    @inline(__always)
    func fill(_ draw: (inout CellRNG) -> Int64) {
      for row in 0..<out.count where mask?[row] ?? true {
        var rng = CellRNG(key: key, row: rows[row], sub: subs[row])
        out[row] = draw(&rng)
      }
    }
    switch kind {
    case .uniformInt(let s): fill { s.sample(&$0) }
    case .poisson(let s): fill { s.sample(&$0) }
    case .bernoulli(let s): fill { s.sample(&$0) ? 1 : 0 }
    case .binomial(let s): fill { s.sample(&$0) }
    case .negativeBinomial(let s): fill { s.sample(&$0) }
    case .zipf(let s): fill { s.sample(&$0) }
    default: fill { sampleInt(&$0) }
    }
  }

  /// `sampleBool` for many cells, as `sampleInts`.
  public func sampleBools(key: StreamKey, rows: [UInt64], subs: [UInt32], mask: [Bool]?, into out: inout [Bool]) {
    if case .bernoulli(let s) = kind {
      for row in 0..<out.count where mask?[row] ?? true {
        var rng = CellRNG(key: key, row: rows[row], sub: subs[row])
        out[row] = s.sample(&rng)
      }
      return
    }
    for row in 0..<out.count where mask?[row] ?? true {
      var rng = CellRNG(key: key, row: rows[row], sub: subs[row])
      out[row] = sample(&rng) != 0
    }
  }
}
