import Foundation
import ScenarioIR
import Testing

@testable import ScenarioSinks

/// Loads the SQLite scripts into a real database with the `sqlite3` CLI and reads the values
/// back.
@Suite("SQLite engine", .enabled(if: CommandLineTool.exists("sqlite3")))
struct SQLiteEngineTests {
  /// SELECT expressions that print each `items` column the way the comparison expects. Labels
  /// come back in hex, since the shell would cut text at NUL; floats through `quote`, whose
  /// 20 digits round-trip where `printf` is imprecise; dates and date-times through SQLite's own
  /// date functions, which proves it understands them.
  private static let selectList = [
    "id", "parent_id", "CASE WHEN label IS NULL THEN NULL ELSE hex(label) END", "flag",
    "date(day)", "strftime('%Y-%m-%dT%H:%M:%SZ', at)", "length",
    "CASE WHEN score IS NULL THEN NULL ELSE quote(score) END",
    "CASE WHEN ratio IS NULL THEN NULL ELSE quote(ratio) END", "status", "big",
  ].joined(separator: ", ")

  @Test func scriptsLoadAndReadBackAsWritten() throws {
    let folder = try TemporaryFolder("sqlite")
    defer { folder.remove() }
    let files = try EngineFixture.write(dialect: .sqlite, withNUL: true, to: folder.path)
    let database = folder.path + "/test.db"
    for script in [files.parentsSQL, files.itemsSQL] {
      let load = try CommandLineTool.run("sqlite3", ["-bail", database], input: script)
      try #require(load.status == 0, "sqlite3 failed on \(script): \(load.errors)")
    }
    let query = try CommandLineTool.run(
      "sqlite3",
      [
        "-csv", "-nullvalue", EngineFixture.nullMarker, database,
        "SELECT \(Self.selectList) FROM items ORDER BY id",
      ])
    try #require(query.status == 0, "query failed: \(query.errors)")
    let actual = CSVReader.parse(query.output, nullMarker: EngineFixture.nullMarker)
    let csv = try String(contentsOfFile: files.itemsCSV, encoding: .utf8)
    let expected = Array(CSVReader.parse(csv).dropFirst())
    #expect(expected.count == EngineFixture.itemCount)
    EngineFixture.compare(expected: expected, actual: actual, engine: .sqlite)

    let checks = try CommandLineTool.run(
      "sqlite3", [database, "PRAGMA foreign_key_check; PRAGMA integrity_check;"])
    #expect(checks.output == "ok\n", "foreign keys or integrity: \(checks.output)")
    let types = try CommandLineTool.run(
      "sqlite3", [database, "SELECT DISTINCT typeof(ratio) FROM items ORDER BY 1"])
    #expect(types.output == "null\nreal\n")
  }

  @Test func constraintsAreEnforced() throws {
    let folder = try TemporaryFolder("sqlite-constraints")
    defer { folder.remove() }
    let files = try EngineFixture.write(dialect: .sqlite, withNUL: false, to: folder.path)
    let database = folder.path + "/test.db"
    for script in [files.parentsSQL, files.itemsSQL] {
      _ = try CommandLineTool.run("sqlite3", ["-bail", database], input: script)
    }
    let columns = "(id, parent_id, status)"
    for bad in [
      "INSERT INTO items \(columns) VALUES (1, 1, 'new')",  // duplicate key
      "INSERT INTO items \(columns) VALUES (9999, 1, 'bogus')",  // not a choice
      "INSERT INTO items \(columns) VALUES (9999, NULL, 'new')",  // NOT NULL
      "PRAGMA foreign_keys = ON; INSERT INTO items \(columns) VALUES (9999, 42, 'new')",
    ] {
      let result = try CommandLineTool.run("sqlite3", [database, bad])
      #expect(result.status != 0, "accepted: \(bad)")
    }
  }
}
