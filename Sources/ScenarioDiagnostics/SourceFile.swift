/// A source text held as UTF-8 bytes, with its display path and a line-start table.
///
/// Line and column are derived from a byte offset only when a diagnostic is rendered, so the
/// offset stays the single source of truth (STYLE.md §1.2).
public struct SourceFile: Sendable, Equatable {
  /// Identifies the file inside a compilation; spans carry it.
  public let id: Int
  /// The path as the user should see it (relative to the working directory).
  public let path: String
  /// The text as bytes.
  public let bytes: [UInt8]
  /// Byte offset at which each line starts; `lineStarts[0] == 0`.
  public let lineStarts: [Int]

  /// Creates a file from its text.
  public init(id: Int = 0, path: String, text: String) {
    self.init(id: id, path: path, bytes: Array(text.utf8))
  }

  /// Creates a file from raw bytes (which need not be valid UTF-8).
  public init(id: Int = 0, path: String, bytes: [UInt8]) {
    self.id = id
    self.path = path
    self.bytes = bytes
    var starts = [0]
    for (i, b) in bytes.enumerated() where b == UInt8(ascii: "\n") { starts.append(i + 1) }
    self.lineStarts = starts
  }

  /// The 1-based line and column of a byte offset. Columns count Unicode scalars, as editors do.
  public func location(of offset: Int) -> SourceLocation {
    let clamped = max(0, min(offset, bytes.count))
    var lo = 0
    var hi = lineStarts.count - 1
    while lo < hi {
      let mid = (lo + hi + 1) / 2
      if lineStarts[mid] <= clamped { lo = mid } else { hi = mid - 1 }
    }
    let start = lineStarts[lo]
    var column = 1
    var i = start
    while i < clamped {
      // Count only bytes that start a scalar (not UTF-8 continuation bytes 10xxxxxx).
      if bytes[i] & 0xC0 != 0x80 { column += 1 }
      i += 1
    }
    return SourceLocation(line: lo + 1, column: column)
  }

  /// The text of a 1-based line without its line terminator.
  public func lineText(_ line: Int) -> String {
    guard line >= 1, line <= lineStarts.count else { return "" }
    let start = lineStarts[line - 1]
    var end = line < lineStarts.count ? lineStarts[line] - 1 : bytes.count
    if end > start, end <= bytes.count, end - 1 >= start, bytes[end - 1] == UInt8(ascii: "\r") {
      end -= 1
    }
    return String(decoding: bytes[start..<max(start, end)], as: UTF8.self)
  }

  /// The source text covered by a span.
  public func text(of span: SourceSpan) -> String {
    let lo = max(0, min(span.start, bytes.count))
    let hi = max(lo, min(span.end, bytes.count))
    return String(decoding: bytes[lo..<hi], as: UTF8.self)
  }

  /// Number of lines in the file.
  public var lineCount: Int { lineStarts.count }
}

/// A 1-based line and column.
public struct SourceLocation: Sendable, Equatable, Hashable, CustomStringConvertible {
  public var line: Int
  public var column: Int
  public init(line: Int, column: Int) {
    self.line = line
    self.column = column
  }
  public var description: String { "\(line):\(column)" }
}
