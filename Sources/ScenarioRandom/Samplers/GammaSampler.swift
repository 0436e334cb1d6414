/// Gamma(shape, scale) by Marsaglia & Tsang, "A simple method for generating gamma variables",
/// ACM TOMS 26(3):363–372, 2000.
///
/// For shape ≥ 1: d = shape − 1/3, c = 1/√(9d); draw Z (AS 241 inversion) and U, form
/// v = (1 + cZ)³, accept d·v by the squeeze U < 1 − 0.0331·Z⁴ or the test
/// log U < Z²/2 + d(1 − v + log v). Acceptance is at least 0.95 per try.
/// For shape < 1, the paper's boost: G(shape) = G(shape + 1)·U^(1/shape), with U drawn after the
/// G(shape + 1) value and the power taken as exp(log U / shape).
///
/// The rejection loop is capped at 2²⁰ tries; if the cap is ever hit (it is not, in practice:
/// the chance is below 0.05^(2²⁰)) the try returns d, which is deterministic.
public struct GammaSampler: Sendable, Equatable {
  @usableFromInline let shape: Double
  @usableFromInline let scale: Double
  @usableFromInline let d: Double
  @usableFromInline let c: Double
  @usableFromInline let boost: Bool

  /// A sampler for Gamma(shape, scale); expects `shape > 0` and `scale > 0`.
  @inlinable
  public init(shape: Double, scale: Double) {
    self.shape = shape
    self.scale = scale
    self.boost = shape < 1
    let k = shape < 1 ? shape + 1 : shape
    self.d = k - 1.0 / 3.0
    self.c = 1 / (9 * d).squareRoot()
  }

  /// One value, `scale` times a unit-scale gamma.
  @inlinable
  public func sample(_ rng: inout CellRNG) -> Double {
    scale * sampleUnit(&rng)
  }

  /// One Gamma(shape, 1) value. For very small shapes it can underflow to 0; use
  /// `sampleLogUnit` when the logarithm is what is needed.
  @inlinable
  public func sampleUnit(_ rng: inout CellRNG) -> Double {
    let g = marsagliaTsang(&rng)
    if !boost { return g }
    return g * kernelExp(kernelLog(rng.nextUniform()) / shape)
  }

  /// log of one Gamma(shape, 1) value, computed in log space so that tiny shapes do not
  /// underflow (research/statistics.md §2.2). Consumes the same draws as `sampleUnit`.
  @inlinable
  public func sampleLogUnit(_ rng: inout CellRNG) -> Double {
    let logG = kernelLog(marsagliaTsang(&rng))
    if !boost { return logG }
    return logG + kernelLog(rng.nextUniform()) / shape
  }

  /// Marsaglia–Tsang for the (possibly boosted) shape `d + 1/3` ≥ 1; always positive.
  @inlinable
  func marsagliaTsang(_ rng: inout CellRNG) -> Double {
    for _ in 0..<samplerRetryCap {
      let z = rng.nextStandardNormal()
      var v = 1 + c * z
      if v <= 0 { continue }
      v = v * v * v
      let u = rng.nextUniform()
      let z2 = z * z
      if u < 1 - 0.0331 * z2 * z2 { return d * v }
      if kernelLog(u) < 0.5 * z2 + d * (1 - v + kernelLog(v)) { return d * v }
    }
    return d
  }
}

/// Beta(alpha, beta) as X/(X + Y) with X ~ Gamma(alpha, 1) and Y ~ Gamma(beta, 1), both by
/// Marsaglia–Tsang (X drawn first). When either shape is below 1 the ratio is formed in log space,
/// 1/(1 + exp(log Y − log X)), so tiny shapes cannot produce 0/0. The result lies in [0, 1].
public struct BetaSampler: Sendable, Equatable {
  @usableFromInline let x: GammaSampler
  @usableFromInline let y: GammaSampler
  @usableFromInline let logSpace: Bool

  /// A sampler for Beta(alpha, beta); expects `alpha > 0` and `beta > 0`.
  @inlinable
  public init(alpha: Double, beta: Double) {
    self.x = GammaSampler(shape: alpha, scale: 1)
    self.y = GammaSampler(shape: beta, scale: 1)
    self.logSpace = alpha < 1 || beta < 1
  }

  /// One value.
  @inlinable
  public func sample(_ rng: inout CellRNG) -> Double {
    if logSpace {
      let logX = x.sampleLogUnit(&rng)
      let logY = y.sampleLogUnit(&rng)
      return 1 / (1 + kernelExp(logY - logX))
    }
    let gx = x.sampleUnit(&rng)
    let gy = y.sampleUnit(&rng)
    return gx / (gx + gy)
  }
}
