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
    let fields = chunk.columns.enumerated().map { CSVFieldReader($0.element, precision: schema.columns[$0.offset].precision) }
    defer { for f in fields { f.deallocate() } }
    // Every row's size is bounded (numbers, dates and the like by `fieldBound`, texts by twice
    // their bytes plus quotes), so the chunk is written into memory reserved once for the sum
    // of the bounds, through a cursor that checks no capacity per byte (and, after each row,
    // that the bounds held).
    let columnCount = fields.count
    let rowBound = fields.reduce(1) { $0 + $1.bound + 1 }
    let bound = fields.reduce(rowBound * chunk.count) { $0 + $1.textBound(chunk.count) }
    let bytes = [UInt8](unsafeUninitializedCapacity: max(bound, 1)) { buffer, initialized in
      let start = buffer.baseAddress!
      let end = start + bound
      var cursor = ByteCursor(start)
      for row in 0..<chunk.count {
        for column in 0..<columnCount {
          if column > 0 { cursor.append(UInt8(ascii: ",")) }
          fields[column].append(row, to: &cursor)
        }
        cursor.append(UInt8(ascii: "\n"))
        precondition(cursor.position <= end, "CSV rows longer than their bound")
      }
      initialized = cursor.position - start
    }
    // The readers point into the chunk's arenas: the chunk lives until here.
    withExtendedLifetime(chunk) {}
    if out.isEmpty { out = bytes } else { out.append(contentsOf: bytes) }
  }

  /// Nothing: CSV has no footer.
  public func footer(_ schema: TableSchema, totalRows: Int) throws -> [UInt8] { [] }

  /// Appends a text field, quoted if it is empty or holds `,` `"` CR or LF.
  static func appendField(_ text: String, to out: inout some ByteSink) {
    var text = text
    text.withUTF8 { appendField($0, to: &out) }
  }

  /// Appends a text field given as UTF-8 bytes, quoted as `appendField(_ text:)` quotes.
  @inline(__always)
  static func appendField(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout some ByteSink) {
    guard needsQuotes(bytes) else {
      out.append(bytes: UnsafeRawBufferPointer(bytes))
      return
    }
    out.append(quote)
    for byte in bytes {
      if byte == quote { out.append(quote) }
      out.append(byte)
    }
    out.append(quote)
  }

  /// Whether a field of these bytes is quoted: empty, or holding `,` `"` CR or LF. Eight bytes
  /// at a time: a word has one of those bytes when its XOR with that byte repeated has a zero
  /// byte (the exact test `(x - 0x01...) & ~x & 0x80...`).
  @inline(__always)
  static func needsQuotes(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    let n = bytes.count
    guard n > 0, let base = bytes.baseAddress else { return true }
    let raw = UnsafeRawPointer(base)
    if n >= 8 {
      // Whole words, then the last eight bytes (overlapping the words before: read twice).
      var i = 0
      while i + 8 <= n {
        if special(raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) { return true }
        i += 8
      }
      return i < n && special(raw.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self))
    }
    if n >= 4 {
      // The first four bytes and the last four (overlapping when fewer than eight), as one
      // word.
      let head = UInt64(raw.loadUnaligned(as: UInt32.self))
      let tail = UInt64(raw.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self))
      return special(head | tail << 32)
    }
    for i in 0..<n {
      let b = base[i]
      if b == comma || b == quote || b == carriageReturn || b == lineFeed { return true }
    }
    return false
  }

  /// Whether any of `count` bytes is `,` `"` CR or LF: the whole text column of a chunk at once,
  /// 32 bytes per step (a column without any writes its rows without a test each).
  static func anySpecial(_ base: UnsafePointer<UInt8>, _ count: Int) -> Bool {
    let raw = UnsafeRawPointer(base)
    var i = 0
    while i + 32 <= count {
      let a = specialBits(raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
      let b = specialBits(raw.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self))
      let c = specialBits(raw.loadUnaligned(fromByteOffset: i + 16, as: UInt64.self))
      let d = specialBits(raw.loadUnaligned(fromByteOffset: i + 24, as: UInt64.self))
      if a | b | c | d != 0 { return true }
      i += 32
    }
    while i < count {
      let byte = base[i]
      if byte == comma || byte == quote || byte == carriageReturn || byte == lineFeed { return true }
      i += 1
    }
    return false
  }

  /// Whether any byte of `w` is `,` `"` CR or LF.
  @inline(__always)
  static func special(_ w: UInt64) -> Bool { specialBits(w) != 0 }

  /// Non-zero when any byte of `w` is `,` `"` CR or LF.
  @inline(__always)
  static func specialBits(_ w: UInt64) -> UInt64 {
    hasZeroByte(w ^ 0x2C2C_2C2C_2C2C_2C2C) | hasZeroByte(w ^ 0x2222_2222_2222_2222)
      | hasZeroByte(w ^ 0x0D0D_0D0D_0D0D_0D0D) | hasZeroByte(w ^ 0x0A0A_0A0A_0A0A_0A0A)
  }

  @inline(__always)
  static func hasZeroByte(_ x: UInt64) -> UInt64 { (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080 }

  private static let comma = UInt8(ascii: ",")
  private static let quote = UInt8(ascii: "\"")
  private static let carriageReturn = UInt8(ascii: "\r")
  private static let lineFeed = UInt8(ascii: "\n")
}

/// Reads one chunk column for the CSV encoder. Typed columns are copied once into plain buffers,
/// so formatting a number reads memory directly, without building a `Value` per field; other
/// columns are read as values. Everything it holds is a plain buffer, so copying a reader never
/// touches a reference count.
struct CSVFieldReader {
  private enum Source {
    case values(UnsafeMutableBufferPointer<Value>)
    case floats(UnsafeMutableBufferPointer<Double>)
    case ints(UnsafeMutableBufferPointer<Int64>, ValueColumn.IntKind)
    case bools(UnsafeMutableBufferPointer<Bool>)
    /// Codes, and each dictionary text's field bytes (quoted as needed) at `starts[c]..<starts[c + 1]`.
    case texts(UnsafeMutableBufferPointer<Int32>, bytes: UnsafeMutableBufferPointer<UInt8>, starts: UnsafeMutableBufferPointer<Int>)
    /// A `TextArena`'s UTF-8 bytes and row ends, read in place (the chunk being encoded keeps
    /// the arena alive): each row's bytes are quoted as needed, or, when no row has a byte that
    /// needs quotes (`plain`), only empty rows are.
    case arena(bytes: UnsafePointer<UInt8>, ends: UnsafeBufferPointer<Int>, plain: Bool)
  }

  private let source: Source
  private let nulls: UnsafeMutableBufferPointer<Bool>?
  private let precision: Int?
  /// The precision's rounder, held so that each field does not rebuild it.
  private let rounder: DecimalRounder?
  /// Rows in the column.
  private let count: Int

  init(_ column: ValueColumn, precision: Int?) {
    self.precision = precision
    self.rounder = precision.map(DecimalRounder.init(digits:))
    self.count = column.count
    func copy<T>(_ array: [T]) -> UnsafeMutableBufferPointer<T> {
      let buffer = UnsafeMutableBufferPointer<T>.allocate(capacity: max(column.count, 1))
      _ = buffer.initialize(from: array.prefix(column.count))
      return buffer
    }
    func copyAll<T>(_ array: [T]) -> UnsafeMutableBufferPointer<T> {
      let buffer = UnsafeMutableBufferPointer<T>.allocate(capacity: max(array.count, 1))
      _ = buffer.initialize(from: array)
      return buffer
    }
    switch column.storage {
    case .values:
      // Read through the column, which applies its nulls.
      let buffer = UnsafeMutableBufferPointer<Value>.allocate(capacity: max(column.count, 1))
      _ = buffer.initialize(from: column)
      source = .values(buffer)
      nulls = nil
      return
    case .floats(let d): source = .floats(copy(d))
    case .ints(let i, let kind): source = .ints(copy(i), kind)
    case .bools(let b): source = .bools(copy(b))
    case .texts(let codes, let dictionary):
      // Each distinct text is quoted once per chunk; a row then copies its bytes.
      var bytes: [UInt8] = []
      var starts = [0]
      for text in dictionary.texts {
        CSVEncoder.appendField(text, to: &bytes)
        starts.append(bytes.count)
      }
      source = .texts(copy(codes), bytes: copyAll(bytes), starts: copyAll(starts))
    case .arena(let arena):
      precondition(arena.count >= column.count, "a text column shorter than its chunk")
      let parts = arena.unsafeParts
      let stored = column.count == 0 ? 0 : parts.ends[column.count - 1]
      source = .arena(
        bytes: parts.bytes, ends: UnsafeBufferPointer(start: parts.ends, count: column.count),
        plain: !CSVEncoder.anySpecial(parts.bytes, stored))
    }
    nulls = column.nulls.map(copy)
  }

  func deallocate() {
    switch source {
    case .values(let p):
      p.baseAddress?.deinitialize(count: count)
      p.deallocate()
    case .floats(let p): p.deallocate()
    case .ints(let p, _): p.deallocate()
    case .bools(let p): p.deallocate()
    case .texts(let p, let bytes, let starts):
      p.deallocate()
      bytes.deallocate()
      starts.deallocate()
    case .arena: break  // the arena's own memory
    }
    nulls?.deallocate()
  }

  /// The most bytes a field other than a text takes (the longest is a date-time of a year in
  /// the billions, 28 bytes; a float at most 25).
  static let fieldBound = 64

  /// The most bytes this column's field takes besides its text. A float with a declared
  /// precision is written in fixed notation: a sign, up to 309 integer digits, the point and
  /// the decimals; typed columns of magnitudes below 10^30 need at most 32 plus the decimals.
  var bound: Int {
    guard let precision else { return Self.fieldBound }
    let decimals = max(precision, 0)
    if case .floats(let d) = source {
      var largest = 0.0
      for x in d where x.magnitude > largest { largest = x.magnitude }
      if largest < 1e30 { return Self.fieldBound + decimals }
    }
    return Self.fieldBound + 312 + decimals
  }

  /// The bytes the first `rows` rows' texts need beyond `fieldBound` each: twice their UTF-8
  /// bytes (every quote doubled) and two quotes per row.
  func textBound(_ rows: Int) -> Int {
    switch source {
    case .values(let column):
      var total = 0
      for row in 0..<rows {
        if case .text(let text) = column[row] { total += 2 * text.utf8.count + 2 }
      }
      return total
    case .texts(let codes, _, let starts):
      // Each dictionary text's field is quoted already: its bytes as they are written.
      var total = 0
      for row in 0..<rows {
        let c = Int(codes[row])
        if c >= 0 && c + 1 < starts.count { total += starts[c + 1] - starts[c] }
      }
      return total
    case .arena(_, let ends, _):
      return rows == 0 ? 0 : 2 * ends[rows - 1] + 2 * rows
    default: return 0
    }
  }

  /// Appends row `row`'s field: as `ValueFormatter.appendPlain` writes it, texts quoted by
  /// `CSVEncoder.appendField`.
  @inline(__always)
  func append(_ row: Int, to out: inout some ByteSink) {
    if let nulls, nulls[row] { return }
    switch source {
    case .floats(let d):
      let x = d[row]
      if let rounder, x.isFinite {
        ValueFormatter.appendFixed(x, rounder, to: &out)
      } else {
        ValueFormatter.appendFloat(x, precision: precision, to: &out)
      }
    case .bools(let b): ValueFormatter.appendBool(b[row], to: &out)
    case .texts(let codes, let bytes, let starts):
      let c = Int(codes[row])
      guard c >= 0 && c + 1 < starts.count else { return }
      out.append(bytes: UnsafeRawBufferPointer(rebasing: UnsafeMutableRawBufferPointer(bytes)[starts[c]..<starts[c + 1]]))
    case .ints(let i, let kind):
      switch kind {
      case .int:
        if precision != nil {
          ValueFormatter.appendFloat(Double(i[row]), precision: precision, to: &out)
        } else {
          ValueFormatter.appendInteger(i[row], to: &out)
        }
      case .ref: ValueFormatter.appendInteger(i[row], to: &out)
      case .date: ValueFormatter.appendDate(days: i[row], to: &out)
      case .datetime: ValueFormatter.appendDateTime(seconds: i[row], style: .iso8601, to: &out)
      case .duration: ValueFormatter.appendDuration(seconds: i[row], to: &out)
      }
    case .arena(let bytes, let ends, let plain):
      let start = row == 0 ? 0 : ends[row - 1]
      let field = UnsafeBufferPointer(start: bytes + start, count: ends[row] - start)
      if plain && !field.isEmpty {
        out.append(bytes: UnsafeRawBufferPointer(field))
      } else {
        CSVEncoder.appendField(field, to: &out)
      }
    case .values(let column):
      let value = column[row]
      if case .text(let text) = value {
        CSVEncoder.appendField(text, to: &out)
      } else {
        // No other value's text contains a comma, quote or line break.
        ValueFormatter.appendPlain(value, precision: precision, to: &out)
      }
    }
  }
}
