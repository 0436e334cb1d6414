import ScenarioDiagnostics
import ScenarioLexer
import Testing

/// Raw strings, `r"..."` and `r#"..."#`: no escapes, on one line, closed by a quote and as many
/// `#` as opened them; `r` alone stays an identifier.
@Suite struct RawStringLiteralTests {
  static let valid: [LexCase] = [
    LexCase(#"r"""#, [Tok(.string, "")]),
    LexCase(#"r"\d{3}-\w+""#, [Tok(.string, #"\d{3}-\w+"#)], name: "backslashes stand for themselves"),
    LexCase(#"r"\""#, [Tok(.string, #"\"#)], name: "a lone backslash"),
    LexCase(##"r#"say "hi""#"##, [Tok(.string, #"say "hi""#)], name: "quotes inside r#"),
    LexCase(###"r##"a"#b"##"###, [Tok(.string, ##"a"#b"##)], name: "two hashes"),
    LexCase(#"r"é # not a comment""#, [Tok(.string, "é # not a comment")]),
    LexCase(#"r "x""#, [Tok(.identifier, "r"), Tok(.string, "x")], name: "a space makes r an identifier"),
    LexCase("r + 1", [Tok(.identifier, "r"), Tok(.plus, "+"), Tok(.int(1), "1")]),
    LexCase("rate", [Tok(.identifier, "rate")]),
    LexCase("r# a comment", [Tok(.identifier, "r")], name: "r then a comment"),
    LexCase(#"r"a" ++ "b""#, [Tok(.string, "a"), Tok(.concat, "++"), Tok(.string, "b")]),
  ]

  @Test(arguments: valid)
  func validRawStrings(_ c: LexCase) { expectLex(c) }

  static let invalid: [LexCase] = [
    LexCase(#"r"abc"#, [Tok(.string, "abc")], codes: [.unterminatedString]),
    LexCase("r\"abc\nx", [Tok(.string, "abc"), Tok(.identifier, "x")], codes: [.unterminatedString], name: "raw string before a newline"),
    LexCase(##"r#"abc""##, [Tok(.string, #"abc""#)], codes: [.unterminatedString], name: "missing closing hash"),
    LexCase(bytes: Array("r\"a".utf8) + [0xFF] + Array("b\"".utf8), [Tok(.string, "ab")], codes: [.invalidUTF8], name: "invalid UTF-8"),
  ]

  @Test(arguments: invalid)
  func invalidRawStrings(_ c: LexCase) { expectLex(c) }
}
