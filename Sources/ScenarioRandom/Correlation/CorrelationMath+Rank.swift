/// Rank (Spearman) correlation under a Gaussian copula when a marginal has ties.
///
/// With continuous marginals ρ_S = (6/π)·arcsin(ρ/2) exactly. With a discrete marginal (a step
/// function of z) ties pull the rank correlation towards zero (research/statistics.md §3.2), and
/// Gauss–Hermite converges badly on step functions, so these functions use a deterministic
/// quasi-Monte-Carlo rule instead:
///
/// - The population Spearman correlation with mid-ranks is the Pearson correlation of the mid-CDF
///   transforms F*(x) = P(X < x) + ½·P(X = x) (what the sample statistic with average ranks
///   estimates). Each marginal's F* is estimated from the N stratified values x(Φ⁻¹((k+½)/N)).
/// - E over (Z₁, Z₂) uses the rank-1 Fibonacci lattice with N = F₂₅ = 75 025 points and generator
///   F₂₄ = 46 368 (the best two-dimensional lattice), shifted by ½/N and mapped through Φ⁻¹.
///   Point k is (z_k, ρ·z_k + √(1−ρ²)·z_{(k·46368) mod N}) with z_k = Φ⁻¹((k+½)/N). Both
///   projections of the lattice are the full stratified grid, so the marginals are reproduced
///   exactly.
///
/// Accuracy (measured in the tests against exact bivariate-normal values): for binary pairs with
/// P(1) between 0.01 and 0.9 and latent ρ in [−0.9, 0.9] the estimate is within 8e-4 of the exact
/// rank correlation (typically 3e-4; the error is a few lattice points' worth of probability, so
/// it is largest for rare categories); for a continuous × binary pair, within 2e-4. That is far
/// below the ±0.014 Fisher band of a 10⁵-row check. The estimate is a step function of ρ (it
/// changes when a lattice point crosses a jump of y), so the root is located to 1e-9 but is only
/// as good as that accuracy. Cost: N evaluations of y per value of ρ; a solve needs about 10–30.
extension CorrelationMath {
  /// The Fibonacci lattice size F₂₅ used by the rank solver.
  static let rankLatticeSize = 75_025
  /// The lattice generator F₂₄.
  static let rankLatticeGenerator = 46_368

  /// Spearman's rank correlation (mid-ranks) of (x(Z₁), y(Z₂)) for standard normals with
  /// correlation `rho`: `spearmanFromLatent(rho)` if neither marginal has ties on the
  /// N-point grid (continuous marginals), else the quasi-Monte-Carlo estimate described above.
  /// Returns 0 for a constant marginal and NaN if a closure returns NaN.
  public static func spearmanOfCopula(
    latent rho: Double, _ x: (Double) -> Double, _ y: (Double) -> Double
  ) -> Double {
    if rho.isNaN { return .nan }
    let solver = CorrRankSolver(x, y)
    switch solver.kind {
    case .invalid: return .nan
    case .degenerate: return 0
    case .continuous: return spearmanFromLatent(rho)
    case .tied: return solver.correlation(min(1, max(-1, rho)), y)
    }
  }

  /// The latent ρ whose rank correlation (`spearmanOfCopula`) equals `target`.
  ///
  /// Continuous marginals (no ties on the grid) use the exact 2·sin(π·target/6), feasible for any
  /// target in [−1, 1]. Otherwise Brent's method to 1e-9 on the quasi-Monte-Carlo estimate; the
  /// attainable range is then [rank correlation at ρ = −1, at ρ = +1], which for discrete marginals
  /// is narrower than [−1, 1].
  public static func latentForRankTarget(
    target: Double, _ x: (Double) -> Double, _ y: (Double) -> Double
  ) -> Result<Double, InfeasibleCorrelation> {
    let solver = CorrRankSolver(x, y)
    switch solver.kind {
    case .invalid, .degenerate:
      return .failure(InfeasibleCorrelation(target: target, attainable: 0...0, reason: .degenerate))
    case .continuous:
      guard target.isFinite && abs(target) <= 1 else {
        return .failure(
          InfeasibleCorrelation(target: target, attainable: -1...1, reason: .outOfRange))
      }
      return .success(latentFromSpearman(target))
    case .tied:
      return solveForLatent(
        target: target, atMinusOne: solver.correlation(-1, y),
        atPlusOne: solver.correlation(1, y)
      ) { solver.correlation($0, y) }
    }
  }

  /// The stratified grid z_k = Φ⁻¹((k+½)/N), k = 0..<N, exactly symmetric (z_k = −z_{N−1−k}).
  static let rankGrid: [Double] = {
    let n = rankLatticeSize
    var grid = [Double](repeating: 0, count: n)
    for k in 0..<(n / 2) {
      let z = corrNormalQuantile((Double(k) + 0.5) / Double(n))
      grid[k] = z
      grid[n - 1 - k] = -z
    }
    return grid  // N is odd: the middle entry stays exactly 0
  }()
}

/// The precomputed parts of a rank-correlation evaluation for one pair of marginals.
struct CorrRankSolver {
  enum Kind {
    /// A closure returned NaN.
    case invalid
    /// A marginal is constant on the grid.
    case degenerate
    /// Neither marginal has ties: the exact formula applies.
    case continuous
    /// At least one marginal has ties: use the lattice.
    case tied
  }

  let kind: Kind
  /// y on the grid, sorted ascending (the lookup table of y's mid-CDF).
  private let sortedY: [Double]
  /// F*_X(x(z_k)) − its mean, for each grid index k (lattice point k has Z₁ = z_k).
  private let centeredX: [Double]
  /// Σ centeredX².
  private let sumSquaresX: Double

  init(_ x: (Double) -> Double, _ y: (Double) -> Double) {
    let grid = CorrelationMath.rankGrid
    let xs = grid.map(x)
    let ys = grid.map(y)
    if xs.contains(where: \.isNaN) || ys.contains(where: \.isNaN) {
      (kind, sortedY, centeredX, sumSquaresX) = (.invalid, [], [], 0)
      return
    }
    sortedY = ys.sorted()
    let sortedX = xs.sorted()
    let constant = sortedX.first == sortedX.last || sortedY.first == sortedY.last
    let tied = Self.hasTies(sortedX) || Self.hasTies(sortedY)
    kind = constant ? .degenerate : (tied ? .tied : .continuous)
    let midX = xs.map { Self.midCDF($0, sortedX) }
    var mean = 0.0
    for value in midX { mean += value }
    mean /= Double(midX.count)
    centeredX = midX.map { $0 - mean }
    var squares = 0.0
    for value in centeredX { squares += value * value }
    sumSquaresX = squares
  }

  /// The lattice estimate of corr(F*_X(x(Z₁)), F*_Y(y(Z₂))) at latent ρ ∈ [−1, 1] (0 at ρ = 0).
  func correlation(_ rho: Double, _ y: (Double) -> Double) -> Double {
    if rho == 0 { return 0 }
    let grid = CorrelationMath.rankGrid
    let n = grid.count
    let generator = CorrelationMath.rankLatticeGenerator
    let s = ((1 - rho) * (1 + rho)).squareRoot()
    var midY = [Double](repeating: 0, count: n)
    var mean = 0.0
    var second = 0  // (k·generator) mod n, advanced incrementally
    for k in 0..<n {
      let z2 = s == 0 ? (rho > 0 ? grid[k] : grid[n - 1 - k]) : rho * grid[k] + s * grid[second]
      let value = Self.midCDF(y(z2), sortedY)
      midY[k] = value
      mean += value
      second += generator
      if second >= n { second -= n }
    }
    mean /= Double(n)
    var cross = 0.0
    var squares = 0.0
    for k in 0..<n {
      let d = midY[k] - mean
      cross += centeredX[k] * d
      squares += d * d
    }
    if squares <= 0 || sumSquaresX <= 0 { return 0 }
    return min(1, max(-1, cross / (sumSquaresX * squares).squareRoot()))
  }

  /// Whether a sorted array has two equal neighbours.
  private static func hasTies(_ sorted: [Double]) -> Bool {
    for k in 1..<sorted.count where sorted[k] == sorted[k - 1] { return true }
    return false
  }

  /// The empirical mid-CDF (#{< v} + #{≤ v}) / (2·count) of the sorted sample at v.
  private static func midCDF(_ v: Double, _ sorted: [Double]) -> Double {
    // Two binary searches: first index with element ≥ v, and first index with element > v.
    var lo = 0
    var hi = sorted.count
    while lo < hi {
      let mid = (lo + hi) / 2
      if sorted[mid] < v { lo = mid + 1 } else { hi = mid }
    }
    let below = lo
    hi = sorted.count
    while lo < hi {
      let mid = (lo + hi) / 2
      if sorted[mid] <= v { lo = mid + 1 } else { hi = mid }
    }
    return Double(below + lo) / Double(2 * sorted.count)
  }
}
