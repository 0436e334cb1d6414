import Foundation
import ScenarioIR
import Testing

@testable import ScenarioSinks

/// Where the test server is, from `SCENARIO_PGHOST` / `SCENARIO_PGPORT` / `SCENARIO_PGUSER`
/// (`scripts/postgres.sh` prints them). Without `SCENARIO_PGHOST` the tests are skipped, unless
/// `SCENARIO_REQUIRE_PG=1` (as in CI), when they fail.
struct PostgresServer {
  var host: String
  var port: String
  var user: String

  static let environment = ProcessInfo.processInfo.environment
  static let configured = PostgresServer(environment: environment)
  static let required = environment["SCENARIO_REQUIRE_PG"] == "1"

  init?(environment: [String: String]) {
    guard let host = environment["SCENARIO_PGHOST"], !host.isEmpty else { return nil }
    self.host = host
    self.port = environment["SCENARIO_PGPORT"] ?? "5432"
    self.user = environment["SCENARIO_PGUSER"] ?? "postgres"
  }

  /// Runs `psql` on `database`, stopping at the first error, with `arguments` appended.
  func psql(_ database: String, _ arguments: [String]) throws -> CommandLineTool.Result {
    try CommandLineTool.run(
      "psql",
      ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", host, "-p", port, "-U", user, "-d", database]
        + arguments,
      environment: ["PGCONNECT_TIMEOUT": "10", "PGOPTIONS": "-c client_min_messages=warning"])
  }
}

/// Loads the PostgreSQL scripts into a fresh database with `psql` and reads the values back.
@Suite(
  "PostgreSQL engine",
  .enabled(if: PostgresServer.configured != nil || PostgresServer.required))
struct PostgresEngineTests {
  /// SELECT expressions that print each `items` column as the CSV encoder does, except
  /// intervals (as seconds) and floats (compared as numbers).
  private static let selectList = [
    "id::text", "parent_id::text", "label", "flag::text", "to_char(day, 'YYYY-MM-DD')",
    "to_char(at, 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')", "extract(epoch FROM length)::bigint::text",
    "score::text", "ratio::text", "status", "big::text",
  ].joined(separator: ", ")

  @Test func scriptsLoadAndReadBackAsWritten() throws {
    guard let server = PostgresServer.configured else {
      Issue.record("SCENARIO_REQUIRE_PG=1 but SCENARIO_PGHOST is not set")
      return
    }
    let folder = try TemporaryFolder("postgres")
    defer { folder.remove() }
    let files = try EngineFixture.write(dialect: .postgres, withNUL: false, to: folder.path)
    let database = "scenario_test_\(getpid())_\(UInt32.random(in: 0...UInt32.max))"
    let create = try server.psql("postgres", ["-c", "CREATE DATABASE \(database)"])
    try #require(create.status == 0, "cannot create the test database: \(create.errors)")
    defer { _ = try? server.psql("postgres", ["-c", "DROP DATABASE \(database) WITH (FORCE)"]) }

    for script in [files.parentsSQL, files.itemsSQL] {
      let load = try server.psql(database, ["-f", script])
      try #require(load.status == 0, "psql failed on \(script): \(load.errors)")
    }
    let query = try server.psql(
      database,
      [
        "--csv", "-t", "-P", "null=\(EngineFixture.nullMarker)",
        "-c", "SELECT \(Self.selectList) FROM items ORDER BY items.id",
      ])
    try #require(query.status == 0, "query failed: \(query.errors)")
    let actual = CSVReader.parse(query.output, nullMarker: EngineFixture.nullMarker)
    let csv = try String(contentsOfFile: files.itemsCSV, encoding: .utf8)
    let expected = Array(CSVReader.parse(csv).dropFirst())
    #expect(expected.count == EngineFixture.itemCount)
    EngineFixture.compare(expected: expected, actual: actual, engine: .postgres)

    try checkCSVLoadsWithCopy(server, database: database, csv: files.itemsCSV)
    try checkConstraints(server, database: database)
  }

  /// `COPY … CSV HEADER` reads the CSV file into the same values as the SQL script (durations
  /// aside: a negative one in CSV has a leading sign, which PostgreSQL's interval input rejects,
  /// so that column is loaded as text).
  private func checkCSVLoadsWithCopy(
    _ server: PostgresServer, database: String, csv: String
  ) throws {
    let columns = EngineFixture.items.columns.map(\.name).filter { $0 != "length" }
      .joined(separator: ", ")
    let script = """
      CREATE TABLE items_csv AS SELECT * FROM items WITH NO DATA;
      ALTER TABLE items_csv ALTER COLUMN length TYPE text;
      \\copy items_csv FROM '\(csv)' WITH (FORMAT csv, HEADER true)
      SELECT (SELECT count(*) FROM items_csv),
        (SELECT count(*) FROM (SELECT \(columns) FROM items EXCEPT ALL
          SELECT \(columns) FROM items_csv) AS missing),
        (SELECT count(*) FROM (SELECT \(columns) FROM items_csv EXCEPT ALL
          SELECT \(columns) FROM items) AS extra);
      """
    let scriptPath = csv + ".check.sql"
    try script.write(toFile: scriptPath, atomically: true, encoding: .utf8)
    let result = try server.psql(database, ["-At", "-F", ",", "-f", scriptPath])
    #expect(result.status == 0, "\(result.errors)")
    #expect(result.output == "\(EngineFixture.itemCount),0,0\n")
  }

  /// Keys, NOT NULL, CHECK and REFERENCES are all enforced.
  private func checkConstraints(_ server: PostgresServer, database: String) throws {
    let columns = "(id, parent_id, status)"
    for bad in [
      "INSERT INTO items \(columns) VALUES (1, 1, 'new')",
      "INSERT INTO items \(columns) VALUES (9999, 1, 'bogus')",
      "INSERT INTO items \(columns) VALUES (9999, NULL, 'new')",
      "INSERT INTO items \(columns) VALUES (9999, 42, 'new')",
    ] {
      let result = try server.psql(database, ["-c", bad])
      #expect(result.status != 0, "accepted: \(bad)")
    }
  }
}
