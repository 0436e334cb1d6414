import ScenarioDiagnostics
import ScenarioIR
import ScenarioKit
import Testing

/// The database items of a table (Docs/Databases.md): what the checker puts in the IR, and the
/// E0613 errors and W0805 warnings, each located.
@Suite("Database items")
struct DatabaseItemTests {
  static func compile(_ source: String) -> CompileResult {
    ScenarioCompiler.compile(source: source, path: "db.scenario")
  }

  @Test("assigned and natural keys, policies and ownership reach the IR")
  func intoTheIR() throws {
    let result = Self.compile(#"""
      scenario db
      param prefix = "SYN"
      table students [3] {
        key student_id assigned
        natural key username
        on conflict update
        owned where starts_with(username, prefix ++ "_") and not (level == "X")
        student_id = row + 1
        username = prefix ++ "_" ++ row
        level = "A"
      }
      table sessions [2 per s in students] {
        key id
        natural key student, n
        on conflict skip
        owned through student
        id = row + 1
        student = s
        n = row
      }
      table plain [2] { x = row }
      """#)
    let program = try #require(result.program, "\(result.diagnostics.map(\.message))")
    let students = program.tables[try #require(program.tableIndex("students"))]
    #expect(students.database.assignedKey)
    #expect(students.database.naturalKey.map { students.slots[$0].name } == ["username"])
    #expect(students.database.conflict == .update)
    guard case .condition? = students.database.ownership else { Issue.record("no condition"); return }
    let sessions = program.tables[try #require(program.tableIndex("sessions"))]
    #expect(!sessions.database.assignedKey)
    #expect(sessions.database.naturalKey.map { sessions.slots[$0].name } == ["student", "n"])
    #expect(sessions.database.conflict == .skip)
    guard case .through(let slot, let table)? = sessions.database.ownership else { Issue.record("no through"); return }
    #expect(sessions.slots[slot].name == "student" && program.tables[table].name == "students")
    let plain = program.tables[try #require(program.tableIndex("plain"))]
    #expect(plain.database.conflict == .fail && plain.database.ownership == nil && plain.database.naturalKey.isEmpty)
    #expect(sessions.database.identity(of: sessions) == sessions.database.naturalKey)
    #expect(plain.database.identity(of: plain).isEmpty)
  }

  @Test("items that cannot be honoured are E0613 at the item", arguments: [
    ("key id, other assigned\n  natural key id\n  id = row\n  other = row", "an assigned key is one integer column; table 't' has 2 key columns"),
    ("key id assigned\n  natural key name\n  id = \"x\" ++ row\n  name = \"n\" ++ row", "an assigned key is an integer; 'id' is 'text'"),
    ("key id\n  natural key missing\n  id = row", "unknown column 'missing' in table 't'"),
    ("key id\n  natural key id, id\n  id = row", "'id' is named twice in the natural key"),
    ("key id\n  natural key v\n  id = row\n  v: int? = null", "natural key column 'v' of table 't' can be null"),
    ("natural key id\n  natural key id\n  id = row", "table 't' has more than one 'natural key'"),
    ("on conflict skip\n  x = row", "'on conflict' needs a key that identifies a row of 't'"),
    ("owned where length(words(2)) > 1\n  x = row", "random draws are not allowed here"),
    ("owned where x > 1 and sqrt(x) > 1\n  x = row", "the condition of 'owned where' must be one the database can evaluate: the function 'sqrt'"),
    ("owned where secret == 1\n  let secret = row\n  x = secret", "the condition of 'owned where' must be one the database can evaluate: 'secret' is not written"),
    ("owned through x\n  x = row", "'owned through' names a written column that refers to another table; 'x' is not one"),
  ])
  func errors(body: String, message: String) throws {
    let source = "scenario e\ntable t [3] {\n  \(body)\n}\n"
    let result = Self.compile(source)
    let errors = result.diagnostics.filter { $0.severity == .error }
    #expect(errors.first?.message == message, "\(errors.map(\.message))")
    let bodyStart = source.utf8.count - body.utf8.count - 3
    #expect((errors.first?.span.start ?? 0) >= bodyStart, "located in the table's items")
  }

  @Test("owned through a table without an ownership is E0613")
  func throughUnowned() {
    let result = Self.compile("""
      scenario e
      table p [2] { key id
        id = row }
      table c [2 per x in p] { owned through parent
        parent = x }
      """)
    #expect(result.diagnostics.first { $0.severity == .error }?.message == "'parent' refers to 'p', which declares no rows it owns")
  }

  @Test("growth: picks from a growing table and exact personas warn; keyed picks and constant counts do not")
  func growthWarnings() {
    func warnings(_ body: String, count: String = "n") -> [String] {
      Self.compile("""
        scenario g
        param n = 5
        table people [\(count)] { key id
          id = row + 1 }
        table t [6] {
          key k
          on conflict skip
          k = row
          \(body)
        }
        """).diagnostics.filter { $0.code == .unstableGrowth }.map(\.message)
    }
    #expect(warnings("p = pick people") == ["a pick from 'people', whose count can grow, changes rows of 't' that are already written"])
    #expect(warnings("p = pick people", count: "5").isEmpty)
    #expect(warnings("let id = row + 1\n  p = pick people where id == t.id").isEmpty, "a keyed pick finds the same row")
    let personas = Self.compile("""
      scenario g
      param n = 10
      table t [n] {
        key k
        on conflict skip
        persona a 2, b rest
        k = row
      }
      """).diagnostics.filter { $0.code == .unstableGrowth }.map(\.message)
    #expect(personas == ["table 't' has exact-count personas and a count that can grow: a larger count moves them to other rows"])
  }
}
