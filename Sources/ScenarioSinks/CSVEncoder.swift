import ScenarioIR

/// Writes a table as CSV (RFC 4180): a header row of column names, one line per row, `\n` line
/// ends (RFC 4180 says CRLF, but every reader accepts LF and golden files must not hold CR),
/// UTF-8 without a byte-order mark.
///
/// Quoting follows PostgreSQL's `COPY … CSV` so that files load back losslessly with
/// `COPY t FROM 'f.csv' CSV HEADER`: null is an empty unquoted field; a field is quoted only when
/// it contains `,`, `"`, CR or LF, or is an empty string (`""`, so it stays distinct from null);
/// quotes inside are doubled. Leading and trailing spaces are kept and not quoted (RFC 4180 says
/// spaces are part of the field). Values are formatted by `ValueFormatter`: booleans `true` /
/// `false`, dates `YYYY-MM-DD`, date-times `YYYY-MM-DDTHH:MM:SSZ`, durations ISO 8601.
public struct CSVEncoder: TableEncoder {
  /// Creates the encoder; it has no options.
  public init() {}

  /// `csv`.
  public var fileExtension: String { "csv" }

  /// The header row: the column names, quoted by the same rule as values.
  public func header(_ schema: TableSchema, totalRows: Int) throws -> [UInt8] {
    var out: [UInt8] = []
    for (index, column) in schema.columns.enumerated() {
      if index > 0 { out.append(UInt8(ascii: ",")) }
      Self.appendField(column.name, to: &out)
    }
    out.append(UInt8(ascii: "\n"))
    return out
  }

  /// Appends one line per row of the chunk.
  public func encode(
    _ chunk: Chunk, schema: TableSchema, totalRows: Int, into out: inout [UInt8]
  ) throws {
    try chunk.validate(against: schema, totalRows: totalRows)
    let precisions = schema.columns.map(\.precision)
    let columns = chunk.columns
    let columnCount = columns.count
    out.reserveCapacity(out.count + chunk.count * (columnCount * 8 + 1))
    for row in 0..<chunk.count {
      for column in 0..<columnCount {
        if column > 0 { out.append(UInt8(ascii: ",")) }
        let value = columns[column][row]
        if case .text(let text) = value {
          Self.appendField(text, to: &out)
        } else {
          // No other value's text contains a comma, quote or line break.
          ValueFormatter.appendPlain(value, precision: precisions[column], to: &out)
        }
      }
      out.append(UInt8(ascii: "\n"))
    }
  }

  /// Nothing: CSV has no footer.
  public func footer(_ schema: TableSchema, totalRows: Int) throws -> [UInt8] { [] }

  /// Appends a text field, quoted if it is empty or holds `,` `"` CR or LF.
  static func appendField(_ text: String, to out: inout [UInt8]) {
    var text = text
    text.withUTF8 { bytes in
      let needsQuotes =
        bytes.isEmpty
        || bytes.contains { $0 == comma || $0 == quote || $0 == carriageReturn || $0 == lineFeed }
      guard needsQuotes else {
        out.append(contentsOf: bytes)
        return
      }
      out.append(quote)
      for byte in bytes {
        if byte == quote { out.append(quote) }
        out.append(byte)
      }
      out.append(quote)
    }
  }

  private static let comma = UInt8(ascii: ",")
  private static let quote = UInt8(ascii: "\"")
  private static let carriageReturn = UInt8(ascii: "\r")
  private static let lineFeed = UInt8(ascii: "\n")
}
