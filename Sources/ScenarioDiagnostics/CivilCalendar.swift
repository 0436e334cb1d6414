/// Proleptic Gregorian calendar arithmetic on integers, in UTC, shared by every phase.
///
/// Uses Howard Hinnant's `days_from_civil` / `civil_from_days` algorithms ("chrono-Compatible
/// Low-Level Date Algorithms"), so no `Calendar` or time-zone database is involved and results are
/// the same on every platform (DESIGN.md §2). Arithmetic wraps instead of trapping, so an
/// absurd value (a date billions of years away) gives a meaningless date, never a crash.
public enum CivilCalendar {
  /// Days since 1970-01-01 for a year, month (1-12) and day (1-31).
  public static func days(year: Int64, month: Int64, day: Int64) -> Int64 {
    let y = month <= 2 ? year &- 1 : year
    let era = (y >= 0 ? y : y &- 399) / 400
    let yoe = y &- era &* 400
    let mp = (month + 9) % 12
    let doy = (153 &* mp &+ 2) / 5 &+ day &- 1
    let doe = yoe &* 365 &+ yoe / 4 &- yoe / 100 &+ doy
    return era &* 146_097 &+ doe &- 719_468
  }

  /// Year, month and day of a day number (days since 1970-01-01).
  public static func civil(fromDays z0: Int64) -> (year: Int64, month: Int64, day: Int64) {
    let z = z0 &+ 719_468
    let era = (z >= 0 ? z : z &- 146_096) / 146_097
    let doe = z &- era &* 146_097
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
    let y = yoe &+ era &* 400
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    return (m <= 2 ? y &+ 1 : y, m, d)
  }

  /// Whether a year is a leap year.
  public static func isLeap(_ year: Int64) -> Bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
  }

  /// Number of days in a month of a year.
  public static func daysInMonth(year: Int64, month: Int64) -> Int64 {
    switch month {
    case 2: return isLeap(year) ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }

  /// ISO weekday of a day number: 1 = Monday ... 7 = Sunday (1970-01-01 was a Thursday).
  public static func weekday(fromDays days: Int64) -> Int64 {
    let w = (days % 7 &+ 3) % 7  // 0 = Monday
    return (w < 0 ? w + 7 : w) + 1
  }

  /// Floor division, for turning seconds into days with negative instants too.
  public static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
    let q = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
  }
}
