import ScenarioIR
import ScenarioKit
import Testing

/// Regressions from the review of aggregates: where they are allowed, the warnings around
/// their links, and `check --data`.
@Suite("Aggregates: placement, links and data files")
struct AggregateReviewTests {
  static let base = """
    scenario x
    table tutors [3] {
      key id
      id = row
    }
    table sessions [4 per t in tutors] {
      let owner = t
      m = uniform(1, 5)
    }

    """

  @Test("an aggregate in a pick's filter is an error, not a null")
  func notInPickFilters() {
    let result = ScenarioCompiler.compile(
      source: Self.base + "table notes [2] { s = pick sessions where (count() over tutors) > 0 }\n",
      path: "x.scenario")
    let errors = result.diagnostics.filter { $0.severity == .error }
    #expect(errors.map(\.code) == [.misplacedConstruct], "\(errors.map(\.message))")
  }

  @Test("a hidden column used only as the link is not 'never used'")
  func linkCountsAsUse() throws {
    let result = ScenarioCompiler.compile(
      source: Self.base + "table stats [each t in tutors] { n = count() over sessions.owner }\n",
      path: "x.scenario")
    #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.message))")
    #expect(result.program != nil)
  }

  @Test("an expectation reading an aggregate is not checked on data files")
  func notOnFiles() throws {
    let result = ScenarioCompiler.compile(
      source: Self.base + "table stats [each t in tutors] { n = count() over sessions.owner }\n"
        + "expect stats: n == 4\n",
      path: "x.scenario")
    let program = try #require(result.program)
    let skipped = DataReplay.uncheckable(program)
    #expect(skipped.count == 0, "n is a written column, so the expectation reads the file: \(skipped)")
    let hidden = ScenarioCompiler.compile(
      source: Self.base + "table stats [each t in tutors] {\n  let n = count() over sessions.owner\n  k = 1\n}\n"
        + "expect stats: n == 4\n",
      path: "x.scenario")
    let p2 = try #require(hidden.program)
    #expect(DataReplay.uncheckable(p2).count == 1)
    let direct = ScenarioCompiler.compile(
      source: Self.base + "table stats [each t in tutors] { k = 1 }\n"
        + "expect stats: (count() over sessions.owner) == 4\n",
      path: "x.scenario")
    let p3 = try #require(direct.program, "\(direct.diagnostics.map(\.message))")
    let reasons = DataReplay.uncheckable(p3).map(\.reason)
    #expect(reasons.count == 1 && reasons[0].contains("aggregate"), "\(reasons)")
  }
}
