import Foundation
import Testing

@testable import ScenarioRandom

/// `cdf`, `survival`, `quantile`, `mean` and `variance` of every distribution, against the
/// test-side reference CDFs of the statistical tests and against numerical integration.
@Suite struct DistributionFunctionTests {
  static let continuous = ContinuousCase.all + AddedDistributionStatTests.continuous
  static let discrete = DiscreteCase.all + AddedDistributionStatTests.discrete

  static let probabilities = [
    1e-300, 1e-30, 1e-12, 1e-6, 0.001, 0.05, 0.3, 0.5, 0.7, 0.95, 0.999, 1 - 1e-6,
  ]

  @Test(arguments: continuous)
  func continuousFunctions(_ c: ContinuousCase) {
    let d = c.distribution
    var previous = -Double.infinity
    for p in Self.probabilities {
      let x = d.quantile(p)
      let xu = d.quantile(upper: p)
      #expect(d.support.contains(x) && d.support.contains(xu), "p \(p): \(x) \(xu)")
      #expect(x >= previous, "quantile not monotone at \(p)")
      previous = x
      // Round trips: tiny probabilities survive on both tails (relative 1e-9), up to what x
      // can resolve (the CDF step across one ulp of x), except where x underflows to 0.
      let (lower, upper) = (d.cdf(x), d.survival(xu))
      if x != 0 {
        let resolution = 4 * max(d.cdf(x.nextUp) - lower, lower - d.cdf(x.nextDown))
        #expect(abs(lower - p) <= 1e-9 * p + resolution, "cdf(quantile(\(p))) = \(lower)")
      }
      let resolution = 4 * max(d.survival(xu.nextDown) - upper, upper - d.survival(xu.nextUp))
      #expect(abs(upper - p) <= 1e-9 * p + resolution, "survival(quantile(upper: \(p))) = \(upper)")
      // Reference CDF (absolute, the references are plain double formulas).
      #expect(abs(d.cdf(x) - c.cdf(x)) <= 1e-10, "cdf at \(x): \(d.cdf(x)) vs \(c.cdf(x))")
      #expect(abs(d.cdf(x) + d.survival(x) - 1) <= 1e-14)
    }
    #expect(d.quantile(0) == d.support.lowerBound && d.quantile(1) == d.support.upperBound)
    #expect(d.quantile(-0.1).isNaN && d.quantile(1.5).isNaN && d.quantile(.nan).isNaN)
    #expect(d.cdf(.nan).isNaN)
    #expect(d.cdf(-.infinity) == 0 && d.cdf(.infinity) == 1 && d.survival(.infinity) == 0)
  }

  @Test(arguments: discrete)
  func discreteFunctions(_ c: DiscreteCase) {
    let d = c.distribution
    let probabilities = c.probabilities()
    var cumulative = 0.0
    let stride = max(1, c.range.count / 150)
    for (i, k) in c.range.enumerated() where i < c.range.count - 1 {
      cumulative += probabilities[i]
      if i % stride != 0 { continue }
      let x = Double(k)
      #expect(abs(d.cdf(x) - cumulative) <= 1e-9, "cdf(\(k)) \(d.cdf(x)) vs \(cumulative)")
      #expect(d.cdf(x + 0.5) == d.cdf(x), "cdf is a step function")
      #expect(abs(d.cdf(x) + d.survival(x) - 1) <= 1e-14)
    }
    for p in Self.probabilities {
      for (k, upper) in [(d.quantile(p), false), (d.quantile(upper: p), true)] {
        #expect(k == k.rounded() && d.support.contains(k), "quantile \(k)")
        let t = d.tails(k)
        let before = d.tails(k - 1)
        if upper {
          #expect(t.upper <= p * (1 + 1e-12) && before.upper > p * (1 - 1e-12), "p \(p) k \(k)")
        } else {
          #expect(t.lower >= p * (1 - 1e-12) && before.lower < p * (1 + 1e-12), "p \(p) k \(k)")
        }
      }
    }
    #expect(d.quantile(0) == d.support.lowerBound && d.quantile(1) == d.support.upperBound)
  }

  /// E[X] and E[X²] by the trapezoidal rule in the latent domain, ∫ Q(Φ(z))ᵐ φ(z) dz over
  /// |z| ≤ 9 with step 1/64 (spectrally accurate for these smooth, fast-decaying integrands).
  @Test(arguments: continuous)
  func continuousMomentsByQuadrature(_ c: ContinuousCase) {
    let d = c.distribution
    var m1 = 0.0
    var m2 = 0.0
    let h = 1.0 / 64
    for i in -576...576 {
      let z = Double(i) * h
      let x = d.quantile(lower: Reference.phi(z), upper: Reference.phi(-z))
      let w = Reference.density(z) * h
      m1 += w * x
      m2 += w * x * x
    }
    let variance = m2 - m1 * m1
    #expect(abs(d.mean - m1) <= 1e-8 * max(abs(m1), d.standardDeviation), "mean \(m1)")
    #expect(abs(d.variance - variance) <= 1e-6 * variance, "variance \(variance)")
  }

  /// Σ k·P(k) and Σ k²·P(k) with the module's own probability masses.
  @Test(arguments: discrete)
  func discreteMomentsBySummation(_ c: DiscreteCase) {
    let d = c.distribution
    let low = Int64(d.quantile(1e-18))
    let high = Int64(d.quantile(upper: 1e-18))
    if high - low > 200_000 { return }
    var total = 0.0
    var m1 = 0.0
    for k in low...high {
      let p = d.probabilityMass(k)
      total += p
      m1 += p * Double(k)
    }
    // Second pass around the mean (no cancellation).
    var variance = 0.0
    for k in low...high {
      variance += d.probabilityMass(k) * (Double(k) - m1) * (Double(k) - m1)
    }
    #expect(abs(total - 1) <= 1e-12)
    #expect(abs(d.mean - m1) <= 1e-10 * max(1, m1), "mean \(m1)")
    #expect(abs(d.variance - variance) <= 1e-8 * max(1, variance), "variance \(variance)")
  }

  @Test func zipfMomentsForHugeN() {
    // n beyond brute force: Euler–Maclaurin against the asymptotic H(n, s) for s = 2 and the
    // exact moments of s = 0 (the integer uniform on 1...n).
    let n: Int64 = 1 << 40
    let flat = Distribution.zipf(s: 1e-300, n: n)
    #expect(abs(flat.mean - (Double(n) + 1) / 2) <= 1e-12 * Double(n))
    let squared = Distribution.zipf(s: 2, n: n)
    let h2 = Double.pi * Double.pi / 6 - 1 / Double(n)
    #expect(abs(squared.cdf(1) - 1 / h2) <= 1e-14)
  }

  /// Narrow and far-tail truncations: moments and functions stay accurate where the textbook
  /// formulas cancel.
  @Test func truncatedNormalEdgeCases() {
    let narrow = Distribution.truncatedNormal(mean: 0, sd: 1, low: 0, high: 1e-12)
    #expect(abs(narrow.mean - 5e-13) <= 1e-12 * 5e-13)
    #expect(abs(narrow.variance - 1e-24 / 12) <= 1e-9 * 1e-24 / 12)
    #expect(abs(narrow.cdf(2.5e-13) - 0.25) <= 1e-9)
    #expect(abs(narrow.quantile(0.75) - 7.5e-13) <= 1e-9 * 7.5e-13)
    // Narrow but not tiny (0.01 sd): quadrature against the uniform-like moments.
    let band = Distribution.truncatedNormal(mean: 10, sd: 2, low: 11, high: 11.02)
    let reference = Reference.truncatedNormal(10, 2, 11, 11.02)
    #expect(abs(band.mean - reference.mean) <= 1e-13 * 11)
    #expect(abs(band.standardDeviation - reference.sd) <= 1e-6 * reference.sd)
    // Next to a bound the quantile keeps relative precision in x − low.
    let side = Distribution.truncatedNormal(mean: 0, sd: 1, low: 0, high: 3)
    let x = side.quantile(1e-20)
    let expected = 1e-20 * (Reference.phi(3) - 0.5) / Reference.density(0)
    #expect(abs(x - expected) <= 1e-13 * expected, "\(x) vs \(expected)")
    #expect(abs(side.cdf(x) - 1e-20) <= 1e-13 * 1e-20)
  }

  @Test func geometricQuantilesBeyondIntegers() {
    let g = Distribution.geometric(p: 1e-300)
    #expect(abs(g.quantile(0.5) - log(2) * 1e300) <= 1e-12 * 1e300)
    #expect(Distribution.geometric(p: 0.5).quantile(0.75) == 1)
    #expect(Distribution.geometric(p: 0.5).quantile(0.7500001) == 2)
  }
}
