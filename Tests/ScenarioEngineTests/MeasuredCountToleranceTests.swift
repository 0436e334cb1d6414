import Foundation
import ScenarioKit
import Testing

/// A tolerance may name `n`, the number of rows or values the aggregate measured: the target
/// widens for a filter that keeps few values, the report shows the tolerance for the n
/// measured, and only the form `a + b / sqrt(n)` is accepted. Range misses say by how much.
@Suite("Tolerances from the measured count n")
struct MeasuredCountToleranceTests {
  static let source = """
    scenario n_tolerance
    seed 12
    table t [400] {
      flag = row % 4 == 0
      x: float? = row < 16 ? 1.0 : null
      y = normal(10, 2)
    }
    expect t: rate(flag) ~ 0.25 +- 5 * 0.433 / sqrt(n)
    expect t: mean(x) ~ 0.5 +- 5 * 0.5 / sqrt(n)
    expect t: mean(y) ~ 10 +- 0.01 + 5 * 2 / sqrt(n)
    report t: mean(y) in 20..30
    """

  static func results() throws -> [String: ExpectationResult] {
    let program = try EngineFixture.compile(Self.source)
    let checker = ExpectationChecker(program: program)
    _ = try ObservedRun.run(program, threads: 1, observers: [checker], keepFiles: false)
    return Dictionary(uniqueKeysWithValues: checker.results.map { ($0.text, $0) })
  }

  @Test("the tolerance is computed for the n each aggregate measured")
  func perMeasuredCount() throws {
    let r = try Self.results()
    let rate = try #require(r["rate(flag) ~ 0.25 +- 5 * 0.433 / sqrt(n)"])
    #expect(rate.n == 400)
    #expect(rate.target == "0.25 ± 0.10825")
    #expect(rate.passed)
    // 16 values, all 1.0: 0.5 away from the target, within 5 * 0.5 / 4 = 0.625.
    let mean = try #require(r["mean(x) ~ 0.5 +- 5 * 0.5 / sqrt(n)"])
    #expect(mean.n == 16)
    #expect(mean.target == "0.5 ± 0.625")
    #expect(mean.passed)
    let y = try #require(r["mean(y) ~ 10 +- 0.01 + 5 * 2 / sqrt(n)"])
    #expect(y.target == "10 ± 0.51")
  }

  @Test("a range missed says by how much")
  func rangeDetail() throws {
    let r = try Self.results()
    let missed = try #require(r["mean(y) in 20..30"])
    #expect(!missed.passed && !missed.failed)
    #expect(missed.detail?.hasPrefix("below the range by 9.9") == true, "\(missed.detail ?? "")")
  }

  @Test("other forms of n are a located error; a scenario's own n is a constant")
  func forms() throws {
    let base = "scenario s\nseed 1\ntable t [10] {\n  y = normal(0, 1)\n}\n"
    for tolerance in ["5 / n", "5 / sqrt(n - 1)", "n * 0.001"] {
      let result = ScenarioCompiler.compile(source: base + "expect t: mean(y) ~ 0 +- \(tolerance)\n", path: "s.scenario")
      let errors = result.diagnostics.filter { $0.severity == .error }
      #expect(errors.map(\.message) == ["a tolerance can depend on 'n' only as 'a + b / sqrt(n)'"], "\(tolerance)")
      #expect(errors.first?.code == .argumentTypeMismatch)
    }
    let own = ScenarioCompiler.compile(
      source: "scenario s\nseed 1\nparam n = 100\ntable t [10] {\n  y = normal(0, 1)\n}\nexpect t: mean(y) ~ 0 +- 5 / sqrt(n)\n",
      path: "s.scenario")
    let program = try #require(own.program)
    #expect(program.expectations[0].tolerancePerRootN == 0)
    #expect(program.expectations[0].target == .approximately(0, tolerance: 0.5))
  }
}
