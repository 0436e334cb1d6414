import Foundation
import ScenarioDiagnostics
import ScenarioKit
import Testing

/// Inline tables, lists and cross products (Language.md §6): exact cells, identities that do not
/// move when a cell is added, both engines byte for byte, and tables that are never written.
/// Every count here is recomputed from the written CSV files.
@Suite("Inline tables and cross products")
struct ProductTests {
  static let design = #"""
    scenario design
    seed 11
    table skills = ["reading", "listening", "speaking", "writing"]
    table levels (level, low: float, high: float) {
      ("HIGH", 0.62, 0.64)
      ("MEDIUM", 0.50, 0.51)
      ("DEVELOPING", 0.38, 0.40)
    }
    table grades = [6, 7, 8, 9, 10, 11, 12]
    table samples [5 per s in skills, l in levels, g in grades] {
      skill = s
      level = l
      grade = g.value
      score = uniform(l.low, l.high)
      noise = normal(0, 1) per skill
      tag = choice { "a" 1, "b" 2 }
    }
    table spread [floor(100 / cells) + (cell < 100 % cells ? 1 : 0) per s in skills, l in levels] {
      skill = s
      level = l.level
      x = poisson(3)
    }
    """#

  @Test("4 x 3 x 7 with 5 rows per cell is exactly 420 rows, 5 in every cell; both engines agree", arguments: [1, 13, 4096])
  func exactCells(chunkSize: Int) throws {
    let program = try EngineFixture.compile(Self.design)
    let rows = try EngineFixture.run(program, chunkSize: chunkSize, columnWise: false)
    let columns = try EngineFixture.run(program, threads: 2, chunkSize: chunkSize)
    #expect(rows.files == columns.files, "the engines differ at chunk size \(chunkSize)")
    let t = try #require(columns.tables["samples"])
    #expect(t.rows.count == 420)
    var cells: [String: Int] = [:]
    for r in t.rows { cells["\(r[0]!)|\(r[1]!)|\(r[2]!)", default: 0] += 1 }
    #expect(cells.count == 84)
    #expect(cells.values.allSatisfy { $0 == 5 })
    // The first factor varies slowest: 35 reading/HIGH rows first, grades 6 to 12.
    #expect(t.values("skill").prefix(105).allSatisfy { $0 == "reading" })
    #expect(Array(t.values("grade").prefix(10)) == ["6", "6", "6", "6", "6", "7", "7", "7", "7", "7"])
    // Each score lies within its level's bounds (read through the reference).
    let bounds = ["HIGH": (0.62, 0.64), "MEDIUM": (0.50, 0.51), "DEVELOPING": (0.38, 0.40)]
    for (level, score) in zip(t.values("level"), t.doubles("score")) {
      let b = try #require(bounds[level])
      #expect(score >= b.0 && score <= b.1)
    }
    // Inline tables and the cells are never written.
    #expect(Set(columns.files.keys) == ["samples.csv", "spread.csv"])
    #expect(columns.summary.tables.map(\.name) == ["samples", "spread"])
  }

  @Test("a count computed from the cell spreads 100 rows over 12 cells, differing by at most one")
  func evenSpread() throws {
    let out = try EngineFixture.run(Self.design)
    let t = out.table("spread")
    #expect(t.rows.count == 100)
    var cells: [String: Int] = [:]
    for r in t.rows { cells["\(r[0]!)|\(r[1]!)", default: 0] += 1 }
    #expect(cells.count == 12)
    #expect(cells.values.max()! - cells.values.min()! == 1)
    #expect(cells["reading|HIGH"] == 9 && cells["writing|DEVELOPING"] == 8)
  }

  /// The rows of `table` by cell (the first `cellColumns` columns), in order.
  static func byCell(_ t: CSVTable, cellColumns: Int) -> [String: [[String?]]] {
    var out: [String: [[String?]]] = [:]
    for r in t.rows {
      let cell = r.prefix(cellColumns).map { $0 ?? "" }.joined(separator: "|")
      out[cell, default: []].append(Array(r.dropFirst(cellColumns)))
    }
    return out
  }

  @Test("adding a value to a list, anywhere, or a row to a factor table changes no other cell's rows")
  func addingACellKeepsTheOthers() throws {
    let before = try EngineFixture.run(Self.design)
    let edited = Self.design
      .replacingOccurrences(of: #"["reading", "listening""#, with: #"["reading", "art", "listening""#)
      .replacingOccurrences(of: "[6, 7, 8,", with: "[5, 6, 7, 8,")
      .replacingOccurrences(of: #"  ("HIGH", 0.62, 0.64)"#, with: "  (\"TOP\", 0.9, 1.0)\n  (\"HIGH\", 0.62, 0.64)")
    let after = try EngineFixture.run(edited)
    let a = Self.byCell(before.table("samples"), cellColumns: 3)
    let b = Self.byCell(after.table("samples"), cellColumns: 3)
    #expect(b.count == 5 * 4 * 8)
    // Every cell of the first run has the same rows (except `row`-free columns all are compared).
    for (cell, rows) in a { #expect(b[cell] == rows, "cell \(cell) changed") }

    let students = #"""
      scenario bridge
      seed 4
      table students [N] {
        key id
        id = row + 1
      }
      table courses = ["math", "art", "biology"]
      table enrollments [each st in students, c in courses where bernoulli(0.5)] {
        student = st
        course = c
        grade = uniform_int(1, 6)
      }
      """#
    let small = try EngineFixture.run(students.replacingOccurrences(of: "[N]", with: "[40]"))
    let large = try EngineFixture.run(students.replacingOccurrences(of: "[N]", with: "[60]"))
    let s = Self.byCell(small.table("enrollments"), cellColumns: 2)
    let l = Self.byCell(large.table("enrollments"), cellColumns: 2)
    #expect(!s.isEmpty)
    for (cell, rows) in s { #expect(l[cell] == rows, "cell \(cell) changed") }
    let studentsOf60 = Set(large.table("enrollments").values("student").compactMap(Int.init))
    #expect(studentsOf60.contains { $0 > 40 })
  }

  @Test("a bridge table: each student in about half of the courses, never twice, written as keys")
  func bridge() throws {
    let source = #"""
      scenario bridge
      seed 9
      table students [400] {
        key id
        id = 1000 + row
      }
      table courses (code, title) {
        ("M1", "Mathematics")
        ("A2", "Art")
        ("B3", "Biology")
        ("H4", "History")
      }
      table enrollments [each st in students, c in courses where bernoulli(0.5)] {
        student = st
        course = c
        title = c.title
      }
      """#
    let program = try EngineFixture.compile(source)
    let rows = try EngineFixture.run(program, chunkSize: 7, columnWise: false, sparseParents: false)
    let columns = try EngineFixture.run(program, threads: 2, chunkSize: 64, format: .csv)
    #expect(rows.files == columns.files)
    let t = columns.table("enrollments")
    let pairs = zip(t.values("student"), t.values("course")).map { "\($0)|\($1)" }
    #expect(Set(pairs).count == pairs.count, "a pair is enrolled twice")
    Stat.expectBinomial(pairs.count, n: 1600, p: 0.5)
    let titles = ["M1": "Mathematics", "A2": "Art", "B3": "Biology", "H4": "History"]
    for (code, title) in zip(t.values("course"), t.values("title")) { #expect(titles[code] == title) }
    #expect(Set(t.values("student").compactMap(Int.init)).isSubset(of: Set(1000..<1400)))
    // In SQL, a reference to an inline table is its value, not a foreign key.
    let sql = try EngineFixture.run(program, format: .sql(.sqlite))
    let ddl = String(decoding: try #require(sql.files["enrollments.sql"]), as: UTF8.self)
    #expect(ddl.contains(#""student" INTEGER NOT NULL REFERENCES "students" ("id")"#))
    #expect(ddl.contains(#""course" TEXT NOT NULL,"#))
    #expect(!ddl.contains(#"REFERENCES "courses""#))
    #expect(sql.files.keys.sorted() == ["enrollments.sql", "scenario-load.sql", "students.sql"])
  }

  @Test("inline tables are picked, filtered, keyed and referenced like generated ones")
  func inlineTables() throws {
    let source = #"""
      scenario inline
      seed 5
      let top = 1.0
      table cefr (level, rank: int, low: float, high) {
        ("A1", 1, 0, 0.2)
        ("A2", 2, 0.2, 0.4)
        ("B1", 3, 0.4, 0.6)
        ("C2", 6, 0.8, top)
      }
      table students [300] {
        level = pick cefr where rank >= 2
        ability = uniform(level.low, level.high)
        code = level.level
        by_rank = pick cefr weighted by rank
      }
      table attempts [2 per s in students] {
        student_level = s.code
        same = pick cefr where level == student_level
      }
      table per_level [3 per c in cefr] {
        level = c
        n = row
      }
      """#
    let program = try EngineFixture.compile(source)
    let rows = try EngineFixture.run(program, chunkSize: 5, columnWise: false)
    let columns = try EngineFixture.run(program, threads: 2, chunkSize: 64)
    #expect(rows.files == columns.files)
    let s = columns.table("students")
    #expect(Set(s.values("level")) == ["A2", "B1", "C2"])
    #expect(s.values("level") == s.values("code"))
    let bounds = ["A2": (0.2, 0.4), "B1": (0.4, 0.6), "C2": (0.8, 1.0)]
    for (level, ability) in zip(s.values("level"), s.doubles("ability")) {
      let b = try #require(bounds[level])
      #expect(ability >= b.0 && ability <= b.1)
    }
    // Weighted by rank: C2 (6) is drawn about 6 times as often as A1 (1), out of 12.
    let counts = Stat.counts(s.values("by_rank"))
    Stat.expectBinomial(counts["C2"] ?? 0, n: 300, p: 6.0 / 12)
    let a = columns.table("attempts")
    #expect(a.values("student_level") == a.values("same"))
    #expect(columns.table("per_level").values("level") == ["A1", "A1", "A1", "A2", "A2", "A2", "B1", "B1", "B1", "C2", "C2", "C2"])
  }

  @Test("an inline parent's children keep their values when a row is inserted before it")
  func inlineIdentity() throws {
    let source = #"""
      scenario inline_parent
      seed 6
      table skills = ["reading", "writing"]
      table items [3 per s in skills] {
        skill = s
        x = uniform(0, 1)
      }
      """#
    let before = try EngineFixture.run(source)
    let after = try EngineFixture.run(source.replacingOccurrences(of: #"["reading","#, with: #"["art", "reading","#))
    let a = Self.byCell(before.table("items"), cellColumns: 1)
    let b = Self.byCell(after.table("items"), cellColumns: 1)
    #expect(b.count == 3)
    #expect(a["reading"] == b["reading"] && a["writing"] == b["writing"])
  }
}
