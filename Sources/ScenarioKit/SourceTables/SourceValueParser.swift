import ScenarioDiagnostics
import ScenarioIR

/// Reads the text of a value in a source (a CSV file someone wrote, or a database's text form of
/// a column) as its declared type. It takes what the CSV output writes (`ValueParser`) and the
/// common other spellings of real data: `TRUE`/`t`/`1` for a boolean, a space or `T` between a
/// date and a time, a `Z` or `+00:00` offset (other offsets are converted to UTC), `Infinity`.
/// Anything else is an error, never a guess: "3.5" is not an int, "2024-02-30" not a date.
enum SourceValueParser {
  static func parse(_ text: String, as kind: TypeKind) -> Value? {
    let trimmed = text.trimmingSpaces
    switch kind {
    case .int:
      return Int64(trimmed).map(Value.int)
    case .float:
      switch trimmed.lowercased() {
      case "nan": return .float(.nan)
      case "inf", "infinity", "+infinity": return .float(.infinity)
      case "-inf", "-infinity": return .float(-.infinity)
      default:
        guard let d = Double(trimmed), !trimmed.hasPrefix("0x"), !trimmed.hasPrefix("-0x") else { return nil }
        return .float(d)
      }
    case .bool:
      switch trimmed.lowercased() {
      case "true", "t", "1", "yes": return .bool(true)
      case "false", "f", "0", "no": return .bool(false)
      default: return nil
      }
    case .text, .choice:
      return .text(text)
    case .date:
      return date(trimmed).map(Value.date)
    case .datetime:
      return datetime(trimmed).map(Value.datetime)
    case .duration:
      if let seconds = ValueParser.duration(trimmed) { return .duration(seconds) }
      // PostgreSQL's interval text: "01:30:00", "2 days 03:00:00".
      return interval(trimmed).map(Value.duration)
    case .ref, .null, .error:
      return nil
    }
  }

  /// `YYYY-MM-DD`, a real calendar day.
  static func date(_ text: String) -> Int64? {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
      let y = Int64(parts[0]), let m = Int64(parts[1]), let d = Int64(parts[2]),
      (1...12).contains(m), d >= 1, d <= CivilCalendar.daysInMonth(year: y, month: m)
    else { return nil }
    return CivilCalendar.days(year: y, month: m, day: d)
  }

  /// `YYYY-MM-DD[T| ]HH:MM[:SS[.fff]][Z|±HH[:MM]]`, in UTC seconds; fractions of a second are
  /// dropped only when zero (a scenario's instants are whole seconds).
  static func datetime(_ text: String) -> Int64? {
    guard text.count >= 16 else { return nil }
    let dayText = String(text.prefix(10))
    let separator = text[text.index(text.startIndex, offsetBy: 10)]
    guard separator == "T" || separator == " ", let day = date(dayText) else { return nil }
    var rest = Substring(text.dropFirst(11))
    var offset: Int64 = 0
    if rest.hasSuffix("Z") {
      rest = rest.dropLast()
    } else if let sign = rest.lastIndex(where: { $0 == "+" || $0 == "-" }) {
      let zone = rest[rest.index(after: sign)...].split(separator: ":", omittingEmptySubsequences: false)
      guard zone.count <= 2, zone.allSatisfy({ $0.count == 2 }), let h = Int64(zone[0]), h <= 14 else { return nil }
      let m = zone.count == 2 ? Int64(zone[1]) ?? 99 : 0
      guard m < 60 else { return nil }
      offset = (h * 3600 + m * 60) * (rest[sign] == "+" ? 1 : -1)
      rest = rest[..<sign]
    }
    var fields = rest.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
    guard fields.count == 2 || fields.count == 3 else { return nil }
    if fields.count == 3, let dot = fields[2].firstIndex(of: ".") {
      guard fields[2][fields[2].index(after: dot)...].allSatisfy({ $0 == "0" }) else { return nil }
      fields[2] = String(fields[2][..<dot])
    }
    guard fields.allSatisfy({ $0.count == 2 }), let h = Int64(fields[0]), let mi = Int64(fields[1]),
      h < 24, mi < 60
    else { return nil }
    let s = fields.count == 3 ? Int64(fields[2]) ?? 99 : 0
    guard s < 60 else { return nil }
    return day * 86_400 + h * 3600 + mi * 60 + s - offset
  }

  /// PostgreSQL's interval output (`[N day[s] ][-]HH:MM:SS`).
  static func interval(_ text: String) -> Int64? {
    var total: Int64 = 0
    var words = text.split(separator: " ")
    if words.count >= 2, words[1].hasPrefix("day"), let days = Int64(words[0]) {
      total = days * 86_400
      words.removeFirst(2)
    }
    guard words.count <= 1 else { return nil }
    if let clock = words.first {
      let negative = clock.hasPrefix("-")
      let fields = (negative ? clock.dropFirst() : clock).split(separator: ":").map { Int64($0) }
      guard fields.count == 3, let h = fields[0], let m = fields[1], let s = fields[2], m < 60, s < 60 else { return nil }
      total += (h * 3600 + m * 60 + s) * (negative ? -1 : 1)
    }
    return total
  }
}

extension String {
  var trimmingSpaces: String {
    var s = Substring(self)
    while s.first == " " || s.first == "\t" { s = s.dropFirst() }
    while s.last == " " || s.last == "\t" { s = s.dropLast() }
    return String(s)
  }
}
