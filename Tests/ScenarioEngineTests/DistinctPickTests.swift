import Foundation
import ScenarioDiagnostics
import ScenarioKit
import Testing

/// `pick distinct` (Language.md §12): no two children of one parent, and no two rows of a table
/// without parent, pick the same row; both engines give the same bytes; a group with more rows
/// than candidates is R0703 giving both numbers.
@Suite("Distinct picks")
struct DistinctPickTests {
  static let source = #"""
    scenario distinct_picks
    seed 8
    table questions [40] {
      key qid
      qid = row + 1
      skill = choice { "reading" 1, "listening" 1 }
    }
    table sessions [300] {
      key sid
      sid = row + 1
    }
    table responses [uniform_int(0, 12) per s in sessions] {
      session = s
      question = pick distinct questions where skill == "reading"
      skill = question.skill
      any = pick questions
    }
    table assignments [40] {
      question = pick distinct questions
    }
    """#

  @Test("distinct within each parent and within a table; the column-wise engine gives the row interpreter's bytes", arguments: [1, 7, 2048])
  func distinct(chunkSize: Int) throws {
    let program = try EngineFixture.compile(Self.source)
    let rows = try EngineFixture.run(program, chunkSize: chunkSize, columnWise: false)
    let columns = try EngineFixture.run(program, threads: 2, chunkSize: chunkSize)
    for file in ["responses.csv", "assignments.csv"] {
      #expect(rows.files[file] == columns.files[file], "\(file) differs at chunk size \(chunkSize)")
    }
    let r = try #require(columns.tables["responses"])
    var bySession: [String: [String]] = [:]
    for (session, question) in zip(r.values("session"), r.values("question")) { bySession[session, default: []].append(question) }
    #expect(bySession.values.allSatisfy { Set($0).count == $0.count }, "a session repeats a question")
    #expect(r.values("skill").allSatisfy { $0 == "reading" })
    // Sessions differ: the permutation is keyed by the parent.
    let firsts = bySession.values.compactMap(\.first)
    #expect(Set(firsts).count > 5)
    let a = try #require(columns.tables["assignments"]).values("question")
    #expect(a.sorted { Int($0)! < Int($1)! } == (1...40).map(String.init), "40 rows take the 40 questions once each")
  }

  @Test("more children than candidates is R0703 with both numbers, from both engines")
  func tooMany() throws {
    let source = """
      scenario too_many
      seed 2
      table q [3] {
        key id
        id = row
      }
      table p [4] {
        key id
        id = row
      }
      table c [5 per x in p] {
        question = pick distinct q
      }
      """
    let program = try EngineFixture.compile(source)
    let diagnostics = try EngineFixture.diagnostics(
      program, settings: [(columnWise: false, sparseParents: false), (columnWise: true, sparseParents: true)])
    #expect(diagnostics.map(\.code) == [.runtimeEmptyPick, .runtimeEmptyPick])
    #expect(diagnostics.first?.message == diagnostics.last?.message)
    #expect(diagnostics.first?.message.contains("has 3 rows to pick, and this row is number 4") == true, "\(diagnostics)")
  }

  static let keyed = #"""
    scenario keyed_distinct
    seed 12
    table sections (section, asked: int) {
      ("reading", 10)
      ("listening", 10)
      ("writing", 4)
    }
    table questions [90] {
      key qid
      qid = row + 1
      section = choice { "reading" 4, "listening" 4, "writing" 1 }
    }
    table sessions [200] {
      key sid
      sid = row + 1
    }
    table responses [sec.asked per s in sessions, sec in sections] {
      session = s
      section = sec.section
      question = pick distinct questions where section == sec.section
      asked = question.section
    }
    """#

  @Test("a keyed distinct pick: each product cell takes distinct questions of its own section; both engines", arguments: [1, 7, 4096])
  func keyedDistinct(chunkSize: Int) throws {
    let program = try EngineFixture.compile(Self.keyed)
    let rows = try EngineFixture.run(program, chunkSize: chunkSize, columnWise: false)
    let columns = try EngineFixture.run(program, threads: 2, chunkSize: chunkSize)
    #expect(rows.files == columns.files, "the engines differ at chunk size \(chunkSize)")
    let q = try #require(columns.tables["questions"])
    let sectionOf = Dictionary(uniqueKeysWithValues: zip(q.values("qid"), q.values("section")))
    let t = try #require(columns.tables["responses"])
    #expect(t.rows.count == 200 * 24)
    var cells: [String: Set<String>] = [:]
    for (session, (section, question)) in zip(t.values("session"), zip(t.values("section"), t.values("question"))) {
      #expect(sectionOf[question] == section, "question \(question) is not a \(section) question")
      #expect(cells["\(session)/\(section)", default: []].insert(question).inserted, "\(session)/\(section) repeats \(question)")
    }
    #expect(cells.count == 600)
    // Every question of a section is used about equally often over the sessions.
    let reading = q.values("qid").filter { sectionOf[$0] == "reading" }
    let uses = Stat.counts(t.values("question"))
    for id in reading { Stat.expectBinomial(uses[id] ?? 0, n: 200, p: 10 / Double(reading.count), "question \(id)") }
  }

  @Test("a keyed distinct pick past its key's rows is R0703 with both numbers, or null with ref(T)?")
  func keyedDistinctRunsOut() throws {
    let base = """
      scenario short
      seed 3
      table levels = ["A1", "B1"]
      table questions [6] {
        key qid
        qid = row + 1
        cefr = row < 4 ? "A1" : "B1"
      }
      table tests [3] {
        key tid
        tid = row + 1
      }
      table items [3 per t in tests, l in levels] {
        level = l.value
        COLUMN
      }
      """
    let failing = try EngineFixture.compile(base.replacingOccurrences(of: "COLUMN", with: "q = pick distinct questions where cefr == l.value"))
    let diagnostics = try EngineFixture.diagnostics(
      failing, settings: [(columnWise: false, sparseParents: false), (columnWise: true, sparseParents: true)])
    #expect(diagnostics.map(\.code) == [.runtimeEmptyPick, .runtimeEmptyPick])
    #expect(diagnostics.first?.message == diagnostics.last?.message)
    #expect(
      diagnostics.first?.message.contains("has 2 rows to pick for the key 'B1', and this row is number 3 of its group") == true,
      "\(diagnostics)")
    let nullable = try EngineFixture.compile(
      base.replacingOccurrences(of: "COLUMN", with: "q: ref(questions)? = pick distinct questions where cefr == l.value"))
    let a = try EngineFixture.run(nullable, columnWise: false)
    let b = try EngineFixture.run(nullable, chunkSize: 2)
    #expect(a.files == b.files)
    let t = try #require(b.tables["items"])
    let q = t.column("q")
    for (i, level) in t.values("level").enumerated() {
      // Rows 1-3 of a test's A1 cell and rows 1-2 of its B1 cell have a question; row 3 of B1 is null.
      #expect((q[i] == nil) == (level == "B1" && i % 3 == 2), "row \(i)")
    }
  }

  @Test("a distinct pick reading the current row filters on one equality only, and is never weighted")
  func keyedDistinctRules() {
    func codes(_ column: String) -> [String] {
      let source = """
        scenario r
        table questions [5] { qid = row
          cefr = "A1"
          w = 1 }
        table answers [5] {
          level = "A1"
          \(column)
        }
        """
      return ScenarioCompiler.compile(source: source, path: "r.scenario").diagnostics.map(\.code.rawValue)
    }
    #expect(codes("q = pick distinct questions where cefr == level") == [])
    #expect(codes("q = pick distinct questions where cefr == level and qid > 1") == ["E0605"])
    #expect(codes("q = pick distinct questions where cefr == level weighted by w") == ["E0605"])
  }
}
