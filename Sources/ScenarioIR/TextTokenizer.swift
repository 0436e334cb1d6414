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

  /// The number of distinct words, comparing lowercase forms.
  public static func distinctWords(_ text: String) -> Int {
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
