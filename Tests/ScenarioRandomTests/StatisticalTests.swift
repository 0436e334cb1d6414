import Foundation
import Testing

@testable import ScenarioRandom

/// A continuous distribution with its exact CDF and moments.
struct ContinuousCase: Sendable, CustomTestStringConvertible {
  let distribution: Distribution
  let cdf: @Sendable (Double) -> Double
  let mean: Double
  let sd: Double
  var testDescription: String { "\(distribution)" }

  static func gamma(_ k: Double, _ theta: Double) -> ContinuousCase {
    ContinuousCase(
      distribution: .gamma(shape: k, scale: theta), cdf: { Special.gammaP(k, $0 / theta) },
      mean: k * theta, sd: k.squareRoot() * theta)
  }

  static func beta(_ a: Double, _ b: Double) -> ContinuousCase {
    let variance = a * b / ((a + b) * (a + b) * (a + b + 1))
    return ContinuousCase(
      distribution: .beta(alpha: a, beta: b), cdf: { Special.betaI($0, a, b) },
      mean: a / (a + b), sd: variance.squareRoot())
  }

  static let all: [ContinuousCase] = [
    ContinuousCase(
      distribution: .uniform(low: -3, high: 5), cdf: { min(max(($0 + 3) / 8, 0), 1) },
      mean: 1, sd: 8 / 12.0.squareRoot()),
    ContinuousCase(
      distribution: .normal(mean: 10, sd: 2), cdf: { normalCDF(($0 - 10) / 2) }, mean: 10, sd: 2),
    ContinuousCase(
      distribution: .lognormal(mu: 0.5, sigma: 0.75),
      cdf: { $0 <= 0 ? 0 : normalCDF((log($0) - 0.5) / 0.75) },
      mean: exp(0.5 + 0.28125), sd: ((exp(0.5625) - 1) * exp(1 + 0.5625)).squareRoot()),
    ContinuousCase(
      distribution: .exponential(rate: 2), cdf: { 1 - exp(-2 * $0) }, mean: 0.5, sd: 0.5),
    gamma(2, 3), gamma(0.5, 2), gamma(0.05, 1), gamma(1, 1), gamma(50, 0.1),
    beta(2, 5), beta(0.5, 0.5), beta(8, 2), beta(0.2, 3),
  ]
}

/// A discrete distribution with its exact probabilities on `range` (tails go to the end bins).
struct DiscreteCase: Sendable, CustomTestStringConvertible {
  let distribution: Distribution
  let range: ClosedRange<Int>
  /// Probabilities of `range`, first and last including the tails beyond them.
  let probabilities: @Sendable () -> [Double]
  let mean: Double
  let sd: Double
  var testDescription: String { "\(distribution)" }

  static func poisson(_ lambda: Double) -> DiscreteCase {
    let spread = 12 * lambda.squareRoot()
    let low = max(0, Int(lambda - spread - 5))
    let high = Int(lambda + spread + 20)
    return DiscreteCase(
      distribution: .poisson(lambda: lambda), range: low...high,
      probabilities: {
        var p = (low...high).map { Special.poissonPMF($0, lambda) }
        p[0] += (0..<low).reduce(0.0) { $0 + Special.poissonPMF($1, lambda) }
        p[p.count - 1] += max(
          0,
          1 - (0..<low).reduce(0.0) { $0 + Special.poissonPMF($1, lambda) }
            - p.reduce(0, +))
        return p
      }, mean: lambda, sd: lambda.squareRoot())
  }

  static let all: [DiscreteCase] = [
    poisson(0.5), poisson(3), poisson(9.99), poisson(10), poisson(75), poisson(100_000),
    DiscreteCase(
      distribution: .uniformInt(low: -3, high: 7), range: -3...7,
      probabilities: { Array(repeating: 1 / 11, count: 11) }, mean: 2, sd: (120.0 / 12).squareRoot()
    ),
    DiscreteCase(
      distribution: .bernoulli(p: 0.3), range: 0...1, probabilities: { [0.7, 0.3] }, mean: 0.3,
      sd: 0.21.squareRoot()),
    DiscreteCase(
      distribution: .bernoulli(p: 0.999), range: 0...1, probabilities: { [0.001, 0.999] },
      mean: 0.999, sd: (0.999 * 0.001).squareRoot()),
  ]
}

/// Goodness of fit of every sampler at n = 10⁵ with α = 10⁻⁶ (research/statistics.md §4.2).
@Suite struct StatisticalTests {
  static func key(_ d: Distribution) -> StreamKey {
    StreamKey.derive(seed: 20_240_305, ["stat", "\(d)"])
  }

  @Test(arguments: ContinuousCase.all)
  func continuousFit(_ c: ContinuousCase) {
    let values = Stat.draws(c.distribution.sampler, key: Self.key(c.distribution))
    #expect(values.allSatisfy { c.distribution.support.contains($0) })
    #expect(Stat.meanIsClose(values, mean: c.mean, sd: c.sd))
    let d = Stat.ksStatistic(values, cdf: c.cdf)
    #expect(d <= Stat.dkwEpsilon(count: values.count), "KS statistic \(d)")
  }

  @Test(arguments: DiscreteCase.all)
  func discreteFit(_ c: DiscreteCase) {
    let values = Stat.draws(c.distribution.sampler, key: Self.key(c.distribution))
    #expect(values.allSatisfy { $0 == $0.rounded() && c.distribution.support.contains($0) })
    #expect(Stat.meanIsClose(values, mean: c.mean, sd: c.sd))
    var observed = [Int](repeating: 0, count: c.range.count)
    for v in values {
      let k = min(max(Int(v), c.range.lowerBound), c.range.upperBound)
      observed[k - c.range.lowerBound] += 1
    }
    let expected = c.probabilities().map { $0 * Double(values.count) }
    let (stat, df) = Stat.chiSquare(observed: observed, expected: expected)
    #expect(df >= 1)
    #expect(stat <= Stat.chiSquareCritical(df: df), "chi-square \(stat) with \(df) df")
  }

  @Test func degenerateParameters() {
    var rng = CellRNG(key: Self.key(.poisson(lambda: 0)), row: 3)
    for _ in 0..<100 {
      #expect(Distribution.poisson(lambda: 0).sample(&rng) == 0)
      #expect(Distribution.normal(mean: 4.5, sd: 0).sample(&rng) == 4.5)
      #expect(Distribution.uniform(low: 2, high: 2).sample(&rng) == 2)
      #expect(Distribution.uniformInt(low: -9, high: -9).sample(&rng) == -9)
      #expect(Distribution.bernoulli(p: 0).sample(&rng) == 0)
      #expect(Distribution.bernoulli(p: 1).sample(&rng) == 1)
      #expect(Distribution.lognormal(mu: 1, sigma: 0).sample(&rng) == exp(1.0))
    }
  }

  @Test func extremeParametersStayFiniteAndInSupport() {
    let cases: [Distribution] = [
      .gamma(shape: 1e-3, scale: 1), .gamma(shape: 1e6, scale: 1e-6),
      .beta(alpha: 1e-3, beta: 1e-3),
      .beta(alpha: 1e4, beta: 1e-2), .poisson(lambda: 1e9), .uniform(low: -1e308, high: 1e308),
      .uniformInt(low: .min, high: .max), .exponential(rate: 1e-300),
    ]
    for d in cases {
      let s = d.sampler
      for row in 0..<2_000 {
        var rng = CellRNG(key: Self.key(d), row: UInt64(row))
        let x = s.sample(&rng)
        #expect(!x.isNaN && d.support.contains(x), "\(d) gave \(x)")
      }
    }
  }

  /// The full Int64 range takes the raw word; its top bits are uniform.
  @Test func fullRangeUniformInt() {
    let s = Distribution.uniformInt(low: .min, high: .max).sampler
    var observed = [Int](repeating: 0, count: 16)
    for row in 0..<Stat.n {
      var rng = CellRNG(key: Self.key(s.distribution), row: UInt64(row))
      observed[Int(UInt64(bitPattern: s.sampleInt(&rng)) >> 60)] += 1
    }
    let expected = [Double](repeating: Double(Stat.n) / 16, count: 16)
    let (stat, df) = Stat.chiSquare(observed: observed, expected: expected)
    #expect(stat <= Stat.chiSquareCritical(df: df))
  }

  /// Typed helpers draw the same bits as `sample`.
  @Test func typedHelpersAgree() {
    for d in [Distribution.poisson(lambda: 30), .uniformInt(low: -5, high: 5), .bernoulli(p: 0.4)] {
      let s = d.sampler
      for row in 0..<200 {
        var a = CellRNG(key: Self.key(d), row: UInt64(row))
        var b = a
        var c = a
        let x = s.sample(&a)
        #expect(Double(s.sampleInt(&b)) == x)
        #expect(s.sampleBool(&c) == (x != 0))
      }
    }
  }
}
