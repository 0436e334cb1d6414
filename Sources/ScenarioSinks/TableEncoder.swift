import ScenarioIR

/// Turns one table into the bytes of one file: a header, the rows chunk by chunk, a footer.
///
/// Encoders are pure values: `encode` depends only on its arguments, so the engine may encode
/// chunks on many threads and write the results in row order. The bytes of a table must not
/// depend on where the chunk boundaries fall; an encoder that groups rows (SQL batches) groups
/// them by global row index (`chunk.startRow + i`), and closes the last group in the footer.
/// `totalRows` is an upper bound for `encode` (`Int.max` when the count is not known yet) and
/// the number of rows written for `footer`.
public protocol TableEncoder: Sendable {
  /// File extension without the dot (`csv`, `sql`).
  var fileExtension: String { get }

  /// The bytes before the first row.
  func header(_ schema: TableSchema, totalRows: Int) throws -> [UInt8]

  /// Appends the rows of `chunk` to `out`. Throws `SinkError` for a value the format cannot
  /// represent or a chunk that does not fit the schema.
  func encode(_ chunk: Chunk, schema: TableSchema, totalRows: Int, into out: inout [UInt8]) throws

  /// The bytes after the last row.
  func footer(_ schema: TableSchema, totalRows: Int) throws -> [UInt8]
}

extension Chunk {
  /// Checks that the chunk has one column per schema column, each holding at least `count`
  /// values, and that its rows lie within `0..<totalRows`.
  package func validate(against schema: TableSchema, totalRows: Int) throws {
    guard columns.count == schema.columns.count else {
      throw SinkError.invalidChunk(
        table: schema.name,
        reason: "\(columns.count) columns, but the schema has \(schema.columns.count)")
    }
    if let short = columns.firstIndex(where: { $0.count < count }) {
      throw SinkError.invalidChunk(
        table: schema.name,
        reason: "column '\(schema.columns[short].name)' holds \(columns[short].count) values, "
          + "fewer than the chunk's \(count) rows")
    }
    guard startRow >= 0, count >= 0, startRow + count <= totalRows else {
      throw SinkError.invalidChunk(
        table: schema.name,
        reason: "rows \(startRow)..<\(startRow + count) lie outside 0..<\(totalRows)")
    }
    // Dates every target accepts: the years 1 to 9999 (PostgreSQL, SQLite's functions, ISO 8601
    // without an expanded year).
    for (c, column) in columns.enumerated() {
      switch schema.columns[c].type.kind {
      case .date, .datetime: break
      default: continue
      }
      for i in 0..<count {
        switch column[i] {
        case .date(let d) where !DateRange.days.contains(d):
          throw SinkError.dateOutOfRange(
            table: schema.name, column: schema.columns[c].name, row: startRow + i, value: Semantics.dateText(d))
        case .datetime(let s) where !DateRange.seconds.contains(s):
          throw SinkError.dateOutOfRange(
            table: schema.name, column: schema.columns[c].name, row: startRow + i, value: Semantics.datetimeText(s))
        default: continue
        }
      }
    }
  }
}

