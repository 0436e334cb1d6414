import ScenarioDigests

/// Text functions on UTF-8 bytes, for the column-wise engine's texts held as bytes
/// (`TextArena`): the digests, the counts and padding, with the same results as the `String`
/// forms in `Semantics+Text` and `Semantics+ValueFunctions` (which call these where they can,
/// so that each rule is written once).
extension Semantics {
  /// Appends digest function `f` (`sha256`, `sha1`, `md5`) of `bytes` as lowercase hex; false
  /// (nothing appended) for any other function.
  public static func writeDigest(_ f: Builtin, _ bytes: UnsafeBufferPointer<UInt8>, into out: inout TextArenaBuilder) -> Bool {
    let raw = UnsafeRawBufferPointer(bytes)
    switch f {
    case .sha256: out.appendInPlace(64) { OneShot.writeSHA256Hex(raw, $0) }
    case .sha1: out.appendInPlace(40) { OneShot.writeSHA1Hex(raw, $0) }
    case .md5: out.appendInPlace(32) { OneShot.writeMD5Hex(raw, $0) }
    default: return false
    }
    return true
  }

  /// The code points of UTF-8 `bytes` (`length`).
  @inline(__always)
  public static func codePointCount(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
    var count = 0
    for b in bytes where b & 0xC0 != 0x80 { count += 1 }
    return count
  }

  /// `length`, `word_count`, `sentence_count` or `distinct_word_count` of UTF-8 `bytes`; nil for
  /// any other function.
  public static func textCount(_ f: Builtin, _ bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
    switch f {
    case .length: return Int64(codePointCount(bytes))
    case .wordCount: return Int64(tokenCounts(bytes).words)
    case .sentenceCount: return Int64(tokenCounts(bytes).sentences)
    case .distinctWordCount:
      return Int64(TextTokenizer.asciiDistinctWords(bytes) ?? TextTokenizer.scalarDistinctWords(String(decoding: bytes, as: UTF8.self)))
    default: return nil
    }
  }

  /// `mean_word_length` of UTF-8 `bytes`.
  public static func meanWordLength(_ bytes: UnsafeBufferPointer<UInt8>) -> Double {
    meanWordLength(tokenCounts(bytes))
  }

  /// `mean_word_length` of a text with these counts.
  public static func meanWordLength(_ c: TextTokenizer.Counts) -> Double {
    c.words == 0 ? 0 : Double(c.wordCodePoints) / Double(c.words)
  }

  /// The words, sentences and word lengths of UTF-8 `bytes` (Docs/Values.md, "Tokenizer").
  public static func tokenCounts(_ bytes: UnsafeBufferPointer<UInt8>) -> TextTokenizer.Counts {
    TextTokenizer.asciiCounts(bytes) ?? TextTokenizer.scalarCounts(String(decoding: bytes, as: UTF8.self))
  }

  /// `pad_left` (`left`) or `pad_right` of `s` to `width` code points with `fill` (non-empty
  /// UTF-8, repeated, its first code points completing the width), appended; false (nothing
  /// appended) when the text would pass `limit` bytes. `width` is not negative.
  public static func writePadded(
    _ s: UnsafeBufferPointer<UInt8>, width: Int64, fill: UnsafeBufferPointer<UInt8>, left: Bool, limit: Int,
    into out: inout TextArenaBuilder
  ) -> Bool {
    let length = codePointCount(s)
    guard width > length else {
      guard s.count <= limit else { return false }
      out.append(s)
      return true
    }
    // The fill's code points: its first byte, then each byte that starts a code point.
    var fillCodePoints = 1
    for i in fill.indices.dropFirst() where fill[i] & 0xC0 != 0x80 { fillCodePoints += 1 }
    let missing = Int(clamping: width) - length
    let whole = missing / fillCodePoints
    let rest = missing % fillCodePoints
    // The bytes of the fill's first `rest` code points.
    var restBytes = 0
    if rest > 0 {
      var seen = 0
      for i in fill.indices.dropFirst() where fill[i] & 0xC0 != 0x80 {
        seen += 1
        if seen == rest {
          restBytes = i
          break
        }
      }
    }
    let (repeated, overflow) = fill.count.multipliedReportingOverflow(by: whole)
    guard !overflow, s.count &+ repeated &+ restBytes <= limit else { return false }
    if !left { out.append(s) }
    if fill.count == 1 {
      // One byte (`"0"`, `" "`): the run at once.
      out.appendInPlace(whole) { $0.initialize(repeating: fill[0]) }
    } else {
      for _ in 0..<whole { out.append(fill) }
    }
    out.append(UnsafeBufferPointer(rebasing: fill[0..<restBytes]))
    if left { out.append(s) }
    return true
  }

  /// `contains`, `starts_with`, `ends_with`, `index_of` or `count_of` of UTF-8 `h` and `n`
  /// (code points compared exactly, so bytes compared exactly); nil for any other function.
  public static func textSearch(_ f: Builtin, _ h: UnsafeBufferPointer<UInt8>, _ n: UnsafeBufferPointer<UInt8>) -> Value? {
    switch f {
    case .contains: return .bool(firstIndex(of: n, in: h, from: 0) != nil)
    case .startsWith, .endsWith:
      guard n.count <= h.count else { return .bool(false) }
      let offset = f == .endsWith ? h.count - n.count : 0
      for k in 0..<n.count where h[offset + k] != n[k] { return .bool(false) }
      return .bool(true)
    case .indexOf:
      guard let byte = firstIndex(of: n, in: h, from: 0) else { return .int(0) }
      return .int(Int64(codePointCount(UnsafeBufferPointer(rebasing: h[0..<byte]))) + 1)
    case .countOf:
      guard !n.isEmpty else { return .int(0) }
      var found = 0
      var from = 0
      while let i = firstIndex(of: n, in: h, from: from) {
        found += 1
        from = i + n.count
      }
      return .int(Int64(found))
    default: return nil
    }
  }

  /// `upper` (`toUpper`) or `lower` of UTF-8 `s`, appended: ASCII byte by byte, other texts by
  /// the full Unicode mapping; false (nothing appended) past `limit` bytes.
  public static func writeCase(_ s: UnsafeBufferPointer<UInt8>, toUpper: Bool, limit: Int, into out: inout TextArenaBuilder) -> Bool {
    var ascii = true
    for b in s where b >= 0x80 {
      ascii = false
      break
    }
    if ascii {
      guard s.count <= limit else { return false }
      out.appendInPlace(s.count) { o in
        for i in 0..<s.count {
          let b = s[i]
          o[i] = toUpper ? (b >= 0x61 && b <= 0x7A ? b - 0x20 : b) : (b >= 0x41 && b <= 0x5A ? b + 0x20 : b)
        }
      }
      return true
    }
    let text = String(decoding: s, as: UTF8.self)
    let mapped = toUpper ? text.uppercased() : text.lowercased()
    guard mapped.utf8.count <= limit else { return false }
    out.append(mapped)
    return true
  }

  /// `trim` of UTF-8 `s`, appended: ASCII White_Space (U+0009 to U+000D, U+0020) byte by byte,
  /// other texts by their code points' White_Space property.
  public static func writeTrimmed(_ s: UnsafeBufferPointer<UInt8>, into out: inout TextArenaBuilder) {
    var ascii = true
    for b in s where b >= 0x80 {
      ascii = false
      break
    }
    guard ascii else {
      out.append(trim(String(decoding: s, as: UTF8.self)))
      return
    }
    func space(_ b: UInt8) -> Bool { b == 0x20 || (b >= 0x09 && b <= 0x0D) }
    var start = 0
    var end = s.count
    while start < end && space(s[start]) { start += 1 }
    while end > start && space(s[end - 1]) { end -= 1 }
    out.append(UnsafeBufferPointer(rebasing: s[start..<end]))
  }
}
