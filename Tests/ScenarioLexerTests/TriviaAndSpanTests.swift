import ScenarioDiagnostics
import ScenarioLexer
import Testing

/// Comments, line breaks, characters that start no token, byte spans and `startsLine`.
@Suite struct TriviaAndSpanTests {
  static let trivia: [LexCase] = [
    LexCase("", [], name: "empty file"),
    LexCase("   \t  ", [], name: "only blanks"),
    LexCase("# a comment", []),
    LexCase("// a comment", []),
    LexCase("x # c\ny", [Tok(.identifier, "x"), Tok(.identifier, "y")]),
    LexCase("x // c\ny", [Tok(.identifier, "x"), Tok(.identifier, "y")]),
    LexCase("x# glued", [Tok(.identifier, "x")]),
    LexCase("1// glued", [Tok(.int(1), "1")]),
    LexCase("a / b", [Tok(.identifier, "a"), Tok(.slash, "/"), Tok(.identifier, "b")]),
    LexCase("a //b", [Tok(.identifier, "a")]),
    LexCase("# \"not a string\n\"s\"", [Tok(.string, "s")]),
    LexCase("# é😀 名前\nx", [Tok(.identifier, "x")], name: "UTF-8 in a comment"),
    LexCase(
      bytes: Array("# ".utf8) + [0x00, 0x7F] + Array("\nx".utf8), [Tok(.identifier, "x")],
      name: "NUL in a comment"),
    // Invalid UTF-8 in a comment: one error per comment.
    LexCase(
      bytes: Array("# ".utf8) + [0xFF, 0xFE, 0x20, 0xC0] + Array("\nx // ".utf8) + [0x80],
      [Tok(.identifier, "x")], codes: [.invalidUTF8, .invalidUTF8],
      name: "invalid UTF-8 in comments"),
    // CRLF and CR are blanks; only LF ends a line.
    LexCase(
      "a = 1\r\nb = 2\r\n",
      [
        Tok(.identifier, "a"), Tok(.assign, "="), Tok(.int(1), "1"), Tok(.identifier, "b"),
        Tok(.assign, "="), Tok(.int(2), "2"),
      ], name: "CRLF line endings"),
    LexCase(
      "x # c\r\ny", [Tok(.identifier, "x"), Tok(.identifier, "y")], name: "comment before CRLF"),
  ]

  @Test(arguments: trivia)
  func commentsAndBlanks(_ c: LexCase) { expectLex(c) }

  static let unexpected: [LexCase] = [
    LexCase("$", [Tok(.invalid, "$")], codes: [.unexpectedCharacter]),
    LexCase("!", [Tok(.invalid, "!")], codes: [.unexpectedCharacter]),
    LexCase("!x", [Tok(.invalid, "!"), Tok(.identifier, "x")], codes: [.unexpectedCharacter]),
    LexCase(
      "@ ^ `", [Tok(.invalid, "@"), Tok(.invalid, "^"), Tok(.invalid, "`")],
      codes: [.unexpectedCharacter, .unexpectedCharacter, .unexpectedCharacter]),
    LexCase(
      "'a'", [Tok(.invalid, "'"), Tok(.identifier, "a"), Tok(.invalid, "'")],
      codes: [.unexpectedCharacter, .unexpectedCharacter]),
    // A run of stray characters is one token and one diagnostic.
    LexCase("&&", [Tok(.invalid, "&&")], codes: [.unexpectedCharacter]),
    LexCase("@@@$^", [Tok(.invalid, "@@@$^")], codes: [.unexpectedCharacter]),
    LexCase("$$~", [Tok(.invalid, "$$"), Tok(.tilde, "~")], codes: [.unexpectedCharacter]),
    LexCase(
      "a\\b", [Tok(.identifier, "a"), Tok(.invalid, "\\"), Tok(.identifier, "b")],
      codes: [.unexpectedCharacter]),
    LexCase(
      "x = 3 $ 4",
      [
        Tok(.identifier, "x"), Tok(.assign, "="), Tok(.int(3), "3"), Tok(.invalid, "$"),
        Tok(.int(4), "4"),
      ], codes: [.unexpectedCharacter]),
    // A whole scalar is one invalid token, not one per byte.
    LexCase("é", [Tok(.invalid, "é")], codes: [.unexpectedCharacter]),
    LexCase("😀x", [Tok(.invalid, "😀"), Tok(.identifier, "x")], codes: [.unexpectedCharacter]),
    LexCase("名前", [Tok(.invalid, "名前")], codes: [.unexpectedCharacter]),
    LexCase(
      "名 前", [Tok(.invalid, "名"), Tok(.invalid, "前")],
      codes: [.unexpectedCharacter, .unexpectedCharacter]),
    LexCase(bytes: [0x00], [Tok(.invalid, "\0")], codes: [.unexpectedCharacter], name: "NUL"),
    LexCase(
      bytes: [0x78, 0x00, 0x00, 0x79],
      [Tok(.identifier, "x"), Tok(.invalid, "\0\0"), Tok(.identifier, "y")],
      codes: [.unexpectedCharacter], name: "NULs between names"),
    LexCase(bytes: [0x7F], [Tok(.invalid, "\u{7F}")], codes: [.unexpectedCharacter], name: "DEL"),
    LexCase(
      bytes: [0x0C], [Tok(.invalid, "\u{0C}")], codes: [.unexpectedCharacter],
      name: "form feed"),
    // Bytes that are not UTF-8: one E0106 per run, and a token without text.
    LexCase(
      bytes: [0xFF, 0x41], [Tok(.invalid, ""), Tok(.identifier, "A")],
      codes: [.invalidUTF8], name: "0xFF"),
    LexCase(
      bytes: [0x80, 0x80, 0x41], [Tok(.invalid, ""), Tok(.identifier, "A")],
      codes: [.invalidUTF8], name: "continuation bytes"),
    LexCase(
      bytes: [0xC0, 0x80, 0xED, 0xA0, 0x80], [Tok(.invalid, "")],
      codes: [.invalidUTF8], name: "overlong and surrogate"),
    LexCase(
      bytes: [0xFF, 0xC3, 0xA9], [Tok(.invalid, ""), Tok(.invalid, "é")],
      codes: [.invalidUTF8, .unexpectedCharacter], name: "bad byte before a valid character"),
  ]

  @Test(arguments: unexpected)
  func unexpectedCharacters(_ c: LexCase) { expectLex(c) }

  /// `!` alone gets a hint towards `not`; a NUL byte is named by its value, not printed.
  @Test func unexpectedCharacterMessages() {
    let bang = lex("!")
    #expect(bang.diagnostics.first?.message == "unexpected character '!'")
    #expect(bang.diagnostics.first?.help == "use 'not' for negation")
    #expect(lex("$").diagnostics.first?.message == "unexpected character '$'")
    #expect(lex([0x00]).diagnostics.first?.message == "unexpected character byte 0x0")
    #expect(lex("é").diagnostics.first?.message == "unexpected character 'é'")
  }

  /// A byte that is not UTF-8 is reported as such, named by its value.
  @Test func invalidByteMessage() throws {
    let d = try #require(lex([0x61, 0x20, 0xFF, 0xFE]).diagnostics.first)
    #expect(d.code == .invalidUTF8)
    #expect(d.message == "invalid UTF-8 in the source")
    #expect(d.primary.message == "byte 0xFF is not valid UTF-8")
    #expect(d.span == SourceSpan(file: 3, start: 2, end: 4))
  }

  /// Invalid UTF-8 in a comment is reported at the first bad byte.
  @Test func invalidUTF8InComment() throws {
    let result = lex([0x23, 0x20, 0xFF, 0x0A, 0x78])
    #expect(result.diagnostics.map(\.code) == [.invalidUTF8])
    #expect(result.diagnostics.first?.span == SourceSpan(file: 3, start: 2, end: 3))
    #expect(result.body.map(\.text) == ["x"])
  }

  // MARK: - Spans

  /// Byte offsets, not characters: "é" is two bytes.
  @Test func byteSpans() {
    #expect(ranges("x = 1") == [0..<1, 2..<3, 4..<5])
    #expect(ranges("é_ = 1") == [0..<2, 2..<3, 4..<5, 6..<7])
    #expect(ranges("\"é\" ++ x") == [0..<4, 5..<7, 8..<9])
    #expect(ranges("a..b") == [0..<1, 1..<3, 3..<4])
    #expect(ranges("10% 7%3") == [0..<3, 4..<5, 5..<6, 6..<7])
    #expect(ranges("1.5h 2024-06-30T15:00") == [0..<4, 5..<21])
    #expect(ranges("  # c\r\n  x") == [9..<10])
    #expect(ranges("a\r\nb") == [0..<1, 3..<4])
    #expect(ranges("3x+1") == [0..<2, 2..<3, 3..<4])
  }

  /// Diagnostic spans for characters that start no token cover the whole scalar.
  @Test func invalidCharacterSpans() {
    #expect(lex("x $").diagnostics.first?.span == SourceSpan(file: 3, start: 2, end: 3))
    #expect(lex("x 😀").diagnostics.first?.span == SourceSpan(file: 3, start: 2, end: 6))
    #expect(
      lex([0x61, 0x20, 0x00]).diagnostics.first?.span == SourceSpan(file: 3, start: 2, end: 3))
  }

  /// Line and column of a token, derived from its byte offset.
  @Test func lineAndColumn() {
    let result = lex("scenario x\n  seed é\r\n\tnow")
    let locations = result.tokens.map { result.file.location(of: $0.span.start).description }
    #expect(locations == ["1:1", "1:10", "2:3", "2:8", "3:2", "3:5"])
  }

  /// `startsLine` marks the first token after a line break (the first token of the file
  /// included); comments and blank lines in between do not matter.
  @Test func startsLine() {
    let result = lex("a b\nc # x\n\n  d e // y\n# z\nf\r\ng")
    let flags = result.body.map { "\($0.text):\($0.startsLine)" }
    #expect(flags == ["a:true", "b:false", "c:true", "d:true", "e:false", "f:true", "g:true"])
    #expect(result.tokens.last?.startsLine == true)
  }

  /// A token after a string that runs to the end of the line starts that line.
  @Test func startsLineAfterUnterminatedString() {
    let result = lex("x = \"abc\ny")
    #expect(result.body.map(\.startsLine) == [true, false, false, true])
  }

  /// Only `\n` ends a line: a lone `\r` is a blank.
  @Test func loneCarriageReturnIsBlank() {
    let result = lex("a\rb")
    #expect(result.body.map(\.startsLine) == [true, false])
    #expect(result.diagnostics.isEmpty)
  }
}

/// Scanning must end and keep its invariants on any input.
@Suite struct LexerRobustnessTests {
  /// Every single byte, alone and between two names.
  @Test func everyByte() {
    for b in 0...255 {
      expectInvariants(lex([UInt8(b)]))
      expectInvariants(lex([0x61, UInt8(b), 0x62]))
      expectInvariants(lex([0x22, UInt8(b), 0x22]))
      expectInvariants(lex([0x31, UInt8(b), 0x32]))
    }
  }

  /// Every prefix of a file that uses every literal form.
  @Test func everyPrefix() {
    let text = Array(
      #"x = "a\u{1F600}\n" ++ 10% 7%3 1.5h 2024-02-29T10:00:00Z 1e-3 1..5 é $ ! != # c"#.utf8)
    for n in 0...text.count { expectInvariants(lex(Array(text[0..<n]))) }
  }
}
