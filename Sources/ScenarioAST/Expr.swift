import ScenarioDiagnostics

/// An expression with its span.
public struct Expr: Sendable, Equatable {
  public var kind: ExprKind
  public var span: SourceSpan
  public init(_ kind: ExprKind, span: SourceSpan) {
    self.kind = kind
    self.span = span
  }
}

/// Binary operators, by precedence group (see grammar/scenario.ebnf).
public enum BinaryOperator: String, Sendable, Equatable {
  case implies, or, and
  case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">"
  case greaterEqual = ">="
  case concat = "++"
  case add = "+", subtract = "-", multiply = "*", divide = "/", modulo = "%"
}

/// Unary operators.
public enum UnaryOperator: String, Sendable, Equatable {
  case negate = "-"
  case not
}

/// Literal values.
public enum Literal: Sendable, Equatable {
  case int(Int64)
  case float(Double)
  /// `10%`, stored as 0.1; typed float.
  case percent(Double)
  case duration(Int64)
  case string(String)
  case bool(Bool)
  case date(Int64)
  case datetime(Int64)
  case null
}

/// The kinds of expressions.
public indirect enum ExprKind: Sendable, Equatable {
  case literal(Literal)
  /// A bare name: a column, a `let`, a parameter, or `row`.
  case name(String)
  /// `now`: the scenario's fixed instant.
  case now
  /// `persona`: the current row's persona name.
  case persona
  case unary(UnaryOperator, Expr)
  case binary(BinaryOperator, Expr, Expr)
  /// `cond ? then : else`
  case conditional(Expr, Expr, Expr)
  /// `f(args)`
  case call(Name, [Expr])
  /// `base.field`
  case field(Expr, Name)
  /// `x is null` / `x is not null` (the Bool is true for `is not`).
  case isNull(Expr, negated: Bool)
  /// `x in [a, b]`
  case inList(Expr, [Expr])
  /// `x in lo..hi` (inclusive)
  case inRange(Expr, Expr, Expr)
  /// `expr clamp lo..hi`
  case clamp(Expr, Expr, Expr)
  /// `distribution truncate lo..hi`
  case truncate(Expr, Expr, Expr)
  /// `choice { value weight, ... }`
  case choice([ChoiceArm])
  /// `histogram { low..high weight, ... }`: a bin by weight, then uniform within it.
  case histogram([HistogramBin])
  /// `mixture { distribution weight, ... }`: a component by weight, then its draw.
  case mixture([ChoiceArm])
  /// `match [subject] { pattern => value, ..., _ => value }`
  case match(Expr?, [MatchArm])
  /// `expr per key`: random draws inside `expr` are keyed by the value of `key`, so every row
  /// with the same key gets the same draws (one daily factor per date, one trend per tutor).
  case grouped(Expr, key: Expr)
  /// `pick TABLE [where cond] [weighted by expr]`
  /// `pick [distinct] TABLE [where cond] [weighted by w]`.
  case pick(Name, filter: Expr?, weight: Expr?, distinct: Bool)
  /// `calendar { within a..b, hours {...}, ... }`: an instant drawn from a calendar model.
  case calendar(CalendarSpec)
  /// `AGG(arg) over TABLE[.link] [where cond] [at least N]`: an aggregate over the rows of
  /// another table that belong to the current row's parent.
  case aggregate(AggregateSpec)
  /// An expression that failed to parse (already reported).
  case invalid
}

/// `value weight` inside `choice { }`.
public struct ChoiceArm: Sendable, Equatable {
  public var value: Expr
  public var weight: Expr
  public init(value: Expr, weight: Expr) {
    self.value = value
    self.weight = weight
  }
}

/// `low..high weight` inside `histogram { }`.
public struct HistogramBin: Sendable, Equatable {
  public var low: Expr
  public var high: Expr
  public var weight: Expr
  public init(low: Expr, high: Expr, weight: Expr) {
    self.low = low
    self.high = high
    self.weight = weight
  }
}

/// One arm of a `match`.
public struct MatchArm: Sendable, Equatable {
  /// Alternatives separated by `|`; empty means `_` (the default arm).
  public var patterns: [MatchPattern]
  public var value: Expr
  public var span: SourceSpan
  public init(patterns: [MatchPattern], value: Expr, span: SourceSpan) {
    self.patterns = patterns
    self.value = value
    self.span = span
  }
}

/// A pattern: a value compared with `==`, a range `lo..hi`, or (without subject) a condition.
public enum MatchPattern: Sendable, Equatable {
  case value(Expr)
  case range(Expr, Expr)
}
