import ScenarioIR

/// A text column read as UTF-8 bytes row by row, to build `TextArena`s: bytes already (an
/// arena), texts by code (each dictionary text encoded once), one text, or values that are all
/// texts or nulls. Nil for a column that holds anything else.
///
/// Everything a row reads is a plain pointer into memory this reader keeps alive (an arena's
/// own buffers, or copies made once per chunk), so reading a row touches no reference count and
/// no enum payload: the per-row cost is a load or two and the copy of the bytes.
struct TextRows {
  fileprivate enum Kind {
    /// Row `r` is text `r` of `bytes`/`ends`.
    case rows
    /// Row `r` is text `codes[r]`.
    case codes
    /// Every row is text 0.
    case constant
    /// Every row is null.
    case null
  }

  private let kind: Kind
  private let bytes: UnsafePointer<UInt8>
  /// Where each text ends in `bytes` (per row for `.rows`, per code for `.codes`).
  private let ends: UnsafePointer<Int>
  private let codes: UnsafePointer<Int32>?
  private let nulls: UnsafePointer<Bool>?
  /// What keeps the pointers valid: the arena of texts, and the copies of codes and nulls.
  private let owners: (texts: AnyObject, codes: RowBuffer<Int32>?, nulls: RowBuffer<Bool>?)

  init?(_ column: Column, _ n: Int) {
    if case .arena = column.storage { readsColumnArena = true } else { readsColumnArena = false }
    var nullFlags = column.nulls
    let texts: TextArena
    var codeCopy: RowBuffer<Int32>? = nil
    switch column.storage {
    case .arena(let a):
      precondition(a.count >= n, "a text column shorter than its chunk")
      texts = a
      kind = .rows
    case .texts(let codes, let dictionary):
      texts = Self.arena(dictionary.texts)
      let limit = Int32(dictionary.texts.count)
      let copy = RowBuffer<Int32>(n)
      for r in 0..<n {
        let c = codes[r]
        if c >= 0 && c < limit {
          copy.pointer[r] = c
        } else {
          precondition(nullFlags?[r] == true, "a text code outside its dictionary")
          copy.pointer[r] = 0
        }
      }
      codeCopy = copy
      kind = .codes
    case .constant(.text(let t)):
      texts = Self.arena([t])
      kind = .constant
    case .constant(.null):
      texts = Self.arena([])
      kind = .null
    case .values(let v):
      var out = TextArenaBuilder(rows: n)
      var flags = nullFlags ?? [Bool](repeating: false, count: n)
      for r in 0..<n {
        switch v[r] {
        case .text(let t): out.append(t)
        case .null: flags[r] = true
        default:
          out.discard()
          return nil
        }
        out.endRow()
      }
      texts = out.finish()
      nullFlags = flags.contains(true) ? flags : nil
      kind = .rows
    default: return nil
    }
    let parts = texts.unsafeParts
    bytes = parts.bytes
    ends = parts.ends
    codes = codeCopy.map { UnsafePointer($0.pointer) }
    let nullCopy = nullFlags.map { flags in
      let copy = RowBuffer<Bool>(n)
      for r in 0..<n { copy.pointer[r] = flags[r] }
      return copy
    }
    nulls = nullCopy.map { UnsafePointer($0.pointer) }
    owners = (parts.owner, codeCopy, nullCopy)
  }

  /// The texts end to end, as an arena of one row each.
  private static func arena(_ texts: [String]) -> TextArena {
    var out = TextArenaBuilder(rows: texts.count)
    for t in texts {
      out.append(t)
      out.endRow()
    }
    return out.finish()
  }

  /// The arena of bytes this reader reads when it reads a column's own arena (not a copy made
  /// for it): the same object for every reader of that column in the chunk.
  var sharedArena: AnyObject? { readsColumnArena ? owners.texts : nil }
  private let readsColumnArena: Bool

  /// The reader's pointers alone, without what keeps them valid: copied per row or kept in an
  /// array without touching a reference count (the caller keeps the `TextRows` alive).
  struct Raw {
    fileprivate let kind: Kind
    fileprivate let bytes: UnsafePointer<UInt8>
    fileprivate let ends: UnsafePointer<Int>
    fileprivate let codes: UnsafePointer<Int32>?
    fileprivate let nulls: UnsafePointer<Bool>?

    /// Whether row `r` is null.
    @inline(__always)
    func isNull(_ r: Int) -> Bool {
      if let nulls, nulls[r] { return true }
      return kind == .null
    }

    /// Row `r`'s bytes (empty for a null row).
    @inline(__always)
    func bytes(_ r: Int) -> UnsafeBufferPointer<UInt8> {
      if isNull(r) { return UnsafeBufferPointer(start: nil, count: 0) }
      return storedBytes(r)
    }

    /// The bytes stored for row `r`, whether or not the row is null.
    @inline(__always)
    func storedBytes(_ r: Int) -> UnsafeBufferPointer<UInt8> {
      let i: Int
      switch kind {
      case .rows: i = r
      case .codes: i = Int(codes.unsafelyUnwrapped[r])
      case .constant: i = 0
      case .null: return UnsafeBufferPointer(start: nil, count: 0)
      }
      let start = i == 0 ? 0 : ends[i - 1]
      return UnsafeBufferPointer(start: bytes + start, count: ends[i] - start)
    }
  }

  /// This reader's pointers (valid while it lives).
  var raw: Raw { Raw(kind: kind, bytes: bytes, ends: ends, codes: codes, nulls: nulls) }

  /// Whether row `r` is null.
  @inline(__always)
  func isNull(_ r: Int) -> Bool { raw.isNull(r) }

  /// Row `r`'s bytes (empty for a null row), valid while this reader lives.
  @inline(__always)
  func bytes(_ r: Int) -> UnsafeBufferPointer<UInt8> { raw.bytes(r) }

  /// The bytes stored for row `r`, whether or not the row is null (a null row usually stores
  /// none): what every reader of the same arena sees, whatever its null flags.
  @inline(__always)
  func storedBytes(_ r: Int) -> UnsafeBufferPointer<UInt8> { raw.storedBytes(r) }

  /// The UTF-8 byte count of row `r` (0 for a null row).
  @inline(__always)
  func length(_ r: Int) -> Int { bytes(r).count }

  /// Calls `body` with row `r`'s bytes (empty for a null row).
  @inline(__always)
  func withBytes<R>(_ r: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    defer { withExtendedLifetime(owners) {} }
    return body(bytes(r))
  }

  /// Appends row `r`'s bytes to the row `out` is building (nothing for a null row).
  @inline(__always)
  func extend(_ r: Int, _ out: inout TextArenaBuilder) {
    out.append(bytes(r))
    withExtendedLifetime(owners) {}
  }

  /// `parts[0] ++ parts[1] ++ ...` (`x ++ y` too) for the rows of `mask`, as bytes (null when
  /// any part is null); nil when a row's text would pass `limit` bytes, which the row
  /// interpreter reports.
  static func concat(_ parts: [TextRows], _ n: Int, _ mask: Mask, limit: Int) -> Column? {
    var out = TextArenaBuilder(rows: n, bytesPerRow: 48)
    var nulls: [Bool]? = nil
    // The parts' pointers, read per row without a reference count; `parts` keeps them valid.
    let raws = parts.map(\.raw)
    defer { withExtendedLifetime(parts) {} }
    for r in 0..<n {
      if mask.has(r) {
        if raws.contains(where: { $0.isNull(r) }) {
          Column.markNull(r, &nulls, n)
        } else {
          var length = 0
          for p in raws { length += p.bytes(r).count }
          if length > limit {
            out.discard()
            return nil
          }
          for p in raws { out.append(p.bytes(r)) }
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

/// `count` values of `T` in memory this object owns (uninitialised until written; `T` is a
/// trivial type).
final class RowBuffer<T> {
  let pointer: UnsafeMutablePointer<T>

  init(_ count: Int) { pointer = .allocate(capacity: max(count, 1)) }

  deinit { pointer.deallocate() }
}
