import ScenarioDiagnostics
import ScenarioLexer
import Testing

/// Dates and date-times, valid and invalid.
@Suite struct DateLiteralTests {
  /// Days from 1970-01-01 (computed independently of `CivilCalendar`).
  static let leapDay2024: Int64 = 19_782
  static let june30th2024: Int64 = 19_904

  static let valid: [LexCase] = [
    LexCase("1970-01-01", [Tok(.date(0), "1970-01-01")]),
    LexCase("1969-12-31", [Tok(.date(-1), "1969-12-31")]),
    LexCase("2000-03-01", [Tok(.date(11_017), "2000-03-01")]),
    LexCase("2024-02-29", [Tok(.date(leapDay2024), "2024-02-29")]),
    LexCase("2024-06-30", [Tok(.date(june30th2024), "2024-06-30")]),
    LexCase(
      "2024-06-30T15:00:00",
      [Tok(.datetime(june30th2024 * 86_400 + 54_000), "2024-06-30T15:00:00")]),
    LexCase(
      "2024-06-30T15:00", [Tok(.datetime(june30th2024 * 86_400 + 54_000), "2024-06-30T15:00")]),
    LexCase(
      "2024-06-30T23:59:59Z",
      [Tok(.datetime(june30th2024 * 86_400 + 86_399), "2024-06-30T23:59:59Z")]),
    LexCase(
      "2024-02-29T00:00:00", [Tok(.datetime(leapDay2024 * 86_400), "2024-02-29T00:00:00")]),
    // An offset right after the time: the value is the UTC instant.
    LexCase(
      "2024-06-30T00:00:00+02:00",
      [Tok(.datetime(june30th2024 * 86_400 - 7_200), "2024-06-30T00:00:00+02:00")]),
    LexCase(
      "2024-06-30T15:00-05:30",
      [Tok(.datetime(june30th2024 * 86_400 + 54_000 + 19_800), "2024-06-30T15:00-05:30")]),
    LexCase(
      "2024-06-30T00:00:00+00:00", [Tok(.datetime(june30th2024 * 86_400), "2024-06-30T00:00:00+00:00")]),
    // With a space, '+' is addition again; an incomplete offset is not an offset.
    LexCase(
      "2024-06-30T00:00 + 2h",
      [Tok(.datetime(june30th2024 * 86_400), "2024-06-30T00:00"), Tok(.plus, "+"), Tok(.duration(7_200), "2h")]),
    LexCase(
      "2024-06-30T00:00+2h",
      [Tok(.datetime(june30th2024 * 86_400), "2024-06-30T00:00"), Tok(.plus, "+"), Tok(.duration(7_200), "2h")]),
    // A date ends where the date shape ends.
    LexCase(
      "2024-06-30..2024-07-01",
      [
        Tok(.date(june30th2024), "2024-06-30"), Tok(.dotDot, ".."),
        Tok(.date(june30th2024 + 1), "2024-07-01"),
      ]),
    LexCase(
      "2024-06-30 + 1d",
      [Tok(.date(june30th2024), "2024-06-30"), Tok(.plus, "+"), Tok(.duration(86_400), "1d")]),
    LexCase(
      "2024-06-30T10:00:",
      [Tok(.datetime(june30th2024 * 86_400 + 36_000), "2024-06-30T10:00"), Tok(.colon, ":")]),
    // Not date-shaped: ordinary subtraction.
    LexCase(
      "2024-6-30",
      [
        Tok(.int(2024), "2024"), Tok(.minus, "-"), Tok(.int(6), "6"), Tok(.minus, "-"),
        Tok(.int(30), "30"),
      ]),
    LexCase(
      "12024-01-01",
      [
        Tok(.int(12024), "12024"), Tok(.minus, "-"), Tok(.int(1), "01"), Tok(.minus, "-"),
        Tok(.int(1), "01"),
      ]),
  ]

  @Test(arguments: valid)
  func validDates(_ c: LexCase) { expectLex(c) }

  static let invalid: [LexCase] = [
    LexCase("2023-02-29", [Tok(.invalid, "2023-02-29")], codes: [.invalidDateTime]),
    LexCase("1900-02-29", [Tok(.invalid, "1900-02-29")], codes: [.invalidDateTime]),
    LexCase("2024-13-01", [Tok(.invalid, "2024-13-01")], codes: [.invalidDateTime]),
    LexCase("2024-00-10", [Tok(.invalid, "2024-00-10")], codes: [.invalidDateTime]),
    LexCase("2024-04-31", [Tok(.invalid, "2024-04-31")], codes: [.invalidDateTime]),
    LexCase("2024-01-00", [Tok(.invalid, "2024-01-00")], codes: [.invalidDateTime]),
    LexCase(
      "2024-06-30T24:00:00", [Tok(.invalid, "2024-06-30T24:00:00")], codes: [.invalidDateTime]),
    LexCase("2024-06-30T23:60", [Tok(.invalid, "2024-06-30T23:60")], codes: [.invalidDateTime]),
    LexCase(
      "2024-06-30T23:59:60", [Tok(.invalid, "2024-06-30T23:59:60")], codes: [.invalidDateTime]),
    LexCase("2024-06-30x", [Tok(.invalid, "2024-06-30x")], codes: [.invalidDateTime]),
    LexCase("2024-06-30Tnoon", [Tok(.invalid, "2024-06-30Tnoon")], codes: [.invalidDateTime]),
    LexCase(
      "2024-06-30T00:00+19:00", [Tok(.invalid, "2024-06-30T00:00+19:00")], codes: [.invalidDateTime]),
    LexCase(
      "2024-06-30T00:00+02:60", [Tok(.invalid, "2024-06-30T00:00+02:60")], codes: [.invalidDateTime]),
    // The scan continues after the bad literal.
    LexCase(
      "2023-02-29 + 1",
      [Tok(.invalid, "2023-02-29"), Tok(.plus, "+"), Tok(.int(1), "1")], codes: [.invalidDateTime]),
  ]

  @Test(arguments: invalid)
  func invalidDates(_ c: LexCase) { expectLex(c) }

  /// The diagnostics say what is wrong with the date.
  @Test(arguments: [
    ("2023-02-29", "day 29 does not exist in 2023-02"),
    ("2024-13-01", "month 13 does not exist"),
    ("2024-06-30T24:00", "time of day out of range"),
  ])
  func invalidDateReason(_ source: String, _ reason: String) throws {
    let result = lex("now " + source)
    let d = try #require(result.diagnostics.first)
    #expect(result.diagnostics.count == 1)
    #expect(d.primary.message == reason)
    #expect(d.span == SourceSpan(file: 3, start: 4, end: 4 + source.utf8.count))
  }
}
