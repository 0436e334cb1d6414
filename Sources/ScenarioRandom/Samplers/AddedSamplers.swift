/// Geometric(p), failures before the first success (0, 1, …), by inversion with one open uniform:
/// ⌊log u / log(1 − p)⌋, since P(X ≥ k) = (1 − p)^k = P(u ≤ (1 − p)^k) (Devroye 1986, §X.2).
/// log(1 − p) is precomputed with `log1p`. p = 1 always gives 0. Values beyond 2⁶³ (only for
/// p below about 4·10⁻¹⁸) are clamped by `sampleInt`.
public struct GeometricSampler: Sendable, Equatable {
  /// log(1 − p), or −∞ for p = 1.
  @usableFromInline let logQ: Double

  /// A sampler for Geometric(p); expects `0 < p <= 1`.
  public init(p: Double) {
    self.logQ = p >= 1 ? -.infinity : kernelLog1p(-p)
  }

  /// One value as a whole `Double`.
  @inlinable
  public func sample(_ rng: inout CellRNG) -> Double {
    let u = rng.nextUniform()
    if logQ == -.infinity { return 0 }
    return (kernelLog(u) / logQ).rounded(.down)
  }
}

/// Negative binomial(r, p), failures before the r-th success for real r > 0, as the gamma–Poisson
/// mixture: λ ~ Gamma(r, scale (1 − p)/p) by Marsaglia–Tsang (`GammaSampler`), then Poisson(λ)
/// by `PoissonSampler` (sequential search or PTRS), all from the same cell stream (Devroye 1986,
/// §X.4.7). The Poisson constants depend on λ, so they are computed per draw (a few `log`/`exp`,
/// no allocation). p = 1 always gives 0.
public struct NegativeBinomialSampler: Sendable, Equatable {
  @usableFromInline let gamma: GammaSampler
  @usableFromInline let degenerate: Bool

  /// A sampler for NB(r, p); expects `r > 0` and `0 < p <= 1`.
  public init(r: Double, p: Double) {
    self.degenerate = p >= 1
    self.gamma = GammaSampler(shape: r, scale: p >= 1 ? 1 : (1 - p) / p)
  }

  /// One value as an exact Int64.
  @inlinable
  public func sample(_ rng: inout CellRNG) -> Int64 {
    if degenerate { return 0 }
    let lambda = gamma.sample(&rng)
    return PoissonSampler(lambda: lambda).sample(&rng)
  }
}

/// Weibull(shape k, scale λ) by inversion with one open uniform: λ·(−log u)^(1/k), the power
/// taken as exp(log(−log u)/k).
public struct WeibullSampler: Sendable, Equatable {
  @usableFromInline let inverseShape: Double
  @usableFromInline let scale: Double

  /// A sampler for Weibull(shape, scale); expects both > 0.
  public init(shape: Double, scale: Double) {
    self.inverseShape = 1 / shape
    self.scale = scale
  }

  /// One value.
  @inlinable
  public func sample(_ rng: inout CellRNG) -> Double {
    let e = -kernelLog(rng.nextUniform())
    return scale * kernelExp(kernelLog(e) * inverseShape)
  }
}

/// Triangular(low, mode, high) by closed-form inversion with one open uniform u (numpy
/// `random_triangular`): low + w·√(u·a) when u ≤ a, else high − w·√((1 − u)·b), with
/// w = high − low, a = (mode − low)/w and b = (high − mode)/w (scaled so that no product can
/// overflow). Where the root exceeds half the distance to the mode, the same value is computed
/// from the mode as mode − w·a(a − u)/(a + √(ua)) or mode + w·b(u − a)/(b + √((1 − u)b)), which
/// avoids the cancellation near the mode, so a mode at a bound keeps full relative precision
/// there. Clamped to [low, high].
public struct TriangularSampler: Sendable, Equatable {
  @usableFromInline let low: Double
  @usableFromInline let mode: Double
  @usableFromInline let high: Double
  @usableFromInline let width: Double
  /// (mode − low)/(high − low), the CDF at the mode.
  @usableFromInline let split: Double
  /// (high − mode)/(high − low).
  @usableFromInline let rest: Double

  /// A sampler for Triangular(low, mode, high); expects `low <= mode <= high`, `low < high`
  /// and a finite `high − low`.
  public init(low: Double, mode: Double, high: Double) {
    let width = high - low
    self.low = low
    self.mode = mode
    self.high = high
    self.width = width
    self.split = (mode - low) / width
    self.rest = (high - mode) / width
  }

  /// The value at lower-tail probability u with upper-tail probability v = 1 − u.
  @inlinable
  func value(lower u: Double, upper v: Double) -> Double {
    let x: Double
    if u <= split {
      let root = (u * split).squareRoot()  // (x − low)/w
      x =
        root <= 0.5 * split
        ? low + width * root : mode - width * (split * (split - u) / (split + root))
    } else {
      let root = (v * rest).squareRoot()  // (high − x)/w
      x =
        root <= 0.5 * rest
        ? high - width * root : mode + width * (rest * (u - split) / (rest + root))
    }
    return min(max(x, low), high)
  }

  /// One value.
  @inlinable
  public func sample(_ rng: inout CellRNG) -> Double {
    let u = rng.nextUniform()
    return value(lower: u, upper: 1 - u)
  }
}
