import Foundation
import Testing

@testable import ScenarioRandom

/// `EmpiricalHistogram` and `Mixture`: validation, goodness of fit, moments, quantiles.
@Suite struct EmpiricalTests {
  static let key = StreamKey.derive(seed: 5, ["empirical"])

  static func draws(_ count: Int = Stat.n, _ body: (inout CellRNG) -> Double) -> [Double] {
    (0..<count).map { row in
      var rng = CellRNG(key: key, row: UInt64(row))
      return body(&rng)
    }
  }

  static let histogram = EmpiricalHistogram(
    edges: [-2, -1, 0, 0.5, 3, 10], weights: [1, 0, 4, 2.5, 0.5])

  @Test func histogramValidation() {
    #expect(
      EmpiricalHistogram.validate(edges: [1], weights: []) == "a histogram needs at least two edges"
    )
    #expect(
      EmpiricalHistogram.validate(edges: [0, 1, 1], weights: [1, 1])
        == "edges must be strictly increasing (index 2 is not above index 1)")
    #expect(
      EmpiricalHistogram.validate(edges: [0, .nan], weights: [1])
        == "edges must be finite numbers (found nan at index 1)")
    #expect(
      EmpiricalHistogram.validate(edges: [0, 1, 2], weights: [1])
        == "a histogram with 3 edges needs 2 weights, found 1")
    #expect(
      EmpiricalHistogram.validate(edges: [0, 1], weights: [-1])
        == "weights must be greater than or equal to 0 (found -1.0 at index 0)")
    #expect(
      EmpiricalHistogram.validate(edges: [0, 1], weights: [0]) == "weights must not all be zero")
    #expect(
      EmpiricalHistogram.validate(edges: [-1e308, 1e308], weights: [1])
        == "edges must span a finite range")
    #expect(EmpiricalHistogram(edges: [0, 1], weights: [2, 3]) == nil)
    #expect(Self.histogram != nil)
  }

  @Test func histogramFitAndMoments() throws {
    let h = try #require(Self.histogram)
    let values = Self.draws { h.sample(&$0) }
    let inBins = values.allSatisfy { $0 >= -2 && $0 < 10 && !($0 >= -1 && $0 < 0) }
    #expect(inBins, "a value fell outside the bins or in the empty one")
    let ks = Stat.ksStatistic(values) { h.cdf($0) }
    #expect(ks <= Stat.dkwEpsilon(count: values.count), "KS \(ks)")
    let sd = h.variance.squareRoot()
    let meanOK = Stat.meanIsClose(values, mean: h.mean, sd: sd)
    let varianceOK = Stat.varianceIsClose(values, variance: h.variance)
    #expect(meanOK && varianceOK)
    // Exact moments of the piecewise-uniform density (weights sum to 8).
    let bins: [(Double, Double, Double)] = [(-2, -1, 1), (0, 0.5, 4), (0.5, 3, 2.5), (3, 10, 0.5)]
    let mean = bins.reduce(0.0) { $0 + $1.2 / 8 * ($1.0 + $1.1) / 2 }
    let second = bins.reduce(0.0) {
      $0 + $1.2 / 8 * ($1.0 * $1.0 + $1.0 * $1.1 + $1.1 * $1.1) / 3
    }
    #expect(abs(h.mean - mean) <= 1e-9 && abs(h.variance - (second - mean * mean)) <= 1e-8)
    // One Philox block per value: alias word plus the spare word.
    var rng = CellRNG(key: Self.key, row: 9)
    _ = h.sample(&rng)
    #expect(rng.blocksUsed == 1)
  }

  @Test func histogramQuantileAndCDF() throws {
    let h = try #require(Self.histogram)
    #expect(h.cdf(-3) == 0 && h.cdf(10) == 1 && h.cdf(-1) == h.cdf(-0.5) && h.cdf(-0.5) == h.cdf(0))
    #expect(abs(h.cdf(-1.5) - 1.0 / 16) <= 1e-9)
    #expect(h.quantile(0) == -2 && h.quantile(1) == 10)
    // The flat region (the empty bin) is skipped: quantile(1/8 + ε) starts the third bin.
    #expect(abs(h.quantile(0.125 + 1e-12) - 0) <= 1e-9)
    #expect(abs(h.quantile(0.125) - (-1)) <= 1e-9)
    for p in [1e-12, 0.01, 0.2, 0.5, 0.77, 0.99, 1 - 1e-9] {
      #expect(abs(h.cdf(h.quantile(p)) - p) <= 1e-12)
      #expect(abs(h.survival(h.quantile(upper: p)) - p) <= 1e-12 * max(p, 1e-3))
    }
    #expect(h.support == -2...10)
  }

  static func mixture() -> Mixture? {
    Mixture(
      components: [
        Distribution.normal(mean: -2, sd: 0.5).sampler,
        Distribution.gamma(shape: 3, scale: 2).sampler,
        Distribution.uniform(low: 20, high: 21).sampler,
      ], weights: [0.3, 0.6, 0.1])
  }

  @Test func mixtureValidation() {
    let one = [Distribution.normal(mean: 0, sd: 1).sampler]
    #expect(
      Mixture.validate(components: [], weights: []) == "a mixture needs at least one component")
    #expect(
      Mixture.validate(components: one, weights: [1, 2])
        == "a mixture of 1 components needs 1 weights, found 2")
    #expect(Mixture.validate(components: one, weights: [0]) == "weights must not all be zero")
    #expect(Mixture(components: one, weights: [.infinity]) == nil)
    #expect(Mixture(components: one, weights: [3]) != nil)
  }

  @Test func mixtureFitMomentsAndQuantiles() throws {
    let m = try #require(Self.mixture())
    let values = Self.draws { m.sample(&$0) }
    let ks = Stat.ksStatistic(values) { m.cdf($0) }
    #expect(ks <= Stat.dkwEpsilon(count: values.count), "KS \(ks)")
    // Moments by the law of total variance with the table's probabilities (≈ 0.3, 0.6, 0.1).
    let mean = 0.3 * -2 + 0.6 * 6 + 0.1 * 20.5
    let second = 0.3 * (0.25 + 4) + 0.6 * (12 + 36) + 0.1 * (1.0 / 12 + 20.5 * 20.5)
    #expect(abs(m.mean - mean) <= 1e-8 && abs(m.variance - (second - mean * mean)) <= 1e-7)
    let meanOK = Stat.meanIsClose(values, mean: m.mean, sd: m.variance.squareRoot())
    let varianceOK = Stat.varianceIsClose(values, variance: m.variance)
    #expect(meanOK && varianceOK)
    for p in [1e-10, 0.01, 0.3, 0.31, 0.5, 0.89, 0.9, 0.95, 1 - 1e-8] {
      let x = m.quantile(p)
      #expect(abs(m.cdf(x) - p) <= 1e-12, "p \(p): cdf(\(x)) = \(m.cdf(x))")
    }
    // Inside the uniform component the upper quantile is linear up to the gamma's tail.
    let x = m.quantile(upper: 0.05)
    #expect(x > 20 && x < 21 && abs(m.survival(x) - 0.05) <= 1e-15)
    #expect(abs(m.survival(m.quantile(upper: 1e-12)) - 1e-12) <= 1e-20)
    #expect(m.support == -Double.infinity...Double.infinity)
  }

  @Test func discreteMixtureHasWholeQuantiles() throws {
    let m = try #require(
      Mixture(
        components: [
          Distribution.poisson(lambda: 2).sampler,
          Distribution.binomial(n: 30, p: 0.5).sampler,
        ], weights: [1, 1]))
    #expect(m.isDiscrete)
    for p in [0.01, 0.2, 0.5, 0.6, 0.99] {
      let k = m.quantile(p)
      #expect(k == k.rounded() && m.cdf(k) >= p && m.cdf(k - 1) < p, "p \(p) → \(k)")
    }
    let values = Self.draws { m.sample(&$0) }
    var observed = [Int](repeating: 0, count: 31)
    for v in values { observed[min(Int(v), 30)] += 1 }
    let expected = (0...30).map { k in
      (k == 30 ? m.survival(29) : m.cdf(Double(k)) - m.cdf(Double(k - 1))) * Double(Stat.n)
    }
    let (stat, df) = Stat.chiSquare(observed: observed, expected: expected)
    #expect(stat <= Stat.chiSquareCritical(df: df), "chi-square \(stat) with \(df) df")
  }
}
