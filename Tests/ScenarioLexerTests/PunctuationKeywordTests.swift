import ScenarioDiagnostics
import ScenarioLexer
import Testing

/// Every punctuation token and every reserved word, and the words that only look like them.
@Suite struct PunctuationKeywordTests {
  static let punctuation: [LexCase] = [
    LexCase("{", [Tok(.leftBrace, "{")]),
    LexCase("}", [Tok(.rightBrace, "}")]),
    LexCase("(", [Tok(.leftParen, "(")]),
    LexCase(")", [Tok(.rightParen, ")")]),
    LexCase("[", [Tok(.leftBracket, "[")]),
    LexCase("]", [Tok(.rightBracket, "]")]),
    LexCase(",", [Tok(.comma, ",")]),
    LexCase(":", [Tok(.colon, ":")]),
    LexCase(";", [Tok(.semicolon, ";")]),
    LexCase(".", [Tok(.dot, ".")]),
    LexCase("..", [Tok(.dotDot, "..")]),
    LexCase("?", [Tok(.question, "?")]),
    LexCase("|", [Tok(.pipe, "|")]),
    LexCase("=>", [Tok(.arrow, "=>")]),
    LexCase("=", [Tok(.assign, "=")]),
    LexCase("==", [Tok(.equal, "==")]),
    LexCase("!=", [Tok(.notEqual, "!=")]),
    LexCase("<", [Tok(.less, "<")]),
    LexCase("<=", [Tok(.lessEqual, "<=")]),
    LexCase(">", [Tok(.greater, ">")]),
    LexCase(">=", [Tok(.greaterEqual, ">=")]),
    LexCase("+", [Tok(.plus, "+")]),
    LexCase("-", [Tok(.minus, "-")]),
    LexCase("*", [Tok(.star, "*")]),
    LexCase("/", [Tok(.slash, "/")]),
    LexCase("%", [Tok(.percentSign, "%")]),
    LexCase("++", [Tok(.concat, "++")]),
    LexCase("+-", [Tok(.plusMinus, "+-")]),
    LexCase("~", [Tok(.tilde, "~")]),
    // Longest match, left to right.
    LexCase("...", [Tok(.dotDot, ".."), Tok(.dot, ".")]),
    LexCase("===", [Tok(.equal, "=="), Tok(.assign, "=")]),
    LexCase("+++", [Tok(.concat, "++"), Tok(.plus, "+")]),
    LexCase("<==", [Tok(.lessEqual, "<="), Tok(.assign, "=")]),
    LexCase("=>=", [Tok(.arrow, "=>"), Tok(.assign, "=")]),
    LexCase("--", [Tok(.minus, "-"), Tok(.minus, "-")]),
    LexCase("a/b", [Tok(.identifier, "a"), Tok(.slash, "/"), Tok(.identifier, "b")]),
    LexCase(
      "a.b..c",
      [
        Tok(.identifier, "a"), Tok(.dot, "."), Tok(.identifier, "b"), Tok(.dotDot, ".."),
        Tok(.identifier, "c"),
      ]),
    LexCase("x=>y", [Tok(.identifier, "x"), Tok(.arrow, "=>"), Tok(.identifier, "y")]),
  ]

  @Test(arguments: punctuation)
  func punctuationTokens(_ c: LexCase) { expectLex(c) }

  /// Every reserved word lexes as its keyword, with its spelling as the text.
  @Test(arguments: Keyword.allCases)
  func keyword(_ k: Keyword) {
    expectLex(LexCase(k.rawValue, [Tok(.keyword(k), k.rawValue)]))
  }

  static let identifiers: [LexCase] = [
    LexCase("x", [Tok(.identifier, "x")]),
    LexCase("_", [Tok(.identifier, "_")]),
    LexCase("_x1", [Tok(.identifier, "_x1")]),
    LexCase("r2d2", [Tok(.identifier, "r2d2")]),
    LexCase("row", [Tok(.identifier, "row")]),
    // Keywords are case-sensitive and whole words.
    LexCase("Table", [Tok(.identifier, "Table")]),
    LexCase("TABLE", [Tok(.identifier, "TABLE")]),
    LexCase("tables", [Tok(.identifier, "tables")]),
    LexCase("notx", [Tok(.identifier, "notx")]),
    LexCase("is_null", [Tok(.identifier, "is_null")]),
    LexCase("in2", [Tok(.identifier, "in2")]),
    LexCase("scenarios", [Tok(.identifier, "scenarios")]),
    LexCase("correlated", [Tok(.identifier, "correlated")]),
    LexCase("implied", [Tok(.identifier, "implied")]),
    LexCase("a", [Tok(.identifier, "a")]),
    LexCase(
      "truncated_normal", [Tok(.identifier, "truncated_normal")]),
    LexCase(
      "not in", [Tok(.keyword(.not), "not"), Tok(.keyword(.in), "in")]),
    LexCase(
      "is not null",
      [Tok(.keyword(.is), "is"), Tok(.keyword(.not), "not"), Tok(.keyword(.null), "null")]),
    // A digit ends a number, a letter then starts a suffix, never an identifier.
    LexCase("x1y", [Tok(.identifier, "x1y")]),
  ]

  @Test(arguments: identifiers)
  func identifiersAndKeywords(_ c: LexCase) { expectLex(c) }

  /// A long identifier is one token and keeps its full text.
  @Test func longIdentifier() {
    let name = String(repeating: "abc_", count: 2_000)
    expectLex(LexCase(name, [Tok(.identifier, name)], name: "8000-byte identifier"))
  }
}
