import Foundation
import Testing

#if canImport(ScenarioCorrelation)
  @testable import ScenarioCorrelation
#else
  @testable import ScenarioRandom
#endif

/// Rank correlation with tied (discrete) marginals: the Fibonacci-lattice estimate against exact
/// bivariate-normal values.
@Suite struct CorrelationRankTests {
  /// Bernoulli(0.3) and Bernoulli(0.6) as step functions of z.
  static let thresholdA = 0.5244005127080407  // Φ⁻¹(0.7): P(A = 1) = 0.3
  static let thresholdB = -0.2533471031357997  // Φ⁻¹(0.4): P(B = 1) = 0.6
  static func bernoulliA(_ z: Double) -> Double { z > thresholdA ? 1 : 0 }
  static func bernoulliB(_ z: Double) -> Double { z > thresholdB ? 1 : 0 }

  /// The exact mid-rank Spearman (= φ coefficient) of the two Bernoullis at latent ρ.
  static func exactPhi(_ rho: Double) -> Double {
    let p = 1 - CorrTest.phi(thresholdA)
    let q = 1 - CorrTest.phi(thresholdB)
    let both = CorrTest.upperOrthant(thresholdA, thresholdB, rho)
    return (both - p * q) / (p * (1 - p) * q * (1 - q)).squareRoot()
  }

  @Test func binaryPairMatchesTheExactPhiCoefficient() {
    for rho in [-0.8, -0.3, 0.2, 0.5, 0.9] {
      let estimate = CorrelationMath.spearmanOfCopula(
        latent: rho, Self.bernoulliA, Self.bernoulliB)
      // The lattice error for step functions is a few lattice points' worth of probability.
      #expect(abs(estimate - Self.exactPhi(rho)) < 1e-3, "ρ = \(rho): \(estimate)")
    }
  }

  @Test func binaryPairSolvesForTheLatent() throws {
    let latent = try CorrelationMath.latentForRankTarget(
      target: 0.3, Self.bernoulliA, Self.bernoulliB
    ).get()
    // Ties attenuate: the latent must exceed both the target and 2 sin(π·0.3/6).
    #expect(latent > CorrelationMath.latentFromSpearman(0.3))
    #expect(abs(Self.exactPhi(latent) - 0.3) < 1e-3, "latent = \(latent)")
  }

  @Test func binaryPairHasANarrowAttainableRange() {
    // The largest φ of Bernoulli(0.3) and Bernoulli(0.6) is √(0.3·0.4/(0.7·0.6)) ≈ 0.5345.
    let result = CorrelationMath.latentForRankTarget(
      target: 0.8, Self.bernoulliA, Self.bernoulliB)
    guard case .failure(let error) = result else {
      Issue.record("φ = 0.8 is not attainable")
      return
    }
    #expect(error.reason == .outOfRange)
    #expect(abs(error.attainable.upperBound - (0.3 * 0.4 / (0.7 * 0.6)).squareRoot()) < 1e-3)
    // The smallest: −√(0.3·0.6/(0.7·0.4)) ≈ −0.8018.
    #expect(abs(error.attainable.lowerBound + (0.3 * 0.6 / (0.7 * 0.4)).squareRoot()) < 1e-3)
  }

  @Test func mixedContinuousAndBinaryPair() {
    // corr(Φ(Z₁), 1{Z₂ > b}): E[Φ(Z₁)·1{Z₂ > b}] = P(W > 0, Z₂ > b) with W = (Z₁ − Z₃)/√2,
    // corr(W, Z₂) = ρ/√2; Var Φ(Z₁) = 1/12.
    let b = Self.thresholdB
    let p = 1 - CorrTest.phi(b)
    for rho in [-0.6, 0.4, 0.85] {
      let joint = CorrTest.upperOrthant(0, b, rho / 2.0.squareRoot())
      let exact = (joint - 0.5 * p) / ((1.0 / 12).squareRoot() * (p * (1 - p)).squareRoot())
      let estimate = CorrelationMath.spearmanOfCopula(latent: rho, { $0 }, Self.bernoulliB)
      #expect(abs(estimate - exact) < 1e-3, "ρ = \(rho): \(estimate) vs \(exact)")
    }
  }

  @Test func continuousMarginalsUseTheExactMap() throws {
    let identity: (Double) -> Double = { $0 }
    let cube: (Double) -> Double = { $0 * $0 * $0 + $0 }
    for target in [-0.9, -0.35, 0.35, 0.9] {
      let latent = try CorrelationMath.latentForRankTarget(target: target, identity, cube).get()
      #expect(latent == CorrelationMath.latentFromSpearman(target))
      #expect(
        CorrelationMath.spearmanOfCopula(latent: latent, identity, cube)
          == CorrelationMath.spearmanFromLatent(latent))
    }
    let tooBig = CorrelationMath.latentForRankTarget(target: 1.2, identity, cube)
    #expect(throws: InfeasibleCorrelation.self) { try tooBig.get() }
  }

  @Test func poissonLikeCountsAttenuateTowardsZero() throws {
    // A count variable (floor of a scaled normal, clamped at 0) against a continuous one: the
    // rank correlation at a latent ρ is below the continuous (6/π)·arcsin(ρ/2).
    let counts: (Double) -> Double = { z in max(0, (1.5 * z + 2).rounded(.down)) }
    let rho = 0.6
    let tied = CorrelationMath.spearmanOfCopula(latent: rho, counts, { $0 })
    #expect(tied < CorrelationMath.spearmanFromLatent(rho))
    #expect(tied > 0.4)
    let latent = try CorrelationMath.latentForRankTarget(target: tied, counts, { $0 }).get()
    #expect(abs(latent - rho) < 1e-6)
  }

  @Test func pinnedLatticeEstimate() {
    // Known-answer bits for a tied pair built from pure arithmetic (no libm on any path).
    let estimate = CorrelationMath.spearmanOfCopula(
      latent: 0.5, { $0 > 0.3 ? 1 : 0 }, { ($0 * 2).rounded(.down) })
    #expect(estimate.bitPattern == 0x3FD8_C851_32E9_2A47)
  }

  @Test func degenerateAndZeroTargets() throws {
    let constant: (Double) -> Double = { _ in 3 }
    let result = CorrelationMath.latentForRankTarget(target: 0.2, constant, Self.bernoulliA)
    #expect(throws: InfeasibleCorrelation.self) { try result.get() }
    #expect(CorrelationMath.spearmanOfCopula(latent: 0.5, constant, Self.bernoulliA) == 0)
    #expect(
      try CorrelationMath.latentForRankTarget(target: 0, Self.bernoulliA, Self.bernoulliB).get()
        == 0)
  }
}
