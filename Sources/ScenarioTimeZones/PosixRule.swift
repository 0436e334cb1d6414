/// A POSIX TZ rule (`EST5EDT,M3.2.0,M11.1.0`, `<+0545>-5:45`, `IST-2IDT,M3.4.4/26,M10.5.0`): the
/// offsets of a zone after its last listed transition, as the TZif footer gives them (RFC 8536
/// §3.3, POSIX.1-2017 §8.3 with the RFC's extensions: hours outside 0...24 in the times).
struct PosixRule: Sendable, Equatable {
  /// Standard and daylight offsets, in seconds east of UTC.
  let standard: Int64
  let daylight: Int64?
  let start: DateRule?
  let end: DateRule?

  /// When a change happens: a day of the year and a local time of that day.
  struct DateRule: Sendable, Equatable {
    enum Day: Sendable, Equatable {
      /// `Mm.w.d`: weekday `d` (0 = Sunday) of week `w` (5 = the last) of month `m`.
      case monthWeek(month: Int, week: Int, weekday: Int)
      /// `Jn`: day n of 1...365, February 29 never counted.
      case julian(Int)
      /// `n`: day n of 0...365, February 29 counted in leap years.
      case zeroBased(Int)
    }
    let day: Day
    /// Seconds after local midnight (may be negative or above 24 h).
    let time: Int64
  }

  /// Parses a rule; nil when it is malformed.
  init?(_ text: String) {
    var s = Substring(text)
    guard PosixRule.skipName(&s), let std = PosixRule.offset(&s) else { return nil }
    standard = -std
    if s.isEmpty {
      daylight = nil
      start = nil
      end = nil
      return
    }
    guard PosixRule.skipName(&s) else { return nil }
    var dst = standard + 3600
    if let first = s.first, first != "," {
      guard let o = PosixRule.offset(&s) else { return nil }
      dst = -o
    }
    daylight = dst
    guard s.first == "," else { return nil }
    s.removeFirst()
    guard let a = PosixRule.dateRule(&s), s.first == "," else { return nil }
    s.removeFirst()
    guard let b = PosixRule.dateRule(&s), s.isEmpty else { return nil }
    start = a
    end = b
  }

  /// The offset in force at `utc` (seconds since the epoch).
  func offset(at utc: Int64) -> Int64 {
    guard let daylight, let start, let end else { return standard }
    let year = civilYear(daysSinceEpoch: floorDivide(utc + standard, 86_400))
    // DST starts at a local standard time and ends at a local daylight time.
    let begins = start.instant(year: year) - standard
    let ends = end.instant(year: year) - daylight
    if begins < ends { return utc >= begins && utc < ends ? daylight : standard }
    return utc >= ends && utc < begins ? standard : daylight
  }

  // MARK: - Parsing

  static func skipName(_ s: inout Substring) -> Bool {
    if s.first == "<" {
      guard let close = s.firstIndex(of: ">") else { return false }
      s = s[s.index(after: close)...]
      return true
    }
    var n = 0
    while let c = s.first, c.isLetter {
      s.removeFirst()
      n += 1
    }
    return n >= 3
  }

  /// `[+-]hh[:mm[:ss]]` in seconds, POSIX sign (positive west of Greenwich).
  static func offset(_ s: inout Substring) -> Int64? {
    var sign: Int64 = 1
    if s.first == "+" { s.removeFirst() } else if s.first == "-" {
      sign = -1
      s.removeFirst()
    }
    guard let t = clock(&s) else { return nil }
    return sign * t
  }

  /// `hh[:mm[:ss]]` in seconds.
  static func clock(_ s: inout Substring) -> Int64? {
    var parts: [Int64] = []
    repeat {
      if !parts.isEmpty { s.removeFirst() }
      var digits = 0
      var v: Int64 = 0
      while let c = s.first, let d = c.wholeNumberValue, c.isASCII {
        v = v * 10 + Int64(d)
        digits += 1
        s.removeFirst()
      }
      guard digits > 0 else { return nil }
      parts.append(v)
    } while s.first == ":" && parts.count < 3
    return parts.enumerated().reduce(0) { $0 + $1.element * [3600, 60, 1][$1.offset] }
  }

  static func dateRule(_ s: inout Substring) -> DateRule? {
    let day: DateRule.Day
    func number(_ s: inout Substring) -> Int? {
      var v = 0
      var digits = 0
      while let c = s.first, let d = c.wholeNumberValue, c.isASCII {
        v = v * 10 + d
        digits += 1
        s.removeFirst()
      }
      return digits > 0 ? v : nil
    }
    if s.first == "M" {
      s.removeFirst()
      guard let m = number(&s), s.first == "." else { return nil }
      s.removeFirst()
      guard let w = number(&s), s.first == "." else { return nil }
      s.removeFirst()
      guard let d = number(&s), (1...12).contains(m), (1...5).contains(w), (0...6).contains(d) else { return nil }
      day = .monthWeek(month: m, week: w, weekday: d)
    } else if s.first == "J" {
      s.removeFirst()
      guard let n = number(&s), (1...365).contains(n) else { return nil }
      day = .julian(n)
    } else {
      guard let n = number(&s), (0...365).contains(n) else { return nil }
      day = .zeroBased(n)
    }
    var time: Int64 = 7200
    if s.first == "/" {
      s.removeFirst()
      guard let t = offset(&s) else { return nil }
      time = t
    }
    return DateRule(day: day, time: time)
  }
}

extension PosixRule.DateRule {
  /// The local instant (seconds since the epoch, as if local time were UTC) of the change in
  /// `year`.
  func instant(year: Int64) -> Int64 {
    let days: Int64
    switch day {
    case .monthWeek(let month, let week, let weekday):
      let first = daysFromCivil(year: year, month: Int64(month), day: 1)
      // 1970-01-01 was a Thursday (weekday 4, Sunday 0).
      let firstWeekday = (first % 7 + 11) % 7
      var d = first + (Int64(weekday) - firstWeekday + 7) % 7 + Int64(week - 1) * 7
      let length = daysInMonth(year: year, month: Int64(month))
      while d >= first + length { d -= 7 }
      days = d
    case .julian(let n):
      let jan1 = daysFromCivil(year: year, month: 1, day: 1)
      days = jan1 + Int64(n - 1) + (isLeap(year) && n >= 60 ? 1 : 0)
    case .zeroBased(let n):
      days = daysFromCivil(year: year, month: 1, day: 1) + Int64(n)
    }
    return days * 86_400 + time
  }
}

// MARK: - Civil calendar (proleptic Gregorian), days since 1970-01-01

func floorDivide(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : -((-a + b - 1) / b) }

func isLeap(_ y: Int64) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

func daysInMonth(year: Int64, month: Int64) -> Int64 {
  [31, isLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][Int(month - 1)]
}

/// Howard Hinnant's days_from_civil.
func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
  let y = month <= 2 ? year - 1 : year
  let era = floorDivide(y, 400)
  let yoe = y - era * 400
  let mp = (month + 9) % 12
  let doy = (153 * mp + 2) / 5 + day - 1
  let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
  return era * 146_097 + doe - 719_468
}

/// The year of a day (Hinnant's civil_from_days, year only).
func civilYear(daysSinceEpoch z0: Int64) -> Int64 {
  let z = z0 + 719_468
  let era = floorDivide(z, 146_097)
  let doe = z - era * 146_097
  let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
  let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
  let mp = (5 * doy + 2) / 153
  let month = mp < 10 ? mp + 3 : mp - 9
  return yoe + era * 400 + (month <= 2 ? 1 : 0)
}
