// Histograms with readable bin edges.
//
// Ten equal bins between min and max give edges like 3.3499999999999996 or PT2H24M55S. Instead
// the bin width is the smallest "nice" width that covers the values in at most ten bins: 1, 2 or
// 5 times a power of ten for numbers (at least 1 for ints), calendar-like steps for date-times
// and durations (seconds, minutes, hours, days, weeks) and for dates (days, weeks, months,
// years). Number and duration bins start at multiples of the width, so the edges are round;
// date bins start at the first date, date-time bins at midnight of the first day.

/// A histogram bin: values `low ≤ x < high`. A bin of a column with a single value has
/// `low == high`.
package struct Bin: Sendable, Equatable {
  package var low: Double
  package var high: Double
  package var count: Int
}

/// At most this many histogram bins.
package let histogramBins = 10

/// A bin width `numerator / scale`, kept as two integer-valued doubles so that every edge
/// `m · numerator / scale` is the double nearest to the decimal (0.3, never
/// 0.30000000000000004).
private struct Step {
  var numerator: Double
  var scale: Double
}

/// The histogram of ascending finite values for a column of `kind`.
package func histogram(_ sorted: [Double], kind: ProfileKind) -> [Bin] {
  guard let lo = sorted.first, let hi = sorted.last, lo.isFinite, hi.isFinite else { return [] }
  if lo == hi { return [Bin(low: lo, high: hi, count: sorted.count)] }
  let origin: Double
  switch kind {
  case .date: origin = lo
  // Midnight (UTC) of the first day: every width below a day divides a day, so those bins stay
  // at round times, and wider bins start on the first day instead of a multiple of the width
  // since 1970 (which for 14 days falls on a Thursday weeks earlier).
  case .datetime: origin = (lo / 86_400).rounded(.down) * 86_400
  case .number, .duration, .category: origin = 0
  }
  for i in 0..<1_000 {
    guard let step = step(i, kind: kind, range: hi - lo) else { break }
    guard let first = binIndex(lo, origin, step), let last = binIndex(hi, origin, step) else {
      break
    }
    if last - first + 1 <= Double(histogramBins) {
      return fill(sorted, origin: origin, step: step, first: first, bins: Int(last - first) + 1)
    }
  }
  return equalBins(sorted)
}

/// ⌊(x − origin) / width⌋, nil when it is too large to count bins exactly.
private func binIndex(_ x: Double, _ origin: Double, _ step: Step) -> Double? {
  let k = ((x - origin) * step.scale / step.numerator).rounded(.down)
  return k.isFinite && k.magnitude < 1e15 ? k : nil
}

/// Bins `first ..< first + bins` (in units of the width from `origin`) with their counts.
private func fill(_ sorted: [Double], origin: Double, step: Step, first: Double, bins: Int)
  -> [Bin]
{
  let edge = { (m: Double) in origin + m * step.numerator / step.scale }
  var result = (0..<bins).map { j in
    Bin(low: edge(first + Double(j)), high: edge(first + Double(j + 1)), count: 0)
  }
  for x in sorted {
    let j = Int((binIndex(x, origin, step) ?? first) - first)
    result[min(bins - 1, max(0, j))].count += 1
  }
  return result
}

/// Ten equal-width bins from min to max, for ranges too wide or too narrow for nice widths.
private func equalBins(_ sorted: [Double]) -> [Bin] {
  guard let lo = sorted.first, let hi = sorted.last else { return [] }
  let n = Double(histogramBins)
  var bins = (0..<histogramBins).map { k in
    Bin(low: lo + (hi - lo) * Double(k) / n, high: lo + (hi - lo) * Double(k + 1) / n, count: 0)
  }
  for x in sorted {
    let k = Int(((x - lo) / (hi - lo) * n).rounded(.down))
    bins[min(histogramBins - 1, max(0, k))].count += 1
  }
  return bins
}

// MARK: - Ladders of widths

/// Durations and date-times: 1, 2, 5, 10, 15, 30 seconds and minutes; 1, 2, 3, 6, 12 hours;
/// 1, 2 days; 1, 2, 4 weeks; then years (365 days) times 1, 2, 5, 10, ….
private let secondSteps: [Double] = [
  1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400,
  172_800, 604_800, 1_209_600, 2_419_200, 7_776_000, 15_724_800,
]

/// Dates: 1, 2 days; 1, 2, 4 weeks; 3 and 6 months (91, 182 days); then years times 1, 2, 5, ….
private let daySteps: [Double] = [1, 2, 7, 14, 28, 91, 182]

/// The `i`-th candidate width (ascending) for a column of `kind` whose values span `range`.
private func step(_ i: Int, kind: ProfileKind, range: Double) -> Step? {
  let target = range / Double(histogramBins)
  switch kind {
  case .number(let integral):
    return decimalStep(i, from: startExponent(target, integral: integral))
  case .category: return decimalStep(i, from: startExponent(target, integral: false))
  case .date: return ladderStep(i, daySteps, unit: 365)
  case .datetime, .duration: return ladderStep(i, secondSteps, unit: 31_536_000)
  }
}

/// `table[i]`, then `unit` times 1, 2, 5, 10, 20, 50, ….
private func ladderStep(_ i: Int, _ table: [Double], unit: Double) -> Step? {
  if i < table.count { return Step(numerator: table[i], scale: 1) }
  guard let s = decimalStep(i - table.count, from: 0) else { return nil }
  return Step(numerator: s.numerator * unit, scale: 1)
}

/// 1, 2, 5 times 10^k for k = `from`, `from` + 1, …: the `i`-th of them.
private func decimalStep(_ i: Int, from k0: Int) -> Step? {
  let c: Double = [1, 2, 5][i % 3]
  let k = k0 + i / 3
  guard let p = powerOfTen(abs(k)) else { return nil }
  return k >= 0 ? Step(numerator: c * p, scale: 1) : Step(numerator: c, scale: p)
}

/// The exponent of the largest power of ten not above `target` (not below 0 for ints).
private func startExponent(_ target: Double, integral: Bool) -> Int {
  guard target.isNormal else { return 0 }
  var k = 0
  while k < 300, tenTo(k + 1) <= target { k += 1 }
  while k > -300, tenTo(k) > target { k -= 1 }
  return integral ? max(0, k) : k
}

/// 10^k for −300 ≤ k ≤ 300 (negative powers as a correctly rounded quotient).
private func tenTo(_ k: Int) -> Double {
  k >= 0 ? powerOfTen(k) ?? .infinity : 1 / (powerOfTen(-k) ?? .infinity)
}

/// 10^n for 0 ≤ n ≤ 300; exact up to 10^22, then a correctly rounded product of exact factors.
private func powerOfTen(_ n: Int) -> Double? {
  guard n >= 0, n <= 300 else { return nil }
  var p = 1.0
  var left = n
  while left > 22 {
    p *= 1e22
    left -= 22
  }
  var small = 1.0
  for _ in 0..<left { small *= 10 }
  return p * small
}
