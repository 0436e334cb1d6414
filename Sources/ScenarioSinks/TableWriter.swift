import ScenarioIR

/// What a finished table wrote.
package struct WrittenFile: Sendable, Equatable {
  /// The final path.
  package var path: String
  /// The file's size in bytes.
  package var bytes: Int
  /// Rows written.
  package var rows: Int
  /// The SHA-256 of the file's bytes (64 hexadecimal digits).
  package var sha256: String = ""
}

/// Writes one table to one file through an encoder: `begin`, then `write` (or `writeEncoded`)
/// for each chunk in row order, then `finish`.
///
/// Chunks must arrive in order and cover `0..<totalRows` exactly; the writer checks both, since
/// a SQL encoder's batches are only well-formed when every announced row is written. Encoding
/// may happen elsewhere in parallel (`encoder.encode` is pure); pass the bytes to
/// `writeEncoded`. If anything throws, call `abort()` (or drop the writer): no partial file is
/// left behind.
package final class TableWriter {
  /// The format.
  package let encoder: any TableEncoder
  /// The folder the file goes to (created if missing).
  package let directory: String

  private var file: OutputFile?
  private var schema = TableSchema(name: "", columns: [])
  private var totalRows: Int? = 0
  private var nextRow = 0
  /// Whether finished files are flushed to the device (`fsync`) before they are renamed.
  package var durable = false

  /// Creates a writer of `encoder`'s format into `directory`.
  package init(encoder: any TableEncoder, directory: String) {
    self.encoder = encoder
    self.directory = directory
  }

  /// Opens `NAME.EXT` (or `fileName`) in the folder and writes the encoder's header.
  package func begin(_ schema: TableSchema, totalRows: Int?, fileName: String? = nil) throws {
    abort()
    let name = fileName ?? "\(schema.name).\(encoder.fileExtension)"
    let folder = directory.isEmpty || directory.hasSuffix("/") ? directory : directory + "/"
    let path = folder + name
    let output = try OutputFile(path: path)
    output.durable = durable
    try output.append(try encoder.header(schema, totalRows: totalRows ?? 0))
    self.file = output
    self.schema = schema
    self.totalRows = totalRows
    self.nextRow = 0
  }

  /// Encodes `chunk` straight into the file's buffer.
  package func write(_ chunk: Chunk) throws {
    let output = try openFile(expecting: chunk.startRow)
    try output.append { buffer in
      try encoder.encode(chunk, schema: schema, totalRows: totalRows ?? Int.max, into: &buffer)
    }
    nextRow += chunk.count
  }

  /// Appends bytes that `encoder.encode` produced for rows `startRow..<startRow + count`.
  package func writeEncoded(_ bytes: [UInt8], startRow: Int, count: Int) throws {
    let output = try openFile(expecting: startRow)
    try output.append(bytes)
    nextRow += count
  }

  /// Writes the footer, checks the row count and renames the file into place.
  package func finish() throws -> WrittenFile {
    let output = try openFile(expecting: nextRow)
    if let totalRows, nextRow != totalRows {
      throw SinkError.rowCountMismatch(table: schema.name, expected: totalRows, written: nextRow)
    }
    try output.append(try encoder.footer(schema, totalRows: nextRow))
    try output.commit()
    file = nil
    return WrittenFile(path: output.path, bytes: output.byteCount, rows: nextRow, sha256: output.sha256 ?? "")
  }

  /// Drops the file being written, if any.
  package func abort() {
    file?.abort()
    file = nil
  }

  /// The open file, after checking that the next rows start at `startRow` and that no signal
  /// asked the run to stop (the run then stops between two chunks: see `Cancellation`).
  private func openFile(expecting startRow: Int) throws -> OutputFile {
    try Cancellation.check()
    Cancellation.faultPoint("writing")
    guard let file else {
      throw SinkError.invalidChunk(table: schema.name, reason: "no table was begun")
    }
    guard startRow == nextRow else {
      throw SinkError.invalidChunk(
        table: schema.name, reason: "rows start at \(startRow), expected \(nextRow)")
    }
    return file
  }
}
