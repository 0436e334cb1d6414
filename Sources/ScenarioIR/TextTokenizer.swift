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

  /// `counts` of a text of ASCII bytes; nil when a byte is not ASCII. One step per byte without
  /// a branch on its kind: a byte is in a word when it is a word byte, or an apostrophe inside
  /// a word before a word byte; a word starts at a byte in a word after one that is not; the
  /// last terminator of a run ends a sentence when the text ends or white space follows it.
  static func asciiCounts(_ p: UnsafeBufferPointer<UInt8>) -> Counts? {
    let n = p.count
    guard n > 0, let base = p.baseAddress else { return Counts() }
    var all: UInt8 = 0
    var words = 0
    var letters = 0
    var sentences = 0
    var inWord = 0  // 1 when the byte before is in a word
    var hasWord = 0  // 1 when the sentence so far has a word
    return asciiKinds.withUnsafeBufferPointer { kind in
      var current = base[0]
      for i in 0..<n {
        let last = i + 1 == n
        let next = last ? 0 : base[i + 1]
        all |= current
        let k = Int(kind[Int(current)])
        let nextKind = Int(last ? 0 : kind[Int(next)])
        let word = (k & 1) | ((k >> 3) & inWord & nextKind)
        words &+= word & ~inWord & 1
        letters &+= word
        hasWord |= word
        inWord = word
        // A terminator (kind 2) before white space (kind 4) or the end, not before another.
        if k & 2 != 0, last || nextKind & 4 != 0 {
          sentences &+= hasWord
          hasWord = 0
        }
        current = next
      }
      if all >= 0x80 { return nil }
      return Counts(words: words, sentences: sentences &+ hasWord, wordCodePoints: letters)
    }
  }

  /// The kind of each ASCII byte for `asciiCounts`: 1 a word byte (0-9, A-Z, a-z), 2 a
  /// terminator (`.` `!` `?`), 4 white space (U+0009 to U+000D, U+0020), 8 the apostrophe; 0
  /// any other byte, and every byte of 0x80 or more.
  static let asciiKinds: [UInt8] = (0..<256).map { v in
    let b = UInt8(v)
    if b >= 0x80 { return 0 }
    if isASCIIWord(b) { return 1 }
    if isASCIITerminator(b) { return 2 }
    if isASCIIWhitespace(b) { return 4 }
    return b == 0x27 ? 8 : 0
  }

  /// `distinctWords` of a text of ASCII bytes; nil when a byte is not ASCII. The words'
  /// lowercase bytes are compared in an open-addressing hash table of their byte ranges, in one
  /// pass over the words.
  static func asciiDistinctWords(_ p: UnsafeBufferPointer<UInt8>) -> Int? {
    let n = p.count
    // Lower-case bytes, then eight zero bytes, so that a word's hash reads whole words; the OR
    // of all bytes tells whether every one is ASCII.
    return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: n + 8) { lower in
      var all: UInt8 = 0
      for k in 0..<n {
        let b = p[k]
        all |= b
        lower[k] = (b &- 0x41) < 26 ? b | 0x20 : b
      }
      if all >= 0x80 { return nil }
      for k in n..<(n + 8) { lower[k] = 0 }
      // Every word but the last is followed by a byte that is not in it, so there are at most
      // (n + 1) / 2 words: a table of n + 1 slots or more is at most half full.
      var capacity = 8
      while capacity < n + 1 { capacity <<= 1 }
      let mask = capacity - 1
      let raw = UnsafeRawPointer(lower.baseAddress!)
      let text = UnsafeBufferPointer(rebasing: lower[0..<n])
      // The eight bytes at `at`, those past `left` zeroed.
      @inline(__always) func load(_ at: Int, _ left: Int) -> UInt64 {
        let w = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt64.self))
        return left < 8 ? w & ((1 << UInt64(8 * left)) &- 1) : w
      }
      return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: capacity) { table in
        // A slot holds a word's (start + 1) << 32 | length; 0 is empty.
        table.initialize(repeating: 0)
        var distinct = 0
        var i = 0
        while i < n {
          guard isASCIIWord(lower[i]) else {
            i += 1
            continue
          }
          let start = i
          i = asciiWordEnd(text, from: i)
          let length = i - start
          // Eight bytes at a time, the last word cut to the word's length.
          var h = UInt64(length) &* 0x9E37_79B9_7F4A_7C15
          var k = start
          while k < i {
            h = (h ^ load(k, i - k)) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 31
            k += 8
          }
          let entry = UInt64(start + 1) << 32 | UInt64(length)
          var slot = Int(truncatingIfNeeded: h ^ (h >> 32)) & mask
          probing: while true {
            let found = table[slot]
            if found == 0 {
              table[slot] = entry
              distinct += 1
              break
            }
            if found & 0xFFFF_FFFF == UInt64(length) {
              let other = Int(found >> 32) - 1
              var d = 0
              while d < length {
                if load(other + d, length - d) != load(start + d, length - d) { break }
                d += 8
              }
              if d >= length { break probing }
            }
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
