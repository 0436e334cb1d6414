import Foundation
import ScenarioKit
import Testing

/// `expect OUTPUT: ...` on a shared output measures the rows of all its parts as one table, in
/// the output's row order.
@Suite("Expectations on shared outputs")
struct SharedOutputExpectationTests {
  static let source = """
    scenario shared
    seed 4
    now 2024-06-30T00:00:00

    table users [20] {
      key user_id
      user_id = row + 1
    }

    table logins [2 per u in users] into events {
      key event_id
      event_id = "E" ++ pad(row + 1, 4)
      user = u
      kind = "login"
      minutes = uniform_int(1, 30)
    }

    table clicks [each u in users where u.user_id <= 5] into events {
      key event_id
      event_id = "E" ++ pad(row + 1, 4)
      user = u
      kind = "click"
      minutes = uniform_int(100, 200)
    }

    table clashes [each u in users where u.user_id <= 3] into dup_events {
      key event_id
      event_id = "D" ++ pad(u.user_id, 2)
      user = u
    }

    table more_clashes [each u in users where u.user_id <= 3] into dup_events {
      key event_id
      event_id = "D" ++ pad(u.user_id, 2)
      user = u
    }

    expect events: count == 45
    expect events: unique(event_id)
    expect events: rate(kind == "click") ~ 5 / 45 +- 0.000001
    expect events: max(minutes) >= 100
    expect logins: count == 40
    expect dup_events: unique(event_id)
    """

  @Test("every part's rows count, in output order")
  func measuredAsOne() throws {
    let program = try EngineFixture.compile(Self.source)
    let checker = ExpectationChecker(program: program)
    let run = try ObservedRun.run(program, threads: 2, observers: [checker])
    let results = Dictionary(checker.results.map { ($0.text, $0) }, uniquingKeysWith: { a, _ in a })
    for text in ["count == 45", "unique(event_id)", "rate(kind == \"click\") ~ 5 / 45 +- 0.000001", "max(minutes) >= 100"] {
      let r = try #require(results.values.first { $0.text == text && $0.table == "events" }, "\(text)")
      #expect(r.passed, "\(text): \(r.measuredText) \(r.detail ?? "")")
      #expect(r.n == 45)
    }
    let logins = try #require(results["count == 40"])
    #expect(logins.table == "logins" && logins.passed)
    // Duplicates across two parts are found, at their rows in the output.
    let dup = try #require(checker.results.first { $0.table == "dup_events" })
    #expect(!dup.passed)
    #expect(dup.measured == 3)
    #expect(run.files["events.csv"] != nil && run.files["logins.csv"] == nil)
  }

  @Test("an expectation on an unknown output or column is reported")
  func errors() {
    let result = ScenarioCompiler.compile(
      source: Self.source + "\nexpect events: mean(nosuch) > 1\nexpect evnts: count > 1\n", path: "x.scenario")
    let messages = result.diagnostics.filter { $0.severity == .error }.map(\.message)
    #expect(messages.contains { $0.contains("nosuch") })
    #expect(messages.contains { $0.contains("unknown table 'evnts'") })
    let help = result.diagnostics.first { $0.message.contains("'evnts'") }?.help
    #expect(help == "did you mean 'events'?", "\(help ?? "no help")")
  }
}
