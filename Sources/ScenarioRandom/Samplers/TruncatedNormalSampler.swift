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
    if alpha >= 0 {
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
  @inlinable
  func standardQuantile(lower u: Double, upper v: Double) -> Double {
    let p = below + u * mass
    let xi = p < 0.5 ? normalQuantile(p) : -normalQuantile(above + v * mass)
    return min(max(xi, alpha), beta)
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
    // Mass between α and ξ, and between ξ and β, from the side where they are accurate.
    let lowerMass: Double
    let upperMass: Double
    if xi >= 0 {
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

  /// The mean μ + σ(φ(α) − φ(β))/M.
  @usableFromInline
  var truncatedMean: Double {
    mean + sd * (normalDensity(alpha) - normalDensity(beta)) / mass
  }

  /// The variance σ²[1 + (αφ(α) − βφ(β))/M − ((φ(α) − φ(β))/M)²]; loses about
  /// 2·log₁₀(max(|α|, |β|)) digits to cancellation for intervals far in a tail.
  @usableFromInline
  var truncatedVariance: Double {
    let da = normalDensity(alpha)
    let db = normalDensity(beta)
    let ta = alpha.isFinite ? alpha * da : 0
    let tb = beta.isFinite ? beta * db : 0
    let shift = (da - db) / mass
    return max(0, sd * sd * (1 + (ta - tb) / mass - shift * shift))
  }
}

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
