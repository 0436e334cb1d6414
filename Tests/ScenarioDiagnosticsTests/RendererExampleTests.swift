import Testing

@testable import ScenarioDiagnostics

/// The four rich-style examples of STYLE.md §3, reproduced byte for byte.
@Suite struct RendererExampleTests {
  @Test func unknownColumnWithHelp() {
    let f = Fixture(lines: [42: "  rating = 3.5 + reliablity * 1.2"])
    let d = Diagnostic(
      code: .unknownColumn, message: "unknown column 'reliablity' in table 'tutor_profiles'",
      span: f.span(42, 18, length: 10), label: "not a column of 'tutor_profiles'",
      help: "did you mean 'reliability_score'?")
    expectRender(
      d, in: [f.file],
      """
      error[E0301]: unknown column 'reliablity' in table 'tutor_profiles'
        --> scenarios/tutor_quality.scenario:42:18
         |
      42 |   rating = 3.5 + reliablity * 1.2
         |                  ^^^^^^^^^^ not a column of 'tutor_profiles'
         |
         = help: did you mean 'reliability_score'?
      """)
  }

  @Test func twoLabelsOnOneLine() {
    let line = #"  student_rating = session_completed ? clamp(quality * 5, 1, 5) : "n/a""#
    let f = Fixture(lines: [31: line])
    let d = Diagnostic(
      code: .branchTypeMismatch, message: "the branches of this conditional have different types",
      span: f.span(31, 67, length: 5), label: "this is 'string'",
      secondary: [Label(f.span(31, 40, length: 24), "this is 'float'")],
      help: "use 'null' for a missing value; the column then becomes 'float?'")
    expectRender(
      d, in: [f.file],
      """
      error[E0402]: the branches of this conditional have different types
        --> scenarios/tutor_quality.scenario:31:67
         |
      31 |   student_rating = session_completed ? clamp(quality * 5, 1, 5) : "n/a"
         |                                        ------------------------   ^^^^^ this is 'string'
         |                                        |
         |                                        this is 'float'
         |
         = help: use 'null' for a missing value; the column then becomes 'float?'
      """)
  }

  @Test func constantArgumentWithNote() {
    let f = Fixture(lines: [19: "  reliability_score = beta(-1, 2)"])
    let d = Diagnostic(
      code: .invalidDistributionParameter,
      message: "invalid parameter for 'beta': alpha must be greater than 0",
      span: f.span(19, 28, length: 2), label: "alpha is -1",
      notes: ["beta(alpha, beta) is defined for alpha > 0 and beta > 0"])
    expectRender(
      d, in: [f.file],
      """
      error[E0503]: invalid parameter for 'beta': alpha must be greater than 0
        --> scenarios/tutor_quality.scenario:19:28
         |
      19 |   reliability_score = beta(-1, 2)
         |                            ^^ alpha is -1
         |
         = note: beta(alpha, beta) is defined for alpha > 0 and beta > 0
      """)
  }

  @Test func unclosedBraceWithElision() {
    var lines: [Int: String] = [
      22: "table sessions [per_day * days] {",
      29: "  student_rating = clamp(2.0 + quality * 2.8, 1, 5)",
      31: "table tutor_aggregates [each t in tutor_profiles] {",
    ]
    for n in 23...28 { lines[n] = "  c\(n) = \(n)" }
    let f = Fixture(lines: lines, total: 33)
    let d = Diagnostic(
      code: .unclosedDelimiter, message: "expected '}' to close the body of table 'sessions'",
      span: f.span(29, 52, length: 0), label: "expected '}' after this line",
      secondary: [
        Label(f.span(22, 33), "body opened here"),
        Label(f.span(31, 1, length: 5), "the next table starts here"),
      ])
    expectRender(
      d, in: [f.file],
      """
      error[E0204]: expected '}' to close the body of table 'sessions'
        --> scenarios/tutor_quality.scenario:29:52
         |
      22 | table sessions [per_day * days] {
         |                                 - body opened here
      ...
      29 |   student_rating = clamp(2.0 + quality * 2.8, 1, 5)
         |                                                    ^ expected '}' after this line
      30 |
      31 | table tutor_aggregates [each t in tutor_profiles] {
         | ----- the next table starts here
      """)
  }

  @Test func runtimeErrorWithNoteAndHelp() {
    let f = Fixture(lines: [37: "  daily_variance = normal(0, spread)"])
    let d = Diagnostic(
      code: .runtimeInvalidParameter, message: "negative standard deviation passed to 'normal'",
      span: f.span(37, 30, length: 6), label: "evaluated to -0.25",
      notes: [#"in table 'sessions', column 'daily_variance', row 4182 (seed 42, mode "dev")"#],
      help: "clamp the parameter, e.g. 'max(spread, 0)', or reject it with an 'expect'")
    expectRender(
      d, in: [f.file],
      """
      error[R0701]: negative standard deviation passed to 'normal'
        --> scenarios/tutor_quality.scenario:37:30
         |
      37 |   daily_variance = normal(0, spread)
         |                              ^^^^^^ evaluated to -0.25
         |
         = note: in table 'sessions', column 'daily_variance', row 4182 (seed 42, mode "dev")
         = help: clamp the parameter, e.g. 'max(spread, 0)', or reject it with an 'expect'
      """)
  }
}
