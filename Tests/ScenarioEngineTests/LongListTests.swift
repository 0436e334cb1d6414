import Foundation
import ScenarioKit
import Testing

/// An `in` list or a `match` of 20,000 items compiles to a tree as deep as log2 of its items
/// (issue "Never crash"), so neither the checker nor either engine recurses once per item: the
/// run does not overflow the stack, gives the first matching arm, and both engines agree.
@Suite("Long in lists and matches")
struct LongListTests {
  static let items = 20_000

  static var source: String {
    let list = (0..<items).map { String($0 * 7) }.joined(separator: ", ")
    // Arms in order, with a duplicate pattern late in the list (the first arm must win) and a
    // default.
    var arms = (0..<items).map { "    \($0) => \"v\($0)\"," }
    arms.append("    5 => \"late duplicate\",")
    return """
      scenario long_lists
      seed 3
      table t [60] {
        x = uniform_int(0, 160000)
        hit = x in [\(list)]
        label = match x % 25000 {
      \(arms.joined(separator: "\n"))
          _ => "other",
        }
        fixed = match 5 {
      \(arms.joined(separator: "\n"))
          _ => "other",
        }
      }
      """
  }

  @Test("20,000 items: no stack overflow, the first matching arm, both engines the same bytes")
  func longLists() throws {
    let program = try EngineFixture.compile(Self.source)
    let rows = try EngineFixture.run(program, columnWise: false)
    let columns = try EngineFixture.run(program, threads: 2, chunkSize: 7, columnWise: true)
    #expect(rows.files == columns.files)
    let t = rows.table("t")
    for (k, x) in t.ints("x").enumerated() {
      #expect(t.values("hit")[k] == (x % 7 == 0 && x / 7 < Self.items ? "true" : "false"), "row \(k)")
      let r = x % 25000
      #expect(t.values("label")[k] == (r < Self.items ? "v\(r)" : "other"), "row \(k)")
      #expect(t.values("fixed")[k] == "v5")
    }
  }
}
