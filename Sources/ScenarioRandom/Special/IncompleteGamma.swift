/// Both tails of a distribution at one point, each with its logarithm, so that whichever tail is
/// small keeps its full relative precision (the other is computed as one minus it).
@usableFromInline
struct TailPair: Sendable, Equatable {
  /// P(X ≤ x).
  @usableFromInline var lower: Double
  /// P(X > x).
  @usableFromInline var upper: Double
  /// log P(X ≤ x); finite even where `lower` underflows.
  @usableFromInline var logLower: Double
  /// log P(X > x); finite even where `upper` underflows.
  @usableFromInline var logUpper: Double

  /// The pair from the logarithm of the tail that was computed directly.
  @usableFromInline
  static func fromLower(log logLower: Double) -> TailPair {
    let lower = min(1, kernelExp(logLower))
    let upper = 1 - lower
    return TailPair(
      lower: lower, upper: upper, logLower: min(0, logLower), logUpper: kernelLog1p(-lower))
  }

  /// The pair from the logarithm of the upper tail.
  @usableFromInline
  static func fromUpper(log logUpper: Double) -> TailPair {
    let swapped = fromLower(log: logUpper)
    return TailPair(
      lower: swapped.upper, upper: swapped.lower, logLower: swapped.logUpper,
      logUpper: swapped.logLower)
  }

  /// All mass below (the point is at or above the top of the support).
  @usableFromInline static let allBelow = TailPair(
    lower: 1, upper: 0, logLower: 0, logUpper: -.infinity)
  /// All mass above (the point is below the support).
  @usableFromInline static let allAbove = TailPair(
    lower: 0, upper: 1, logLower: -.infinity, logUpper: 0)
}

/// The iteration cap of every series and continued fraction here. Near the centre both need
/// about 9·√a terms, so 2·10⁶ covers shapes up to about 5·10¹⁰ (Poisson lambda ≤ 10⁹ needs
/// about 3·10⁵).
@usableFromInline let specialIterationCap = 2_000_000

/// The smallest magnitude the modified Lentz algorithm lets a denominator take.
@usableFromInline let lentzTiny = 1e-300

/// log(x^a·e^(−x)/Γ(a)), the prefix of the regularised incomplete gamma function (and x times the
/// Gamma(a, 1) density). `logX` must be log x; it stays exact when x underflows to 0.
///
/// For a ≥ 10 it is formed as a·(log r − r + 1) + ½·log(a/2π) − `stirlingCorrection(a)` with
/// r = x/a, which avoids the cancellation of a·log x − x − log Γ(a) for large a (the idea of
/// Temme's and DiDonato & Morris's prefix; Boost.Math `regularised_gamma_prefix`).
@usableFromInline
func gammaLogPrefix(_ a: Double, x: Double, logX: Double) -> Double {
  if a >= 10 {
    let logA = kernelLog(a)
    return ratioExponent(a, excess: (x - a) / a, logRatio: logX - logA) + 0.5 * logA - halfLogTwoPi
      - stirlingCorrection(a)
  }
  return a * logX - x - lnGamma(a)
}

/// The regularised incomplete gamma functions P(a, x) (lower) and Q(a, x) = 1 − P (upper) for
/// a > 0, x ≥ 0, after Numerical Recipes §6.2: the series
/// P = x^a e^(−x)/Γ(a + 1) · Σ xⁿ/((a + 1)⋯(a + n)) when x < a + 1 (x < 1 for a < 1), otherwise
/// Legendre's continued fraction for Q evaluated by the modified Lentz method (Lentz 1976;
/// Thompson & Barnett 1986). The prefix is `gammaLogPrefix`.
///
/// Accuracy: the directly computed tail has a relative error of a few 1e-15 for moderate a,
/// growing to about 1e-13 at a = 10⁹ (iteration round-off); the other tail is one minus it. For
/// a < 1e-3 and x < 1 the upper tail comes from 1 − P and loses about log₁₀(1/a) digits.
@usableFromInline
func regularizedGamma(_ a: Double, x: Double, logX: Double) -> TailPair {
  if !(x > 0) && logX == -.infinity { return .allAbove }
  if x.isInfinite { return .allBelow }
  let logPrefix = gammaLogPrefix(a, x: x, logX: logX)
  let useSeries = a < 1 ? x < 1 : x < a + 1
  if useSeries {
    var sum = 1.0
    var term = 1.0
    var ap = a
    for _ in 0..<specialIterationCap {
      ap += 1
      term *= x / ap
      sum += term
      if term <= sum * 1e-17 { break }
    }
    return .fromLower(log: logPrefix + kernelLog(sum / a))
  }
  // Modified Lentz on Q = prefix · 1/(x + 1 − a − 1·(1 − a)/(x + 3 − a − …)).
  var b = x + 1 - a
  var c = 1 / lentzTiny
  var d = 1 / b
  var h = d
  for i in 1..<specialIterationCap {
    let an = -Double(i) * (Double(i) - a)
    b += 2
    d = an * d + b
    if abs(d) < lentzTiny { d = lentzTiny }
    c = b + an / c
    if abs(c) < lentzTiny { c = lentzTiny }
    d = 1 / d
    let delta = d * c
    h *= delta
    if abs(delta - 1) <= 1e-16 { break }
  }
  return .fromUpper(log: logPrefix + kernelLog(h))
}

/// `regularizedGamma` for a plain x ≥ 0.
@usableFromInline
func regularizedGamma(_ a: Double, x: Double) -> TailPair {
  if x.isNaN {
    return .undefined
  }
  if x <= 0 { return .allAbove }
  return regularizedGamma(a, x: x, logX: kernelLog(x))
}

extension TailPair {
  /// A pair from two directly computed tails (their logarithms are taken here).
  @usableFromInline
  init(lower: Double, upper: Double) {
    self.init(lower: lower, upper: upper, logLower: kernelLog(lower), logUpper: kernelLog(upper))
  }

  /// The pair with NaN everywhere (for a NaN argument).
  @usableFromInline static let undefined = TailPair(
    lower: .nan, upper: .nan, logLower: .nan, logUpper: .nan)
}
