/// Repair of indefinite correlation matrices (research/statistics.md §3.4).
extension CorrelationMatrix {
  /// The smallest eigenvalue the repaired matrix is given before rescaling to unit diagonal, so
  /// that its Cholesky factorisation succeeds (raised tenfold, up to 1e-4, in the unlikely case
  /// that rounding still leaves a pivot ≤ `pivotThreshold`).
  public static let eigenvalueFloor = 1e-8

  /// The nearest correlation matrix to `self` in the Frobenius norm, made safely positive
  /// definite. Returns `self` unchanged (maxChange 0, iterations 0) if its Cholesky factorisation
  /// already succeeds, so a valid matrix is never perturbed.
  ///
  /// Otherwise: Higham's alternating projections with Dykstra's correction (N. J. Higham,
  /// "Computing the nearest correlation matrix — a problem from finance", IMA J. Numer. Anal.
  /// 22:329–343, 2002, Algorithm 3.3 with W = I), alternating between the positive semi-definite
  /// cone (a cyclic Jacobi eigen-decomposition with negative eigenvalues set to 0; Dykstra's
  /// correction applies to this projection only) and the unit-diagonal matrices. It stops when
  /// the relative Frobenius changes of both iterates and their distance fall to `tolerance`, or
  /// after `maxIterations`. The limit is singular in general, so the eigenvalues are then floored
  /// at `eigenvalueFloor` and the matrix rescaled to unit diagonal, a change of order 1e-8.
  ///
  /// - Returns: the repaired matrix, the largest absolute change of an off-diagonal entry (for
  ///   the compiler's warning), and the number of projection iterations used.
  public func nearestCorrelation(maxIterations: Int = 1000, tolerance: Double = 1e-12)
    -> (matrix: CorrelationMatrix, maxChange: Double, iterations: Int)
  {
    if isPositiveDefinite { return (self, 0, 0) }
    let (projected, iterations) = Self.alternatingProjections(
      entries, dimension, maxIterations: maxIterations, tolerance: tolerance)
    let repaired = Self.floorAndRescale(projected, dimension)
    return (repaired, repaired.maxOffDiagonalDifference(from: self), iterations)
  }

  /// The nearest correlation matrix to an arbitrary real matrix (symmetrised as (A + Aᵀ)/2 first;
  /// its diagonal is irrelevant because every correlation matrix has the same diagonal), by the
  /// same algorithm, always run. `maxChange` compares off-diagonal entries with the symmetrised
  /// input. Nil if `entries` does not have n² finite values.
  public static func nearestCorrelation(
    toMatrix entries: [Double], dimension n: Int, maxIterations: Int = 1000,
    tolerance: Double = 1e-12
  ) -> (matrix: CorrelationMatrix, maxChange: Double, iterations: Int)? {
    guard n >= 0, entries.count == n * n, entries.allSatisfy(\.isFinite) else { return nil }
    var symmetric = entries
    for i in 0..<n {
      for j in (i + 1)..<n {
        let average = 0.5 * (entries[i * n + j] + entries[j * n + i])
        symmetric[i * n + j] = average
        symmetric[j * n + i] = average
      }
    }
    let (projected, iterations) = alternatingProjections(
      symmetric, n, maxIterations: maxIterations, tolerance: tolerance)
    let repaired = floorAndRescale(projected, n)
    var maxChange = 0.0
    for i in 0..<n {
      for j in 0..<n where j != i {
        maxChange = max(maxChange, abs(repaired.entries[i * n + j] - symmetric[i * n + j]))
      }
    }
    return (repaired, maxChange, iterations)
  }

  // MARK: - Algorithm

  /// Higham's iteration: returns the unit-diagonal iterate Y at convergence and the number of
  /// iterations.
  static func alternatingProjections(
    _ a: [Double], _ n: Int, maxIterations: Int, tolerance: Double
  ) -> (matrix: [Double], iterations: Int) {
    var y = a
    for i in 0..<n { y[i * n + i] = 1 }
    var correction = [Double](repeating: 0, count: n * n)  // Dykstra's ΔS
    var previousX = y
    var iteration = 0
    while iteration < maxIterations {
      iteration += 1
      var r = y
      for k in r.indices { r[k] -= correction[k] }
      let x = projectPSD(r, n)
      for k in correction.indices { correction[k] = x[k] - r[k] }
      let previousY = y
      y = x
      for i in 0..<n { y[i * n + i] = 1 }
      let changeX = frobeniusDistance(x, previousX) / frobeniusNorm(x)
      let changeY = frobeniusDistance(y, previousY) / frobeniusNorm(y)
      let gap = frobeniusDistance(y, x) / frobeniusNorm(y)
      previousX = x
      if max(changeX, changeY, gap) <= tolerance { break }
    }
    return (y, iteration)
  }

  /// The projection onto the positive semi-definite cone: V·diag(max(λ, 0))·Vᵀ.
  static func projectPSD(_ a: [Double], _ n: Int) -> [Double] {
    let eigen = CorrSymmetricEigen(symmetric: a, dimension: n)
    return reconstruct(eigen, n) { max($0, 0) }
  }

  /// V·diag(transform(λ))·Vᵀ, built for i ≤ j and mirrored so it is exactly symmetric.
  static func reconstruct(
    _ eigen: CorrSymmetricEigen, _ n: Int, _ transform: (Double) -> Double
  ) -> [Double] {
    let lambda = eigen.values.map(transform)
    let v = eigen.vectors
    var result = [Double](repeating: 0, count: n * n)
    for i in 0..<n {
      for j in i..<n {
        var sum = 0.0
        for k in 0..<n where lambda[k] != 0 { sum += v[i * n + k] * lambda[k] * v[j * n + k] }
        result[i * n + j] = sum
        result[j * n + i] = sum
      }
    }
    return result
  }

  /// Floors the eigenvalues of a unit-diagonal symmetric matrix, rescales it to unit diagonal and
  /// clamps the off-diagonal entries to [−1, 1], raising the floor until Cholesky succeeds.
  static func floorAndRescale(_ a: [Double], _ n: Int) -> CorrelationMatrix {
    let eigen = CorrSymmetricEigen(symmetric: a, dimension: n)
    var floor = eigenvalueFloor
    var result = a
    while true {
      let raised = reconstruct(eigen, n) { max($0, floor) }
      for i in 0..<n {
        result[i * n + i] = 1
        let di = raised[i * n + i].squareRoot()
        for j in (i + 1)..<n {
          let dj = raised[j * n + j].squareRoot()
          let value = min(1, max(-1, raised[i * n + j] / (di * dj)))
          result[i * n + j] = value
          result[j * n + i] = value
        }
      }
      if cholesky(result, n) != nil || floor >= 1e-4 { break }
      floor *= 10
    }
    return CorrelationMatrix(validated: result, dimension: n)
  }

  /// ‖a − b‖_F, summed in index order.
  private static func frobeniusDistance(_ a: [Double], _ b: [Double]) -> Double {
    var sum = 0.0
    for k in a.indices {
      let d = a[k] - b[k]
      sum += d * d
    }
    return sum.squareRoot()
  }

  /// ‖a‖_F, summed in index order.
  private static func frobeniusNorm(_ a: [Double]) -> Double {
    var sum = 0.0
    for value in a { sum += value * value }
    return sum.squareRoot()
  }
}
