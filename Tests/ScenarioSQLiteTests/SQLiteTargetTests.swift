import Foundation
import ScenarioKit
import ScenarioSQLite
import Testing

/// `scenario run --db sqlite:PATH` and `scenario purge` (Docs/Databases.md), read back with the
/// `sqlite3` shell: idempotent re-runs (identical `.dump`, `sqlite_sequence` unchanged), growth
/// that adds exactly the new rows, purge that leaves the real rows alone, the conflict policies,
/// user schemas without an index on the natural key, and the errors that leave the database
/// untouched.
@Suite("SQLite target", .enabled(if: SQLiteShell.available))
struct SQLiteTargetTests {
  static let source = #"""
    scenario seeding
    seed 3
    param students = 5
    param prefix = "SYN"
    param level_b = "B1"

    table students [students] {
      key student_id assigned
      natural key username
      on conflict skip
      owned where starts_with(username, prefix ++ "_")
      student_id = row + 1
      username = prefix ++ "_" ++ pad(row + 1, 4)
      level = choice { "A2" 1, "B1" 1, "C1" 1 }
    }

    table sessions [2 per s in students] {
      key session_id assigned
      natural key student, number
      on conflict skip
      owned through student
      session_id = row + 1
      student = s
      number = row + 1
      notes = "SYNTHETIC"
      started = 2024-01-01T09:00:00Z + minutes(uniform_int(0, 10000))
      total_seconds = sum(seconds) over responses
    }

    table responses [3 per x in sessions] {
      key response_id assigned
      natural key session, position
      on conflict skip
      owned through session
      response_id = row + 1
      session = x
      position = row + 1
      seconds = uniform_int(10, 60)
      score: float(2) = uniform(0, 1)
      correct = bernoulli(0.5)
    }
    """#

  /// The real rows a user's database holds before any seeding: three students, their sessions
  /// and a response each, in the scenario's own tables.
  static func realData(_ db: String) throws {
    try SQLiteShell.run(db, """
      CREATE TABLE students (student_id INTEGER PRIMARY KEY AUTOINCREMENT, username TEXT NOT NULL UNIQUE, level TEXT NOT NULL, email TEXT);
      CREATE TABLE sessions (session_id INTEGER PRIMARY KEY AUTOINCREMENT, student INTEGER NOT NULL REFERENCES students (student_id), number INTEGER NOT NULL, notes TEXT NOT NULL, started TEXT NOT NULL, total_seconds INTEGER NOT NULL);
      CREATE TABLE responses (response_id INTEGER PRIMARY KEY AUTOINCREMENT, session INTEGER NOT NULL REFERENCES sessions (session_id), position INTEGER NOT NULL, seconds INTEGER NOT NULL, score REAL NOT NULL, correct INTEGER NOT NULL);
      INSERT INTO students (username, level, email) VALUES ('ann', 'B1', 'ann@school.test'), ('bo', 'C1', NULL), ('cy', 'A2', NULL);
      INSERT INTO sessions (student, number, notes, started, total_seconds) VALUES (1, 1, 'real', '2024-01-01 10:00:00', 300), (2, 1, 'real', '2024-01-02 10:00:00', 200), (3, 1, 'real', '2024-01-03 10:00:00', 100);
      INSERT INTO responses (session, position, seconds, score, correct) VALUES (1, 1, 30, 0.5, 1), (2, 1, 20, 0.25, 0), (3, 1, 10, 1.0, 1);
      """)
  }

  static let realRows = "SELECT * FROM students WHERE username NOT LIKE 'SYN%' ORDER BY 1; SELECT * FROM sessions WHERE notes = 'real' ORDER BY 1; SELECT * FROM responses WHERE session <= 3 ORDER BY 1;"

  @Test("re-running is idempotent, growth adds exactly the new rows, purge keeps the real rows")
  func seedTwiceGrowAndPurge() throws {
    let folder = try ScratchFolder("e2e")
    defer { folder.remove() }
    let db = folder.file("user_data.db")
    try Self.realData(db)
    let real = try SQLiteShell.run(db, Self.realRows)
    let program = try compileProgram(Self.source)
    let first = try SQLiteTarget.run(program, path: db)
    #expect(first.created.isEmpty, "the tables were there")
    #expect(first.tables.map(\.inserted) == [5, 10, 30])
    let dump1 = try SQLiteShell.dump(db)
    let sequence1 = try SQLiteShell.run(db, "SELECT * FROM sqlite_sequence ORDER BY name;")
    let second = try SQLiteTarget.run(program, path: db, options: DatabaseRunOptions(threads: 2, chunkSize: 7))
    #expect(second.tables.map(\.inserted) == [0, 0, 0])
    #expect(second.tables.map(\.kept) == [5, 10, 30])
    #expect(try SQLiteShell.dump(db) == dump1, "a second run changed the database")
    #expect(try SQLiteShell.run(db, "SELECT * FROM sqlite_sequence ORDER BY name;") == sequence1)

    // Children point at their parents' database ids, which follow the real rows.
    let links = try SQLiteShell.rows(db, "SELECT s.username, x.number, COUNT(r.response_id), SUM(r.seconds), x.total_seconds FROM sessions x JOIN students s ON s.student_id = x.student JOIN responses r ON r.session = x.session_id WHERE x.notes = 'SYNTHETIC' GROUP BY x.session_id ORDER BY x.session_id")
    #expect(links.count == 10)
    for (i, link) in links.enumerated() {
      #expect(link[0] == "SYN_" + String(format: "%04d", i / 2 + 1), "\(link)")
      #expect(link[2] == "3")
      #expect(link[3] == link[4], "a session's total is its responses' sum: \(link)")
    }
    #expect(try SQLiteShell.integer(db, "SELECT MIN(student_id) FROM students WHERE username LIKE 'SYN%'") == 4)

    // Twice the students: exactly the new ones, with their children; the old rows unchanged.
    let grown = try compileProgram(Self.source, overrides: ["students": "10"])
    let third = try SQLiteTarget.run(grown, path: db)
    #expect(third.tables.map(\.inserted) == [5, 10, 30])
    #expect(third.tables.map(\.kept) == [5, 10, 30])
    #expect(try SQLiteShell.integer(db, "SELECT COUNT(*) FROM sessions WHERE notes = 'SYNTHETIC'") == 20)
    #expect(try SQLiteShell.integer(db, "SELECT COUNT(*) FROM sessions x WHERE (SELECT COUNT(*) FROM responses r WHERE r.session = x.session_id) = 3 AND notes = 'SYNTHETIC'") == 20)
    let oldRows = dump1.split(separator: "\n").filter { $0.hasPrefix("INSERT INTO") && !$0.contains("sqlite_sequence") }
    let grownDump = Set(try SQLiteShell.dump(db).split(separator: "\n"))
    #expect(oldRows.allSatisfy(grownDump.contains), "a row of the first run changed")

    // Purge: a dry run counts, the purge deletes exactly the owned rows, children first.
    let dry = try SQLiteTarget.purge(grown, path: db, dryRun: true)
    #expect(dry.tables.map(\.name) == ["responses", "sessions", "students"])
    #expect(dry.tables.map(\.rows) == [60, 20, 10])
    #expect(try SQLiteShell.integer(db, "SELECT COUNT(*) FROM students") == 13, "a dry run deleted rows")
    let purged = try SQLiteTarget.purge(grown, path: db, dryRun: false)
    #expect(purged.tables.map(\.rows) == [60, 20, 10])
    #expect(try SQLiteShell.run(db, Self.realRows) == real, "the real rows changed")
    #expect(try SQLiteShell.integer(db, "SELECT COUNT(*) FROM students") == 3)
    #expect(try SQLiteShell.integer(db, "SELECT COUNT(*) FROM responses") == 3)
  }

  @Test("missing tables are created with the SQL output's DDL, an assigned key as AUTOINCREMENT")
  func createsTables() throws {
    let folder = try ScratchFolder("create")
    defer { folder.remove() }
    let db = folder.file("new.db")
    let summary = try SQLiteTarget.run(try compileProgram(Self.source), path: db)
    #expect(summary.created == ["students", "sessions", "responses"])
    let schema = try SQLiteShell.run(db, ".schema students\n")
    #expect(schema.contains("\"student_id\" INTEGER PRIMARY KEY AUTOINCREMENT"), "\(schema)")
    #expect(schema.contains("\"username\" TEXT NOT NULL UNIQUE"))
    let sessions = try SQLiteShell.run(db, ".schema sessions\n")
    #expect(sessions.contains("REFERENCES \"students\" (\"student_id\")"))
    #expect(sessions.contains("UNIQUE (\"student\", \"number\")"))
    // Values as the SQL output writes them: date-times with a space, booleans as 0/1, reals.
    let row = try SQLiteShell.rows(db, "SELECT started, typeof(started) FROM sessions LIMIT 1")[0]
    #expect(row[0].count == 19 && row[0].contains(" ") && row[1] == "text", "\(row)")
    #expect(try SQLiteShell.rows(db, "SELECT DISTINCT typeof(score), typeof(correct) FROM responses") == [["real", "integer"]])
    #expect(try SQLiteShell.integer(db, "SELECT COUNT(*) FROM responses WHERE correct NOT IN (0, 1)") == 0)
  }

  @Test("a user schema without an index on the natural key still gets exactly the new rows")
  func schemaWithoutIndex() throws {
    let folder = try ScratchFolder("noindex")
    defer { folder.remove() }
    let db = folder.file("plain.db")
    try SQLiteShell.run(db, """
      CREATE TABLE students (student_id INTEGER PRIMARY KEY AUTOINCREMENT, username TEXT NOT NULL, level TEXT, extra TEXT);
      INSERT INTO students (username, level) VALUES ('SYN_0002', 'B1');
      """)
    let program = try compileProgram(#"""
      scenario plain
      seed 1
      table students [4] {
        key student_id assigned
        natural key username
        on conflict skip
        owned where starts_with(username, "SYN_")
        student_id = row + 1
        username = "SYN_" ++ pad(row + 1, 4)
        level = "A2"
      }
      """#)
    let summary = try SQLiteTarget.run(program, path: db)
    #expect(summary.tables.map(\.inserted) == [3])
    #expect(summary.tables.map(\.kept) == [1])
    let dump = try SQLiteShell.dump(db)
    _ = try SQLiteTarget.run(program, path: db)
    #expect(try SQLiteShell.dump(db) == dump)
    #expect(try SQLiteShell.rows(db, "SELECT username, level FROM students ORDER BY student_id") == [
      ["SYN_0002", "B1"], ["SYN_0001", "A2"], ["SYN_0003", "A2"], ["SYN_0004", "A2"],
    ])
  }

  static let policySource = #"""
    scenario policy
    seed 1
    param grade = "A2"
    table students [3] {
      key student_id
      natural key username
      on conflict POLICY
      owned where starts_with(username, "SYN_")
      student_id = row + 100
      username = "SYN_" ++ pad(row + 1, 4)
      level = grade
    }
    """#

  @Test("on conflict fail stops at the first key that is there; update rewrites only owned rows that differ")
  func policies() throws {
    let folder = try ScratchFolder("policy")
    defer { folder.remove() }
    let db = folder.file("p.db")
    try SQLiteShell.run(db, """
      CREATE TABLE students (student_id INTEGER PRIMARY KEY, username TEXT NOT NULL UNIQUE, level TEXT NOT NULL);
      INSERT INTO students VALUES (1, 'SYN_0002', 'C1'), (2, 'real', 'C1');
      """)
    let before = try SQLiteShell.dump(db)
    let fail = try compileProgram(Self.policySource.replacingOccurrences(of: "POLICY", with: "fail"))
    do {
      _ = try SQLiteTarget.run(fail, path: db)
      Issue.record("the run did not fail")
    } catch {
      guard case .output(let message) = error else { Issue.record("\(error)"); return }
      #expect(message.contains("table 'students' already has a row with username = 'SYN_0002'"), "\(message)")
      #expect(message.hasSuffix("the database was not changed"))
    }
    #expect(try SQLiteShell.dump(db) == before)
    let update = try compileProgram(Self.policySource.replacingOccurrences(of: "POLICY", with: "update"), overrides: ["grade": "B2"])
    let summary = try SQLiteTarget.run(update, path: db)
    #expect(summary.tables.map(\.updated) == [1])
    #expect(summary.tables.map(\.inserted) == [2])
    #expect(try SQLiteShell.rows(db, "SELECT student_id, username, level FROM students ORDER BY student_id") == [
      ["1", "SYN_0002", "B2"], ["2", "real", "C1"], ["100", "SYN_0001", "B2"], ["102", "SYN_0003", "B2"],
    ])
    let dump = try SQLiteShell.dump(db)
    #expect(try SQLiteTarget.run(update, path: db).tables.map(\.updated) == [0], "an unchanged row is not rewritten")
    #expect(try SQLiteShell.dump(db) == dump)
  }

  /// Runs `program` into `db`, which must fail with a message containing every part of `parts`
  /// and leave the file's bytes unchanged.
  func expectUntouched(_ program: Program, _ db: String, _ parts: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
    let before = FileManager.default.contents(atPath: db)
    do {
      _ = try SQLiteTarget.run(program, path: db)
      Issue.record("the run did not fail", sourceLocation: sourceLocation)
    } catch {
      guard case .output(let message) = error else {
        Issue.record("expected an output error, found \(error)", sourceLocation: sourceLocation)
        return
      }
      for part in parts { #expect(message.contains(part), "\(message)", sourceLocation: sourceLocation) }
    }
    #expect(FileManager.default.contents(atPath: db) == before, "the file changed", sourceLocation: sourceLocation)
  }

  @Test("a schema mismatch lists every problem and writes nothing")
  func schemaMismatch() throws {
    let folder = try ScratchFolder("mismatch")
    defer { folder.remove() }
    let db = folder.file("m.db")
    try SQLiteShell.run(db, """
      CREATE TABLE students (student_id INTEGER PRIMARY KEY AUTOINCREMENT, username INTEGER NOT NULL, required TEXT NOT NULL);
      CREATE TABLE sessions (session_id TEXT PRIMARY KEY, student INTEGER, number INTEGER, notes TEXT, started TEXT, total_seconds INTEGER);
      """)
    try expectUntouched(try compileProgram(Self.source), db, [
      "does not match the scenario",
      "table 'students' has no column 'level'",
      "column 'students.username' is 'INTEGER' (INTEGER affinity), but the scenario writes TEXT",
      "column 'students.required' is NOT NULL without a default",
      "column 'sessions.session_id' is 'TEXT', but the database assigns it",
    ])
    #expect(try SQLiteShell.run(db, ".tables\n").split(whereSeparator: \.isWhitespace).sorted() == ["sessions", "students"])
  }

  @Test("a missing folder, a locked file and a read-only file are clear errors; nothing changes")
  func fileErrors() throws {
    let folder = try ScratchFolder("files")
    defer { folder.remove() }
    let program = try compileProgram(Self.source)
    try expectUntouched(program, folder.file("missing/x.db"), ["the folder", "does not exist"])
    #expect(!FileManager.default.fileExists(atPath: folder.file("missing")))
    let db = folder.file("locked.db")
    try Self.realData(db)
    // Another connection holds the write lock while the run starts.
    let holder = Process()
    holder.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    holder.arguments = ["sqlite3", db]
    let input = Pipe()
    let output = Pipe()
    holder.standardInput = input
    holder.standardOutput = output
    try holder.run()
    input.fileHandleForWriting.write(Data("BEGIN IMMEDIATE;\nSELECT 'locked';\n".utf8))
    // Wait until the shell has taken the lock.
    var seen = Data()
    while !String(decoding: seen, as: UTF8.self).contains("locked") { seen.append(output.fileHandleForReading.availableData) }
    try expectUntouched(program, db, ["is locked by another connection"])
    input.fileHandleForWriting.write(Data("ROLLBACK;\n".utf8))
    try input.fileHandleForWriting.close()
    holder.waitUntilExit()
    // A read-only file (root writes any file, so this part needs another user).
    if geteuid() != 0 {
      try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: db)
      try expectUntouched(program, db, ["read-only"])
    }
  }

  @Test("two rows with one natural key, or rows the scenario would not own, stop the run")
  func dataErrors() throws {
    let folder = try ScratchFolder("data")
    defer { folder.remove() }
    let duplicate = try compileProgram(#"""
      scenario dup
      table students [4] {
        key student_id assigned
        natural key username
        student_id = row + 1
        username = "SYN_" ++ (row % 2)
      }
      """#)
    let db = folder.file("d.db")
    try SQLiteShell.run(db, "CREATE TABLE keep (x INTEGER);")
    try expectUntouched(duplicate, db, ["table 'students' has 2 rows with the same natural key (username = 'SYN_0')"])
    let unowned = try compileProgram(#"""
      scenario unowned
      table students [4] {
        key student_id assigned
        natural key username
        owned where starts_with(username, "SYN_")
        student_id = row + 1
        username = (row == 2 ? "REAL_" : "SYN_") ++ row
      }
      """#)
    try expectUntouched(unowned, db, ["1 of the 4 rows of table 'students' would not be owned"])
  }

  @Test("purge refuses to leave rows pointing at deleted ones, in tables the scenario does not know")
  func purgeBlockers() throws {
    let folder = try ScratchFolder("blockers")
    defer { folder.remove() }
    let db = folder.file("b.db")
    let program = try compileProgram(Self.source)
    _ = try SQLiteTarget.run(program, path: db)
    try SQLiteShell.run(db, """
      CREATE TABLE certificates (id INTEGER PRIMARY KEY, student INTEGER REFERENCES students (student_id));
      INSERT INTO certificates (student) SELECT student_id FROM students WHERE username = 'SYN_0003';
      """)
    let before = try SQLiteShell.dump(db)
    do {
      _ = try SQLiteTarget.purge(program, path: db, dryRun: false)
      Issue.record("the purge did not fail")
    } catch {
      guard case .output(let message) = error else { Issue.record("\(error)"); return }
      #expect(message.contains("table 'certificates', which the scenario does not know, has 1 row whose 'student' refers to rows of 'students' that the scenario owns"), "\(message)")
      #expect(message.hasSuffix("nothing was deleted"))
    }
    #expect(try SQLiteShell.dump(db) == before)
  }
}
