import ScenarioIR
import Testing

@testable import ScenarioSinks

/// CSV quoting (RFC 4180 with PostgreSQL `COPY` conventions) and header layout.
@Suite("CSVEncoder")
struct CSVEncoderTests {
  /// The CSV text of one text value.
  private func field(_ value: Value) throws -> String {
    let schema = Fixtures.textTable()
    let chunk = Chunk(startRow: 0, count: 1, columns: [[value]])
    var out: [UInt8] = []
    try CSVEncoder().encode(chunk, schema: schema, totalRows: 1, into: &out)
    return String(decoding: out, as: UTF8.self)
  }

  @Test(arguments: [
    ("plain", "plain\n"),
    ("", "\"\"\n"),
    ("a,b", "\"a,b\"\n"),
    ("say \"hi\"", "\"say \"\"hi\"\"\"\n"),
    ("\"", "\"\"\"\"\n"),
    ("line\nbreak", "\"line\nbreak\"\n"),
    ("cr\rhere", "\"cr\rhere\"\n"),
    ("crlf\r\n", "\"crlf\r\n\"\n"),
    (" padded ", " padded \n"),
    ("tab\there", "tab\there\n"),
    ("back\\slash", "back\\slash\n"),
    ("it's", "it's\n"),
    ("é 😀 日本", "é 😀 日本\n"),
    ("a\u{0}b", "a\u{0}b\n"),
  ])
  func quoting(text: String, expected: String) throws {
    #expect(try field(.text(text)) == expected)
  }

  @Test func nullIsAnEmptyUnquotedField() throws {
    #expect(try field(.null) == "\n")
    #expect(try field(.text("")) == "\"\"\n")
  }

  @Test func headerQuotesNamesLikeValues() throws {
    let schema = TableSchema(
      name: "t",
      columns: [
        ColumnSchema(name: "id", type: .int), ColumnSchema(name: "a,b", type: .text),
        ColumnSchema(name: "q\"", type: .text),
      ])
    let header = try CSVEncoder().header(schema, totalRows: 0)
    #expect(String(decoding: header, as: UTF8.self) == "id,\"a,b\",\"q\"\"\"\n")
    #expect(try CSVEncoder().footer(schema, totalRows: 0).isEmpty)
    #expect(CSVEncoder().fileExtension == "csv")
  }

  @Test func rowsOfEveryKind() throws {
    let (schema, columns) = Fixtures.mixed(count: 3)
    let text = try Fixtures.encode(
      CSVEncoder(), schema, Fixtures.chunks(columns, sizes: [3]), totalRows: 3)
    #expect(
      text == """
        id,label,flag,day,at,length,score,kind
        1,plain,true,1968-11-27,1969-12-31T00:00:00Z,-PT16M40S,-3.00,a
        2,"",false,1969-01-03,1969-12-31T02:11:59Z,-PT6M29S,-2.86,"b,c"
        3,"comma,here",true,1969-02-09,1969-12-31T04:23:58Z,PT3M42S,-2.71,it's

        """)
  }

  @Test func malformedChunksThrow() {
    let schema = Fixtures.textTable()
    let encoder = CSVEncoder()
    var out: [UInt8] = []
    let wide = Chunk(startRow: 0, count: 1, columns: [[.null], [.null]])
    #expect(throws: SinkError.self) {
      try encoder.encode(wide, schema: schema, totalRows: 1, into: &out)
    }
    let short = Chunk(startRow: 0, count: 2, columns: [[.null]])
    #expect(throws: SinkError.self) {
      try encoder.encode(short, schema: schema, totalRows: 2, into: &out)
    }
    let beyond = Chunk(startRow: 1, count: 1, columns: [[.null]])
    #expect(throws: SinkError.self) {
      try encoder.encode(beyond, schema: schema, totalRows: 1, into: &out)
    }
  }

  @Test("the word-at-a-time quoting test agrees with a byte-by-byte one at every length and position")
  func quotingScan() {
    let specials: [UInt8] = [0x2C, 0x22, 0x0D, 0x0A]
    // Near misses too: bytes one away from each special, and bytes with the high bit set.
    let plain: [UInt8] = [0x2B, 0x2D, 0x21, 0x23, 0x0C, 0x0E, 0x09, 0x0B, 0x41, 0x7A, 0xAC, 0xA2, 0x8D, 0xFF, 0x00]
    for length in 0...40 {
      for position in -1..<length {
        for special in specials {
          var bytes = (0..<length).map { plain[($0 * 7 + length) % plain.count] }
          if position >= 0 { bytes[position] = special }
          let expected = bytes.isEmpty || bytes.contains { specials.contains($0) }
          let got = bytes.withUnsafeBufferPointer { CSVEncoder.needsQuotes($0) }
          #expect(got == expected, "length \(length), special \(special) at \(position)")
          if got != expected { return }
        }
      }
    }
  }

  @Test("a text arena column encodes as the same texts given as values, with or without bytes that need quotes")
  func arenaColumns() throws {
    let schema = Fixtures.textTable()
    var state: UInt64 = 11
    func next(_ n: Int) -> Int {
      state = state &* 6364136223846793005 &+ 1442695040888963407
      return Int(state >> 33) % n
    }
    // Columns of 0 to 300 rows: plain texts (some empty, some null) with a special byte put in
    // none, one or many rows, at every place of the chunk's bytes (the 32-byte scan and its tail).
    for trial in 0..<300 {
      let rows = next(300)
      let specials = trial % 3 == 0 ? 0 : trial % 3 == 1 ? 1 : 1 + next(5)
      var texts: [String?] = (0..<rows).map { _ in
        next(10) == 0 ? nil : String((0..<next(70)).map { _ in Character(UnicodeScalar(UInt8(0x61 + next(26)))) })
      }
      if rows > 0 {
        for _ in 0..<specials {
          let r = next(rows)
          let text = texts[r] ?? ""
          let cut = next(text.count + 1)
          texts[r] = String(text.prefix(cut)) + ["," , "\"", "\r", "\n"][next(4)] + String(text.dropFirst(cut))
        }
      }
      var builder = TextArenaBuilder(rows: rows)
      for text in texts {
        // A null row may hold bytes (in every other trial, bytes that would need quotes): they
        // are never written.
        builder.append(text ?? (next(2) == 0 ? "" : trial % 2 == 0 ? "xy" : "x,y"))
        builder.endRow()
      }
      let arena = builder.finish()
      let nulls = texts.map { $0 == nil }
      let column = ValueColumn(.arena(arena), nulls: nulls.contains(true) ? nulls : nil, count: rows)
      let values = ValueColumn(texts.map { $0.map(Value.text) ?? .null })
      var expected: [UInt8] = []
      var got: [UInt8] = []
      try CSVEncoder().encode(Chunk(startRow: 0, count: rows, columns: [values]), schema: schema, totalRows: rows, into: &expected)
      try CSVEncoder().encode(Chunk(startRow: 0, count: rows, columns: [column]), schema: schema, totalRows: rows, into: &got)
      let same = got == expected
      #expect(same, "trial \(trial): \(String(decoding: got.prefix(200), as: UTF8.self))")
      if !same { return }
    }
  }

  @Test("the chunk-wide scan finds a special byte at every length and position")
  func chunkScan() {
    for length in 0...100 {
      let plain = (0..<length).map { UInt8(0x20 + ($0 * 13) % 0x5F) }.map { [0x2C, 0x22].contains($0) ? UInt8(0x41) : $0 }
      #expect(!plain.withUnsafeBufferPointer { CSVEncoder.anySpecial($0.baseAddress ?? UnsafePointer(bitPattern: 1)!, length) })
      for position in 0..<length {
        for special: UInt8 in [0x2C, 0x22, 0x0D, 0x0A] {
          var bytes = plain
          bytes[position] = special
          #expect(bytes.withUnsafeBufferPointer { CSVEncoder.anySpecial($0.baseAddress!, length) }, "length \(length) at \(position)")
        }
      }
    }
  }

  @Test("short copies write exactly their bytes: none before, none after")
  func exactCopies() {
    for count in 0...40 {
      let source = (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
      var target = [UInt8](repeating: 0xEE, count: count + 32)
      source.withUnsafeBufferPointer { s in
        target.withUnsafeMutableBufferPointer { t in
          copyBytes(s.baseAddress ?? UnsafePointer(bitPattern: 1)!, t.baseAddress! + 16, count)
        }
      }
      #expect(Array(target[16..<16 + count]) == source, "\(count) bytes")
      #expect(target[..<16].allSatisfy { $0 == 0xEE } && target[(16 + count)...].allSatisfy { $0 == 0xEE }, "\(count) bytes")
    }
  }
}
