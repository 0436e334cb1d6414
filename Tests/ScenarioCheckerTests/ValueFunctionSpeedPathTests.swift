import Foundation
import Testing

@testable import ScenarioIR

/// The fast paths of the value functions against their general (reference) forms, so that a
/// fast path that diverged on any input would be caught: the ASCII tokenizer against the
/// code-point tokenizer, the byte-built generated text against the joined strings, the
/// integer `%.*f` against `String(format:)`, the byte searches against array searches, and the
/// one-shot UUIDs against the byte-array ones.
@Suite("Value function speed paths")
struct ValueFunctionSpeedPathTests {
  /// A deterministic generator (PCG-like LCG).
  struct Gen {
    var x: UInt64
    init(_ seed: UInt64) { x = seed &* 0x9E37_79B9_7F4A_7C15 &+ 0x1234_5678 }
    mutating func next() -> UInt64 {
      x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      var z = x
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
  }

  /// Pieces texts are made of: ASCII of every class the tokenizer knows, and non-ASCII letters,
  /// marks, numbers, apostrophes, terminators and spaces.
  static let asciiPieces: [String] = [
    "a", "Z", "q", "0", "9", "'", "''", ".", "!", "?", "...", " ", "  ", "\t", "\n", "\r", "\u{0B}", "\u{0C}",
    "\u{1C}", "\u{1F}", "-", ",", "_", "@", "`", "[", "{", "~", "\u{7F}", "\u{00}", "don't", "Rock", "ROCK",
    "rock", "x1", "X1", "3.14", "e.g.", "Hi", "hi", "HI", "abc'def", "'n'",
  ]
  static let unicodePieces: [String] = [
    "é", "É", "e\u{301}", "\u{301}", "Straße", "STRASSE", "ß", "ǅ", "İ", "ı", "Σ", "σ", "ς", "東京", "。",
    "！", "？", "…", "\u{2019}", "don\u{2019}t", "\u{A0}", "\u{3000}", "\u{2028}", "\u{85}", "👍🏽", "🇫🇷",
    "٣", "Ⅻ", "½", "ﬁ", "ﬃ", "Ω", "K",
  ]

  static func text(_ g: inout Gen, pieces: [String], count: Int) -> String {
    var s = ""
    for _ in 0..<count { s += pieces[g.below(pieces.count)] }
    return s
  }

  static var asciiTexts: [String] {
    var g = Gen(1)
    var out = ["", " ", "   ", "\t\n", ".", "'", "a", "a'", "'a", "a'b", "a''b", "a.b", "a. b", "a.", "a!?", "A a",
      "a A a", "Hi there", "3.14 is pi.", "rock 'n' roll",
      // Words of eight bytes or more that agree on their first eight or sixteen bytes.
      "abcdefgh abcdefghi ABCDEFGHI abcdefghj ABCDEFGH", "abcdefghijklmnopq ABCDEFGHIJKLMNOPQ abcdefghijklmnopr",
      "Abcdefghijklmnop abcdefghijklmnoP abcdefghijklmno'p"]
    for b in 0..<128 { out.append(String(UnicodeScalar(UInt8(b)))) }
    for b in 0..<128 { out.append("x" + String(UnicodeScalar(UInt8(b))) + "y. ") }
    for _ in 0..<3000 { out.append(text(&g, pieces: asciiPieces, count: g.below(30))) }
    for n in 0..<200 { out.append(LoremText.sentence(n % 15, seed: UInt64(n))) }
    return out
  }

  static var unicodeTexts: [String] {
    var g = Gen(2)
    var out = unicodePieces
    for _ in 0..<3000 { out.append(text(&g, pieces: asciiPieces + unicodePieces, count: g.below(30))) }
    return out
  }

  @Test("the ASCII tokenizer gives the code-point tokenizer's counts, and gives way on non-ASCII")
  func tokenizer() {
    for s in Self.asciiTexts {
      let fast = withUTF8Buffer(s, TextTokenizer.asciiCounts)
      #expect(fast == TextTokenizer.scalarCounts(s), "\(s.debugDescription)")
      let distinct = withUTF8Buffer(s, TextTokenizer.asciiDistinctWords)
      #expect(distinct == TextTokenizer.scalarDistinctWords(s), "\(s.debugDescription)")
      #expect(TextTokenizer.counts(s) == TextTokenizer.scalarCounts(s))
      #expect(TextTokenizer.distinctWords(s) == TextTokenizer.scalarDistinctWords(s))
    }
    for s in Self.unicodeTexts {
      if s.utf8.contains(where: { $0 >= 0x80 }) {
        #expect(withUTF8Buffer(s, TextTokenizer.asciiCounts) == nil, "\(s.debugDescription)")
        #expect(withUTF8Buffer(s, TextTokenizer.asciiDistinctWords) == nil, "\(s.debugDescription)")
      }
      #expect(TextTokenizer.counts(s) == TextTokenizer.scalarCounts(s))
      #expect(TextTokenizer.distinctWords(s) == TextTokenizer.scalarDistinctWords(s))
    }
    // Many words (the hash table grows), with repeats in every case.
    var g = Gen(3)
    for _ in 0..<20 {
      let words = (0..<g.below(3000)).map { _ in ["a", "A", "b", "ab", "AB", "don't", "x9", "9x", "LongWords", "longwordsx"][g.below(10)] + String(g.below(50)) }
      let s = words.joined(separator: g.below(2) == 0 ? " " : ". ")
      #expect(TextTokenizer.distinctWords(s) == TextTokenizer.scalarDistinctWords(s))
      #expect(TextTokenizer.counts(s) == TextTokenizer.scalarCounts(s))
    }
    // Many words of one length that agree on their first eight bytes, so that some meet in the
    // table and are told apart by their later bytes (or found equal whatever their case).
    for _ in 0..<300 {
      let words = (0..<300).map { _ in (g.below(2) == 0 ? "abcdefgh" : "ABCDEFGH") + String(10 + g.below(90)) }
      let s = words.joined(separator: " ")
      #expect(withUTF8Buffer(s, TextTokenizer.asciiDistinctWords) == TextTokenizer.scalarDistinctWords(s))
    }
  }

  @Test("words, sentence and paragraph equal the joined strings")
  func lorem() {
    for seed: UInt64 in [0, 1, 2, 3, 42, 99, 12345, .max, .max - 1] {
      for n in 0...40 {
        #expect(LoremText.words(n, seed: seed) == LoremText.referenceWords(n, seed: seed))
        #expect(LoremText.sentence(n, seed: seed) == LoremText.referenceSentence(n, seed: seed))
        #expect(LoremText.paragraph(n, seed: seed) == LoremText.referenceParagraph(n, seed: seed))
      }
    }
    var g = Gen(4)
    for _ in 0..<2000 {
      let seed = g.next()
      let n = g.below(20)
      #expect(LoremText.words(n, seed: seed) == LoremText.referenceWords(n, seed: seed))
      #expect(LoremText.sentence(n, seed: seed) == LoremText.referenceSentence(n, seed: seed))
      #expect(LoremText.paragraph(n, seed: seed) == LoremText.referenceParagraph(n, seed: seed))
    }
    #expect(LoremText.paragraph(500, seed: 7) == LoremText.referenceParagraph(500, seed: 7))
    #expect(LoremText.words(5000, seed: 7) == LoremText.referenceWords(5000, seed: 7))
  }

  @Test("the arena writer of words, sentence and paragraph appends the strings' bytes, within its limit")
  func loremArena() {
    var g = Gen(6)
    var cases: [(kind: Int, n: Int, seed: UInt64)] = []
    for kind in 0..<3 {
      for n in 0...30 { cases.append((kind, n, g.next())) }
      for _ in 0..<700 { cases.append((kind, g.below(40), g.next())) }
      cases.append((kind, kind == 2 ? 400 : 3000, g.next()))
    }
    for (kind, n, seed) in cases {
      let expected = kind == 0
        ? LoremText.words(n, seed: seed) : kind == 1 ? LoremText.sentence(n, seed: seed) : LoremText.paragraph(n, seed: seed)
      let length = expected.utf8.count
      var out = TextArenaBuilder(rows: 4, bytesPerRow: 1)
      out.append(Array("<".utf8))
      // Over the limit by one byte: nothing appended.
      if length > 0 {
        #expect(!LoremText.append(kind: kind, n, seed: seed, limit: length - 1, into: &out))
        #expect(out.pendingLength == 1)
      }
      #expect(LoremText.append(kind: kind, n, seed: seed, limit: length, into: &out))
      out.append(Array(">".utf8))
      out.endRow()
      #expect(LoremText.appendTwoPass(kind: kind, n, seed: seed, limit: length, into: &out))
      out.endRow()
      let arena = out.finish()
      #expect(arena.text(0) == "<" + expected + ">")
      #expect(arena.text(1) == expected)
    }
  }

  /// Doubles of every kind `format_number` meets: random bit patterns, short decimals, money
  /// amounts, exact ties of every position, integers near the 64-bit edges, tiny and huge.
  static var doubles: [Double] {
    var g = Gen(5)
    var out: [Double] = [0, -0.0, 0.5, 1.5, 2.5, -0.5, -2.5, 0.125, 0.375, -0.001, 0.001, 1e-300, -1e-300,
      .leastNonzeroMagnitude, .leastNormalMagnitude, .greatestFiniteMagnitude, -.greatestFiniteMagnitude,
      9.5, 10.5, 0.045, 1.005, 2.675, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22, 123456789.125,
      4503599627370495.5, 9007199254740993, 18446744073709551615.0, 9223372036854775807.0, 0.1, 0.2, 0.3]
    for _ in 0..<20000 { out.append(Double(bitPattern: g.next())) }
    for _ in 0..<20000 {
      // Short decimals and money amounts.
      let digits = g.below(12)
      let scale = Double(g.below(10))
      var x = Double(g.next() % (UInt64(1) << UInt64(g.below(53) + 1))) / pow(10, scale)
      if digits % 2 == 0 { x = -x }
      out.append(x)
    }
    for _ in 0..<20000 {
      // Exact binary fractions: ties at many decimal positions.
      let m = Double(g.next() % (UInt64(1) << UInt64(g.below(40) + 1)))
      let x = m / pow(2, Double(g.below(70)))
      out.append(g.below(2) == 0 ? x : -x)
    }
    for _ in 0..<5000 {
      // Lognormal-like amounts, as the benchmark draws.
      let u = Double(g.next() >> 11) * 0x1.0p-53
      out.append(exp(4 + 3 * (u - 0.5) * 4))
    }
    return out.filter(\.isFinite)
  }

  @Test("the integer %.*f equals String(format:) for every decimal count")
  func fixed() {
    var fast = 0
    for x in Self.doubles {
      for d in 0...20 {
        let reference = String(format: "%.*f", Int32(d), x)
        if let s = Semantics.fixedDigits(x, decimals: d) {
          fast += 1
          #expect(s == reference, "\(x) with \(d) decimals")
        }
        #expect(Semantics.fixed(x, decimals: d) == reference)
      }
    }
    #expect(fast > 100_000)  // the fast path is taken for most values
    // The widest texts the fast form writes (negative, the scaled value near 2^64) fit its bound.
    var widest = 0
    for d in 0...19 {
      var x = -Double(UInt64.max) / pow(10, Double(d))
      for _ in 0..<200 {
        x = x.nextUp
        if let s = Semantics.fixedDigits(x, decimals: d) {
          #expect(s.utf8.count <= Semantics.fixedBound && s.utf8.count >= Semantics.fixedBound - 1, "\(x), \(d)")
          #expect(s == String(format: "%.*f", Int32(d), x))
          widest += 1
          break
        }
      }
    }
    #expect(widest == 20, "a value near 2^64 for every decimal count")
  }

  @Test("digit grouping equals the character-wise grouping")
  func grouping() {
    var texts = ["0", "-0", "1", "12", "123", "1234", "-1234", "12345.678", "-0.00", "1000000", "-999999.5",
      "123456789012345678901234567890.25", "", "-", ".5", "-.5"]
    for x in Self.doubles.prefix(3000) {
      texts.append(String(format: "%.*f", Int32(2), x))
      texts.append(String(format: "%.*f", Int32(0), x))
    }
    for i: Int64 in [0, 1, -1, 999, 1000, -1000, .max, .min] { texts.append(String(i)) }
    for s in texts {
      for sep in [",", ".", " ", "'", "\u{202F}", "\u{A0}", "::", "東", "👍🏽"] {
        #expect(Semantics.grouped(s, separator: sep) == Semantics.groupedReference(s, separator: sep), "\(s) \(sep)")
      }
    }
  }

  /// Array-based forms of the searches.
  static func firstIndexReference(_ n: [UInt8], _ h: [UInt8], from: Int) -> Int? {
    if n.isEmpty { return from <= h.count ? from : nil }
    guard n.count <= h.count - from else { return nil }
    var i = from
    while i <= h.count - n.count {
      if Array(h[i..<(i + n.count)]) == n { return i }
      i += 1
    }
    return nil
  }

  static func occurrencesReference(_ n: [UInt8], _ h: [UInt8]) -> [Int] {
    guard !n.isEmpty else { return [] }
    var found: [Int] = []
    var from = 0
    while let i = firstIndexReference(n, h, from: from) {
      found.append(i)
      from = i + n.count
    }
    return found
  }

  @Test("the byte searches and replace equal the array searches")
  func searches() throws {
    var g = Gen(6)
    let pieces = ["a", "b", "ab", "aa", "é", "e\u{301}", "東", "👍🏽", " ", "."]
    for _ in 0..<4000 {
      let h = Self.text(&g, pieces: pieces, count: g.below(12))
      let n = Self.text(&g, pieces: pieces, count: g.below(3))
      let to = Self.text(&g, pieces: pieces, count: g.below(3))
      let hb = Array(h.utf8)
      let nb = Array(n.utf8)
      #expect(Semantics.firstIndex(of: n, in: h) == Self.firstIndexReference(nb, hb, from: 0))
      let found = Self.occurrencesReference(nb, hb)
      #expect(Semantics.occurrenceCount(of: n, in: h) == found.count)
      #expect(Semantics.hasAffix(h, n, atEnd: false) == h.utf8.starts(with: n.utf8))
      #expect(Semantics.hasAffix(h, n, atEnd: true) == h.utf8.reversed().starts(with: n.utf8.reversed()))
      // replace, against the array splice
      var out: [UInt8] = []
      var at = 0
      for i in found {
        out.append(contentsOf: hb[at..<i])
        out.append(contentsOf: to.utf8)
        at = i + nb.count
      }
      out.append(contentsOf: hb[at...])
      let expected = found.isEmpty ? h : String(decoding: out, as: UTF8.self)
      #expect(try Semantics.replace(h, n, to, limit: 1 << 20) == .text(expected), "\(h) \(n) \(to)")
    }
  }

  @Test("the byte count of code points equals the scalar count")
  func codePoints() {
    for s in Self.asciiTexts + Self.unicodeTexts {
      #expect(Semantics.codePointCount(s) == s.unicodeScalars.count, "\(s.debugDescription)")
    }
  }

  @Test("uuid_v5 and the UUID text equal the byte-array forms")
  func uuids() {
    var g = Gen(7)
    for ns in ["dns", "url", "oid", "x500", "6ba7b810-9dad-11d1-80b4-00c04fd430c8", "FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF"] {
      let namespace = Semantics.uuidNamespace(ns)!
      for _ in 0..<300 {
        let name = Self.text(&g, pieces: Self.asciiPieces + Self.unicodePieces, count: g.below(40))
        #expect(Semantics.uuidV5(namespace: namespace, name: name) == Semantics.uuidV5Reference(namespace: namespace, name: name))
      }
    }
    for _ in 0..<3000 {
      let a = g.next()
      let b = g.next()
      #expect(Semantics.uuidText(a, b) == Semantics.uuidTextReference(a, b))
    }
  }

  @Test("unique_pattern's byte-built texts equal the scalar-built ones")
  func uniquePatternTexts() throws {
    var g = Gen(8)
    var tested = 0
    for source in [#"[A-Z]{3}\d{4}"#, "[A-Z]{3}-[0-9]{4}", "[a-zé東]{3}", "x[0-9a-f]{8}", "[😀-😃]{2}[ä-ö]", "ab", "[Ωπ]{5}", "[ -~]{4}"] {
      guard let pattern = try? Pattern.parse(source), let shape = pattern.fixedShape else { continue }
      tested += 1
      let plan = UniquePatternPlan(shape)
      #expect(plan.texts == Pattern.textCount(shape))
      let count = plan.texts == 0 ? UInt64.max : plan.texts
      for k in [0, 1, 2, count / 2, count - 1] + (0..<500).map({ _ in g.next() % count }) {
        #expect(plan.text(number: k) == Pattern.text(shape, number: k), "\(source) \(k)")
      }
      for row: Int64 in [0, 1, 2, 3, 100] {
        let key = Int64(bitPattern: g.next() >> 1)
        if UInt64(row) < count {
          let number = Semantics.uniquePermutation(UInt64(row), count: plan.texts, key: UInt64(bitPattern: key))
          #expect(plan.text(row: row, key: key) == Pattern.text(shape, number: number))
        } else {
          #expect(plan.text(row: row, key: key) == nil)
        }
        // The arena form: the same bytes, or nothing appended when no text is left.
        var out = TextArenaBuilder(rows: 1)
        out.append(Array("<".utf8))
        let appended = plan.append(row: row, key: key, into: &out)
        out.endRow()
        let expected = plan.text(row: row, key: key)
        #expect(appended == (expected != nil))
        #expect(out.finish().text(0) == "<" + (expected ?? ""), "\(source) row \(row)")
      }
    }
    #expect(tested >= 6)
  }
}
