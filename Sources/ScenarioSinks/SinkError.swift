/// A failure while turning values into files. Sinks throw these for I/O problems and for values a
/// target format cannot represent; user mistakes in a scenario are reported earlier, as
/// diagnostics.
public enum SinkError: Error, Equatable, CustomStringConvertible {
  /// A text value that the target cannot store, such as NUL (U+0000) in PostgreSQL text.
  /// `row` is the 0-based row index (the language's `row`), nil for schema text such as a CHECK.
  case unstorableText(table: String, column: String, row: Int?, reason: String)
  /// A file-system operation failed; `message` is the system's explanation.
  case io(path: String, message: String)
  /// A chunk does not fit its schema or arrives out of order (an engine bug, not a user mistake).
  case invalidChunk(table: String, reason: String)
  /// A table was finished with a different number of rows than announced in `begin`.
  case rowCountMismatch(table: String, expected: Int, written: Int)
  /// A date or date-time outside the years 1 to 9999 (`row` 0-based, `value` as written).
  case dateOutOfRange(table: String, column: String, row: Int, value: String)
  /// SIGINT or SIGTERM asked the run to stop (`signal` is its number).
  case cancelled(signal: Int32)

  /// A one-line human message in the house style: lowercase, no final period.
  public var description: String {
    switch self {
    case .unstorableText(let table, let column, let row, let reason):
      let place = row.map { " at row \($0)" } ?? ""
      return "cannot write column '\(column)' of table '\(table)'\(place): \(reason)"
    case .io(let path, let message):
      return "cannot write '\(path)': \(message)"
    case .invalidChunk(let table, let reason):
      return "invalid chunk for table '\(table)': \(reason)"
    case .rowCountMismatch(let table, let expected, let written):
      return "table '\(table)' announced \(expected) rows but \(written) were written"
    case .dateOutOfRange(let table, let column, let row, let value):
      return "cannot write column '\(column)' of table '\(table)' at row \(row): \(value) lies outside the years 1 to 9999"
    case .cancelled(let signal):
      return "interrupted by \(signal == 2 ? "SIGINT" : signal == 15 ? "SIGTERM" : "signal \(signal)")"
    }
  }
}
