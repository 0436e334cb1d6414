import Foundation
import Testing

@testable import ScenarioRandom

/// An independent civil-calendar oracle (Hinnant's algorithms, written out again here so that
/// the tests do not share code with the sampler) and the helpers the calendar tests use.
enum CalendarOracle {
  /// Days since 1970-01-01 of a proleptic Gregorian date.
  static func days(_ y: Int, _ m: Int, _ d: Int) -> Int64 {
    let y = m <= 2 ? y - 1 : y
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let mp = (m + 9) % 12
    let doy = (153 * mp + 2) / 5 + d - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return Int64(era * 146_097 + doe - 719_468)
  }

  /// The date of a day number.
  static func civil(_ z: Int64) -> (year: Int, month: Int, day: Int) {
    let z = Int(z) + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
  }

  /// Seconds since the epoch of a UTC date and time.
  static func at(_ y: Int, _ m: Int, _ d: Int, _ h: Int = 0, _ min: Int = 0, _ s: Int = 0) -> Int64 {
    days(y, m, d) * 86_400 + Int64(h * 3600 + min * 60 + s)
  }

  /// The day number of an instant (floor division, correct before 1970).
  static func day(_ t: Int64) -> Int64 { t >= 0 ? t / 86_400 : -((-t + 86_399) / 86_400) }

  /// ISO weekday (1 = Monday ... 7 = Sunday) of an instant, from a known Monday (2024-01-01).
  static func weekday(_ t: Int64) -> Int {
    let delta = day(t) - days(2024, 1, 1)
    return Int(((delta % 7) + 7) % 7) + 1
  }

  /// Hour of day of an instant.
  static func hour(_ t: Int64) -> Int { Int((t - day(t) * 86_400) / 3600) }

  /// Per-unit weights from `(low, high, weight)` entries the way the language defines them:
  /// for hours, an entry's weight is its share of the day, spread evenly over its hours.
  static func hourWeights(_ entries: [(Int, Int, Double)]) -> [Double] {
    var w = [Double](repeating: 0, count: 24)
    for (lo, hi, share) in entries {
      for h in lo...hi { w[h] = share / Double(hi - lo + 1) }
    }
    return w
  }
}

/// `CalendarSampler`: the hour, weekday, weekend-hour and trend model; step alignment; window
/// edges; calendar corner cases; validation. Statistical checks use fixed keys, n = 200 000 draws
/// on successive rows of one stream, and 5-standard-error bands, so they never flake.
@Suite struct CalendarSamplerTests {
  typealias O = CalendarOracle

  static let n = 200_000

  /// `n` instants from successive rows of a fixed stream.
  static func draws(_ sampler: CalendarSampler, seed: UInt64 = 17, count: Int = n) -> [Int64] {
    let key = StreamKey.derive(seed: seed, ["calendar-tests", "instants"])
    return (0..<count).map { row in
      var rng = CellRNG(key: key, row: UInt64(row))
      return sampler.sample(&rng)
    }
  }

  static func make(
    _ spec: CalendarSpecValues, sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) throws -> CalendarSampler {
    switch CalendarSampler.make(spec) {
    case .success(let s): return s
    case .failure(let e):
      Issue.record("unexpected calendar error: \(e.message)", sourceLocation: sourceLocation)
      throw e
    }
  }

  /// `observed` of `count` fits probability `p` within 5 standard errors of a binomial
  /// proportion.
  static func expectProportion(
    _ observed: Int, of count: Int, p: Double, _ what: String,
    sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) {
    let se = (p * (1 - p) / Double(count)).squareRoot()
    let phat = Double(observed) / Double(count)
    #expect(
      abs(phat - p) <= 5 * se + 1e-12,
      "\(what): observed \(phat) (\(observed) of \(count)), expected \(p) ± \(5 * se)",
      sourceLocation: sourceLocation)
  }

  // MARK: - Hour shares

  /// 2024-03-04 is a Monday; four whole weeks avoid any weekday imbalance.
  static let fourWeeks = (O.at(2024, 3, 4), O.at(2024, 4, 1))

  @Test func hourSharesAreShares() throws {
    let hours = O.hourWeights([(8, 11, 0.7), (0, 7, 0.1), (12, 23, 0.2)])
    let sampler = try Self.make(
      CalendarSpecValues(start: Self.fourWeeks.0, end: Self.fourWeeks.1, hourWeights: hours))

    // The model itself, exactly: each hour of the day gets its entry's share / entry width.
    var byHour = [Double](repeating: 0, count: 24)
    for (i, p) in sampler.slotProbabilities.enumerated() { byHour[O.hour(sampler.slotStart(i))] += p }
    for h in 0..<24 {
      let expected = h < 8 ? 0.1 / 8 : h < 12 ? 0.7 / 4 : 0.2 / 12
      #expect(abs(byHour[h] - expected) < 1e-12, "hour \(h): \(byHour[h]) vs \(expected)")
    }
    #expect(abs(sampler.slotProbabilities.reduce(0, +) - 1) < 1e-9)

    // The draws.
    let xs = Self.draws(sampler)
    var counts = [Int](repeating: 0, count: 24)
    for t in xs { counts[O.hour(t)] += 1 }
    for h in 0..<24 {
      let p = h < 8 ? 0.1 / 8 : h < 12 ? 0.7 / 4 : 0.2 / 12
      Self.expectProportion(counts[h], of: xs.count, p: p, "hour \(h)")
    }
    Self.expectProportion(counts[8...11].reduce(0, +), of: xs.count, p: 0.7, "8..11")
    Self.expectProportion(counts[0...7].reduce(0, +), of: xs.count, p: 0.1, "0..7")
    Self.expectProportion(counts[12...23].reduce(0, +), of: xs.count, p: 0.2, "12..23")
  }

  @Test func unlistedHoursNeverOccurAndDefaultIsUniform() throws {
    let hours = O.hourWeights([(9, 9, 1), (14, 15, 3)])
    let only = try Self.make(
      CalendarSpecValues(start: Self.fourWeeks.0, end: Self.fourWeeks.1, hourWeights: hours))
    let xs = Self.draws(only, count: 50_000)
    #expect(Set(xs.map(O.hour)) == [9, 14, 15])
    var nine = 0
    for t in xs where O.hour(t) == 9 { nine += 1 }
    // Shares: 9 -> 1 of 4; 14 and 15 -> 3/2 of 4 each.
    Self.expectProportion(nine, of: xs.count, p: 0.25, "hour 9")

    let uniform = try Self.make(CalendarSpecValues(start: Self.fourWeeks.0, end: Self.fourWeeks.1))
    for p in uniform.slotProbabilities { #expect(abs(p - 1.0 / Double(28 * 24)) < 1e-15) }
    let ys = Self.draws(uniform)
    var counts = [Int](repeating: 0, count: 24)
    for t in ys { counts[O.hour(t)] += 1 }
    for h in 0..<24 { Self.expectProportion(counts[h], of: ys.count, p: 1.0 / 24, "uniform hour \(h)") }
  }

  // MARK: - Weekdays and weekend hours

  @Test func weekdayWeights() throws {
    var weekdays = [Double](repeating: 1, count: 7)
    weekdays[5] = 0.7
    weekdays[6] = 0.7
    let sampler = try Self.make(
      CalendarSpecValues(start: Self.fourWeeks.0, end: Self.fourWeeks.1, weekdayWeights: weekdays))
    let xs = Self.draws(sampler)
    var counts = [Int](repeating: 0, count: 8)
    for t in xs { counts[O.weekday(t)] += 1 }
    for d in 1...7 {
      Self.expectProportion(counts[d], of: xs.count, p: (d >= 6 ? 0.7 : 1) / 6.4, "weekday \(d)")
    }
    // The per-day ratio weekend / weekday is 0.7; its log has variance about 1/W + 1/D.
    let weekend = Double(counts[6] + counts[7])
    let weekday = Double(counts[1...5].reduce(0, +))
    let ratio = (weekend / 2) / (weekday / 5)
    let sd = (1 / weekend + 1 / weekday).squareRoot()
    #expect(abs(log(ratio / 0.7)) <= 5 * sd, "weekend/weekday per-day ratio \(ratio)")
  }

  @Test func unlistedWeekdaysNeverOccur() throws {
    // Only Thursdays: in the week 2024-02-26 (Monday) .. 2024-03-04 that is the leap day.
    var weekdays = [Double](repeating: 0, count: 7)
    weekdays[3] = 1
    let sampler = try Self.make(
      CalendarSpecValues(start: O.at(2024, 2, 26), end: O.at(2024, 3, 4), weekdayWeights: weekdays))
    let xs = Self.draws(sampler, count: 20_000)
    #expect(xs.allSatisfy { O.day($0) == O.days(2024, 2, 29) })
    let c = O.civil(O.day(xs[0]))
    #expect(c.year == 2024 && c.month == 2 && c.day == 29)
  }

  @Test func weekendHoursApplyOnlyOnSaturdaysAndSundays() throws {
    let hours = O.hourWeights([(9, 17, 1)])
    let weekend = O.hourWeights([(10, 13, 1)])
    let sampler = try Self.make(
      CalendarSpecValues(
        start: Self.fourWeeks.0, end: Self.fourWeeks.1, hourWeights: hours, weekendHourWeights: weekend))
    let xs = Self.draws(sampler)
    var weekendCount = 0
    var weekdayHours = [Int](repeating: 0, count: 24)
    var weekendHours = [Int](repeating: 0, count: 24)
    for t in xs {
      if O.weekday(t) >= 6 {
        weekendCount += 1
        weekendHours[O.hour(t)] += 1
      } else {
        weekdayHours[O.hour(t)] += 1
      }
    }
    for h in 0..<24 {
      if !(9...17).contains(h) { #expect(weekdayHours[h] == 0, "weekday hour \(h)") }
      if !(10...13).contains(h) { #expect(weekendHours[h] == 0, "weekend hour \(h)") }
    }
    // Hour shares are normalised per profile, so a weekend day keeps the volume of any day.
    Self.expectProportion(weekendCount, of: xs.count, p: 2.0 / 7, "weekend share")
    for h in 10...13 {
      Self.expectProportion(weekendHours[h], of: weekendCount, p: 0.25, "weekend hour \(h)")
    }
    for h in 9...17 {
      Self.expectProportion(weekdayHours[h], of: xs.count - weekendCount, p: 1.0 / 9, "weekday hour \(h)")
    }
  }

  @Test func weekendHoursDefaultToTheWeekdayProfile() throws {
    let hours = O.hourWeights([(6, 7, 1)])
    let sampler = try Self.make(
      CalendarSpecValues(start: Self.fourWeeks.0, end: Self.fourWeeks.1, hourWeights: hours))
    let xs = Self.draws(sampler, count: 30_000)
    #expect(Set(xs.map(O.hour)) == [6, 7])
    #expect(xs.contains { O.weekday($0) == 7 } && xs.contains { O.weekday($0) == 6 })
  }

  // MARK: - Trend

  @Test(arguments: [2.0, -1.0, 0.5])
  func trendFactor(_ trend: Double) throws {
    // 30 whole days from midnight: day d of 30 has factor 1 + trend * d / 30.
    let start = O.at(2024, 5, 1)
    let sampler = try Self.make(
      CalendarSpecValues(start: start, end: start + 30 * 86_400, trend: trend))
    func factor(_ d: Int) -> Double { 1 + trend * Double(d) / 30 }
    let total = (0..<30).reduce(0.0) { $0 + factor($1) }
    let first = (0..<10).reduce(0.0) { $0 + factor($1) } / total
    let last = (20..<30).reduce(0.0) { $0 + factor($1) } / total

    // The model, exactly.
    var byDay = [Double](repeating: 0, count: 30)
    for (i, p) in sampler.slotProbabilities.enumerated() {
      byDay[Int(O.day(sampler.slotStart(i)) - O.day(start))] += p
    }
    for d in 0..<30 {
      #expect(abs(byDay[d] - factor(d) / total) < 1e-12, "day \(d): \(byDay[d])")
    }

    // The draws: first and last thirds, and their ratio (log variance about 1/F + 1/L).
    let xs = Self.draws(sampler)
    var f = 0
    var l = 0
    for t in xs {
      let d = O.day(t) - O.day(start)
      if d < 10 { f += 1 } else if d >= 20 { l += 1 }
    }
    Self.expectProportion(f, of: xs.count, p: first, "first third")
    Self.expectProportion(l, of: xs.count, p: last, "last third")
    let ratio = Double(l) / Double(f)
    let sd = (1 / Double(l) + 1 / Double(f)).squareRoot()
    #expect(abs(log(ratio / (last / first))) <= 5 * sd, "last/first \(ratio) vs \(last / first)")
  }

  @Test func trendCountsDaysFromTheWindowsFirstUTCDay() throws {
    // A window from 18:00 on day 0 to 06:00 on day 2 touches 3 UTC days: factors 1, 1 + t/3,
    // 1 + 2t/3, weighted by the covered hours (6, 24, 6).
    let start = O.at(2024, 1, 30, 18)
    let end = O.at(2024, 2, 1, 6)
    let t = 3.0
    let sampler = try Self.make(CalendarSpecValues(start: start, end: end, trend: t))
    let w = [6 * 1.0, 24 * (1 + t / 3), 6 * (1 + 2 * t / 3)]
    var byDay = [Double](repeating: 0, count: 3)
    for (i, p) in sampler.slotProbabilities.enumerated() {
      byDay[Int(O.day(sampler.slotStart(i)) - O.day(start))] += p
    }
    let total = w.reduce(0, +)
    for d in 0..<3 { #expect(abs(byDay[d] - w[d] / total) < 1e-12, "day \(d)") }
  }

  // MARK: - Step

  @Test(arguments: [Int64(1), 30, 60, 300, 900, 1800, 3600])
  func instantsAreMultiplesOfTheStep(_ step: Int64) throws {
    // The start is not aligned to any step above 1 s (00:07:13).
    let start = O.at(2024, 3, 4, 0, 7, 13)
    let end = O.at(2024, 3, 6)
    let sampler = try Self.make(CalendarSpecValues(start: start, end: end, step: step))
    let xs = Self.draws(sampler, count: 50_000)
    #expect(xs.allSatisfy { $0 % step == 0 }, "step \(step)")
    #expect(xs.allSatisfy { $0 >= start && $0 < end })
    let firstAligned = (start + step - 1) / step * step
    #expect(xs.min().map { $0 >= firstAligned } == true)
  }

  @Test func quarterHoursAreUniformWithinTheHour() throws {
    let sampler = try Self.make(
      CalendarSpecValues(start: Self.fourWeeks.0, end: Self.fourWeeks.1, step: 900))
    let xs = Self.draws(sampler)
    var counts: [Int64: Int] = [:]
    for t in xs { counts[(t % 3600) / 60, default: 0] += 1 }
    #expect(Set(counts.keys) == [0, 15, 30, 45])
    for (minute, c) in counts { Self.expectProportion(c, of: xs.count, p: 0.25, "minute \(minute)") }
  }

  @Test func instantsBeforeTheEpochAreAlignedAndOnTheRightWeekday() throws {
    // 1969-12-27 was a Saturday and 1969-12-28 a Sunday; only weekend days are weighted.
    var weekdays = [Double](repeating: 0, count: 7)
    weekdays[5] = 1
    weekdays[6] = 1
    let start = O.at(1969, 12, 22)  // a Monday
    let end = O.at(1970, 1, 3)  // a Saturday, excluded
    #expect(O.weekday(start) == 1)
    let sampler = try Self.make(
      CalendarSpecValues(start: start, end: end, weekdayWeights: weekdays, step: 900))
    let xs = Self.draws(sampler, count: 20_000)
    let days = Set(xs.map { O.day($0) })
    #expect(days == [O.days(1969, 12, 27), O.days(1969, 12, 28)])
    #expect(xs.allSatisfy { $0 % 900 == 0 && $0 < 0 })
  }

  // MARK: - Window edges

  @Test func aWindowOfOneStepAlwaysGivesItsStart() throws {
    let start = O.at(2024, 3, 4, 10, 15)
    for (step, end) in [(Int64(900), start + 900), (1, start + 1), (3600, O.at(2024, 3, 4, 11, 15))] {
      // The last case: the only whole hour in [10:15, 11:15) is 11:00.
      let sampler = try Self.make(CalendarSpecValues(start: start, end: end, step: step))
      let expected = step == 3600 ? O.at(2024, 3, 4, 11) : start
      let xs = Self.draws(sampler, count: 2_000)
      #expect(xs.allSatisfy { $0 == expected }, "step \(step)")
    }
  }

  @Test func startIsIncludedAndEndIsExcluded() throws {
    // 60 instants at whole seconds: both extremes are hit among 200k draws, the end never.
    let start = O.at(2024, 3, 4, 10)
    let sampler = try Self.make(CalendarSpecValues(start: start, end: start + 60))
    let xs = Self.draws(sampler)
    #expect(xs.min() == start)
    #expect(xs.max() == start + 59)
    #expect(!xs.contains(start + 60))
    var counts = [Int](repeating: 0, count: 60)
    for t in xs { counts[Int(t - start)] += 1 }
    for (i, c) in counts.enumerated() { Self.expectProportion(c, of: xs.count, p: 1.0 / 60, "second \(i)") }

    // With a step the end is excluded even when it is a multiple of the step.
    let s15 = try Self.make(CalendarSpecValues(start: start, end: start + 45, step: 15))
    #expect(Set(Self.draws(s15, count: 5_000)) == [start, start + 15, start + 30])
    let s15b = try Self.make(CalendarSpecValues(start: start, end: start + 50, step: 15))
    #expect(Set(Self.draws(s15b, count: 5_000)) == [start, start + 15, start + 30, start + 45])
  }

  @Test func partialFirstAndLastHours() throws {
    // 10:30 .. 12:15: 30 minutes of hour 10, all of hour 11, 15 minutes of hour 12.
    let start = O.at(2024, 3, 5, 10, 30)
    let end = O.at(2024, 3, 5, 12, 15)
    let sampler = try Self.make(CalendarSpecValues(start: start, end: end))
    #expect(sampler.slotProbabilities.count == 3)
    let expected = [30.0 / 105, 60.0 / 105, 15.0 / 105]
    for i in 0..<3 {
      #expect(abs(sampler.slotProbabilities[i] - expected[i]) < 1e-12, "slot \(i)")
      #expect(sampler.slotStart(i) == O.at(2024, 3, 5, 10 + i))
    }
    let xs = Self.draws(sampler)
    #expect(xs.allSatisfy { $0 >= start && $0 < end })
    var counts = [0, 0, 0]
    for t in xs { counts[O.hour(t) - 10] += 1 }
    for i in 0..<3 { Self.expectProportion(counts[i], of: xs.count, p: expected[i], "hour \(10 + i)") }
    // Uniform in time: the first 15 minutes of the window hold 1/7 of the draws.
    Self.expectProportion(xs.filter { $0 < start + 900 }.count, of: xs.count, p: 15.0 / 105, "10:30-10:45")

    // The same window at a 15-minute step: 7 instants, equally likely.
    let q = try Self.make(CalendarSpecValues(start: start, end: end, step: 900))
    let ys = Self.draws(q)
    var byInstant: [Int64: Int] = [:]
    for t in ys { byInstant[t, default: 0] += 1 }
    #expect(byInstant.keys.sorted() == (0..<7).map { start + Int64($0) * 900 })
    for (t, c) in byInstant { Self.expectProportion(c, of: ys.count, p: 1.0 / 7, "instant \(t)") }
  }

  // MARK: - Calendar corner cases

  @Test func aWindowOverTheLeapDay() throws {
    let sampler = try Self.make(CalendarSpecValues(start: O.at(2024, 2, 28), end: O.at(2024, 3, 2)))
    #expect(sampler.slotProbabilities.count == 72)
    let xs = Self.draws(sampler)
    var byDate: [String: Int] = [:]
    for t in xs {
      let c = O.civil(O.day(t))
      byDate["\(c.year)-\(c.month)-\(c.day)", default: 0] += 1
    }
    #expect(byDate.keys.sorted() == ["2024-2-28", "2024-2-29", "2024-3-1"])
    for (date, c) in byDate { Self.expectProportion(c, of: xs.count, p: 1.0 / 3, date) }

    // 2023 has no leap day: the same dates span two days.
    let plain = try Self.make(CalendarSpecValues(start: O.at(2023, 2, 28), end: O.at(2023, 3, 2)))
    #expect(plain.slotProbabilities.count == 48)
  }

  @Test func aWindowOverTheYearEnd() throws {
    // 2023-12-31 is a Sunday (weekend profile 20..23), 2024-01-01 a Monday (weekday profile 0..3).
    // Each day keeps the volume of a whole day, and each profile's hours all lie in the window,
    // so the two days are equally likely.
    let start = O.at(2023, 12, 31, 20)
    let end = O.at(2024, 1, 1, 4)
    let sampler = try Self.make(
      CalendarSpecValues(
        start: start, end: end, hourWeights: O.hourWeights([(0, 3, 1)]),
        weekendHourWeights: O.hourWeights([(20, 23, 1)])))
    for p in sampler.slotProbabilities { #expect(abs(p - 1.0 / 8) < 1e-12) }
    let xs = Self.draws(sampler)
    let sunday = xs.filter { O.day($0) == O.days(2023, 12, 31) }.count
    #expect(xs.allSatisfy { $0 >= start && $0 < end })
    Self.expectProportion(sunday, of: xs.count, p: 0.5, "2023-12-31")
    #expect(Set(xs.map { O.civil(O.day($0)).year }) == [2023, 2024])
  }

  @Test func aWindowOverMonthEndsWithATrend() throws {
    // 2024-01-31 .. 2024-02-02 and 2023-04-30 .. 2023-05-02: two days each, the second one with
    // trend factor 1 + 1 * 1/2.
    for (a, b) in [(O.at(2024, 1, 31), O.at(2024, 2, 2)), (O.at(2023, 4, 30), O.at(2023, 5, 2))] {
      let sampler = try Self.make(CalendarSpecValues(start: a, end: b, trend: 1))
      let second = sampler.slotProbabilities[24...].reduce(0, +)
      #expect(abs(second - 1.5 / 2.5) < 1e-12)
      let xs = Self.draws(sampler, count: 50_000)
      let months = Set(xs.map { O.civil(O.day($0)).month })
      #expect(months.count == 2)
      Self.expectProportion(xs.filter { O.day($0) == O.day(b) - 1 }.count, of: xs.count, p: 0.6, "second day")
    }
  }

  // MARK: - Determinism

  @Test func drawsArePureFunctionsOfKeyAndRow() throws {
    let sampler = try Self.make(
      CalendarSpecValues(
        start: Self.fourWeeks.0, end: Self.fourWeeks.1, hourWeights: O.hourWeights([(8, 20, 1)]),
        trend: 0.4, step: 60))
    let a = Self.draws(sampler, count: 1000)
    let b = Self.draws(sampler, count: 1000)
    #expect(a == b)
    let c = Self.draws(sampler, seed: 18, count: 1000)
    #expect(a != c)
    // Reversed order of evaluation gives the same values row by row.
    let key = StreamKey.derive(seed: 17, ["calendar-tests", "instants"])
    for row in stride(from: 999, through: 0, by: -97) {
      var rng = CellRNG(key: key, row: UInt64(row))
      #expect(sampler.sample(&rng) == a[row])
    }
  }

  // MARK: - Validation

  static func error(_ spec: CalendarSpecValues) -> String? {
    if case .failure(let e) = CalendarSampler.make(spec) { return e.message }
    return nil
  }

  @Test func emptyWindowsAreRejected() {
    let t = O.at(2024, 3, 4)
    #expect(Self.error(CalendarSpecValues(start: t, end: t))?.contains("empty") == true)
    #expect(Self.error(CalendarSpecValues(start: t + 1, end: t))?.contains("empty") == true)
    #expect(Self.error(CalendarSpecValues(start: t, end: t + 1)) == nil)
  }

  @Test(arguments: [Int64(0), -60, 7, 7200, 3601, 1000, 86_400])
  func stepsThatDoNotDivideAnHourAreRejected(_ step: Int64) {
    let t = O.at(2024, 3, 4)
    let message = Self.error(CalendarSpecValues(start: t, end: t + 86_400, step: step))
    #expect(message?.contains("step") == true, "step \(step): \(message ?? "accepted")")
  }

  @Test func aStepIsAcceptedExactlyWhenItDividesAnHour() {
    let t = O.at(2024, 3, 4)
    var accepted: [Int64] = []
    for step in Int64(1)...3600 where Self.error(CalendarSpecValues(start: t, end: t + 7200, step: step)) == nil {
      accepted.append(step)
    }
    #expect(accepted == (Int64(1)...3600).filter { 3600 % $0 == 0 })
    #expect(accepted.count == 45)
  }

  @Test func allZeroWeightsAreRejected() {
    let (a, b) = Self.fourWeeks
    let zeros24 = [Double](repeating: 0, count: 24)
    #expect(Self.error(CalendarSpecValues(start: a, end: b, hourWeights: zeros24)) == "every hour has weight 0")
    #expect(
      Self.error(CalendarSpecValues(start: a, end: b, weekendHourWeights: zeros24))
        == "every weekend hour has weight 0")
    #expect(
      Self.error(CalendarSpecValues(start: a, end: b, weekdayWeights: [Double](repeating: 0, count: 7)))
        == "every weekday has weight 0")
    // Positive weights somewhere, but none inside the window: a Monday with only weekends weighted,
    // hours 0..7 when the window is 10:00..12:00, and a window between two 15-minute instants.
    var weekends = [Double](repeating: 0, count: 7)
    weekends[5] = 1
    #expect(
      Self.error(CalendarSpecValues(start: a, end: a + 86_400, weekdayWeights: weekends))?
        .contains("no hour of the window has a positive weight") == true)
    #expect(
      Self.error(
        CalendarSpecValues(
          start: a + 10 * 3600, end: a + 12 * 3600, hourWeights: O.hourWeights([(0, 7, 1)])))?
        .contains("positive weight") == true)
    #expect(
      Self.error(CalendarSpecValues(start: a + 5 * 60, end: a + 10 * 60, step: 900))?
        .contains("positive weight") == true)
  }

  @Test func negativeOrNonFiniteWeightsAreRejected() {
    let (a, b) = Self.fourWeeks
    for bad in [-1.0, .nan, .infinity] {
      var hours = [Double](repeating: 1, count: 24)
      hours[3] = bad
      #expect(Self.error(CalendarSpecValues(start: a, end: b, hourWeights: hours))?.contains("weights") == true)
      var days = [Double](repeating: 1, count: 7)
      days[6] = bad
      #expect(Self.error(CalendarSpecValues(start: a, end: b, weekdayWeights: days))?.contains("weights") == true)
      #expect(
        Self.error(CalendarSpecValues(start: a, end: b, weekendHourWeights: hours))?.contains("weights") == true)
    }
  }

  @Test func trendBelowMinusOneIsRejected() throws {
    let (a, b) = Self.fourWeeks
    for bad in [-1.0000001, -2, -.infinity, .nan, .infinity] {
      #expect(
        Self.error(CalendarSpecValues(start: a, end: b, trend: bad))?.contains("trend") == true, "trend \(bad)")
    }
    // -1 is allowed: the last day still has the positive factor 1/n.
    let sampler = try Self.make(CalendarSpecValues(start: a, end: b, trend: -1))
    let last = sampler.slotProbabilities.suffix(24).reduce(0, +)
    let firstDay = sampler.slotProbabilities.prefix(24).reduce(0, +)
    #expect(last > 0)
    #expect(abs(last / firstDay - 1.0 / 28) < 1e-9)
  }

  @Test func tooLongWindowsAreRejected() {
    let a = O.at(2000, 1, 1)
    let hours = Int64(CalendarSampler.maxSlots)
    #expect(Self.error(CalendarSpecValues(start: a, end: a + hours * 3600)) == nil)
    #expect(
      Self.error(CalendarSpecValues(start: a, end: a + hours * 3600 + 1))?.contains("at most") == true)
  }
}
