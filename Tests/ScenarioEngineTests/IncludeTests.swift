import Foundation
import ScenarioDiagnostics
import ScenarioKit
import Testing

/// `include "PATH" [as PREFIX]` (Language.md §3): the included declarations join the including
/// file's, streams do not move, prefixes rename tables, and every failure is located in the
/// right file.
@Suite("Includes")
struct IncludeTests {
  /// A fresh folder holding `files` (name to text); removed by the caller.
  static func folder(_ files: [String: String]) throws -> String {
    let folder = EngineFixture.temporaryFolder("include")
    for (name, text) in files {
      let path = folder + "/" + name
      try FileManager.default.createDirectory(
        atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
      try text.write(toFile: path, atomically: true, encoding: .utf8)
    }
    return folder
  }

  static func compile(_ path: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> CompileResult {
    try ScenarioCompiler.compile(path: path)
  }

  static let people = """
    scenario people
    seed 99
    now 2020-01-01
    param people = 25
    mode tiny { people = 5 }
    table cefr (level, low: float, high: float) {
      ("A1", 0.0, 0.3)
      ("B1", 0.3, 0.7)
      ("C1", 0.7, 1.0)
    }
    table person [people] {
      key id
      id = row + 1
      level = pick cefr
      ability = uniform(level.low, level.high)
      joined = now - days(uniform_int(0, 30))
    }
    expect person: count == people
    """

  static let main = """
    scenario main
    seed 5
    table orders [40] {
      x = normal(10, 2)
      y = choice { "a" 1, "b" 2 }
      z = uniform_int(1, 6)
    }
    """

  @Test("adding an include changes no byte of the including file's tables; an unprefixed table is the file's own, under the including seed")
  func streamsDoNotMove() throws {
    let withInclude = Self.main.replacingOccurrences(of: "seed 5\n", with: "seed 5\ninclude \"common/people.scenario\"\n")
    let dir = try Self.folder([
      "main.scenario": Self.main, "with.scenario": withInclude, "common/people.scenario": Self.people,
      "people5.scenario": Self.people.replacingOccurrences(of: "seed 99\nnow 2020-01-01\n", with: "seed 5\n"),
    ])
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let before = try EngineFixture.run(try #require(Self.compile(dir + "/main.scenario").program))
    let result = try Self.compile(dir + "/with.scenario")
    #expect(result.errorCount == 0)
    let after = try EngineFixture.run(try #require(result.program))
    #expect(after.files["orders.csv"] == before.files["orders.csv"])
    #expect(Set(after.files.keys) == ["orders.csv", "person.csv"])
    // The included file's seed and now are ignored: its table is the one its own file gives
    // with the including file's seed and the default now.
    let alone = try EngineFixture.run(try #require(Self.compile(dir + "/people5.scenario").program))
    #expect(after.files["person.csv"] == alone.files["person.csv"])
    #expect(after.table("person").rows.count == 25)
    #expect(after.table("person").values("joined").allSatisfy { $0.hasPrefix("2023-12") || $0.hasPrefix("2024-01-01") })
  }

  @Test("a mode and a parameter of an included file apply; its expectations are measured")
  func sharedSettings() throws {
    let main = """
      scenario main
      include "people.scenario"
      table visits [2 per p in person] {
        who = p
      }
      """
    let dir = try Self.folder(["main.scenario": main, "people.scenario": Self.people])
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let tiny = try ScenarioCompiler.compile(path: dir + "/main.scenario", options: CheckOptions(mode: "tiny"))
    let out = try EngineFixture.run(try #require(tiny.program))
    #expect(out.table("person").rows.count == 5)
    #expect(out.table("visits").rows.count == 10)
    let program = try #require(tiny.program)
    #expect(program.expectations.count == 1)
  }

  @Test("'as' prefixes the included tables everywhere they are named; two files declaring one name fit side by side")
  func prefixes() throws {
    let school = """
      scenario school
      table students [N] {
        key id
        id = row + 1
        grade = uniform_int(1, 12)
      }
      table notes [each s in students where s.grade > 6] {
        student = s
        n = count() over all students
      }
      expect students: count == N
      """
    let main = """
      scenario main
      seed 2
      include "north.scenario" as north
      include "south.scenario" as south
      table transfers [10] {
        from = pick north_students
        to = pick south_students where grade == from.grade
      }
      """
    let dir = try Self.folder([
      "main.scenario": main, "north.scenario": school.replacingOccurrences(of: "[N]", with: "[30]").replacingOccurrences(of: "== N", with: "== 30"),
      "south.scenario": school.replacingOccurrences(of: "[N]", with: "[200]").replacingOccurrences(of: "== N", with: "== 200"),
    ])
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let result = try Self.compile(dir + "/main.scenario")
    #expect(result.errorCount == 0, "\(result.diagnostics.map(\.message))")
    let program = try #require(result.program)
    #expect(Set(program.tables.filter(\.isWritten).map(\.name)) == ["north_students", "north_notes", "south_students", "south_notes", "transfers"])
    #expect(program.expectations.map { program.tables[$0.table].name }.sorted() == ["north_students", "south_students"])
    let out = try EngineFixture.run(program)
    #expect(out.table("north_students").rows.count == 30)
    #expect(out.table("south_students").rows.count == 200)
    #expect(out.table("north_notes").values("n").allSatisfy { $0 == "30" })
    // A prefix renames the table, and with it its streams.
    #expect(out.table("north_students").values("grade") != Array(out.table("south_students").values("grade").prefix(30)))
  }

  @Test("a file included twice, directly or through others, is brought in once")
  func diamond() throws {
    let dir = try Self.folder([
      "main.scenario": "scenario main\ninclude \"a.scenario\"\ninclude \"b.scenario\"\ninclude \"common/../common/people.scenario\"\n",
      "a.scenario": "include \"common/people.scenario\"\ntable a [2] { p = pick person }\n",
      "b.scenario": "include \"common/people.scenario\"\ntable b [2] { p = pick person }\n",
      "common/people.scenario": Self.people,
    ])
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let result = try Self.compile(dir + "/main.scenario")
    #expect(result.errorCount == 0, "\(result.diagnostics.map(\.message))")
    #expect(try #require(result.program).tables.filter { $0.name == "person" }.count == 1)
    #expect(result.files.count == 4)
  }

  @Test("a missing file, a folder, a cycle and a name clash are located errors; diagnostics point into the included file")
  func errors() throws {
    let dir = try Self.folder([
      "missing.scenario": "scenario m\ninclude \"nope.scenario\"\ninclude \"sub\"\n",
      "sub/x.scenario": "table x [1] { a = 1 }\n",
      "a.scenario": "scenario a\ninclude \"b.scenario\"\ntable ta [1] { a = 1 }\n",
      "b.scenario": "include \"a.scenario\"\ntable tb [1] { b = 1 }\n",
      "clash.scenario": "scenario c\ninclude \"people.scenario\"\nparam people = 3\n",
      "people.scenario": Self.people,
      "broken.scenario": "scenario b\ninclude \"bad.scenario\"\n",
      "bad.scenario": "table t [3] {\n  x = nosuch + 1\n}\n",
    ])
    defer { try? FileManager.default.removeItem(atPath: dir) }

    let missing = try Self.compile(dir + "/missing.scenario")
    #expect(missing.diagnostics.map(\.code) == [.invalidInclude, .invalidInclude])
    #expect(missing.diagnostics[0].message == "cannot read 'nope.scenario': no such file")
    #expect(missing.diagnostics[1].message == "'sub' is a folder, not a scenario file")
    #expect(missing.diagnostics.allSatisfy { $0.span.file == 0 })
    #expect(missing.file.text(of: missing.diagnostics[0].span) == "\"nope.scenario\"")

    let cycle = try Self.compile(dir + "/a.scenario")
    #expect(cycle.diagnostics.map(\.code) == [.invalidInclude])
    #expect(cycle.diagnostics.first?.message == "'a.scenario' includes itself: a.scenario -> b.scenario -> a.scenario")
    // Reported at the include inside b.scenario.
    let b = try #require(cycle.files.first { $0.path.hasSuffix("/b.scenario") })
    #expect(cycle.diagnostics.first?.span.file == b.id)

    let clash = try Self.compile(dir + "/clash.scenario")
    let d = try #require(clash.diagnostics.first)
    #expect(d.code == .duplicateDefinition)
    #expect(d.span.file == 0)
    let people = try #require(clash.files.first { $0.path.hasSuffix("/people.scenario") })
    #expect(d.secondary.contains { $0.span.file == people.id })
    let rendered = DiagnosticRenderer(style: .rich, files: clash.files).render(clash.diagnostics)
    #expect(rendered.contains("people.scenario:4:7"), "\(rendered)")

    let broken = try Self.compile(dir + "/broken.scenario")
    let e = try #require(broken.diagnostics.first)
    #expect(e.code == .unknownName || e.code == .unknownColumn)
    let bad = try #require(broken.files.first { $0.path.hasSuffix("/bad.scenario") })
    #expect(e.span.file == bad.id)
    #expect(bad.text(of: e.span) == "nosuch")
  }
}
