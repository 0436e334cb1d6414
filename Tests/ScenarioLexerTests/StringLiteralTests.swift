import ScenarioDiagnostics
import ScenarioLexer
import Testing

/// String literals: escapes, Unicode, and every way a string can be broken.
@Suite struct StringLiteralTests {
  static let valid: [LexCase] = [
    LexCase(#""""#, [Tok(.string, "")]),
    LexCase(#""abc""#, [Tok(.string, "abc")]),
    LexCase(#""a\nb""#, [Tok(.string, "a\nb")]),
    LexCase(#""\t""#, [Tok(.string, "\t")]),
    LexCase(#""\r""#, [Tok(.string, "\r")]),
    LexCase(#""\0""#, [Tok(.string, "\0")]),
    LexCase(#""\"""#, [Tok(.string, "\"")]),
    LexCase(#""\\""#, [Tok(.string, "\\")]),
    LexCase(#""ok, \"fine\"""#, [Tok(.string, "ok, \"fine\"")]),
    LexCase(#""\n\t\r\0\"\\""#, [Tok(.string, "\n\t\r\0\"\\")], name: "every escape"),
    LexCase(#""\u{41}""#, [Tok(.string, "A")]),
    LexCase(#""\u{e9}""#, [Tok(.string, "é")]),
    LexCase(#""\u{20AC}""#, [Tok(.string, "€")]),
    LexCase(#""\u{1F600}""#, [Tok(.string, "😀")]),
    LexCase(#""\u{0001F600}""#, [Tok(.string, "😀")]),
    LexCase(#""\u{10FFFF}""#, [Tok(.string, "\u{10FFFF}")]),
    // Raw UTF-8 is copied as is.
    LexCase(#""é€😀名前""#, [Tok(.string, "é€😀名前")]),
    // Comment starters inside a string are text.
    LexCase(##""# not // a comment""##, [Tok(.string, "# not // a comment")]),
    LexCase(
      #""a" ++ "b""#, [Tok(.string, "a"), Tok(.concat, "++"), Tok(.string, "b")]),
    // A raw tab and a raw carriage return are allowed inside a string.
    LexCase("\"a\tb\"", [Tok(.string, "a\tb")], name: "raw tab"),
    LexCase(
      bytes: Array("\"a".utf8) + [0x00] + Array("b\"".utf8), [Tok(.string, "a\0b")],
      name: "raw NUL byte in a string"),
  ]

  @Test(arguments: valid)
  func validStrings(_ c: LexCase) { expectLex(c) }

  static let invalid: [LexCase] = [
    // Unterminated: the token still carries what was read; the next line lexes normally.
    LexCase(#""abc"#, [Tok(.string, "abc")], codes: [.unterminatedString]),
    LexCase(
      "\"abc\nx", [Tok(.string, "abc"), Tok(.identifier, "x")], codes: [.unterminatedString],
      name: "unterminated before a newline"),
    LexCase(
      "\"abc\r\nx", [Tok(.string, "abc\r"), Tok(.identifier, "x")],
      codes: [.unterminatedString], name: "unterminated before CRLF"),
    LexCase(#"""#, [Tok(.string, "")], codes: [.unterminatedString]),
    LexCase(
      #""abc\"#, [Tok(.string, "abc")], codes: [.invalidEscape, .unterminatedString],
      name: "backslash at end of file"),
    LexCase(
      "\"a\\\nb", [Tok(.string, "a"), Tok(.identifier, "b")],
      codes: [.invalidEscape, .unterminatedString], name: "backslash before a newline"),
    // Invalid escapes drop the escape and keep going.
    LexCase(#""a\qb""#, [Tok(.string, "ab")], codes: [.invalidEscape]),
    LexCase(#""\x41""#, [Tok(.string, "41")], codes: [.invalidEscape]),
    LexCase(#""\u0041""#, [Tok(.string, "0041")], codes: [.invalidEscape]),
    LexCase(#""\u{}""#, [Tok(.string, "}")], codes: [.invalidEscape]),
    LexCase(#""\u{41""#, [Tok(.string, "")], codes: [.invalidEscape]),
    LexCase(#""\u{D800}""#, [Tok(.string, "}")], codes: [.invalidEscape]),
    LexCase(#""\u{110000}""#, [Tok(.string, "}")], codes: [.invalidEscape]),
    LexCase(#""\u{123456789}""#, [Tok(.string, "9}")], codes: [.invalidEscape]),
    LexCase(#""\u{zz}""#, [Tok(.string, "zz}")], codes: [.invalidEscape]),
    LexCase(#""\q\q""#, [Tok(.string, "")], codes: [.invalidEscape, .invalidEscape]),
    // Invalid UTF-8: the bad bytes are dropped and reported once per sequence.
    LexCase(
      bytes: [0x22, 0x61, 0xFF, 0x62, 0x22], [Tok(.string, "ab")], codes: [.invalidUTF8],
      name: "0xFF in a string"),
    LexCase(
      bytes: [0x22, 0x80, 0x22], [Tok(.string, "")], codes: [.invalidUTF8],
      name: "lone continuation byte"),
    LexCase(
      bytes: [0x22, 0xC0, 0x80, 0x22], [Tok(.string, "")], codes: [.invalidUTF8],
      name: "overlong NUL"),
    LexCase(
      bytes: [0x22, 0xED, 0xA0, 0x80, 0x22], [Tok(.string, "")], codes: [.invalidUTF8],
      name: "encoded surrogate"),
    LexCase(
      bytes: [0x22, 0xE2, 0x82, 0x22], [Tok(.string, "")], codes: [.invalidUTF8],
      name: "truncated sequence before the quote"),
    LexCase(
      bytes: [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], [Tok(.string, "")], codes: [.invalidUTF8],
      name: "above U+10FFFF"),
    LexCase(
      bytes: [0x22, 0xF0, 0x9F, 0x98], [Tok(.string, "")],
      codes: [.invalidUTF8, .unterminatedString], name: "truncated at end of file"),
    LexCase(
      bytes: [0x22, 0xFF, 0xFE, 0x22, 0x20, 0x78], [Tok(.string, ""), Tok(.identifier, "x")],
      codes: [.invalidUTF8, .invalidUTF8], name: "two bad bytes"),
  ]

  @Test(arguments: invalid)
  func invalidStrings(_ c: LexCase) { expectLex(c) }

  /// Spans: the token covers both quotes; an unterminated string is reported at its quote.
  @Test func stringSpans() throws {
    let ok = lex(#"x = "é\n""#)
    #expect(ok.body[2].span == SourceSpan(file: 3, start: 4, end: 10))
    let bad = lex("x = \"abc\ny")
    let d = try #require(bad.diagnostics.first)
    #expect(d.code == .unterminatedString)
    #expect(d.span == SourceSpan(file: 3, start: 4, end: 5))
    #expect(bad.body[2].span == SourceSpan(file: 3, start: 4, end: 8))
    let escape = lex(#"x = "a\qb""#)
    #expect(escape.diagnostics.first?.span == SourceSpan(file: 3, start: 6, end: 8))
  }

  /// An invalid escape followed by a multi-byte character is one error, not two, and the span
  /// does not end inside the character.
  @Test
  func escapeBeforeMultiByteCharacter() {
    expectLex(LexCase(#""\é""#, [Tok(.string, "")], codes: [.invalidEscape]))
  }
}
