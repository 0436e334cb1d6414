import ScenarioAST
import ScenarioDiagnostics
import ScenarioParser
import Testing

/// Deep nesting never crashes the parser: past the limit it reports one E0205 and goes on.
@Suite struct DepthLimitTests {
  /// `x = <expr>` in a table, followed by a second table that must still be parsed.
  static func column(_ expr: String) -> String {
    "table t [1] {\n  x = \(expr)\n}\ntable u [1] {\n  y = 1\n}\n"
  }

  static let n = 10_000

  /// A deep input, named for the test report.
  struct Case: Sendable, CustomTestStringConvertible {
    let name: String
    let expr: String
    var testDescription: String { name }
  }

  static let deep: [Case] = [
    Case(
      name: "parentheses",
      expr: String(repeating: "(", count: n) + "1" + String(repeating: ")", count: n)),
    Case(name: "not", expr: String(repeating: "not ", count: n) + "true"),
    Case(name: "minus with spaces", expr: String(repeating: "- ", count: n) + "1"),
    Case(name: "minus glued", expr: String(repeating: "-", count: n) + "1"),
    Case(
      name: "calls",
      expr: String(repeating: "f(", count: n) + "1" + String(repeating: ")", count: n)),
    Case(
      name: "lists",
      expr: String(repeating: "x in [", count: n) + "1" + String(repeating: "]", count: n)),
    Case(
      name: "mixed",
      expr: String(repeating: "(not -", count: n) + "x" + String(repeating: ")", count: n)),
  ]

  @Test(arguments: deep)
  func oneErrorPastTheLimit(_ c: Case) {
    let p = parse(Self.column(c.expr))
    #expect(p.codes == [.nestingTooDeep], "\(p.summary)")
    #expect(p.columns("t") == ["x"])
    #expect(p.columns("u") == ["y"])
  }

  /// Deep inputs where skipping past the limit has to stop at the right place: still one
  /// error, and the next table is parsed.
  static let skipping: [Case] = [
    Case(
      name: "conditionals",
      expr: String(repeating: "a ? ", count: n) + "1" + String(repeating: " : 2", count: n)),
    Case(name: "unclosed parentheses", expr: String(repeating: "(", count: n) + "1"),
  ]

  @Test(arguments: skipping)
  func noCrashPastTheLimit(_ c: Case) {
    let p = parse(Self.column(c.expr))
    #expect(p.codes.first == .nestingTooDeep, "\(p.summary)")
    #expect(p.codes.filter { $0 == .nestingTooDeep }.count == 1)
  }

  @Test(arguments: skipping.prefix(1))
  func onlyTheLimitErrorPastTheLimit(_ c: Case) {
    let p = parse(Self.column(c.expr))
    #expect(p.codes == [.nestingTooDeep], "\(p.summary)")
    #expect(p.columns("u") == ["y"])
  }

  /// One root cause, one diagnostic, even when the openers are never closed.
  @Test func unclosedParenthesesPastTheLimit() {
    let p = parse(Self.column(String(repeating: "(", count: Self.n) + "1"))
    #expect(p.codes == [.nestingTooDeep], "\(p.summary)")
    #expect(p.columns("u") == ["y"])
  }

  /// Nesting below the limit is fine and produces no error.
  @Test func belowTheLimit() throws {
    let depth = 150
    let p = parse(
      Self.column(String(repeating: "(", count: depth) + "1" + String(repeating: ")", count: depth))
    )
    #expect(p.codes.isEmpty, "\(p.summary)")
    let expr = try #require(p.column("t", "x"))
    #expect(expr.kind == .literal(.int(1)))
  }

  /// The limit error points at where the nesting became too deep, and is reported only once
  /// per file even for several deep expressions.
  @Test func reportedOncePerFile() throws {
    let deep = String(repeating: "(", count: 300) + "1" + String(repeating: ")", count: 300)
    let p = parse("table t [1] {\n  a = \(deep)\n}\ntable u [1] {\n  b = \(deep)\n}\n")
    #expect(p.codes == [.nestingTooDeep], "\(p.summary)")
    #expect(p.columns("t") == ["a"])
    #expect(p.columns("u") == ["b"])
  }

  /// The expression helper returns nil rather than crash.
  @Test func expressionHelper() {
    let deep = String(repeating: "(", count: Self.n) + "1" + String(repeating: ")", count: Self.n)
    #expect(Parser.parseExpression(deep) == nil)
    #expect(Parser.parseExpression(String(repeating: "not ", count: Self.n) + "x") == nil)
  }

  /// Long flat chains become deep trees that later phases walk recursively, so each link counts
  /// against the same limit; a chain past it is its own code, E0207 (not "nested too deeply"),
  /// reported once, and the rest of the file is parsed.
  @Test(arguments: ["1 + ", "a and ", "a or ", "\"s\" ++ ", "2 * "])
  func longFlatChains(_ op: String) {
    let p = parse(Self.column(String(repeating: op, count: 5_000) + "1"))
    #expect(p.codes == [.chainTooLong], "\(p.summary)")
    #expect(p.columns("t") == ["x"])
    #expect(p.columns("u") == ["y"])
  }

  /// Exactly at the limit: 200 operators parse, 201 are E0207, whose label names the limit.
  @Test func chainLimitIsExact() throws {
    #expect(parse(Self.column(String(repeating: "1 + ", count: 199) + "1")).codes.isEmpty)
    let over = parse(Self.column(String(repeating: "1 + ", count: 201) + "1"))
    #expect(over.codes == [.chainTooLong], "\(over.summary)")
    #expect(over.diagnostics.first?.primary.message.contains("200") == true)
  }

  /// Chains below the limit parse without an error.
  @Test(arguments: ["1 + ", "a and ", "a or ", "\"s\" ++ ", "2 * "])
  func chainsBelowTheLimit(_ op: String) {
    let p = parse(Self.column(String(repeating: op, count: 150) + "1"))
    #expect(p.codes.isEmpty, "\(p.summary)")
  }

  /// Long postfix and suffix chains count against the limit too.
  @Test func longPostfixChains() {
    let fields = parse(Self.column("a" + String(repeating: ".b", count: 5_000)))
    #expect(fields.codes == [.chainTooLong])
    let clamps = parse(Self.column("a" + String(repeating: " clamp 1..2", count: 5_000)))
    #expect(clamps.codes == [.chainTooLong])
    let short = parse(Self.column("a" + String(repeating: ".b", count: 100)))
    #expect(short.codes.isEmpty)
  }

  /// `choice`, `match` and `pick` recurse into `orExpr`s below `parseExpression`, so they
  /// count nesting levels themselves (they used to overflow the stack).
  static let nestedPrimaries: [Case] = [
    Case(name: "choice", expr: String(repeating: "choice { ", count: n)),
    Case(name: "match", expr: String(repeating: "match ", count: n)),
    Case(name: "pick where", expr: String(repeating: "pick t where ", count: n)),
    Case(name: "pick weighted by", expr: String(repeating: "pick t weighted by ", count: n)),
    Case(name: "match arms", expr: String(repeating: "match { ", count: n)),
    Case(name: "histogram", expr: String(repeating: "histogram { 0..1 ", count: n)),
    Case(name: "mixture", expr: String(repeating: "mixture { ", count: n)),
  ]

  @Test(arguments: nestedPrimaries)
  func nestedPrimaryExpressions(_ c: Case) {
    let p = parse(Self.column(c.expr))
    #expect(p.codes.first == .nestingTooDeep, "\(p.summary)")
    #expect(p.columns("u") == ["y"])
  }
}
