import Foundation
import ScenarioKit
import ScenarioSQLite
import ScenarioTestSupport
import Testing

/// Seed 000 as its seeder runs (issue 18, "seed 000's real question bank is the model"): the
/// fixture `user_data.db` with the platform's 168 questions and a synthetic bank left by
/// `toefl_sessions`; `toefl_sessions_real_bank` twice (identical `.dump`, sequences unchanged),
/// every response answering a real question of its task, no question written; purge leaves the
/// questions. Read back with the `sqlite3` shell.
@Suite("Seed 000 against the real question bank", .enabled(if: SQLiteShell.available))
struct ToeflRealBankTests {
  static func compile(_ name: String, db: String, overrides: [(name: String, value: String)]) throws -> Program {
    var options = CheckOptions()
    options.overrides = overrides
    let result = try ScenarioCompiler.compile(
      path: RepoPaths.absolute("scenarios/\(name).scenario"), options: options,
      sources: .run(database: try SQLiteTarget.sourceConnection(path: db)))
    let errors = result.diagnostics.filter { $0.severity == .error }
    #expect(errors.isEmpty, "\(errors.map(\.message))")
    return try #require(result.program)
  }

  @Test("real questions read, never written; twice the same; purge keeps them")
  func realBank() throws {
    let folder = try ScratchFolder("toefl-real")
    defer { folder.remove() }
    let db = folder.file("user_data.db")
    let schema = try String(contentsOfFile: RepoPaths.absolute("scenarios/fixtures/toefl_user_data.sql"), encoding: .utf8)
    let bank = try String(contentsOfFile: RepoPaths.absolute("scenarios/fixtures/toefl_question_bank.sql"), encoding: .utf8)
    try SQLiteShell.run(db, schema + bank)
    // A synthetic bank from the other port is there too (SYN_Q... codes): not the platform's.
    _ = try SQLiteTarget.run(try Self.compile("toefl_sessions", db: db, overrides: [(name: "count", value: "2")]), path: db)
    let questions = try SQLiteShell.run(db, "SELECT * FROM questions ORDER BY question_id;")
    #expect(try SQLiteShell.integer(db, "SELECT COUNT(*) FROM questions") == 168 + 336)

    let program = try Self.compile("toefl_sessions_real_bank", db: db, overrides: [(name: "count", value: "6"), (name: "username_prefix", value: "REAL")])
    guard case .fixed(168) = try #require(program.tables.first { $0.name == "questions" }).count else {
      Issue.record("the synthetic questions were read as real ones")
      return
    }
    let first = try SQLiteTarget.run(program, path: db)
    #expect(first.tables.map(\.name) == ["students", "sessions", "responses"], "a source was written: \(first.tables)")
    let perSession = try SQLiteShell.rows(db, """
      SELECT x.session_id, COUNT(*), COUNT(DISTINCT r.question_id), SUM(q.task = r.task), SUM(q.code LIKE 'TOEFL-%')
      FROM sessions x JOIN students s ON s.student_id = x.student_id JOIN responses r ON r.session_id = x.session_id
      JOIN questions q ON q.question_id = r.question_id WHERE s.username LIKE 'REAL\\_%' ESCAPE '\\'
      GROUP BY x.session_id ORDER BY x.session_id
      """)
    #expect(perSession.count == 6)
    #expect(perSession.allSatisfy { $0[1] == "93" && $0[2] == "93" && $0[3] == "93" && $0[4] == "93" }, "\(perSession)")
    #expect(try SQLiteShell.run(db, "SELECT * FROM questions ORDER BY question_id;") == questions)
    // A wrong Build-a-Sentence answer is the key's words in another order.
    let wrong = try SQLiteShell.rows(db, """
      SELECT r.answer, q.answer_key FROM responses r JOIN questions q USING (question_id)
      WHERE r.task = 'build_sentence' AND r.is_correct = 0 AND q.code LIKE 'TOEFL-%'
      """)
    #expect(!wrong.isEmpty)
    for row in wrong {
      let words = { (s: String) in s.lowercased().filter { $0 != "." }.split(separator: " ").sorted() }
      #expect(row[0] != row[1] && words(row[0]) == words(row[1]), "\(row)")
    }

    let dump = try SQLiteShell.dump(db)
    let sequence = try SQLiteShell.run(db, "SELECT name, seq FROM sqlite_sequence ORDER BY name;")
    let again = try Self.compile("toefl_sessions_real_bank", db: db, overrides: [(name: "count", value: "6"), (name: "username_prefix", value: "REAL")])
    let second = try SQLiteTarget.run(again, path: db)
    #expect(second.tables.allSatisfy { $0.inserted == 0 && $0.updated == 0 }, "\(second.tables)")
    #expect(try SQLiteShell.dump(db) == dump)
    #expect(try SQLiteShell.run(db, "SELECT name, seq FROM sqlite_sequence ORDER BY name;") == sequence)

    let purged = try SQLiteTarget.purge(again, path: db, dryRun: false)
    #expect(purged.tables.map(\.name) == ["responses", "sessions", "students"], "\(purged.tables)")
    #expect(purged.tables.map(\.rows) == [558, 6, 6], "\(purged.tables)")
    #expect(try SQLiteShell.run(db, "SELECT * FROM questions ORDER BY question_id;") == questions)
  }
}
