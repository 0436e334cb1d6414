import Foundation
import ScenarioKit
import ScenarioPostgres
import ScenarioTestSupport
import Testing

/// The server the tests use (`scripts/postgres.sh` prints `SCENARIO_PGHOST` and friends; CI sets
/// `SCENARIO_REQUIRE_PG=1`, which turns a missing server into a failure).
enum TestServer {
  static let environment = ProcessInfo.processInfo.environment
  static var host: String? { environment["SCENARIO_PGHOST"].flatMap { $0.isEmpty ? nil : $0 } }
  static var port: String { environment["SCENARIO_PGPORT"] ?? "5432" }
  static var user: String { environment["SCENARIO_PGUSER"] ?? "postgres" }
  static var enabled: Bool { host != nil || environment["SCENARIO_REQUIRE_PG"] == "1" }

  /// A libpq URI for `database` (a socket folder goes in the query, as libpq wants).
  static func uri(_ database: String) -> String {
    let host = self.host ?? "localhost"
    if host.hasPrefix("/") { return "postgresql://\(user)@/\(database)?host=\(host)&port=\(port)" }
    return "postgresql://\(user)@\(host):\(port)/\(database)"
  }

  /// Runs a PostgreSQL client program (`psql`, `pg_dump`) against `database`.
  @discardableResult
  static func tool(_ name: String, _ database: String, _ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    let bin = FileManager.default.fileExists(atPath: "/usr/lib/postgresql/15/bin/\(name)") ? "/usr/lib/postgresql/15/bin/\(name)" : name
    process.arguments = [bin, "-X", "-h", host ?? "localhost", "-p", port, "-U", user, "-d", database].filter { !(name == "pg_dump" && $0 == "-X") } + arguments
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    let err = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "\(name) failed: \(String(decoding: err, as: UTF8.self))")
    return String(decoding: data, as: UTF8.self)
  }

  static func psql(_ database: String, _ sql: String) throws -> String {
    try tool("psql", database, ["-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", "-c", sql])
  }

  /// `pg_dump`, without the random `\restrict` tokens newer clients print.
  static func dump(_ database: String) throws -> String {
    try tool("pg_dump", database, []).split(separator: "\n", omittingEmptySubsequences: false)
      .filter { !$0.hasPrefix("\\restrict") && !$0.hasPrefix("\\unrestrict") }.joined(separator: "\n")
  }

  /// A fresh database for one test, dropped afterwards.
  static func withDatabase(_ body: (String) throws -> Void) throws {
    let name = "scenario_target_\(getpid())_\(UInt32.random(in: 0...UInt32.max))"
    try psql("postgres", "CREATE DATABASE \(name)")
    defer { _ = try? psql("postgres", "DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
    try body(name)
  }
}

/// `scenario run --db postgresql://...` and purge (issue 18, item 1), read back with psql and
/// pg_dump: seed 000 twice gives an identical dump and unchanged identity sequences, growth adds
/// exactly the new sessions, purge keeps the real rows; a password in the URI, an unreachable
/// server and a schema mismatch are clear errors that change nothing.
@Suite("PostgreSQL target", .serialized, .enabled(if: TestServer.enabled))
struct PostgresTargetTests {
  static func toefl(count: Int) throws -> Program {
    var options = CheckOptions()
    options.overrides = [(name: "count", value: "\(count)")]
    return try #require(try ScenarioCompiler.compile(path: RepoPaths.absolute("scenarios/toefl_sessions.scenario"), options: options).program)
  }

  /// The expectations a database can answer.
  static func checkable(_ program: Program) -> Program {
    var p = program
    let skipped = Set(DataReplay.uncheckable(program).map(\.index))
    p.expectations = DataReplay.forFiles(program.expectations.indices.filter { !skipped.contains($0) }.map { program.expectations[$0] })
    return p
  }

  @Test("seed 000: twice with count 10, then 20, then purge, beside real rows")
  func endToEnd() throws {
    try #require(TestServer.host != nil, "SCENARIO_REQUIRE_PG=1 but SCENARIO_PGHOST is not set")
    try TestServer.withDatabase { database in
      let schema = try String(contentsOfFile: RepoPaths.absolute("scenarios/fixtures/toefl_user_data.postgres.sql"), encoding: .utf8)
      _ = try TestServer.tool("psql", database, ["-q", "-v", "ON_ERROR_STOP=1", "-c", schema])
      try TestServer.psql(database, """
        INSERT INTO students (username, password_hash, created_at) VALUES ('maria.k', 'x', '2024-01-10 09:00:00'), ('j_chen', 'y', '2024-02-11 10:00:00'), ('sam', 'z', '2024-03-12 11:00:00');
        INSERT INTO sessions (student_id, attempt, status, created_at) VALUES (1, 1, 'completed', '2024-04-01 09:00:00'), (2, 1, 'completed', '2024-04-02 09:00:00'), (3, 1, 'abandoned', '2024-04-03 09:00:00');
        """)
      let real = try TestServer.psql(database, "SELECT * FROM students ORDER BY 1; SELECT * FROM sessions ORDER BY 1;")
      let uri = TestServer.uri(database)
      let ten = try Self.toefl(count: 10)
      _ = try PostgresTarget.run(ten, uri: uri)
      let dump = try TestServer.dump(database)
      let sequences = try TestServer.psql(database, "SELECT sequencename, last_value FROM pg_sequences ORDER BY 1")
      let again = try PostgresTarget.run(ten, uri: uri, options: DatabaseRunOptions(threads: 2, chunkSize: 100))
      #expect(again.tables.allSatisfy { $0.inserted == 0 && $0.updated == 0 })
      #expect(try TestServer.dump(database) == dump, "a second run changed the database")
      #expect(try TestServer.psql(database, "SELECT sequencename, last_value FROM pg_sequences ORDER BY 1") == sequences)
      _ = try PostgresTarget.run(try Self.toefl(count: 20), uri: uri)
      #expect(try TestServer.psql(database, "SELECT COUNT(*) FROM sessions WHERE notes = 'SYNTHETIC'") == "20\n")
      #expect(try TestServer.psql(database, "SELECT COUNT(*) FROM (SELECT session_id FROM responses GROUP BY session_id HAVING COUNT(*) = 93 AND COUNT(DISTINCT question_id) = 93) AS x") == "20\n")
      // check --db reads the seeded rows back (only the owned ones) and finds the run's figures.
      let checker = ExpectationChecker(program: try Self.checkable(try Self.toefl(count: 20)))
      try PostgresTarget.check(try Self.checkable(try Self.toefl(count: 20)), uri: uri, observers: [checker])
      #expect(checker.allPassed, "\(checker.results.filter(\.failed).map(\.text))")
      #expect(checker.results.first { $0.text == "count() == count" }?.measuredText == "20")
      let purged = try PostgresTarget.purge(try Self.toefl(count: 20), uri: uri, dryRun: false)
      #expect(purged.tables.map(\.rows) == [1860, 20, 20, 336])
      #expect(try TestServer.psql(database, "SELECT * FROM students ORDER BY 1; SELECT * FROM sessions ORDER BY 1;") == real)
    }
  }

  @Test("a table without database items is copied straight in; its key there already fails the run, changing nothing")
  func directCopy() throws {
    try #require(TestServer.host != nil, "SCENARIO_REQUIRE_PG=1 but SCENARIO_PGHOST is not set")
    let program = try #require(ScenarioCompiler.compile(source: #"""
      scenario plain
      seed 2
      table parents [50] {
        key id
        id = row + 1
        label = "tab\there, back\\slash, line\nbreak"
        at = 2024-03-01T12:00:00Z + minutes(row)
        wait: duration = minutes(uniform_int(-90, 90))
        ok = bernoulli(0.5)
        x: float(3)? = row % 7 == 0 ? null : normal(0, 1)
      }
      table children [3 per p in parents] {
        key cid
        cid = row + 1
        parent = p
      }
      """#, path: "plain.scenario").program)
    try TestServer.withDatabase { database in
      let summary = try PostgresTarget.run(program, uri: TestServer.uri(database))
      #expect(summary.tables.map(\.inserted) == [50, 150])
      // COPY's escapes and the interval and timestamp forms read back as written.
      #expect(try TestServer.psql(database, "SELECT label, at FROM parents WHERE id = 2") == "tab\there, back\\slash, line\nbreak|2024-03-01 12:01:00\n")
      #expect(try TestServer.psql(database, "SELECT COUNT(*) FROM parents WHERE wait BETWEEN interval '-90 minutes' AND interval '90 minutes'") == "50\n")
      #expect(try TestServer.psql(database, "SELECT COUNT(*) FROM parents WHERE x IS NULL") == "8\n")
      #expect(try TestServer.psql(database, "SELECT COUNT(*) FROM children c JOIN parents p ON p.id = c.parent") == "150\n")
      let dump = try TestServer.dump(database)
      do {
        _ = try PostgresTarget.run(program, uri: TestServer.uri(database))
        Issue.record("a second run of a table without a policy succeeded")
      } catch let error as RunError {
        guard case .output(let message) = error else { Issue.record("\(error)"); return }
        #expect(message.contains("duplicate key"), "\(message)")
        #expect(message.hasSuffix("the database was not changed"))
      }
      #expect(try TestServer.dump(database) == dump)
    }
  }

  @Test("a password in the URI, an unreachable server and a schema mismatch: clear errors, nothing changed")
  func errors() throws {
    try #require(TestServer.host != nil, "SCENARIO_REQUIRE_PG=1 but SCENARIO_PGHOST is not set")
    let program = try Self.toefl(count: 2)
    func message(_ uri: String) -> String {
      do {
        _ = try PostgresTarget.run(program, uri: uri)
        return "no error"
      } catch {
        if case .output(let m) = error { return m }
        return "\(error)"
      }
    }
    #expect(message("postgresql://postgres:secret@localhost/x").contains("give it in PGPASSWORD or ~/.pgpass"))
    #expect(message("postgresql://postgres@127.0.0.1:1/x").contains("cannot connect to PostgreSQL"))
    try TestServer.withDatabase { database in
      try TestServer.psql(database, "CREATE TABLE students (student_id TEXT PRIMARY KEY, extra TEXT NOT NULL)")
      let before = try TestServer.dump(database)
      let text = message(TestServer.uri(database))
      #expect(text.contains("does not match the scenario") && text.contains("table 'students' has no column 'username'"), "\(text)")
      #expect(text.contains("column 'students.extra' is NOT NULL without a default"), "\(text)")
      #expect(try TestServer.dump(database) == before)
    }
  }
}
