import Foundation
import ScenarioIR
import Testing

@testable import ScenarioSinks

/// `OutputFile` and `TableWriter`: temporary names, atomic rename, clean-up, order checks.
@Suite("TableWriter")
struct TableWriterTests {
  @Test func writesThroughATemporaryFileAndRenames() throws {
    let folder = try TemporaryFolder("writer")
    defer { folder.remove() }
    let (schema, columns) = Fixtures.mixed(count: 1_000)
    let writer = TableWriter(encoder: CSVEncoder(), directory: folder.path + "/out/nested")
    try writer.begin(schema, totalRows: 1_000)
    let temporary = try TemporaryFolder.entries(folder.path + "/out/nested")
    #expect(temporary == [".mixed.csv.tmp-\(getpid())"])
    for chunk in Fixtures.chunks(columns, sizes: [300]) { try writer.write(chunk) }
    let written = try writer.finish()
    #expect(written.path == folder.path + "/out/nested/mixed.csv")
    #expect(written.rows == 1_000)
    #expect(try TemporaryFolder.entries(folder.path + "/out/nested") == ["mixed.csv"])
    let bytes = try Data(contentsOf: URL(fileURLWithPath: written.path))
    #expect(bytes.count == written.bytes)
    let expected = try Fixtures.encode(
      CSVEncoder(), schema, Fixtures.chunks(columns, sizes: [1_000]), totalRows: 1_000)
    #expect(String(decoding: bytes, as: UTF8.self) == expected)
  }

  @Test func largeOutputCrossesBlockBoundaries() throws {
    let folder = try TemporaryFolder("large")
    defer { folder.remove() }
    let count = 60_000
    let (schema, columns) = Fixtures.mixed(count: count)
    let chunks = Fixtures.chunks(columns, sizes: [4_096, 17])
    let writer = TableWriter(encoder: SQLEncoder(dialect: .sqlite), directory: folder.path)
    try writer.begin(schema, totalRows: count, fileName: "mixed.sqlite.sql")
    for (index, chunk) in chunks.enumerated() {
      if index % 2 == 0 {
        try writer.write(chunk)
      } else {
        var bytes: [UInt8] = []
        try writer.encoder.encode(chunk, schema: schema, totalRows: count, into: &bytes)
        try writer.writeEncoded(bytes, startRow: chunk.startRow, count: chunk.count)
      }
    }
    let written = try writer.finish()
    #expect(written.bytes > 2 * OutputFile.blockSize)
    let text = try String(contentsOfFile: written.path, encoding: .utf8)
    #expect(
      text == (try Fixtures.encode(SQLEncoder(dialect: .sqlite), schema, chunks, totalRows: count)))
  }

  @Test func abortAndDeinitRemoveTheTemporaryFile() throws {
    let folder = try TemporaryFolder("abort")
    defer { folder.remove() }
    let schema = Fixtures.textTable()
    let writer = TableWriter(encoder: CSVEncoder(), directory: folder.path)
    try writer.begin(schema, totalRows: 1)
    #expect(try folder.entries().count == 1)
    writer.abort()
    #expect(try folder.entries().isEmpty)
    do {
      let file = try OutputFile(path: folder.path + "/x.csv")
      try file.append(Array("hello".utf8))
      #expect(try folder.entries() == [".x.csv.tmp-\(getpid())"])
    }
    #expect(try folder.entries().isEmpty)
  }

  @Test func rejectsOutOfOrderChunksAndShortTables() throws {
    let folder = try TemporaryFolder("order")
    defer { folder.remove() }
    let schema = Fixtures.textTable()
    let writer = TableWriter(encoder: SQLEncoder(dialect: .postgres), directory: folder.path)
    #expect(throws: SinkError.self) {
      try writer.write(Chunk(startRow: 0, count: 1, columns: [[.null]]))
    }
    try writer.begin(schema, totalRows: 3)
    #expect(throws: SinkError.self) {
      try writer.write(Chunk(startRow: 1, count: 1, columns: [[.null]]))
    }
    try writer.write(Chunk(startRow: 0, count: 2, columns: [[.null, .text("x")]]))
    let error = #expect(throws: SinkError.self) { _ = try writer.finish() }
    #expect(error == .rowCountMismatch(table: "t", expected: 3, written: 2))
    #expect(error?.description == "table 't' announced 3 rows but 2 were written")
    writer.abort()
    #expect(try folder.entries().isEmpty)
  }

  @Test func unwritableFolderIsAnIOError() throws {
    let folder = try TemporaryFolder("blocked")
    defer { folder.remove() }
    // A regular file where the folder should be.
    let blocker = folder.path + "/file"
    #expect(FileManager.default.createFile(atPath: blocker, contents: Data()))
    let error = #expect(throws: SinkError.self) {
      _ = try OutputFile(path: blocker + "/t.csv")
    }
    guard case .io(let path, _) = error else {
      Issue.record("expected an I/O error, got \(String(describing: error))")
      return
    }
    #expect(path.hasPrefix(blocker))
  }
}

extension TemporaryFolder {
  /// The sorted entries of any folder.
  static func entries(_ path: String) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: path).sorted()
  }
}
