import ScenarioAST
import ScenarioLexer

extension Parser {
  /// Keywords that start a top-level declaration; the parser resynchronises on them.
  static let declarationKeywords: Set<Keyword> = [
    .scenario, .seed, .now, .param, .let, .mode, .table, .expect,
  ]

  /// Whether the current token starts a declaration (a declaration keyword; `let` and `now`
  /// only at the start of a line).
  var atDeclarationStart: Bool {
    if atReportStart || atIncludeStart || atTimezoneStart { return current.startsLine }
    guard case .keyword(let k) = current.kind, Parser.declarationKeywords.contains(k) else {
      return false
    }
    return k != .let && k != .now ? true : current.startsLine
  }

  /// Inside a table body: whether the current token ends the body by starting a declaration.
  /// A declaration keyword followed by `=` or `:` there is a misused column name (`table = 3`),
  /// reported as such instead of closing the table.
  var atDeclarationStartInBody: Bool {
    atDeclarationStart && current.startsLine && peek().kind != .assign && peek().kind != .colon
  }

  /// Whether the current token, at the start of a line, plainly starts a table item:
  /// `name =`, `name:`, `let`, `persona` or `key`.
  var atTableItemStart: Bool {
    guard current.startsLine else { return false }
    switch current.kind {
    case .identifier: return peek().kind == .assign || peek().kind == .colon
    case .keyword(.let), .keyword(.persona), .keyword(.key), .keyword(.correlate): return true
    default: return false
    }
  }

  /// Skips tokens until a declaration keyword at the start of a line, or end of file.
  mutating func synchronizeDeclaration() {
    while !atEnd {
      if atDeclarationStart, current.startsLine { return }
      advance()
    }
  }

  /// Skips to the next table item: a line that starts an item, the closing `}` of the body, or a
  /// declaration. Brackets opened while skipping are skipped as a whole, but a line that plainly
  /// starts an item ends the skip even inside an unclosed bracket, so one unclosed `(` cannot
  /// swallow the rest of the file.
  mutating func synchronizeTableItem() {
    var nesting = 0
    while !atEnd {
      if atTableItemStart || atDeclarationStartInBody { return }
      switch current.kind {
      case .leftBrace, .leftParen, .leftBracket: nesting += 1
      case .rightBrace, .rightParen, .rightBracket:
        if nesting == 0 {
          if current.kind == .rightBrace { return }
        } else {
          nesting -= 1
        }
      default: break
      }
      advance()
    }
  }
}
