/// Collects diagnostics as phases run. Passed `inout`; phases never throw for user mistakes.
public struct DiagnosticBag: Sendable {
  public private(set) var items: [Diagnostic] = []

  public init() {}

  /// Adds one diagnostic.
  public mutating func add(_ d: Diagnostic) { items.append(d) }

  /// Adds an error.
  public mutating func error(
    _ code: DiagnosticCode, _ message: String, at span: SourceSpan, label: String = "",
    secondary: [Label] = [], notes: [String] = [], help: String? = nil
  ) {
    add(
      Diagnostic(
        .error, code: code, message: message, span: span, label: label, secondary: secondary,
        notes: notes, help: help))
  }

  /// Adds a warning.
  public mutating func warning(
    _ code: DiagnosticCode, _ message: String, at span: SourceSpan, label: String = "",
    notes: [String] = [], help: String? = nil
  ) {
    add(
      Diagnostic(
        .warning, code: code, message: message, span: span, label: label, notes: notes, help: help))
  }

  /// Appends all of another bag's diagnostics.
  public mutating func merge(_ other: DiagnosticBag) { items.append(contentsOf: other.items) }

  /// Whether any error was reported.
  public var hasErrors: Bool { items.contains { $0.severity == .error } }

  /// Number of errors.
  public var errorCount: Int { items.filter { $0.severity == .error }.count }

  /// Diagnostics sorted by position (file, offset), then code, with exact duplicates removed.
  public func sorted() -> [Diagnostic] {
    let ordered = items.enumerated().sorted { a, b in
      let x = a.element
      let y = b.element
      if x.span.file != y.span.file { return x.span.file < y.span.file }
      if x.span.start != y.span.start { return x.span.start < y.span.start }
      return a.offset < b.offset
    }.map(\.element)
    // Exact duplicates share their position, so only the run of diagnostics at the same
    // position needs comparing (linear overall, not quadratic).
    var out: [Diagnostic] = []
    var runStart = 0
    for d in ordered {
      if let last = out.last, last.span.file != d.span.file || last.span.start != d.span.start {
        runStart = out.count
      }
      if !out[runStart...].contains(d) { out.append(d) }
    }
    return out
  }
}
