import Foundation
import Testing

/// Personas through the whole pipeline: exact counts, percentage shares, `rest`, and
/// per-persona overrides, read back from the written CSV.
@Suite("Personas")
struct PersonaTests {
  @Test("exact persona counts take contiguous rows in declaration order")
  func exactCounts() throws {
    let out = try EngineFixture.run(
      """
      scenario exact
      seed 3
      table t [10] {
        persona a 3, b 5, c 2
        kind = persona
        i = row
      }
      """)
    let t = out.table("t")
    #expect(t.values("kind") == ["a", "a", "a", "b", "b", "b", "b", "b", "c", "c"])
    #expect(t.ints("i") == Array(0..<10))
    #expect(t.header == ["kind", "i"], "the persona is written only where a column asks for it")
  }

  @Test("exact counts come first; the other rows draw from the shares")
  func exactThenShares() throws {
    let out = try EngineFixture.run(
      """
      scenario mixed
      seed 4
      table t [2000] {
        persona vip 5, a 30%, b rest
        kind = persona
      }
      """)
    let kinds = out.table("t").values("kind")
    #expect(kinds.count == 2000)
    #expect(Array(kinds.prefix(5)) == Array(repeating: "vip", count: 5))
    let rest = kinds.dropFirst(5)
    #expect(!rest.contains("vip"))
    Stat.expectBinomial(rest.filter { $0 == "a" }.count, n: rest.count, p: 0.3, "a")
  }

  @Test("percentage personas match their shares (n = 20000, 5σ)")
  func shares() throws {
    let out = try EngineFixture.run(
      """
      scenario shares
      seed 5
      table t [20000] {
        persona a 10%, b 25%, c 65%
        kind = persona
      }
      """)
    let counts = Stat.counts(out.table("t").values("kind"))
    #expect(counts.values.reduce(0, +) == 20000)
    Stat.expectBinomial(counts["a"] ?? 0, n: 20000, p: 0.10, "a")
    Stat.expectBinomial(counts["b"] ?? 0, n: 20000, p: 0.25, "b")
    Stat.expectBinomial(counts["c"] ?? 0, n: 20000, p: 0.65, "c")
  }

  @Test("'rest' takes the remainder of 100%")
  func rest() throws {
    let out = try EngineFixture.run(
      """
      scenario remainder
      seed 6
      table t [20000] {
        persona a 20%, r rest, b 30%
        kind = persona
      }
      table u [10] {
        persona x 2, y rest
        kind = persona
      }
      """)
    let counts = Stat.counts(out.table("t").values("kind"))
    #expect(Set(counts.keys) == ["a", "b", "r"])
    Stat.expectBinomial(counts["r"] ?? 0, n: 20000, p: 0.5, "rest")
    Stat.expectBinomial(counts["a"] ?? 0, n: 20000, p: 0.2, "a")
    #expect(out.table("u").values("kind") == ["x", "x"] + Array(repeating: "y", count: 8))
  }

  @Test("persona overrides apply only to their persona")
  func overrides() throws {
    let out = try EngineFixture.run(
      """
      scenario overrides
      seed 7
      table t [3000] {
        persona a 50%, b 30% { y = "B" }, c rest
        kind = persona
        x = 1 | b: 2 | c: 3
        y = "base"
        z = row | a, c: -1
        u = uniform(0, 1) | c: uniform(10, 11)
      }
      """)
    let t = out.table("t")
    let kinds = t.values("kind")
    let x = t.ints("x")
    let y = t.values("y")
    let z = t.ints("z")
    let u = t.doubles("u")
    #expect(Set(kinds) == ["a", "b", "c"])
    for i in kinds.indices {
      switch kinds[i] {
      case "a":
        #expect(x[i] == 1 && y[i] == "base" && z[i] == -1 && u[i] < 1, "row \(i)")
      case "b":
        #expect(x[i] == 2 && y[i] == "B" && z[i] == i && u[i] < 1, "row \(i)")
      default:
        #expect(x[i] == 3 && y[i] == "base" && z[i] == -1 && u[i] >= 10, "row \(i)")
      }
    }
  }

  @Test("personas of a child table are drawn per child row")
  func childPersonas() throws {
    let out = try EngineFixture.run(
      """
      scenario childp
      seed 8
      table p [100] { id = row }
      table c [50 per s in p] {
        persona good 80%, bad rest
        kind = persona
      }
      """)
    let counts = Stat.counts(out.table("c").values("kind"))
    Stat.expectBinomial(counts["good"] ?? 0, n: 5000, p: 0.8, "good")
  }

  @Test(
    "a persona override that widens a column to float writes every value as a float")
  func overrideWidening() throws {
    let out = try EngineFixture.run(
      """
      scenario widen
      seed 1
      table t [2] {
        persona a 1, b 1
        x = 1 | b: 2.5
      }
      """)
    #expect(out.table("t").values("x") == ["1.0", "2.5"])
  }
}
