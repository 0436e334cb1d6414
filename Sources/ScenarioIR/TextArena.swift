/// The texts of a chunk column as UTF-8 bytes end to end, with where each row's text ends: what
/// the column-wise engine builds for texts it computes row by row (pack draws, `++`, persona
/// overrides), so that a text is bytes appended to one buffer instead of a `String` per row,
/// and the CSV encoder copies those bytes. Row `r` is `bytes[ends[r - 1] ..< ends[r]]` (from 0
/// for row 0). A null row, or one outside the rows computed, holds bytes to ignore (usually none;
/// its column's null flags tell which rows are null); `text(r)` gives exactly the `String` the row interpreter computes.
public struct TextArena: Sendable {
  public private(set) var bytes: [UInt8]
  public private(set) var ends: [Int]

  /// An empty arena with room for `rows` rows of about `bytesPerRow` bytes each.
  public init(rows: Int, bytesPerRow: Int = 16) {
    bytes = []
    bytes.reserveCapacity(rows * bytesPerRow)
    ends = []
    ends.reserveCapacity(rows)
  }

  /// An arena of rows `bytes[ends[r - 1] ..< ends[r]]` (`ends` ascending, the last at most
  /// `bytes.count`).
  public init(bytes: [UInt8], ends: [Int]) {
    precondition(ends.last ?? 0 <= bytes.count, "arena row past its bytes")
    self.bytes = bytes
    self.ends = ends
  }

  public var count: Int { ends.count }

  @inline(__always)
  public func start(_ r: Int) -> Int { r == 0 ? 0 : ends[r - 1] }

  /// The byte count of row `r`.
  @inline(__always)
  public func length(_ r: Int) -> Int { ends[r] - start(r) }

  /// Row `r` as a `String`.
  public func text(_ r: Int) -> String {
    let s = start(r)
    let e = ends[r]
    return bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[s..<e]), as: UTF8.self) }
  }

  /// Appends a row of `text`.
  @inline(__always)
  public mutating func append(_ text: String) {
    var text = text
    text.withUTF8 { bytes.append(contentsOf: $0) }
    ends.append(bytes.count)
  }

  /// Appends a row of `part` (after any `extend` calls for the same row).
  @inline(__always)
  public mutating func append(bytes part: UnsafeBufferPointer<UInt8>) {
    bytes.append(contentsOf: part)
    ends.append(bytes.count)
  }

  /// Appends bytes to the row being built; `endRow` closes it.
  @inline(__always)
  public mutating func extend(_ part: UnsafeBufferPointer<UInt8>) { bytes.append(contentsOf: part) }

  /// Appends the text to the row being built; `endRow` closes it.
  @inline(__always)
  public mutating func extend(_ text: String) {
    var text = text
    text.withUTF8 { bytes.append(contentsOf: $0) }
  }

  /// Appends row `r` of `other` to the row being built; `endRow` closes it.
  @inline(__always)
  public mutating func extend(_ other: TextArena, _ r: Int) {
    let s = other.start(r)
    let e = other.ends[r]
    other.bytes.withUnsafeBufferPointer { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: $0[s..<e])) }
  }

  /// Lets `body` append bytes to the row being built; `endRow` closes it.
  @inline(__always)
  public mutating func withBytes<R, E: Error>(_ body: (inout [UInt8]) throws(E) -> R) throws(E) -> R { try body(&bytes) }

  /// Row `r`'s bytes within `all`, this arena's `bytes` seen through a pointer.
  @inline(__always)
  public func row(_ r: Int, in all: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
    UnsafeBufferPointer(rebasing: all[start(r)..<ends[r]])
  }

  /// Closes the row being built (an empty row when nothing was appended).
  @inline(__always)
  public mutating func endRow() { ends.append(bytes.count) }

  /// Bytes of the row being built so far.
  @inline(__always)
  public func pendingLength() -> Int { bytes.count - (ends.last ?? 0) }

  /// Drops the bytes of the row being built (it stays open).
  public mutating func dropPending() { bytes.removeLast(pendingLength()) }
}
