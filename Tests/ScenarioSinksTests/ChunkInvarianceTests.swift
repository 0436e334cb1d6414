import ScenarioIR
import Testing

@testable import ScenarioSinks

/// Output must not depend on where the engine cuts a table into chunks.
@Suite("Chunk boundaries")
struct ChunkInvarianceTests {
  static let encoders: [(String, any TableEncoder)] = [
    ("csv", CSVEncoder()),
    ("sqlite", SQLEncoder(dialect: .sqlite)),
    ("postgres", SQLEncoder(dialect: .postgres)),
    ("sqlite, batches of 7", SQLEncoder(dialect: .sqlite, batchSize: 7)),
  ]

  @Test(arguments: 0..<encoders.count)
  func sameBytesForAnyChunking(index: Int) throws {
    let encoder = Self.encoders[index].1
    let count = 1_234
    let (schema, columns) = Fixtures.mixed(count: count)
    let whole = try Fixtures.encode(
      encoder, schema, Fixtures.chunks(columns, sizes: [count]), totalRows: count)
    for sizes in [[1], [7], [499, 1, 2], [500], [501], [13, 0, 977, 3], [333]] {
      let cut = try Fixtures.encode(
        encoder, schema, Fixtures.chunks(columns, sizes: sizes), totalRows: count)
      #expect(cut == whole, "chunk sizes \(sizes) for \(Self.encoders[index].0)")
    }
  }

  @Test func chunksEncodedInParallelMatch() async throws {
    let encoder = SQLEncoder(dialect: .postgres)
    let count = 2_000
    let (schema, columns) = Fixtures.mixed(count: count)
    let chunks = Fixtures.chunks(columns, sizes: [97])
    let whole = try Fixtures.encode(encoder, schema, chunks, totalRows: count)
    let parts = try await withThrowingTaskGroup(of: (Int, [UInt8]).self) { group in
      for (index, chunk) in chunks.enumerated() {
        group.addTask {
          var out: [UInt8] = []
          try encoder.encode(chunk, schema: schema, totalRows: count, into: &out)
          return (index, out)
        }
      }
      var parts = [[UInt8]](repeating: [], count: chunks.count)
      for try await (index, bytes) in group { parts[index] = bytes }
      return parts
    }
    var out = try encoder.header(schema, totalRows: count)
    for part in parts { out += part }
    out += try encoder.footer(schema, totalRows: count)
    #expect(String(decoding: out, as: UTF8.self) == whole)
  }
}
