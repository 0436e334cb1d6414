import Foundation
import ScenarioKit
import Testing

/// SQLite scripts, loaded with the `sqlite3` shell in generation order, hold exactly the values
/// of the CSV files, and their references hold.
@Suite("Scenarios in SQLite", .enabled(if: CommandLineTool.exists("sqlite3")))
struct SQLiteEngineTests {
  @Test("loads, and reads back the CSV values", arguments: EngineSubject.allCases)
  func loadsAndMatchesCSV(subject: EngineSubject) throws {
    let folder = try TemporaryFolder("sqlite-engine")
    defer { folder.remove() }
    let (csv, sql, database) = try load(subject, folder)

    let counts = try SQLite.query(
      database,
      sql.names.map { "SELECT '\($0)', count(*) FROM \"\($0)\"" }.joined(separator: " UNION ALL "))
    #expect(counts.rows.map { $0.map { $0 ?? "" } } == sql.tables.map { [$0.name, "\($0.rows)"] })

    var compared = 0
    for table in csv.tables {
      let expected = try #require(csv.csv(table.name))
      #expect(expected.rows.count == table.rows, "\(table.name): CSV rows vs summary")
      compared += try compareTable(table.name, expected: expected, database: database)
    }
    #expect(compared > subject.minimumValues, "only \(compared) values compared")

    // Declared references: all recognised by SQLite, and all hold.
    let declared = sql.tables.reduce(0) { $0 + referenceCount($1.bytes) }
    let known = try SQLite.query(
      database,
      sql.names.map { "SELECT count(*) FROM pragma_foreign_key_list('\($0)')" }
        .joined(separator: " UNION ALL "))
    #expect(
      known.rows.compactMap { $0.first.flatMap { $0.flatMap { Int($0) } } }.reduce(0, +) == declared
    )
    #expect(declared > 0 || subject != .tutoringPlatform)
    let check = try SQLite.run(
      database, "PRAGMA foreign_keys = ON; PRAGMA foreign_key_check; PRAGMA integrity_check;")
    #expect(check.output == "ok\n", "foreign keys or integrity: \(check.output)")

    for (label, query) in subject.invariants {
      let result = try SQLite.run(database, query)
      #expect(
        result.status == 0 && result.output == "0\n", "\(label): \(result.output)\(result.errors)")
    }
  }

  /// The comparison is not vacuous: one changed value of each kind is reported.
  @Test(
    "a changed value in the database is noticed",
    arguments: [
      ("session_metrics", "UPDATE session_metrics SET tutor_talk_ratio = 0.99 WHERE rowid = 7"),
      ("sessions", "UPDATE sessions SET is_first_session = 1 - is_first_session WHERE rowid = 3"),
      ("users", "UPDATE users SET created_at = '2024-05-31 00:00:01'"),
      ("tutors", "UPDATE tutors SET hired_at = '2020-01-01' WHERE rowid = 6"),
      ("students", "UPDATE students SET name = name || ' ' WHERE rowid = 2"),
      ("session_metrics", "UPDATE session_metrics SET camera_on_minutes = NULL WHERE rowid = 1"),
    ])
  func tamperingIsNoticed(table: String, update: String) throws {
    let folder = try TemporaryFolder("sqlite-tamper")
    defer { folder.remove() }
    let (csv, _, database) = try load(.tutoringPlatform, folder)
    let changed = try SQLite.run(database, update + "; SELECT changes();")
    try #require(changed.status == 0 && changed.output != "0\n", "\(changed.errors)")
    let expected = try #require(csv.csv(table))
    withKnownIssue("the database was changed on purpose") {
      _ = try compareTable(table, expected: expected, database: database)
    }
  }

  /// Runs the scenario as CSV and as SQLite SQL (into `folder`) and loads the SQL into a new
  /// database there.
  private func load(_ subject: EngineSubject, _ folder: TemporaryFolder) throws -> (
    csv: RunOutput, sql: RunOutput, database: String
  ) {
    let csv = try subject.run()
    let sql = try subject.run(format: .sql(.sqlite), into: folder)
    #expect(sql.summaryText == csv.summaryText)
    let database = folder.file("test.db")
    try load(sql, folder: folder, into: database)
    return (csv, sql, database)
  }

  /// Loads every table's script, in generation order, with foreign keys enforced.
  private func load(_ run: RunOutput, folder: TemporaryFolder, into database: String) throws {
    var driver = "PRAGMA foreign_keys = ON;\n"
    for table in run.tables { driver += ".read '\(folder.file(table.fileName))'\n" }
    let driverPath = folder.file("load.sqlite-driver")
    try driver.write(toFile: driverPath, atomically: true, encoding: .utf8)
    let load = try CommandLineTool.run("sqlite3", ["-bail", database], input: driverPath)
    try #require(load.status == 0 && load.errors.isEmpty, "sqlite3 failed: \(load.errors)")
  }

  /// Dumps a table ordered by its key and compares it with the CSV; returns values compared.
  private func compareTable(_ name: String, expected: CSVTable, database: String) throws -> Int {
    let info = try SQLite.query(
      database, "SELECT name, type, pk FROM pragma_table_info('\(name)') ORDER BY cid")
    var columns: [EngineColumn] = []
    var keys: [(pk: Int, index: Int)] = []
    for (i, row) in info.rows.enumerated() {
      let column = try #require(row[0])
      let type = try #require(row[1])
      if let pk = Int(row[2] ?? ""), pk > 0 { keys.append((pk, i)) }
      columns.append(
        EngineColumn(
          name: column, declaredType: type,
          kind: EngineComparison.sqliteKind(
            declared: type, csvValues: expected.column(column) ?? [])))
    }
    let keyIndices = keys.sorted { $0.pk < $1.pk }.map(\.index)
    try #require(!keyIndices.isEmpty, "\(name) has no primary key")
    try checkStorageClasses(name, columns: columns, database: database)
    let select = columns.map {
      "\(EngineComparison.selectExpression($0, engine: .sqlite)) AS \"\($0.name)\""
    }
    // The table's columns, not the SELECT's aliases of the same names.
    let order = keyIndices.map { "\"\(name)\".\"\(columns[$0].name)\"" }.joined(separator: ", ")
    let dump = try SQLite.query(
      database, "SELECT \(select.joined(separator: ", ")) FROM \"\(name)\" ORDER BY \(order)")
    #expect(dump.header == expected.header)
    return EngineComparison.compare(
      table: name, csv: expected, columns: columns, keyIndices: keyIndices, engineRows: dump.rows,
      engine: .sqlite)
  }

  /// Every stored value has the storage class its declared type promises (an `INTEGER` column
  /// holds integers, not text that merely looks like them).
  private func checkStorageClasses(_ name: String, columns: [EngineColumn], database: String) throws
  {
    let query = columns.map {
      "SELECT DISTINCT '\($0.name)', typeof(\"\($0.name)\") FROM \"\(name)\""
    }
    .joined(separator: " UNION ")
    let classes = try SQLite.query(database, query)
    for row in classes.rows {
      let column = row[0] ?? ""
      let storage = row[1] ?? ""
      guard let declared = columns.first(where: { $0.name == column })?.declaredType.lowercased()
      else { continue }
      let want = declared == "integer" ? "integer" : declared == "real" ? "real" : "text"
      #expect(
        storage == want || storage == "null", "\(name).\(column) (\(declared)) holds \(storage)")
    }
  }
}

/// The `sqlite3` shell, for queries whose output is read back.
enum SQLite {
  /// Runs SQL; the raw result.
  static func run(_ database: String, _ sql: String) throws -> CommandLineTool.Result {
    try CommandLineTool.run("sqlite3", ["-bail", database, sql])
  }

  /// Runs a query with `-csv -header` and NULL printed as `EngineComparison.nullMarker`.
  static func query(
    _ database: String, _ sql: String, sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) throws -> CSVTable {
    let result = try CommandLineTool.run(
      "sqlite3",
      ["-bail", "-csv", "-header", "-nullvalue", EngineComparison.nullMarker, database, sql])
    try #require(
      result.status == 0, "query failed: \(result.errors)\n\(sql)", sourceLocation: sourceLocation)
    return CSVTable(text: result.output, nullMarker: EngineComparison.nullMarker)
  }
}
