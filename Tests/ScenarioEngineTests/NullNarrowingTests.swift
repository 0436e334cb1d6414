import Foundation
import ScenarioKit
import Testing

/// `n is null ? a : b` reads `n` as non-null in the branch that runs when it is not null
/// (Language.md §5): a function that needs a non-null argument accepts it there, both engines
/// agree, and the other branch and other places still see the nullable type.
@Suite("Null narrowing in conditionals")
struct NullNarrowingTests {
  @Test("the non-null branch accepts functions that need a value; both engines give the same bytes")
  func narrowed() throws {
    let program = try EngineFixture.compile("""
      scenario nn
      seed 2
      table t [3000] {
        x: float? = bernoulli(0.3) ? null : uniform(0.1, 0.9)
        hit: bool? = x is null ? null : bernoulli(x)
        other: bool? = x is not null ? bernoulli(x * 0.5) : null
        filled = x is null ? 0.0 : x
      }
      """)
    let rows = try EngineFixture.run(program, chunkSize: 7, columnWise: false)
    let columns = try EngineFixture.run(program, threads: 2, chunkSize: 500)
    #expect(rows.files == columns.files)
    let t = try #require(columns.tables["t"])
    let x = t.column("x")
    for (i, v) in x.enumerated() {
      #expect((t.column("hit")[i] == nil) == (v == nil))
      #expect((t.column("other")[i] == nil) == (v == nil))
      #expect(t.values("filled")[i] == (v ?? "0.0"))
    }
    // bernoulli(x) follows x: the share of hits is about the mean of x (0.5).
    let drawn = t.column("hit").compactMap { $0 }
    Stat.expectBinomial(drawn.filter { $0 == "true" }.count, n: drawn.count, p: 0.5, "hits")
  }

  @Test("outside the narrowed branch the name is still nullable")
  func notNarrowedElsewhere() {
    func codes(_ column: String) -> [String] {
      let source = """
        scenario e
        table t [5] {
          x: float? = bernoulli(0.5) ? null : 0.5
          \(column)
        }
        """
      return ScenarioCompiler.compile(source: source, path: "e.scenario").diagnostics.filter { $0.severity == .error }
        .map(\.code.rawValue)
    }
    #expect(codes("y: bool? = x is null ? null : bernoulli(x)") == [])
    #expect(codes("y: bool? = x is null ? bernoulli(x) : null") != [], "the null branch is not narrowed")
    #expect(codes("y = bernoulli(x)") != [])
    #expect(codes("y: bool? = x is not null ? null : bernoulli(x)") != [])
  }
}
