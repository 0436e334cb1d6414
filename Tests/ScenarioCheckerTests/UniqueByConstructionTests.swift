import ScenarioIR
import ScenarioKit
import Testing

/// `unique(x)` is proved at compile time when `x` is an injective function of `row`, and
/// measured otherwise.
@Suite("unique by construction")
struct UniqueByConstructionTests {
  static func statistic(_ column: String) throws -> Statistic {
    let source = """
      scenario u
      table t [10] {
        id = row
        k = \(column)
        p = uniform_int(1, 5)
      }
      expect t: unique(k)
      """
    let result = ScenarioCompiler.compile(source: source, path: "u.scenario")
    let program = try #require(result.program, "\(result.diagnostics.map(\.message))")
    return try #require(program.expectations.first).statistic
  }

  @Test(
    "injective keys are proved",
    arguments: [
      "row", "row + 1", "1 + row", "100 - row", "row * 3", "\"S\" ++ pad(row + 1, 6)", "pad(row, 2) ++ \"x\"",
      "text(row)", "\"T\" ++ (row + 1)", "id", "\"K\" ++ pad(id + 1, 4)",
    ])
  func proved(_ column: String) throws {
    #expect(try Self.statistic(column) == .uniqueByConstruction, "\(column)")
  }

  @Test(
    "other keys are measured",
    arguments: [
      "row % 3", "row * 0", "p", "row + p", "\"S\" ++ pad(p, 2)", "row / 2", "text(row) ++ text(row)",
      "float(row)", "abs(row - 5)",
    ])
  func measured(_ column: String) throws {
    #expect(try Self.statistic(column) == .unique, "\(column)")
  }

  @Test("files are checked for real")
  func filesAreMeasured() throws {
    let result = ScenarioCompiler.compile(
      source: "scenario u\ntable t [3] { k = row }\nexpect t: unique(k)\n", path: "u.scenario")
    let program = try #require(result.program)
    #expect(program.expectations[0].statistic == .uniqueByConstruction)
    #expect(DataReplay.forFiles(program.expectations)[0].statistic == .unique)
  }
}
