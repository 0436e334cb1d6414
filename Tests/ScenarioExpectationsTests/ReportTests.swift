import ScenarioExpectations
import ScenarioIR
import Testing

/// The expectation report as text and JSON, and the number formats it uses.
@Suite("Expectation report")
struct ReportTests {
  /// Four rows: x = 1, 2, 3, 4; flag = true, false, true, false.
  static func results() -> [ExpectationResult] {
    let table = Fixture.table("t", rows: 4, slots: [], probes: 3)
    let program = Fixture.program(
      [table],
      expectations: [
        Fixture.expect(0, "count in 3..5", .count, .range(3, 5)),
        Fixture.expect(
          0, "mean(x) ~ 2 +- 0.25", .mean, probes: [0], .approximately(2, tolerance: 0.25)),
        Fixture.expect(0, "every row:\n  x < 4", .everyRow, probes: [2], .noViolations),
        Fixture.expect(0, "rate(flag) >= 0.5", .rate, probes: [1], .compare(.greaterEqual, 0.5)),
        Fixture.expect(0, "sd(x) in 1..2", .sd, probes: [0], .range(1, 2)),
      ])
    let checker = ExpectationChecker(program: program)
    let x: [Value] = (1...4).map { .int($0) }
    let flag: [Value] = [true, false, true, false].map { .bool($0) }
    let below4: [Value] = (1...4).map { .bool($0 < 4) }
    Fixture.feed(checker, table: 0, columns: [], probes: [x, flag, below4], chunkSize: 3)
    return checker.results
  }

  @Test("the text table aligns columns and puts failure details below their rows")
  func text() {
    let expected = """
      status  table  expectation          target         measured  n
      PASS    t      count in 3..5        in 3..5               4  4
      FAIL    t      mean(x) ~ 2 +- 0.25  2 ± 0.25            2.5  4
              off by 0.5 (tolerance 0.25)
      FAIL    t      every row: x < 4     no violations         1  4
              1 of 4 rows violates it: row 3
      PASS    t      rate(flag) >= 0.5    >= 0.5              0.5  4
      PASS    t      sd(x) in 1..2        in 1..2           1.291  4
      expectations: 3 passed, 2 failed

      """
    #expect(ExpectationChecker.render(Self.results(), color: false) == expected)
  }

  @Test("colour marks PASS green and FAIL red without changing the alignment")
  func color() {
    let colored = ExpectationChecker.render(Self.results(), color: true)
    let plain = colored.replacingEscapes()
    #expect(plain == ExpectationChecker.render(Self.results(), color: false))
    #expect(colored.contains("\u{1B}[32mPASS\u{1B}[0m    t"))
    #expect(colored.contains("\u{1B}[1;31mFAIL\u{1B}[0m    t"))
    #expect(colored.hasSuffix("3 passed, \u{1B}[1;31m2 failed\u{1B}[0m\n"))
    #expect(
      ExpectationChecker.render([], color: true).hasSuffix("expectations: 0 passed, 0 failed\n"))
  }

  @Test("JSON lists every field in a fixed order")
  func json() {
    let all = Self.results()
    let expected = """
      {
        "expectations": [
          {
            "index": 1,
            "table": "t",
            "text": "mean(x) ~ 2 +- 0.25",
            "target": "2 ± 0.25",
            "measured": 2.5,
            "measured_text": "2.5",
            "n": 4,
            "passed": false,
            "report_only": false,
            "detail": "off by 0.5 (tolerance 0.25)"
          },
          {
            "index": 2,
            "table": "t",
            "text": "every row:\\n  x < 4",
            "target": "no violations",
            "measured": 1,
            "measured_text": "1",
            "n": 4,
            "passed": false,
            "report_only": false,
            "detail": "1 of 4 rows violates it: row 3"
          },
          {
            "index": 4,
            "table": "t",
            "text": "sd(x) in 1..2",
            "target": "in 1..2",
            "measured": 1.2909944487358056,
            "measured_text": "1.291",
            "n": 4,
            "passed": true,
            "report_only": false,
            "detail": null
          }
        ],
        "passed": 1,
        "failed": 2,
        "reported": 0
      }

      """
    #expect(ExpectationChecker.renderJSON([all[1], all[2], all[4]]) == expected)
    #expect(
      ExpectationChecker.renderJSON([])
        == "{\n  \"expectations\": [],\n  \"passed\": 0,\n  \"failed\": 0,\n  \"reported\": 0\n}\n")
  }

  @Test("dates, date-times and durations are reported as such")
  func units() {
    let table = Fixture.table(
      "t", rows: 3, slots: [], probeTypes: [.date, .duration, .datetime])
    let program = Fixture.program(
      [table],
      expectations: [
        Fixture.expect(
          0, "mean(d) ~ 2024-01-02 +- 1d", .mean, probes: [0], .approximately(19_724, tolerance: 1)),
        Fixture.expect(0, "sd(d) < 2", .sd, probes: [0], .compare(.less, 2)),
        Fixture.expect(0, "max(w) <= 1h", .max, probes: [1], .compare(.lessEqual, 3600)),
        Fixture.expect(
          0, "mean(w) ~ 30m +- 5m", .mean, probes: [1], .approximately(1800, tolerance: 300)),
        Fixture.expect(
          0, "median(t) in ...", .quantile(0.5), probes: [2], .range(1_704_067_200, 1_704_070_800)),
        Fixture.expect(0, "unique(d)", .unique, probes: [0], .noViolations),
      ])
    let checker = ExpectationChecker(program: program)
    let d: [Value] = [19_723, 19_724, 19_730].map { .date($0) }
    let w: [Value] = [600, 1200, 7200].map { .duration($0) }
    let t: [Value] = [1_704_067_200, 1_704_069_000, 1_704_153_600].map { .datetime($0) }
    Fixture.feed(checker, table: 0, columns: [], probes: [d, w, t], chunkSize: 2)
    let r = checker.results
    #expect(
      r.map(\.target) == [
        "2024-01-02 ± 1 day", "< 2 days", "<= PT1H", "PT30M ± PT5M",
        "in 2024-01-01T00:00:00Z..2024-01-01T01:00:00Z", "no violations",
      ])
    #expect(
      r.map(\.measuredText) == [
        "2024-01-04", "3.7859 days", "PT2H", "PT50M", "2024-01-01T00:30:00Z", "0",
      ])
    #expect(r.map(\.passed) == [false, false, false, false, true, true])
    #expect(r[0].detail == "off by 1.6667 days (tolerance 1 day)")
    #expect(r[3].detail == "off by PT20M (tolerance PT5M)")
    #expect(r[0].measured == 59_177.0 / 3)
  }

  @Test(
    "measured values: integers as integers, otherwise 4 decimals or 4 significant digits",
    arguments: [
      (150.0, "150"), (-0.0, "0"), (0.88123, "0.8812"), (149.56789, "149.5679"), (2.5, "2.5"),
      (1.0 / 3, "0.3333"), (0.000123456, "0.0001235"), (-0.05, "-0.05"), (0.99999999, "1"),
      (.nan, "n/a"), (.infinity, "inf"), (1e-30, "1e-30"), (123456789.123, "123456789.123"),
      (1e20 + 0.5, "1e+20"), (-2.00004, "-2"), (0.07, "0.07"),
    ])
  func measuredText(x: Double, text: String) {
    #expect(NumberText.measured(x) == text)
  }

  @Test("JSON strings escape quotes, backslashes and control characters")
  func jsonQuote() {
    #expect(JSONText.quote("a\"b\\c\n\t\u{1}é") == "\"a\\\"b\\\\c\\n\\t\\u0001é\"")
    #expect(NumberText.json(.nan) == "null")
    #expect(NumberText.json(0.1) == "0.1")
    #expect(NumberText.json(-3) == "-3")
  }
}

extension String {
  /// The text without ANSI colour escapes.
  func replacingEscapes() -> String {
    var out = ""
    var inEscape = false
    for ch in self {
      if ch == "\u{1B}" {
        inEscape = true
      } else if inEscape {
        if ch == "m" { inEscape = false }
      } else {
        out.append(ch)
      }
    }
    return out
  }
}
