/// The texts of a chunk column as UTF-8 bytes end to end, with where each row's text ends: what
/// the column-wise engine builds for texts it computes row by row (pack draws, `++`, persona
/// overrides), so that a text is bytes appended to one buffer instead of a `String` per row,
/// and the CSV encoder copies those bytes. Row `r` is `bytes[ends[r - 1] ..< ends[r]]` (from 0
/// for row 0). A null row, or one outside the rows computed, holds bytes to ignore (usually
/// none; its column's null flags tell which rows are null); `text(r)` gives exactly the
/// `String` the row interpreter computes. Built by a `TextArenaBuilder`, then read only.
public struct TextArena: @unchecked Sendable {
  /// The bytes and row ends, in memory this arena owns (handed over by a builder, not copied).
  private let storage: Storage

  /// Memory that an arena's bytes and row ends live in: freed when the last arena sharing it
  /// goes. Never written after it is made, so arenas share it across threads.
  private final class Storage {
    let bytes: UnsafeMutablePointer<UInt8>
    let byteCount: Int
    let ends: UnsafeMutablePointer<Int>
    let count: Int

    init(bytes: UnsafeMutablePointer<UInt8>, byteCount: Int, ends: UnsafeMutablePointer<Int>, count: Int) {
      self.bytes = bytes
      self.byteCount = byteCount
      self.ends = ends
      self.count = count
    }

    deinit {
      bytes.deallocate()
      ends.deallocate()
    }
  }

  /// An arena of rows `bytes[ends[r - 1] ..< ends[r]]` (`ends` ascending, the last at most
  /// `bytes.count`); the bytes and ends are copied.
  public init(bytes: [UInt8], ends: [Int]) {
    precondition(ends.last ?? 0 <= bytes.count, "arena row past its bytes")
    let b = UnsafeMutablePointer<UInt8>.allocate(capacity: max(bytes.count, 1))
    b.initialize(from: bytes, count: bytes.count)
    let e = UnsafeMutablePointer<Int>.allocate(capacity: max(ends.count, 1))
    e.initialize(from: ends, count: ends.count)
    storage = Storage(bytes: b, byteCount: bytes.count, ends: e, count: ends.count)
  }

  /// An arena that takes over a builder's buffers (`count` rows, `byteCount` bytes used).
  fileprivate init(taking bytes: UnsafeMutablePointer<UInt8>, byteCount: Int, ends: UnsafeMutablePointer<Int>, count: Int) {
    storage = Storage(bytes: bytes, byteCount: byteCount, ends: ends, count: count)
  }

  /// Rows in the arena.
  public var count: Int { storage.count }

  /// Bytes of all rows together.
  public var byteCount: Int { storage.byteCount }

  @inline(__always)
  public func start(_ r: Int) -> Int {
    precondition(r >= 0 && r < storage.count, "arena row out of range")
    return r == 0 ? 0 : storage.ends[r - 1]
  }

  /// Where row `r` ends.
  @inline(__always)
  public func end(_ r: Int) -> Int {
    precondition(r >= 0 && r < storage.count, "arena row out of range")
    return storage.ends[r]
  }

  /// The byte count of row `r`.
  @inline(__always)
  public func length(_ r: Int) -> Int { end(r) - start(r) }

  /// Row `r` as a `String`.
  public func text(_ r: Int) -> String {
    let s = start(r)
    return withExtendedLifetime(storage) {
      String(decoding: UnsafeBufferPointer(start: storage.bytes + s, count: storage.ends[r] - s), as: UTF8.self)
    }
  }

  /// Row `r`'s bytes within `all`, this arena's bytes (from `withUnsafeParts`).
  @inline(__always)
  public func row(_ r: Int, in all: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
    UnsafeBufferPointer(rebasing: all[start(r)..<end(r)])
  }

  /// Calls `body` with all rows' bytes end to end and each row's end (both valid only inside
  /// `body`), to read many rows without a check or a reference count per row.
  @inline(__always)
  public func withUnsafeParts<R, E: Error>(
    _ body: (_ bytes: UnsafeBufferPointer<UInt8>, _ ends: UnsafeBufferPointer<Int>) throws(E) -> R
  ) throws(E) -> R {
    defer { withExtendedLifetime(storage) {} }
    return try body(
      UnsafeBufferPointer(start: storage.bytes, count: storage.byteCount),
      UnsafeBufferPointer(start: storage.ends, count: storage.count))
  }

  /// The arena's bytes and ends as raw pointers, valid while `owner` (which this returns, and
  /// the caller keeps) lives: for readers that hold many arenas at once over a loop of rows.
  @inline(__always)
  public var unsafeParts: (owner: AnyObject, bytes: UnsafePointer<UInt8>, ends: UnsafePointer<Int>, count: Int) {
    (storage, UnsafePointer(storage.bytes), UnsafePointer(storage.ends), storage.count)
  }
}

/// Builds a `TextArena` row by row: bytes are appended to the row being built, `endRow` closes
/// it. Its buffers are its own (not arrays), so an append is a bounds check and a copy, with no
/// uniqueness test; `finish` hands them over as the arena. Used by one owner: a copy of a
/// builder must not be used after `finish` or `discard` of either.
public struct TextArenaBuilder {
  private var base: UnsafeMutablePointer<UInt8>
  private var used = 0
  private var capacity: Int
  private var rowEnds: UnsafeMutablePointer<Int>
  private var rows = 0
  private var rowCapacity: Int

  /// An empty builder with room for `rows` rows of about `bytesPerRow` bytes each.
  public init(rows: Int, bytesPerRow: Int = 16) {
    capacity = max(rows * bytesPerRow, 64)
    base = .allocate(capacity: capacity)
    rowCapacity = max(rows, 16)
    rowEnds = .allocate(capacity: rowCapacity)
  }

  /// Rows closed so far.
  public var count: Int { rows }

  /// Bytes of the row being built so far.
  @inline(__always)
  public var pendingLength: Int { used - (rows == 0 ? 0 : rowEnds[rows - 1]) }

  @inline(__always)
  private mutating func reserve(_ extra: Int) {
    if used + extra > capacity { grow(used + extra) }
  }

  @inline(never)
  private mutating func grow(_ needed: Int) {
    precondition(capacity > 0, "a text arena builder used after finish or discard")
    var c = capacity * 2
    while c < needed { c *= 2 }
    let b = UnsafeMutablePointer<UInt8>.allocate(capacity: c)
    b.update(from: base, count: used)
    base.deallocate()
    base = b
    capacity = c
  }

  @inline(__always)
  public mutating func append(_ byte: UInt8) {
    reserve(1)
    base[used] = byte
    used += 1
  }

  @inline(__always)
  public mutating func append(_ part: UnsafeBufferPointer<UInt8>) {
    let n = part.count
    guard n > 0 else { return }
    reserve(n)
    copyBytes(part.baseAddress!, base + used, n)
    used += n
  }

  public mutating func append(_ part: [UInt8]) {
    part.withUnsafeBufferPointer { append($0) }
  }

  public mutating func append(_ part: ArraySlice<UInt8>) {
    part.withUnsafeBufferPointer { append($0) }
  }

  /// Appends the text's UTF-8 bytes.
  @inline(__always)
  public mutating func append(_ text: String) {
    var text = text
    text.withUTF8 { append($0) }
  }

  /// Appends row `r` of `other`.
  @inline(__always)
  public mutating func append(row r: Int, of other: TextArena) {
    let s = other.start(r)
    let e = other.end(r)
    other.withUnsafeParts { bytes, _ in append(UnsafeBufferPointer(rebasing: bytes[s..<e])) }
  }

  /// Appends `n` bytes written by `body` in place (it gets exactly `n` bytes of room).
  @inline(__always)
  public mutating func appendInPlace(_ n: Int, _ body: (UnsafeMutableBufferPointer<UInt8>) -> Void) {
    reserve(n)
    body(UnsafeMutableBufferPointer(start: base + used, count: n))
    used += n
  }

  /// Appends the bytes `body` writes in place: it gets room for `bound` bytes and returns how
  /// many it wrote (at most `bound`), which this returns.
  @inline(__always)
  @discardableResult
  public mutating func appendInPlace(upTo bound: Int, _ body: (UnsafeMutablePointer<UInt8>) -> Int) -> Int {
    reserve(bound)
    let n = body(base + used)
    precondition(n >= 0 && n <= bound, "more bytes written in place than reserved")
    used += n
    return n
  }

  /// Closes the row being built (an empty row when nothing was appended).
  @inline(__always)
  public mutating func endRow() {
    if rows == rowCapacity {
      // After `finish` or `discard` (a `defer` that closes rows may run after either): nothing.
      guard rowCapacity > 0 else { return }
      growRows()
    }
    rowEnds[rows] = used
    rows += 1
  }

  @inline(never)
  private mutating func growRows() {
    let c = rowCapacity * 2
    let e = UnsafeMutablePointer<Int>.allocate(capacity: c)
    e.update(from: rowEnds, count: rows)
    rowEnds.deallocate()
    rowEnds = e
    rowCapacity = c
  }

  /// The bytes of the row being built so far (valid until the builder next changes).
  public func pendingBytes() -> UnsafeBufferPointer<UInt8> {
    let start = rows == 0 ? 0 : rowEnds[rows - 1]
    return UnsafeBufferPointer(start: base + start, count: used - start)
  }

  /// Drops the last `n` bytes of the row being built (at most its bytes so far).
  public mutating func dropLast(_ n: Int) {
    precondition(n >= 0 && n <= pendingLength, "dropping more bytes than the row has")
    used -= n
  }

  /// Drops the bytes of the row being built (it stays open).
  public mutating func dropPending() { used -= pendingLength }

  /// The bytes of the row being built so far, as a `String`.
  public func pendingText() -> String {
    let start = rows == 0 ? 0 : rowEnds[rows - 1]
    return String(decoding: UnsafeBufferPointer(start: base + start, count: used - start), as: UTF8.self)
  }

  /// The arena of the closed rows: it takes over the builder's buffers (no copy); the builder
  /// is spent.
  public mutating func finish() -> TextArena {
    precondition(capacity > 0, "a text arena builder finished twice")
    let arena = TextArena(taking: base, byteCount: used, ends: rowEnds, count: rows)
    spend()
    return arena
  }

  /// Frees the buffers without an arena (after a failure); again does nothing.
  public mutating func discard() {
    guard capacity > 0 else { return }
    base.deallocate()
    rowEnds.deallocate()
    spend()
  }

  /// Points the builder at nothing (its buffers are handed over or freed).
  private mutating func spend() {
    base = Self.spent.bytes
    rowEnds = Self.spent.ends
    capacity = 0
    rowCapacity = 0
    used = 0
    rows = 0
  }

  /// What a finished builder points to (never written: its capacities are 0).
  nonisolated(unsafe) private static let spent = (
    bytes: UnsafeMutablePointer<UInt8>.allocate(capacity: 1), ends: UnsafeMutablePointer<Int>.allocate(capacity: 1)
  )
}
