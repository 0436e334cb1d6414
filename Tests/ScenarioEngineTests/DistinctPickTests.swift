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
}
