extension CellRNG {
  /// A standard normal by Wichura's AS 241 inversion of one open uniform: monotone in the
  /// uniform and exactly one 64-bit word per value, so it also serves the Gaussian copula.
  @inlinable
  public mutating func nextStandardNormal() -> Double {
    normalQuantile(nextUniform())
  }
}

/// Uniform on [low, high] by `low + (high − low)·u` with one open uniform u; the result is
/// clamped to `high` because rounding can otherwise step one ulp past it. When `high − low`
/// overflows, the halves are interpolated instead. `low == high` returns `low`.
public struct UniformSampler: Sendable, Equatable {
  @usableFromInline let low: Double
  @usableFromInline let high: Double
  @usableFromInline let width: Double

  /// A sampler for [low, high]; expects finite `low <= high`.
  @inlinable
  public init(low: Double, high: Double) {
    self.low = low
    self.high = high
    self.width = high - low
  }

  /// One value in [low, high].
  @inlinable
  public func sample(_ rng: inout CellRNG) -> Double {
    let u = rng.nextUniform()
    let x: Double
    if width.isFinite {
      x = low + width * u
    } else {
      x = 2 * (0.5 * low + (0.5 * high - 0.5 * low) * u)
    }
    return min(x, high)
  }
}

/// Normal(mean, sd) as `mean + sd·Φ⁻¹(u)` (AS 241 inversion, one draw). `sd == 0` returns `mean`.
public struct NormalSampler: Sendable, Equatable {
  @usableFromInline let mean: Double
  @usableFromInline let sd: Double

  /// A sampler for Normal(mean, sd); expects finite `mean` and `sd >= 0`.
  @inlinable
  public init(mean: Double, sd: Double) {
    self.mean = mean
    self.sd = sd
  }

  /// One value.
  @inlinable
  public func sample(_ rng: inout CellRNG) -> Double {
    mean + sd * rng.nextStandardNormal()
  }
}

/// Lognormal(mu, sigma) as `exp(mu + sigma·Z)` with Z by AS 241 inversion (one draw).
public struct LognormalSampler: Sendable, Equatable {
  @usableFromInline let mu: Double
  @usableFromInline let sigma: Double

  /// A sampler for Lognormal(mu, sigma); expects finite `mu` and `sigma >= 0`.
  @inlinable
  public init(mu: Double, sigma: Double) {
    self.mu = mu
    self.sigma = sigma
  }

  /// One value.
  @inlinable
  public func sample(_ rng: inout CellRNG) -> Double {
    kernelExp(mu + sigma * rng.nextStandardNormal())
  }
}

/// Exponential(rate) by inversion, `−log(u)/rate` (one draw; at most about 36.7/rate).
public struct ExponentialSampler: Sendable, Equatable {
  @usableFromInline let rate: Double

  /// A sampler for Exponential(rate); expects `rate > 0`.
  @inlinable
  public init(rate: Double) {
    self.rate = rate
  }

  /// One value.
  @inlinable
  public func sample(_ rng: inout CellRNG) -> Double {
    -kernelLog(rng.nextUniform()) / rate
  }
}
