import Foundation
import ScenarioDiagnostics
import ScenarioKit
import Testing

/// The distributions added with the statistics work (binomial, geometric, negative binomial,
/// Weibull, triangular, Zipf, truncated normal), drawn through the language, written and read
/// back, then tested against their exact pmf or cdf computed here, independently of
/// `ScenarioRandom` (research/statistics.md §4.2: fixed seed, alpha = 1e-6, so a test either
/// always passes or always fails).
@Suite("Distributions through the language")
struct DistributionRunTests {
  /// Rows per column: enough for a DKW band of 0.0085 and sharp chi-square tests.
  static let n = 100_000

  /// Every new distribution, twice where the sampler has two algorithms (binomial inversion and
  /// BTPE, negative binomial with small and PTRS-sized Poisson means, Zipf with a small and a
  /// huge support, truncated normal around the mean and in a far tail).
  static let source = """
    scenario distributions
    seed 77
    table d [\(n)] {
      bin_small = binomial(20, 0.3)
      bin_large = binomial(1000, 0.45)
      geo = geometric(0.25)
      nb_small = negative_binomial(3, 0.4)
      nb_large = negative_binomial(2.5, 0.05)
      wei = weibull(1.5, 10)
      tri = triangular(1, 2, 5)
      zipf_small = zipf(1.1, 50)
      zipf_large = zipf(2, 1000000)
      tn_body = truncated_normal(10, 3, 5, 20)
      tn_tail = truncated_normal(0, 1, 2, 6)
    }
    """

  /// One run shared by every case (generation dominates the cost).
  static let output: Result<CapturedTables, any Error> = Result {
    try ObservedRun.run(EngineFixture.compile(source), keepFiles: false).capture
  }

  /// A discrete column and its exact law.
  struct DiscreteCase: CustomTestStringConvertible, Sendable {
    var column: String
    var lowest: Int
    var pmf: @Sendable (Int) -> Double
    var mean: Double
    var variance: Double
    var testDescription: String { column }
  }

  /// A continuous column and its exact law.
  struct ContinuousCase: CustomTestStringConvertible, Sendable {
    var column: String
    var cdf: @Sendable (Double) -> Double
    var support: ClosedRange<Double>
    var mean: Double
    var variance: Double
    var testDescription: String { column }
  }

  static let discrete: [DiscreteCase] = {
    let zipfSmall = Exact.zipf(s: 1.1, n: 50)
    let zipfLarge = Exact.zipf(s: 2, n: 1_000_000)
    return [
      DiscreteCase(
        column: "bin_small", lowest: 0, pmf: { Exact.binomialPMF($0, n: 20, p: 0.3) }, mean: 6,
        variance: 4.2),
      DiscreteCase(
        column: "bin_large", lowest: 0, pmf: { Exact.binomialPMF($0, n: 1000, p: 0.45) },
        mean: 450, variance: 247.5),
      DiscreteCase(
        column: "geo", lowest: 0, pmf: { 0.25 * pow(0.75, Double($0)) }, mean: 3, variance: 12),
      DiscreteCase(
        column: "nb_small", lowest: 0, pmf: { Exact.negativeBinomialPMF($0, r: 3, p: 0.4) },
        mean: 4.5, variance: 11.25),
      DiscreteCase(
        column: "nb_large", lowest: 0, pmf: { Exact.negativeBinomialPMF($0, r: 2.5, p: 0.05) },
        mean: 47.5, variance: 950),
      DiscreteCase(
        column: "zipf_small", lowest: 1, pmf: zipfSmall.pmf, mean: zipfSmall.mean,
        variance: zipfSmall.variance),
      DiscreteCase(
        column: "zipf_large", lowest: 1, pmf: zipfLarge.pmf, mean: zipfLarge.mean,
        variance: zipfLarge.variance),
    ]
  }()

  static let continuous: [ContinuousCase] = {
    let weibullMean = 10 * tgamma(1 + 1 / 1.5)
    let body = Exact.truncatedNormal(mean: 10, sd: 3, low: 5, high: 20)
    let tail = Exact.truncatedNormal(mean: 0, sd: 1, low: 2, high: 6)
    return [
      ContinuousCase(
        column: "wei", cdf: { $0 <= 0 ? 0 : 1 - exp(-pow($0 / 10, 1.5)) },
        support: 0...Double.infinity,
        mean: weibullMean, variance: 100 * tgamma(1 + 2 / 1.5) - weibullMean * weibullMean),
      ContinuousCase(
        column: "tri", cdf: { Exact.triangularCDF($0, low: 1, mode: 2, high: 5) }, support: 1...5,
        mean: 8.0 / 3, variance: 13.0 / 18),
      ContinuousCase(
        column: "tn_body", cdf: body.cdf, support: 5...20, mean: body.mean,
        variance: body.variance),
      ContinuousCase(
        column: "tn_tail", cdf: tail.cdf, support: 2...6, mean: tail.mean, variance: tail.variance),
    ]
  }()

  @Test("discrete: mean within 5σ/√n and chi-square at alpha 1e-6", arguments: discrete)
  func discreteLaw(_ c: DiscreteCase) throws {
    let capture = try Self.output.get()
    let values = capture.ints("d", c.column)
    try #require(values.count == Self.n)
    let mean = RunStats.mean(values.map(Double.init))
    let band = 5 * c.variance.squareRoot() / Double(Self.n).squareRoot()
    #expect(abs(mean - c.mean) <= band, "\(c.column): mean \(mean), expected \(c.mean) ± \(band)")
    #expect(values.allSatisfy { $0 >= c.lowest }, "\(c.column): a value below the support")
    let test = RunStats.chiSquare(values, lowest: c.lowest, pmf: c.pmf)
    let critical = RunStats.chiSquareCritical(df: test.df)
    #expect(
      test.statistic <= critical,
      "\(c.column): chi-square \(test.statistic) on \(test.df) df, critical \(critical)")
  }

  @Test("continuous: mean within 5σ/√n and KS within the DKW band", arguments: continuous)
  func continuousLaw(_ c: ContinuousCase) throws {
    let capture = try Self.output.get()
    let values = capture.doubles("d", c.column)
    try #require(values.count == Self.n)
    #expect(
      values.allSatisfy { c.support.contains($0) }, "\(c.column): a value outside the support")
    let mean = RunStats.mean(values)
    let band = 5 * c.variance.squareRoot() / Double(Self.n).squareRoot()
    #expect(abs(mean - c.mean) <= band, "\(c.column): mean \(mean), expected \(c.mean) ± \(band)")
    let d = RunStats.ksStatistic(values, cdf: c.cdf)
    let eps = RunStats.dkwBand(n: Self.n)
    #expect(d <= eps, "\(c.column): KS distance \(d), DKW band \(eps)")
  }

  /// A constant parameter outside a distribution's domain, the argument blamed, and the message.
  struct BadCall: CustomTestStringConvertible, Sendable {
    var call: String
    var blamed: String
    var message: String
    /// Non-integer constants for integer parameters are type errors, not domain errors.
    var code: DiagnosticCode = .invalidDistributionParameter
    var testDescription: String { call }
  }

  static let badCalls: [BadCall] = [
    BadCall(
      call: "binomial(-1, 0.5)", blamed: "-1", message: "n must be greater than or equal to 0"),
    BadCall(
      call: "binomial(2.5, 0.5)", blamed: "2.5",
      message: "argument 1 of 'binomial' must be an integer",
      code: .argumentTypeMismatch),
    BadCall(call: "binomial(10, 1.5)", blamed: "1.5", message: "p must be between 0 and 1"),
    BadCall(call: "geometric(0)", blamed: "0", message: "p must be greater than 0"),
    BadCall(call: "geometric(1.5)", blamed: "1.5", message: "p must be at most 1"),
    BadCall(call: "negative_binomial(0, 0.5)", blamed: "0", message: "r must be greater than 0"),
    BadCall(call: "negative_binomial(1, 1e-12)", blamed: "1e-12", message: "p is too small"),
    BadCall(call: "weibull(0, 1)", blamed: "0", message: "shape must be greater than 0"),
    BadCall(call: "weibull(1, -2)", blamed: "-2", message: "scale must be greater than 0"),
    BadCall(
      call: "triangular(1, 0, 2)", blamed: "0", message: "mode must be greater than or equal to low"
    ),
    BadCall(
      call: "triangular(0, 3, 2)", blamed: "2",
      message: "high must be greater than or equal to mode"),
    BadCall(call: "triangular(2, 2, 2)", blamed: "2", message: "high must be greater than low"),
    BadCall(call: "zipf(0, 10)", blamed: "0", message: "s must be greater than 0"),
    BadCall(call: "zipf(1, 0)", blamed: "0", message: "n must be at least 1"),
    BadCall(
      call: "zipf(1, 2.5)", blamed: "2.5", message: "argument 2 of 'zipf' must be an integer",
      code: .argumentTypeMismatch),
    BadCall(
      call: "truncated_normal(0, 1, 2, 1)", blamed: "1", message: "high must be greater than low"),
    BadCall(
      call: "truncated_normal(0, 0, -1, 1)", blamed: "0", message: "sd must be greater than 0"),
    BadCall(
      call: "truncated_normal(0, 1, 40, 50)", blamed: "40",
      message: "low must be at most mean + 37*sd"),
  ]

  @Test("constant parameters outside the domain are compile errors", arguments: badCalls)
  func invalidConstantParameters(_ bad: BadCall) throws {
    let prefix = "scenario bad\nseed 1\ntable t [10] {\n  x = "
    let source = prefix + bad.call + "\n}\n"
    let result = ScenarioCompiler.compile(source: source, path: "bad.scenario")
    #expect(result.program == nil)
    let errors = result.diagnostics.filter { $0.severity == .error }
    try #require(errors.count == 1, "\(errors.map(\.message))")
    let e = errors[0]
    #expect(e.code == bad.code)
    #expect(e.message.contains(bad.message), "\(e.message)")
    let bytes = Array(source.utf8)
    let span = e.primary.span
    let blamed = String(decoding: bytes[span.start..<span.end], as: UTF8.self)
    // The blamed argument is the offending one: its text, at its position in the call.
    #expect(blamed == bad.blamed, "blamed '\(blamed)' in \(bad.call)")
    #expect(span.start > prefix.utf8.count + bad.call.prefix { $0 != "(" }.utf8.count)
  }

  @Test("parameters computed per row are checked per row (R0701), not at compile time")
  func perRowParameterFails() throws {
    let f = try EngineFixture.failure(
      """
      scenario bad_row
      seed 1
      table t [10] {
        k = row - 5
        x = binomial(k, 0.5)
      }
      """)
    let d = try #require(f.diagnostic)
    #expect(d.code == .runtimeInvalidParameter)
    #expect(d.message.contains("n must be greater than or equal to 0"), "\(d.message)")
  }
}

// MARK: - Exact laws

/// Closed forms of the tested laws, written here from their textbook definitions so that the
/// tests do not depend on `ScenarioRandom`'s own CDFs.
enum Exact {
  static func binomialPMF(_ k: Int, n: Int, p: Double) -> Double {
    guard k >= 0, k <= n else { return 0 }
    let (kk, nn) = (Double(k), Double(n))
    let logChoose: Double = lgamma(nn + 1) - lgamma(kk + 1) - lgamma(nn - kk + 1)
    let logPowers: Double = kk * log(p) + (nn - kk) * log1p(-p)
    return exp(logChoose + logPowers)
  }

  /// Failures before the r-th success.
  static func negativeBinomialPMF(_ k: Int, r: Double, p: Double) -> Double {
    guard k >= 0 else { return 0 }
    let kk = Double(k)
    let logCoefficient: Double = lgamma(kk + r) - lgamma(kk + 1) - lgamma(r)
    let logPowers: Double = r * log(p) + kk * log1p(-p)
    return exp(logCoefficient + logPowers)
  }

  /// Zipf(s, n) on 1...n: its pmf, mean and variance, from the normalising sums.
  static func zipf(s: Double, n: Int) -> (
    pmf: @Sendable (Int) -> Double, mean: Double, variance: Double
  ) {
    var (h, h1, h2) = (0.0, 0.0, 0.0)
    // Smallest terms first, for accuracy.
    for k in stride(from: n, through: 1, by: -1) {
      let w = pow(Double(k), -s)
      h += w
      h1 += w * Double(k)
      h2 += w * Double(k) * Double(k)
    }
    let total = h
    let mean = h1 / h
    return ({ k in k < 1 || k > n ? 0 : pow(Double(k), -s) / total }, mean, h2 / h - mean * mean)
  }

  static func triangularCDF(_ x: Double, low a: Double, mode c: Double, high b: Double) -> Double {
    if x <= a { return 0 }
    if x >= b { return 1 }
    if x <= c { return (x - a) * (x - a) / ((b - a) * (c - a)) }
    return 1 - (b - x) * (b - x) / ((b - a) * (b - c))
  }

  /// Standard normal upper tail Q(z) = P(Z > z).
  static func normalTail(_ z: Double) -> Double { 0.5 * erfc(z / 2.0.squareRoot()) }

  /// Standard normal density.
  static func normalDensity(_ z: Double) -> Double {
    exp(-z * z / 2) / (2 * Double.pi).squareRoot()
  }

  /// Standard normal CDF.
  static func normalCDF(_ z: Double) -> Double { 0.5 * erfc(-z / 2.0.squareRoot()) }

  /// Normal(mean, sd) conditioned on [low, high]: cdf (through upper tails, which keeps far
  /// tails precise), mean and variance.
  static func truncatedNormal(mean mu: Double, sd: Double, low: Double, high: Double) -> (
    cdf: @Sendable (Double) -> Double, mean: Double, variance: Double
  ) {
    let (a, b) = ((low - mu) / sd, (high - mu) / sd)
    let z = normalTail(a) - normalTail(b)
    let cdf: @Sendable (Double) -> Double = { x in
      if x <= low { return 0 }
      if x >= high { return 1 }
      return (normalTail(a) - normalTail((x - mu) / sd)) / z
    }
    let (pa, pb) = (normalDensity(a), normalDensity(b))
    let shift = (pa - pb) / z
    let variance = sd * sd * (1 + (a * pa - b * pb) / z - shift * shift)
    return (cdf, mu + sd * shift, variance)
  }

  /// Gamma(shape k, scale θ) CDF for a whole-number shape: 1 − e^(−t)·Σ_{j<k} t^j/j!.
  static func gammaCDF(_ x: Double, shape k: Int, scale: Double) -> Double {
    guard x > 0 else { return 0 }
    let t = x / scale
    var term = 1.0
    var sum = 1.0
    for j in 1..<max(1, k) {
      term *= t / Double(j)
      sum += term
    }
    return 1 - exp(-t) * sum
  }

  /// Beta(a, b) CDF for whole-number a and b: P(Binomial(a + b − 1, x) ≥ a).
  static func betaCDF(_ x: Double, a: Int, b: Int) -> Double {
    if x <= 0 { return 0 }
    if x >= 1 { return 1 }
    let m = a + b - 1
    var total = 0.0
    for j in a...m { total += binomialPMF(j, n: m, p: x) }
    return total
  }

  static func poissonPMF(_ k: Int, lambda: Double) -> Double {
    k < 0 ? 0 : exp(Double(k) * log(lambda) - lambda - lgamma(Double(k) + 1))
  }
}

// MARK: - Statistics helpers shared by the run suites

/// Sample statistics and the non-flaky test bands of research/statistics.md §4.2.
enum RunStats {
  /// The test level: a correct implementation fails a check with probability at most 1e-6.
  static let alpha = 1e-6
  /// z_{1 − alpha} for alpha = 1e-6.
  static let zAlpha = 4.753

  static func mean(_ x: [Double]) -> Double { x.reduce(0, +) / Double(x.count) }

  /// Sample standard deviation (n − 1).
  static func sd(_ x: [Double]) -> Double {
    let m = mean(x)
    return (x.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(x.count - 1)).squareRoot()
  }

  /// Pearson's sample correlation.
  static func pearson(_ x: [Double], _ y: [Double]) -> Double {
    let (mx, my) = (mean(x), mean(y))
    var (sxy, sxx, syy) = (0.0, 0.0, 0.0)
    for i in x.indices {
      let (dx, dy) = (x[i] - mx, y[i] - my)
      sxy += dx * dy
      sxx += dx * dx
      syy += dy * dy
    }
    return sxy / (sxx * syy).squareRoot()
  }

  /// Mid-ranks (ties share the mean of their positions), 1-based.
  static func ranks(_ x: [Double]) -> [Double] {
    let order = x.indices.sorted { x[$0] < x[$1] }
    var r = [Double](repeating: 0, count: x.count)
    var i = 0
    while i < order.count {
      var j = i
      while j + 1 < order.count && x[order[j + 1]] == x[order[i]] { j += 1 }
      let mid = Double(i + j) / 2 + 1
      for k in i...j { r[order[k]] = mid }
      i = j + 1
    }
    return r
  }

  /// Spearman's rank correlation: Pearson's correlation of the mid-ranks.
  static func spearman(_ x: [Double], _ y: [Double]) -> Double { pearson(ranks(x), ranks(y)) }

  /// Whether a sample Spearman correlation lies in the 5σ Fisher-z band around `target`:
  /// |atanh r − atanh ρ| ≤ 5·√(1.06/(n − 3)) (Fieller, Hartley & Pearson 1957).
  static func inSpearmanBand(_ r: Double, target: Double, n: Int) -> (ok: Bool, band: Double) {
    let band = 5 * (1.06 / Double(n - 3)).squareRoot()
    return (abs(atanh(r) - atanh(target)) <= band, band)
  }

  /// The 5σ band of a sample Pearson correlation for any marginals: the delta-method standard
  /// error from the influence function ψ = x̃ỹ − r(x̃² + ỹ²)/2 of standardised values, which
  /// accounts for the fourth moments that make the normal-theory Fisher band wrong for skewed
  /// marginals.
  static func pearsonBand(_ x: [Double], _ y: [Double]) -> Double {
    let r = pearson(x, y)
    let (mx, my, sx, sy) = (mean(x), mean(y), sd(x), sd(y))
    let psi = x.indices.map { i -> Double in
      let (a, b) = ((x[i] - mx) / sx, (y[i] - my) / sy)
      return a * b - r * (a * a + b * b) / 2
    }
    return 5 * sd(psi) / Double(x.count).squareRoot()
  }

  /// The Dvoretzky–Kiefer–Wolfowitz band (Massart's constant) for the KS distance of n values:
  /// √(ln(2/alpha)/(2n)); for two samples pass nm/(n + m).
  static func dkwBand(n: Int) -> Double { dkwBand(effective: Double(n)) }

  static func dkwBand(effective n: Double) -> Double { (log(2 / alpha) / (2 * n)).squareRoot() }

  /// sup |F_n − F| for a continuous F.
  static func ksStatistic(_ values: [Double], cdf: (Double) -> Double) -> Double {
    let sorted = values.sorted()
    let n = Double(sorted.count)
    var d = 0.0
    for (i, x) in sorted.enumerated() {
      let f = cdf(x)
      d = max(d, Double(i + 1) / n - f, f - Double(i) / n)
    }
    return d
  }

  /// sup |F_a − F_b| of two samples.
  static func ksTwoSample(_ a: [Double], _ b: [Double]) -> Double {
    let (x, y) = (a.sorted(), b.sorted())
    var (i, j, d) = (0, 0, 0.0)
    while i < x.count && j < y.count {
      let v = min(x[i], y[j])
      while i < x.count && x[i] == v { i += 1 }
      while j < y.count && y[j] == v { j += 1 }
      d = max(d, abs(Double(i) / Double(x.count) - Double(j) / Double(y.count)))
    }
    return d
  }

  /// Pearson's chi-square of integer values against a pmf on `lowest...`: bins k = lowest,
  /// lowest + 1, … merged left to right until each expects at least 5, the last holding the
  /// whole upper tail. A value below `lowest` makes the statistic infinite.
  static func chiSquare(_ values: [Int], lowest: Int, pmf: (Int) -> Double) -> (
    statistic: Double, df: Int
  ) {
    var counts: [Int: Int] = [:]
    for v in values { counts[v, default: 0] += 1 }
    if counts.keys.contains(where: { $0 < lowest }) { return (.infinity, 1) }
    let n = Double(values.count)
    let highest = counts.keys.max() ?? lowest
    var bins: [(expected: Double, observed: Double)] = []
    var (e, o, mass) = (0.0, 0.0, 0.0)
    for k in lowest...highest {
      let p = pmf(k)
      mass += p
      e += n * p
      o += Double(counts[k] ?? 0)
      if e >= 5 {
        bins.append((e, o))
        (e, o) = (0, 0)
      }
    }
    e += n * max(0, 1 - mass)
    if e >= 5 || bins.isEmpty {
      bins.append((e, o))
    } else {
      bins[bins.count - 1].expected += e
      bins[bins.count - 1].observed += o
    }
    let statistic = bins.reduce(0.0) {
      $0 + ($1.observed - $1.expected) * ($1.observed - $1.expected) / $1.expected
    }
    return (statistic, max(1, bins.count - 1))
  }

  /// Chi-square counts of categories against their probabilities (df = categories − 1).
  static func chiSquare(counts: [Int], probabilities: [Double]) -> (statistic: Double, df: Int) {
    let n = Double(counts.reduce(0, +))
    var s = 0.0
    for (c, p) in zip(counts, probabilities) {
      s += (Double(c) - n * p) * (Double(c) - n * p) / (n * p)
    }
    return (s, counts.count - 1)
  }

  /// The chi-square critical value at 1 − alpha by Wilson–Hilferty:
  /// df·(1 − 2/(9df) + z·√(2/(9df)))³.
  static func chiSquareCritical(df: Int) -> Double {
    let d = Double(df)
    let c = 1 - 2 / (9 * d) + zAlpha * (2 / (9 * d)).squareRoot()
    return d * c * c * c
  }
}
