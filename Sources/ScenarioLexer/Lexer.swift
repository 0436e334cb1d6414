import ScenarioDiagnostics

/// Turns a source file's bytes into tokens. Never stops: a byte that starts no token becomes an
/// `.invalid` token plus a diagnostic, and scanning continues (STYLE.md §1.3).
public struct Lexer {
  let file: SourceFile
  let bytes: [UInt8]
  var pos = 0
  var sawNewline = true
  var diagnostics = DiagnosticBag()
  /// Tokens a template literal expanded to, still to be returned by `next()`.
  var pending: [Token] = []

  /// Creates a lexer over a file.
  public init(file: SourceFile) {
    self.file = file
    self.bytes = file.bytes
  }

  /// Scans the whole file; the last token is always `.endOfFile`.
  public static func tokenize(_ file: SourceFile, diagnostics: inout DiagnosticBag) -> [Token] {
    var lexer = Lexer(file: file)
    var tokens: [Token] = []
    tokens.reserveCapacity(file.bytes.count / 3 + 1)
    while true {
      let token = lexer.next()
      tokens.append(token)
      if token.kind == .endOfFile { break }
    }
    diagnostics.merge(lexer.diagnostics)
    return tokens
  }

  // MARK: - Scanning

  /// The next token.
  mutating func next() -> Token {
    if !pending.isEmpty { return pending.removeFirst() }
    skipTrivia()
    let start = pos
    let startsLine = sawNewline
    sawNewline = false
    guard pos < bytes.count else {
      return Token(kind: .endOfFile, span: span(start, start), text: "", startsLine: true)
    }
    let b = bytes[pos]
    var token: Token
    if peek(0) == UInt8(ascii: "t"), peek(1) == UInt8(ascii: "\"") {
      var tokens = scanTemplate()
      tokens[0].startsLine = startsLine
      pending = Array(tokens.dropFirst())
      return tokens[0]
    }
    if let hashes = rawStringHashes() {
      token = scanRawString(hashes: hashes)
    } else if isIdentStart(b) {
      token = scanWord()
    } else if isDigit(b) {
      token = scanNumber()
    } else if b == UInt8(ascii: "\"") {
      token = scanString()
    } else {
      token = scanPunctuation()
    }
    token.startsLine = startsLine
    return token
  }

  /// Skips spaces, line breaks and comments (`#` or `//` to the end of the line).
  mutating func skipTrivia() {
    while pos < bytes.count {
      let b = bytes[pos]
      if b == UInt8(ascii: "\n") {
        sawNewline = true
        pos += 1
      } else if b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") || b == UInt8(ascii: "\r") {
        pos += 1
      } else if b == UInt8(ascii: "#")
        || (b == UInt8(ascii: "/") && peek(1) == UInt8(ascii: "/"))
      {
        var reported = false
        while pos < bytes.count, bytes[pos] != UInt8(ascii: "\n") {
          guard bytes[pos] >= 0x80 else {
            pos += 1
            continue
          }
          if let n = validUTF8Length(at: pos) {
            pos += n
            continue
          }
          if !reported {
            reported = true
            diagnostics.error(
              .invalidUTF8, "invalid UTF-8 in a comment", at: span(pos, pos + 1),
              label: "byte 0x" + String(bytes[pos], radix: 16, uppercase: true) + " is not valid UTF-8")
          }
          pos += 1
        }
      } else {
        return
      }
    }
  }

  /// An identifier or keyword.
  mutating func scanWord() -> Token {
    let start = pos
    while pos < bytes.count, isIdentContinue(bytes[pos]) { pos += 1 }
    let slice = bytes[start..<pos]
    if let keyword = Keyword.lookup(slice) {
      return Token(kind: .keyword(keyword), span: span(start, pos), text: keyword.rawValue)
    }
    return Token(kind: .identifier, span: span(start, pos), text: String(decoding: slice, as: UTF8.self))
  }

  /// Punctuation and operators.
  mutating func scanPunctuation() -> Token {
    let start = pos
    let b = bytes[pos]
    let n = peek(1)
    func two(_ kind: TokenKind) -> TokenKind {
      pos += 2
      return kind
    }
    func one(_ kind: TokenKind) -> TokenKind {
      pos += 1
      return kind
    }
    let kind: TokenKind
    switch b {
    case UInt8(ascii: "{"): kind = one(.leftBrace)
    case UInt8(ascii: "}"): kind = one(.rightBrace)
    case UInt8(ascii: "("): kind = one(.leftParen)
    case UInt8(ascii: ")"): kind = one(.rightParen)
    case UInt8(ascii: "["): kind = one(.leftBracket)
    case UInt8(ascii: "]"): kind = one(.rightBracket)
    case UInt8(ascii: ","): kind = one(.comma)
    case UInt8(ascii: ":"): kind = one(.colon)
    case UInt8(ascii: ";"): kind = one(.semicolon)
    case UInt8(ascii: "?"): kind = one(.question)
    case UInt8(ascii: "|"): kind = one(.pipe)
    case UInt8(ascii: "*"): kind = one(.star)
    case UInt8(ascii: "/"): kind = one(.slash)
    case UInt8(ascii: "%"): kind = one(.percentSign)
    case UInt8(ascii: "~"): kind = one(.tilde)
    case UInt8(ascii: "."): kind = n == UInt8(ascii: ".") ? two(.dotDot) : one(.dot)
    case UInt8(ascii: "="):
      kind = n == UInt8(ascii: "=") ? two(.equal) : n == UInt8(ascii: ">") ? two(.arrow) : one(.assign)
    case UInt8(ascii: "!"):
      if n == UInt8(ascii: "=") {
        kind = two(.notEqual)
      } else {
        return invalid(start, "unexpected character '!'", help: "use 'not' for negation")
      }
    case UInt8(ascii: "<"): kind = n == UInt8(ascii: "=") ? two(.lessEqual) : one(.less)
    case UInt8(ascii: ">"): kind = n == UInt8(ascii: "=") ? two(.greaterEqual) : one(.greater)
    case UInt8(ascii: "+"):
      kind = n == UInt8(ascii: "+") ? two(.concat) : n == UInt8(ascii: "-") ? two(.plusMinus) : one(.plus)
    case UInt8(ascii: "-"): kind = one(.minus)
    default:
      return invalidCharacter(start)
    }
    return Token(kind: kind, span: span(start, pos), text: String(decoding: bytes[start..<pos], as: UTF8.self))
  }

  /// Reports a byte (or a whole UTF-8 scalar) that starts no token.
  mutating func invalidCharacter(_ start: Int) -> Token {
    if bytes[start] >= 0x80, validUTF8Length(at: start) == nil {
      pos += 1
      while pos < bytes.count, bytes[pos] >= 0x80, validUTF8Length(at: pos) == nil { pos += 1 }
      let s = span(start, pos)
      diagnostics.error(
        .invalidUTF8, "invalid UTF-8 in the source", at: s,
        label: "byte 0x" + String(bytes[start], radix: 16, uppercase: true) + " is not valid UTF-8")
      return Token(kind: .invalid, span: s, text: "")
    }
    pos += 1
    while pos < bytes.count, bytes[pos] & 0xC0 == 0x80 { pos += 1 }
    // A run of stray characters (`@@@`) is one token and one diagnostic.
    while pos < bytes.count, startsNoToken(bytes[pos]) { pos += 1 }
    let text = String(decoding: bytes[start..<pos], as: UTF8.self)
    guard text.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F }) else {
      return invalid(start, "unexpected character byte 0x" + String(bytes[start], radix: 16))
    }
    // A long run is quoted by its start and counted, so a megabyte of garbage stays one short line.
    let scalars = text.unicodeScalars.count
    if scalars > Self.quotedRunLimit {
      let head = String(String.UnicodeScalarView(text.unicodeScalars.prefix(Self.quotedRunLimit)))
      return invalid(start, "\(scalars) unexpected characters, starting '\(head)…'")
    }
    return invalid(start, "unexpected character '\(text)'")
  }

  /// The most characters of a stray run that a message quotes.
  static let quotedRunLimit = 16

  /// Emits an `.invalid` token covering `start..<pos` and a diagnostic.
  mutating func invalid(_ start: Int, _ message: String, help: String? = nil) -> Token {
    if pos == start { pos += 1 }
    let s = span(start, pos)
    diagnostics.error(.unexpectedCharacter, message, at: s, label: "not part of any token", help: help)
    return Token(kind: .invalid, span: s, text: String(decoding: bytes[start..<pos], as: UTF8.self))
  }

  // MARK: - Helpers

  /// The length of the valid UTF-8 scalar starting at `i`, or nil if the bytes there are not one.
  func validUTF8Length(at i: Int) -> Int? {
    let lead = bytes[i]
    let length = lead < 0x80 ? 1 : lead >= 0xC2 && lead < 0xE0 ? 2 : lead >= 0xE0 && lead < 0xF0 ? 3
      : lead >= 0xF0 && lead < 0xF5 ? 4 : 0
    guard length > 0, i + length <= bytes.count else { return nil }
    if length == 1 { return 1 }
    var it = bytes[i..<(i + length)].makeIterator()
    var decoder = UTF8()
    if case .scalarValue = decoder.decode(&it) { return length }
    return nil
  }

  func peek(_ offset: Int) -> UInt8 {
    let i = pos + offset
    return i < bytes.count ? bytes[i] : 0
  }

  func span(_ start: Int, _ end: Int) -> SourceSpan {
    SourceSpan(file: file.id, start: start, end: end)
  }
}

/// Whether a byte can start no token at all (so it continues a run of stray characters).
@inline(__always) func startsNoToken(_ b: UInt8) -> Bool {
  if b >= 0x80 { return true }
  switch b {
  case UInt8(ascii: "@"), UInt8(ascii: "$"), UInt8(ascii: "^"), UInt8(ascii: "&"),
    UInt8(ascii: "`"), UInt8(ascii: "\\"), UInt8(ascii: "'"):
    return true
  default: return b < 0x20 && b != 0x0A && b != 0x09 && b != 0x0D
  }
}

/// Whether a byte can start an identifier (ASCII letters and `_`).
@inline(__always) func isIdentStart(_ b: UInt8) -> Bool {
  (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || b == 0x5F
}

/// Whether a byte can continue an identifier.
@inline(__always) func isIdentContinue(_ b: UInt8) -> Bool { isIdentStart(b) || isDigit(b) }

/// Whether a byte is an ASCII digit.
@inline(__always) func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
