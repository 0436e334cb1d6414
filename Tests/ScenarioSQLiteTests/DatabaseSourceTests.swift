import Foundation
import ScenarioKit
import ScenarioSQLite
import ScenarioTestSupport
import Testing

/// `from table` and `from query` on SQLite (issue 18, item 2): values read as declared, the rows
/// the scenario owns left out so that a second run reads what the first read, and a query that
/// fails is an error at the `from`.
@Suite("Database sources: SQLite", .serialized)
struct DatabaseSourceTests {
  static let scenario = """
    scenario mixed
    seed 4
    param n = 6
    table real (id: int, name: text, active: bool, joined: datetime, score: float?) from table "members"
    table recent (id: int, name: text) from query "SELECT id, name FROM members WHERE joined >= '2024-01-01';"
    table members [n] {
      key id assigned
      natural key name
      on conflict skip
      owned where starts_with(name, "SYN_")
      id = row + 1
      name = "SYN_" ++ pad(row + 1, 2)
      active = true
      joined = 2024-06-01T00:00:00
      score: float? = null
      let buddy = pick real where active
      buddy_name = buddy.name
    }
    """

  static func compile(_ db: String, _ text: String = scenario) throws -> CompileResult {
    let connection = try SQLiteTarget.sourceConnection(path: db)
    return ScenarioCompiler.compile(source: text, path: "mixed.scenario", sources: .run(database: connection))
  }

  @Test("typed rows from a table and a query; owned rows left out, run after run")
  func ownedRowsLeftOut() throws {
    try #require(SQLiteShell.available)
    let folder = FileManager.default.temporaryDirectory.path + "/scenario-dbsource-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let db = folder + "/app.db"
    try SQLiteShell.run(db, """
      CREATE TABLE members (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL UNIQUE, active INTEGER NOT NULL,
        joined TEXT NOT NULL, score REAL, buddy_name TEXT);
      INSERT INTO members (name, active, joined, score) VALUES
        ('ada', 1, '2023-05-01 09:00:00', 1.5), ('bob', 0, '2024-02-01T10:00:00Z', NULL),
        ('cy', 1, '2024-03-01 11:30:00', 2), ('dee', 1, '2022-01-01 00:00:00', -0.25);
      """)
    let first = try Self.compile(db)
    let program = try #require(first.program, "\(first.diagnostics.map(\.message))")
    let real = try #require(program.tables.first { $0.name == "real" })
    #expect(real.source?.origin == "table members of \(db)")
    guard case .fixed(4) = real.count else { Issue.record("\(real.count)"); return }
    guard case .fixed(2) = try #require(program.tables.first { $0.name == "recent" }).count else { Issue.record("recent"); return }
    _ = try SQLiteTarget.run(program, path: db)
    // Read back: every buddy is an active real member; the real rows are as they were.
    #expect(try SQLiteShell.run(db, "SELECT COUNT(*) FROM members WHERE name LIKE 'SYN%' AND buddy_name IN ('ada', 'cy', 'dee');") == "6\n")
    #expect(try SQLiteShell.run(db, "SELECT COUNT(*) FROM members;") == "10\n")
    let dump = try SQLiteShell.dump(db)
    // The second run reads the same four rows (its own six are owned, so left out).
    let second = try Self.compile(db)
    let again = try #require(second.program)
    guard case .fixed(4) = try #require(again.tables.first { $0.name == "real" }).count else { Issue.record("owned rows were read"); return }
    _ = try SQLiteTarget.run(again, path: db)
    #expect(try SQLiteShell.dump(db) == dump)
  }

  @Test("a value of the wrong type, a missing column, a failing query: E0614 at the from")
  func errors() throws {
    try #require(SQLiteShell.available)
    let folder = FileManager.default.temporaryDirectory.path + "/scenario-dbsource-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let db = folder + "/app.db"
    try SQLiteShell.run(db, "CREATE TABLE members (id INTEGER PRIMARY KEY, name TEXT, active INTEGER, joined TEXT, score REAL); INSERT INTO members VALUES (1, 'ada', 2, 'soon', 'high');")
    let result = try Self.compile(db)
    let messages = result.diagnostics.filter { $0.severity == .error }.map { "\($0.code.rawValue) \($0.message)" }
    #expect(messages.contains("E0614 table members of \(db), row 1, column 'active': '2' is not a bool (true or false)"), "\(messages)")
    #expect(messages.contains("E0614 table members of \(db), row 1, column 'joined': 'soon' is not a datetime (YYYY-MM-DDTHH:MM:SSZ)"), "\(messages)")
    #expect(messages.contains("E0614 table members of \(db), row 1, column 'score': 'high' is not a float"), "\(messages)")
    let missing = ScenarioCompiler.compile(
      source: "scenario m\ntable real (id: int, nickname: text) from table \"members\"\ntable t [2] { r = pick real }\n",
      path: "m.scenario", sources: .run(database: try SQLiteTarget.sourceConnection(path: db)))
    #expect(missing.diagnostics.map(\.message).contains { $0.hasPrefix("table 'real' cannot be read from \(db): ") && $0.contains("nickname") }, "\(missing.diagnostics.map(\.message))")
  }

  static func scratch(_ setup: String) throws -> (ScratchFolder, String) {
    let folder = try ScratchFolder("dbsource")
    let db = folder.file("app.db")
    try SQLiteShell.run(db, setup)
    return (folder, db)
  }

  @Test("the owned rows are left out however the table is spelled; SQLite has no schemas")
  func spellings() throws {
    try #require(SQLiteShell.available)
    let (folder, db) = try Self.scratch("""
      CREATE TABLE students (student_id INTEGER PRIMARY KEY AUTOINCREMENT, username TEXT NOT NULL UNIQUE);
      INSERT INTO students (username) VALUES ('ann'), ('bo');
      """)
    defer { folder.remove() }
    for spelling in ["Students", "main.students"] {
      let text = """
        scenario s
        table real (student_id: int, username: text) from table "\(spelling)"
        table students [3] {
          key student_id assigned
          natural key username
          on conflict skip
          owned where starts_with(username, "SYN_")
          student_id = row + 1
          username = "SYN_" ++ pad(row + 1, 2)
        }
        """
      let program = try #require(try Self.compile(db, text).program)
      _ = try SQLiteTarget.run(program, path: db)
      let again = try #require(try Self.compile(db, text).program)
      guard case .fixed(2) = try #require(again.tables.first { $0.name == "real" }).count else {
        Issue.record("'\(spelling)': the owned rows were read")
        continue
      }
    }
    let dotted = try Self.compile(db, "scenario s\ntable real (student_id: int) from table \"app.students\"\n")
    #expect(dotted.diagnostics.map(\.message).contains("table 'real' names 'app.students', but SQLite has no schemas"))
  }

  @Test("rows in byte order of their first column, REAL values exactly, a query ending in a comment")
  func orderAndValues() throws {
    try #require(SQLiteShell.available)
    let (folder, db) = try Self.scratch("""
      CREATE TABLE words (code TEXT PRIMARY KEY, x REAL);
      INSERT INTO words VALUES ('c', 0.1 + 0.2), ('_d', 1.0 / 3), ('a', 2), ('B', -0.5);
      """)
    defer { folder.remove() }
    let result = try Self.compile(db, """
      scenario s
      table w (code: text, x: float) from query "SELECT code, x FROM words -- every word"
      """)
    let program = try #require(result.program, "\(result.diagnostics.map(\.message))")
    let w = try #require(program.tables.first { $0.name == "w" })
    guard case .inlineValue(let codes) = w.slots[0].expr.kind, case .inlineValue(let xs) = w.slots[1].expr.kind else {
      Issue.record("not read")
      return
    }
    #expect(codes == [.text("B"), .text("_d"), .text("a"), .text("c")])
    #expect(xs == [.float(-0.5), .float(1.0 / 3), .float(2), .float(0.1 + 0.2)])
  }

  @Test("a foreign key into database rows only where the database can keep it: on their table's key")
  func foreignKeys() throws {
    try #require(SQLiteShell.available)
    let (folder, db) = try Self.scratch("""
      CREATE TABLE people (id INTEGER PRIMARY KEY, email TEXT NOT NULL);
      INSERT INTO people VALUES (1, 'a@x.test'), (2, 'b@x.test');
      """)
    defer { folder.remove() }
    let program = try #require(try Self.compile(db, """
      scenario s
      table by_id (id: int, email: text) from table "people"
      table by_email (email: text, id: int) from table "people"
      table notes [3] {
        key note_id
        note_id = row + 1
        person = pick by_id
        sender = pick by_email
      }
      """).program)
    _ = try SQLiteTarget.run(program, path: db)
    let schema = try SQLiteShell.run(db, ".schema notes")
    #expect(schema.contains("\"person\" INTEGER NOT NULL REFERENCES \"people\" (\"id\")"), "\(schema)")
    #expect(schema.contains("\"sender\" TEXT NOT NULL,"), "\(schema)")
    #expect(try SQLiteShell.run(db, "PRAGMA foreign_key_check;") == "")
  }
}
