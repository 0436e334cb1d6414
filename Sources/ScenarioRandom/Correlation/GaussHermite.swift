import Foundation

/// An n-point Gauss–Hermite rule for the standard normal weight: E[f(Z)] ≈ Σ wᵢ·f(zᵢ), exact for
/// polynomials of degree ≤ 2n − 1.
///
/// Built by Golub–Welsch (the nodes are the eigenvalues of the Jacobi matrix of the orthonormal
/// probabilists' Hermite polynomials, off-diagonal √k), solved with `CorrSymmetricEigen`, then each
/// node is polished by Newton's method on qₙ (q′ₙ = √n·qₙ₋₁) and given the Christoffel weight
/// 1/Σₖ₌₀ⁿ⁻¹ qₖ(z)². Only the non-negative half is computed; the other half is its mirror image, so
/// the rule is exactly symmetric (zᵢ = −zₙ₋₁₋ᵢ, wᵢ = wₙ₋₁₋ᵢ). The weights are finally divided by
/// their sum so they add up to 1. Pure arithmetic and `squareRoot()`, so the same bits everywhere.
struct CorrGaussHermite: Sendable {
  /// The nodes in ascending order.
  let nodes: [Double]
  /// The weights, summing to 1.
  let weights: [Double]

  /// The smallest and largest node counts accepted.
  static let allowedCounts = 2...128

  /// Builds the rule with `count` nodes.
  init(count n: Int) {
    precondition(Self.allowedCounts.contains(n), "Gauss–Hermite node count out of range")
    var jacobi = [Double](repeating: 0, count: n * n)
    for k in 1..<n {
      let b = Double(k).squareRoot()
      jacobi[(k - 1) * n + k] = b
      jacobi[k * n + k - 1] = b
    }
    let guesses = CorrSymmetricEigen(symmetric: jacobi, dimension: n).values
    var nodes = [Double](repeating: 0, count: n)
    var weights = [Double](repeating: 0, count: n)
    for i in (n / 2)..<n {
      // For odd n the middle node is exactly 0 by symmetry.
      let z = (n % 2 == 1 && i == n / 2) ? 0 : Self.polish(guesses[i], n)
      nodes[i] = z
      nodes[n - 1 - i] = -z
      let w = Self.christoffel(z, n)
      weights[i] = w
      weights[n - 1 - i] = w
    }
    var total = 0.0
    for w in weights { total += w }
    self.nodes = nodes
    self.weights = weights.map { $0 / total }
  }

  /// q_{n}(z) and q_{n−1}(z) of the orthonormal probabilists' Hermite polynomials, by the
  /// recurrence √(k+1)·q_{k+1} = z·q_k − √k·q_{k−1}.
  private static func orthonormal(_ z: Double, _ n: Int) -> (qn: Double, qn1: Double) {
    var previous = 0.0
    var current = 1.0
    for k in 0..<n {
      let next = (z * current - Double(k).squareRoot() * previous) / Double(k + 1).squareRoot()
      previous = current
      current = next
    }
    return (current, previous)
  }

  /// Newton's method on qₙ from the eigenvalue estimate (already accurate to ~1e-14).
  private static func polish(_ start: Double, _ n: Int) -> Double {
    var z = start
    let sqrtN = Double(n).squareRoot()
    for _ in 0..<8 {
      let (qn, qn1) = orthonormal(z, n)
      let step = qn / (sqrtN * qn1)
      z -= step
      if abs(step) <= 1e-16 * max(1, abs(z)) { break }
    }
    return z
  }

  /// The Christoffel number 1/Σₖ₌₀ⁿ⁻¹ qₖ(z)², the Gauss weight of node z.
  private static func christoffel(_ z: Double, _ n: Int) -> Double {
    var previous = 0.0
    var current = 1.0
    var sum = 1.0
    for k in 0..<(n - 1) {
      let next = (z * current - Double(k).squareRoot() * previous) / Double(k + 1).squareRoot()
      previous = current
      current = next
      sum += next * next
    }
    return 1 / sum
  }

  // MARK: - Cache

  /// The rule for `count` nodes, built once per count and shared (the lookup never iterates the
  /// cache, so its order cannot reach a result).
  static func rule(count: Int) -> CorrGaussHermite {
    corrGaussHermiteCache.rule(count: count)
  }
}

/// A lock-protected cache of Gauss–Hermite rules by node count.
private final class CorrGaussHermiteCache: @unchecked Sendable {
  private let lock = NSLock()
  private var rules: [Int: CorrGaussHermite] = [:]

  func rule(count: Int) -> CorrGaussHermite {
    lock.lock()
    defer { lock.unlock() }
    if let cached = rules[count] { return cached }
    let built = CorrGaussHermite(count: count)
    rules[count] = built
    return built
  }
}

private let corrGaussHermiteCache = CorrGaussHermiteCache()
