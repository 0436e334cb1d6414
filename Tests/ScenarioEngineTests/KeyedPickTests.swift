import Foundation
import ScenarioDiagnostics
import ScenarioKit
import Testing

/// Picks whose filter reads the current row (Language.md §12, keyed picks): every pick satisfies
/// its filter, both engines give the same bytes at every chunk size and thread count, weights
/// apply within the key, and a row with no candidate is R0703 naming the key.
@Suite("Keyed picks")
struct KeyedPickTests {
  static let source = #"""
    scenario keyed
    seed 5
    table questions [400] {
      key qid
      qid = row + 1
      cefr = choice { "A1" 1, "A2" 1, "B1" 1, "B2" 1, "C1" 1 }
      difficulty = uniform(0, 1)
      skill: text? = bernoulli(10%) ? null : choice { "reading" 1, "listening" 1 }
    }
    table answers [3000] {
      level = choice { "A1" 3, "B1" 2, "C1" 1 }
      cutoff = uniform(0.2, 0.8)
      wanted: text? = bernoulli(10%) ? null : choice { "reading" 1, "listening" 1 }
      q = pick questions where cefr == level
      q_level = q.cefr
      hard = pick questions where cefr == level and difficulty > cutoff weighted by difficulty
      hard_level = hard.cefr
      hard_difficulty = hard.difficulty
      scan = pick questions where difficulty < cutoff
      scan_difficulty = scan.difficulty
      same_skill = pick questions where skill == wanted
      skill_read: text? = same_skill.skill
    }
    """#

  @Test("every pick passes its filter, and the column-wise engine gives the row interpreter's bytes", arguments: [1, 7, 2048])
  func enginesAgree(chunkSize: Int) throws {
    let program = try EngineFixture.compile(Self.source)
    let rows = try EngineFixture.run(program, chunkSize: chunkSize, columnWise: false)
    let columns = try EngineFixture.run(program, threads: 2, chunkSize: chunkSize)
    #expect(rows.files["answers.csv"] == columns.files["answers.csv"], "answers.csv differs at chunk size \(chunkSize)")
    let t = try #require(columns.tables["answers"])
    let level = t.values("level")
    #expect(t.values("q_level") == level)
    #expect(t.values("hard_level") == level)
    let cutoff = t.values("cutoff").compactMap(Double.init)
    #expect(zip(t.values("hard_difficulty").compactMap(Double.init), cutoff).allSatisfy { $0 > $1 })
    #expect(zip(t.values("scan_difficulty").compactMap(Double.init), cutoff).allSatisfy { $0 < $1 })
    // null == null holds in the language, so a null wanted skill picks a question without one.
    #expect(t.column("wanted") == t.column("skill_read"))
    // The picks spread over the key's bucket: many different questions per level.
    #expect(Set(t.values("q")).count > 200)
  }

  @Test("weights apply within the key: heavier questions are picked more often")
  func weighted() throws {
    let source = """
      scenario weights
      seed 9
      table items [2] {
        key id
        id = row
        group = "g"
        w = row == 0 ? 1.0 : 3.0
      }
      table picks [8000] {
        g = "g"
        item = pick items where group == g weighted by w
        id = item.id
      }
      """
    let program = try EngineFixture.compile(source)
    let t = try #require(try EngineFixture.run(program, threads: 2, chunkSize: 512).tables["picks"])
    let ones = t.values("id").filter { $0 == "1" }.count
    // 6000 expected; the binomial sd is about 39, so 5 sd is about 194.
    #expect(abs(ones - 6000) < 200, "\(ones)")
  }

  @Test("a row whose key has no candidate is R0703 naming the key, from both engines")
  func noCandidate() throws {
    let source = """
      scenario none
      seed 1
      table questions [10] {
        key qid
        qid = row
        cefr = "A1"
      }
      table answers [20] {
        level = choice { "A1" 9, "C2" 1 }
        q = pick questions where cefr == level
      }
      """
    let program = try EngineFixture.compile(source)
    let diagnostics = try EngineFixture.diagnostics(
      program, settings: [(columnWise: false, sparseParents: false), (columnWise: true, sparseParents: true)])
    #expect(diagnostics.map(\.code) == [.runtimeEmptyPick, .runtimeEmptyPick])
    #expect(diagnostics.first?.message == diagnostics.last?.message)
    #expect(diagnostics.first?.message.contains("for the key 'C2'") == true, "\(diagnostics)")
  }
}
