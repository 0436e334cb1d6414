import ScenarioDiagnostics
import ScenarioLexer
import Testing

/// Template literals expand, in the lexer, into the tokens of a parenthesised concatenation.
@Suite struct TemplateLiteralTests {
  static let valid: [LexCase] = [
    LexCase(#"t"""#, [Tok(.leftParen, "("), Tok(.string, ""), Tok(.rightParen, ")")]),
    LexCase(
      #"t"a {x} b""#,
      [
        Tok(.leftParen, "("), Tok(.string, "a "), Tok(.concat, "++"), Tok(.leftParen, "("), Tok(.identifier, "x"),
        Tok(.rightParen, ")"), Tok(.concat, "++"), Tok(.string, " b"), Tok(.rightParen, ")"),
      ]),
    LexCase(
      #"t"{n}""#,
      [
        Tok(.leftParen, "("), Tok(.string, ""), Tok(.concat, "++"), Tok(.leftParen, "("), Tok(.identifier, "n"),
        Tok(.rightParen, ")"), Tok(.rightParen, ")"),
      ], name: "a slot alone is still text"),
    LexCase(
      #"t"{{x}} \"q\"\n""#, [Tok(.leftParen, "("), Tok(.string, "{x} \"q\"\n"), Tok(.rightParen, ")")],
      name: "literal braces and escapes"),
    LexCase(
      #"t"{choice { "a" 1 }}""#,
      [
        Tok(.leftParen, "("), Tok(.string, ""), Tok(.concat, "++"), Tok(.leftParen, "("), Tok(.keyword(.choice), "choice"),
        Tok(.leftBrace, "{"), Tok(.string, "a"), Tok(.int(1), "1"), Tok(.rightBrace, "}"), Tok(.rightParen, ")"),
        Tok(.rightParen, ")"),
      ], name: "a choice in a slot: braces balance"),
    LexCase("tea", [Tok(.identifier, "tea")]),
    LexCase(#"t "x""#, [Tok(.identifier, "t"), Tok(.string, "x")], name: "a space makes t a name"),
  ]

  @Test(arguments: valid)
  func validTemplates(_ c: LexCase) { expectLex(c) }

  static let invalid: [LexCase] = [
    LexCase(#"t"a"#, [Tok(.leftParen, "("), Tok(.string, "a"), Tok(.rightParen, ")")], codes: [.unterminatedString]),
    LexCase(
      #"t"a } b""#, [Tok(.leftParen, "("), Tok(.string, "a  b"), Tok(.rightParen, ")")], codes: [.invalidEscape],
      name: "a lone closing brace"),
    LexCase(
      #"t"{}""#,
      [
        Tok(.leftParen, "("), Tok(.string, ""), Tok(.concat, "++"), Tok(.leftParen, "("), Tok(.string, ""),
        Tok(.rightParen, ")"), Tok(.rightParen, ")"),
      ], codes: [.expectedExpression], name: "an empty slot"),
  ]

  @Test(arguments: invalid)
  func invalidTemplates(_ c: LexCase) { expectLex(c) }
}
