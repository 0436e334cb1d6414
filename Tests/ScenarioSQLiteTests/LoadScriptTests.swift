import Foundation
import ScenarioKit
import ScenarioSQLite
import ScenarioTestSupport
import Testing

/// The SQL text output's `scenario-load.sql` (Docs/Databases.md, "The SQL load script"), loaded
/// by the `sqlite3` shell: it gives the same database as the direct target, loading it twice
/// changes nothing, and it loads into a database that holds real rows.
@Suite("SQL load script", .enabled(if: SQLiteShell.available))
struct LoadScriptTests {
  @Test("the load script and 'run --db' give identical databases; a second load changes nothing")
  func sameAsDirect() throws {
    let folder = try ScratchFolder("load")
    defer { folder.remove() }
    var options = CheckOptions()
    options.overrides = [(name: "count", value: "6")]
    let program = try #require(
      try ScenarioCompiler.compile(path: RepoPaths.absolute("scenarios/toefl_sessions.scenario"), options: options).program)
    let out = folder.file("sql")
    _ = try ScenarioRunner.run(program, options: RunOptions(outputDirectory: out, format: .sql(.sqlite)))
    let fromText = folder.file("text.db")
    let direct = folder.file("direct.db")
    for db in [fromText, direct] { try ToeflSeedingTests.fixture(db) }
    try SQLiteShell.run(fromText, ".read scenario-load.sql\n", in: out)
    _ = try SQLiteTarget.run(program, path: direct)
    let dump = try SQLiteShell.dump(fromText)
    #expect(dump == (try SQLiteShell.dump(direct)), "the load script and the direct target differ")
    #expect(try SQLiteShell.integer(fromText, "SELECT COUNT(*) FROM responses") == 6 * 93 + 6)
    try SQLiteShell.run(fromText, ".read scenario-load.sql\n", in: out)
    #expect(try SQLiteShell.dump(fromText) == dump, "a second load changed the database")
  }

  @Test("a failing table rolls the whole load back")
  func oneTransaction() throws {
    let folder = try ScratchFolder("load-fail")
    defer { folder.remove() }
    let program = try compileProgram(#"""
      scenario parts
      table parents [3] {
        key id
        id = row + 1
      }
      table children [2 per p in parents] {
        key code
        code = "C" ++ row
        parent = p
      }
      """#)
    let out = folder.file("sql")
    _ = try ScenarioRunner.run(program, options: RunOptions(outputDirectory: out, format: .sql(.sqlite)))
    let db = folder.file("x.db")
    // A row already there makes the children's insert fail (on conflict fail, by key).
    try SQLiteShell.run(db, """
      CREATE TABLE children ("code" TEXT NOT NULL, "parent" INTEGER NOT NULL, PRIMARY KEY ("code"));
      INSERT INTO children VALUES ('C3', 1);
      """)
    let before = try SQLiteShell.dump(db)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["sqlite3", db]
    process.currentDirectoryURL = URL(fileURLWithPath: out)
    let input = Pipe()
    process.standardInput = input
    process.standardError = Pipe()
    process.standardOutput = Pipe()
    try process.run()
    input.fileHandleForWriting.write(Data(".read scenario-load.sql\n".utf8))
    try input.fileHandleForWriting.close()
    process.waitUntilExit()
    #expect(process.terminationStatus != 0)
    #expect(try SQLiteShell.dump(db) == before, "the parents of a failed load stayed")
  }
}
