import ScenarioIR

/// A text column read as UTF-8 bytes row by row, to build `TextArena`s: bytes already (an
/// arena), texts by code (each dictionary text encoded once), one text, or values that are all
/// texts or nulls. Nil for a column that holds anything else.
struct TextRows {
  private enum Source {
    case arena(TextArena)
    case dictionary([Int32], [[UInt8]])
    case constant([UInt8])
    case values([Value])
    case null
  }

  private let source: Source
  private let nulls: [Bool]?

  init?(_ column: Column, _ n: Int) {
    nulls = column.nulls
    switch column.storage {
    case .arena(let a): source = .arena(a)
    case .texts(let codes, let dictionary): source = .dictionary(codes, dictionary.texts.map { Array($0.utf8) })
    case .constant(.text(let t)): source = .constant(Array(t.utf8))
    case .constant(.null): source = .null
    case .values(let v):
      for r in 0..<n {
        switch v[r] {
        case .text, .null: continue
        default: return nil
        }
      }
      source = .values(v)
    default: return nil
    }
  }

  /// Whether row `r` is null.
  @inline(__always)
  func isNull(_ r: Int) -> Bool {
    if let nulls, nulls[r] { return true }
    switch source {
    case .null: return true
    case .values(let v): return v[r].isNull
    default: return false
    }
  }

  /// The UTF-8 byte count of row `r` (0 for a null row).
  @inline(__always)
  func length(_ r: Int) -> Int {
    if isNull(r) { return 0 }
    switch source {
    case .arena(let a): return a.length(r)
    case .dictionary(let codes, let texts): return texts[Int(codes[r])].count
    case .constant(let bytes): return bytes.count
    case .values(let v):
      if case .text(let t) = v[r] { return t.utf8.count }
      return 0
    case .null: return 0
    }
  }

  /// Calls `body` with row `r`'s bytes (empty for a null row).
  @inline(__always)
  func withBytes<R>(_ r: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    if isNull(r) { return body(UnsafeBufferPointer(start: nil, count: 0)) }
    switch source {
    case .arena(let a): return a.bytes.withUnsafeBufferPointer { body(a.row(r, in: $0)) }
    case .dictionary(let codes, let texts): return texts[Int(codes[r])].withUnsafeBufferPointer(body)
    case .constant(let bytes): return bytes.withUnsafeBufferPointer(body)
    case .values(let v):
      if case .text(var t) = v[r] { return t.withUTF8(body) }
      return body(UnsafeBufferPointer(start: nil, count: 0))
    case .null: return body(UnsafeBufferPointer(start: nil, count: 0))
    }
  }

  /// Appends row `r`'s bytes to the row `out` is building (nothing for a null row).
  @inline(__always)
  func extend(_ r: Int, _ out: inout TextArenaBuilder) {
    if isNull(r) { return }
    switch source {
    case .arena(let a): out.append(row: r, of: a)
    case .dictionary(let codes, let texts): out.append(texts[Int(codes[r])])
    case .constant(let bytes): out.append(bytes)
    case .values(let v):
      if case .text(let t) = v[r] { out.append(t) }
    case .null: return
    }
  }

  /// `x ++ y` for the rows of `mask`, as bytes (null when either is null); nil when a row's
  /// text would pass `limit` bytes, which the row interpreter reports.
  static func concat(_ x: TextRows, _ y: TextRows, _ n: Int, _ mask: Mask, limit: Int) -> Column? {
    var out = TextArenaBuilder(rows: n, bytesPerRow: 32)
    var nulls: [Bool]? = nil
    for r in 0..<n {
      if mask.has(r) {
        if x.isNull(r) || y.isNull(r) {
          if nulls == nil { nulls = [Bool](repeating: false, count: n) }
          nulls![r] = true
        } else {
          if x.length(r) + y.length(r) > limit {
            out.discard()
            return nil
          }
          x.extend(r, &out)
          y.extend(r, &out)
        }
      }
      out.endRow()
    }
    return Column(.arena(out.finish()), nulls: nulls)
  }

  /// `pick[r] ? a : b` for texts, as bytes; nil when either is not a text column.
  static func select(_ pick: [Bool], _ a: Column, _ b: Column, _ n: Int) -> Column? {
    guard let x = TextRows(a, n), let y = TextRows(b, n) else { return nil }
    var out = TextArenaBuilder(rows: n)
    var nulls: [Bool]? = nil
    for r in 0..<n {
      let null = pick[r] ? x.isNull(r) : y.isNull(r)
      if null {
        if nulls == nil { nulls = [Bool](repeating: false, count: n) }
        nulls![r] = true
      } else if pick[r] {
        x.extend(r, &out)
      } else {
        y.extend(r, &out)
      }
      out.endRow()
    }
    return Column(.arena(out.finish()), nulls: nulls)
  }
}
