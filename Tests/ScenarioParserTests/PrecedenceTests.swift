import ScenarioAST
import ScenarioDiagnostics
import ScenarioParser
import Testing

/// Operator precedence and associativity, checked through `Parser.parseExpression` and the
/// compact `sexpr` form: `(op left right)`.
@Suite struct PrecedenceTests {
  struct Case: Sendable, CustomTestStringConvertible {
    let source: String
    let expected: String
    init(_ source: String, _ expected: String) {
      self.source = source
      self.expected = expected
    }
    var testDescription: String { source }
  }

  static let cases: [Case] = [
    // Logic: or < and < not < comparison.
    Case("a or b and c", "(or a (and b c))"),
    Case("a and b or c", "(or (and a b) c)"),
    Case("a or b or c", "(or (or a b) c)"),
    Case("not a == b", "(not (== a b))"),
    Case("not a and b", "(and (not a) b)"),
    Case("not not a", "(not (not a))"),
    Case("a == b and c != d", "(and (== a b) (!= c d))"),
    Case("x is null or y is not null", "(or (is-null x) (is-not-null y))"),
    Case("not x is null", "(not (is-null x))"),
    Case("x in [1, 2] and y in 1..3", "(and (in x [1 2]) (in y 1..3))"),
    Case("x in 1..2 + 3", "(in x 1..(+ 2 3))"),
    Case("x in [1, 2,]", "(in x [1 2])"),
    Case("x in []", "(in x [])"),
    // `implies` binds looser than `or`, left to right.
    Case("a or b implies c", "(implies (or a b) c)"),
    Case("a implies b or c", "(implies a (or b c))"),
    Case("a implies b implies c", "(implies (implies a b) c)"),
    Case("a implies b clamp 0..1", "(clamp (implies a b) 0..1)"),
    // `per` groups the draws of the expression before it by a key.
    Case("normal(0, 1) per day", "(per (normal(0 1)) day)"),
    Case("x per a ++ b", "(per x (++ a b))"),
    Case("x per k clamp 0..1", "(clamp (per x k) 0..1)"),
    Case("x clamp 0..1 per k", "(per (clamp x 0..1) k)"),
    Case("c ? x per k : y", "(? c (per x k) y)"),
    // Suffixes bind looser than `or` and tighter than `?:`.
    Case("x clamp 1..5 ? a : b", "(? (clamp x 1..5) a b)"),
    Case("a or b clamp 1..2", "(clamp (or a b) 1..2)"),
    Case("a + b clamp 0..10", "(clamp (+ a b) 0..10)"),
    Case("x clamp -1..1 + 1", "(clamp x -1..(+ 1 1))"),
    Case(
      "normal(0, 1) truncate 0..1 clamp 0..2", "(clamp (truncate (normal(0 1)) 0..1) 0..2)"),
    // Arithmetic.
    Case("-2 * 3", "(* -2 3)"),
    Case("-x * 3", "(* (- x) 3)"),
    Case("- -2", "2"),
    Case("-2.5", "-2.5"),
    Case("-10%", "-10.0%"),
    Case("-7d", "-604800s"),
    Case("-x.y", "(- (. x y))"),
    Case("1 - 2 - 3", "(- (- 1 2) 3)"),
    Case("1 + 2 * 3 - 4 / 5 % 6", "(- (+ 1 (* 2 3)) (% (/ 4 5) 6))"),
    Case("7 % 3", "(% 7 3)"),
    Case("7%3", "(% 7 3)"),
    Case("10% * 2", "(* 10.0% 2)"),
    Case("(1 + 2) * 3", "(* (+ 1 2) 3)"),
    Case("now - 7d + 1h", "(+ (- now 604800s) 3600s)"),
    // `++` binds looser than `+` and tighter than comparisons.
    Case("a ++ b + c", "(++ a (+ b c))"),
    Case("a + b ++ c", "(++ (+ a b) c)"),
    Case("a ++ b ++ c", "(++ (++ a b) c)"),
    Case("a ++ b == c", "(== (++ a b) c)"),
    // The conditional is right-associative and lowest.
    Case("a ? b : c ? d : e", "(? a b (? c d e))"),
    Case("a ? b ? c : d : e", "(? a (? b c d) e)"),
    Case("a or b ? 1 + 2 : 3", "(? (or a b) (+ 1 2) 3)"),
    // Postfix field access and calls.
    Case("t.x.y", "(. (. t x) y)"),
    Case("f(a, b).x", "(. (f(a b)) x)"),
    Case("f()", "(f())"),
    Case("f(g(1), 2)", "(f((g(1)) 2))"),
    // Choice, match and pick.
    Case(#"choice { "a" 50%, "b" 50% }"#, #"(choice "a":50.0% "b":50.0%)"#),
    Case("choice { 1 2, 3 4, }", "(choice 1:2 3:4)"),
    Case(
      #"match x { 1 | 2 => "a", 3..5 => "b", _ => "c" }"#, #"(match x 1|2=>"a" 3..5=>"b" _=>"c")"#),
    Case("match { x > 1 => 1, _ => 0 }", "(match (> x 1)=>1 _=>0)"),
    Case("histogram { 0..10 3, 10..20 + 5 1, }", "(histogram 0..10:3 10..(+ 20 5):1)"),
    Case(
      "mixture { normal(0, 1) 70%, normal(5, 1) 30% }",
      "(mixture (normal(0 1)):70.0% (normal(5 1)):30.0%)"),
    Case("histogram + 1", "(+ histogram 1)"),
    Case("mixture(1)", "(mixture(1))"),
    Case("pick t where t.a > 1 weighted by t.w", "(pick t where (> (. t a) 1) by (. t w))"),
    Case("pick t weighted by w + 1", "(pick t by (+ w 1))"),
    Case("pick distinct t where a == 1", "(pick distinct t where (== a 1))"),
    Case("pick distinct where a", "(pick distinct where a)"),
    Case("persona == \"vip\"", #"(== persona "vip")"#),
  ]

  @Test(arguments: cases)
  func precedence(_ c: Case) throws {
    let expr = try #require(Parser.parseExpression(c.source), "'\(c.source)' did not parse")
    #expect(sexpr(expr) == c.expected)
  }

  /// The same expressions parse the same way in a column.
  @Test(arguments: cases)
  func sameInAColumn(_ c: Case) {
    let (got, codes) = parseColumnExpr(c.source)
    #expect(got == c.expected)
    #expect(codes.isEmpty)
  }

  /// Comparisons do not chain.
  @Test(arguments: ["a < b < c", "a == b == c", "x is null is null"])
  func comparisonsDoNotChain(_ source: String) {
    #expect(Parser.parseExpression(source) == nil)
  }

  /// `+-` is one token that no rule uses yet (grammar/scenario.ebnf): `3+-2` is a syntax error,
  /// `3 + -2` is not.
  @Test func plusMinusIsASyntaxError() throws {
    #expect(Parser.parseExpression("3+-2") == nil)
    #expect(!parseColumnExpr("3+-2").1.isEmpty)
    let spaced = try #require(Parser.parseExpression("3 + -2"))
    #expect(sexpr(spaced) == "(+ 3 -2)")
  }

  /// The parser folds `-` into literals, so that `-9223372036854775808` (Int64.min) is one
  /// literal although 9223372036854775808 alone does not fit (issue 12).
  @Test func smallestInteger() throws {
    let expr = try #require(Parser.parseExpression("-9223372036854775808"))
    #expect(expr.kind == .literal(.int(Int64.min)))
  }

  /// Spans of operators cover both operands, and parentheses are part of the span.
  @Test func spans() throws {
    let expr = try #require(Parser.parseExpression("(1 + 2) * -x"))
    let file = SourceFile(id: -2, path: "<command line>", text: "(1 + 2) * -x")
    #expect(
      ASTDump.dump(expr, in: file) == """
        binary * @1:1-1:13
          binary + @1:1-1:8
            int 1 @1:2-1:3
            int 2 @1:6-1:7
          unary - @1:11-1:13
            name x @1:12-1:13

        """)
  }
}
