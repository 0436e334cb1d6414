import ScenarioDiagnostics
import ScenarioIR

/// A failure while evaluating one expression for one row. The engine adds the table, column and
/// row before reporting it.
public struct RuntimeFailure: Error, Sendable {
  public var code: DiagnosticCode
  public var message: String
  public var span: SourceSpan
  public var label: String
  public init(_ code: DiagnosticCode, _ message: String, span: SourceSpan, label: String = "") {
    self.code = code
    self.message = message
    self.span = span
    self.label = label
  }
}

/// A run-time error with the data path that produced it (Pkl's "occurred when rendering path").
public struct EngineError: Error, Sendable {
  public var diagnostic: Diagnostic

  init(_ failure: RuntimeFailure, table: String, column: String, row: Int, seed: UInt64) {
    diagnostic = Diagnostic(
      .error, code: failure.code, message: failure.message, span: failure.span, label: failure.label,
      notes: ["in table '\(table)', column '\(column)', row \(row) (seed \(seed))"])
  }

  /// A failure while computing the rows of a child table for one parent row.
  init(_ failure: RuntimeFailure, table: String, parentTable: String, parentRow: Int, seed: UInt64) {
    diagnostic = Diagnostic(
      .error, code: failure.code, message: failure.message, span: failure.span, label: failure.label,
      notes: ["in table '\(table)', rows for row \(parentRow) of parent table '\(parentTable)' (seed \(seed))"])
  }

  /// An error raised by an output consumer (e.g. a value the SQL dialect cannot store).
  public init(diagnostic: Diagnostic) { self.diagnostic = diagnostic }
}
