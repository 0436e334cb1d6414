/// Turns a standard-normal latent z into a value of a marginal, x = Q(Φ(z)), monotone
/// non-decreasing in z: the second half of the Gaussian copula (NORTA, research/statistics.md
/// §3.1 and §3.5). Build one per column at plan time; `value(_:)` allocates nothing.
///
/// How each marginal is mapped:
/// - closed forms: normal mean + sd·z; lognormal exp(μ + σz); uniform, exponential, Weibull,
///   triangular and geometric through Φ(z) for z ≤ 0 and the complementary tail Φ(−z) for z > 0,
///   so upper tails keep their precision (each branch is clamped at the value for z = 0 so the
///   switch cannot break monotonicity by an ulp);
/// - gamma, beta, truncated normal and mixtures: a `ZTable` of g(z) (log x for gamma, logit x for
///   beta, log(x − low) − log(high − x) for bounded supports, log(x − low) for supports bounded
///   below, x otherwise) built from the exact quantile functions and interpolated by
///   Fritsch–Carlson monotone cubics. The grid starts at step 1/32 and is halved (down to 1/256)
///   until the interpolant is within 1e-8 of g at every interval's quarter point. Measured
///   maximum relative error of x over |z| ≤ 8.3 against the exact quantile: Gamma(2, 12) 5e-9
///   (step 1/64), Gamma(1, 1) 2e-9 (1/128), Gamma(0.05, 1) 7e-9 (1/256), Gamma(50, 0.1) 1.5e-9
///   (1/32), Beta(8, 2) 1.4e-9 (1/64), Beta(0.5, 0.5) 1e-9 and Beta(0.2, 3) 2e-9 (1/256),
///   truncated normals 1e-10 of sd; only extreme shapes that exhaust the finest grid do worse
///   (Gamma(0.001, 1): 1e-7). Building takes milliseconds (0.1 s for shapes near 10⁶, whose
///   incomplete gamma needs ~10⁴ terms per evaluation). Ranks are preserved exactly
///   because the interpolant is monotone;
/// - count distributions (Poisson, binomial, negative binomial, zipf, bernoulli, small integer
///   uniforms) and categorical weights: `ThresholdTable`s tₖ = Φ⁻¹(F(k)) with F from the
///   distribution's own CDF and probability masses (exact up to their ~1e-14 relative accuracy),
///   covering every k with both tails above 1e-17, i.e. every z a latent can reach. A table is
///   capped at 2²⁰ thresholds; beyond the cap (only heavy negative binomial or zipf with a huge n)
///   the rest of the upper tail comes from a z-table of the exact quantiles in log(k + 1),
///   rounded: values above 2²⁰ within one unit (about 1e-6 relative) of the exact quantile.
///   Geometric and integer uniforms with more than 65 536 values use their closed forms.
///
/// Latents beyond the tables' range (|z| > 8.3125) are clamped to it; a single open-uniform
/// normal never leaves ±8.21.
public struct LatentTransform: Sendable, Equatable {
  /// How a tabulated g(z) maps back to x.
  @usableFromInline
  enum TableMap: Sendable, Equatable {
    /// x = origin + scale·exp(g).
    case exponential(origin: Double, scale: Double)
    /// x from g = log(x − low) − log(high − x).
    case interval(low: Double, high: Double)
    /// x = g.
    case identity
  }

  /// The prepared mapping.
  @usableFromInline
  enum Kind: Sendable, Equatable {
    case constant(Double)
    case normal(mean: Double, sd: Double)
    case lognormal(mu: Double, sigma: Double)
    case exponential(rate: Double)
    case weibull(inverseShape: Double, scale: Double)
    case uniform(low: Double, high: Double)
    case triangular(TriangularSampler, splitZ: Double, mode: Double)
    case geometric(logQ: Double)
    case uniformInt(low: Double, span: Double)
    case table(ZTable, TableMap)
    case thresholds(ThresholdTable)
    /// A capped threshold table plus a z-table of log(k − origin + 1) for the rest.
    case cappedThresholds(ThresholdTable, tail: ZTable, origin: Double)
    case histogram(EmpiricalHistogram, bins: ThresholdTable, median: Double)
  }

  @usableFromInline let kind: Kind

  /// A transform from its prepared mapping.
  @usableFromInline
  init(kind: Kind) {
    self.kind = kind
  }

  /// The marginal value for the latent z (NaN for NaN).
  @inlinable
  public func value(_ z: Double) -> Double {
    if z.isNaN { return .nan }
    switch kind {
    case .constant(let x):
      return x
    case .normal(let mean, let sd):
      return mean + sd * z
    case .lognormal(let mu, let sigma):
      return kernelExp(mu + sigma * z)
    case .exponential(let rate):
      return exponentialScore(z) / rate
    case .weibull(let inverseShape, let scale):
      return scale * kernelExp(kernelLog(exponentialScore(z)) * inverseShape)
    case .uniform(let low, let high):
      let mid = 0.5 * low + 0.5 * high
      return z <= 0
        ? min(low + (high - low) * normalCDF(z), mid)
        : max(high - (high - low) * normalCDF(-z), mid)
    case .triangular(let t, let splitZ, let mode):
      if z <= splitZ {
        let u = normalCDF(z)
        return min(t.value(lower: u, upper: 1 - u), mode)
      }
      let v = normalCDF(-z)
      return max(t.value(lower: 1 - v, upper: v), mode)
    case .geometric(let logQ):
      // log of the upper-tail probability Φ(−z), decreasing in z; k = ⌈log v/log q⌉ − 1.
      let logV =
        z <= 0 ? max(kernelLog1p(-normalCDF(z)), -ln2) : min(kernelLog(normalCDF(-z)), -ln2)
      return max(0, (logV / logQ).rounded(.up) - 1)
    case .uniformInt(let low, let span):
      let offset =
        z <= 0
        ? (normalCDF(z) * span).rounded(.up) - 1 : span - 1 - (normalCDF(-z) * span).rounded(.down)
      return low + min(max(offset, 0), span - 1)
    case .table(let table, let map):
      return LatentTransform.apply(map, table(z))
    case .thresholds(let table):
      return table.value(z)
    case .cappedThresholds(let table, let tail, let origin):
      if !table.isBeyondEnd(z) { return table.value(z) }
      let k = origin - 1 + kernelExp(tail(z)).rounded()
      return max(k, table.base + Double(table.thresholds.count))
    case .histogram(let h, let bins, let median):
      let x = LatentTransform.histogramValue(h, bin: bins.countBelow(z), z)
      return z <= 0 ? min(x, median) : max(x, median)
    }
  }

  /// −log(1 − Φ(z)), the Exp(1) quantile of Φ(z), from Φ(z) below 0 and Φ(−z) above (clamped at
  /// log 2 on each side of the switch).
  @inlinable
  func exponentialScore(_ z: Double) -> Double {
    z <= 0 ? min(-kernelLog1p(-normalCDF(z)), ln2) : max(-kernelLog(normalCDF(-z)), ln2)
  }

  /// x for the tabulated g.
  @inlinable
  static func apply(_ map: TableMap, _ g: Double) -> Double {
    switch map {
    case .exponential(let origin, let scale):
      return origin + scale * kernelExp(g)
    case .interval(let low, let high):
      // σ(g) = e^g/(1 + e^g) from the side where it is small; clamped at the midpoint.
      let width = high - low
      let mid = low + 0.5 * width
      if g <= 0 {
        let e = kernelExp(g)
        return min(low + width * (e / (1 + e)), mid)
      }
      let e = kernelExp(-g)
      return max(high - width * (e / (1 + e)), mid)
    case .identity:
      return g
    }
  }

  /// The histogram value in bin i, linear in Φ(z) inside the bin (Φ(−z) from the top for z > 0).
  @inlinable
  static func histogramValue(_ h: EmpiricalHistogram, bin i: Int, _ z: Double) -> Double {
    let p = h.probabilities[i]
    let low = h.edges[i]
    let high = h.edges[i + 1]
    if !(p > 0) { return low }
    let width = high - low
    let x: Double
    if z <= 0 {
      x = low + (normalCDF(z) - h.below[i]) / p * width
    } else {
      x = high - (normalCDF(-z) - h.above[i + 1]) / p * width
    }
    return min(max(x, low), high)
  }
}

/// log 2.
@usableFromInline let ln2 = 0.69314718055994530942
