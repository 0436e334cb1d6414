/// Poisson(lambda).
///
/// - lambda < 10: inversion by sequential search (one uniform, about lambda + 1 steps; Devroye,
///   "Non-Uniform Random Variate Generation", 1986, §X.3). The search also stops once the
///   remaining terms no longer change the running CDF in binary64.
/// - lambda ≥ 10: PTRS, the transformed rejection with squeeze of Hörmann, "The transformed
///   rejection method for generating Poisson random variables", Insurance: Mathematics and
///   Economics 12:39–45, 1993, with numpy's constants and order of tests
///   (`random_poisson_ptrs`); two uniforms per try, acceptance about 0.9. log k! uses
///   `logGamma` (Stirling series), not the platform `lgamma`. The loop is capped at 2²⁰ tries;
///   at the cap (never reached in practice) the result is lambda rounded, deterministically.
public struct PoissonSampler: Sendable, Equatable {
  @usableFromInline let lambda: Double
  @usableFromInline let usesPTRS: Bool
  /// exp(−lambda), for the inversion path.
  @usableFromInline let expNegLambda: Double
  // PTRS constants (Hörmann 1993, Table 1 as used by numpy).
  @usableFromInline let logLambda: Double
  @usableFromInline let a: Double
  @usableFromInline let b: Double
  @usableFromInline let logInvAlpha: Double
  @usableFromInline let vr: Double

  /// A sampler for Poisson(lambda); expects `0 <= lambda <= 1e9`.
  @inlinable
  public init(lambda: Double) {
    self.lambda = lambda
    self.usesPTRS = lambda >= 10
    self.expNegLambda = kernelExp(-lambda)
    let b = 0.931 + 2.53 * lambda.squareRoot()
    self.b = b
    self.a = -0.059 + 0.02483 * b
    self.logLambda = kernelLog(lambda)
    self.logInvAlpha = kernelLog(1.1239 + 1.1328 / (b - 3.4))
    self.vr = 0.9277 - 3.6224 / (b - 2)
  }

  /// One value as an exact Int64.
  @inlinable
  public func sample(_ rng: inout CellRNG) -> Int64 {
    usesPTRS ? ptrs(&rng) : inversion(&rng)
  }

  /// Sequential search: the smallest k with F(k) ≥ u.
  @inlinable
  func inversion(_ rng: inout CellRNG) -> Int64 {
    let u = rng.nextUniform()
    var k: Int64 = 0
    var p = expNegLambda
    var cdf = p
    while u > cdf && k < Int64(samplerRetryCap) {
      k += 1
      p = p * lambda / Double(k)
      let next = cdf + p
      if next == cdf { break }  // the tail no longer moves the CDF: k is as far as it gets
      cdf = next
    }
    return k
  }

  /// Hörmann's PTRS (numpy `random_poisson_ptrs`).
  @inlinable
  func ptrs(_ rng: inout CellRNG) -> Int64 {
    for _ in 0..<samplerRetryCap {
      let u = rng.nextUniform() - 0.5
      let v = rng.nextUniform()
      let us = 0.5 - abs(u)
      let kd = ((2 * a / us + b) * u + lambda + 0.43).rounded(.down)
      // Candidates outside [0, 2^62] are rejected anyway; checking first keeps Int64() safe.
      if !(kd >= 0 && kd <= 0x1p62) { continue }
      let k = Int64(kd)
      if us >= 0.07 && v <= vr { return k }
      if us < 0.013 && v > us { continue }
      let lhs = kernelLog(v) + logInvAlpha - kernelLog(a / (us * us) + b)
      let rhs = -lambda + kd * logLambda - logGamma(kd + 1)
      if lhs <= rhs { return k }
    }
    return Int64(lambda.rounded())
  }
}
