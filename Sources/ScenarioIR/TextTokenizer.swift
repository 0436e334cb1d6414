import Foundation

/// The one tokenizer behind `word_count`, `sentence_count`, `distinct_word_count` and
/// `mean_word_length` (Docs/Values.md, "Words and sentences"). It works on Unicode code points,
/// so that an independent reader can recompute every count from the written text:
///
/// - a **word character** is a code point whose General_Category is a letter (L*), a mark (M*)
///   or a number (N*);
/// - a **word** is a maximal run of word characters, where an apostrophe (U+0027 or U+2019)
///   between two word characters belongs to the word (`don't` is one word, `rock 'n' roll` three);
/// - a word's **length** is its number of code points, apostrophes included;
/// - a **sentence** ends after a run of `.`, `!`, `?` or `…` that is followed by white space
///   (the Unicode White_Space property) or by the end of the text, and after each of `。`, `！`
///   and `？`; a sentence counts only if it holds a word, and text after the last terminator is
///   a sentence too (`"Hi there"` is one sentence, `"3.14 is pi."` one);
/// - two words are the **same word** when their lowercase forms (Unicode full case mapping) are
///   equal.
public enum TextTokenizer {
  /// The counts of one text.
  public struct Counts: Equatable, Sendable {
    public var words = 0
    public var sentences = 0
    /// The total length of the words, in code points.
    public var wordCodePoints = 0
  }

  /// Whether a code point is a word character: a letter, a mark or a number.
  @inline(__always)
  public static func isWordCharacter(_ s: Unicode.Scalar) -> Bool {
    if s.value < 0x80 {
      let v = s.value
      return (v >= 0x30 && v <= 0x39) || (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A)
    }
    switch s.properties.generalCategory {
    case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
      .nonspacingMark, .spacingMark, .enclosingMark,
      .decimalNumber, .letterNumber, .otherNumber:
      return true
    default:
      return false
    }
  }

  @inline(__always)
  static func isApostrophe(_ s: Unicode.Scalar) -> Bool { s.value == 0x27 || s.value == 0x2019 }

  /// Terminators that end a sentence only before white space or the end of the text.
  @inline(__always)
  static func isSpacedTerminator(_ s: Unicode.Scalar) -> Bool {
    s.value == 0x2E || s.value == 0x21 || s.value == 0x3F || s.value == 0x2026
  }

  /// Terminators that end a sentence wherever they stand (CJK full stops and marks).
  @inline(__always)
  static func isFullWidthTerminator(_ s: Unicode.Scalar) -> Bool {
    s.value == 0x3002 || s.value == 0xFF01 || s.value == 0xFF1F
  }

  /// The end of the word that starts at `start` (a word character): past its word characters
  /// and the apostrophes between two of them.
  static func wordEnd(_ scalars: [Unicode.Scalar], from start: Int) -> Int {
    var i = start + 1
    let n = scalars.count
    while i < n {
      if isWordCharacter(scalars[i]) {
        i += 1
      } else if isApostrophe(scalars[i]), i + 1 < n, isWordCharacter(scalars[i + 1]) {
        i += 2
      } else {
        break
      }
    }
    return i
  }

  /// The words of a text, in order, as code point ranges into `scalars`.
  public static func wordRanges(_ scalars: [Unicode.Scalar]) -> [Range<Int>] {
    var ranges: [Range<Int>] = []
    var i = 0
    let n = scalars.count
    while i < n {
      guard isWordCharacter(scalars[i]) else {
        i += 1
        continue
      }
      let start = i
      i = wordEnd(scalars, from: i)
      ranges.append(start..<i)
    }
    return ranges
  }

  /// Words, sentences and the words' total length, in one pass.
  public static func counts(_ text: String) -> Counts {
    if let c = withUTF8Buffer(text, asciiCounts) { return c }
    return scalarCounts(text)
  }

  /// The number of distinct words, comparing lowercase forms.
  public static func distinctWords(_ text: String) -> Int {
    if let n = withUTF8Buffer(text, asciiDistinctWords) { return n }
    return scalarDistinctWords(text)
  }

  // MARK: ASCII fast paths

  // For a text of ASCII only, the definitions above reduce to bytes: the word characters are
  // 0-9, A-Z and a-z; the apostrophe is U+0027 (U+2019 is not ASCII); the terminators are `.`,
  // `!` and `?` (`…` and the full-width ones are not ASCII); the White_Space code points are
  // U+0009 to U+000D and U+0020; and the full lowercase mapping maps A-Z to a-z and keeps every
  // other code point. The fast paths return nil as soon as they meet a byte of 0x80 or more,
  // and the scalar paths then count the text; the tests compare both on many texts.

  @inline(__always)
  static func isASCIIWord(_ b: UInt8) -> Bool {
    (b &- 0x30) < 10 || ((b | 0x20) &- 0x61) < 26
  }

  @inline(__always)
  static func isASCIITerminator(_ b: UInt8) -> Bool { b == 0x2E || b == 0x21 || b == 0x3F }

  @inline(__always)
  static func isASCIIWhitespace(_ b: UInt8) -> Bool { b == 0x20 || (b &- 0x09) < 5 }

  /// The end of the ASCII word that starts at `start`.
  @inline(__always)
  static func asciiWordEnd(_ p: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
    var i = start + 1
    let n = p.count
    while i < n {
      let c = p[i]
      if isASCIIWord(c) {
        i += 1
      } else if c == 0x27, i + 1 < n, isASCIIWord(p[i + 1]) {
        i += 2
      } else {
        break
      }
    }
    return i
  }

  /// `counts` of a text of ASCII bytes; nil when a byte is not ASCII.
  static func asciiCounts(_ p: UnsafeBufferPointer<UInt8>) -> Counts? {
    var counts = Counts()
    var sentenceHasWord = false
    var i = 0
    let n = p.count
    while i < n {
      let b = p[i]
      if b >= 0x80 { return nil }
      if isASCIIWord(b) {
        let start = i
        i = asciiWordEnd(p, from: i)
        counts.words += 1
        counts.wordCodePoints += i - start
        sentenceHasWord = true
        continue
      }
      if isASCIITerminator(b) {
        var j = i + 1
        while j < n, isASCIITerminator(p[j]) { j += 1 }
        if j == n || isASCIIWhitespace(p[j]) {
          if sentenceHasWord { counts.sentences += 1 }
          sentenceHasWord = false
        }
        // A byte of 0x80 or more at `j` is met by the loop, which gives up.
        i = j
        continue
      }
      i += 1
    }
    if sentenceHasWord { counts.sentences += 1 }
    return counts
  }

  /// `distinctWords` of a text of ASCII bytes; nil when a byte is not ASCII. The words'
  /// lowercase bytes are compared in an open-addressing hash table of their byte ranges.
  static func asciiDistinctWords(_ p: UnsafeBufferPointer<UInt8>) -> Int? {
    let n = p.count
    // First pass: ASCII only, and the number of words (which sizes the table).
    var words = 0
    var i = 0
    while i < n {
      let b = p[i]
      if b >= 0x80 { return nil }
      if isASCIIWord(b) {
        i = asciiWordEnd(p, from: i)
        words += 1
      } else {
        i += 1
      }
    }
    if words <= 1 { return words }
    var capacity = 8
    while capacity < 2 * words { capacity <<= 1 }
    let mask = capacity - 1
    // Lower-case bytes, then eight zero bytes, so that a word's hash reads whole words.
    return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: n + 8) { lower in
      for k in 0..<n {
        let b = p[k]
        lower[k] = (b &- 0x41) < 26 ? b | 0x20 : b
      }
      for k in n..<(n + 8) { lower[k] = 0 }
      let raw = UnsafeRawPointer(lower.baseAddress!)
      return withUnsafeTemporaryAllocation(of: Int.self, capacity: 2 * capacity) { table in
        // table[2 * slot] is a word's start + 1 (0: empty), table[2 * slot + 1] its length.
        for k in 0..<(2 * capacity) { table[k] = 0 }
        var distinct = 0
        var i = 0
        while i < n {
          guard isASCIIWord(lower[i]) else {
            i += 1
            continue
          }
          let start = i
          i = asciiWordEnd(UnsafeBufferPointer(lower), from: i)
          let length = i - start
          // Eight bytes at a time, the last word cut to the word's length.
          var h = UInt64(length) &* 0x9E37_79B9_7F4A_7C15
          var k = start
          while k < i {
            var w = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: k, as: UInt64.self))
            let left = i - k
            if left < 8 { w &= (1 << UInt64(8 * left)) &- 1 }
            h = (h ^ w) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 31
            k += 8
          }
          var slot = Int(truncatingIfNeeded: h ^ (h >> 32)) & mask
          while true {
            let at = table[2 * slot]
            if at == 0 {
              table[2 * slot] = start + 1
              table[2 * slot + 1] = length
              distinct += 1
              break
            }
            if table[2 * slot + 1] == length && memcmp(raw + (at - 1), raw + start, length) == 0 { break }
            slot = (slot + 1) & mask
          }
        }
        return distinct
      }
    }
  }

  // MARK: Scalar paths (any text)

  /// Words, sentences and the words' total length, in one pass over the code points.
  static func scalarCounts(_ text: String) -> Counts {
    let scalars = Array(text.unicodeScalars)
    var counts = Counts()
    var sentenceHasWord = false
    var i = 0
    let n = scalars.count
    while i < n {
      let s = scalars[i]
      if isWordCharacter(s) {
        let start = i
        i = wordEnd(scalars, from: i)
        counts.words += 1
        counts.wordCodePoints += i - start
        sentenceHasWord = true
        continue
      }
      if isFullWidthTerminator(s) {
        if sentenceHasWord { counts.sentences += 1 }
        sentenceHasWord = false
        i += 1
        continue
      }
      if isSpacedTerminator(s) {
        var j = i + 1
        while j < n, isSpacedTerminator(scalars[j]) { j += 1 }
        if j == n || scalars[j].properties.isWhitespace {
          if sentenceHasWord { counts.sentences += 1 }
          sentenceHasWord = false
        }
        i = j
        continue
      }
      i += 1
    }
    if sentenceHasWord { counts.sentences += 1 }
    return counts
  }

  /// The number of distinct words, comparing lowercase forms, over the code points.
  static func scalarDistinctWords(_ text: String) -> Int {
    let scalars = Array(text.unicodeScalars)
    var seen = Set<String>()
    for range in wordRanges(scalars) {
      var word = String.UnicodeScalarView()
      word.append(contentsOf: scalars[range])
      seen.insert(String(word).lowercased())
    }
    return seen.count
  }
}
