import Foundation
import ScenarioKit
import Testing

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
      environment: [
        "PGCONNECT_TIMEOUT": "10", "PGOPTIONS": "-c client_min_messages=warning",
        "PGDATESTYLE": "ISO", "PGTZ": "UTC",
      ])
  }

  /// Runs a query with `--csv`, NULL printed as `EngineComparison.nullMarker`.
  func query(
    _ database: String, _ sql: String, sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) throws -> CSVTable {
    let result = try psql(
      database, ["--csv", "-P", "null=\(EngineComparison.nullMarker)", "-c", sql])
    try #require(
      result.status == 0, "query failed: \(result.errors)\n\(sql)", sourceLocation: sourceLocation)
    return CSVTable(text: result.output, nullMarker: EngineComparison.nullMarker)
  }
}

/// PostgreSQL scripts, loaded with `psql` into a fresh database in generation order, hold
/// exactly the values of the CSV files, and their references hold.
@Suite(
  "Scenarios in PostgreSQL",
  .enabled(if: PostgresServer.configured != nil || PostgresServer.required))
struct PostgresEngineTests {
  @Test("loads, and reads back the CSV values", arguments: EngineSubject.allCases)
  func loadsAndMatchesCSV(subject: EngineSubject) throws {
    guard let server = PostgresServer.configured else {
      Issue.record("SCENARIO_REQUIRE_PG=1 but SCENARIO_PGHOST is not set")
      return
    }
    let folder = try TemporaryFolder("postgres-engine")
    defer { folder.remove() }
    let csv = try subject.run()
    let sql = try subject.run(format: .sql(.postgres), into: folder)
    #expect(sql.summaryText == csv.summaryText)

    try withDatabase(server) { database in
      try check(subject, csv: csv, sql: sql, folder: folder, server: server, database: database)
    }
  }

  /// Loads the scripts into `database` and compares everything with the CSV files.
  private func check(
    _ subject: EngineSubject, csv: RunOutput, sql: RunOutput, folder: TemporaryFolder,
    server: PostgresServer, database: String
  ) throws {
    // Foreign keys are enforced as rows are inserted, so loading proves they hold.
    let load = try server.psql(database, sql.tables.flatMap { ["-f", folder.file($0.fileName)] })
    try #require(load.status == 0, "psql failed: \(load.errors)")
    #expect(load.errors.isEmpty, "psql warned: \(load.errors)")

    let counts = try server.query(
      database,
      sql.names.map { "SELECT '\($0)' AS name, count(*) FROM \"\($0)\"" }.joined(
        separator: " UNION ALL "))
    #expect(counts.rows.map { $0.map { $0 ?? "" } } == sql.tables.map { [$0.name, "\($0.rows)"] })

    var compared = 0
    for table in csv.tables {
      let expected = try #require(csv.csv(table.name))
      compared += try compareTable(
        table.name, expected: expected, server: server, database: database)
    }
    #expect(compared > subject.minimumValues, "only \(compared) values compared")

    let declared = sql.tables.reduce(0) { $0 + referenceCount($1.bytes) }
    let constraints = try server.query(
      database, "SELECT count(*) FROM pg_constraint WHERE contype = 'f'")
    #expect(
      constraints.rows == [["\(declared)"]], "foreign keys declared in the scripts: \(declared)")

    for (label, query) in subject.invariants {
      let result = try server.query(database, query)
      #expect(result.rows == [["0"]], "\(label)")
    }

    // The comparison is not vacuous: a value moved by one second is reported.
    guard subject == .tutoringPlatform else { return }
    let tamper = try server.psql(
      database,
      [
        "-c",
        "UPDATE sessions SET scheduled_at = scheduled_at + interval '1 second' "
          + "WHERE session_id = 'SES00002'",
      ])
    try #require(tamper.status == 0, "\(tamper.errors)")
    let sessions = try #require(csv.csv("sessions"))
    withKnownIssue("the database was changed on purpose") {
      _ = try compareTable("sessions", expected: sessions, server: server, database: database)
    }
  }

  /// Seed 000's SQL output (issue 17): `scenario-load.sql` loads every table into PostgreSQL,
  /// parents first, in one transaction; a second load inserts nothing and consumes no identity
  /// value; the rows reference their parents through the keys PostgreSQL assigned.
  @Test("the load script of toefl_sessions loads twice into PostgreSQL; the second changes nothing")
  func loadScriptIsIdempotent() throws {
    guard let server = PostgresServer.configured else {
      Issue.record("SCENARIO_REQUIRE_PG=1 but SCENARIO_PGHOST is not set")
      return
    }
    let folder = try TemporaryFolder("postgres-load")
    defer { folder.remove() }
    var options = CheckOptions()
    options.overrides = [(name: "count", value: "5")]
    let program = try Harness.compile(scenario: "toefl_sessions", options: options)
    _ = try ScenarioRunner.run(program, options: RunOptions(outputDirectory: folder.path, format: .sql(.postgres)))
    try withDatabase(server) { database in
      let state = """
        SELECT 'students', count(*), md5(string_agg(s::text, '|' ORDER BY student_id)) FROM students s
        UNION ALL SELECT 'sessions', count(*), md5(string_agg(x::text, '|' ORDER BY session_id)) FROM sessions x
        UNION ALL SELECT 'responses', count(*), md5(string_agg(r::text, '|' ORDER BY response_id)) FROM responses r
        UNION ALL SELECT 'questions', count(*), md5(string_agg(q::text, '|' ORDER BY question_id)) FROM questions q
        UNION ALL SELECT 'sequence ' || sequencename, last_value, '' FROM pg_sequences
        """
      let first = try server.psql(database, ["-f", folder.file(ScenarioRunner.loadScriptName)])
      try #require(first.status == 0, "psql failed: \(first.errors)")
      let after = try server.query(database, state)
      #expect(after.rows.first { $0.first == "responses" }?[1] == "465")
      let second = try server.psql(database, ["-f", folder.file(ScenarioRunner.loadScriptName)])
      try #require(second.status == 0, "psql failed: \(second.errors)")
      #expect(try server.query(database, state).rows == after.rows, "a second load changed the database")
      // Each response's session is the session of the same natural key.
      let links = try server.query(database, """
        SELECT count(*) FROM responses r JOIN sessions x ON x.session_id = r.session_id
        JOIN students s ON s.student_id = x.student_id WHERE s.username NOT LIKE 'SYN%'
        """)
      #expect(links.rows == [["0"]])
    }
  }

  /// Dates and date-times stay within 0001-01-01 to 9999-12-31, which PostgreSQL accepts: the
  /// earliest ones load and read back as written, and a date before year one is a run-time error
  /// (R0708) instead of a file PostgreSQL would reject.
  @Test("the earliest dates load; dates before year one are a run-time error")
  func datesBeforeYearOne() throws {
    guard let server = PostgresServer.configured else {
      Issue.record("SCENARIO_REQUIRE_PG=1 but SCENARIO_PGHOST is not set")
      return
    }
    func source(_ offset: Int) -> String {
      """
      scenario ancient
      seed 1
      now 2024-01-01T00:00:00
      table old [3] {
        key id
        id = row + 1
        d = date(now - days(\(offset) + row * 300))
        t = now - days(\(offset) + row * 300)
      }
      """
    }
    // Years 3, 2 and 1.
    let folder = try TemporaryFolder("postgres-early")
    defer { folder.remove() }
    let program = try Harness.compile(source: source(738_000))
    _ = try Harness.run(program, format: .sql(.postgres), into: folder)
    let csv = try Harness.run(program)
    let years = csv.csv("old")?.column("d")?.map { $0?.prefix(5) }
    #expect(years == ["0003-", "0002-", "0001-"])
    try withDatabase(server) { database in
      let load = try server.psql(database, ["-f", folder.file("old.sql")])
      try #require(load.status == 0, "\(load.errors)")
      let expected = try #require(csv.csv("old"))
      _ = try compareTable("old", expected: expected, server: server, database: database)
    }
    // One more step back is year 0: no file, a located error.
    let before = try Harness.compile(source: source(738_900))
    #expect(throws: (any Error).self) { try Harness.run(before) }
    do {
      _ = try Harness.run(before)
    } catch {
      #expect("\(error)".contains("outside the years 1 to 9999"), "\(error)")
    }
  }

  /// Runs `body` with a fresh database, dropped afterwards.
  private func withDatabase(_ server: PostgresServer, _ body: (String) throws -> Void) throws {
    // The name only has to be unique among concurrent runs; it never reaches any output.
    let database = "scenario_e2e_\(getpid())_\(UInt32.random(in: 0...UInt32.max))"
    let create = try server.psql("postgres", ["-c", "CREATE DATABASE \(database)"])
    try #require(create.status == 0, "cannot create the test database: \(create.errors)")
    defer {
      _ = try? server.psql("postgres", ["-c", "DROP DATABASE IF EXISTS \(database) WITH (FORCE)"])
    }
    try body(database)
  }

  /// Dumps a table ordered by its key and compares it with the CSV; returns values compared.
  private func compareTable(
    _ name: String, expected: CSVTable, server: PostgresServer, database: String
  ) throws -> Int {
    let info = try server.query(
      database,
      """
      SELECT column_name, data_type FROM information_schema.columns
        WHERE table_schema = 'public' AND table_name = '\(name)' ORDER BY ordinal_position
      """)
    let columns = try info.rows.map { row in
      let type = try #require(row[1])
      return EngineColumn(
        name: try #require(row[0]), declaredType: type,
        kind: EngineComparison.postgresKind(declared: type))
    }
    let keyInfo = try server.query(
      database,
      """
      SELECT a.attname FROM pg_index i
        JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
        WHERE i.indrelid = '"\(name)"'::regclass AND i.indisprimary
        ORDER BY array_position(i.indkey::int2[], a.attnum)
      """)
    let keyIndices = try keyInfo.rows.map { row in
      try #require(columns.firstIndex { $0.name == row[0] })
    }
    try #require(!keyIndices.isEmpty, "\(name) has no primary key")
    let select = columns.map {
      "\(EngineComparison.selectExpression($0, engine: .postgres)) AS \"\($0.name)\""
    }
    // The table's columns, not the SELECT's text aliases of the same names; text keys in byte
    // order, whatever the database's locale.
    let order = keyIndices.map {
      "\"\(name)\".\"\(columns[$0].name)\"" + (columns[$0].kind == .text ? " COLLATE \"C\"" : "")
    }
    let dump = try server.query(
      database,
      "SELECT \(select.joined(separator: ", ")) FROM \"\(name)\" "
        + "ORDER BY \(order.joined(separator: ", "))")
    #expect(dump.header == expected.header)
    return EngineComparison.compare(
      table: name, csv: expected, columns: columns, keyIndices: keyIndices, engineRows: dump.rows,
      engine: .postgres)
  }
}
