import ScenarioDiagnostics
import ScenarioIR

/// Reads RFC 4180 CSV as written by `CSVEncoder`: fields separated by commas, records by LF (a CR
/// before it is dropped), quoted fields with doubled quotes inside. An empty unquoted field is
/// nil (null); `""` is the empty text.
enum CSVReader {
  static func records(_ bytes: [UInt8], path: String) throws -> [[String?]] {
    var lines: [Int] = []
    return try records(bytes, path: path, lines: &lines)
  }

  /// The records, and in `lines` the line each starts on (1-based; a quoted field may hold line
  /// breaks, so a record can span lines).
  static func records(_ bytes: [UInt8], path: String, lines: inout [Int]) throws -> [[String?]] {
    var records: [[String?]] = []
    var line = 1
    var recordLine = 1
    lines = []
    var record: [String?] = []
    var field: [UInt8] = []
    var quoted = false
    var wasQuoted = false
    var i = 0
    func endField() {
      record.append(field.isEmpty && !wasQuoted ? nil : String(decoding: field, as: UTF8.self))
      field.removeAll(keepingCapacity: true)
      wasQuoted = false
    }
    while i < bytes.count {
      let b = bytes[i]
      if b == UInt8(ascii: "\n") { line += 1 }
      if quoted {
        if b == UInt8(ascii: "\"") {
          if i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "\"") {
            field.append(b)
            i += 1
          } else {
            quoted = false
          }
        } else {
          field.append(b)
        }
      } else if b == UInt8(ascii: "\"") && field.isEmpty {
        quoted = true
        wasQuoted = true
      } else if b == UInt8(ascii: ",") {
        endField()
      } else if b == UInt8(ascii: "\n") {
        endField()
        records.append(record)
        lines.append(recordLine)
        recordLine = line
        record = []
      } else if b != UInt8(ascii: "\r") {
        field.append(b)
      }
      i += 1
    }
    if quoted { throw ScenarioIOError(message: "'\(path)' ends inside a quoted field (opened on line \(recordLine) or after)") }
    if !field.isEmpty || wasQuoted || !record.isEmpty {
      endField()
      records.append(record)
      lines.append(recordLine)
    }
    return records
  }
}

/// Parses the text forms written by the CSV encoder back into values.
enum ValueParser {
  static func parse(_ field: String?, as type: ValueType) -> Value? {
    guard let text = field else { return .null }
    switch type.kind {
    case .int: return Int64(text).map(Value.int)
    case .float:
      switch text {
      case "NaN": return .float(.nan)
      case "inf": return .float(.infinity)
      case "-inf": return .float(-.infinity)
      default: return Double(text).map(Value.float)
      }
    case .bool: return text == "true" ? .bool(true) : text == "false" ? .bool(false) : nil
    case .text, .choice: return .text(text)
    case .date: return date(text).map(Value.date)
    case .datetime:
      let parts = text.split(separator: "T")
      guard parts.count == 2, let d = date(String(parts[0])) else { return nil }
      let time = parts[1].hasSuffix("Z") ? parts[1].dropLast() : parts[1]
      let hms = time.split(separator: ":").compactMap { Int64($0) }
      guard hms.count == 3 else { return nil }
      return .datetime(d * 86_400 + hms[0] * 3600 + hms[1] * 60 + hms[2])
    case .duration: return duration(text).map(Value.duration)
    case .ref: return Int64(text).map { .ref(Int($0) - 1) }
    case .null, .error: return .null
    }
  }

  /// `YYYY-MM-DD` as a day number.
  static func date(_ text: String) -> Int64? {
    let negative = text.hasPrefix("-")
    let parts = (negative ? String(text.dropFirst()) : text).split(separator: "-").compactMap { Int64($0) }
    guard parts.count == 3 else { return nil }
    return CivilCalendar.days(year: negative ? -parts[0] : parts[0], month: parts[1], day: parts[2])
  }

  /// ISO 8601 durations as written: `[-]P[nD][T[nH][nM][nS]]`.
  static func duration(_ text: String) -> Int64? {
    var s = Substring(text)
    let negative = s.hasPrefix("-")
    if negative { s = s.dropFirst() }
    guard s.hasPrefix("P") else { return nil }
    s = s.dropFirst()
    var total: Int64 = 0
    var number: Int64 = 0
    var inTime = false
    for ch in s {
      if let d = ch.wholeNumberValue {
        number = number * 10 + Int64(d)
        continue
      }
      switch ch {
      case "T": inTime = true
      case "D" where !inTime: total += number * 86_400
      case "H" where inTime: total += number * 3600
      case "M" where inTime: total += number * 60
      case "S" where inTime: total += number
      default: return nil
      }
      number = 0
    }
    return negative ? -total : total
  }
}
