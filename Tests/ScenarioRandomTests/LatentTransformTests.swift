import Foundation
import Testing

@testable import ScenarioRandom

/// `LatentTransform`: monotone in z, equal to Q(Φ(z)) (to 1e-6 relative for tables, exactly for
/// thresholds), and value(Z) for Z ~ N(0, 1) has the marginal law (KS / χ² at n = 10⁵,
/// α = 10⁻⁶, fixed keys).
@Suite struct LatentTransformTests {
  static let key = StreamKey.derive(seed: 77, ["latent"])

  /// value(Z) for the latent normals of rows 0..<count.
  static func latentDraws(_ t: LatentTransform, count: Int = Stat.n) -> [Double] {
    (0..<count).map { row in
      var rng = CellRNG(key: key, row: UInt64(row))
      return t.value(rng.nextStandardNormal())
    }
  }

  /// Every z on a fine grid over [−8.4, 8.4] (and a few beyond) gives a non-decreasing value.
  static func isMonotone(_ t: LatentTransform) -> Bool {
    var previous = -Double.infinity
    var z = -9.0
    while z <= 9 {
      let v = t.value(z)
      if !(v >= previous) { return false }
      previous = v
      z += 1.0 / 1024
    }
    return true
  }

  static let continuous: [ContinuousCase] =
    ContinuousCase.all + AddedDistributionStatTests.continuous

  @Test(arguments: continuous)
  func continuousMatchesQuantileAndLaw(_ c: ContinuousCase) {
    let d = c.distribution
    let t = LatentTransform(d)
    #expect(Self.isMonotone(t))
    // On a grid of p in (1e-6, 1 − 1e-6): value(Φ⁻¹(p)) = quantile(p) to 1e-6 relative (to
    // max(|x|, sd), so values crossing 0 are measured on the distribution's scale).
    var worst = 0.0
    for i in 0...400 {
      let p = 1e-6 + (1 - 2e-6) * Double(i) / 400
      let exact = d.quantile(p)
      let error = abs(t.value(normalQuantile(p)) - exact) / max(abs(exact), c.sd)
      worst = max(worst, error)
    }
    for p in [1e-6, 1e-5, 1e-4, 1e-3] {
      for (exact, z) in [
        (d.quantile(p), normalQuantile(p)), (d.quantile(upper: p), -normalQuantile(p)),
      ] {
        worst = max(worst, abs(t.value(z) - exact) / max(abs(exact), c.sd))
      }
    }
    #expect(worst <= 1e-6, "worst relative error \(worst)")
    let values = Self.latentDraws(t)
    let ks = Stat.ksStatistic(values, cdf: c.cdf)
    #expect(ks <= Stat.dkwEpsilon(count: values.count), "KS statistic \(ks)")
  }

  static let discrete: [DiscreteCase] = DiscreteCase.all + AddedDistributionStatTests.discrete

  @Test(arguments: discrete)
  func discreteMatchesQuantileAndLaw(_ c: DiscreteCase) {
    let d = c.distribution
    let t = LatentTransform(d)
    #expect(Self.isMonotone(t))
    // value(z) is the smallest k with F(k) ≥ Φ(z) (tested on the smaller tail, to round-off).
    var mismatches = 0
    var z = -8.2
    while z <= 8.2 {
      let k = t.value(z)
      let (u, v) = (Reference.phi(z), Reference.phi(-z))
      let here = d.tails(k)
      let before = d.tails(k - 1)
      let ok =
        u <= v
        ? here.lower >= u * (1 - 1e-9) && before.lower < u * (1 + 1e-9)
        : here.upper <= v * (1 + 1e-9) && before.upper > v * (1 - 1e-9)
      if !ok { mismatches += 1 }
      z += 0.01
    }
    #expect(mismatches == 0)
    let values = Self.latentDraws(t)
    var observed = [Int](repeating: 0, count: c.range.count)
    for v in values {
      let k = min(max(Int(v), c.range.lowerBound), c.range.upperBound)
      observed[k - c.range.lowerBound] += 1
    }
    let expected = c.probabilities().map { $0 * Double(values.count) }
    let (stat, df) = Stat.chiSquare(observed: observed, expected: expected)
    if df > 0 {
      #expect(stat <= Stat.chiSquareCritical(df: df), "chi-square \(stat) with \(df) df")
    }
  }

  @Test func closedFormsAreExactWhereTheyShouldBe() {
    let normal = LatentTransform(.normal(mean: 3, sd: 2))
    #expect(normal.value(1.25) == 5.5)
    let lognormal = LatentTransform(.lognormal(mu: 0, sigma: 1))
    #expect(lognormal.value(0) == 1)
    // Exponential upper tail via Φ(−z): z = 8 gives −log Φ(−8) without cancellation.
    let exponential = LatentTransform(.exponential(rate: 1))
    #expect(abs(exponential.value(8) - -log(Reference.phi(-8))) <= 1e-13 * 36)
    #expect(abs(exponential.value(-8) - Reference.phi(-8)) <= 1e-14 * Reference.phi(-8))
    #expect(LatentTransform(.uniform(low: 2, high: 2)).value(1) == 2)
    #expect(LatentTransform(.poisson(lambda: 0)).value(5) == 0)
    #expect(LatentTransform(.bernoulli(p: 0)).value(8) == 0)
    #expect(LatentTransform(.bernoulli(p: 1)).value(-8) == 1)
    #expect(LatentTransform(.geometric(p: 1)).value(8) == 0)
    #expect(LatentTransform(.normal(mean: 0, sd: 1)).value(.nan).isNaN)
  }

  @Test func wideCountsUseClosedFormsOrCappedTables() {
    // Geometric and a wide integer uniform in closed form.
    let g = LatentTransform(.geometric(p: 1e-9))
    #expect(Self.isMonotone(g))
    for z in [-6.0, -1, 0, 0.5, 3, 8] {
      let exact = Distribution.geometric(p: 1e-9).quantile(
        lower: Reference.phi(z), upper: Reference.phi(-z))
      #expect(abs(g.value(z) - exact) <= 1e-9 * max(1, exact), "z \(z)")
    }
    let wide = Distribution.uniformInt(low: -(1 << 40), high: 1 << 40)
    let u = LatentTransform(wide)
    #expect(Self.isMonotone(u))
    #expect(u.value(-9) == -0x1p40 && u.value(9) == 0x1p40)
    #expect(abs(u.value(0) - 0) <= 1)
    // Zipf with more support points than a table holds: exact thresholds for the first 2²⁰,
    // then a z-table of exact quantiles, within one unit of the exact quantile.
    let zipf = Distribution.zipf(s: 1.2, n: 1 << 40)
    let t = LatentTransform(zipf)
    #expect(Self.isMonotone(t))
    guard case .cappedThresholds(let table, _, _) = t.kind else {
      Issue.record("expected a capped table")
      return
    }
    #expect(table.thresholds.count == ThresholdTable.maxCount)
    for z in [0.0, 2, 4.5, 6, 7, 8] {
      let exact = zipf.quantile(lower: Reference.phi(z), upper: Reference.phi(-z))
      #expect(abs(t.value(z) - exact) <= max(1, 1e-6 * exact), "z \(z): \(t.value(z)) vs \(exact)")
    }
  }

  @Test func categoricalThresholds() throws {
    let weights = [0.0, 1, 2, 0, 3.5, 0]
    let t = try #require(LatentTransform(categoricalWeights: weights))
    #expect(LatentTransform(categoricalWeights: [0, 0]) == nil)
    #expect(Self.isMonotone(t))
    let values = Self.latentDraws(t)
    var observed = [Int](repeating: 0, count: weights.count)
    for v in values { observed[Int(v)] += 1 }
    #expect(observed[0] == 0 && observed[3] == 0 && observed[5] == 0)
    let table = try #require(AliasTable(weights: weights))
    let positive = [1, 2, 4]
    let (stat, df) = Stat.chiSquare(
      observed: positive.map { observed[$0] },
      expected: positive.map { table.probability(of: $0) * Double(Stat.n) })
    #expect(stat <= Stat.chiSquareCritical(df: df), "chi-square \(stat) with \(df) df")
  }

  @Test func histogramAndMixture() throws {
    let h = try #require(EmpiricalTests.histogram)
    let th = LatentTransform(h)
    #expect(Self.isMonotone(th))
    for p in [1e-9, 0.01, 0.124, 0.126, 0.5, 0.9, 1 - 1e-9] {
      #expect(abs(th.value(normalQuantile(p)) - h.quantile(p)) <= 1e-9, "p \(p)")
    }
    let hv = Self.latentDraws(th)
    #expect(Stat.ksStatistic(hv) { h.cdf($0) } <= Stat.dkwEpsilon(count: hv.count))

    let m = try #require(EmpiricalTests.mixture())
    let tm = LatentTransform(m)
    #expect(Self.isMonotone(tm))
    let sd = m.variance.squareRoot()
    for p in [1e-6, 0.01, 0.2, 0.5, 0.89, 0.95, 1 - 1e-6] {
      let exact = m.quantile(p)
      #expect(abs(tm.value(normalQuantile(p)) - exact) <= 1e-6 * max(abs(exact), sd), "p \(p)")
    }
    let mv = Self.latentDraws(tm)
    #expect(Stat.ksStatistic(mv) { m.cdf($0) } <= Stat.dkwEpsilon(count: mv.count))
  }

  /// The accuracy figures quoted in `LatentTransform`'s documentation: maximum relative error of
  /// x over |z| ≤ 8.3 against the exact quantile.
  @Test func documentedTableAccuracy() {
    let cases: [(Distribution, Double)] = [
      (.gamma(shape: 2, scale: 12), 1e-8), (.gamma(shape: 1, scale: 1), 1e-8),
      (.gamma(shape: 0.05, scale: 1), 2e-8), (.beta(alpha: 8, beta: 2), 1e-8),
      (.beta(alpha: 0.5, beta: 0.5), 1e-8),
      (.truncatedNormal(mean: 5, sd: 2, low: 4, high: 9), 1e-8),
    ]
    for (d, bound) in cases {
      let t = LatentTransform(d)
      var worst = 0.0
      var z = -8.3
      while z <= 8.3 {
        let exact = d.quantile(lower: Reference.phi(z), upper: Reference.phi(-z))
        worst = max(worst, abs(t.value(z) - exact) / exact)
        z += 0.00731
      }
      #expect(worst <= bound, "\(d): \(worst)")
    }
  }

  /// A zero-inflated Poisson (a mixture of count distributions) keeps whole values and its exact
  /// law in the copula.
  @Test func discreteMixtureUsesThresholds() throws {
    let m = try #require(
      Mixture(
        components: [
          Distribution.poisson(lambda: 0).sampler, Distribution.poisson(lambda: 4).sampler,
        ],
        weights: [0.3, 0.7]))
    let t = LatentTransform(m)
    #expect(Self.isMonotone(t))
    var z = -8.0
    while z <= 8 {
      let k = t.value(z)
      let u = Reference.phi(z)
      let v = Reference.phi(-z)
      let ok =
        k == k.rounded()
        && (u <= v ? m.cdf(k) >= u * (1 - 1e-12) : m.survival(k) <= v * (1 + 1e-12))
      #expect(ok, "z \(z) → \(k)")
      z += 0.05
    }
    let values = Self.latentDraws(t)
    var observed = [Int](repeating: 0, count: 16)
    for v in values { observed[min(Int(v), 15)] += 1 }
    let expected = (0...15).map { k in
      (k == 15 ? m.survival(14) : m.cdf(Double(k)) - m.cdf(Double(k - 1))) * Double(Stat.n)
    }
    let (stat, df) = Stat.chiSquare(observed: observed, expected: expected)
    #expect(stat <= Stat.chiSquareCritical(df: df), "chi-square \(stat) with \(df) df")
  }
}
