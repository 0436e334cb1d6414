/// The standardised form of Normal(mean, sd) truncated to [low, high]: α = (low − mean)/sd,
/// β = (high − mean)/sd, the two outer tail probabilities Φ(α) and Φ(−β) and the mass
/// M = Φ(β) − Φ(α), each computed from the tails in which they are small, so that intervals
/// deep in either tail keep full relative precision (Φ(−α) − Φ(−β) when α ≥ 0).
@usableFromInline
struct TruncatedNormalShape: Sendable, Equatable {
  @usableFromInline let mean: Double
  @usableFromInline let sd: Double
  @usableFromInline let low: Double
  @usableFromInline let high: Double
  @usableFromInline let alpha: Double
  @usableFromInline let beta: Double
  /// Φ(α), the normal probability below the interval.
  @usableFromInline let below: Double
  /// Φ(−β), the normal probability above the interval.
  @usableFromInline let above: Double
  /// Φ(β) − Φ(α), the normal probability of the interval.
  @usableFromInline let mass: Double
  /// φ(α) and φ(β) (0 for bounds beyond ±38σ, which disables the boundary expansion there).
  @usableFromInline let densityAtAlpha: Double
  @usableFromInline let densityAtBeta: Double

  /// The shape of Normal(mean, sd) on [low, high] (sd > 0, low < high).
  @usableFromInline
  init(mean: Double, sd: Double, low: Double, high: Double) {
    self.mean = mean
    self.sd = sd
    self.low = low
    self.high = high
    let alpha = (low - mean) / sd
    let beta = (high - mean) / sd
    self.alpha = alpha
    self.beta = beta
    below = normalCDF(alpha)
    above = normalCDF(-beta)
    densityAtAlpha = normalDensity(alpha)
    densityAtBeta = normalDensity(beta)
    let narrow = (beta - alpha) * max(1, abs(alpha))
    if narrow < 1e-4 && densityAtAlpha > 0 {
      // Narrow interval: the local expansion, free of the cancellation of Φ(β) − Φ(α).
      mass = densityAtAlpha * TruncatedNormalShape.boundaryMass(beta - alpha, slope: -alpha)
    } else if alpha >= 0 {
      mass = normalCDF(-alpha) - above
    } else if beta <= 0 {
      mass = normalCDF(beta) - below
    } else {
      mass = 1 - below - above
    }
  }

  /// The standardised quantile ξ for the lower-tail probability u and the upper-tail
  /// probability v = 1 − u (both given, so neither loses precision): Φ⁻¹(Φ(α) + u·M) while that
  /// argument is below ½, otherwise −Φ⁻¹(Φ(−β) + v·M). Monotone in u.
  ///
  /// Next to a bound, where Φ(α) + u·M would round back to Φ(α), the offset δ = ξ − α is found
  /// directly from u·M = φ(α)·∫₀^δ e^(as − s²/2) ds with a = −α (`boundaryMass`), by series
  /// reversion to fourth order (`boundaryOffset`, t = u·M/φ(α); mirrored at β with a = β). The
  /// truncation error is about (t·a)⁴ relative, below rounding while t·max(1, |a|) < 1e-4, so
  /// x − low keeps full relative precision however close x is to the bound.
  @inlinable
  func standardQuantile(lower u: Double, upper v: Double) -> Double {
    let tLow = u * mass / densityAtAlpha
    if tLow * max(1, abs(alpha)) < 1e-4 {
      return min(alpha + boundaryOffset(tLow, slope: -alpha), beta)
    }
    let tHigh = v * mass / densityAtBeta
    if tHigh * max(1, abs(beta)) < 1e-4 {
      return max(beta - boundaryOffset(tHigh, slope: beta), alpha)
    }
    let p = below + u * mass
    let xi = p < 0.5 ? normalQuantile(p) : -normalQuantile(above + v * mass)
    return min(max(xi, alpha), beta)
  }

  /// δ with ∫₀^δ e^(as − s²/2) ds = t, by reversion of `boundaryMass`:
  /// t − at²/2 + (2a² + 1)t³/6 − (6a³ + 7a)t⁴/24.
  @inlinable
  func boundaryOffset(_ t: Double, slope a: Double) -> Double {
    let c3 = (2 * a * a + 1) / 6
    let c4 = -(6 * a * a * a + 7 * a) / 24
    return t * (1 + t * (-0.5 * a + t * (c3 + t * c4)))
  }

  /// ∫₀^δ e^(as − s²/2) ds = δ + aδ²/2 + (a² − 1)δ³/6 + (a³ − 3a)δ⁴/24 + O(δ⁵a⁴): the normal
  /// mass next to a bound, in units of the density at the bound.
  @inlinable
  static func boundaryMass(_ d: Double, slope a: Double) -> Double {
    let b3 = (a * a - 1) / 6
    let b4 = (a * a * a - 3 * a) / 24
    return d * (1 + d * (0.5 * a + d * (b3 + d * b4)))
  }

  /// The value for the lower/upper tail probabilities u and v = 1 − u, clamped to [low, high].
  @inlinable
  func value(lower u: Double, upper v: Double) -> Double {
    min(max(mean + sd * standardQuantile(lower: u, upper: v), low), high)
  }

  /// P(X ≤ x) and P(X > x), each from the normal tail in which it is small.
  @usableFromInline
  func tails(_ x: Double) -> TailPair {
    if x < low { return .allAbove }
    if x >= high { return .allBelow }
    let xi = (x - mean) / sd
    // Mass between α and ξ, and between ξ and β, from the side where they are accurate; next
    // to a bound by the local expansion (see `standardQuantile`).
    let lowerMass: Double
    let upperMass: Double
    let fromLow = (x - low) / sd
    let fromHigh = (high - x) / sd
    if fromLow * max(1, abs(alpha)) < 1e-4 && densityAtAlpha > 0 {
      lowerMass = densityAtAlpha * TruncatedNormalShape.boundaryMass(fromLow, slope: -alpha)
      upperMass = max(0, mass - lowerMass)
    } else if fromHigh * max(1, abs(beta)) < 1e-4 && densityAtBeta > 0 {
      upperMass = densityAtBeta * TruncatedNormalShape.boundaryMass(fromHigh, slope: beta)
      lowerMass = max(0, mass - upperMass)
    } else if xi >= 0 {
      let tailXi = normalCDF(-xi)
      upperMass = max(0, tailXi - above)
      lowerMass = alpha >= 0 ? max(0, normalCDF(-alpha) - tailXi) : max(0, mass - upperMass)
    } else {
      let headXi = normalCDF(xi)
      lowerMass = max(0, headXi - below)
      upperMass = beta <= 0 ? max(0, normalCDF(beta) - headXi) : max(0, mass - lowerMass)
    }
    return TailPair(lower: min(1, lowerMass / mass), upper: min(1, upperMass / mass))
  }

  /// The mean μ + σ(φ(α) − φ(β))/M, with φ(α) − φ(β) = φ(α)·(−expm1(−(β − α)(β + α)/2)) so
  /// the difference keeps its precision. Intervals narrower than one unit of curvature
  /// ((β − α)·max(1, |α|, |β|) < 1) use `narrowMoments` instead.
  @usableFromInline
  var truncatedMean: Double {
    if let narrow = narrowMoments { return mean + sd * narrow.mean }
    return mean + sd * densityDifference / mass
  }

  /// The variance σ²[1 + (αφ(α) − βφ(β))/M − ((φ(α) − φ(β))/M)²]; loses about
  /// 2·log₁₀(max(|α|, |β|)) digits to cancellation for wide intervals far in a tail (about
  /// 1e-13 relative at 30 sd). Narrow intervals use `narrowMoments`.
  @usableFromInline
  var truncatedVariance: Double {
    if let narrow = narrowMoments { return sd * sd * narrow.variance }
    let da = densityAtAlpha
    let db = densityAtBeta
    let ta = alpha.isFinite ? alpha * da : 0
    let tb = beta.isFinite ? beta * db : 0
    let shift = densityDifference / mass
    return max(0, sd * sd * (1 + (ta - tb) / mass - shift * shift))
  }

  /// φ(α) − φ(β) without cancellation.
  @usableFromInline
  var densityDifference: Double {
    let spread = (beta - alpha) * (beta + alpha)
    if !spread.isFinite { return densityAtAlpha - densityAtBeta }
    if densityAtAlpha >= densityAtBeta {
      return densityAtAlpha * -kernelExpm1(-0.5 * (beta - alpha) * (beta + alpha))
    }
    return -densityAtBeta * -kernelExpm1(-0.5 * (alpha - beta) * (alpha + beta))
  }

  /// The standardised mean and variance by 20-point Gauss–Legendre quadrature over [α, β] when
  /// the interval is narrow ((β − α)·max(1, |α|, |β|) < 1), where the closed forms cancel (the
  /// variance is about (β − α)²/12 ≪ 1). The density is weighted relative to its value at the
  /// midpoint, so nothing underflows; the integrand is then nearly polynomial and the rule exact
  /// to rounding.
  @usableFromInline
  var narrowMoments: (mean: Double, variance: Double)? {
    let width = beta - alpha
    guard width * max(1, abs(alpha), abs(beta)) < 1 else { return nil }
    let centre = 0.5 * alpha + 0.5 * beta
    let half = 0.5 * width
    var total = 0.0
    var first = 0.0
    for (t, w) in gaussLegendre20 {
      let offset = half * t
      let weight = w * kernelExp(-0.5 * offset * (offset + 2 * centre))
      total += weight
      first += weight * offset
    }
    let shift = first / total
    var second = 0.0
    for (t, w) in gaussLegendre20 {
      let offset = half * t
      let weight = w * kernelExp(-0.5 * offset * (offset + 2 * centre))
      second += weight * (offset - shift) * (offset - shift)
    }
    return (centre + shift, second / total)
  }
}

/// The 20-point Gauss–Legendre rule on [−1, 1] (nodes, weights), computed once by Newton's
/// method on the Legendre recurrence from the asymptotic starting points
/// cos(π(i − ¼)/(n + ½)) (Numerical Recipes §4.6 `gauleg`).
let gaussLegendre20: [(Double, Double)] = {
  let n = 20
  var rule: [(Double, Double)] = []
  for i in 1...n {
    var x = kernelCos(Double.pi * (Double(i) - 0.25) / (Double(n) + 0.5))
    var derivative = 0.0
    for _ in 0..<100 {
      var p0 = 1.0
      var p1 = 0.0
      for j in 1...n {
        let p2 = p1
        p1 = p0
        p0 = ((2 * Double(j) - 1) * x * p1 - (Double(j) - 1) * p2) / Double(j)
      }
      derivative = Double(n) * (x * p0 - p1) / (x * x - 1)
      let step = p0 / derivative
      x -= step
      if abs(step) <= 1e-16 { break }
    }
    rule.append((x, 2 / ((1 - x * x) * derivative * derivative)))
  }
  return rule
}()

/// The standard normal density φ(z) = exp(−z²/2)/√(2π).
@usableFromInline
func normalDensity(_ z: Double) -> Double {
  kernelExp(-0.5 * z * z - halfLogTwoPi)
}

/// Normal(mean, sd) truncated to [low, high] by exact inversion with one open uniform u:
/// ξ = Φ⁻¹(Φ(α) + u·(Φ(β) − Φ(α))), computed as −Φ⁻¹(Φ(−β) + (1 − u)·(Φ(β) − Φ(α))) whenever
/// the argument is above ½, so intervals deep in the upper tail keep full precision (the
/// tail-safe inversion of Botev & L'Ecuyer, "Simulation from the normal distribution truncated to
/// an interval in the tail", 2017; research/statistics.md §2.2). Φ by `normalCDF`, Φ⁻¹ by AS 241.
/// Monotone in u, exactly one 64-bit word per value, result clamped to [low, high].
public struct TruncatedNormalSampler: Sendable, Equatable {
  @usableFromInline let shape: TruncatedNormalShape

  /// A sampler for Normal(mean, sd) on [low, high]; expects `sd > 0`, `low < high` and the
  /// interval within 37 sd of the mean (`Distribution.validate`).
  public init(mean: Double, sd: Double, low: Double, high: Double) {
    self.shape = TruncatedNormalShape(mean: mean, sd: sd, low: low, high: high)
  }

  /// One value in [low, high].
  @inlinable
  public func sample(_ rng: inout CellRNG) -> Double {
    let u = rng.nextUniform()
    return shape.value(lower: u, upper: 1 - u)
  }
}
