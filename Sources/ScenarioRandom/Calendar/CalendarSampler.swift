import ScenarioTimeZones

/// Draws instants from a calendar model: a window `[start, end)` of UTC seconds, split into whole
/// UTC hours, each hour weighted by
///
///     share of its hour of day (weekday or weekend profile)
///       × its day's weekday weight
///       × the trend factor `1 + trend · d / nDays` of its day (d = 0 for the window's first day)
///       × the fraction of the hour inside the window.
///
/// A draw picks an hour with Walker's alias method, then an instant uniformly among the
/// multiples of `step` (counted from the epoch) inside that hour and the window. The table is
/// built once per expression; a draw costs two 64-bit words.
///
/// With a time zone, the slots are the pieces of the window in which both the local hour and the
/// UTC offset stay the same: hours, days and weekdays are local, and a piece's instants are the
/// local multiples of `step`. A skipped hour (spring forward) has no piece and no instant, so
/// that day has 23 hours of weight; a repeated hour (fall back) has two pieces, each weighted as
/// that local hour, so that day has 25.
public struct CalendarSampler: Sendable {
  /// The model, as declared.
  public let spec: CalendarSpecValues
  /// First hour slot's start, in seconds since the epoch (a multiple of 3600).
  let firstHour: Int64
  /// Per slot: the first and the number of `step`-aligned instants inside the window.
  let firstInstant: [Int64]
  let instantCount: [Int64]
  let alias: AliasTable
  /// With a time zone: the start of every slot (UTC seconds). Nil: slot i starts at
  /// `firstHour + 3600 i`.
  let pieceStarts: [Int64]?
  /// The probability of each hour slot (for tests and profiles).
  public let slotProbabilities: [Double]

  /// The most hour slots a window may cover (about 114 years).
  public static let maxSlots = 1_000_000

  /// A sampler, or the reason the model cannot produce an instant.
  public static func make(_ spec: CalendarSpecValues) -> Result<CalendarSampler, CalendarError> {
    if let problem = spec.validate() { return .failure(problem) }
    if let zone = spec.zone { return makeZoned(spec, zone) }
    let firstHour = floorDiv(spec.start, 3600) * 3600
    let lastHour = floorDiv(spec.end - 1, 3600) * 3600
    let slots = Int((lastHour - firstHour) / 3600) + 1
    guard slots <= maxSlots else {
      return .failure(.invalid("the window covers \(slots) hours; at most \(maxSlots) are allowed"))
    }
    let firstDay = floorDiv(spec.start, 86_400)
    let lastDay = floorDiv(spec.end - 1, 86_400)
    let nDays = Double(lastDay - firstDay + 1)
    let weekdayShares = normalized(spec.hourWeights)
    let weekendShares = normalized(spec.weekendHourWeights ?? spec.hourWeights)
    var weights = [Double](repeating: 0, count: slots)
    var firsts = [Int64](repeating: 0, count: slots)
    var counts = [Int64](repeating: 0, count: slots)
    for i in 0..<slots {
      let h0 = firstHour + Int64(i) * 3600
      let lo = max(h0, spec.start)
      let hi = min(h0 + 3600, spec.end)
      // Multiples of step in [lo, hi).
      let first = ceilDiv(lo, spec.step) * spec.step
      let count = first < hi ? (hi - 1 - first) / spec.step + 1 : 0
      firsts[i] = first
      counts[i] = count
      guard count > 0 else { continue }
      let day = floorDiv(h0, 86_400)
      let weekday = isoWeekday(day)
      let hourOfDay = Int((h0 - day * 86_400) / 3600)
      let share = weekday >= 6 ? weekendShares[hourOfDay] : weekdayShares[hourOfDay]
      let trend = 1 + spec.trend * Double(day - firstDay) / nDays
      let covered = Double(hi - lo) / 3600
      weights[i] = share * spec.weekdayWeights[weekday - 1] * trend * covered
    }
    let total = weights.reduce(0, +)
    guard total > 0, let alias = AliasTable(weights: weights) else {
      return .failure(.invalid("no hour of the window has a positive weight"))
    }
    return .success(
      CalendarSampler(
        spec: spec, firstHour: firstHour, firstInstant: firsts, instantCount: counts, alias: alias,
        pieceStarts: nil, slotProbabilities: weights.map { $0 / total }))
  }

  /// The sampler of a model in a time zone: pieces of constant local hour and offset.
  static func makeZoned(_ spec: CalendarSpecValues, _ zone: ZoneRules) -> Result<CalendarSampler, CalendarError> {
    let firstDay = floorDiv(spec.start + zone.offset(at: spec.start), 86_400)
    let lastDay = floorDiv(spec.end - 1 + zone.offset(at: spec.end - 1), 86_400)
    let nDays = Double(lastDay - firstDay + 1)
    let weekdayShares = normalized(spec.hourWeights)
    let weekendShares = normalized(spec.weekendHourWeights ?? spec.hourWeights)
    var starts: [Int64] = []
    var weights: [Double] = []
    var firsts: [Int64] = []
    var counts: [Int64] = []
    var t = spec.start
    var transition = zone.nextTransition(after: t - 1)
    while t < spec.end {
      guard starts.count < maxSlots else {
        return .failure(.invalid("the window covers more than \(maxSlots) hours; at most \(maxSlots) are allowed"))
      }
      while let tr = transition, tr <= t { transition = zone.nextTransition(after: tr) }
      let offset = zone.offset(at: t)
      let local = t + offset
      let localHour = floorDiv(local, 3600) * 3600
      var hi = min(localHour + 3600 - offset, spec.end)
      if let tr = transition, tr < hi { hi = tr }
      // Local multiples of step in [t, hi).
      let first = ceilDiv(local, spec.step) * spec.step - offset
      let count = first < hi ? (hi - 1 - first) / spec.step + 1 : 0
      let day = floorDiv(local, 86_400)
      let weekday = isoWeekday(day)
      let hourOfDay = Int((localHour - day * 86_400) / 3600)
      let share = weekday >= 6 ? weekendShares[hourOfDay] : weekdayShares[hourOfDay]
      let trend = 1 + spec.trend * Double(day - firstDay) / nDays
      starts.append(t)
      firsts.append(first)
      counts.append(count)
      weights.append(count > 0 ? share * spec.weekdayWeights[weekday - 1] * trend * Double(hi - t) / 3600 : 0)
      t = hi
    }
    let total = weights.reduce(0, +)
    guard total > 0, let alias = AliasTable(weights: weights) else {
      return .failure(.invalid("no hour of the window has a positive weight"))
    }
    return .success(
      CalendarSampler(
        spec: spec, firstHour: starts[0], firstInstant: firsts, instantCount: counts, alias: alias,
        pieceStarts: starts, slotProbabilities: weights.map { $0 / total }))
  }

  /// One instant, in seconds since the epoch.
  public func sample(_ rng: inout CellRNG) -> Int64 {
    let slot = alias.sample(&rng)
    return instant(slot: slot, &rng)
  }

  func instant(slot: Int, _ rng: inout CellRNG) -> Int64 {
    let n = instantCount[slot]
    let k = n > 1 ? Int64(rng.nextBounded(UInt64(n))) : 0
    return firstInstant[slot] + k * spec.step
  }

  /// The start of slot `i`.
  public func slotStart(_ i: Int) -> Int64 { pieceStarts?[i] ?? firstHour + Int64(i) * 3600 }

  static func normalized(_ w: [Double]) -> [Double] {
    let total = w.reduce(0, +)
    return total > 0 ? w.map { $0 / total } : w
  }
}

/// The constant parameters of a calendar model.
public struct CalendarSpecValues: Sendable, Equatable {
  /// Window start (inclusive) and end (exclusive), seconds since the epoch.
  public var start: Int64
  public var end: Int64
  /// Relative weight of each hour of the day, 0-23 (normalised to shares).
  public var hourWeights: [Double]
  /// The hour weights on Saturdays and Sundays; nil means the same as `hourWeights`.
  public var weekendHourWeights: [Double]?
  /// Relative volume of each ISO weekday, Monday first.
  public var weekdayWeights: [Double]
  /// Day-of-period trend: day `d` of `n` has weight `1 + trend · d / n`.
  public var trend: Double
  /// Resolution of the instants, in seconds (divides 3600).
  public var step: Int64
  /// The time zone whose local hours and days the weights describe (nil: UTC).
  public var zone: ZoneRules?

  public init(
    start: Int64, end: Int64, hourWeights: [Double] = Array(repeating: 1, count: 24),
    weekendHourWeights: [Double]? = nil, weekdayWeights: [Double] = Array(repeating: 1, count: 7),
    trend: Double = 0, step: Int64 = 1, zone: ZoneRules? = nil
  ) {
    self.zone = zone
    self.start = start
    self.end = end
    self.hourWeights = hourWeights
    self.weekendHourWeights = weekendHourWeights
    self.weekdayWeights = weekdayWeights
    self.trend = trend
    self.step = step
  }

  /// A description of what is wrong, or nil.
  public func validate() -> CalendarError? {
    guard start < end else { return .invalid("the window is empty: its start is not before its end") }
    guard step >= 1, 3600 % step == 0 else {
      return .invalid("the step must divide an hour (1s, 30s, 1m, 5m, 15m, 30m, 1h, ...)")
    }
    guard hourWeights.count == 24, weekdayWeights.count == 7 else { return .invalid("internal: wrong table sizes") }
    for w in hourWeights + (weekendHourWeights ?? []) + weekdayWeights where !(w >= 0 && w.isFinite) {
      return .invalid("weights must be finite and not negative")
    }
    guard hourWeights.contains(where: { $0 > 0 }) else { return .invalid("every hour has weight 0") }
    if let w = weekendHourWeights, !w.contains(where: { $0 > 0 }) {
      return .invalid("every weekend hour has weight 0")
    }
    guard weekdayWeights.contains(where: { $0 > 0 }) else { return .invalid("every weekday has weight 0") }
    guard trend.isFinite, trend >= -1 else {
      return .invalid("the trend must be at least -1 (a day's factor 1 + trend * d / n must not be negative)")
    }
    return nil
  }
}

/// Why a calendar model is unusable.
public enum CalendarError: Error, Sendable, Equatable {
  case invalid(String)
  public var message: String {
    switch self { case .invalid(let m): m }
  }
}

/// ISO weekday of a day number: 1 = Monday ... 7 = Sunday (1970-01-01 was a Thursday).
func isoWeekday(_ days: Int64) -> Int {
  let w = Int((days % 7 + 3) % 7)
  return (w < 0 ? w + 7 : w) + 1
}

func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
  let q = a / b
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
}

func ceilDiv(_ a: Int64, _ b: Int64) -> Int64 { -floorDiv(-a, b) }
