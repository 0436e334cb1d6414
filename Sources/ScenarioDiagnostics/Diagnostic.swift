/// How serious a diagnostic is.
public enum Severity: String, Sendable, Equatable, Comparable {
  case error
  case warning
  case note

  private var rank: Int {
    switch self {
    case .error: 0
    case .warning: 1
    case .note: 2
    }
  }
  public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// A label on a span: the primary label says what is wrong here, secondary ones give context.
public struct Label: Sendable, Equatable {
  public var span: SourceSpan
  public var message: String
  public init(_ span: SourceSpan, _ message: String = "") {
    self.span = span
    self.message = message
  }
}

/// A problem found in a scenario, as a value (STYLE.md §1.2). Never thrown.
public struct Diagnostic: Sendable, Equatable {
  public var severity: Severity
  public var code: DiagnosticCode
  /// One lowercase line without a final period that makes sense on its own.
  public var message: String
  public var primary: Label
  public var secondary: [Label]
  /// Context lines rendered as `= note: ...`.
  public var notes: [String]
  /// A fix rendered as `= help: ...`.
  public var help: String?

  public init(
    _ severity: Severity = .error, code: DiagnosticCode, message: String, span: SourceSpan,
    label: String = "", secondary: [Label] = [], notes: [String] = [], help: String? = nil
  ) {
    self.severity = severity
    self.code = code
    self.message = message
    self.primary = Label(span, label)
    self.secondary = secondary
    self.notes = notes
    self.help = help
  }

  /// The primary span.
  public var span: SourceSpan { primary.span }
}
