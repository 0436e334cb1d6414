import Foundation
import ScenarioDiagnostics
import ScenarioKit
import Testing

/// Persona overrides and `persona` in the column-wise engine: the base and each override are
/// evaluated for their own rows, so draws, nulls, mixed kinds and failures match the row
/// interpreter byte for byte at every chunk size.
@Suite("Personas column by column")
struct PersonaColumnWiseTests {
  static let source = #"""
    scenario personas_vector
    seed 21
    table t [2000] {
      persona first 3, second 2, star 10%, quiet 15%, plain rest
      profile = persona
      tag: text? = persona == "quiet" ? null : persona ++ "!"
      speed: float(2)? = uniform(1, 2) | star: 9 | first, second: normal(5, 1) | quiet: null
      label = choice { "a" 1, "b" 1 } | star: "S" | plain: choice { "x" 1, "y" 2 }
      count = poisson(3) | second: uniform_int(100, 200)
      note: text? = bernoulli(50%) ? words(2) : null | first: "" | star: repeat("z", uniform_int(0, 3))
      depends = count + 1 | quiet: count * 2
    }
    """#

  @Test("the column-wise engine gives the row interpreter's bytes", arguments: [1, 7, 2048])
  func enginesAgree(chunkSize: Int) throws {
    let program = try EngineFixture.compile(Self.source)
    let rows = try EngineFixture.run(program, chunkSize: chunkSize, columnWise: false)
    let columns = try EngineFixture.run(program, threads: 2, chunkSize: chunkSize)
    #expect(rows.files["t.csv"] == columns.files["t.csv"], "t.csv differs at chunk size \(chunkSize)")
    let t = try #require(columns.tables["t"])
    #expect(Array(t.values("profile").prefix(5)) == ["first", "first", "first", "second", "second"])
    #expect(Set(t.values("profile")) == ["first", "second", "star", "quiet", "plain"])
    #expect(t.column("speed").contains(nil) && t.column("tag").contains(nil))
  }

  @Test("a failing override is the same R0701 from both engines")
  func failingOverride() throws {
    let source = """
      scenario failing_persona
      seed 3
      table t [60] {
        persona odd 20%, plain rest
        n = uniform_int(-1, 3)
        s = "ok" | odd: repeat("ab", n)
      }
      """
    let program = try EngineFixture.compile(source)
    let diagnostics = try EngineFixture.diagnostics(
      program, settings: [(columnWise: false, sparseParents: false), (columnWise: true, sparseParents: true)])
    #expect(diagnostics.map(\.code) == [.runtimeInvalidParameter, .runtimeInvalidParameter])
    #expect(diagnostics.first?.message == diagnostics.last?.message)
    #expect(diagnostics.first?.notes == diagnostics.last?.notes, "the same row")
  }
}
