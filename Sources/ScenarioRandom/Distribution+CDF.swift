extension Distribution {
  /// The cumulative distribution function P(X ≤ x); booleans count as 0 and 1. NaN for NaN.
  ///
  /// Algorithms: Φ by `normalCDF`; gamma by the regularised incomplete gamma P(shape, x/scale)
  /// and beta by the regularised incomplete beta I_x(α, β) (series and Lentz continued fractions,
  /// Numerical Recipes §6.2/§6.4, with cancellation-free prefixes; `regularizedGamma`,
  /// `regularizedBeta`); Poisson as Q(k + 1, λ); binomial as I_(1−p)(n − k, k + 1); negative
  /// binomial as I_p(r, k + 1); zipf by partial sums of k^(−s) (exact for the first 1000 terms,
  /// Euler–Maclaurin beyond); the rest in closed form. Relative accuracy of the smaller tail is
  /// about 1e-14 for moderate parameters (see the helpers for the limits).
  public func cdf(_ x: Double) -> Double {
    tails(x).lower
  }

  /// The survival function P(X > x) = 1 − cdf(x), computed directly (not as 1 − cdf) so upper
  /// tails keep their relative precision.
  public func survival(_ x: Double) -> Double {
    tails(x).upper
  }

  /// P(X ≤ x) and P(X > x) together, each computed from the side where it is small.
  @usableFromInline
  func tails(_ x: Double) -> TailPair {
    if x.isNaN { return .undefined }
    switch self {
    case .uniform(let low, let high):
      return uniformTails(x, low: low, high: high)
    case .uniformInt(let low, let high):
      return uniformIntTails(x.rounded(.down), low: low, high: high)
    case .normal(let mean, let sd):
      if sd == 0 { return x < mean ? .allAbove : .allBelow }
      let z = (x - mean) / sd
      return TailPair(lower: normalCDF(z), upper: normalCDF(-z))
    case .lognormal(let mu, let sigma):
      if x <= 0 { return .allAbove }
      if sigma == 0 { return kernelLog(x) < mu ? .allAbove : .allBelow }
      let z = (kernelLog(x) - mu) / sigma
      return TailPair(lower: normalCDF(z), upper: normalCDF(-z))
    case .exponential(let rate):
      if x <= 0 { return .allAbove }
      return TailPair(lower: -kernelExpm1(-rate * x), upper: kernelExp(-rate * x))
    case .gamma(let shape, let scale):
      return regularizedGamma(shape, x: x / scale)
    case .beta(let alpha, let beta):
      return regularizedBeta(alpha, beta, x: x, y: 1 - x)
    case .weibull(let shape, let scale):
      if x <= 0 { return .allAbove }
      let t = kernelExp(shape * kernelLog(x / scale))
      return TailPair(lower: -kernelExpm1(-t), upper: kernelExp(-t))
    case .triangular(let low, let mode, let high):
      return triangularTails(x, low: low, mode: mode, high: high)
    case .truncatedNormal(let mean, let sd, let low, let high):
      return TruncatedNormalShape(mean: mean, sd: sd, low: low, high: high).tails(x)
    case .poisson, .bernoulli, .binomial, .geometric, .negativeBinomial, .zipf:
      return countTails(x.rounded(.down))
    }
  }

  /// The tails of the count distributions at the whole number k.
  @usableFromInline
  func countTails(_ k: Double) -> TailPair {
    switch self {
    case .poisson(let lambda):
      if k < 0 { return .allAbove }
      if lambda == 0 { return .allBelow }
      // P(X ≤ k) = Q(k + 1, λ): the gamma pair with its tails swapped.
      let g = regularizedGamma(k + 1, x: lambda)
      return TailPair(
        lower: g.upper, upper: g.lower, logLower: g.logUpper, logUpper: g.logLower)
    case .bernoulli(let p):
      if k < 0 { return .allAbove }
      if k >= 1 { return .allBelow }
      return TailPair(lower: 1 - p, upper: p)
    case .binomial(let n, let p):
      let nd = Double(n)
      if k < 0 { return .allAbove }
      if k >= nd || p == 0 { return .allBelow }
      if p == 1 { return .allAbove }
      return regularizedBeta(nd - k, k + 1, x: 1 - p, y: p)
    case .geometric(let p):
      if k < 0 { return .allAbove }
      if p >= 1 { return .allBelow }
      let e = (k + 1) * kernelLog1p(-p)
      return TailPair(lower: -kernelExpm1(e), upper: kernelExp(e))
    case .negativeBinomial(let r, let p):
      if k < 0 { return .allAbove }
      if p >= 1 { return .allBelow }
      return regularizedBeta(r, k + 1, x: p, y: 1 - p)
    case .zipf(let s, let n):
      if k < 1 { return .allAbove }
      if k >= Double(n) { return .allBelow }
      return ZipfSums(s: s, n: n).tails(Int64(k))
    default:
      return tails(k)
    }
  }

  /// P(X = k) for the count distributions (0 for the others and outside the support), from the
  /// same cancellation-free prefixes as the CDFs: Poisson λᵏe^(−λ)/k! as the gamma prefix,
  /// binomial and negative binomial as beta prefixes.
  @usableFromInline
  func probabilityMass(_ k: Int64) -> Double {
    let kd = Double(k)
    switch self {
    case .poisson(let lambda):
      if k < 0 { return 0 }
      if lambda == 0 { return k == 0 ? 1 : 0 }
      // λ^(k+1) e^(−λ)/Γ(k + 1) = λ·P(X = k).
      let logLambda = kernelLog(lambda)
      return kernelExp(gammaLogPrefix(kd + 1, x: lambda, logX: logLambda) - logLambda)
    case .bernoulli(let p):
      return k == 0 ? 1 - p : (k == 1 ? p : 0)
    case .binomial(let n, let p):
      if k < 0 || k > n { return 0 }
      if p == 0 || p == 1 { return (p == 0 ? k == 0 : k == n) ? 1 : 0 }
      // p^(k+1) q^(n−k+1)/B(k + 1, n − k + 1) = (n + 1)·p·q·P(X = k).
      // p is exact; log(1 − p) by log1p so that n·log q does not amplify the rounding of 1 − p.
      let q = 1 - p
      let (logP, logQ) = (kernelLog(p), kernelLog1p(-p))
      let logPrefix = betaLogPrefix(kd + 1, Double(n) - kd + 1, x: p, y: q, logX: logP, logY: logQ)
      return kernelExp(logPrefix - kernelLog(Double(n) + 1) - logP - logQ)
    case .geometric(let p):
      if k < 0 { return 0 }
      if p >= 1 { return k == 0 ? 1 : 0 }
      return p * kernelExp(kd * kernelLog1p(-p))
    case .negativeBinomial(let r, let p):
      if k < 0 { return 0 }
      if p >= 1 { return k == 0 ? 1 : 0 }
      // p^r q^(k+1)/B(r, k + 1) = q·(r + k)·P(X = k).
      let q = 1 - p
      let logQ = kernelLog1p(-p)
      let logPrefix = betaLogPrefix(r, kd + 1, x: p, y: q, logX: kernelLog(p), logY: logQ)
      return kernelExp(logPrefix - logQ - kernelLog(r + kd))
    case .zipf(let s, let n):
      if k < 1 || k > n { return 0 }
      return kernelExp(-s * kernelLog(kd)) / zipfPowerSum(s, from: 1, to: n)
    case .uniformInt(let low, let high):
      if k < low || k > high { return 0 }
      return 1 / (Double(high) - Double(low) + 1)
    default:
      return 0
    }
  }
}

// MARK: - Closed-form tails

/// Uniform on [low, high]; a point distribution when low == high.
private func uniformTails(_ x: Double, low: Double, high: Double) -> TailPair {
  if x < low { return .allAbove }
  if x >= high { return .allBelow }
  let width = high - low
  if width.isFinite {
    return TailPair(lower: (x - low) / width, upper: (high - x) / width)
  }
  // Halved to avoid overflow of high − low.
  let half = 0.5 * high - 0.5 * low
  return TailPair(lower: (0.5 * x - 0.5 * low) / half, upper: (0.5 * high - 0.5 * x) / half)
}

/// Integer uniform on low...high at the whole number k.
private func uniformIntTails(_ k: Double, low: Int64, high: Int64) -> TailPair {
  if k < Double(low) { return .allAbove }
  if k >= Double(high) { return .allBelow }
  let kk = Int64(k)
  let span = Double(UInt64(bitPattern: high &- low)) + 1
  let below = Double(UInt64(bitPattern: kk &- low)) + 1
  let above = Double(UInt64(bitPattern: high &- kk))
  return TailPair(lower: below / span, upper: above / span)
}

/// Triangular(low, mode, high): F = (x − a)²/((b − a)(c − a)) up to the mode and
/// 1 − F = (b − x)²/((b − a)(b − c)) above it. The complementary tail on each side is written
/// as the mass beyond the mode plus (c − x)(c + x − 2a)/((b − a)(c − a)) (mirrored above), so
/// neither tail is ever formed as 1 − the other; every product is scaled by b − a first.
private func triangularTails(_ x: Double, low: Double, mode: Double, high: Double) -> TailPair {
  if x <= low { return .allAbove }
  if x >= high { return .allBelow }
  let width = high - low
  if x <= mode {
    let r = x - low
    let left = mode - low
    return TailPair(
      lower: (r / width) * (r / left),
      upper: (high - mode) / width + ((mode - x) / width) * ((left + r) / left))
  }
  let r = high - x
  let right = high - mode
  return TailPair(
    lower: (mode - low) / width + ((x - mode) / width) * ((right + r) / right),
    upper: (r / width) * (r / right))
}

// MARK: - Zipf sums

/// The partial sums of a Zipf(s, n) distribution, with the normalising sum and the first
/// 1000 partial sums computed once, for repeated CDF evaluations.
@usableFromInline
struct ZipfSums {
  let s: Double
  let n: Int64
  /// prefix[j] = Σ_{i=1}^{j} i^(−s) for j in 0...min(n, 999).
  let prefix: [Double]
  /// Σ_{i=1}^{n} i^(−s).
  @usableFromInline let total: Double

  /// The sums for Zipf(s, n): 1000 terms added once, the rest by Euler–Maclaurin.
  @usableFromInline
  init(s: Double, n: Int64) {
    self.s = s
    self.n = n
    let last = min(n, zipfDirectTerms - 1)
    var prefix = [0.0]
    prefix.reserveCapacity(Int(max(0, last)) + 1)
    var sum = 0.0
    var i: Int64 = 1
    while i <= last {
      sum += kernelExp(-s * kernelLog(Double(i)))
      prefix.append(sum)
      i += 1
    }
    self.prefix = prefix
    self.total = n <= last ? sum : sum + zipfPowerSum(s, from: zipfDirectTerms, to: n)
  }

  /// Σ_{i=1}^{k} i^(−s) for 0 ≤ k ≤ n.
  func lowerSum(_ k: Int64) -> Double {
    if k < Int64(prefix.count) { return prefix[Int(k)] }
    return prefix[prefix.count - 1] + zipfPowerSum(s, from: Int64(prefix.count), to: k)
  }

  /// Σ_{i=k+1}^{n} i^(−s), summed directly (not as a difference).
  func upperSum(_ k: Int64) -> Double {
    zipfPowerSum(s, from: k + 1, to: n)
  }

  /// P(X ≤ k) and P(X > k).
  @usableFromInline
  func tails(_ k: Int64) -> TailPair {
    if k < 1 { return .allAbove }
    if k >= n { return .allBelow }
    return TailPair(lower: lowerSum(k) / total, upper: upperSum(k) / total)
  }
}

/// The number of leading terms of a zipf power sum added one by one; beyond them the sum uses
/// the Euler–Maclaurin formula, whose truncation error there is below 1e-16 relative.
let zipfDirectTerms: Int64 = 1000

/// Σ_{i=a}^{b} i^(−s) for 1 ≤ a (0 when a > b); s may be any real (negative for moments).
///
/// The terms below 1000 are added directly (smallest first); from m = max(a, 1000) on, the
/// Euler–Maclaurin formula ∫ₘᵇ x^(−s)dx + (f(m) + f(b))/2 + Σ B₂ⱼ/(2j)!·(f^(2j−1)(b) − f^(2j−1)(m))
/// with three Bernoulli terms is used when more than 64 terms remain.
@usableFromInline
func zipfPowerSum(_ s: Double, from a: Int64, to b: Int64) -> Double {
  if a > b { return 0 }
  let m = max(a, zipfDirectTerms)
  if b - m < 64 { return directPowerSum(s, from: a, to: b) }
  return directPowerSum(s, from: a, to: m - 1) + eulerMaclaurinPowerSum(s, from: m, to: b)
}

/// Σ_{i=a}^{b} i^(−s) term by term, from b down to a.
private func directPowerSum(_ s: Double, from a: Int64, to b: Int64) -> Double {
  var sum = 0.0
  var i = b
  while i >= a {
    sum += kernelExp(-s * kernelLog(Double(i)))
    i -= 1
  }
  return sum
}

/// Σ_{i=m}^{b} i^(−s) by Euler–Maclaurin with the B₂, B₄ and B₆ corrections (m ≥ 1000).
private func eulerMaclaurinPowerSum(_ s: Double, from m: Int64, to b: Int64) -> Double {
  let md = Double(m)
  let bd = Double(b)
  let logM = kernelLog(md)
  let logB = kernelLog(bd)
  let span = logB - logM
  // ∫ₘᵇ x^(−s) dx = m^(1−s)·L·(e^((1−s)L) − 1)/((1 − s)L) with L = log(b/m), exact at s = 1.
  let integral = kernelExp((1 - s) * logM) * span * expm1OverX((1 - s) * span)
  func power(_ e: Double, _ logX: Double) -> Double { kernelExp(e * logX) }
  let ends = 0.5 * (power(-s, logM) + power(-s, logB))
  let c1 = -s
  let c3 = -s * (s + 1) * (s + 2)
  let c5 = c3 * (s + 3) * (s + 4)
  let d1 = c1 * (power(-s - 1, logB) - power(-s - 1, logM))
  let d3 = c3 * (power(-s - 3, logB) - power(-s - 3, logM))
  let d5 = c5 * (power(-s - 5, logB) - power(-s - 5, logM))
  return integral + ends + d1 / 12 - d3 / 720 + d5 / 30240
}
