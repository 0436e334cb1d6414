/// One source line prepared for display: tabs expanded, control characters made visible, and a map
/// from byte offsets to display columns so that carets line up with the text above them.
///
/// A "character" here is what `SourceFile.location(of:)` counts as one column: a byte that is not a
/// UTF-8 continuation byte, together with the continuation bytes that follow it. A malformed
/// sequence therefore shows as one U+FFFD and still occupies exactly one character, so the header's
/// `line:col` and the caret position agree about how many characters precede a span. (One
/// exception: stray continuation bytes at the very start of a line are shown as U+FFFD, so the
/// caret stays under the right byte, but `location(of:)` does not count them.)
///
/// Display widths: a tab is 4 columns (a fixed expansion, as rustc does, not tab stops); East Asian
/// wide and fullwidth characters and emoji are 2 columns (as terminals draw them); combining marks
/// and format characters are 0 columns; everything else is 1.
struct DisplayLine {
  /// The 1-based line number.
  let line: Int
  /// The text to print after the gutter.
  let text: String
  /// Width of `text` in display columns.
  let width: Int
  /// File offset of the line's first byte.
  let contentStart: Int
  /// File offset one past the line's last content byte (before `\r\n` or `\n`).
  let contentEnd: Int
  /// For each content byte: the display column at which its character starts.
  private let startColumns: [Int]
  /// For each content byte: the display column just after its character.
  private let endColumns: [Int]

  /// Lays out line `line` (1-based) of `file`.
  init(file: SourceFile, line: Int) {
    let bytes = file.bytes
    let start = file.lineStarts[line - 1]
    var end = line < file.lineStarts.count ? file.lineStarts[line] - 1 : bytes.count
    if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
    var text = ""
    var starts: [Int] = []
    var ends: [Int] = []
    starts.reserveCapacity(end - start)
    ends.reserveCapacity(end - start)
    var column = 0
    var i = start
    while i < end {
      var j = i + 1
      while j < end, bytes[j] & 0xC0 == 0x80 { j += 1 }
      let (shown, width) = DisplayLine.display(bytes[i..<j])
      text += shown
      for _ in i..<j {
        starts.append(column)
        ends.append(column + width)
      }
      column += width
      i = j
    }
    self.line = line
    self.text = text
    self.width = column
    self.contentStart = start
    self.contentEnd = end
    self.startColumns = starts
    self.endColumns = ends
  }

  /// The display column at which a span starting at `offset` begins. Offsets past the content
  /// (the line terminator, or EOF) map to just after the last character.
  func startColumn(of offset: Int) -> Int {
    if offset >= contentEnd { return width }
    if offset <= contentStart { return 0 }
    return startColumns[offset - contentStart]
  }

  /// The display column just after a span ending at `offset` (exclusive). An offset inside a
  /// character extends to the end of that character.
  func endColumn(of offset: Int) -> Int {
    if offset >= contentEnd { return width }
    if offset <= contentStart { return 0 }
    return endColumns[offset - contentStart - 1]
  }

  // MARK: - Characters

  /// What to print for one character's bytes, and how many columns it takes.
  private static func display(_ chunk: ArraySlice<UInt8>) -> (String, Int) {
    if chunk.count == 1, let byte = chunk.first, byte == UInt8(ascii: "\t") {
      return ("    ", 4)
    }
    let decoded = String(decoding: chunk, as: UTF8.self).unicodeScalars
    // A malformed sequence decodes to one or more U+FFFD; show exactly one.
    guard decoded.count == 1, let scalar = decoded.first else { return ("\u{FFFD}", 1) }
    // Raw control characters would move the terminal cursor and break the alignment.
    if scalar.properties.generalCategory == .control { return ("\u{FFFD}", 1) }
    return (String(Character(scalar)), displayWidth(of: scalar))
  }

  /// Columns a terminal uses for `scalar`.
  static func displayWidth(of scalar: Unicode.Scalar) -> Int {
    switch scalar.properties.generalCategory {
    case .nonspacingMark, .enclosingMark, .format: return 0
    default: break
    }
    if scalar.properties.isEmojiPresentation { return 2 }
    let v = scalar.value
    for range in wideRanges where range.contains(v) { return 2 }
    return 1
  }

  /// East Asian Wide (W) and Fullwidth (F) blocks, coarsely (the ranges wcwidth implementations use).
  private static let wideRanges: [ClosedRange<UInt32>] = [
    0x1100...0x115F,  // Hangul Jamo initial consonants
    0x2E80...0x303E,  // CJK radicals, Kangxi, CJK symbols and punctuation
    0x3041...0x33FF,  // Hiragana, Katakana, Bopomofo, Hangul compatibility, CJK compatibility
    0x3400...0x4DBF,  // CJK unified ideographs extension A
    0x4E00...0x9FFF,  // CJK unified ideographs
    0xA000...0xA4CF,  // Yi
    0xAC00...0xD7A3,  // Hangul syllables
    0xF900...0xFAFF,  // CJK compatibility ideographs
    0xFE30...0xFE4F,  // CJK compatibility forms
    0xFF00...0xFF60,  // Fullwidth forms
    0xFFE0...0xFFE6,  // Fullwidth signs
    0x20000...0x2FFFD,  // CJK extensions B-F
    0x30000...0x3FFFD,  // CJK extension G and later
  ]
}
