/// The tolerance of the gamma and beta quantile solves, in log x (gamma) or logit x (beta): a
/// relative error of about 1e-14 in x, below the accuracy of the CDFs themselves.
let quantileSolveTolerance = 1e-14

/// log of the Gamma(a, 1) quantile for the lower-tail probability p and the upper-tail
/// probability q = 1 − p (both given; the smaller one is the target, so neither tail loses
/// precision).
///
/// Solved in y = log x by `solveIncreasing` on log P(a, eʸ) = log p (or log Q = log q), whose
/// derivative is the prefix eʸ·f(eʸ)/P, so Newton is nearly linear in both tails. Starting point:
/// the Wilson–Hilferty approximation a(1 − 1/(9a) + z/√(9a))³, raised to the lower bound
/// (p·Γ(a + 1))^(1/a) of the lower tail (DiDonato & Morris 1986 use the same two regimes). Working
/// in log x means that quantiles below the smallest double (shape ≪ 1) still come out as
/// finite logarithms.
@usableFromInline
func gammaLogQuantile(_ a: Double, lower p: Double, upper q: Double) -> Double {
  if p <= 0 { return -.infinity }
  if q <= 0 { return .infinity }
  let lowerTail = p <= q
  let target = kernelLog(lowerTail ? p : q)
  let z = lowerTail ? normalQuantile(p) : -normalQuantile(q)
  let c = 1 / (9 * a)
  let cube = 1 - c + z * c.squareRoot()
  let wilsonHilferty = cube > 0 ? kernelLog(a) + 3 * kernelLog(cube) : -Double.infinity
  var start: Double
  if lowerTail {
    start = max(wilsonHilferty, (target + lnGamma(a + 1)) / a)
  } else {
    let tail = kernelLog(max(0.5, -target - lnGamma(a)))
    start = wilsonHilferty.isFinite ? wilsonHilferty : tail
  }
  if !start.isFinite { start = 0 }
  return solveIncreasing(start: start, maxStep: 8, tolerance: quantileSolveTolerance) { y in
    let x = kernelExp(y)
    let t = regularizedGamma(a, x: x, logX: y)
    let logPrefix = gammaLogPrefix(a, x: x, logX: y)
    if lowerTail {
      let f = t.logLower - target
      return (f, -f * kernelExp(t.logLower - logPrefix))
    }
    let f = target - t.logUpper
    return (f, -f * kernelExp(t.logUpper - logPrefix))
  }
}

/// logit of the Beta(a, b) quantile for the lower-tail probability p and the upper-tail
/// probability q = 1 − p (the smaller one is the target).
///
/// Solved in t = logit x by `solveIncreasing` on log I_x(a, b) = log p (or log(1 − I) = log q),
/// where x = σ(t) and 1 − x = σ(−t) are both exact, and the derivative is the prefix
/// x^a(1 − x)^b/B(a, b) over the tail. Starting point: the normal approximation around the mean,
/// or the small-tail forms x ≈ (p·a·B(a, b))^(1/a) and 1 − x ≈ (q·b·B(a, b))^(1/b) when they
/// point further out.
@usableFromInline
func betaLogitQuantile(_ a: Double, _ b: Double, lower p: Double, upper q: Double) -> Double {
  if p <= 0 { return -.infinity }
  if q <= 0 { return .infinity }
  let lowerTail = p <= q
  let target = kernelLog(lowerTail ? p : q)
  let z = lowerTail ? normalQuantile(p) : -normalQuantile(q)
  let mean = a / (a + b)
  let sd = (a * b / ((a + b) * (a + b) * (a + b + 1))).squareRoot()
  let x0 = min(max(mean + sd * z, 1e-6), 1 - 1e-6)
  var start = kernelLog(x0) - kernelLog1p(-x0)
  let logB = lnGamma(a) + lnGamma(b) - lnGamma(a + b)
  if lowerTail {
    start = min(start, (target + kernelLog(a) + logB) / a)
  } else {
    start = max(start, -(target + kernelLog(b) + logB) / b)
  }
  if !start.isFinite { start = 0 }
  return solveIncreasing(start: start, maxStep: 8, tolerance: quantileSolveTolerance) { t in
    let logX = logSigmoid(t)
    let logY = logSigmoid(-t)
    let x = kernelExp(logX)
    let y = kernelExp(logY)
    let tails = regularizedBeta(a, b, x: x, y: y, logX: logX, logY: logY)
    let logPrefix = betaLogPrefix(a, b, x: x, y: y, logX: logX, logY: logY)
    if lowerTail {
      let f = tails.logLower - target
      return (f, -f * kernelExp(tails.logLower - logPrefix))
    }
    let f = target - tails.logUpper
    return (f, -f * kernelExp(tails.logUpper - logPrefix))
  }
}

/// σ(t) = 1/(1 + e^(−t)) to full relative precision for either sign of t.
@usableFromInline
func sigmoid(_ t: Double) -> Double {
  t < 0 ? kernelExp(logSigmoid(t)) : 1 / (1 + kernelExp(-t))
}
