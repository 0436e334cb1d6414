import ScenarioAST
import ScenarioDiagnostics
import ScenarioLexer

/// A recursive-descent parser over the lexer's tokens. It recovers from errors at declaration
/// keywords and table-item boundaries, reports many errors per file, and never gives up: every
/// loop has a progress guard and nesting has a depth limit (STYLE.md §1.4).
public struct Parser {
  var tokens: [Token]
  var index = 0
  var diagnostics = DiagnosticBag()
  var depth = 0
  /// Set after a depth-limit error so that the limit is reported once per file.
  var depthReported = false
  /// Set from a depth-limit error until the parser is back at the top level: errors about the
  /// delimiters it skipped are not reported.
  var unwinding = false
  /// Set while parsing a table's row count, where `per` introduces the parent table instead of
  /// a group key.
  var inTableCount = false
  let file: SourceFile

  /// Deepest allowed nesting of expressions and blocks, counted below the outermost expression:
  /// 200 operators in one chain, or 200 brackets, signs and nested constructs (the levels the
  /// messages name). `depth` counts the outermost expression too, hence the 1.
  static let limit = 200
  static let maxDepth = limit + 1

  /// Parses a whole file.
  public static func parse(_ file: SourceFile, diagnostics: inout DiagnosticBag) -> ScenarioFile {
    var lexDiagnostics = DiagnosticBag()
    let tokens = Lexer.tokenize(file, diagnostics: &lexDiagnostics)
    diagnostics.merge(lexDiagnostics)
    var parser = Parser(tokens: tokens, file: file)
    let result = parser.parseFile()
    diagnostics.merge(parser.diagnostics)
    return result
  }

  init(tokens: [Token], file: SourceFile) {
    // Invalid tokens stay in the stream (so a bad literal ends its expression where it is), but
    // were already reported by the lexer: the parser never reports them again.
    self.tokens = tokens
    self.file = file
  }

  // MARK: - Cursor

  var current: Token { tokens[min(index, tokens.count - 1)] }
  var previous: Token { tokens[max(0, min(index - 1, tokens.count - 1))] }

  func peek(_ offset: Int = 1) -> Token { tokens[min(index + offset, tokens.count - 1)] }

  var atEnd: Bool { current.kind == .endOfFile }

  /// Moves past the current token (never past end of file).
  mutating func advance() {
    if index < tokens.count - 1 { index += 1 }
  }

  func check(_ kind: TokenKind) -> Bool { current.kind == kind }

  func check(_ keyword: Keyword) -> Bool { current.kind == .keyword(keyword) }

  /// Consumes the token if it has the kind.
  mutating func match(_ kind: TokenKind) -> Bool {
    guard check(kind) else { return false }
    advance()
    return true
  }

  mutating func match(_ keyword: Keyword) -> Bool { match(.keyword(keyword)) }

  /// Consumes a token of the kind or reports it missing at the end of the previous token.
  @discardableResult
  mutating func expect(_ kind: TokenKind, _ context: String) -> Bool {
    if match(kind) { return true }
    reportExpected(kind.display, context)
    return false
  }

  /// Reports "expected X" at the end of the previous token (Pkl's rule), labelling what is found.
  mutating func reportExpected(_ what: String, _ context: String) {
    let found = current
    if found.kind == .invalid { return }
    let at = index > 0 ? previous.span.endPoint : found.span
    let foundText = found.kind == .endOfFile ? "end of file" : "'\(found.text)'"
    report(
      .expectedToken, "expected \(what) \(context)", at: at, label: "expected \(what) here",
      secondary: found.kind == .endOfFile ? [] : [Label(found.span, "found \(foundText)")])
  }

  /// Consumes an identifier or reports it missing.
  mutating func expectName(_ context: String) -> Name? {
    if check(.identifier) {
      let t = current
      advance()
      return Name(t.text, span: t.span)
    }
    if case .keyword(let k) = current.kind, peek().kind == .assign || peek().kind == .colon {
      report(
        .expectedToken, "'\(k.rawValue)' is a reserved word and cannot be used as a name",
        at: current.span, label: "reserved word", help: "choose another name, e.g. '\(k.rawValue)_'")
      let t = current
      advance()
      return Name(t.text, span: t.span)
    }
    reportExpected("a name", context)
    return nil
  }

  // MARK: - Depth guard

  /// Enters one nesting level; false (with one diagnostic) when too deep. `chain` says that the
  /// level is one more operator of a flat chain (`a + b + c ...`, E0207) rather than a bracket,
  /// a sign or a nested construct (E0205): both count towards the same budget, because either
  /// makes the syntax tree one level deeper.
  mutating func enter(chain: Bool = false) -> Bool {
    depth += 1
    if depth > Parser.maxDepth {
      unwinding = true
      if !depthReported {
        depthReported = true
        if chain {
          diagnostics.error(
            .chainTooLong, "expression chains too many operators", at: current.span,
            label: "more than \(Parser.limit) operators and nesting levels in one expression",
            notes: ["each operator of a chain such as '1 + 1 + ...' and each bracket or nested construct counts one level; the limit is \(Parser.limit)"],
            help: "sum the terms in parts with 'let' helper columns: 'let a = x1 + ... + x100', then 'y = a + x101 + ...'")
        } else {
          diagnostics.error(
            .nestingTooDeep, "expression is nested too deeply", at: current.span,
            label: "nesting exceeds \(Parser.limit) levels",
            notes: ["each bracket, sign, 'not' or nested construct counts one level, and so does each operator of an enclosing chain; the limit is \(Parser.limit)"],
            help: "split the expression with 'let' helper columns")
        }
      }
      return false
    }
    return true
  }

  /// Leaves one nesting level; back at the top, the depth-limit episode is over.
  mutating func leave() {
    depth -= 1
    if depth == 0 { unwinding = false }
  }

  /// Reports a syntax error, unless the parser is unwinding from the nesting limit: the
  /// delimiters it skipped would otherwise each produce a follow-on error.
  mutating func report(
    _ code: DiagnosticCode, _ message: String, at span: SourceSpan, label: String = "",
    secondary: [Label] = [], notes: [String] = [], help: String? = nil
  ) {
    if unwinding { return }
    diagnostics.error(code, message, at: span, label: label, secondary: secondary, notes: notes, help: help)
  }
}

extension Parser {
  /// Consumes a keyword or reports it missing.
  @discardableResult
  mutating func expect(_ keyword: Keyword, _ context: String) -> Bool {
    expect(.keyword(keyword), context)
  }
}

extension Parser {
  /// Parses one expression from a text (used for `--set NAME=VALUE`); nil if the text is not
  /// exactly one expression.
  public static func parseExpression(_ text: String, fileID: Int = -2) -> Expr? {
    let file = SourceFile(id: fileID, path: "<command line>", text: text)
    var bag = DiagnosticBag()
    let tokens = Lexer.tokenize(file, diagnostics: &bag)
    var parser = Parser(tokens: tokens, file: file)
    let expr = parser.parseExpression()
    guard !bag.hasErrors, !parser.diagnostics.hasErrors, parser.atEnd else { return nil }
    return expr
  }
}
