import ScenarioDiagnostics

/// A token: its kind, where it is, and for literals and names the decoded value.
public struct Token: Sendable, Equatable {
  public var kind: TokenKind
  public var span: SourceSpan
  /// Identifier text, decoded string contents, or the literal's source text.
  public var text: String
  /// Whether a line break separates this token from the previous one (used by error recovery).
  public var startsLine: Bool
  /// Whether the lexer made this token up while expanding a template literal (its parentheses,
  /// `++` and empty texts): its span points into the template but may be empty or shared.
  public var synthetic: Bool

  public init(kind: TokenKind, span: SourceSpan, text: String, startsLine: Bool = false, synthetic: Bool = false) {
    self.kind = kind
    self.span = span
    self.text = text
    self.startsLine = startsLine
    self.synthetic = synthetic
  }
}

/// Every kind of token. Keywords are listed in `Keywords.swift`.
public enum TokenKind: Sendable, Equatable, Hashable {
  case identifier
  case keyword(Keyword)
  /// An integer literal; the value is in `Token.int`.
  case int(Int64)
  /// An integer literal above `Int64.max` and at most `UInt64.max`: a seed, or the magnitude of
  /// `-9223372036854775808`; anywhere else the parser reports it as out of range.
  case wideInt(UInt64)
  /// A float literal.
  case float(Double)
  /// A percentage such as `10%`, stored as a fraction (0.1).
  case percent(Double)
  /// A duration such as `7d`, `90m`, `1.5h`, stored in seconds.
  case duration(Int64)
  /// A string literal; `Token.text` holds the decoded contents.
  case string
  /// A date `2024-06-30`, as days since 1970-01-01.
  case date(Int64)
  /// A date-time `2024-06-30T15:00:00`, as seconds since the epoch (UTC).
  case datetime(Int64)
  // Punctuation.
  case leftBrace, rightBrace, leftParen, rightParen, leftBracket, rightBracket
  case comma, colon, semicolon, dot, dotDot, question, pipe, arrow
  case assign, equal, notEqual, less, lessEqual, greater, greaterEqual
  case plus, minus, star, slash, percentSign, concat, plusMinus, tilde
  /// A byte sequence that starts no token (already reported).
  case invalid
  case endOfFile

  /// How the kind is named in "expected ..." messages.
  public var display: String {
    switch self {
    case .identifier: "a name"
    case .keyword(let k): "'\(k.rawValue)'"
    case .int, .wideInt: "an integer"
    case .float: "a number"
    case .percent: "a percentage"
    case .duration: "a duration"
    case .string: "a string"
    case .date: "a date"
    case .datetime: "a date-time"
    case .leftBrace: "'{'"
    case .rightBrace: "'}'"
    case .leftParen: "'('"
    case .rightParen: "')'"
    case .leftBracket: "'['"
    case .rightBracket: "']'"
    case .comma: "','"
    case .colon: "':'"
    case .semicolon: "';'"
    case .dot: "'.'"
    case .dotDot: "'..'"
    case .question: "'?'"
    case .pipe: "'|'"
    case .arrow: "'=>'"
    case .assign: "'='"
    case .equal: "'=='"
    case .notEqual: "'!='"
    case .less: "'<'"
    case .lessEqual: "'<='"
    case .greater: "'>'"
    case .greaterEqual: "'>='"
    case .plus: "'+'"
    case .minus: "'-'"
    case .star: "'*'"
    case .slash: "'/'"
    case .percentSign: "'%'"
    case .concat: "'++'"
    case .plusMinus: "'+-'"
    case .tilde: "'~'"
    case .invalid: "an invalid token"
    case .endOfFile: "end of file"
    }
  }
}
