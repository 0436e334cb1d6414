import Foundation
import ScenarioKit
import ScenarioPostgres
import ScenarioTestSupport
import Testing

/// `from table` and `from query` on PostgreSQL (issue 18, item 2): PostgreSQL's own types read as
/// declared, owned rows left out run after run, a schema-qualified table.
@Suite("Database sources: PostgreSQL", .serialized)
struct PostgresSourceTests {
  static let scenario = """
    scenario pg_sources
    seed 2
    table real (id: int, name: text, active: bool, joined: datetime, born: date, wait: duration, score: float?) from table "app.members"
    table longest (id: int, wait: duration) from query "SELECT id, wait FROM app.members WHERE wait > interval '1 hour'"
    table visits [8] {
      key visit_id
      natural key visit_id
      on conflict skip
      owned where visit_id > 0
      visit_id = row + 1
      member = pick real where active
      joined = member.joined
      born = member.born
      wait = member.wait
      score = member.score
      long = pick longest
    }
    """

  @Test("PostgreSQL's types as declared; a schema-qualified table; the same rows twice")
  func types() throws {
    guard TestServer.enabled else { return }
    try TestServer.withDatabase { database in
      try TestServer.psql(database, """
        CREATE SCHEMA app;
        CREATE TABLE app.members (id BIGINT PRIMARY KEY, name TEXT NOT NULL, active BOOLEAN NOT NULL,
          joined TIMESTAMP NOT NULL, born DATE NOT NULL, wait INTERVAL NOT NULL, score NUMERIC(6, 2));
        INSERT INTO app.members VALUES
          (10, 'ada', true, '2024-01-02 03:04:05', '1990-12-31', '90 minutes', 1.25),
          (20, 'bob', false, '2024-01-03 00:00:00', '1985-01-01', '2 days 01:00:00', NULL),
          (30, 'cy', true, '2024-02-29 23:59:59', '2000-02-29', '00:00:30', -3.5);
        """)
      let uri = TestServer.uri(database)
      func compile() throws -> Program {
        let result = ScenarioCompiler.compile(
          source: Self.scenario, path: "pg.scenario", sources: .run(database: try PostgresTarget.sourceConnection(uri: uri)))
        return try #require(result.program, "\(result.diagnostics.map(\.message))")
      }
      let program = try compile()
      _ = try PostgresTarget.run(program, uri: uri)
      // Read back with psql: each visit copies an active member's values exactly.
      #expect(try TestServer.psql(database, """
        SELECT COUNT(*) FROM visits v JOIN app.members m ON m.id = v.member
        WHERE m.active AND v.joined = m.joined AND v.born = m.born AND v.wait = m.wait
          AND v.score IS NOT DISTINCT FROM m.score::float8
        """) == "8\n")
      #expect(try TestServer.psql(database, "SELECT DISTINCT long FROM visits ORDER BY 1") == "10\n20\n")
      let dump = try TestServer.dump(database)
      _ = try PostgresTarget.run(try compile(), uri: uri)
      #expect(try TestServer.dump(database) == dump)
    }
  }

  @Test("seed 000 against the real question bank in PostgreSQL: twice the same, the questions untouched")
  func toeflRealBank() throws {
    guard TestServer.enabled else { return }
    try TestServer.withDatabase { database in
      for fixture in ["toefl_user_data.postgres.sql", "toefl_question_bank.sql"] {
        _ = try TestServer.tool("psql", database, ["-q", "-v", "ON_ERROR_STOP=1", "-f", RepoPaths.absolute("scenarios/fixtures/" + fixture)])
      }
      let uri = TestServer.uri(database)
      func compile() throws -> Program {
        var options = CheckOptions()
        options.overrides = [(name: "count", value: "5")]
        let result = try ScenarioCompiler.compile(
          path: RepoPaths.absolute("scenarios/toefl_sessions_real_bank.scenario"), options: options,
          sources: .run(database: try PostgresTarget.sourceConnection(uri: uri)))
        return try #require(result.program, "\(result.diagnostics.map(\.message))")
      }
      let questions = try TestServer.psql(database, "SELECT * FROM questions ORDER BY question_id")
      _ = try PostgresTarget.run(try compile(), uri: uri)
      #expect(try TestServer.psql(database, """
        SELECT COUNT(*), COUNT(DISTINCT (r.session_id, r.question_id)) FROM responses r JOIN questions q USING (question_id)
        WHERE q.task = r.task AND q.code LIKE 'TOEFL-%'
        """) == "465|465\n")
      let dump = try TestServer.dump(database)
      let sequences = try TestServer.psql(database, "SELECT sequencename, last_value FROM pg_sequences ORDER BY 1")
      _ = try PostgresTarget.run(try compile(), uri: uri)
      #expect(try TestServer.dump(database) == dump)
      #expect(try TestServer.psql(database, "SELECT sequencename, last_value FROM pg_sequences ORDER BY 1") == sequences)
      #expect(try TestServer.psql(database, "SELECT * FROM questions ORDER BY question_id") == questions)
    }
  }

  @Test("PostgreSQL: a fraction of a second is an error, not dropped; the current schema may be named")
  func fractions() throws {
    guard TestServer.enabled else { return }
    try TestServer.withDatabase { database in
      try TestServer.psql(database, """
        CREATE TABLE ev (id BIGINT PRIMARY KEY, at TIMESTAMPTZ NOT NULL, wait INTERVAL NOT NULL);
        INSERT INTO ev VALUES (1, '2024-01-01 10:00:00+02', '90 seconds'), (2, '2024-01-01 10:00:00.5+00', '1.5 seconds');
        """)
      let uri = TestServer.uri(database)
      let result = ScenarioCompiler.compile(
        source: "scenario s\ntable e (id: int, at: datetime, wait: duration) from table \"public.ev\"\n", path: "s.scenario",
        sources: .run(database: try PostgresTarget.sourceConnection(uri: uri)))
      let messages = result.diagnostics.map(\.message)
      #expect(messages.contains { $0.contains("row 2, column 'at'") && $0.contains("is not a datetime") }, "\(messages)")
      #expect(messages.contains { $0.contains("row 2, column 'wait'") && $0.contains("is not a duration") }, "\(messages)")
      try TestServer.psql(database, "DELETE FROM ev WHERE id = 2")
      let ok = ScenarioCompiler.compile(
        source: "scenario s\ntable e (id: int, at: datetime, wait: duration) from table \"public.ev\"\ntable c [each x in e] { at = x.at\n wait = x.wait }\n",
        path: "s.scenario", sources: .run(database: try PostgresTarget.sourceConnection(uri: uri)))
      let program = try #require(ok.program, "\(ok.diagnostics.map(\.message))")
      let e = try #require(program.tables.first { $0.name == "e" })
      guard case .inlineValue(let at) = e.slots[1].expr.kind, case .inlineValue(let wait) = e.slots[2].expr.kind else {
        Issue.record("not read")
        return
      }
      #expect(at == [.datetime(1_704_096_000)])  // 2024-01-01T08:00:00Z
      #expect(wait == [.duration(90)])
    }
  }
}
