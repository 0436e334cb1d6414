/// The kind of a value, without nullability.
public enum TypeKind: Sendable, Equatable, Hashable {
  case int
  case float
  case bool
  case text
  /// A calendar date (days since 1970-01-01, proleptic Gregorian, UTC).
  case date
  /// An instant (seconds since 1970-01-01T00:00:00Z).
  case datetime
  /// A length of time in seconds.
  case duration
  /// Text restricted to a known set of values (from `choice { ... }` or persona names).
  /// Cases keep their first-seen order, which is also the SQL CHECK order.
  case choice([String])
  /// A row of another table, by table name.
  case ref(String)
  /// The type of the `null` literal before it meets another type.
  case null
  /// The type of an expression that already produced a diagnostic; it poisons its users silently.
  case error
}

/// A value type: a kind plus whether it may be null.
public struct ValueType: Sendable, Equatable, Hashable, CustomStringConvertible {
  public var kind: TypeKind
  public var isNullable: Bool

  public init(_ kind: TypeKind, nullable: Bool = false) {
    self.kind = kind
    self.isNullable = nullable || kind == .null
  }

  public static let int = ValueType(.int)
  public static let float = ValueType(.float)
  public static let bool = ValueType(.bool)
  public static let text = ValueType(.text)
  public static let date = ValueType(.date)
  public static let datetime = ValueType(.datetime)
  public static let duration = ValueType(.duration)
  public static let null = ValueType(.null, nullable: true)
  public static let error = ValueType(.error)

  /// The same kind, nullable.
  public var nullable: ValueType { ValueType(kind, nullable: true) }
  /// The same kind, not nullable.
  public var nonNull: ValueType { ValueType(kind, nullable: false) }

  /// Whether this is `.error` (a poisoned expression).
  public var isError: Bool { kind == .error }
  /// Whether the kind is int or float.
  public var isNumeric: Bool { kind == .int || kind == .float }
  /// Whether the kind is text or a choice (both are text at run time).
  public var isTextual: Bool {
    if case .choice = kind { return true }
    return kind == .text
  }

  /// The name shown in diagnostics: `int`, `float?`, `choice("a", "b")`, `ref(tutors)`.
  public var description: String {
    let base: String
    switch kind {
    case .int: base = "int"
    case .float: base = "float"
    case .bool: base = "bool"
    case .text: base = "text"
    case .date: base = "date"
    case .datetime: base = "datetime"
    case .duration: base = "duration"
    case .choice(let cases):
      let shown = cases.prefix(4).map { "\"\($0)\"" }.joined(separator: ", ")
      base = "choice(" + shown + (cases.count > 4 ? ", …" : "") + ")"
    case .ref(let table): base = "ref(\(table))"
    case .null: return "null"
    case .error: return "<error>"
    }
    return isNullable ? base + "?" : base
  }
}
