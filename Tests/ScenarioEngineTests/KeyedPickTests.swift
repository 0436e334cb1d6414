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

  static let nullable = """
    scenario nullable_picks
    seed 2
    table questions [60] {
      key qid
      qid = row + 1
      cefr = choice { "A1" 1, "A2" 1, "B1" 1 }
      hard = bernoulli(30%)
    }
    table sessions [40] {
      key sid
      sid = row + 1
    }
    table answers [2000] {
      level = choice { "A1" 2, "B1" 2, "C2" 1 }
      want_hard = bernoulli(50%)
      question: ref(questions)? = pick questions where cefr == level
      scanned: ref(questions)? = pick questions where cefr == level and hard == want_hard
      never: ref(questions)? = pick questions where qid < 0
      either: ref(questions)? = want_hard ? pick questions where cefr == level : null
      q_level: text? = question.cefr
    }
    table picks [uniform_int(1, 30) per s in sessions] {
      session = s
      q: ref(questions)? = pick distinct questions where hard
    }
    """

  @Test("ref(T)? makes a pick with nothing to pick null: keyed, scanned, plain and distinct; both engines", arguments: [1, 64, 4096])
  func emptyPickIsNull(chunkSize: Int) throws {
    let program = try EngineFixture.compile(Self.nullable)
    let rows = try EngineFixture.run(program, chunkSize: chunkSize, columnWise: false)
    let columns = try EngineFixture.run(program, threads: 2, chunkSize: chunkSize)
    #expect(rows.files == columns.files, "the engines differ at chunk size \(chunkSize)")
    let q = try #require(columns.tables["questions"])
    let cefr = Dictionary(uniqueKeysWithValues: zip(q.values("qid"), q.values("cefr")))
    let hard = Dictionary(uniqueKeysWithValues: zip(q.values("qid"), q.values("hard")))
    let a = try #require(columns.tables["answers"])
    var nulls = 0
    let question = a.column("question")
    let scannedColumn = a.column("scanned")
    let never = a.column("never")
    let either = a.column("either")
    for (i, level) in a.values("level").enumerated() {
      if level == "C2" {
        #expect(question[i] == nil && scannedColumn[i] == nil, "no C2 question exists, so row \(i) is null")
        nulls += 1
      } else {
        #expect(cefr[question[i] ?? "-"] == level, "row \(i)")
        #expect(a.values("q_level")[i] == level)
        if let scanned = scannedColumn[i] {
          #expect(cefr[scanned] == level && hard[scanned] == a.values("want_hard")[i])
        } else {
          // Null only when no question of the level has the wanted hardness.
          #expect(!q.values("qid").contains { cefr[$0] == level && hard[$0] == a.values("want_hard")[i] })
        }
      }
      #expect(never[i] == nil)
      #expect((either[i] == nil) == (a.values("want_hard")[i] == "false" || level == "C2"))
    }
    Stat.expectBinomial(nulls, n: 2000, p: 0.2, "C2 rows")
    // Distinct picks: every session's first (number of hard questions) rows pick distinct hard
    // questions, the rest are null.
    let hardCount = hard.values.filter { $0 == "true" }.count
    let p = try #require(columns.tables["picks"])
    var seen: [String: Set<String>] = [:]
    var position: [String: Int] = [:]
    for (session, question) in zip(p.values("session"), p.column("q")) {
      let k = position[session, default: 0]
      position[session] = k + 1
      if k < hardCount {
        let question = question ?? "-"
        #expect(hard[question] == "true")
        #expect(seen[session, default: []].insert(question).inserted, "session \(session) picked \(question) twice")
      } else {
        #expect(question == nil, "session \(session) row \(k + 1) is past the \(hardCount) hard questions")
      }
    }
    #expect(position.values.contains { $0 > hardCount }, "some session runs out of hard questions")
  }

  @Test("ref annotations are checked: the table must exist and match, and null needs '?'")
  func refAnnotations() {
    func codes(_ column: String) -> [String] {
      let source = """
        scenario r
        table questions [5] { qid = row }
        table tutors [5] { tid = row }
        table answers [5] {
          \(column)
        }
        """
      return ScenarioCompiler.compile(source: source, path: "r.scenario").diagnostics.map { "\($0.code.rawValue) \($0.message)" }
    }
    #expect(codes("q: ref(questions) = pick questions") == [])
    #expect(codes("q: ref(tutors) = pick questions") == ["E0407 column 'q' is declared 'ref(tutors)' but its value is 'ref(questions)'"])
    #expect(codes("q: ref(nope) = pick questions").first?.hasPrefix("E0303 unknown table 'nope'") == true)
    #expect(codes("q: ref(questions) = bernoulli(0.5) ? pick questions : null") == [
      "E0407 column 'q' may be null, but its type 'ref(questions)' does not allow null"
    ])
    #expect(codes("q: ref = pick questions") == ["E0407 a reference type names its table"])
  }
}
