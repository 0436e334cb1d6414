// MARK: - Dates, date-times and durations

extension ValueFormatter {
  /// A proleptic Gregorian calendar date.
  package struct CivilDate: Sendable, Equatable {
    package var year: Int64
    package var month: Int64
    package var day: Int64
  }

  /// Day numbers are clamped to ±2^62 before conversion so that no input can overflow; real
  /// dates are nowhere near (year 9999 is day 2,932,896).
  private static let dayLimit: Int64 = 1 << 62

  /// The calendar date of a day number (days since 1970-01-01), by Howard Hinnant's
  /// `civil_from_days` ("chrono-Compatible Low-Level Date Algorithms"): integer arithmetic only,
  /// no `Calendar` or time zone. It matches `CivilCalendar.civil(fromDays:)` in
  /// ScenarioDiagnostics, but clamps its input so that formatting can never trap.
  package static func civilDate(fromDays days: Int64) -> CivilDate {
    let z = min(max(days, -dayLimit), dayLimit) + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let day = doy - (153 * mp + 2) / 5 + 1
    let month = mp < 10 ? mp + 3 : mp - 9
    let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
    return CivilDate(year: year, month: month, day: day)
  }

  /// Appends `YYYY-MM-DD`. Years beyond 9999 get more digits; years before 1 are written with a
  /// leading `-` (ISO 8601 expanded form, e.g. `-0001-12-31`), which neither SQL engine reads.
  package static func appendDate(days: Int64, to out: inout some ByteSink) {
    let date = civilDate(fromDays: days)
    if date.year < 0 { out.append(UInt8(ascii: "-")) }
    appendDigits(date.year.magnitude, minimumDigits: 4, to: &out)
    out.append(UInt8(ascii: "-"))
    appendTwoDigits(date.month, to: &out)
    out.append(UInt8(ascii: "-"))
    appendTwoDigits(date.day, to: &out)
  }

  /// Appends a UTC date-time (seconds since 1970-01-01T00:00:00Z) in the given style.
  package static func appendDateTime(
    seconds: Int64, style: DateTimeStyle, to out: inout some ByteSink
  ) {
    // Floor division, so that instants before 1970 land on the right day.
    var days = seconds / 86_400
    var secondOfDay = seconds % 86_400
    if secondOfDay < 0 {
      days -= 1
      secondOfDay += 86_400
    }
    appendDate(days: days, to: &out)
    out.append(style == .iso8601 ? UInt8(ascii: "T") : UInt8(ascii: " "))
    appendTwoDigits(secondOfDay / 3600, to: &out)
    out.append(UInt8(ascii: ":"))
    appendTwoDigits(secondOfDay / 60 % 60, to: &out)
    out.append(UInt8(ascii: ":"))
    appendTwoDigits(secondOfDay % 60, to: &out)
    if style == .iso8601 { out.append(UInt8(ascii: "Z")) }
  }

  /// Where the minus sign of a negative duration goes.
  package enum DurationSign: Sendable {
    /// One sign before the whole duration: `-PT1H30M` (ISO 8601-2), for CSV and SQLite.
    case leading
    /// A sign on every field: `PT-1H-30M`, the only negative form PostgreSQL's `interval`
    /// input accepts for ISO 8601 durations.
    case perField
  }

  /// Appends a duration in seconds as an ISO 8601 duration: days, hours, minutes and seconds,
  /// zero fields left out (`PT45M`, `PT1H30M`, `P2DT3H`, `P1D`), `PT0S` for zero; negatives as
  /// `sign` says. A day is always 86,400 seconds here (no months or years, which have no fixed
  /// length).
  package static func appendDuration(
    seconds: Int64, sign: DurationSign = .leading, to out: inout some ByteSink
  ) {
    if seconds == 0 {
      out.append(ascii: "PT0S")
      return
    }
    let negative = seconds < 0
    if negative && sign == .leading { out.append(UInt8(ascii: "-")) }
    let fieldSign = negative && sign == .perField
    let total = seconds.magnitude
    let days = total / 86_400
    let hours = total / 3600 % 24
    let minutes = total / 60 % 60
    let secs = total % 60
    out.append(UInt8(ascii: "P"))
    if days != 0 { appendField(days, unit: "D", negative: fieldSign, to: &out) }
    if hours != 0 || minutes != 0 || secs != 0 { out.append(UInt8(ascii: "T")) }
    if hours != 0 { appendField(hours, unit: "H", negative: fieldSign, to: &out) }
    if minutes != 0 { appendField(minutes, unit: "M", negative: fieldSign, to: &out) }
    if secs != 0 { appendField(secs, unit: "S", negative: fieldSign, to: &out) }
  }

  /// Appends a number, with a minus sign if `negative`, followed by a one-letter unit.
  private static func appendField(
    _ value: UInt64, unit: Unicode.Scalar, negative: Bool, to out: inout some ByteSink
  ) {
    if negative { out.append(UInt8(ascii: "-")) }
    appendDigits(value, minimumDigits: 1, to: &out)
    out.append(UInt8(ascii: unit))
  }

  /// Appends a value in 0…99 as exactly two digits.
  @inline(__always)
  private static func appendTwoDigits(_ value: Int64, to out: inout some ByteSink) {
    out.append(UInt8(truncatingIfNeeded: value / 10) &+ UInt8(ascii: "0"))
    out.append(UInt8(truncatingIfNeeded: value % 10) &+ UInt8(ascii: "0"))
  }
}
