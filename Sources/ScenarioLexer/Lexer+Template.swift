import ScenarioDiagnostics

extension Lexer {
  /// A template literal, `t"Dear {name}, your order {id} ships {choice { "today" 3, "soon" 1 }}."`,
  /// expanded into the tokens of the expression it means:
  /// `("Dear " ++ (name) ++ ", your order " ++ (id) ++ " ships " ++ (choice {...}) ++ ".")`.
  /// The text parts take the escapes of strings, plus `{{` and `}}` for literal braces; a slot
  /// holds any expression (its tokens are the lexer's own, so its spans are exact), and ends at
  /// the `}` that balances its `{`. The parser sees an ordinary parenthesised concatenation.
  mutating func scanTemplate() -> [Token] {
    let start = pos
    pos += 2
    let open = span(start, start + 2)
    var tokens: [Token] = [Token(kind: .leftParen, span: open, text: "(", synthetic: true)]
    var text: [UInt8] = []
    var textStart = pos
    var first = true
    func flush(_ lexer: Lexer, force: Bool) {
      guard force || !text.isEmpty else { return }
      if !first { tokens.append(Token(kind: .concat, span: lexer.span(textStart, textStart), text: "++", synthetic: true)) }
      tokens.append(
        Token(
          kind: .string, span: lexer.span(textStart, lexer.pos), text: String(decoding: text, as: UTF8.self),
          synthetic: lexer.pos == textStart))
      text.removeAll()
      first = false
    }
    while true {
      guard pos < bytes.count, bytes[pos] != UInt8(ascii: "\n") else {
        diagnostics.error(
          .unterminatedString, "unterminated template literal", at: open, label: "template starts here",
          help: "close it with '\"' on the same line; use '\\n' for a line break")
        flush(self, force: first)
        break
      }
      let b = bytes[pos]
      if b == UInt8(ascii: "\"") {
        flush(self, force: first)
        pos += 1
        break
      }
      if (b == UInt8(ascii: "{") || b == UInt8(ascii: "}")) && peek(1) == b {
        text.append(b)
        pos += 2
        continue
      }
      if b == UInt8(ascii: "}") {
        diagnostics.error(
          .invalidEscape, "a '}' in a template closes no slot", at: span(pos, pos + 1), label: "no '{' before it",
          help: "write '}}' for a literal '}'")
        pos += 1
        continue
      }
      if b == UInt8(ascii: "{") {
        // The text so far always comes first (an empty one for a leading slot), so the whole
        // template is text.
        flush(self, force: first)
        let slotOpen = pos
        pos += 1
        tokens.append(Token(kind: .concat, span: span(slotOpen, slotOpen + 1), text: "++", synthetic: true))
        tokens.append(Token(kind: .leftParen, span: span(slotOpen, slotOpen + 1), text: "(", synthetic: true))
        var depth = 0
        var slotTokens = 0
        while true {
          let token = next()
          if token.kind == .endOfFile {
            diagnostics.error(
              .unclosedDelimiter, "this template slot is not closed with '}'", at: span(slotOpen, slotOpen + 1),
              label: "slot opened here")
            tokens.append(Token(kind: .rightParen, span: token.span, text: ")", synthetic: true))
            tokens.append(Token(kind: .rightParen, span: token.span, text: ")", synthetic: true))
            tokens.append(token)
            return tokens
          }
          if token.kind == .leftBrace { depth += 1 }
          if token.kind == .rightBrace {
            if depth == 0 {
              if slotTokens == 0 {
                diagnostics.error(
                  .expectedExpression, "a template slot needs an expression", at: span(slotOpen, token.span.end),
                  label: "empty slot", help: "write '{{' for a literal '{'")
                tokens.append(Token(kind: .string, span: token.span, text: "", synthetic: true))
              }
              tokens.append(Token(kind: .rightParen, span: token.span, text: ")", synthetic: true))
              break
            }
            depth -= 1
          }
          tokens.append(token)
          slotTokens += 1
        }
        textStart = pos
        continue
      }
      if b == UInt8(ascii: "\\") {
        scanEscape(into: &text)
        continue
      }
      if b >= 0x80 {
        scanUTF8(into: &text)
        continue
      }
      text.append(b)
      pos += 1
    }
    tokens.append(Token(kind: .rightParen, span: span(pos - 1, pos), text: ")", synthetic: true))
    return tokens
  }
}
