/// The eigen-decomposition A = V·diag(λ)·Vᵀ of a small real symmetric matrix by the cyclic Jacobi
/// method (Jacobi 1846; Rutishauser's rotation formulas as in Numerical Recipes §11.1 `jacobi`).
///
/// Groups are small (k ≲ 50), and Jacobi is simple, accurate (small eigenvalues get high relative
/// accuracy) and bit-reproducible in pure Swift: every sweep visits the pairs (p, q) in the same
/// row-major order p < q, and the stopping rule is a comparison on the values themselves
/// (research/statistics.md §3.4).
struct CorrSymmetricEigen {
  /// The eigenvalues, ascending (ties broken by the original index, so the order is fixed).
  let values: [Double]
  /// The eigenvectors as columns of an n×n row-major matrix: column k belongs to `values[k]`.
  let vectors: [Double]
  /// The number of sweeps used (at most `maxSweeps`).
  let sweeps: Int

  /// Decomposes the symmetric n×n row-major `matrix` (only its values are read; it is assumed
  /// symmetric, as every caller builds it so).
  init(symmetric matrix: [Double], dimension n: Int, maxSweeps: Int = 100) {
    precondition(matrix.count == n * n, "matrix must have n² entries")
    var a = matrix
    var v = [Double](repeating: 0, count: n * n)
    for i in 0..<n { v[i * n + i] = 1 }
    var sweep = 0
    while sweep < maxSweeps && Self.offDiagonalIsNonzero(a, n) {
      for p in 0..<max(n - 1, 0) {
        for q in (p + 1)..<n {
          Self.annihilate(&a, &v, n, p, q, lateSweep: sweep > 3)
        }
      }
      sweep += 1
    }
    // Sort ascending by (value, index): a fixed order even for repeated eigenvalues.
    var order = Array(0..<n)
    order.sort { lhs, rhs in
      let l = a[lhs * n + lhs]
      let r = a[rhs * n + rhs]
      return l < r || (l == r && lhs < rhs)
    }
    var sortedVectors = [Double](repeating: 0, count: n * n)
    for (k, source) in order.enumerated() {
      for i in 0..<n { sortedVectors[i * n + k] = v[i * n + source] }
    }
    values = order.map { a[$0 * n + $0] }
    vectors = sortedVectors
    sweeps = sweep
  }

  /// Whether any off-diagonal element is still nonzero (the rotations set them to exactly zero).
  private static func offDiagonalIsNonzero(_ a: [Double], _ n: Int) -> Bool {
    for p in 0..<n {
      for q in (p + 1)..<n where a[p * n + q] != 0 { return true }
    }
    return false
  }

  /// One Jacobi rotation in the (p, q) plane that zeroes a[p][q], applied to both triangles of `a`
  /// and to the columns of `v`.
  private static func annihilate(
    _ a: inout [Double], _ v: inout [Double], _ n: Int, _ p: Int, _ q: Int, lateSweep: Bool
  ) {
    let apq = a[p * n + q]
    if apq == 0 { return }
    let app = a[p * n + p]
    let aqq = a[q * n + q]
    let g = 100 * abs(apq)
    // After a few sweeps, an element that no longer changes either diagonal entry is dropped
    // (Numerical Recipes' rule): this is what makes the iteration stop in finitely many sweeps.
    if lateSweep && abs(app) + g == abs(app) && abs(aqq) + g == abs(aqq) {
      a[p * n + q] = 0
      a[q * n + p] = 0
      return
    }
    let h = aqq - app
    let t: Double
    if abs(h) + g == abs(h) {
      t = apq / h  // θ is huge: t ≈ 1/(2θ)
    } else {
      let theta = 0.5 * h / apq
      let magnitude = 1 / (abs(theta) + (1 + theta * theta).squareRoot())
      t = theta < 0 ? -magnitude : magnitude
    }
    let c = 1 / (1 + t * t).squareRoot()
    let s = t * c
    let tau = s / (1 + c)
    let shift = t * apq
    a[p * n + p] = app - shift
    a[q * n + q] = aqq + shift
    a[p * n + q] = 0
    a[q * n + p] = 0
    for j in 0..<n where j != p && j != q {
      let ajp = a[j * n + p]
      let ajq = a[j * n + q]
      let newP = ajp - s * (ajq + ajp * tau)
      let newQ = ajq + s * (ajp - ajq * tau)
      a[j * n + p] = newP
      a[p * n + j] = newP
      a[j * n + q] = newQ
      a[q * n + j] = newQ
    }
    for j in 0..<n {
      let vjp = v[j * n + p]
      let vjq = v[j * n + q]
      v[j * n + p] = vjp - s * (vjq + vjp * tau)
      v[j * n + q] = vjq + s * (vjp - vjq * tau)
    }
  }
}
