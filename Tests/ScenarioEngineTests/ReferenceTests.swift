import Foundation
import Testing

/// Picks, child tables, parent and chained field access, row numbers, and how references are
/// written.
@Suite("References and child tables")
struct ReferenceTests {
  // MARK: - Picks

  static let pickSource = """
    scenario picks
    seed 11
    table p [10] {
      key code
      code = "P" ++ pad(row + 1, 2)
      flag = row % 3 == 0
      w = row + 1
    }
    table c [20000] {
      any = pick p
      some = pick p where flag
      heavy = pick p weighted by w
      both = pick p where not flag weighted by w
      first = pick p where row < 3
    }
    """

  /// The code of parent row `i` (0-based).
  static func code(_ i: Int) -> String { "P" + (i + 1 < 10 ? "0" : "") + String(i + 1) }

  @Test("picks: uniform covers all rows, 'where' filters, 'weighted by' follows the weights")
  func picks() throws {
    let c = try EngineFixture.run(Self.pickSource).table("c")
    let n = 20000

    let any = Stat.counts(c.values("any"))
    #expect(Set(any.keys) == Set((0..<10).map(Self.code)), "a uniform pick reaches every row")
    for i in 0..<10 {
      Stat.expectBinomial(any[Self.code(i)] ?? 0, n: n, p: 0.1, "any \(Self.code(i))")
    }

    let some = Stat.counts(c.values("some"))
    #expect(Set(some.keys) == ["P01", "P04", "P07", "P10"], "only rows with flag are picked")
    for (k, v) in some { Stat.expectBinomial(v, n: n, p: 0.25, "some \(k)") }

    let heavy = Stat.counts(c.values("heavy"))
    for i in 0..<10 {
      Stat.expectBinomial(
        heavy[Self.code(i)] ?? 0, n: n, p: Double(i + 1) / 55, "heavy \(Self.code(i))")
    }

    // Rows without flag: 1, 2, 4, 5, 7, 8 with weights 2, 3, 5, 6, 8, 9 (total 33).
    let both = Stat.counts(c.values("both"))
    #expect(Set(both.keys) == Set([1, 2, 4, 5, 7, 8].map(Self.code)))
    for i in [1, 2, 4, 5, 7, 8] {
      Stat.expectBinomial(
        both[Self.code(i)] ?? 0, n: n, p: Double(i + 1) / 33, "both \(Self.code(i))")
    }

    #expect(
      Set(c.values("first")) == ["P01", "P02", "P03"], "'row' in a filter is the candidate's row")
  }

  @Test("a pick with no candidate is a run-time error")
  func emptyPick() throws {
    let f = try EngineFixture.failure(
      """
      scenario empty
      table p [3] { v = row }
      table c [2] { r = pick p where v > 10 }
      """)
    #expect(f.diagnostic?.code == .runtimeEmptyPick)
    #expect(f.leftover.isEmpty)
  }

  // MARK: - Keys and written references

  @Test("references are written as the referenced key, or the 1-based row without a key")
  func writtenReferences() throws {
    let out = try EngineFixture.run(
      """
      scenario keys
      seed 12
      table k [5] {
        key code
        code = "K" ++ pad(row, 3)
      }
      table n [5] { v = row * 10 }
      table c [200] {
        rk = pick k
        rn = pick n
        let hidden = pick k
        via = hidden
      }
      """)
    let c = out.table("c")
    #expect(Set(c.values("rk")) == Set((0..<5).map { "K00\($0)" }))
    #expect(Set(c.ints("rn")) == Set(1...5))
    #expect(Set(c.values("via")).isSubset(of: Set((0..<5).map { "K00\($0)" })))
    #expect(c.header == ["rk", "rn", "via"])
  }

  // MARK: - Child tables

  static let childSource = """
    scenario children
    seed 13
    table p [30] {
      key id
      id = row + 1
      active = row % 4 != 0
      n = uniform_int(0, 4)
      label = "L" ++ row
    }
    table each_active [each s in p where s.active] {
      pid = s.id
      label = s.label
      r = row
    }
    table per_n [s.n per s in p] {
      pid = s.id
      r = row
    }
    table twice [2 per s in p where s.active] {
      pid = s.id
    }
    """

  @Test("'each ... where' gives one row per matching parent, in parent order")
  func eachWhere() throws {
    let out = try EngineFixture.run(Self.childSource)
    let expected = (0..<30).filter { $0 % 4 != 0 }.map { $0 + 1 }
    let child = out.table("each_active")
    #expect(child.ints("pid") == expected)
    #expect(child.values("label") == expected.map { "L\($0 - 1)" }, "parent fields are read")
    #expect(child.ints("r") == Array(0..<expected.count), "row numbers the child table's rows")
    #expect(out.table("twice").ints("pid") == expected.flatMap { [$0, $0] })
  }

  @Test("'expr per' gives the drawn count per parent, contiguous and in parent order")
  func perParent() throws {
    let out = try EngineFixture.run(Self.childSource)
    let parents = out.table("p")
    let ns = parents.ints("n")
    let ids = parents.ints("id")
    let expected = zip(ids, ns).flatMap { id, n in Array(repeating: id, count: n) }
    let child = out.table("per_n")
    #expect(child.ints("pid") == expected)
    #expect(child.ints("r") == Array(0..<expected.count))
    #expect(out.summary.tables.first { $0.name == "per_n" }?.rows == expected.count)
  }

  @Test("a random count per parent has the distribution's mean (5σ)")
  func randomCount() throws {
    let out = try EngineFixture.run(
      """
      scenario poissoncount
      seed 14
      table p [2000] { id = row }
      table c [poisson(3) per s in p] { pid = s.id }
      """)
    let total = out.table("c").rows.count
    let sd = (3.0 * 2000).squareRoot()
    #expect(abs(Double(total) - 6000) <= 5 * sd, "total \(total)")
    let perParent = Stat.counts(out.table("c").ints("pid"))
    #expect(perParent.count > 1800, "most parents have children")
  }

  @Test("parent fields, chained references and references read through a parent")
  func chainedReferences() throws {
    let out = try EngineFixture.run(
      """
      scenario chains
      seed 15
      table p [10] {
        key code
        code = "P" ++ pad(row + 1, 2)
        val = row * 10
      }
      table c [50] {
        let r = pick p
        ref = r
        v = r.val
      }
      table g [each x in c] {
        cv = x.v
        chained = x.r.val
        chained_code = x.r.code
        pref = x.ref
        parent = x
      }
      table gg [each y in g where y.cv >= 50] {
        deep = y.parent.r.val
        up = y.parent
      }
      """)
    let c = out.table("c")
    let g = out.table("g")
    let codes = c.values("ref")
    let vals = c.ints("v")
    for (code, v) in zip(codes, vals) {
      #expect(Int(code.dropFirst())! - 1 == v / 10, "c.v is the picked parent's val")
    }
    #expect(g.ints("cv") == vals)
    #expect(g.ints("chained") == vals)
    #expect(g.values("chained_code") == codes)
    #expect(g.values("pref") == codes, "a reference read through a parent is written as its key")
    #expect(
      g.ints("parent") == Array(1...50), "a reference to a table without key is its 1-based row")
    let gg = out.table("gg")
    let deepExpected = vals.filter { $0 >= 50 }
    #expect(gg.ints("deep") == deepExpected)
    #expect(gg.ints("up") == vals.indices.filter { vals[$0] >= 50 }.map { $0 + 1 })
  }
}
