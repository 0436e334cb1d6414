import ScenarioAST
import ScenarioLexer

extension Parser {
  /// Keywords that start a top-level declaration; the parser resynchronises on them.
  static let declarationKeywords: Set<Keyword> = [
    .scenario, .seed, .now, .param, .let, .mode, .table, .expect,
  ]

  /// Whether the current token starts a declaration (a declaration keyword at the start of a line).
  var atDeclarationStart: Bool {
    if case .keyword(let k) = current.kind, Parser.declarationKeywords.contains(k) {
      return k != .let && k != .now ? true : current.startsLine
    }
    return false
  }

  /// Skips tokens until a declaration keyword at the start of a line, or end of file.
  mutating func synchronizeDeclaration() {
    while !atEnd {
      if atDeclarationStart, current.startsLine { return }
      advance()
    }
  }

  /// Skips to the next table item: a token starting a line inside the body, or the closing `}`.
  /// Nested braces are skipped as a whole.
  mutating func synchronizeTableItem() {
    var nesting = 0
    var first = true
    while !atEnd {
      if !first, nesting == 0, current.startsLine {
        if check(.rightBrace) || check(.identifier) || check(.let) || check(.persona)
          || check(.key) || atDeclarationStart
        {
          return
        }
      }
      first = false
      switch current.kind {
      case .leftBrace, .leftParen, .leftBracket: nesting += 1
      case .rightBrace, .rightParen, .rightBracket:
        if nesting == 0, current.kind == .rightBrace { return }
        nesting = max(0, nesting - 1)
      default: break
      }
      advance()
    }
  }
}
