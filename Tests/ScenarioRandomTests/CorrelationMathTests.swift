import Foundation
import Testing

#if canImport(ScenarioCorrelation)
  @testable import ScenarioCorrelation
#else
  @testable import ScenarioRandom
#endif

/// Spearman ↔ latent maps, the deterministic kernels and Gauss–Hermite rules.
@Suite struct CorrelationKernelTests {
  @Test func latentFromSpearmanMatchesTheWorkedExample() {
    // research/statistics.md §3.2: Spearman 0.35 → ρ_Z = 2 sin(0.35π/6) = 0.36447.
    let latent = CorrelationMath.latentFromSpearman(0.35)
    #expect(abs(latent - 0.36447) < 5e-6)
    #expect(abs(latent - 2 * sin(Double.pi * 0.35 / 6)) < 1e-15)
  }

  @Test func spearmanMapsAreInversesAndFixTheEnds() {
    for k in -100...100 {
      let rho = Double(k) / 100
      let latent = CorrelationMath.latentFromSpearman(rho)
      #expect(abs(latent - 2 * sin(Double.pi * rho / 6)) < 2e-16)
      #expect(abs(CorrelationMath.spearmanFromLatent(latent) - rho) < 1e-15)
      #expect(abs(CorrelationMath.spearmanFromLatent(rho) - 6 / Double.pi * asin(rho / 2)) < 1e-15)
    }
    for end in [-1.0, 0, 1] {
      #expect(CorrelationMath.latentFromSpearman(end) == end)
      #expect(CorrelationMath.spearmanFromLatent(end) == end)
    }
    #expect(CorrelationMath.latentFromSpearman(1.5) == 1)
  }

  @Test func pinnedBitsOfTheSpearmanMap() {
    // Known-answer values (equal to glibc's 2·sin(π·0.35/6) and (6/π)·asin(0.25)). They are
    // produced without libm, so they must hold on every platform.
    #expect(CorrelationMath.latentFromSpearman(0.35).bitPattern == 0x3FD7_537E_6314_3E2F)
    #expect(CorrelationMath.spearmanFromLatent(0.5).bitPattern == 0x3FDE_E2A6_E8B7_7D32)
  }

  @Test func kernelsAgreeWithLibm() {
    for k in 1...2000 {
      let x = Double(k) * 0.37e-3
      #expect(abs(corrLog(x) - log(x)) <= 4 * log(x).ulp.magnitude + 1e-300)
    }
    for x in [1e-300, 2.5e-12, 0.1, 0.5, 0.7071067811865476, 0.99999, 3.0, 1e10] {
      #expect(abs(corrLog(x) - log(x)) <= 4 * abs(log(x)).ulp)
    }
    for k in -50...50 {
      let x = Double(k) / 100
      #expect(abs(corrArcsin(x) - asin(x)) <= 3 * asin(x).ulp.magnitude + 1e-300)
      #expect(abs(corrSin(x) - sin(x)) <= 2 * sin(x).ulp.magnitude + 1e-300)
    }
  }

  @Test func normalQuantileKnownValues() {
    // AS 241 reference values (research/statistics.md §3.5).
    #expect(abs(corrNormalQuantile(0.25) + 0.6744897501960817) < 1e-15)
    #expect(abs(corrNormalQuantile(0.001) + 3.090232306167814) < 1e-14)
    #expect(abs(corrNormalQuantile(1e-20) + 9.262340089798408) < 1e-13)
    #expect(corrNormalQuantile(0.5) == 0)
    // The rank solver's grid is exactly symmetric.
    let grid = CorrelationMath.rankGrid
    #expect(grid.count == CorrelationMath.rankLatticeSize)
    for k in stride(from: 0, to: grid.count, by: 97) {
      #expect(grid[k] == -grid[grid.count - 1 - k])
    }
    #expect(grid[grid.count / 2] == 0)
    #expect(grid.indices.dropFirst().allSatisfy { grid[$0] > grid[$0 - 1] })
  }

  @Test func gaussHermiteIsExactForLowDegreeMoments() {
    for count in [2, 5, 20, 48, 96, 128] {
      let rule = CorrGaussHermite(count: count)
      #expect(rule.nodes.count == count)
      #expect(abs(rule.weights.reduce(0, +) - 1) < 1e-14)
      for i in 0..<count {
        #expect(rule.nodes[i] == -rule.nodes[count - 1 - i])
        #expect(rule.weights[i] == rule.weights[count - 1 - i])
      }
      // E[Z^(2m)] = (2m − 1)!!, exact for 2m ≤ 2n − 1.
      var doubleFactorial = 1.0
      for m in 1...min(count - 1, 10) {
        doubleFactorial *= Double(2 * m - 1)
        var moment = 0.0
        for i in 0..<count { moment += rule.weights[i] * pow(rule.nodes[i], Double(2 * m)) }
        #expect(abs(moment / doubleFactorial - 1) < 1e-12, "n=\(count) m=\(m)")
      }
    }
    // The cache hands back the same rule.
    #expect(CorrGaussHermite.rule(count: 48).nodes == CorrGaussHermite(count: 48).nodes)
  }

  @Test func jacobiEigenvaluesOfKnownMatrices() {
    let two = CorrSymmetricEigen(symmetric: [2, 1, 1, 2], dimension: 2)
    #expect(abs(two.values[0] - 1) < 1e-15 && abs(two.values[1] - 3) < 1e-15)
    // Tridiagonal (2, −1): λ_k = 2 − 2cos(kπ/(n+1)).
    let n = 6
    var a = [Double](repeating: 0, count: n * n)
    for i in 0..<n {
      a[i * n + i] = 2
      if i + 1 < n {
        a[i * n + i + 1] = -1
        a[(i + 1) * n + i] = -1
      }
    }
    let eigen = CorrSymmetricEigen(symmetric: a, dimension: n)
    for k in 1...n {
      #expect(
        abs(eigen.values[k - 1] - (2 - 2 * cos(Double(k) * Double.pi / Double(n + 1)))) < 1e-14)
    }
    // A·v = λ·v for each column.
    for k in 0..<n {
      for i in 0..<n {
        var av = 0.0
        for j in 0..<n { av += a[i * n + j] * eigen.vectors[j * n + k] }
        #expect(abs(av - eigen.values[k] * eigen.vectors[i * n + k]) < 1e-14)
      }
    }
  }
}

/// Pearson correlation under a Gaussian copula (research/statistics.md §3.3).
@Suite struct CorrelationPearsonTests {
  /// experience ~ Gamma(shape 2, scale 12) as z ↦ Q(Φ(z)).
  static func experience(_ z: Double) -> Double { CorrTest.gamma2(z, scale: 12) }
  /// reliability ~ Beta(8, 2) as z ↦ Q(Φ(z)).
  static func reliability(_ z: Double) -> Double { CorrTest.beta82(z) }

  @Test func identityAndLinearMarginalsReproduceTheLatent() {
    let identity: (Double) -> Double = { $0 }
    let linearA: (Double) -> Double = { 2 * $0 + 1 }
    let linearB: (Double) -> Double = { 0.5 * $0 - 3 }
    for k in -20...20 {
      let rho = Double(k) / 20
      #expect(abs(CorrelationMath.pearsonOfCopula(latent: rho, identity, identity) - rho) < 1e-9)
      #expect(abs(CorrelationMath.pearsonOfCopula(latent: rho, linearA, linearB) - rho) < 1e-9)
    }
    #expect(CorrelationMath.pearsonOfCopula(latent: 0, linearA, linearB) == 0)
    #expect(CorrelationMath.pearsonOfCopula(latent: 1, identity, identity) == 1)
    #expect(CorrelationMath.pearsonOfCopula(latent: 1, linearA, linearA) == 1)
    #expect(abs(CorrelationMath.pearsonOfCopula(latent: -1, identity, identity) + 1) < 1e-15)
    let range = CorrelationMath.attainablePearsonRange(linearA, linearB)
    #expect(abs(range.lowerBound + 1) < 1e-12 && abs(range.upperBound - 1) < 1e-12)
    let solved = CorrelationMath.latentForPearson(target: 0.42, linearA, identity)
    #expect(abs(((try? solved.get()) ?? .nan) - 0.42) < 1e-9)
  }

  @Test func polynomialMarginalHasTheAnalyticAnswer() throws {
    // x = z³ + z, y = z: Cov = E[Z₁³Z₂] + ρ = 4ρ, Var x = 15 + 6 + 1 = 22, so r = 4ρ/√22.
    let cubic: (Double) -> Double = { $0 * $0 * $0 + $0 }
    for rho in [-0.9, -0.4, 0.1, 0.5, 0.99] {
      let r = CorrelationMath.pearsonOfCopula(latent: rho, cubic, { $0 })
      #expect(abs(r - 4 * rho / 22.0.squareRoot()) < 1e-11)
    }
    let latent = try CorrelationMath.latentForPearson(target: 0.5, cubic, { $0 }).get()
    #expect(abs(latent - 0.5 * 22.0.squareRoot() / 4) < 1e-9)
    // Known-answer bits (pure arithmetic closures, no libm anywhere): the quadrature, the
    // Gauss–Hermite rule and Brent's iterates must be identical on every platform.
    let pinnedR = CorrelationMath.pearsonOfCopula(latent: 0.5, cubic, { $0 })
    #expect(pinnedR.bitPattern == 0x3FDB_4A29_3C1D_3CF2)
    #expect(latent.bitPattern == 0x3FE2_C2FC_5954_4054)
    let rule = CorrGaussHermite.rule(count: 48)
    var hash: UInt64 = 0
    for value in rule.nodes + rule.weights { hash = (hash &* 1_099_511_628_211) ^ value.bitPattern }
    #expect(hash == 0xDF04_3DAD_F153_BB9C)
  }

  @Test func workedExampleSpearmanToPearson() {
    // Spearman 0.35 → latent 0.36447 → Pearson ≈ 0.329 for Gamma(2,12) × Beta(8,2).
    let latent = CorrelationMath.latentFromSpearman(0.35)
    let r = CorrelationMath.pearsonOfCopula(latent: latent, Self.experience, Self.reliability)
    #expect(abs(r - 0.329) < 0.005, "r = \(r)")
    // Our converged value (48, 64, 96 and 128 nodes agree to 1e-12; a 4·10⁶-draw Monte Carlo gave
    // 0.3467 at latent 0.386 against the quadrature's 0.34664).
    #expect(abs(r - 0.327854) < 1e-6)
  }

  @Test func workedExamplePearsonTargetAndRange() throws {
    let latent = try CorrelationMath.latentForPearson(
      target: 0.35, Self.experience, Self.reliability
    ).get()
    #expect(abs(latent - 0.386) < 0.005, "latent = \(latent)")
    #expect(abs(latent - 0.389854) < 1e-6)  // statistics.md's 0.386 was a Monte-Carlo estimate
    // The solution reproduces the target (Brent to 1e-9 in ρ; dr/dρ < 1).
    let achieved = CorrelationMath.pearsonOfCopula(
      latent: latent, Self.experience, Self.reliability)
    #expect(abs(achieved - 0.35) < 1e-8)
    // …which implies Spearman ≈ 0.371.
    #expect(abs(CorrelationMath.spearmanFromLatent(latent) - 0.371) < 0.005)

    let range = CorrelationMath.attainablePearsonRange(Self.experience, Self.reliability)
    #expect(abs(range.lowerBound + 0.992) < 0.005, "range \(range)")
    #expect(abs(range.upperBound - 0.854) < 0.005, "range \(range)")
    #expect(abs(range.lowerBound + 0.991730) < 1e-6 && abs(range.upperBound - 0.854805) < 1e-6)
  }

  @Test func pearsonNinetyIsInfeasibleForTheWorkedExample() {
    let result = CorrelationMath.latentForPearson(target: 0.9, Self.experience, Self.reliability)
    guard case .failure(let error) = result else {
      Issue.record("Pearson 0.9 should be infeasible")
      return
    }
    #expect(error.reason == .outOfRange)
    #expect(error.target == 0.9)
    #expect(abs(error.attainable.upperBound - 0.854) < 0.005)
    #expect(abs(error.attainable.lowerBound + 0.992) < 0.005)
    // Spearman 0.9 is fine: continuous marginals use the exact map.
    let spearman = CorrelationMath.latentForRankTarget(
      target: 0.9, Self.experience, Self.reliability)
    #expect((try? spearman.get()) == CorrelationMath.latentFromSpearman(0.9))
  }

  @Test func quadratureHasConverged() {
    for rho in [-0.7, 0.2, 0.6, 0.95] {
      let coarse = CorrelationMath.pearsonOfCopula(
        latent: rho, Self.experience, Self.reliability, nodes: 48)
      let fine = CorrelationMath.pearsonOfCopula(
        latent: rho, Self.experience, Self.reliability, nodes: 96)
      #expect(abs(coarse - fine) < 1e-5, "ρ = \(rho): \(coarse) vs \(fine)")
    }
  }

  @Test func monotoneInTheLatent() {
    var previous = -1.0
    for k in -10...10 {
      let r = CorrelationMath.pearsonOfCopula(
        latent: Double(k) / 10, Self.experience, Self.reliability)
      #expect(r >= previous)
      previous = r
    }
  }

  @Test func negativeTargetsAndEnds() throws {
    let latent = try CorrelationMath.latentForPearson(
      target: -0.5, Self.experience, Self.reliability
    ).get()
    #expect(latent < 0)
    let achieved = CorrelationMath.pearsonOfCopula(
      latent: latent, Self.experience, Self.reliability)
    #expect(abs(achieved + 0.5) < 1e-8)
    let range = CorrelationMath.attainablePearsonRange(Self.experience, Self.reliability)
    #expect(
      try CorrelationMath.latentForPearson(
        target: range.upperBound, Self.experience, Self.reliability
      ).get() == 1)
    #expect(
      try CorrelationMath.latentForPearson(target: 0, Self.experience, Self.reliability).get() == 0)
  }

  @Test func decreasingMarginalFlipsTheSign() throws {
    // Not a Q∘Φ, but the solver only needs monotonicity: r(ρ) = −ρ here.
    let identity: (Double) -> Double = { $0 }
    let flipped: (Double) -> Double = { -3 * $0 }
    let latent = try CorrelationMath.latentForPearson(target: 0.3, identity, flipped).get()
    #expect(abs(latent + 0.3) < 1e-9)
    let range = CorrelationMath.attainablePearsonRange(identity, flipped)
    #expect(abs(range.lowerBound + 1) < 1e-12 && abs(range.upperBound - 1) < 1e-12)
  }

  @Test func degenerateMarginalsAreReported() {
    let constant: (Double) -> Double = { _ in 7 }
    let identity: (Double) -> Double = { $0 }
    #expect(CorrelationMath.pearsonOfCopula(latent: 0.5, constant, identity) == 0)
    #expect(CorrelationMath.attainablePearsonRange(constant, identity) == 0...0)
    let result = CorrelationMath.latentForPearson(target: 0.1, constant, identity)
    guard case .failure(let error) = result else {
      Issue.record("a constant marginal cannot be correlated")
      return
    }
    #expect(error.reason == .degenerate)
    #expect(CorrelationMath.pearsonOfCopula(latent: 0.5, { _ in .infinity }, identity).isNaN)
  }
}
