import Foundation
import ScenarioDiagnostics
import ScenarioKit
import Testing

/// Output depends only on the scenario, never on threads or chunk size; run-time errors name
/// their table, column and row, and leave no files behind.
@Suite("Determinism and run-time errors")
struct DeterminismTests {
  static let bigSource = """
    scenario big
    seed 99
    table p [100] {
      key id
      id = "P" ++ pad(row, 3)
      w = uniform(0, 1)
    }
    table t [200000] {
      persona a 30%, b rest
      x: float(4) = normal(0, 1) | b: uniform(0, 1)
      r = pick p weighted by w
      k = poisson(2)
      kind = choice { "u" 1, "v" 2 }
    }
    table c [each s in t where s.k == 0] {
      v: float(3) = s.x + uniform(0, 1)
    }
    """

  @Test("a 200k-row run gives identical bytes with 1 and 2 threads and other chunk sizes")
  func threadsAndChunks() throws {
    let program = try EngineFixture.compile(Self.bigSource)
    let one = try EngineFixture.run(program, threads: 1, chunkSize: 4096)
    let two = try EngineFixture.run(program, threads: 2, chunkSize: 1000)
    #expect(one.summary.tables.map(\.rows).prefix(2) == [100, 200_000])
    #expect(one.files.keys.sorted() == ["c.csv", "p.csv", "t.csv"])
    for name in one.files.keys.sorted() {
      #expect(one.files[name] == two.files[name], "\(name) differs between 1 and 2 threads")
    }
    #expect(one.summary.tables.map(\.rows) == two.summary.tables.map(\.rows))
  }

  @Test("two runs of the same program write identical files; another seed does not")
  func repeatable() throws {
    let source =
      "scenario rep\nseed 1\ntable t [500] {\n  x = normal(0, 1)\n  y = choice { \"a\" 1, \"b\" 1 }\n}\n"
    let program = try EngineFixture.compile(source)
    let first = try EngineFixture.run(program)
    let second = try EngineFixture.run(try EngineFixture.compile(source), threads: 2, chunkSize: 7)
    #expect(first.files == second.files)
    let reseeded = try EngineFixture.run(try EngineFixture.compile(source, options: .init(seed: 2)))
    #expect(first.files["t.csv"] != reseeded.files["t.csv"])
  }

  @Test("editing one column leaves the other columns' values unchanged")
  func columnIsolation() throws {
    let before = try EngineFixture.run(
      "scenario iso\nseed 5\ntable t [300] {\n  a = normal(0, 1)\n  b = uniform(0, 1)\n}\n")
    let after = try EngineFixture.run(
      "scenario iso\nseed 5\ntable t [300] {\n  a = normal(10, 2)\n  n = poisson(3)\n  b = uniform(0, 1)\n}\n"
    )
    #expect(before.table("t").values("b") == after.table("t").values("b"))
    #expect(before.table("t").values("a") != after.table("t").values("a"))
  }

  @Test("adding children to one parent leaves the other parents' children unchanged")
  func childIsolation() throws {
    func children(_ count: String) throws -> [Int: [String]] {
      let c = try EngineFixture.run(
        """
        scenario kids
        seed 9
        table p [6] { id = row }
        table c [\(count) per s in p] {
          pid = s.id
          v = uniform(0, 1)
        }
        table g [each x in c] { w = normal(0, 1) }
        """
      ).tables
      let pids = c["c"]?.ints("pid") ?? []
      let vs = zip(c["c"]?.values("v") ?? [], c["g"]?.values("w") ?? []).map { "\($0)/\($1)" }
      var byParent: [Int: [String]] = [:]
      for (p, v) in zip(pids, vs) { byParent[p, default: []].append(v) }
      return byParent
    }
    let before = try children("2")
    let after = try children("(s.id == 3 ? 5 : 2)")
    for p in [0, 1, 2, 4, 5] { #expect(before[p] == after[p], "parent \(p)") }
    #expect(after[3]?.count == 5)
    #expect(
      Array(after[3]?.prefix(2) ?? []) == before[3],
      "the first two children of parent 3 keep their values")
  }

  @Test("a run-time error names table, column and row, and no file is written")
  func runtimeErrorNote() throws {
    // Find the first row where y is negative: normal(0, y) must fail exactly there.
    let ys = try EngineFixture.run(
      "scenario rt\nseed 1\ntable t [100] {\n  y = uniform(-1, 1)\n}\n"
    ).table("t").doubles("y")
    let firstNegative = try #require(ys.firstIndex { $0 < 0 })
    let f = try EngineFixture.failure(
      "scenario rt\nseed 1\ntable ok [5] { id = row }\ntable t [100] {\n  y = uniform(-1, 1)\n  x = normal(0, y)\n}\n"
    )
    let d = try #require(f.diagnostic)
    #expect(d.code == .runtimeInvalidParameter)
    #expect(
      d.notes.contains("in table 't', column 'x', row \(firstNegative) (seed 1)"), "\(d.notes)")
    #expect(f.leftover.isEmpty, "no file of any table is left: \(f.leftover)")
  }

  @Test("the first failing row is reported whatever the threads and chunk size")
  func runtimeErrorRow() throws {
    let source = "scenario div\ntable t [1000] {\n  x = 1 / (row - 3)\n  y = 5 / (row - 700)\n}\n"
    for (threads, chunk) in [(1, 4096), (2, 2), (2, 100)] {
      let f = try EngineFixture.failure(source, threads: threads, chunkSize: chunk)
      let d = try #require(f.diagnostic)
      #expect(d.code == .runtimeArithmetic)
      #expect(d.message == "division by zero")
      #expect(d.notes.first?.hasPrefix("in table 't', column 'x', row 3 ") == true, "\(d.notes)")
    }
  }

  @Test("an invalid per-parent count is a run-time error naming the child table and parent row")
  func countError() throws {
    let f = try EngineFixture.failure(
      "scenario cnt\ntable p [5] { n = row - 2 }\ntable c [s.n per s in p] { v = 1 }\n")
    let d = try #require(f.diagnostic)
    #expect(d.code == .runtimeInvalidCount)
    let note = d.notes.first ?? ""
    #expect(note.hasPrefix("in table 'c', "), "\(d.notes)")
    #expect(note.contains("row 0 "), "\(d.notes)")
  }
}
