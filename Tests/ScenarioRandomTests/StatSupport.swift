import Foundation

@testable import ScenarioRandom

/// Flake-free goodness-of-fit machinery (research/statistics.md §4.2): fixed seeds, n = 10⁵,
/// α = 10⁻⁶, distribution-free bands.
enum Stat {
  static let n = 100_000

  /// Draws `count` values of `sampler`, one per row 0..<count of `key`.
  static func draws(_ sampler: Sampler, key: StreamKey, count: Int = n) -> [Double] {
    (0..<count).map { row in
      var rng = CellRNG(key: key, row: UInt64(row))
      return sampler.sample(&rng)
    }
  }

  /// The DKW/Massart band: P(sup|Fₙ − F| > ε) ≤ 2·exp(−2nε²) = α.
  static func dkwEpsilon(count: Int, alpha: Double = 1e-6) -> Double {
    (log(2 / alpha) / (2 * Double(count))).squareRoot()
  }

  /// The Kolmogorov–Smirnov statistic sup|Fₙ − F| of `values` against `cdf`.
  static func ksStatistic(_ values: [Double], cdf: (Double) -> Double) -> Double {
    let sorted = values.sorted()
    let count = Double(sorted.count)
    var d = 0.0
    for (i, x) in sorted.enumerated() {
      let f = cdf(x)
      d = max(d, f - Double(i) / count, Double(i + 1) / count - f)
    }
    return d
  }

  /// The Wilson–Hilferty approximation of the χ² critical value at α = 10⁻⁶ (z = 4.753).
  static func chiSquareCritical(df: Int) -> Double {
    let k = Double(df)
    let t = 2 / (9 * k)
    return k * pow(1 - t + 4.753 * t.squareRoot(), 3)
  }

  /// Pearson's χ² over bins merged left to right until each expected count is at least 5 (a
  /// short last group joins the one before). Returns the statistic and the degrees of freedom.
  static func chiSquare(observed: [Int], expected: [Double]) -> (stat: Double, df: Int) {
    var groups: [(obs: Double, exp: Double)] = []
    var obs = 0.0
    var exp = 0.0
    for (o, e) in zip(observed, expected) {
      obs += Double(o)
      exp += e
      if exp >= 5 {
        groups.append((obs, exp))
        obs = 0
        exp = 0
      }
    }
    if exp > 0 || obs > 0 {
      if let last = groups.popLast() {
        groups.append((last.obs + obs, last.exp + exp))
      } else {
        groups.append((obs, exp))
      }
    }
    let stat = groups.reduce(0.0) { $0 + ($1.obs - $1.exp) * ($1.obs - $1.exp) / $1.exp }
    return (stat, groups.count - 1)
  }

  /// |s² − σ²| ≤ 6·SE, with SE = √((m₄ − s⁴)/n) the large-sample standard error of the sample
  /// variance (m₄ the sample fourth central moment, so heavy tails widen the band by themselves).
  /// Six standard errors instead of five leave room for the estimated m₄.
  static func varianceIsClose(_ values: [Double], variance: Double) -> Bool {
    let count = Double(values.count)
    let mean = values.reduce(0, +) / count
    var m2 = 0.0
    var m4 = 0.0
    for v in values {
      let d = (v - mean) * (v - mean)
      m2 += d
      m4 += d * d
    }
    m2 /= count
    m4 /= count
    let se = (max(0, m4 - m2 * m2) / count).squareRoot()
    return abs(m2 - variance) <= 6 * se + 1e-12 * variance
  }

  /// |mean − μ| ≤ 5σ/√n.
  static func meanIsClose(_ values: [Double], mean: Double, sd: Double) -> Bool {
    let average = values.reduce(0, +) / Double(values.count)
    return abs(average - mean) <= 5 * sd / Double(values.count).squareRoot()
  }
}

/// Regularised incomplete gamma and beta functions for reference CDFs (Numerical Recipes §6.2,
/// §6.4: series plus modified-Lentz continued fractions). Test-only and deliberately simple.
enum Special {
  static let epsilon = 1e-15
  static let tiny = 1e-300

  /// P(a, x), the regularised lower incomplete gamma function.
  static func gammaP(_ a: Double, _ x: Double) -> Double {
    if x <= 0 { return 0 }
    if x.isInfinite { return 1 }
    let prefix = exp(-x + a * log(x) - lgamma(a))
    if x < a + 1 {
      var term = 1 / a
      var sum = term
      var ap = a
      for _ in 0..<100_000 {
        ap += 1
        term *= x / ap
        sum += term
        if abs(term) < abs(sum) * epsilon { break }
      }
      return sum * prefix
    }
    var b = x + 1 - a
    var c = 1 / tiny
    var d = 1 / b
    var h = d
    for i in 1..<100_000 {
      let an = -Double(i) * (Double(i) - a)
      b += 2
      d = an * d + b
      if abs(d) < tiny { d = tiny }
      c = b + an / c
      if abs(c) < tiny { c = tiny }
      d = 1 / d
      let delta = d * c
      h *= delta
      if abs(delta - 1) < epsilon { break }
    }
    return 1 - prefix * h
  }

  /// I_x(a, b), the regularised incomplete beta function.
  static func betaI(_ x: Double, _ a: Double, _ b: Double) -> Double {
    if x <= 0 { return 0 }
    if x >= 1 { return 1 }
    let front = exp(lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x))
    if x < (a + 1) / (a + b + 2) {
      return front * betaContinuedFraction(x, a, b) / a
    }
    return 1 - front * betaContinuedFraction(1 - x, b, a) / b
  }

  static func betaContinuedFraction(_ x: Double, _ a: Double, _ b: Double) -> Double {
    let qab = a + b
    let qap = a + 1
    let qam = a - 1
    var c = 1.0
    var d = 1 - qab * x / qap
    if abs(d) < tiny { d = tiny }
    d = 1 / d
    var h = d
    for m in 1..<100_000 {
      let m = Double(m)
      let m2 = 2 * m
      var aa = m * (b - m) * x / ((qam + m2) * (a + m2))
      d = 1 + aa * d
      if abs(d) < tiny { d = tiny }
      c = 1 + aa / c
      if abs(c) < tiny { c = tiny }
      d = 1 / d
      h *= d * c
      aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
      d = 1 + aa * d
      if abs(d) < tiny { d = tiny }
      c = 1 + aa / c
      if abs(c) < tiny { c = tiny }
      d = 1 / d
      let delta = d * c
      h *= delta
      if abs(delta - 1) < epsilon { break }
    }
    return h
  }

  /// The Poisson probability of k.
  static func poissonPMF(_ k: Int, _ lambda: Double) -> Double {
    if lambda == 0 { return k == 0 ? 1 : 0 }
    return exp(Double(k) * log(lambda) - lambda - lgamma(Double(k) + 1))
  }
}
