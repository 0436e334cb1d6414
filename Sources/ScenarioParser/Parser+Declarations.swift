import ScenarioAST
import ScenarioDiagnostics
import ScenarioLexer

extension Parser {
  /// `file = { declaration } EOF`
  mutating func parseFile() -> ScenarioFile {
    var declarations: [Declaration] = []
    while !atEnd {
      let before = index
      if let d = parseDeclaration() { declarations.append(d) }
      if index == before {
        // Progress guard: a declaration that consumed nothing must not loop forever.
        advance()
        synchronizeDeclaration()
      }
    }
    return ScenarioFile(declarations: declarations)
  }

  /// `declaration = scenarioDecl | seedDecl | nowDecl | paramDecl | letDecl | modeDecl
  ///              | tableDecl | expectDecl`
  mutating func parseDeclaration() -> Declaration? {
    let start = current.span
    if current.kind == .invalid {
      // Stray characters between declarations, already reported by the lexer.
      advance()
      synchronizeDeclaration()
      return nil
    }
    let errorsBefore = diagnostics.errorCount
    var kind: DeclarationKind
    switch current.kind {
    case .keyword(.scenario):
      advance()
      guard let name = expectName("after 'scenario'") else { return recover(start) }
      kind = .scenario(name)
    case .keyword(.seed):
      advance()
      // The seed domain is 0 ... 2^64 - 1, the same as `--seed` (Docs/Language.md §2).
      let minus = check(.minus) ? current.span : nil
      if minus != nil { advance() }
      let value: UInt64
      switch current.kind {
      case .int(let v): value = UInt64(v)
      case .wideInt(let v): value = v
      default:
        reportExpected("an integer", "after 'seed'")
        return recover(start)
      }
      let span = current.span
      advance()
      if let minus {
        report(
          .invalidNumber, "a seed cannot be negative", at: minus.merged(with: span), label: "below 0",
          notes: ["a seed is an integer from 0 to 18446744073709551615, in the file and for '--seed'"])
      }
      kind = .seed(value, span)
    case .keyword(.now):
      advance()
      kind = .now(parseExpression())
    case .keyword(.param): kind = parseParam()
    case .keyword(.let):
      advance()
      guard let name = expectName("after 'let'") else { return recover(start) }
      let type = match(.colon) ? parseType() : nil
      expect(.assign, "after the name of 'let \(name.text)'")
      kind = .letConstant(name, type, parseExpression())
    case .keyword(.mode): kind = parseMode()
    case .keyword(.table): kind = parseTable()
    case .keyword(.expect): kind = parseExpect()
    case .identifier where atReportStart: kind = parseExpect(reportOnly: true)
    case .identifier where atIncludeStart: kind = parseInclude()
    case .identifier where atTimezoneStart:
      advance()
      kind = .timezone(current.text, current.span)
      advance()
    default:
      let t = current
      report(
        .expectedDeclaration, "expected a declaration, found '\(t.text)'", at: t.span,
        label: "not a declaration",
        help: "a file holds 'scenario', 'seed', 'now', 'param', 'let', 'mode', 'table', 'expect', 'report', 'include' and 'timezone' declarations")
      advance()
      synchronizeDeclaration()
      return nil
    }
    // A table recovers inside its body and ends at its `}`; other declarations resynchronise at
    // the next declaration after an error.
    let isTable: Bool
    if case .table = kind { isTable = true } else { isTable = false }
    if !isTable, diagnostics.errorCount > errorsBefore, !atDeclarationStart || !current.startsLine {
      synchronizeDeclaration()
    }
    return Declaration(kind, span: start.merged(with: previous.span))
  }

  mutating func recover(_ start: SourceSpan) -> Declaration {
    synchronizeDeclaration()
    return Declaration(.invalid, span: start)
  }

  /// `paramDecl = "param" IDENT [":" type] "=" concat ["in" list]`
  mutating func parseParam() -> DeclarationKind {
    advance()
    guard let name = expectName("after 'param'") else { return .invalid }
    let type = match(.colon) ? parseType() : nil
    expect(.assign, "after the name of parameter '\(name.text)'")
    // The default is parsed below the comparison level, so that `in [...]` after it is the list
    // of allowed values rather than a membership test.
    let value = parseConcat()
    var allowed: [Expr]? = nil
    if match(.in) {
      allowed = parseBracketList("of allowed values")
    }
    return .param(ParamDecl(name: name, type: type, defaultValue: value, allowed: allowed))
  }

  /// `modeDecl = "mode" IDENT assignmentBlock`
  mutating func parseMode() -> DeclarationKind {
    advance()
    guard let name = expectName("after 'mode'") else { return .invalid }
    return .mode(ModeDecl(name: name, assignments: parseAssignmentBlock("mode '\(name.text)'")))
  }

  /// `expectDecl = "expect" IDENT ":" expression [ "~" additive "+-" additive ]`
  /// `expectDecl = ("expect" | "report") IDENT ":" expression [ "~" additive "+-" additive ]`
  mutating func parseExpect(reportOnly: Bool = false) -> DeclarationKind {
    advance()
    let word = reportOnly ? "report" : "expect"
    guard let table = expectName("after '\(word)'") else { return .invalid }
    expect(.colon, "after the table name")
    let condition = parseExpression()
    guard match(.tilde) else {
      return .expect(ExpectDecl(table: table, condition: condition, reportOnly: reportOnly))
    }
    let value = parseAdditive()
    expect(.plusMinus, "between the target and its tolerance (e.g. '~ 0.35 +- 0.05')")
    let tolerance = parseAdditive()
    return .expect(
      ExpectDecl(table: table, condition: condition, approximately: (value, tolerance), reportOnly: reportOnly))
  }

  /// Whether the current token starts `report TABLE:`. `report` is a word only there, so a
  /// column may still be called `report`.
  /// `timezoneDecl = "timezone" STRING`: a word only at the start of a declaration, before a
  /// string.
  var atTimezoneStart: Bool {
    guard case .identifier = current.kind, current.text == "timezone" else { return false }
    return peek().kind == .string
  }

  /// `include` starts a declaration when a string follows: it is a word there only.
  var atIncludeStart: Bool {
    guard case .identifier = current.kind, current.text == "include" else { return false }
    return peek().kind == .string
  }

  /// `includeDecl = "include" STRING [ "as" IDENT ]`
  mutating func parseInclude() -> DeclarationKind {
    advance()
    let path = current
    advance()
    var prefix: Name? = nil
    if check(.identifier), current.text == "as" {
      advance()
      prefix = expectName("after 'as' (the prefix of the included tables)")
    }
    return .include(IncludeDecl(path: path.text, pathSpan: path.span, prefix: prefix))
  }

  var atReportStart: Bool {
    guard case .identifier = current.kind, current.text == "report", case .identifier = peek().kind else { return false }
    return peek(2).kind == .colon
  }

  /// `assignmentBlock = "{" { IDENT "=" expr [","] } "}"`
  mutating func parseAssignmentBlock(_ owner: String) -> [Assignment] {
    let open = current.span
    guard expect(.leftBrace, "to open the body of \(owner)") else { return [] }
    var result: [Assignment] = []
    while !check(.rightBrace), !atEnd, !atDeclarationStart || !current.startsLine {
      let before = index
      if let name = expectName("in the body of \(owner)") {
        expect(.assign, "after '\(name.text)'")
        result.append(Assignment(name: name, value: parseExpression()))
      }
      _ = match(.comma)
      if index == before { advance() }
    }
    closeBrace(open, owner)
    return result
  }

  /// Consumes `}` or reports it missing with a secondary label at the opener.
  mutating func closeBrace(_ open: SourceSpan, _ owner: String) {
    if match(.rightBrace) { return }
    let at = previous.span.endPoint
    var secondary = [Label(open, "body opened here")]
    if !atEnd { secondary.append(Label(current.span, "found '\(current.text)'")) }
    report(
      .unclosedDelimiter, "expected '}' to close the body of \(owner)", at: at,
      label: "expected '}' after this", secondary: secondary)
  }

  /// `type = IDENT ["(" (INT | IDENT) ")"] ["?"]`: `float(2)`, `ref(questions)`.
  mutating func parseType() -> TypeAnnotation? {
    let start = current.span
    guard let name = expectName("as a type") else { return nil }
    var precision: Int? = nil
    var table: Name? = nil
    if match(.leftParen) {
      if name.text == "ref", case .identifier = current.kind {
        table = Name(current.text, span: current.span)
        advance()
        expect(.rightParen, "after the table's name")
      } else if case .int(let p) = current.kind {
        precision = Int(clamping: p)
        advance()
        expect(.rightParen, "after the number of decimals")
      } else {
        reportExpected("an integer", "for the number of decimals")
        // Skip to the closing parenthesis on this line, so one mistake gives one error.
        while !atEnd, !check(.rightParen), !current.startsLine { advance() }
        _ = match(.rightParen)
      }
    }
    let nullable = match(.question)
    return TypeAnnotation(
      name: name, precision: precision, table: table, nullable: nullable, span: start.merged(with: previous.span))
  }

  /// `list = "[" [expression {"," expression} [","]] "]"`
  mutating func parseBracketList(_ what: String) -> [Expr] {
    let open = current.span
    guard expect(.leftBracket, "to start the list \(what)") else { return [] }
    var items: [Expr] = []
    while !check(.rightBracket), !atEnd {
      let before = index
      items.append(parseExpression())
      if !match(.comma) { break }
      if index == before { advance() }
    }
    if !match(.rightBracket) {
      report(
        .unclosedDelimiter, "expected ']' to close the list \(what)", at: previous.span.endPoint,
        label: "expected ']'", secondary: [Label(open, "list opened here")])
    }
    return items
  }
}
