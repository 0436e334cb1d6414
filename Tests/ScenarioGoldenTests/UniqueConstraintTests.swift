import Foundation
import ScenarioKit
import ScenarioTestSupport
import Testing

/// A column proven unique (`unique_int`, `unique_text`, an injective function of `row`) or
/// stated unique (`expect t: unique(column)`) is declared `UNIQUE` in the SQL DDL, and SQLite enforces it on the
/// loaded script: the rows load, and a duplicate is refused.
@Suite("UNIQUE columns in SQL", .enabled(if: CommandLineTool.exists("sqlite3")))
struct UniqueConstraintTests {
  static let source = """
    scenario unique_sql
    seed 2
    table t [300] {
      key id
      id = unique_int(1, 300)
      code = unique_int(100000, 999999)
      other = uniform_int(1, 3)
      handle = unique_text("u")
      code2 = "S" ++ pad(row + 1, 6)
      stated = uniform_int(1, 1000000000000)
      free = uniform_int(1, 3)
    }
    expect t: unique(stated)
    report t: unique(free)
    """

  @Test("UNIQUE on unique_int and unique_text columns (not on the sole primary key); SQLite enforces it")
  func declaredAndEnforced() throws {
    let program = try Harness.compile(source: Self.source)
    let folder = try TemporaryFolder("unique-sql")
    defer { folder.remove() }
    for (name, format) in [("sqlite", OutputFormat.sql(.sqlite)), ("postgres", .sql(.postgres))] {
      let out = folder.file(name)
      _ = try ScenarioRunner.run(program, options: RunOptions(outputDirectory: out, format: format))
      let ddl = try String(contentsOfFile: out + "/t.sql", encoding: .utf8)
      #expect(ddl.contains("\"code\" BIGINT NOT NULL UNIQUE") || ddl.contains("\"code\" INTEGER NOT NULL UNIQUE"), "\(ddl.prefix(300))")
      #expect(ddl.contains("\"handle\" TEXT NOT NULL UNIQUE"), "\(ddl.prefix(400))")
      #expect(ddl.contains("\"code2\" TEXT NOT NULL UNIQUE"), "injective in row: \(ddl.prefix(600))")
      #expect(ddl.contains("\"stated\" BIGINT NOT NULL UNIQUE") || ddl.contains("\"stated\" INTEGER NOT NULL UNIQUE"), "expect unique")
      #expect(!ddl.contains("\"free\" BIGINT NOT NULL UNIQUE") && !ddl.contains("\"free\" INTEGER NOT NULL UNIQUE"))
      #expect(!ddl.contains("\"id\" INTEGER NOT NULL UNIQUE") && !ddl.contains("\"id\" BIGINT NOT NULL UNIQUE"))
    }
    let database = folder.file("t.db")
    let load = try CommandLineTool.run("sqlite3", ["-bail", database, ".read \(folder.file("sqlite"))/t.sql"])
    #expect(load.status == 0, "\(load.errors)")
    let indexes = try SQLite.query(database, "SELECT COUNT(*) AS n FROM pragma_index_list('t') WHERE \"unique\" = 1 AND origin = 'u'")
    #expect(indexes.column("n")?.first == "4")
    let duplicate = try SQLite.run(database, "INSERT INTO t (id, code, other, handle, code2, stated, free) SELECT 1000, code, 1, 'zz', 'new1', 0, 1 FROM t LIMIT 1")
    #expect(duplicate.status != 0 && duplicate.errors.contains("UNIQUE"), "\(duplicate.errors)")
    let handle = try SQLite.run(database, "INSERT INTO t (id, code, other, handle, code2, stated, free) SELECT 1001, 5, 1, handle, 'new2', -1, 1 FROM t LIMIT 1")
    #expect(handle.status != 0 && handle.errors.contains("UNIQUE constraint failed: t.handle"), "\(handle.errors)")
  }
}
