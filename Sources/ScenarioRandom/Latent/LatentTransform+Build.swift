extension LatentTransform {
  /// The latent transform of a distribution (parameters as accepted by `Distribution.validate`).
  /// Tables are built here, once: a few hundred quantile solves for gamma, beta and truncated
  /// normal (milliseconds), one probability mass per support point for count distributions.
  public init(_ d: Distribution) {
    self.init(kind: LatentTransform.kind(of: d))
  }

  /// The latent transform of a histogram: thresholds at the bin boundaries, then linear inside
  /// the bin in Φ(z) (Φ(−z) above the median), exactly the histogram's quantile function.
  public init(_ h: EmpiricalHistogram) {
    var thresholds: [Double] = []
    for i in 1..<h.binCount {
      thresholds.append(latentThreshold(lower: h.below[i], upper: h.above[i]))
    }
    let bins = ThresholdTable(base: 0, thresholds: thresholds)
    self.init(kind: .histogram(h, bins: bins, median: h.quantile(0.5)))
  }

  /// The latent transform of a mixture. When every component is a count or boolean
  /// distribution (e.g. a zero-inflated Poisson) and at most 2²⁰ values have both tails above
  /// 1e-17: exact thresholds Φ⁻¹ of the mixture CDF, like a count distribution. Otherwise a
  /// z-table of its quantile function (bisection on the mixture CDF), with g = log(x − low) −
  /// log(high − x) on a bounded support, log(x − low) on a support bounded below only, x itself
  /// otherwise; a discrete mixture too wide for thresholds then gives interpolated, not whole,
  /// values between the table nodes.
  public init(_ m: Mixture) {
    if m.isDiscrete, let kind = LatentTransform.discreteMixtureKind(m) {
      self.init(kind: kind)
      return
    }
    self.init(
      kind: LatentTransform.table(support: m.support, scale: m.variance.squareRoot()) {
        m.quantile(lower: $0, upper: $1)
      })
  }

  /// Thresholds for a mixture of count distributions, from the mixture's own tails at every k
  /// between its 1e-17 and 1 − 1e-17 quantiles; nil when that is more than 2²⁰ values.
  static func discreteMixtureKind(_ m: Mixture) -> Kind? {
    let low = m.quantile(lower: tailCut, upper: 1 - tailCut)
    let high = m.quantile(lower: 1, upper: tailCut)
    guard low.isFinite, high.isFinite, high - low <= Double(ThresholdTable.maxCount) else {
      return nil
    }
    if high <= low { return .constant(low) }
    let thresholds = stride(from: low, to: high, by: 1).map { k in
      let t = m.tails(k)
      return latentThreshold(lower: t.lower, upper: t.upper)
    }
    return .thresholds(ThresholdTable(base: low, thresholds: thresholds))
  }

  /// The latent transform of a categorical choice with the alias table's exact probabilities:
  /// returns the category index (as a whole `Double`) by thresholds at the cumulative
  /// probabilities. Zero-weight categories are never returned.
  public init(categorical table: AliasTable) {
    var thresholds: [Double] = []
    var units: UInt64 = 0
    for w in table.scaledWeights.dropLast() {
      units += w
      thresholds.append(
        latentThreshold(lower: Double(units) * 0x1p-32, upper: Double((1 << 32) - units) * 0x1p-32)
      )
    }
    self.init(kind: .thresholds(ThresholdTable(base: 0, thresholds: thresholds)))
  }

  /// The latent transform of a categorical choice among weighted categories, or nil when the
  /// weights are invalid for `AliasTable`.
  public init?(categoricalWeights weights: [Double]) {
    guard let table = AliasTable(weights: weights) else { return nil }
    self.init(categorical: table)
  }

  /// The prepared mapping for a distribution.
  static func kind(of d: Distribution) -> Kind {
    switch d {
    case .uniform(let low, let high):
      return low == high ? .constant(low) : .uniform(low: low, high: high)
    case .normal(let mean, let sd):
      return .normal(mean: mean, sd: sd)
    case .lognormal(let mu, let sigma):
      return .lognormal(mu: mu, sigma: sigma)
    case .exponential(let rate):
      return .exponential(rate: rate)
    case .weibull(let shape, let scale):
      return .weibull(inverseShape: 1 / shape, scale: scale)
    case .triangular(let low, let mode, let high):
      let split = (mode - low) / (high - low)
      return .triangular(
        TriangularSampler(low: low, mode: mode, high: high),
        splitZ: latentThreshold(lower: split, upper: (high - mode) / (high - low)), mode: mode)
    case .gamma(let shape, let scale):
      let table = ZTable.adaptive(tolerance: tableTolerance) { z in
        gammaLogQuantile(shape, lower: normalCDF(z), upper: normalCDF(-z))
      }
      return .table(table, .exponential(origin: 0, scale: scale))
    case .beta(let alpha, let beta):
      let table = ZTable.adaptive(tolerance: tableTolerance) { z in
        betaLogitQuantile(alpha, beta, lower: normalCDF(z), upper: normalCDF(-z))
      }
      return .table(table, .interval(low: 0, high: 1))
    case .truncatedNormal(let mean, let sd, let low, let high):
      let shape = TruncatedNormalShape(mean: mean, sd: sd, low: low, high: high)
      return table(support: low...high, scale: sd) { shape.value(lower: $0, upper: $1) }
    case .geometric(let p):
      return p >= 1 ? .constant(0) : .geometric(logQ: kernelLog1p(-p))
    case .uniformInt(let low, let high):
      let span = Double(UInt64(bitPattern: high &- low)) + 1
      if span > 65_536 { return .uniformInt(low: Double(low), span: span) }
      // F(low + i) = (i + 1)/span exactly.
      let thresholds = (0..<(Int(span) - 1)).map { i in
        latentThreshold(lower: Double(i + 1) / span, upper: (span - Double(i + 1)) / span)
      }
      return .thresholds(ThresholdTable(base: Double(low), thresholds: thresholds))
    case .bernoulli(let p):
      return .thresholds(
        ThresholdTable(base: 0, thresholds: [latentThreshold(lower: 1 - p, upper: p)]))
    case .poisson, .binomial, .negativeBinomial, .zipf:
      return countKind(d)
    }
  }

  /// The target accuracy of every z-table, in g: for log and log-ratio tables that is the
  /// relative error of x (of its distance to the nearer bound); for plain tables it is relative
  /// to max(|x|, sd).
  static let tableTolerance = 1e-8

  /// A z-table of a quantile function given the two tail probabilities, transformed by the
  /// support: log-distances to both ends when it is bounded, the log-distance to the bottom when
  /// only that is finite, x itself otherwise (with the tolerance relative to max(|x|, scale)).
  static func table(
    support: ClosedRange<Double>, scale: Double, _ quantile: @escaping (Double, Double) -> Double
  ) -> Kind {
    let low = support.lowerBound
    let high = support.upperBound
    let tiny = Double.leastNormalMagnitude
    let x = { (z: Double) in quantile(normalCDF(z), normalCDF(-z)) }
    if low == high { return .constant(low) }
    if low.isFinite && high.isFinite {
      let table = ZTable.adaptive(tolerance: tableTolerance) { z in
        let v = x(z)
        return kernelLog(max(v - low, tiny)) - kernelLog(max(high - v, tiny))
      }
      return .table(table, .interval(low: low, high: high))
    }
    if low.isFinite {
      let table = ZTable.adaptive(tolerance: tableTolerance) { z in
        kernelLog(max(x(z) - low, tiny))
      }
      return .table(table, .exponential(origin: low, scale: 1))
    }
    let floor = scale.isFinite && scale > 0 ? scale : 1
    let table = ZTable.adaptive(tolerance: tableTolerance, relativeAbove: floor, x)
    return .table(table, .identity)
  }
}

// MARK: - Count distributions

extension LatentTransform {
  /// Both tails of every threshold table end where the distribution has less than this
  /// probability left: Φ⁻¹(1e-17) ≈ −8.49, beyond any latent a table is queried with.
  static let tailCut = 1e-17

  /// Thresholds for a count distribution over [k_lo, k_hi], the 1e-17 and 1 − 1e-17 quantiles.
  /// F(k) is accumulated upwards from the exact F(k_lo) below the median and the survival
  /// function downwards from the exact S(k_top) from the median on, each summing the
  /// distribution's probability masses, so every threshold comes from a small tail.
  static func countKind(_ d: Distribution) -> Kind {
    let tails = d.countTailsFunction()
    let kLo = d.countQuantile(lower: tailCut, upper: 1 - tailCut, tails: tails)
    let kHi = d.countQuantile(lower: 1, upper: tailCut, tails: tails)
    if kHi <= kLo { return .constant(Double(kLo)) }
    let count = Int(min(kHi - kLo, Int64(ThresholdTable.maxCount)))
    let kTop = kLo + Int64(count) - 1
    let median = d.countQuantile(lower: 0.5, upper: 0.5, tails: tails)
    let mass = d.countMassFunction()
    var thresholds = [Double](repeating: 0, count: count)
    // Lower chain: k in kLo..<min(median, kTop + 1), F(k) < ½.
    var f = tails(kLo).lower
    var k = kLo
    while k < min(median, kTop + 1) {
      if k > kLo { f += mass(k) }
      thresholds[Int(k - kLo)] = normalQuantile(f)
      k += 1
    }
    // Upper chain: k in max(median, kLo)...kTop, S(k) ≤ ½.
    var s = tails(kTop).upper
    k = kTop
    while k >= max(median, kLo) {
      if k < kTop { s += mass(k + 1) }
      thresholds[Int(k - kLo)] = -normalQuantile(s)
      k -= 1
    }
    let table = ThresholdTable(base: Double(kLo), thresholds: thresholds)
    if kHi - kLo <= Int64(ThresholdTable.maxCount) { return .thresholds(table) }
    // Beyond the cap: exact quantiles at the z nodes, tabulated in log(k − origin + 1).
    let origin = d.support.lowerBound
    let tail = ZTable.adaptive(tolerance: tableTolerance) { z in
      let k = d.countQuantile(lower: normalCDF(z), upper: normalCDF(-z), tails: tails)
      return kernelLog(Double(k) - origin + 1)
    }
    return .cappedThresholds(table, tail: tail, origin: origin)
  }
}

extension Distribution {
  /// The probability mass as a function of k, with the zipf normaliser computed once.
  func countMassFunction() -> (Int64) -> Double {
    if case .zipf(let s, let n) = self {
      let total = ZipfSums(s: s, n: n).total
      return { k in kernelExp(-s * kernelLog(Double(k))) / total }
    }
    return { self.probabilityMass($0) }
  }
}
