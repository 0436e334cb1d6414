extension Distribution {
  /// The quantile function: the smallest x with cdf(x) ≥ p (for the count distributions the
  /// smallest whole k). p = 0 gives the bottom of the support and p = 1 the top (±∞ where
  /// unbounded); NaN outside [0, 1].
  ///
  /// Closed forms where they exist (normal and lognormal by AS 241); gamma and beta by a
  /// safeguarded Newton solve in log x / logit x on the incomplete gamma/beta functions (relative
  /// tolerance 1e-14); count distributions by a galloping integer search on the CDF. For p near 1
  /// prefer `quantile(upper:)`, since 1 − p has lost its low digits.
  public func quantile(_ p: Double) -> Double {
    quantile(lower: p, upper: 1 - p)
  }

  /// The quantile at upper-tail probability q: the smallest x with survival(x) ≤ q, i.e.
  /// `quantile(1 − q)` without the rounding of 1 − q, so far upper tails stay exact.
  public func quantile(upper q: Double) -> Double {
    quantile(lower: 1 - q, upper: q)
  }

  /// The quantile for the lower-tail probability p and the upper-tail probability q = 1 − p; the
  /// smaller one drives the computation.
  @usableFromInline
  func quantile(lower p: Double, upper q: Double) -> Double {
    if !(p >= 0 && p <= 1 && q >= 0 && q <= 1) { return .nan }
    if p == 0 { return support.lowerBound }
    if q == 0 { return support.upperBound }
    let lowerTail = p <= q
    switch self {
    case .uniform(let low, let high):
      if low == high { return low }
      let width = high - low
      if !width.isFinite { return 2 * (0.5 * low + (0.5 * high - 0.5 * low) * p) }
      return min(max(lowerTail ? low + width * p : high - width * q, low), high)
    case .uniformInt(let low, let high):
      let span = Double(UInt64(bitPattern: high &- low)) + 1
      let offset =
        lowerTail ? (p * span).rounded(.up) - 1 : span - 1 - (q * span).rounded(.down)
      return Double(low) + min(max(offset, 0), span - 1)
    case .normal(let mean, let sd):
      return mean + sd * standardNormalQuantile(lower: p, upper: q)
    case .lognormal(let mu, let sigma):
      return kernelExp(mu + sigma * standardNormalQuantile(lower: p, upper: q))
    case .exponential(let rate):
      return (lowerTail ? -kernelLog1p(-p) : -kernelLog(q)) / rate
    case .gamma(let shape, let scale):
      return scale * kernelExp(gammaLogQuantile(shape, lower: p, upper: q))
    case .beta(let alpha, let beta):
      return sigmoid(betaLogitQuantile(alpha, beta, lower: p, upper: q))
    case .weibull(let shape, let scale):
      let t = lowerTail ? -kernelLog1p(-p) : -kernelLog(q)
      return scale * kernelExp(kernelLog(t) / shape)
    case .triangular(let low, let mode, let high):
      return TriangularSampler(low: low, mode: mode, high: high).value(lower: p, upper: q)
    case .truncatedNormal(let mean, let sd, let low, let high):
      return TruncatedNormalShape(mean: mean, sd: sd, low: low, high: high)
        .value(lower: p, upper: q)
    case .bernoulli(let pb):
      return pb <= q ? 0 : 1
    case .geometric(let pg):
      return geometricQuantile(pg, lower: p, upper: q)
    case .poisson, .binomial, .negativeBinomial, .zipf:
      return Double(countQuantile(lower: p, upper: q))
    }
  }

  /// Φ⁻¹ for the tail pair (p, q): Φ⁻¹(p) or −Φ⁻¹(q), whichever tail is smaller.
  @usableFromInline
  func standardNormalQuantile(lower p: Double, upper q: Double) -> Double {
    p <= q ? normalQuantile(p) : -normalQuantile(q)
  }

  /// Whether k satisfies the quantile condition cdf(k) ≥ p, tested on the smaller tail.
  @usableFromInline
  func countReaches(_ k: Int64, lower p: Double, upper q: Double) -> Bool {
    let t = countTails(Double(k))
    return p <= q ? t.lower >= p : t.upper <= q
  }

  /// The geometric quantile in closed form, k = ⌈log v/log(1 − p)⌉ − 1 with v the upper-tail
  /// probability; below 2⁵³ it is then checked against the CDF by one step either way (so it
  /// agrees with `cdf` exactly even where the logarithms round across an integer).
  @usableFromInline
  func geometricQuantile(_ pg: Double, lower p: Double, upper q: Double) -> Double {
    if pg >= 1 { return 0 }
    let logV = p <= q ? kernelLog1p(-p) : kernelLog(q)
    let raw = max(0, (logV / kernelLog1p(-pg)).rounded(.up) - 1)
    if raw >= 0x1p53 { return raw }
    var k = Int64(raw)
    while k > 0 && countReaches(k - 1, lower: p, upper: q) { k -= 1 }
    while k < 1 << 53 && !countReaches(k, lower: p, upper: q) { k += 1 }
    return Double(k)
  }

  /// The quantile of Poisson, binomial, negative binomial and zipf by a galloping integer search
  /// from the normal approximation mean + sd·z.
  @usableFromInline
  func countQuantile(lower p: Double, upper q: Double) -> Int64 {
    countQuantile(lower: p, upper: q, tails: countTailsFunction())
  }

  /// `countQuantile(lower:upper:)` with a prepared tail function (see `countTailsFunction`).
  @usableFromInline
  func countQuantile(
    lower p: Double, upper q: Double, tails: (Int64) -> TailPair
  ) -> Int64 {
    let bottom: Int64
    let top: Int64
    switch self {
    case .binomial(let n, _):
      (bottom, top) = (0, max(0, n))
    case .zipf(_, let n):
      (bottom, top) = (1, max(1, n))
    default:
      (bottom, top) = (0, 1 << 62)
    }
    if p == 0 { return bottom }
    if q == 0 { return top }
    let approximation = mean + variance.squareRoot() * standardNormalQuantile(lower: p, upper: q)
    let guess =
      approximation.isFinite
      ? Int64(min(max(approximation.rounded(), Double(bottom)), Double(top))) : bottom
    return smallestIntegerSatisfying(lower: bottom, upper: top, guess: guess) {
      let t = tails($0)
      return p <= q ? t.lower >= p : t.upper <= q
    }
  }

  /// The count tails as a function of k, with per-distribution work done once (the zipf
  /// normalising sum and its first 1000 partial sums).
  @usableFromInline
  func countTailsFunction() -> (Int64) -> TailPair {
    if case .zipf(let s, let n) = self {
      let sums = ZipfSums(s: s, n: n)
      return { sums.tails($0) }
    }
    return { self.countTails(Double($0)) }
  }
}
