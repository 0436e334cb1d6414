/// Solves f(t) = 0 for a non-decreasing f by safeguarded Newton iteration: each step is the
/// Newton step when it stays inside the current bracket (and is at most `maxStep` long), otherwise
/// a bisection of the bracket or, while one side is still open, an expanding search step. After
/// 60 iterations only bisection is used, so the loop always terminates (cap 400).
///
/// - Parameters:
///   - start: the initial guess.
///   - maxStep: the largest single step while the bracket is open (and the first search width).
///   - tolerance: stop when a step or the bracket is at most this wide.
///   - evaluate: returns f(t) and the Newton step −f(t)/f′(t) (NaN or infinite when unknown).
/// - Returns: the root, to within `tolerance`.
@usableFromInline
func solveIncreasing(
  start: Double, maxStep: Double, tolerance: Double,
  _ evaluate: (Double) -> (value: Double, step: Double)
) -> Double {
  var low = -Double.infinity
  var high = Double.infinity
  var t = start
  var width = maxStep
  for iteration in 0..<400 {
    let (f, step) = evaluate(t)
    if f == 0 { return t }
    if f < 0 || f.isNaN { low = t } else { high = t }
    var next = t + max(-maxStep, min(maxStep, step))
    let newtonOK = iteration < 60 && step.isFinite && next > low && next < high
    if !newtonOK {
      if low.isFinite && high.isFinite {
        next = 0.5 * (low + high)
      } else if low.isFinite {
        next = low + width
        width *= 2
      } else {
        next = high - width
        width *= 2
      }
    }
    if abs(next - t) <= tolerance { return next }
    if high - low <= tolerance { return 0.5 * (low + high) }
    t = next
  }
  return t
}

/// The smallest integer k in `lower...upper` for which the monotone predicate holds (false
/// below, true from k on), by galloping from `guess` and then bisection; `upper` is taken to
/// hold without being evaluated. About 2·log₂(distance) evaluations.
@usableFromInline
func smallestIntegerSatisfying(
  lower: Int64, upper: Int64, guess: Int64, _ holds: (Int64) -> Bool
) -> Int64 {
  if lower >= upper { return upper }
  var g = min(max(guess, lower), upper)
  // Invariant after the gallop: holds(hi) (or hi == upper) and !holds(lo) (or lo == lower - 1).
  var lo: Int64
  var hi: Int64
  if g == upper || holds(g) {
    hi = g
    var step: Int64 = 1
    lo = lower - 1
    while g > lower {
      let candidate = g > lower + step ? g - step : lower
      if holds(candidate) {
        hi = candidate
        g = candidate
        step = step > Int64.max / 4 ? step : step * 2
      } else {
        lo = candidate
        break
      }
    }
  } else {
    lo = g
    hi = upper
    var step: Int64 = 1
    while g < upper {
      let candidate = g < upper - step ? g + step : upper
      if candidate == upper || holds(candidate) {
        hi = candidate
        break
      }
      lo = candidate
      g = candidate
      step = step > Int64.max / 4 ? step : step * 2
    }
  }
  while hi - lo > 1 {
    let mid = lo + (hi - lo) / 2
    if holds(mid) { hi = mid } else { lo = mid }
  }
  return hi
}
