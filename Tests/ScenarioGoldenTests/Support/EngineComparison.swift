import Foundation
import Testing

/// How a column's value as an SQL engine prints it is compared with the CSV text of the value.
enum ValueKind: Equatable {
  case int, bool, float, text, date, datetime, duration
}

/// A column as an engine's catalog declares it, with the comparison kind derived from it.
struct EngineColumn {
  var name: String
  var declaredType: String
  var kind: ValueKind
}

/// The SQL engines the scripts are loaded into.
enum SQLEngine: String {
  case sqlite, postgres
}

/// Compares what engines read back from the SQL scripts with the CSV files, value by value.
enum EngineComparison {
  /// What engines print for NULL: nothing the data could contain.
  static let nullMarker = "<null:e2e-5f3a>"

  /// The comparison kind of a SQLite column: declared type plus, for `TEXT` and `INTEGER`, the
  /// CSV values (SQLite keeps dates, date-times and booleans in those storage classes).
  static func sqliteKind(declared: String, csvValues: [String?]) -> ValueKind {
    let values = csvValues.compactMap { $0 }
    switch declared.uppercased() {
    case "INTEGER":
      return !values.isEmpty && values.allSatisfy { $0 == "true" || $0 == "false" } ? .bool : .int
    case "REAL": return .float
    default:
      if values.isEmpty { return .text }
      if values.allSatisfy(isISODateTime) { return .datetime }
      if values.allSatisfy(isISODate) { return .date }
      return .text
    }
  }

  /// The comparison kind of a PostgreSQL column, from `information_schema.columns.data_type`.
  static func postgresKind(declared: String) -> ValueKind {
    switch declared.lowercased() {
    case "bigint", "integer", "smallint": .int
    case "boolean": .bool
    case "double precision", "real", "numeric": .float
    case "date": .date
    case "timestamp without time zone", "timestamp with time zone": .datetime
    case "interval": .duration
    default: .text
    }
  }

  /// The SELECT expression that prints a column so that it can be compared with CSV text.
  static func selectExpression(_ column: EngineColumn, engine: SQLEngine) -> String {
    let c = "\"\(column.name)\""
    switch (engine, column.kind) {
    case (.sqlite, .float):
      // `quote` prints 17 significant digits, where the shell's default loses precision.
      return "CASE WHEN \(c) IS NULL THEN NULL ELSE quote(\(c)) END"
    case (.sqlite, .datetime):
      // Through SQLite's date functions, which proves it understands the stored text.
      return "strftime('%Y-%m-%dT%H:%M:%SZ', \(c))"
    case (.sqlite, .date): return "date(\(c))"
    case (.sqlite, _): return c
    case (.postgres, .datetime): return "to_char(\(c), 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
    case (.postgres, .date): return "to_char(\(c), 'YYYY-MM-DD')"
    case (.postgres, .duration): return "extract(epoch FROM \(c))::bigint::text"
    case (.postgres, _): return "\(c)::text"
    }
  }

  /// Whether an engine's text for a value means the same as the CSV text.
  static func matches(csv: String?, engine value: String?, kind: ValueKind, in engine: SQLEngine)
    -> Bool
  {
    guard let csv else { return value == nil }
    guard let value else { return false }
    switch (kind, engine) {
    case (.float, _):
      guard let want = Double(csv),
        let got = Double(value.replacingOccurrences(of: "Inf", with: "inf"))
      else {
        return false
      }
      return want == got || (want.isNaN && got.isNaN)
    case (.bool, .sqlite): return value == (csv == "true" ? "1" : csv == "false" ? "0" : "?")
    case (.duration, .postgres): return Int64(value) == isoSeconds(csv)
    case (.int, _), (.bool, .postgres), (.text, _), (.date, _), (.datetime, _),
      (.duration, .sqlite):
      return value == csv
    }
  }

  /// Sorts CSV rows the way `ORDER BY key` sorts them in both engines: integers by value, all
  /// else by bytes (SQLite's BINARY collation, PostgreSQL's `COLLATE "C"`).
  static func sortedByKey(_ rows: [[String?]], keyIndices: [Int], kinds: [ValueKind]) -> [[String?]]
  {
    rows.sorted { a, b in
      for i in keyIndices {
        let x = a[i] ?? ""
        let y = b[i] ?? ""
        if x == y { continue }
        if kinds[i] == .int, let p = Int64(x), let q = Int64(y) { return p < q }
        return Array(x.utf8).lexicographicallyPrecedes(Array(y.utf8))
      }
      return false
    }
  }

  /// Compares a table's engine rows (already in key order) with its CSV rows, recording at
  /// most 20 differences as issues; returns the number of values compared.
  @discardableResult
  static func compare(
    table: String, csv: CSVTable, columns: [EngineColumn], keyIndices: [Int],
    engineRows: [[String?]], engine: SQLEngine,
    sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) -> Int {
    #expect(csv.header == columns.map(\.name), "\(table): columns", sourceLocation: sourceLocation)
    #expect(
      engineRows.count == csv.rows.count, "\(table): row count", sourceLocation: sourceLocation)
    let kinds = columns.map(\.kind)
    let expected = sortedByKey(csv.rows, keyIndices: keyIndices, kinds: kinds)
    var differences = 0
    var compared = 0
    for (rowIndex, (want, got)) in zip(expected, engineRows).enumerated() {
      guard want.count == columns.count, got.count == columns.count else {
        Issue.record("\(table) row \(rowIndex): field count", sourceLocation: sourceLocation)
        differences += 1
        continue
      }
      for (i, column) in columns.enumerated() {
        compared += 1
        if matches(csv: want[i], engine: got[i], kind: column.kind, in: engine) { continue }
        differences += 1
        if differences <= 20 {
          let message =
            "\(table) row \(rowIndex) (key \(keyIndices.map { want[$0] ?? "NULL" })), column "
            + "'\(column.name)' (\(column.declaredType)): CSV \(String(reflecting: want[i])), "
            + "\(engine.rawValue) \(String(reflecting: got[i]))"
          Issue.record(Comment(rawValue: message), sourceLocation: sourceLocation)
        }
      }
    }
    return compared
  }

  // MARK: - Value forms

  /// `YYYY-MM-DDTHH:MM:SSZ`, the CSV form of a date-time.
  static func isISODateTime(_ s: String) -> Bool {
    let b = Array(s.utf8)
    guard b.count == 20, b[10] == UInt8(ascii: "T"), b[19] == UInt8(ascii: "Z") else {
      return false
    }
    return isISODate(String(decoding: b[0..<10], as: UTF8.self))
      && b[13] == UInt8(ascii: ":") && b[16] == UInt8(ascii: ":")
      && [11, 12, 14, 15, 17, 18].allSatisfy { b[$0] >= 48 && b[$0] <= 57 }
  }

  /// `YYYY-MM-DD`, the CSV form of a date.
  static func isISODate(_ s: String) -> Bool {
    let b = Array(s.utf8)
    guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-") else { return false }
    return [0, 1, 2, 3, 5, 6, 8, 9].allSatisfy { b[$0] >= 48 && b[$0] <= 57 }
  }

  /// Seconds in an ISO 8601 duration of the form the CSV encoder writes (`-P1DT2H3M4S`).
  static func isoSeconds(_ text: String) -> Int64? {
    var sign: Int64 = 1
    var rest = Substring(text)
    if rest.hasPrefix("-") {
      sign = -1
      rest = rest.dropFirst()
    }
    guard rest.hasPrefix("P") else { return nil }
    var total: Int64 = 0
    var number: Int64 = 0
    var inTime = false
    for c in rest.dropFirst() {
      if let digit = c.wholeNumberValue {
        number = number * 10 + Int64(digit)
        continue
      }
      switch (c, inTime) {
      case ("T", false): inTime = true
      case ("D", false): total += number * 86_400
      case ("H", true): total += number * 3600
      case ("M", true): total += number * 60
      case ("S", true): total += number
      default: return nil
      }
      number = 0
    }
    return sign * total
  }
}

/// How many `REFERENCES` clauses a SQL script declares.
func referenceCount(_ script: [UInt8]) -> Int {
  String(decoding: script, as: UTF8.self).components(separatedBy: " REFERENCES ").count - 1
}

/// Relations between the tutoring platform's tables that hold by construction, written so
/// that SQLite and PostgreSQL both run them; each query counts violations and must print 0.
///
/// Only references assigned straight from a `pick` become declared foreign keys; the others
/// (a child table's `session_id = s.session_id`) are checked here.
enum TutoringInvariants {
  static let queries: [(label: String, sql: String)] = [
    (
      "every metrics row belongs to a completed session",
      """
      SELECT count(*) FROM "session_metrics" m WHERE NOT EXISTS (SELECT 1 FROM "sessions" s
        WHERE s."session_id" = m."session_id" AND s."status" = 'completed')
      """
    ),
    (
      "every completed session has metrics",
      """
      SELECT count(*) FROM "sessions" s WHERE s."status" = 'completed' AND NOT EXISTS
        (SELECT 1 FROM "session_metrics" m WHERE m."session_id" = s."session_id")
      """
    ),
    (
      "metrics carry their session's tutor and student",
      """
      SELECT count(*) FROM "session_metrics" m JOIN "sessions" s ON s."session_id" = m."session_id"
        WHERE s."tutor_id" <> m."tutor_id" OR s."student_id" <> m."student_id"
      """
    ),
    (
      "feedback exactly for the metrics rows that have it",
      """
      SELECT (SELECT count(*) FROM "feedback" f WHERE NOT EXISTS (SELECT 1 FROM "session_metrics" m
          WHERE m."session_id" = f."session_id" AND m."has_student_feedback"))
        + (SELECT count(*) FROM "session_metrics" m WHERE m."has_student_feedback" AND NOT EXISTS
          (SELECT 1 FROM "feedback" f WHERE f."session_id" = m."session_id"))
      """
    ),
    (
      "feedback after the session ended, same tutor and student",
      """
      SELECT count(*) FROM "feedback" f JOIN "sessions" s ON s."session_id" = f."session_id"
        WHERE f."submitted_at" <= s."ended_at" OR f."tutor_id" <> s."tutor_id"
          OR f."student_id" <> s."student_id"
      """
    ),
    (
      "highlights belong to sessions with metrics",
      """
      SELECT count(*) FROM "transcript_highlights" h WHERE NOT EXISTS
        (SELECT 1 FROM "session_metrics" m WHERE m."session_id" = h."session_id")
      """
    ),
    (
      "metrics' tutors and students exist",
      """
      SELECT count(*) FROM "session_metrics" m WHERE NOT EXISTS (SELECT 1 FROM "tutors" t
        WHERE t."tutor_id" = m."tutor_id") OR NOT EXISTS (SELECT 1 FROM "students" t
        WHERE t."student_id" = m."student_id")
      """
    ),
  ]
}
