/// Maps between declared correlations and the latent Gaussian-copula correlation (NORTA), as
/// research/statistics.md §3.2–3.3 describes.
///
/// A marginal is passed as a closure z ↦ value, the composition Q(Φ(z)) of its quantile with the
/// standard normal CDF, so this file does not depend on any particular distribution. The closures
/// must be monotone in z (Q∘Φ is non-decreasing). The quadrature calls them only with |z| ≤ 8
/// (Φ(8) is still representable below 1, so a naïve Q(Φ(z)) stays finite) and the rank solver
/// only with |z| ≤ 6.2. Every function here is pure and deterministic: fixed evaluation and
/// summation orders and no libm calls (see CorrelationKernel.swift).
public enum CorrelationMath {
  /// The default number of Gauss–Hermite nodes per axis (research/statistics.md §3.3: 40–64).
  public static let defaultNodes = 48

  /// Nodes with |z| above this (in one dimension) or z₁² + z₂² above its square (in two) are
  /// dropped, and the remaining weights renormalised. The discarded normal mass is about 1e-15
  /// (1-D) and 1.3e-14 (2-D); in exchange no closure is ever asked for Q(Φ(z)) with Φ(z) rounded
  /// to 1.
  static let nodeCutoff = 8.0

  // MARK: - Spearman ↔ latent

  /// The latent normal correlation that gives Spearman's ρ_S under a Gaussian copula with
  /// continuous marginals: ρ = 2·sin(π·ρ_S/6) (Pearson 1907; Kruskal 1958).
  ///
  /// The argument is clamped to [−1, 1]; 0 and ±1 map exactly to themselves.
  public static func latentFromSpearman(_ rho: Double) -> Double {
    if rho.isNaN { return .nan }
    if rho >= 1 { return 1 }
    if rho <= -1 { return -1 }
    if rho == 0 { return 0 }
    return min(1, max(-1, 2 * corrSin(Double.pi * rho / 6)))
  }

  /// Spearman's ρ_S of a Gaussian copula with latent correlation ρ and continuous marginals:
  /// ρ_S = (6/π)·arcsin(ρ/2), the inverse of `latentFromSpearman`.
  public static func spearmanFromLatent(_ rho: Double) -> Double {
    if rho.isNaN { return .nan }
    if rho >= 1 { return 1 }
    if rho <= -1 { return -1 }
    if rho == 0 { return 0 }
    return min(1, max(-1, 6 / Double.pi * corrArcsin(rho / 2)))
  }

  // MARK: - Pearson under a Gaussian copula

  /// The Pearson correlation of (x(Z₁), y(Z₂)) for standard normals with correlation `rho`.
  ///
  /// E[x(Z₁)·y(Z₂)] is computed by two-dimensional Gauss–Hermite quadrature on the
  /// Cholesky-rotated grid (Z₁, Z₂) = (zᵢ, ρ·zᵢ + √(1−ρ²)·zⱼ) with weights wᵢwⱼ; the means and
  /// standard deviations come from the same one-dimensional rule, so the result is
  /// self-consistent: exactly 0 at ρ = 0, and ρ = ±1 use the one-dimensional rule on x(z)·y(±z),
  /// which gives exactly ±1 for identical marginals. Returns 0 if either marginal is constant on
  /// the nodes and NaN if a closure returns a non-finite value.
  ///
  /// Accuracy: the error is that of Gauss–Hermite for the smooth function z ↦ x(z); for marginals
  /// with light or exponential tails (normal, gamma, beta, uniform) 24 to 128 nodes agree to about
  /// 1e-12 (measured for Gamma(2, 12) × Beta(8, 2)). Heavy tails (lognormal σ > 1, Pareto) and
  /// step functions (discrete marginals) converge slowly; use more nodes, or `latentForRankTarget`
  /// for discrete marginals.
  public static func pearsonOfCopula(
    latent rho: Double, _ x: (Double) -> Double, _ y: (Double) -> Double,
    nodes: Int = defaultNodes
  ) -> Double {
    if rho.isNaN { return .nan }
    let rule = CorrGaussHermite.rule(count: nodes)
    let mx = CorrMarginalMoments(x, rule)
    let my = CorrMarginalMoments(y, rule)
    guard mx.isFinite && my.isFinite else { return .nan }
    if mx.variance <= 0 || my.variance <= 0 { return 0 }
    let clamped = min(1, max(-1, rho))
    if clamped == 0 { return 0 }
    let covariance: Double
    if clamped == 1 || clamped == -1 {
      covariance = oneDimensionalCovariance(mx, my, y, rule, flip: clamped < 0)
    } else {
      covariance = twoDimensionalCovariance(clamped, mx, my, y, rule)
    }
    let r = covariance / (mx.variance * my.variance).squareRoot()
    return r.isNaN ? .nan : min(1, max(-1, r))
  }

  /// The attainable Pearson correlations of x and y: [r(−1), r(+1)], the countermonotone and
  /// comonotone couplings (Fréchet–Hoeffding bounds), each by one-dimensional quadrature of
  /// x(z)·y(−z) and x(z)·y(z). A degenerate pair (a constant or non-finite marginal) gives 0...0.
  public static func attainablePearsonRange(
    _ x: (Double) -> Double, _ y: (Double) -> Double, nodes: Int = defaultNodes
  ) -> ClosedRange<Double> {
    let low = pearsonOfCopula(latent: -1, x, y, nodes: nodes)
    let high = pearsonOfCopula(latent: 1, x, y, nodes: nodes)
    guard low.isFinite && high.isFinite else { return 0...0 }
    return min(low, high)...max(low, high)
  }

  /// The latent correlation ρ for which `pearsonOfCopula(latent: ρ, x, y)` equals `target`, by
  /// Brent's method on [0, 1] or [−1, 0] (r is monotone with r(0) = 0) to 1e-9 in ρ.
  ///
  /// Fails with the attainable range if `target` lies outside [r(−1), r(+1)] (a slack of 1e-12
  /// absorbs rounding; a target at an end maps to ±1), or if the pair is degenerate.
  public static func latentForPearson(
    target: Double, _ x: (Double) -> Double, _ y: (Double) -> Double,
    nodes: Int = defaultNodes
  ) -> Result<Double, InfeasibleCorrelation> {
    let rule = CorrGaussHermite.rule(count: nodes)
    let mx = CorrMarginalMoments(x, rule)
    let my = CorrMarginalMoments(y, rule)
    guard mx.isFinite && my.isFinite && mx.variance > 0 && my.variance > 0 else {
      return .failure(InfeasibleCorrelation(target: target, attainable: 0...0, reason: .degenerate))
    }
    return solveForLatent(
      target: target,
      atMinusOne: pearsonOfCopula(latent: -1, x, y, nodes: nodes),
      atPlusOne: pearsonOfCopula(latent: 1, x, y, nodes: nodes)
    ) { pearsonOfCopula(latent: $0, x, y, nodes: nodes) }
  }

  /// Solves measure(ρ) = target for a measure that is monotone in ρ with measure(0) = 0, given its
  /// values at ρ = ∓1: Brent's method to 1e-9 on whichever half, [−1, 0] or [0, 1], brackets the
  /// target. Targets within 1e-12 of an end map to that end's ρ.
  static func solveForLatent(
    target: Double, atMinusOne low: Double, atPlusOne high: Double,
    _ measure: (Double) -> Double
  ) -> Result<Double, InfeasibleCorrelation> {
    guard low.isFinite && high.isFinite else {
      return .failure(InfeasibleCorrelation(target: target, attainable: 0...0, reason: .degenerate))
    }
    let range = min(low, high)...max(low, high)
    let slack = 1e-12
    guard target.isFinite, target >= range.lowerBound - slack, target <= range.upperBound + slack
    else {
      return .failure(InfeasibleCorrelation(target: target, attainable: range, reason: .outOfRange))
    }
    if target == 0 { return .success(0) }
    // For a non-decreasing measure a positive target lies in [0, m(1)]; for a non-increasing one,
    // in [0, m(−1)]. The end value then has the target's sign (up to the slack).
    let increasing = high >= low
    let positiveHalf = (target > 0) == increasing
    let end = positiveHalf ? high : low
    if abs(target) >= abs(end) { return .success(positiveHalf ? 1 : -1) }
    let f = { (rho: Double) in measure(rho) - target }
    let root =
      positiveHalf
      ? corrBrentRoot(0, 1, fLower: -target, fUpper: high - target, tolerance: 1e-9, f)
      : corrBrentRoot(-1, 0, fLower: low - target, fUpper: -target, tolerance: 1e-9, f)
    return .success(root)
  }

  // MARK: - Quadrature pieces

  /// Cov(x(Z), y(±Z)) on the one-dimensional rule (the comonotone or countermonotone coupling).
  private static func oneDimensionalCovariance(
    _ mx: CorrMarginalMoments, _ my: CorrMarginalMoments, _ y: (Double) -> Double,
    _ rule: CorrGaussHermite, flip: Bool
  ) -> Double {
    var sum = 0.0
    for k in mx.indices.indices {
      let i = mx.indices[k]
      // y(−zᵢ) = y(z_{n−1−i}): the rule is exactly symmetric, so reuse the stored value.
      let yValue = flip ? my.values[my.indices.count - 1 - k] : my.values[k]
      sum += rule.weights[i] * (mx.values[k] - mx.mean) * (yValue - my.mean)
    }
    return sum / mx.totalWeight
  }

  /// Cov(x(Z₁), y(Z₂)) on the Cholesky-rotated product grid restricted to the disc of radius
  /// `nodeCutoff`, with weights renormalised over that disc.
  private static func twoDimensionalCovariance(
    _ rho: Double, _ mx: CorrMarginalMoments, _ my: CorrMarginalMoments,
    _ y: (Double) -> Double, _ rule: CorrGaussHermite
  ) -> Double {
    let s = ((1 - rho) * (1 + rho)).squareRoot()
    let radius2 = nodeCutoff * nodeCutoff
    let n = rule.nodes.count
    var sum = 0.0
    var totalWeight = 0.0
    for k in mx.indices.indices {
      let i = mx.indices[k]
      let zi = rule.nodes[i]
      var inner = 0.0
      var innerWeight = 0.0
      for j in 0..<n {
        let zj = rule.nodes[j]
        if zi * zi + zj * zj > radius2 { continue }
        inner += rule.weights[j] * (y(rho * zi + s * zj) - my.mean)
        innerWeight += rule.weights[j]
      }
      sum += rule.weights[i] * (mx.values[k] - mx.mean) * inner
      totalWeight += rule.weights[i] * innerWeight
    }
    return sum / totalWeight
  }
}

/// A marginal evaluated on the Gauss–Hermite nodes with |z| ≤ `CorrelationMath.nodeCutoff`, with
/// its mean and variance under the renormalised weights.
struct CorrMarginalMoments {
  /// The indices of the nodes used, ascending (a symmetric set, since the rule is symmetric).
  let indices: [Int]
  /// x(z) at those nodes.
  let values: [Double]
  /// The sum of the weights of those nodes.
  let totalWeight: Double
  let mean: Double
  let variance: Double

  init(_ x: (Double) -> Double, _ rule: CorrGaussHermite) {
    var indices: [Int] = []
    var values: [Double] = []
    var totalWeight = 0.0
    var weightedSum = 0.0
    for i in rule.nodes.indices where abs(rule.nodes[i]) <= CorrelationMath.nodeCutoff {
      let value = x(rule.nodes[i])
      indices.append(i)
      values.append(value)
      totalWeight += rule.weights[i]
      weightedSum += rule.weights[i] * value
    }
    let mean = weightedSum / totalWeight
    var squares = 0.0
    for (k, i) in indices.enumerated() {
      let d = values[k] - mean
      squares += rule.weights[i] * d * d
    }
    self.indices = indices
    self.values = values
    self.totalWeight = totalWeight
    self.mean = mean
    self.variance = squares / totalWeight
  }

  /// Whether the mean and variance are finite (false if the closure returned ±∞ or NaN).
  var isFinite: Bool { mean.isFinite && variance.isFinite }
}

/// Why a declared correlation cannot be reached for a pair of marginals; carries what the
/// compiler's error message needs.
public struct InfeasibleCorrelation: Error, Sendable, Equatable {
  /// The kind of failure.
  public enum Reason: Sendable, Equatable {
    /// The target lies outside `attainable`.
    case outOfRange
    /// A marginal is constant or has non-finite moments on the quadrature nodes, so the
    /// correlation is undefined (`attainable` is then 0...0).
    case degenerate
  }

  /// The declared correlation.
  public var target: Double
  /// The correlations this pair of marginals can reach under a Gaussian copula (the comonotone
  /// and countermonotone ends).
  public var attainable: ClosedRange<Double>
  /// The kind of failure.
  public var reason: Reason

  public init(target: Double, attainable: ClosedRange<Double>, reason: Reason) {
    self.target = target
    self.attainable = attainable
    self.reason = reason
  }
}
