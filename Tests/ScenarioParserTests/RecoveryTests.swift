import ScenarioAST
import ScenarioDiagnostics
import ScenarioParser
import Testing

/// Error recovery: many errors per file, later declarations still parsed, missing tokens
/// reported at the end of the previous token, unclosed delimiters labelled at their opener.
@Suite struct RecoveryTests {
  /// Seven independent syntax errors in seven places: each is reported, and every table and
  /// every correct column after them is still in the AST.
  @Test func independentErrorsAreAllReported() {
    let p = parse(
      """
      scenario r
      42
      seed oops
      table a [3] {
        x = * 2
        y = 1
      }
      table b [2 {
        k = 1
      }
      table c [1] {
        m = 1 +* 2
        n = 1
      }
      table d [4] {
        q = 1
        rest = 2
        r = 2
      }
      let z = 3
      param = 3
      """)
    #expect(p.diagnostics.filter { $0.severity == .error }.count >= 7, "\(p.summary)")
    #expect(
      p.codes == [
        .expectedDeclaration, .expectedToken, .expectedExpression, .unclosedDelimiter,
        .expectedExpression, .expectedToken, .expectedToken,
      ], "\(p.summary)")
    #expect(p.tables.keys.sorted() == ["a", "b", "c", "d"])
    #expect(p.columns("a") == ["x", "y"])
    #expect(p.columns("b") == ["k"])
    #expect(p.columns("c") == ["m", "n"])
    #expect(p.columns("d") == ["q", "r"])
    #expect(p.ast.declarations.contains { if case .letConstant = $0.kind { true } else { false } })
  }

  /// A table body that is never closed: reported after its last token, with a secondary
  /// label at the `{`; the next table is parsed.
  @Test func missingCloseBraceBeforeNextTable() throws {
    let p = parse("table a [3] {\n  x = 1\ntable b [2] {\n  y = 2\n}\n")
    #expect(p.codes == [.unclosedDelimiter], "\(p.summary)")
    let d = try #require(p.diagnostics.first)
    #expect(d.message == "expected '}' to close the body of table 'a'")
    #expect(p.location(d) == "2:8")
    #expect(d.span.length == 0)
    #expect(d.secondary.first?.message == "body opened here")
    #expect(d.secondary.first.map { p.file.location(of: $0.span.start).description } == "1:13")
    #expect(d.secondary.first?.span.length == 1)
    #expect(p.columns("a") == ["x"])
    #expect(p.columns("b") == ["y"])
  }

  /// The same at end of file: no "found" label, since nothing was found.
  @Test func missingCloseBraceAtEndOfFile() throws {
    let p = parse("table a [3] {\n  x = 1\n")
    let d = try #require(p.diagnostics.first)
    #expect(p.codes == [.unclosedDelimiter])
    #expect(p.location(d) == "2:8")
    #expect(d.secondary.map(\.message) == ["body opened here"])
  }

  /// Every unclosed delimiter points back at its opener.
  @Test(arguments: [
    ("table t [1] {\n  x = (1 + 2\n}\n", "2:7", "opened here"),
    ("table t [1] {\n  x = f(1, 2\n}\n", "2:8", "opened here"),
    ("table t [1] {\n  x = y in [1, 2\n}\n", "2:12", "list opened here"),
    ("table t [1] {\n  x = choice { 1 2\n  y = 1\n}\n", "2:14", "body opened here"),
    ("table t [1 {\n  x = 1\n}\n", "1:9", "opened here"),
    ("mode m {\n  n = 1\n", "1:8", "body opened here"),
  ])
  func unclosedDelimiterHasOpenerLabel(_ source: String, _ opener: String, _ label: String) throws {
    let p = parse(source)
    let d = try #require(p.diagnostics.first { $0.code == .unclosedDelimiter }, "\(p.summary)")
    let secondary = try #require(d.secondary.first)
    #expect(p.file.location(of: secondary.span.start).description == opener)
    #expect(secondary.message == label)
  }

  /// A missing token is reported at the end of the previous token, not on the next line.
  @Test(arguments: [
    ("scenario\n", "1:9", DiagnosticCode.expectedToken),
    ("seed\ntable t [1] {\n  x = 1\n}\n", "1:5", .expectedToken),
    ("table t [1] {\n  x = 1 +\n}\n", "2:10", .expectedExpression),
    ("table t [1] {\n  x: float(\n}\n", "2:12", .expectedToken),
    ("table t [1] {\n  x = a ? b\n}\n", "2:12", .expectedToken),
    ("table t [1] {\n  x = pick\n}\n", "2:11", .expectedToken),
    ("let x\nlet y = 2\n", "1:6", .expectedToken),
    ("param p =\nlet y = 2\n", "1:10", .expectedExpression),
  ])
  func missingTokenAtEndOfPrevious(_ source: String, _ location: String, _ code: DiagnosticCode)
    throws
  {
    let p = parse(source)
    let d = try #require(p.diagnostics.first, "no diagnostic for \(source.debugDescription)")
    #expect(d.code == code, "\(p.summary)")
    #expect(p.location(d) == location, "\(p.summary)")
    #expect(d.span.length == 0)
  }

  /// A reserved word used as a name is reported as such, and parsing goes on.
  @Test func reservedWordAsColumnName() throws {
    let p = parse("table t [1] {\n  rest = 1\n  y = 2\n}\n")
    let d = try #require(p.diagnostics.first)
    #expect(p.codes == [.expectedToken])
    #expect(d.message == "'rest' is a reserved word and cannot be used as a name")
    #expect(p.columns("t") == ["y"])
  }

  /// `=` where `==` was meant is reported once and parsed as `==`.
  @Test func assignInsteadOfEqual() throws {
    let p = parse("table t [1] {\n  x = a = 1 + 2\n}\n")
    #expect(p.codes == [.expectedToken])
    #expect(p.column("t", "x").map(sexpr) == "(== a (+ 1 2))")
  }

  /// A character that starts no token is reported by the lexer only; the parser does not add a
  /// second error for the same place.
  @Test
  func invalidCharacterIsReportedOnce() {
    let p = parse("table t [1] {\n  x = 3 $ 4\n  y = 2\n}\n")
    #expect(p.codes == [.unexpectedCharacter], "\(p.summary)")
    #expect(p.columns("t") == ["x", "y"])
  }

  /// After an error whose construct ends at the end of its line, the next line's column is
  /// still parsed.
  @Test(arguments: [
    "table t [1] {\n  x = f(1,, 2)\n  y = 2\n}\n",
    "table t [1] {\n  x = (1 + 2\n  y = 2\n}\n",
    "table t [1] {\n  x = f(1, 2\n  y = 2\n}\n",
    "table t [1] {\n  x\n  y = 2\n}\n",
    "table t [1] {\n  x: = 1\n  y = 2\n}\n",
    "table t [1] {\n  x = a = 1\n  y = 2\n}\n",
  ])
  func columnAfterErrorAtEndOfLine(_ source: String) {
    let p = parse(source)
    #expect(p.columns("t").contains("y"), "\(p.summary)")
  }

  /// A column without a value does not take the next line's column as its value.
  @Test
  func emptyValueDoesNotSwallowNextColumn() throws {
    let p = parse("table t [1] {\n  x =\n  y = 2\n}\n")
    let d = try #require(p.diagnostics.first)
    #expect(d.code == .expectedExpression, "\(p.summary)")
    #expect(p.location(d) == "2:6")
    #expect(p.columns("t") == ["x", "y"])
  }

  /// A `choice` missing its `}` must not close the table body with its own `}`.
  @Test(
    .disabled(
      "bug: the choice's '}' ends the table; 'y = 2' then gets a follow-on E0203 at top level"))
  func unclosedChoiceKeepsTableOpen() {
    let p = parse("table t [1] {\n  x = choice { \"a\" 50% \"b\" 50% }\n  y = 2\n}\n")
    #expect(p.codes == [.unclosedDelimiter], "\(p.summary)")
    #expect(p.columns("t") == ["x", "y"])
  }

  /// `param NAME = expr in [values]` keeps the allowed values apart from the default.
  @Test func paramAllowedValues() throws {
    let p = parse("param n = 10 in [10, 20]\n")
    #expect(p.codes.isEmpty)
    let decl = try #require(p.ast.declarations.first)
    guard case .param(let param) = decl.kind else {
      Issue.record("not a param")
      return
    }
    #expect(sexpr(param.defaultValue) == "10")
    #expect(param.allowed?.map(sexpr) == ["10", "20"])
  }

  /// Garbage after a table whose body had an error (already recovered from) is still reported.
  @Test(arguments: ["42", "param = 3", "x = 1"])
  func garbageAfterTableWithError(_ garbage: String) {
    let p = parse(
      "table c [1] {\n  m = 1 +* 2\n  n = 1\n}\n\(garbage)\ntable d [4] {\n  q = 1\n}\n")
    #expect(p.codes.count == 2, "\(p.summary)")
    #expect(p.columns("d") == ["q"])
  }

  /// Garbage at the top level is one error per run of garbage, and the parser goes on.
  @Test func topLevelGarbage() {
    let p = parse("42 x y z\n} ] )\ntable t [1] {\n  x = 1\n}\n")
    #expect(p.codes == [.expectedDeclaration], "\(p.summary)")
    #expect(p.columns("t") == ["x"])
  }

  /// Stray closers inside a table body do not end the file's parse.
  @Test func strayClosersInTable() {
    let p = parse("table t [1] {\n  ) ]\n  x = 1\n}\ntable u [1] {\n  y = 1\n}\n")
    #expect(!p.codes.isEmpty)
    #expect(p.columns("t") == ["x"], "\(p.summary)")
    #expect(p.columns("u") == ["y"], "\(p.summary)")
  }

  /// Input made only of openers or closers terminates with a bounded number of errors.
  @Test(arguments: ["{", "(", "[", "}", ")", "]", "table", "table t", "table t [", "table t [1] {"])
  func repeatedFragment(_ fragment: String) {
    let text = Array(repeating: fragment, count: 2_000).joined(separator: " ")
    let p = parse(text)
    #expect(!p.diagnostics.isEmpty)
    #expect(p.diagnostics.count <= 4_000, "\(p.diagnostics.count) diagnostics")
  }
}
