import ScenarioAST
import ScenarioDiagnostics
import ScenarioLexer

extension Parser {
  /// `primary = literal | "now" | "persona" | IDENT | call [aggregateTail]
  ///          | "clamp" "(" args ")" | "(" expression ")"
  ///          | choiceExpr | histogramExpr | mixtureExpr | calendarExpr | matchExpr | pickExpr`
  mutating func parsePrimary() -> Expr {
    let t = current
    switch t.kind {
    case .int(let v): return literal(.int(v))
    case .wideInt:
      report(
        .invalidNumber, "integer literal '\(t.text)' is too large", at: t.span, label: "beyond 9223372036854775807",
        notes: [Lexer.integerRangeNote])
      advance()
      return Expr(.invalid, span: t.span)
    case .float(let v): return literal(.float(v))
    case .percent(let v): return literal(.percent(v))
    case .duration(let v): return literal(.duration(v))
    case .string: return literal(.string(t.text))
    case .date(let v): return literal(.date(v))
    case .datetime(let v): return literal(.datetime(v))
    case .keyword(.true): return literal(.bool(true))
    case .keyword(.false): return literal(.bool(false))
    case .keyword(.null): return literal(.null)
    case .keyword(.now):
      advance()
      return Expr(.now, span: t.span)
    case .keyword(.persona):
      advance()
      return Expr(.persona, span: t.span)
    case .invalid:
      // A bad literal or character, already reported by the lexer. If an operand follows on the
      // same line (`!done`), it belongs to this expression: parse it so that it is not taken for
      // the next item.
      advance()
      if !current.startsLine, canStartOperand { _ = parseUnary() }
      return Expr(.invalid, span: t.span)
    case .identifier where t.startsLine && (peek().kind == .assign || peek().kind == .colon):
      // `x = 1 +` at the end of a line: the next line starts a new item, not an operand.
      report(
        .expectedExpression, "expected an expression, found the next line", at: previous.span.endPoint,
        label: "expected an expression")
      return Expr(.invalid, span: previous.span.endPoint)
    case .identifier where (t.text == "histogram" || t.text == "mixture") && peek().kind == .leftBrace:
      guard enter() else {
        leave()
        return skipTooDeep()
      }
      defer { leave() }
      return t.text == "histogram" ? parseHistogram() : parseMixture()
    case .identifier where t.text == "calendar" && peek().kind == .leftBrace:
      guard enter() else {
        leave()
        return skipTooDeep()
      }
      defer { leave() }
      return parseCalendar()
    case .identifier
    where t.text == "running" && peek().kind == .identifier && ["sum", "mean", "min", "max", "count"].contains(peek().text)
      && peek(2).kind == .leftParen:
      // `running sum(x)`: a running aggregate of an ordered table, the call `running_sum(x)`.
      advance()
      let f = current
      advance()
      return parseCall(Name("running_" + f.text, span: t.span.merged(with: f.span)))
    case .identifier:
      advance()
      if check(.leftParen) {
        let call = parseCall(Name(t.text, span: t.span))
        if Parser.aggregateFunctions.contains(t.text), check(.identifier), current.text == "over" {
          return parseAggregateTail(call)
        }
        return call
      }
      return Expr(.name(t.text), span: t.span)
    case .leftParen:
      advance()
      let inner = parseExpression()
      if !match(.rightParen) {
        report(
          .unclosedDelimiter, "expected ')' to close the parenthesis", at: previous.span.endPoint,
          label: "expected ')'", secondary: [Label(t.span, "opened here")])
      }
      return Expr(inner.kind, span: t.span.merged(with: previous.span))
    case .keyword(.clamp) where peek().kind == .leftParen:
      // `clamp(x, lo, hi)`: the function form of the `clamp lo..hi` suffix.
      advance()
      return parseCall(Name("clamp", span: t.span))
    case .keyword(.choice), .keyword(.match), .keyword(.pick):
      // These recurse into expressions below `parseExpression`, so they count a nesting level.
      guard enter() else {
        leave()
        return skipTooDeep()
      }
      defer { leave() }
      if check(.choice) { return parseChoice() }
      if check(.match) { return parseMatch() }
      return parsePick()
    default:
      let found = t.kind == .endOfFile ? "end of file" : "'\(t.text)'"
      let at = index > 0 && (t.kind == .endOfFile || t.startsLine) ? previous.span.endPoint : t.span
      report(
        .expectedExpression, "expected an expression, found \(found)", at: at,
        label: "expected an expression")
      // Consume the offending token unless it can end or start something.
      switch t.kind {
      case .rightParen, .rightBracket, .rightBrace, .comma, .endOfFile, .pipe: break
      default: if !t.startsLine { advance() }
      }
      return Expr(.invalid, span: at)
    }
  }

  /// Whether the current token can begin an operand.
  var canStartOperand: Bool {
    switch current.kind {
    case .identifier, .int, .wideInt, .float, .percent, .duration, .string, .date, .datetime, .leftParen, .minus:
      return true
    case .keyword(let k): return [.true, .false, .null, .now, .persona, .choice, .match, .pick, .not].contains(k)
    default: return false
    }
  }

  mutating func literal(_ value: Literal) -> Expr {
    let span = current.span
    advance()
    return Expr(.literal(value), span: span)
  }

  /// `call = IDENT "(" [expression {"," expression}] ")"`
  mutating func parseCall(_ name: Name) -> Expr {
    let open = current.span
    advance()
    var args: [Expr] = []
    while !check(.rightParen), !atEnd {
      let before = index
      args.append(parseExpression())
      if !match(.comma) { break }
      if index == before { advance() }
    }
    if !match(.rightParen) {
      report(
        .unclosedDelimiter, "expected ')' to close the arguments of '\(name.text)'",
        at: previous.span.endPoint, label: "expected ')'", secondary: [Label(open, "opened here")])
    }
    return Expr(.call(name, args), span: name.span.merged(with: previous.span))
  }

  /// `choiceExpr = "choice" "{" choiceArm {"," choiceArm} [","] "}"`, `choiceArm = orExpr orExpr`
  mutating func parseChoice() -> Expr {
    let start = current.span
    advance()
    let open = current.span
    guard expect(.leftBrace, "after 'choice'") else { return Expr(.invalid, span: start) }
    var arms: [ChoiceArm] = []
    while !check(.rightBrace), !atEnd {
      let before = index
      let value = parseOr()
      let weight = parseOr()
      arms.append(ChoiceArm(value: value, weight: weight))
      if !match(.comma) { break }
      if index == before { advance() }
    }
    closeBrace(open, "'choice'")
    return Expr(.choice(arms), span: start.merged(with: previous.span))
  }

  /// `histogramExpr = "histogram" "{" bin {"," bin} [","] "}"`, `bin = additive ".." additive orExpr`
  /// (`histogram` is a word only in front of `{`, not a reserved word)
  mutating func parseHistogram() -> Expr {
    let start = current.span
    advance()
    let open = current.span
    advance()
    var bins: [HistogramBin] = []
    while !check(.rightBrace), !atEnd {
      let before = index
      let low = parseAdditive()
      expect(.dotDot, "between the bounds of a histogram bin")
      let high = parseAdditive()
      let weight = parseOr()
      bins.append(HistogramBin(low: low, high: high, weight: weight))
      if !match(.comma) { break }
      if index == before { advance() }
    }
    closeBrace(open, "'histogram'")
    return Expr(.histogram(bins), span: start.merged(with: previous.span))
  }

  /// `mixtureExpr = "mixture" "{" choiceArm {"," choiceArm} [","] "}"` (each arm a distribution
  /// call and its weight; `mixture` is a word only in front of `{`)
  mutating func parseMixture() -> Expr {
    let start = current.span
    advance()
    let open = current.span
    advance()
    var arms: [ChoiceArm] = []
    while !check(.rightBrace), !atEnd {
      let before = index
      let value = parseOr()
      let weight = parseOr()
      arms.append(ChoiceArm(value: value, weight: weight))
      if !match(.comma) { break }
      if index == before { advance() }
    }
    closeBrace(open, "'mixture'")
    return Expr(.mixture(arms), span: start.merged(with: previous.span))
  }

  /// `matchExpr = "match" [orExpr] "{" matchArm {"," matchArm} [","] "}"`,
  /// `matchArm = ("_" | pattern {"|" pattern}) "=>" expression`, `pattern = orExpr [".." additive]`
  mutating func parseMatch() -> Expr {
    let start = current.span
    advance()
    let subject: Expr? = check(.leftBrace) ? nil : parseOr()
    let open = current.span
    guard expect(.leftBrace, "to open the arms of 'match'") else { return Expr(.invalid, span: start) }
    var arms: [MatchArm] = []
    while !check(.rightBrace), !atEnd {
      let before = index
      let armStart = current.span
      var patterns: [MatchPattern] = []
      if check(.identifier), current.text == "_" {
        advance()
      } else {
        repeat {
          let p = parseOr()
          if match(.dotDot) {
            patterns.append(.range(p, parseAdditive()))
          } else {
            patterns.append(.value(p))
          }
        } while match(.pipe)
      }
      expect(.arrow, "after the pattern of a 'match' arm")
      let value = parseExpression()
      arms.append(MatchArm(patterns: patterns, value: value, span: armStart.merged(with: value.span)))
      if !match(.comma) { break }
      if index == before { advance() }
    }
    closeBrace(open, "'match'")
    return Expr(.match(subject, arms), span: start.merged(with: previous.span))
  }

  /// `pickExpr = "pick" ["distinct"] IDENT ["where" orExpr] ["weighted" "by" orExpr]`; `distinct`
  /// is a word only here (followed by the table's name), not a reserved one.
  mutating func parsePick() -> Expr {
    let start = current.span
    advance()
    let distinct = check(.identifier) && current.text == "distinct" && peek().kind == .identifier
    if distinct { advance() }
    guard let table = expectName("after 'pick'") else { return Expr(.invalid, span: start) }
    let filter = match(.where) ? parseOr() : nil
    var weight: Expr? = nil
    if match(.weighted) {
      expect(.by, "after 'weighted'")
      weight = parseOr()
    }
    return Expr(.pick(table, filter: filter, weight: weight, distinct: distinct), span: start.merged(with: previous.span))
  }
}
