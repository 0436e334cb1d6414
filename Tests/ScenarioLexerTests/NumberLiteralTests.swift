import ScenarioDiagnostics
import ScenarioLexer
import Testing

/// Integers, floats, percentages, durations, and the places where `%` and `.` change meaning.
@Suite struct NumberLiteralTests {
  static let numbers: [LexCase] = [
    LexCase("0", [Tok(.int(0), "0")]),
    LexCase("42", [Tok(.int(42), "42")]),
    LexCase("007", [Tok(.int(7), "007")]),
    LexCase("1_000_000", [Tok(.int(1_000_000), "1_000_000")]),
    LexCase("1_", [Tok(.int(1), "1_")]),
    LexCase("9223372036854775807", [Tok(.int(Int64.max), "9223372036854775807")]),
    LexCase("3.5", [Tok(.float(3.5), "3.5")]),
    LexCase("0.25", [Tok(.float(0.25), "0.25")]),
    LexCase("1_000.5", [Tok(.float(1000.5), "1_000.5")]),
    LexCase("1e3", [Tok(.float(1000), "1e3")]),
    LexCase("1E3", [Tok(.float(1000), "1E3")]),
    LexCase("1e-3", [Tok(.float(0.001), "1e-3")]),
    LexCase("2.5e+2", [Tok(.float(250), "2.5e+2")]),
    LexCase("6.02e2_3", [Tok(.float(6.02e23), "6.02e2_3")]),
    // A dot not followed by a digit is not part of the number.
    LexCase("1.", [Tok(.int(1), "1"), Tok(.dot, ".")]),
    LexCase(".5", [Tok(.dot, "."), Tok(.int(5), "5")]),
    LexCase("1.x", [Tok(.int(1), "1"), Tok(.dot, "."), Tok(.identifier, "x")]),
    // Ranges.
    LexCase("1..5", [Tok(.int(1), "1"), Tok(.dotDot, ".."), Tok(.int(5), "5")]),
    LexCase("0.5..1.5", [Tok(.float(0.5), "0.5"), Tok(.dotDot, ".."), Tok(.float(1.5), "1.5")]),
    LexCase("1 .. 5", [Tok(.int(1), "1"), Tok(.dotDot, ".."), Tok(.int(5), "5")]),
    // A minus sign is always its own token; the parser folds it.
    LexCase("-5", [Tok(.minus, "-"), Tok(.int(5), "5")]),
    LexCase("1-2", [Tok(.int(1), "1"), Tok(.minus, "-"), Tok(.int(2), "2")]),
  ]

  @Test(arguments: numbers)
  func integersAndFloats(_ c: LexCase) { expectLex(c) }

  static let percentages: [LexCase] = [
    LexCase("10%", [Tok(.percent(0.1), "10%")]),
    LexCase("88%", [Tok(.percent(0.88), "88%")]),
    LexCase("12.5%", [Tok(.percent(0.125), "12.5%")]),
    LexCase("0%", [Tok(.percent(0), "0%")]),
    LexCase("10%)", [Tok(.percent(0.1), "10%"), Tok(.rightParen, ")")]),
    LexCase("50%,", [Tok(.percent(0.5), "50%"), Tok(.comma, ",")]),
    LexCase("10% }", [Tok(.percent(0.1), "10%"), Tok(.rightBrace, "}")]),
    // `%` with spaces or with an operand glued after it is modulo.
    LexCase("7 % 3", [Tok(.int(7), "7"), Tok(.percentSign, "%"), Tok(.int(3), "3")]),
    LexCase("7%3", [Tok(.int(7), "7"), Tok(.percentSign, "%"), Tok(.int(3), "3")]),
    LexCase("7%x", [Tok(.int(7), "7"), Tok(.percentSign, "%"), Tok(.identifier, "x")]),
    LexCase(
      "7%(2)",
      [
        Tok(.int(7), "7"), Tok(.percentSign, "%"), Tok(.leftParen, "("), Tok(.int(2), "2"),
        Tok(.rightParen, ")"),
      ]),
    LexCase("x%3", [Tok(.identifier, "x"), Tok(.percentSign, "%"), Tok(.int(3), "3")]),
    LexCase("7 %3", [Tok(.int(7), "7"), Tok(.percentSign, "%"), Tok(.int(3), "3")]),
  ]

  @Test(arguments: percentages)
  func percentVersusModulo(_ c: LexCase) { expectLex(c) }

  static let durations: [LexCase] = [
    LexCase("30s", [Tok(.duration(30), "30s")]),
    LexCase("90m", [Tok(.duration(5_400), "90m")]),
    LexCase("1.5h", [Tok(.duration(5_400), "1.5h")]),
    LexCase("7d", [Tok(.duration(604_800), "7d")]),
    LexCase("2w", [Tok(.duration(1_209_600), "2w")]),
    LexCase("1_000s", [Tok(.duration(1_000), "1_000s")]),
    LexCase("1e3s", [Tok(.duration(1_000), "1e3s")]),
    LexCase("0.25m", [Tok(.duration(15), "0.25m")]),
    // Rounded to whole seconds, ties away from zero.
    LexCase("0.5s", [Tok(.duration(1), "0.5s")]),
    LexCase("1.5s", [Tok(.duration(2), "1.5s")]),
    LexCase("2.5s", [Tok(.duration(3), "2.5s")]),
    LexCase("0.4s", [Tok(.duration(0), "0.4s")]),
    LexCase(
      "7d+1h", [Tok(.duration(604_800), "7d"), Tok(.plus, "+"), Tok(.duration(3_600), "1h")]),
    LexCase("1..7d", [Tok(.int(1), "1"), Tok(.dotDot, ".."), Tok(.duration(604_800), "7d")]),
  ]

  @Test(arguments: durations)
  func durationLiterals(_ c: LexCase) { expectLex(c) }

  static let invalid: [LexCase] = [
    LexCase("3x", [Tok(.invalid, "3x")], codes: [.invalidNumber]),
    LexCase("3days", [Tok(.invalid, "3days")], codes: [.invalidNumber]),
    LexCase("10ms", [Tok(.invalid, "10ms")], codes: [.invalidNumber]),
    LexCase("0x1F", [Tok(.invalid, "0x1F")], codes: [.invalidNumber]),
    LexCase("1e", [Tok(.invalid, "1e")], codes: [.invalidNumber]),
    LexCase("1e+", [Tok(.invalid, "1e"), Tok(.plus, "+")], codes: [.invalidNumber]),
    LexCase("2d3", [Tok(.invalid, "2d3")], codes: [.invalidNumber]),
    LexCase(
      "18446744073709551616", [Tok(.invalid, "18446744073709551616")], codes: [.invalidNumber]),
    LexCase("1e400%", [Tok(.invalid, "1e400%")], codes: [.invalidNumber]),
    LexCase(
      "99999999999999999999x", [Tok(.invalid, "99999999999999999999x")], codes: [.invalidNumber]),
    LexCase("1e999", [Tok(.invalid, "1e999")], codes: [.invalidNumber]),
    // Too large once converted to seconds.
    LexCase("999999999999w", [Tok(.invalid, "999999999999w")], codes: [.invalidNumber]),
    // The scan goes on after a bad literal.
    LexCase(
      "3x + 4",
      [Tok(.invalid, "3x"), Tok(.plus, "+"), Tok(.int(4), "4")], codes: [.invalidNumber]),
    LexCase(
      "1e999..2", [Tok(.invalid, "1e999"), Tok(.dotDot, ".."), Tok(.int(2), "2")],
      codes: [.invalidNumber]),
  ]

  @Test(arguments: invalid)
  func invalidNumbers(_ c: LexCase) { expectLex(c) }

  /// Above Int64.max and up to UInt64.max an integer is a wide token (a seed, or the magnitude of
  /// -9223372036854775808); the parser decides where it is allowed.
  @Test func wideIntegers() {
    expectLex(LexCase("9223372036854775808", [Tok(.wideInt(1 << 63), "9223372036854775808")], codes: []))
    expectLex(LexCase("18446744073709551615", [Tok(.wideInt(.max), "18446744073709551615")], codes: []))
  }

  /// A float beyond the largest double is "too large", with the float rule in the note, never
  /// the integer rule, and the same with or without '%'.
  @Test func tooLargeFloatsSayWhy() {
    for text in ["1e400", "1e400%"] {
      let d = lex("x = \(text)").diagnostics
      #expect(d.count == 1)
      #expect(d.first?.message == "number literal '\(text)' is too large")
      #expect(d.first?.notes.first?.contains("1.8e308") == true)
    }
  }

  /// A bad suffix is reported on the whole literal and names the suffix.
  @Test func badSuffixDiagnostic() throws {
    let result = lex("x = 3x")
    #expect(result.diagnostics.count == 1)
    let d = try #require(result.diagnostics.first)
    #expect(d.code == .invalidNumber)
    #expect(d.span == SourceSpan(file: 3, start: 4, end: 6))
    #expect(d.message == "invalid number literal '3x'")
    #expect(d.primary.message.contains("'x'"))
  }
}
