import Foundation
import ScenarioKit
import ScenarioSQLite
import ScenarioTestSupport
import Testing

/// Seed 000 end to end (issue 17's done-when): the fixture `user_data.db` with three real
/// students and their sessions; `toefl_sessions` with count 10 twice (identical `.dump`,
/// `sqlite_sequence` unchanged); count 20 (exactly 10 more sessions, each with 93 responses);
/// purge (the real rows remain, unchanged). Everything is read back with the `sqlite3` shell.
@Suite("Seed 000 into SQLite", .enabled(if: SQLiteShell.available))
struct ToeflSeedingTests {
  static func compile(count: Int, profile: String? = nil) throws -> Program {
    var options = CheckOptions()
    options.overrides = [(name: "count", value: "\(count)")] + (profile.map { [(name: "profile", value: $0)] } ?? [])
    let result = try ScenarioCompiler.compile(path: RepoPaths.absolute("scenarios/toefl_sessions.scenario"), options: options)
    let errors = result.diagnostics.filter { $0.severity == .error }
    #expect(errors.isEmpty, "\(errors.map(\.message))")
    return try #require(result.program)
  }

  /// The fixture schema and three real students, each with a session and two responses to real
  /// questions.
  static func fixture(_ db: String) throws {
    let schema = try String(contentsOfFile: RepoPaths.absolute("scenarios/fixtures/toefl_user_data.sql"), encoding: .utf8)
    try SQLiteShell.run(db, schema + """
      INSERT INTO questions (code, section, task, prompt, answer_key) VALUES
        ('R-001', 'reading', 'reading', 'Real passage 1', 'A'), ('L-001', 'listening', 'listening', 'Real lecture 1', 'C');
      INSERT INTO students (username, password_hash, created_at) VALUES
        ('maria.k', 'bcrypt$1', '2024-01-10 09:00:00'), ('j_chen', 'bcrypt$2', '2024-02-11 10:00:00'), ('sam', 'bcrypt$3', '2024-03-12 11:00:00');
      INSERT INTO sessions (student_id, attempt, status, created_at, completed_at, notes, final_score) VALUES
        (1, 1, 'completed', '2024-04-01 09:00:00', '2024-04-01 11:00:00', NULL, 4.5),
        (2, 1, 'completed', '2024-04-02 09:00:00', '2024-04-02 11:00:00', NULL, 3.0),
        (3, 1, 'abandoned', '2024-04-03 09:00:00', NULL, NULL, NULL);
      INSERT INTO responses (session_id, question_id, position, section, task, answer, is_correct, response_seconds, answered_at) VALUES
        (1, 1, 1, 'reading', 'reading', 'A', 1, 60, '2024-04-01 09:01:00'), (1, 2, 2, 'listening', 'listening', 'B', 0, 50, '2024-04-01 09:02:00'),
        (2, 1, 1, 'reading', 'reading', 'A', 1, 70, '2024-04-02 09:01:10'), (2, 2, 2, 'listening', 'listening', 'C', 1, 40, '2024-04-02 09:02:00'),
        (3, 1, 1, 'reading', 'reading', 'D', 0, 90, '2024-04-03 09:01:30'), (3, 2, 2, 'listening', 'listening', 'C', 1, 30, '2024-04-03 09:02:00');
      """)
  }

  static let realRows = """
    SELECT * FROM students WHERE username NOT LIKE 'SYN\\_%' ESCAPE '\\' ORDER BY student_id;
    SELECT * FROM sessions WHERE student_id IN (1, 2, 3) ORDER BY session_id;
    SELECT * FROM responses WHERE session_id IN (1, 2, 3) ORDER BY response_id;
    SELECT * FROM questions WHERE code NOT LIKE 'SYN\\_%' ESCAPE '\\' ORDER BY question_id;
    """

  @Test("twice with count 10, then count 20, then purge")
  func endToEnd() throws {
    let folder = try ScratchFolder("toefl")
    defer { folder.remove() }
    let db = folder.file("user_data.db")
    try Self.fixture(db)
    let real = try SQLiteShell.run(db, Self.realRows)
    #expect(real.split(separator: "\n").count == 3 + 3 + 6 + 2)

    let ten = try Self.compile(count: 10)
    _ = try SQLiteTarget.run(ten, path: db)
    let dump = try SQLiteShell.dump(db)
    let sequence = try SQLiteShell.run(db, "SELECT name, seq FROM sqlite_sequence ORDER BY name;")
    #expect(try SQLiteShell.integer(db, "SELECT COUNT(*) FROM sessions WHERE notes = 'SYNTHETIC'") == 10)
    let second = try SQLiteTarget.run(ten, path: db)
    #expect(second.tables.allSatisfy { $0.inserted == 0 && $0.updated == 0 }, "\(second.tables)")
    #expect(try SQLiteShell.dump(db) == dump, "the second run changed the database")
    #expect(try SQLiteShell.run(db, "SELECT name, seq FROM sqlite_sequence ORDER BY name;") == sequence)

    let twenty = try Self.compile(count: 20)
    _ = try SQLiteTarget.run(twenty, path: db)
    #expect(try SQLiteShell.integer(db, "SELECT COUNT(*) FROM sessions WHERE notes = 'SYNTHETIC'") == 20)
    let perSession = try SQLiteShell.rows(db, """
      SELECT x.session_id, COUNT(r.response_id), COUNT(DISTINCT r.question_id) FROM sessions x
      JOIN students s ON s.student_id = x.student_id LEFT JOIN responses r ON r.session_id = x.session_id
      WHERE s.username LIKE 'SYN\\_%' ESCAPE '\\' GROUP BY x.session_id ORDER BY x.session_id
      """)
    #expect(perSession.count == 20)
    #expect(perSession.allSatisfy { $0[1] == "93" && $0[2] == "93" }, "\(perSession)")
    // The first run's rows are all still there, unchanged.
    let after = Set(try SQLiteShell.dump(db).split(separator: "\n"))
    let firstRows = dump.split(separator: "\n").filter { $0.hasPrefix("INSERT INTO") && !$0.contains("sqlite_sequence") }
    #expect(firstRows.allSatisfy(after.contains))
    // Every synthetic session and its responses hang off SYN_ students, each on its own.
    #expect(try SQLiteShell.integer(db, "SELECT COUNT(DISTINCT student_id) FROM sessions WHERE notes = 'SYNTHETIC'") == 20)
    #expect(try SQLiteShell.integer(db, "SELECT COUNT(*) FROM sessions x JOIN students s USING (student_id) WHERE x.notes = 'SYNTHETIC' AND s.username NOT LIKE 'SYN\\_%' ESCAPE '\\'") == 0)

    let dry = try SQLiteTarget.purge(twenty, path: db, dryRun: true)
    #expect(dry.tables.map(\.rows) == [1860, 20, 20, 336], "\(dry.tables)")
    _ = try SQLiteTarget.purge(twenty, path: db, dryRun: false)
    #expect(try SQLiteShell.run(db, Self.realRows) == real, "the real rows changed")
    for table in ["students", "sessions", "responses", "questions"] {
      #expect(try SQLiteShell.integer(db, "SELECT COUNT(*) FROM \(table)") == ["students": 3, "sessions": 3, "responses": 6, "questions": 2][table])
    }
  }

  @Test("a single profile: every student has it, and the CLI's '--set profile=weak' reaches it")
  func singleProfile() throws {
    let folder = try ScratchFolder("toefl-weak")
    defer { folder.remove() }
    let db = folder.file("weak.db")
    _ = try SQLiteTarget.run(try Self.compile(count: 4, profile: "weak"), path: db)
    #expect(try SQLiteShell.rows(db, "SELECT DISTINCT profile FROM students") == [["weak_student"]])
    var options = CheckOptions()
    options.overrides = [(name: "profile", value: "expert")]
    let program = try #require(try ScenarioCompiler.compile(path: RepoPaths.absolute("scenarios/toefl_sessions.scenario"), options: options).program)
    do {
      _ = try SQLiteTarget.run(program, path: folder.file("expert.db"))
      Issue.record("an unknown profile ran")
    } catch {
      guard case .scenario(let d) = error else { Issue.record("\(error)"); return }
      #expect(d.code == .runtimeEmptyPick)
    }
  }
}
