import ScenarioIR

@testable import ScenarioSinks

/// Small tables shared by the encoder tests.
enum Fixtures {
  /// Encodes a whole table (header, chunks, footer) as one string.
  static func encode(
    _ encoder: any TableEncoder, _ schema: TableSchema, _ chunks: [Chunk], totalRows: Int
  ) throws -> String {
    var out = try encoder.header(schema, totalRows: totalRows)
    for chunk in chunks {
      try encoder.encode(chunk, schema: schema, totalRows: totalRows, into: &out)
    }
    out += try encoder.footer(schema, totalRows: totalRows)
    return String(decoding: out, as: UTF8.self)
  }

  /// The rows of `columns` (column-major, all of one length) cut into chunks of the given sizes,
  /// repeated cyclically until every row is covered.
  static func chunks(_ columns: [[Value]], sizes: [Int]) -> [Chunk] {
    let total = columns.first?.count ?? 0
    var result: [Chunk] = []
    var start = 0
    var turn = 0
    while start < total {
      let count = min(sizes[turn % sizes.count], total - start)
      let slice = columns.map { Array($0[start..<start + count]) }
      result.append(Chunk(startRow: start, count: count, columns: slice))
      start += count
      turn += 1
    }
    return result
  }

  /// A one-column text table.
  static func textTable(nullable: Bool = true) -> TableSchema {
    TableSchema(
      name: "t", columns: [ColumnSchema(name: "s", type: ValueType(.text, nullable: nullable))])
  }

  /// A table with one column of every kind, and `count` rows of varied values.
  static func mixed(count: Int) -> (TableSchema, [[Value]]) {
    let schema = TableSchema(
      name: "mixed",
      columns: [
        ColumnSchema(name: "id", type: .int),
        ColumnSchema(name: "label", type: .text.nullable),
        ColumnSchema(name: "flag", type: .bool.nullable),
        ColumnSchema(name: "day", type: .date),
        ColumnSchema(name: "at", type: .datetime),
        ColumnSchema(name: "length", type: .duration),
        ColumnSchema(name: "score", type: .float.nullable, precision: 2),
        ColumnSchema(name: "kind", type: ValueType(.choice(["a", "b,c", "it's"]))),
      ],
      primaryKey: ["id"])
    let labels = ["plain", "", "comma,here", "quote\"d", "it's", "line\nbreak", "é😀"]
    let kinds = ["a", "b,c", "it's"]
    var columns: [[Value]] = Array(repeating: [], count: schema.columns.count)
    for row in 0..<count {
      let r = Int64(row)
      columns[0].append(.int(r + 1))
      columns[1].append(row % 9 == 8 ? .null : .text(labels[row % labels.count]))
      columns[2].append(row % 5 == 4 ? .null : .bool(row % 2 == 0))
      columns[3].append(.date(r * 37 - 400))
      columns[4].append(.datetime(r * 7919 - 86_400))
      columns[5].append(.duration(r * 611 - 1000))
      columns[6].append(row % 11 == 10 ? .null : .float(Double(row) / 7 - 3))
      columns[7].append(.text(kinds[row % kinds.count]))
    }
    return (schema, columns)
  }
}
