import ScenarioAST
import ScenarioDiagnostics
import ScenarioParser
import Testing

/// `Parser.parseExpression(_:)`, used for `--set NAME=VALUE`: one whole expression or nil.
@Suite struct ParseExpressionTests {
  @Test(arguments: [
    ("42", "42"),
    ("  42  ", "42"),
    ("-3", "-3"),
    ("2.5", "2.5"),
    ("10%", "10.0%"),
    ("7d", "604800s"),
    ("\"north\"", "\"north\""),
    ("true", "true"),
    ("null", "null"),
    ("2024-02-29", "date:19782"),
    ("2024-06-30T15:00:00", "datetime:1719759600"),
    ("n * 2 + 1", "(+ (* n 2) 1)"),
    ("1 # trailing comment", "1"),
    ("\n1\n", "1"),
  ])
  func acceptsOneExpression(_ text: String, _ expected: String) throws {
    let expr = try #require(Parser.parseExpression(text))
    #expect(sexpr(expr) == expected)
  }

  @Test(arguments: [
    "", "   ", "# only a comment", "1 +", "1 2", "(1", "1)", "$", "\"open", "3x", "2023-02-29",
    "table", "x = 1", "a, b", "1;", "!", "\u{0}",
  ])
  func rejects(_ text: String) {
    #expect(Parser.parseExpression(text) == nil)
  }

  /// Spans carry the helper's file id (default -2) and byte offsets into the text.
  @Test func spansUseTheGivenFileID() throws {
    let a = try #require(Parser.parseExpression("  x"))
    #expect(a.span == SourceSpan(file: -2, start: 2, end: 3))
    let b = try #require(Parser.parseExpression("x", fileID: 7))
    #expect(b.span.file == 7)
  }
}
