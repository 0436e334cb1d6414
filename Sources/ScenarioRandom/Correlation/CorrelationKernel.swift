// Pure-Swift elementary functions and root finders for the correlation solver.
//
// Everything in this folder runs at compile time, and its results (the latent matrix, hence the
// Cholesky factor L) reach every generated value, so it must give the same bits on every platform
// (research/statistics.md §5.4). These kernels use only +, −, ×, ÷, `squareRoot()` and exact bit
// manipulation, never the platform libm. They cover only the narrow argument ranges this folder
// needs. The `corr` prefix keeps them from clashing with the rest of ScenarioRandom, which is
// compiled into the same module.

// MARK: - sin, arcsin, log

/// sin(x) for |x| ≤ 0.53 (enough for πρ/6 with |ρ| ≤ 1) by its Taylor series through x¹⁹.
///
/// The first omitted term is below 10⁻²⁴ on that range, so the result is accurate to about one ulp.
func corrSin(_ x: Double) -> Double {
  let x2 = x * x
  // Horner form of x·(1 − x²/3! + x⁴/5! − …), with the coefficients as exact-as-possible literals.
  var series = -1.0 / 121_645_100_408_832_000.0  // −1/19!
  series = series * x2 + 1.0 / 355_687_428_096_000.0  // 1/17!
  series = series * x2 - 1.0 / 1_307_674_368_000.0  // −1/15!
  series = series * x2 + 1.0 / 6_227_020_800.0  // 1/13!
  series = series * x2 - 1.0 / 39_916_800.0  // −1/11!
  series = series * x2 + 1.0 / 362_880.0  // 1/9!
  series = series * x2 - 1.0 / 5_040.0  // −1/7!
  series = series * x2 + 1.0 / 120.0  // 1/5!
  series = series * x2 - 1.0 / 6.0  // −1/3!
  return x + x * x2 * series
}

/// arcsin(x) for |x| ≤ 0.5 by its Maclaurin series Σ (2k)!/(4ᵏ(k!)²(2k+1))·x²ᵏ⁺¹, summed until
/// the terms stop changing the result (at most 40 terms; at |x| = ½ about 26 are needed).
func corrArcsin(_ x: Double) -> Double {
  let x2 = x * x
  var power = x  // x^(2k+1)
  var coefficient = 1.0  // (2k)!/(4^k (k!)²)
  var sum = x
  for k in 1..<40 {
    let kk = Double(k)
    coefficient *= (2 * kk - 1) / (2 * kk)
    power *= x2
    let term = coefficient * power / (2 * kk + 1)
    let next = sum + term
    if next == sum { break }
    sum = next
  }
  return sum
}

/// The natural logarithm of a positive, finite, normal x: x = m·2ᵉ with m ∈ [√½, √2), then
/// log m = 2·atanh(s), s = (m−1)/(m+1), |s| ≤ 0.172, by its odd series through s²³.
///
/// The decomposition is exact, and ln 2 is split into a high and a low part, so the error is a few
/// ulp. Used only for the tails of `corrNormalQuantile`.
func corrLog(_ x: Double) -> Double {
  precondition(x > 0 && x.isFinite, "corrLog needs a positive finite argument")
  var m = x.significand  // in [1, 2), exact
  var e = Double(x.exponent)
  if m > 1.4142135623730951 {
    m *= 0.5  // exact
    e += 1
  }
  let s = (m - 1) / (m + 1)
  let s2 = s * s
  var series = 1.0 / 23.0
  for k in stride(from: 21, through: 3, by: -2) {
    series = series * s2 + 1.0 / Double(k)
  }
  let logM = 2 * (s + s * s2 * series)
  let ln2Hi = 0.6931471805599453
  let ln2Lo = 2.3190468138462996e-17
  return e * ln2Hi + (logM + e * ln2Lo)
}

// MARK: - Normal quantile

/// The standard normal quantile Φ⁻¹(p) for p ∈ (0, 1) by Wichura's AS 241 (PPND16), accurate to
/// about 1 part in 10¹⁶, with `corrLog` in the tails so that the result does not depend on libm.
///
/// Odd-symmetric by construction: the upper half is the negated lower half, so a symmetric grid of
/// probabilities gives an exactly symmetric grid of z values.
func corrNormalQuantile(_ p: Double) -> Double {
  precondition(p > 0 && p < 1, "corrNormalQuantile needs p in (0, 1)")
  if p > 0.5 { return -corrNormalQuantile(1 - p) }
  let q = p - 0.5
  if q >= -0.425 {
    let r = 0.180625 - q * q
    let num =
      (((((((2.5090809287301226727e+3 * r + 3.3430575583588128105e+4) * r
        + 6.7265770927008700853e+4) * r + 4.5921953931549871457e+4) * r
        + 1.3731693765509461125e+4) * r + 1.9715909503065514427e+3) * r
        + 1.3314166789178437745e+2) * r + 3.3871328727963666080e+0)
    let den =
      (((((((5.2264952788528545610e+3 * r + 2.8729085735721942674e+4) * r
        + 3.9307895800092710610e+4) * r + 2.1213794301586595867e+4) * r
        + 5.3941960214247511077e+3) * r + 6.8718700749205790830e+2) * r
        + 4.2313330701600911252e+1) * r + 1.0)
    return q * num / den
  }
  let r = (-corrLog(p)).squareRoot()
  return -(r <= 5 ? corrAS241Intermediate(r - 1.6) : corrAS241Far(r - 5))
}

/// AS 241 region r ≤ 5: C(r)/D(r) with r already shifted by 1.6.
private func corrAS241Intermediate(_ r: Double) -> Double {
  let num =
    (((((((7.74545014278341407640e-4 * r + 2.27238449892691845833e-2) * r
      + 2.41780725177450611770e-1) * r + 1.27045825245236838258e+0) * r
      + 3.64784832476320460504e+0) * r + 5.76949722146069140550e+0) * r
      + 4.63033784615654529590e+0) * r + 1.42343711074968357734e+0)
  let den =
    (((((((1.05075007164441684324e-9 * r + 5.47593808499534494600e-4) * r
      + 1.51986665636164571966e-2) * r + 1.48103976427480074590e-1) * r
      + 6.89767334985100004550e-1) * r + 1.67638483018380384940e+0) * r
      + 2.05319162663775882187e+0) * r + 1.0)
  return num / den
}

/// AS 241 region r > 5 (p below about 1.4·10⁻¹¹): E(r)/F(r) with r already shifted by 5.
private func corrAS241Far(_ r: Double) -> Double {
  let num =
    (((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r
      + 1.24266094738807843860e-3) * r + 2.65321895265761230930e-2) * r
      + 2.96560571828504891230e-1) * r + 1.78482653991729133580e+0) * r
      + 5.46378491116411436990e+0) * r + 6.65790464350110377720e+0)
  let den =
    (((((((2.04426310338993978564e-15 * r + 1.42151175831644588870e-7) * r
      + 1.84631831751005468180e-5) * r + 7.86869131145613259100e-4) * r
      + 1.48753612908506148525e-2) * r + 1.36929880922735805310e-1) * r
      + 5.99832206555887937690e-1) * r + 1.0)
  return num / den
}

// MARK: - Root finding

/// Brent's method (Brent 1973, "Algorithms for Minimization without Derivatives", ch. 4; the
/// `zbrent` form of Numerical Recipes §9.3) for a root of `f` in [a, b], given f(a) and f(b) of
/// opposite signs (or one of them zero).
///
/// Stops when the bracket is narrower than 2·`tolerance` (plus a few ulp) or after 200 steps;
/// deterministic because it is plain arithmetic on the values `f` returns. Also correct, if slower,
/// for a monotone step function such as a quasi-Monte-Carlo estimate: the bracket never loses the
/// sign change.
func corrBrentRoot(
  _ lower: Double, _ upper: Double, fLower: Double, fUpper: Double, tolerance: Double,
  _ f: (Double) -> Double
) -> Double {
  var a = lower
  var b = upper
  var fa = fLower
  var fb = fUpper
  if fa == 0 { return a }
  if fb == 0 { return b }
  var c = b
  var fc = fb
  var d = b - a
  var e = d
  for _ in 0..<200 {
    if (fb > 0) == (fc > 0) {
      // Keep the root bracketed between b and c.
      c = a
      fc = fa
      d = b - a
      e = d
    }
    if abs(fc) < abs(fb) {
      a = b
      b = c
      c = a
      fa = fb
      fb = fc
      fc = fa
    }
    let tol1 = 2 * Double.ulpOfOne * abs(b) + 0.5 * tolerance
    let xm = 0.5 * (c - b)
    if abs(xm) <= tol1 || fb == 0 { return b }
    if abs(e) >= tol1 && abs(fa) > abs(fb) {
      // Try inverse quadratic interpolation (secant if only two distinct points).
      let s = fb / fa
      var p: Double
      var q: Double
      if a == c {
        p = 2 * xm * s
        q = 1 - s
      } else {
        let qa = fa / fc
        let r = fb / fc
        p = s * (2 * xm * qa * (qa - r) - (b - a) * (r - 1))
        q = (qa - 1) * (r - 1) * (s - 1)
      }
      if p > 0 { q = -q }
      p = abs(p)
      let min1 = 3 * xm * q - abs(tol1 * q)
      let min2 = abs(e * q)
      if 2 * p < min(min1, min2) {
        e = d
        d = p / q
      } else {
        d = xm
        e = d
      }
    } else {
      d = xm
      e = d
    }
    a = b
    fa = fb
    b += abs(d) > tol1 ? d : (xm > 0 ? tol1 : -tol1)
    fb = f(b)
  }
  return b
}
