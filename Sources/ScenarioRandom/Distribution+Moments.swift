extension Distribution {
  /// The mean E[X] (booleans as 0/1). Every distribution here has a finite mean.
  ///
  /// Zipf uses H(s − 1)/H(s) with the generalised harmonic sums of `zipfPowerSum` (exact
  /// summation of the first 1000 terms, Euler–Maclaurin beyond: relative error below 1e-14 for
  /// any n ≤ 2⁵³). Weibull uses λ·Γ(1 + 1/k) with the module's own `lnGamma`.
  public var mean: Double {
    switch self {
    case .uniform(let low, let high):
      return 0.5 * low + 0.5 * high
    case .uniformInt(let low, let high):
      return 0.5 * Double(low) + 0.5 * Double(high)
    case .normal(let mean, _):
      return mean
    case .lognormal(let mu, let sigma):
      return kernelExp(mu + 0.5 * sigma * sigma)
    case .exponential(let rate):
      return 1 / rate
    case .gamma(let shape, let scale):
      return shape * scale
    case .beta(let alpha, let beta):
      return alpha / (alpha + beta)
    case .poisson(let lambda):
      return lambda
    case .bernoulli(let p):
      return p
    case .binomial(let n, let p):
      return Double(n) * p
    case .geometric(let p):
      return (1 - p) / p
    case .negativeBinomial(let r, let p):
      return r * (1 - p) / p
    case .weibull(let shape, let scale):
      return scale * kernelExp(lnGamma(1 + 1 / shape))
    case .triangular(let low, let mode, let high):
      return (low + mode + high) / 3
    case .zipf(let s, let n):
      return zipfPowerSum(s - 1, from: 1, to: n) / zipfPowerSum(s, from: 1, to: n)
    case .truncatedNormal(let mean, let sd, let low, let high):
      return TruncatedNormalShape(mean: mean, sd: sd, low: low, high: high).truncatedMean
    }
  }

  /// The variance Var[X]. Every distribution here has a finite variance (zipf is bounded by n);
  /// values that overflow binary64 come out as +∞ (e.g. lognormal with a huge sigma).
  ///
  /// The truncated normal variance loses about 2·log₁₀ of the standardised bound to cancellation
  /// for intervals far in a tail (about 1e-13 relative at 30 sd).
  public var variance: Double {
    switch self {
    case .uniform(let low, let high):
      let width = high - low
      return width * width / 12
    case .uniformInt(let low, let high):
      let span = Double(high) - Double(low) + 1
      return (span * span - 1) / 12
    case .normal(_, let sd):
      return sd * sd
    case .lognormal(let mu, let sigma):
      let s2 = sigma * sigma
      return kernelExpm1(s2) * kernelExp(2 * mu + s2)
    case .exponential(let rate):
      return 1 / (rate * rate)
    case .gamma(let shape, let scale):
      return shape * scale * scale
    case .beta(let a, let b):
      return a * b / ((a + b) * (a + b) * (a + b + 1))
    case .poisson(let lambda):
      return lambda
    case .bernoulli(let p):
      return p * (1 - p)
    case .binomial(let n, let p):
      return Double(n) * p * (1 - p)
    case .geometric(let p):
      return (1 - p) / (p * p)
    case .negativeBinomial(let r, let p):
      return r * (1 - p) / (p * p)
    case .weibull(let shape, let scale):
      let g1 = kernelExp(lnGamma(1 + 1 / shape))
      let g2 = kernelExp(lnGamma(1 + 2 / shape))
      return scale * scale * max(0, g2 - g1 * g1)
    case .triangular(let a, let c, let b):
      return (a * a + b * b + c * c - a * b - a * c - b * c) / 18
    case .zipf(let s, let n):
      let h = zipfPowerSum(s, from: 1, to: n)
      let m1 = zipfPowerSum(s - 1, from: 1, to: n) / h
      let m2 = zipfPowerSum(s - 2, from: 1, to: n) / h
      return max(0, m2 - m1 * m1)
    case .truncatedNormal(let mean, let sd, let low, let high):
      return TruncatedNormalShape(mean: mean, sd: sd, low: low, high: high).truncatedVariance
    }
  }

  /// The standard deviation √variance.
  public var standardDeviation: Double {
    variance.squareRoot()
  }
}
