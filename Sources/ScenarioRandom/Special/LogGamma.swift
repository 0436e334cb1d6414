// Log-gamma and its helpers, written here rather than taken from the platform `lgamma` so that the
// CDFs, quantiles and latent tables do not depend on glibc versus Apple's libm beyond the
// `kernelLog`/`kernelExp` swap point (research/statistics.md §5).

/// ½·log(2π).
@usableFromInline let halfLogTwoPi = 0.91893853320467274178

/// log Γ(x) for x > 0 by the Stirling series with seven Bernoulli terms (`stirlingCorrection`),
/// after shifting arguments below 10 up with Γ(x) = Γ(x + n)/(x(x + 1)⋯(x + n − 1)).
///
/// Absolute error about 1e-15 (relative near the zeros at 1 and 2 is therefore poorer); what the
/// callers need is the absolute error, because the result only ever feeds `exp`. Works down to
/// subnormal x (the shift product cannot underflow). NaN for x ≤ 0 or NaN; +∞ for +∞.
@usableFromInline
func lnGamma(_ x: Double) -> Double {
  if !(x > 0) { return .nan }
  if x.isInfinite { return .infinity }
  if x >= 10 { return stirlingLnGamma(x) }
  var product = 1.0
  var z = x
  while z < 10 {
    product *= z
    z += 1
  }
  return stirlingLnGamma(z) - kernelLog(product)
}

/// log Γ(x) for x ≥ 10: (x − ½)·log x − x + ½·log 2π + `stirlingCorrection(x)`.
@usableFromInline
func stirlingLnGamma(_ x: Double) -> Double {
  (x - 0.5) * kernelLog(x) - x + halfLogTwoPi + stirlingCorrection(x)
}

/// The remainder of Stirling's formula, log Γ(x) − [(x − ½)·log x − x + ½·log 2π], for x ≥ 10 by
/// its asymptotic series Σ B₂ₖ/(2k(2k − 1)x^(2k−1)) with seven terms (Abramowitz & Stegun
/// 6.1.41); the first omitted term is below 3e-17 relative at x = 10.
@usableFromInline
func stirlingCorrection(_ x: Double) -> Double {
  let r = 1 / x
  let r2 = r * r
  var s = 1.0 / 156.0
  s = s * r2 - 691.0 / 360_360.0
  s = s * r2 + 1.0 / 1188.0
  s = s * r2 - 1.0 / 1680.0
  s = s * r2 + 1.0 / 1260.0
  s = s * r2 - 1.0 / 360.0
  s = s * r2 + 1.0 / 12.0
  return s * r
}

/// log(1 + t) − t without cancellation: the alternating series −t²/2 + t³/3 − … for |t| < 0.25
/// (at most 27 terms), `kernelLog1p(t) − t` otherwise (no harmful cancellation there).
@usableFromInline
func log1pmx(_ t: Double) -> Double {
  if abs(t) >= 0.25 { return kernelLog1p(t) - t }
  // Σ_{k≥2} (−1)^(k+1) t^k / k, smallest terms last.
  var power = t * t
  var sum = -0.5 * power
  var k = 3.0
  while k < 60 {
    power *= -t
    let term = -power / k
    sum += term
    if abs(term) <= abs(sum) * 1e-17 { break }
    k += 1
  }
  return sum
}

/// k·(log r − r + 1), the "large-parameter" exponent of the gamma and beta prefixes, given
/// e = r − 1 and log r separately (so that an underflowed ratio still has an exact logarithm,
/// and so that callers can derive e from an exactly computed difference).
@usableFromInline
func ratioExponent(_ k: Double, excess e: Double, logRatio: Double) -> Double {
  if abs(e) < 0.25 { return k * log1pmx(e) }
  return k * (logRatio - e)
}

/// log σ(t) = −log(1 + e^(−t)) without overflow for either sign of t.
@usableFromInline
func logSigmoid(_ t: Double) -> Double {
  t < 0 ? t - kernelLog1p(kernelExp(t)) : -kernelLog1p(kernelExp(-t))
}
