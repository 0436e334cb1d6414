import ScenarioAST
import ScenarioDiagnostics
import ScenarioLexer

extension Parser {
  /// `expression = conditional`
  mutating func parseExpression() -> Expr {
    guard enter() else {
      leave()
      return skipTooDeep()
    }
    defer { leave() }
    return parseConditional()
  }

  /// `conditional = suffixed ["?" expression ":" expression]`
  mutating func parseConditional() -> Expr {
    let condition = parseSuffixed()
    guard match(.question) else { return condition }
    let then = parseExpression()
    expect(.colon, "between the branches of '?'")
    let otherwise = parseExpression()
    return Expr(.conditional(condition, then, otherwise), span: condition.span.merged(with: otherwise.span))
  }

  /// `suffixed = impliesExpr { ("clamp" | "truncate") additive ".." additive | "per" concat }`
  mutating func parseSuffixed() -> Expr {
    var links = 0
    defer { endChain(links) }
    var expr = parseImplies()
    while check(.clamp) || check(.truncate) || (check(.per) && !inTableCount) {
      // A suffix keyword that starts a line and is followed by '=' or ':' is a misused column
      // name on the next item, not a suffix of this expression.
      if current.startsLine, peek().kind == .assign || peek().kind == .colon { break }
      guard chainLink(&links) else { break }
      if match(.per) {
        let key = parseConcat()
        expr = Expr(.grouped(expr, key: key), span: expr.span.merged(with: key.span))
        continue
      }
      let isClamp = check(.clamp)
      advance()
      let (lo, hi) = parseRange(isClamp ? "after 'clamp'" : "after 'truncate'")
      let span = expr.span.merged(with: hi.span)
      expr = Expr(isClamp ? .clamp(expr, lo, hi) : .truncate(expr, lo, hi), span: span)
    }
    return expr
  }

  /// `range = additive ".." additive`
  mutating func parseRange(_ context: String) -> (Expr, Expr) {
    let lo = parseAdditive()
    expect(.dotDot, "between the bounds \(context)")
    let hi = parseAdditive()
    return (lo, hi)
  }

  /// `impliesExpr = orExpr { "implies" orExpr }` (left-associative; `a implies b` is
  /// `not a or b`)
  mutating func parseImplies() -> Expr {
    var links = 0
    defer { endChain(links) }
    var left = parseOr()
    while match(.implies) {
      guard chainLink(&links) else { break }
      let right = parseOr()
      left = Expr(.binary(.implies, left, right), span: left.span.merged(with: right.span))
    }
    return left
  }

  /// `orExpr = andExpr { "or" andExpr }`
  mutating func parseOr() -> Expr {
    var links = 0
    defer { endChain(links) }
    var left = parseAnd()
    while match(.or) {
      guard chainLink(&links) else { break }
      let right = parseAnd()
      left = Expr(.binary(.or, left, right), span: left.span.merged(with: right.span))
    }
    return left
  }

  /// `andExpr = notExpr { "and" notExpr }`
  mutating func parseAnd() -> Expr {
    var links = 0
    defer { endChain(links) }
    var left = parseNot()
    while match(.and) {
      guard chainLink(&links) else { break }
      let right = parseNot()
      left = Expr(.binary(.and, left, right), span: left.span.merged(with: right.span))
    }
    return left
  }

  /// `notExpr = "not" notExpr | comparison`
  mutating func parseNot() -> Expr {
    let start = current.span
    guard match(.not) else { return parseComparison() }
    guard enter() else {
      leave()
      return skipTooDeep()
    }
    defer { leave() }
    let operand = parseNot()
    return Expr(.unary(.not, operand), span: start.merged(with: operand.span))
  }

  /// `comparison = concat [ compareOp concat | "is" ["not"] "null" | "in" (list | range) ]`
  mutating func parseComparison() -> Expr {
    let left = parseConcat()
    let op: BinaryOperator
    switch current.kind {
    case .equal: op = .equal
    case .notEqual: op = .notEqual
    case .less: op = .less
    case .lessEqual: op = .lessEqual
    case .greater: op = .greater
    case .greaterEqual: op = .greaterEqual
    case .assign:
      report(
        .expectedToken, "'=' is not a comparison", at: current.span, label: "use '==' to compare")
      op = .equal
    case .keyword(.is):
      advance()
      let negated = match(.not)
      expect(.null, "after 'is'")
      return Expr(.isNull(left, negated: negated), span: left.span.merged(with: previous.span))
    case .keyword(.in):
      advance()
      if check(.leftBracket) {
        let items = parseBracketList("after 'in'")
        return Expr(.inList(left, items), span: left.span.merged(with: previous.span))
      }
      let (lo, hi) = parseRange("after 'in'")
      return Expr(.inRange(left, lo, hi), span: left.span.merged(with: hi.span))
    default:
      return left
    }
    advance()
    let right = parseConcat()
    return Expr(.binary(op, left, right), span: left.span.merged(with: right.span))
  }

  /// `concat = additive { "++" additive }`
  mutating func parseConcat() -> Expr {
    var links = 0
    defer { endChain(links) }
    var left = parseAdditive()
    while match(.concat) {
      guard chainLink(&links) else { break }
      let right = parseAdditive()
      left = Expr(.binary(.concat, left, right), span: left.span.merged(with: right.span))
    }
    return left
  }

  /// `additive = term { ("+" | "-") term }`
  mutating func parseAdditive() -> Expr {
    var links = 0
    defer { endChain(links) }
    var left = parseTerm()
    while check(.plus) || check(.minus) {
      guard chainLink(&links) else { break }
      let op: BinaryOperator = check(.plus) ? .add : .subtract
      advance()
      let right = parseTerm()
      left = Expr(.binary(op, left, right), span: left.span.merged(with: right.span))
    }
    return left
  }

  /// `term = unary { ("*" | "/" | "%") unary }`
  mutating func parseTerm() -> Expr {
    var links = 0
    defer { endChain(links) }
    var left = parseUnary()
    while true {
      let op: BinaryOperator
      switch current.kind {
      case .star: op = .multiply
      case .slash: op = .divide
      case .percentSign: op = .modulo
      default: return left
      }
      guard chainLink(&links) else { break }
      advance()
      let right = parseUnary()
      left = Expr(.binary(op, left, right), span: left.span.merged(with: right.span))
    }
    return left
  }

  /// `unary = "-" unary | postfix`
  mutating func parseUnary() -> Expr {
    let start = current.span
    guard match(.minus) else { return parsePostfix() }
    guard enter() else {
      leave()
      return skipTooDeep()
    }
    defer { leave() }
    // `-9223372036854775808`: the one literal whose magnitude is beyond Int64.max.
    if case .wideInt(let w) = current.kind, w == UInt64(Int64.max) + 1 {
      let span = start.merged(with: current.span)
      advance()
      return Expr(.literal(.int(.min)), span: span)
    }
    let operand = parseUnary()
    // Fold a negated numeric literal so that `-9223372036854775808`-style bounds stay literals.
    if case .literal(let lit) = operand.kind {
      let span = start.merged(with: operand.span)
      switch lit {
      case .int(let v): return Expr(.literal(.int(0 &- v)), span: span)
      case .float(let v): return Expr(.literal(.float(-v)), span: span)
      case .percent(let v): return Expr(.literal(.percent(-v)), span: span)
      case .duration(let v): return Expr(.literal(.duration(0 &- v)), span: span)
      default: break
      }
    }
    return Expr(.unary(.negate, operand), span: start.merged(with: operand.span))
  }

  /// `postfix = primary { "." IDENT }`
  mutating func parsePostfix() -> Expr {
    var links = 0
    defer { endChain(links) }
    var expr = parsePrimary()
    while match(.dot) {
      guard chainLink(&links) else { break }
      guard let field = expectName("after '.'") else { break }
      expr = Expr(.field(expr, field), span: expr.span.merged(with: field.span))
    }
    return expr
  }

  /// Counts one more link of an operator chain (`a + b + c ...`) against the nesting limit: a
  /// long flat chain becomes a deep tree, which later phases walk recursively. False (after
  /// skipping the rest of the expression) when the limit is reached.
  mutating func chainLink(_ links: inout Int) -> Bool {
    guard enter(chain: true) else {
      leave()
      _ = skipTooDeep()
      return false
    }
    links += 1
    return true
  }

  /// Leaves the levels an operator chain entered.
  mutating func endChain(_ links: Int) {
    for _ in 0..<links { leave() }
  }

  /// Reports nothing more and skips to a plausible end when the nesting limit is hit.
  mutating func skipTooDeep() -> Expr {
    let start = current.span
    var nesting = 0
    while !atEnd {
      // A line that plainly starts an item or a declaration ends the skip even inside unclosed
      // brackets, so that deep garbage cannot swallow the rest of the file.
      if atTableItemStart || (atDeclarationStart && current.startsLine)
        || (current.startsLine && check(.rightBrace))
      {
        return Expr(.invalid, span: start)
      }
      switch current.kind {
      case .leftParen, .leftBracket, .leftBrace: nesting += 1
      case .rightParen, .rightBracket, .rightBrace:
        if nesting == 0 { return Expr(.invalid, span: start) }
        nesting -= 1
      default:
        if nesting == 0, current.startsLine { return Expr(.invalid, span: start) }
      }
      advance()
    }
    return Expr(.invalid, span: start)
  }
}
