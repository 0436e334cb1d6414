import ScenarioDiagnostics
import ScenarioLexer
import Testing

/// Swift Testing has its own `SourceLocation`; the helpers below take Swift Testing's.
typealias TestLocation = Testing.SourceLocation

/// A token as the tables write it: its kind and its text (decoded contents for strings).
struct Tok: Equatable, Sendable, CustomStringConvertible {
  let kind: TokenKind
  let text: String

  init(_ kind: TokenKind, _ text: String) {
    self.kind = kind
    self.text = text
  }

  var description: String { "\(kind) \(text.debugDescription)" }
}

/// One row of a lexer table: a source, the tokens it must produce (without the final
/// end-of-file token) and the codes of the diagnostics it must report, in order.
struct LexCase: Sendable, CustomTestStringConvertible {
  let bytes: [UInt8]
  let tokens: [Tok]
  let codes: [DiagnosticCode]
  let name: String

  /// A case from source text.
  init(_ source: String, _ tokens: [Tok], codes: [DiagnosticCode] = [], name: String? = nil) {
    self.init(bytes: Array(source.utf8), tokens, codes: codes, name: name ?? source)
  }

  /// A case from raw bytes, for sources that are not valid UTF-8 or hold NUL bytes.
  init(bytes: [UInt8], _ tokens: [Tok], codes: [DiagnosticCode] = [], name: String) {
    self.bytes = bytes
    self.tokens = tokens
    self.codes = codes
    self.name = name
  }

  var testDescription: String { name.debugDescription }
}

/// The result of scanning a source: every token (end of file included) and the diagnostics.
struct Lexed {
  let file: SourceFile
  let tokens: [Token]
  let diagnostics: [Diagnostic]

  /// Tokens without the final end-of-file token.
  var body: [Token] { Array(tokens.dropLast()) }
}

/// Scans bytes with the real lexer.
func lex(_ bytes: [UInt8]) -> Lexed {
  let file = SourceFile(id: 3, path: "lex.scenario", bytes: bytes)
  var bag = DiagnosticBag()
  let tokens = Lexer.tokenize(file, diagnostics: &bag)
  return Lexed(file: file, tokens: tokens, diagnostics: bag.items)
}

/// Scans source text with the real lexer.
func lex(_ source: String) -> Lexed { lex(Array(source.utf8)) }

/// Checks one table row: token kinds and texts, diagnostic codes, and the invariants every scan
/// must keep (one final end-of-file token, spans in order, inside the file and in this file).
func expectLex(_ c: LexCase, sourceLocation: TestLocation = #_sourceLocation) {
  let result = lex(c.bytes)
  let got = result.body.map { Tok($0.kind, $0.text) }
  #expect(got == c.tokens, sourceLocation: sourceLocation)
  #expect(result.diagnostics.map(\.code) == c.codes, sourceLocation: sourceLocation)
  expectInvariants(result, sourceLocation: sourceLocation)
}

/// Invariants that hold for every input, valid or not.
func expectInvariants(_ result: Lexed, sourceLocation: TestLocation = #_sourceLocation) {
  let count = result.file.bytes.count
  #expect(result.tokens.last?.kind == .endOfFile, sourceLocation: sourceLocation)
  #expect(
    result.tokens.filter { $0.kind == .endOfFile }.count == 1, sourceLocation: sourceLocation)
  #expect(
    result.tokens.last?.span == SourceSpan(file: 3, start: count, end: count),
    sourceLocation: sourceLocation)
  var previousEnd = 0
  for t in result.tokens {
    #expect(t.span.file == 3, sourceLocation: sourceLocation)
    // A template's made-up tokens (parentheses, `++`, empty texts) share or lack bytes; they
    // must still lie inside the file.
    if t.synthetic {
      #expect(t.span.start >= 0 && t.span.end <= count, "\(t) is outside the file", sourceLocation: sourceLocation)
      continue
    }
    #expect(
      t.span.start >= previousEnd, "\(t) overlaps the token before it",
      sourceLocation: sourceLocation)
    #expect(t.span.end <= count, "\(t) ends past the file", sourceLocation: sourceLocation)
    if t.kind != .endOfFile {
      #expect(t.span.length > 0, "\(t) is empty", sourceLocation: sourceLocation)
    }
    previousEnd = t.span.end
  }
  for d in result.diagnostics {
    #expect(
      d.span.start >= 0 && d.span.end <= count, "\(d.message) is outside the file",
      sourceLocation: sourceLocation)
    #expect(d.severity == .error, sourceLocation: sourceLocation)
  }
}

/// The `[start, end)` byte range of each token but the final end-of-file token.
func ranges(_ source: String) -> [Range<Int>] {
  lex(source).body.map { $0.span.start..<$0.span.end }
}
