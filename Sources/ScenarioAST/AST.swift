import ScenarioDiagnostics

/// A name with its span.
public struct Name: Sendable, Equatable {
  public var text: String
  public var span: SourceSpan
  public init(_ text: String, span: SourceSpan) {
    self.text = text
    self.span = span
  }
}

/// A parsed `.scenario` file: `file = { declaration } EOF`.
public struct ScenarioFile: Sendable, Equatable {
  public var declarations: [Declaration]
  public init(declarations: [Declaration]) { self.declarations = declarations }
}

/// A top-level declaration with its span.
public struct Declaration: Sendable, Equatable {
  public var kind: DeclarationKind
  public var span: SourceSpan
  public init(_ kind: DeclarationKind, span: SourceSpan) {
    self.kind = kind
    self.span = span
  }
}

/// The kinds of top-level declarations.
public enum DeclarationKind: Sendable, Equatable {
  /// `scenario NAME`
  case scenario(Name)
  /// `seed INT`
  case seed(UInt64, SourceSpan)
  /// `now DATETIME`
  case now(Expr)
  /// `param NAME [: type] = expr [in [values]]`
  case param(ParamDecl)
  /// `let NAME [: type] = expr`
  case letConstant(Name, TypeAnnotation?, Expr)
  /// `mode NAME { NAME = expr ... }`
  case mode(ModeDecl)
  /// `table NAME [count] { items }`
  case table(TableDecl)
  /// `expect TABLE: expr` (checked on the generated data)
  case expect(ExpectDecl)
  /// `include "path" [as prefix]`: the declarations of another file.
  case include(IncludeDecl)
  /// `timezone "America/New_York"`: the scenario's IANA time zone (calendars, `local`).
  case timezone(String, SourceSpan)
  /// A declaration that failed to parse (already reported).
  case invalid
}

/// `include "common/people.scenario" [as hr]`
public struct IncludeDecl: Sendable, Equatable {
  /// The path as written, relative to the including file's folder unless absolute.
  public var path: String
  public var pathSpan: SourceSpan
  /// `as NAME`: the included tables are named `NAME_table`.
  public var prefix: Name?
  public init(path: String, pathSpan: SourceSpan, prefix: Name?) {
    self.path = path
    self.pathSpan = pathSpan
    self.prefix = prefix
  }
}

/// `param NAME [: type] = default [in [allowed, ...]]`
public struct ParamDecl: Sendable, Equatable {
  public var name: Name
  public var type: TypeAnnotation?
  public var defaultValue: Expr
  public var allowed: [Expr]?
  public init(name: Name, type: TypeAnnotation?, defaultValue: Expr, allowed: [Expr]?) {
    self.name = name
    self.type = type
    self.defaultValue = defaultValue
    self.allowed = allowed
  }
}

/// `mode NAME { param = expr ... }`: a named set of parameter values.
public struct ModeDecl: Sendable, Equatable {
  public var name: Name
  public var assignments: [Assignment]
  public init(name: Name, assignments: [Assignment]) {
    self.name = name
    self.assignments = assignments
  }
}

/// `NAME = expr` inside a mode or persona block.
public struct Assignment: Sendable, Equatable {
  public var name: Name
  public var value: Expr
  public init(name: Name, value: Expr) {
    self.name = name
    self.value = value
  }
}

/// `expect TABLE: expr [~ value +- tolerance]` — a statement checked on the generated data;
/// `report TABLE: ...` — the same measurement, reported but never failing the run.
public struct ExpectDecl: Sendable, Equatable {
  public var table: Name
  public var condition: Expr
  /// `~ value +- tolerance`, when given.
  public var approximately: (value: Expr, tolerance: Expr)?
  /// Declared with `report`: measured and shown, never a failure.
  public var reportOnly: Bool
  public init(
    table: Name, condition: Expr, approximately: (value: Expr, tolerance: Expr)? = nil, reportOnly: Bool = false
  ) {
    self.table = table
    self.condition = condition
    self.approximately = approximately
    self.reportOnly = reportOnly
  }

  public static func == (a: ExpectDecl, b: ExpectDecl) -> Bool {
    a.table == b.table && a.condition == b.condition && a.reportOnly == b.reportOnly
      && a.approximately?.value == b.approximately?.value
      && a.approximately?.tolerance == b.approximately?.tolerance
  }
}

/// A type annotation: `int`, `float(2)`, `text?`, `ref(questions)?`.
public struct TypeAnnotation: Sendable, Equatable {
  public var name: Name
  /// Digits after the decimal point, for `float(N)`.
  public var precision: Int?
  /// The table of `ref(TABLE)`.
  public var table: Name?
  public var nullable: Bool
  public var span: SourceSpan
  public init(name: Name, precision: Int?, table: Name? = nil, nullable: Bool, span: SourceSpan) {
    self.name = name
    self.precision = precision
    self.table = table
    self.nullable = nullable
    self.span = span
  }
}
