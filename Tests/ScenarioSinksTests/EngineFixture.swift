import Foundation
import ScenarioIR
import Testing

@testable import ScenarioSinks

/// Two related tables full of awkward values, written to files and loaded into real SQL
/// engines; the engine's answers are compared with the CSV encoder's text, value by value.
enum EngineFixture {
  /// How a column's engine text is compared with its CSV text.
  enum Kind {
    case int, text, bool, date, datetime, duration, float
    /// Text that SQLite returns in hex (see `SQLiteEngineTests.selectList`).
    case hexInSQLite
  }

  /// The engine a script is loaded into.
  enum Engine {
    case sqlite, postgres
  }

  static let parents = TableSchema(
    name: "parents",
    columns: [ColumnSchema(name: "id", type: .int), ColumnSchema(name: "name", type: .text)],
    primaryKey: ["id"])

  static let items = TableSchema(
    name: "items",
    columns: [
      ColumnSchema(name: "id", type: .int),
      ColumnSchema(
        name: "parent_id", type: .int, references: ForeignKey(table: "parents", column: "id")),
      ColumnSchema(name: "label", type: .text.nullable),
      ColumnSchema(name: "flag", type: .bool.nullable),
      ColumnSchema(name: "day", type: .date.nullable),
      ColumnSchema(name: "at", type: .datetime.nullable),
      ColumnSchema(name: "length", type: .duration.nullable),
      ColumnSchema(name: "score", type: .float.nullable, precision: 2),
      ColumnSchema(name: "ratio", type: .float.nullable),
      ColumnSchema(name: "status", type: ValueType(.choice(["new", "done", "it's"]))),
      ColumnSchema(name: "big", type: .int.nullable),
    ],
    primaryKey: ["id"])

  /// The comparison kind of each `items` column, in order.
  static let kinds: [Kind] = [
    .int, .int, .hexInSQLite, .bool, .date, .datetime, .duration, .float, .float, .text, .int,
  ]

  /// How the engines are told to print NULL: nothing the fixture's text could contain.
  static let nullMarker = "<null:b7e1>"

  static let parentCount = 7
  static let itemCount = 1_203

  /// Parent rows: ids 1…7 with awkward names.
  static func parentColumns() -> [[Value]] {
    let names = ["Ann", "O'Brien", "Zoë", "a \"q\"", "b\\c", "tab\tx", "日本"]
    return [
      (1...parentCount).map { .int(Int64($0)) },
      names.map { .text($0) },
    ]
  }

  /// Item rows cycling through awkward values; `withNUL` adds text holding U+0000, which only
  /// SQLite can store.
  static func itemColumns(withNUL: Bool) -> [[Value]] {
    var labels = [
      "plain", "", "comma,here", "quote\"d", "it's", "''", "back\\slash", "\\n not a newline",
      "line\nbreak", "cr\rhere", "crlf\r\n", "tab\there", " padded ", "é 😀 日本 עברית",
      "-- not a comment", "E'x'", "$$dollar$$", "NULL", "\\N", "\u{7F}\u{1}",
    ]
    if withNUL { labels += ["nul\u{0}inside", "\u{0}"] }
    let days: [Int64] = [0, -1, 11_016, 20_088, 2_932_896, -719_162, 19_782]
    let instants: [Int64] = [0, -1, 951_782_400, 1_735_689_599, 253_402_300_799, 45_296]
    let durations: [Int64] = [0, 2_700, 5_400, 183_600, -2_700, -90_061, 1, 86_400]
    let scores: [Double] = [3.14159, -0.001, 2.5, 1e20, -7, 0.125, 1e-9]
    let ratios: [Double] = [
      0.1, 0.1 + 0.2, 1.0 / 3, 100, -0.0, 1e16, .leastNonzeroMagnitude * 3,
      .greatestFiniteMagnitude, .nan,
      .infinity, -.infinity, 6.02214076e23, -1.5e-300,
    ]
    let statuses = ["new", "done", "it's"]
    let bigs: [Int64] = [Int64.max, Int64.min, 0, -1, 1 << 53 + 1]
    var columns: [[Value]] = Array(repeating: [], count: items.columns.count)
    for row in 0..<itemCount {
      let nullHere = row % 13 == 12
      columns[0].append(.int(Int64(row) + 1))
      columns[1].append(.int(Int64(row % parentCount) + 1))
      columns[2].append(nullHere ? .null : .text(labels[row % labels.count]))
      columns[3].append(row % 3 == 2 ? .null : .bool(row % 2 == 0))
      columns[4].append(nullHere ? .null : .date(days[row % days.count]))
      columns[5].append(nullHere ? .null : .datetime(instants[row % instants.count]))
      columns[6].append(nullHere ? .null : .duration(durations[row % durations.count]))
      columns[7].append(nullHere ? .null : .float(scores[row % scores.count]))
      columns[8].append(row % 17 == 16 ? .null : .float(ratios[row % ratios.count]))
      columns[9].append(.text(statuses[row % statuses.count]))
      columns[10].append(nullHere ? .null : .int(bigs[row % bigs.count]))
    }
    return columns
  }

  /// Paths of the written files.
  struct Files {
    var parentsSQL: String
    var itemsSQL: String
    var itemsCSV: String
  }

  /// Writes both tables as `dialect` SQL, and `items` as CSV, into `folder` through
  /// `TableWriter`, in oddly sized chunks.
  static func write(dialect: SQLDialect, withNUL: Bool, to folder: String) throws -> Files {
    let sql = SQLEncoder(dialect: dialect)
    let parentsFile = try writeTable(parents, parentColumns(), encoder: sql, folder: folder)
    let columns = itemColumns(withNUL: withNUL)
    let itemsFile = try writeTable(items, columns, encoder: sql, folder: folder)
    let csvFile = try writeTable(items, columns, encoder: CSVEncoder(), folder: folder)
    return Files(parentsSQL: parentsFile, itemsSQL: itemsFile, itemsCSV: csvFile)
  }

  private static func writeTable(
    _ schema: TableSchema, _ columns: [[Value]], encoder: any TableEncoder, folder: String
  ) throws -> String {
    let rows = columns.first?.count ?? 0
    let writer = TableWriter(encoder: encoder, directory: folder)
    try writer.begin(schema, totalRows: rows)
    for chunk in Fixtures.chunks(columns, sizes: [101, 1, 499, 64]) { try writer.write(chunk) }
    return try writer.finish().path
  }

  /// Compares engine rows with the CSV encoder's rows, value by value, recording every
  /// difference (at most 20) as a test issue.
  static func compare(
    expected: [[String?]], actual: [[String?]], engine: Engine,
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    #expect(actual.count == expected.count, "row count", sourceLocation: sourceLocation)
    var differences = 0
    for (rowIndex, (want, got)) in zip(expected, actual).enumerated() {
      #expect(
        got.count == want.count, "row \(rowIndex): field count", sourceLocation: sourceLocation)
      for (column, (w, g)) in zip(want, got).enumerated() where differences < 20 {
        if !matches(expected: w, actual: g, kind: kinds[column], engine: engine) {
          differences += 1
          let name = items.columns[column].name
          let message =
            "row \(rowIndex), column '\(name)': CSV \(String(reflecting: w)), "
            + "\(engine) \(String(reflecting: g))"
          Issue.record(Comment(rawValue: message), sourceLocation: sourceLocation)
        }
      }
    }
  }

  /// Whether an engine's text for a value means the same as the CSV text.
  static func matches(expected: String?, actual: String?, kind: Kind, engine: Engine) -> Bool {
    guard let expected else { return actual == nil }
    switch (kind, engine) {
    case (.float, _):
      // SQLite cannot store NaN; it becomes NULL. It prints infinities as `Inf`.
      if engine == .sqlite && expected == "NaN" { return actual == nil }
      guard let actual, let want = Double(expected), let got = Double(actual) else { return false }
      return want == got || (want.isNaN && got.isNaN)
    case (.bool, .sqlite):
      return actual == (expected == "true" ? "1" : "0")
    case (.hexInSQLite, .sqlite):
      let hex = expected.utf8.map { byte in
        let digits = String(byte, radix: 16, uppercase: true)
        return byte < 16 ? "0" + digits : digits
      }.joined()
      return actual == hex
    case (.duration, .postgres):
      return actual.flatMap { Int64($0) } == isoSeconds(expected)
    case (.int, _), (.text, _), (.hexInSQLite, .postgres), (.bool, .postgres), (.date, _),
      (.datetime, _), (.duration, .sqlite):
      return actual == expected
    }
  }

  /// Seconds in an ISO 8601 duration of the form `ValueFormatter` writes (`-P1DT2H3M4S`).
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
