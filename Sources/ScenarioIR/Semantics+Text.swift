import Foundation

/// The text built-ins (Docs/Values.md). A character is a Unicode code point, as in PostgreSQL's
/// and SQLite's `length`, so a text of `length(s) <= n` fits a `VARCHAR(n)`; searching compares
/// code points exactly (no normalisation, no case folding). Positions count from 1, as in SQL.
/// Every function that can grow text checks the result against the text budget before it is
/// built (R0709).
extension Semantics {
  /// Applies a text built-in; nil when `f` is not one.
  static func textCall(_ f: Builtin, _ args: [Value], textLimit: Int) throws(EvalError) -> Value? {
    switch f {
    case .length: return .int(Int64(codePointCount(text(args[0]))))
    case .lower: return try bounded(text(args[0]).lowercased(), textLimit)
    case .upper: return try bounded(text(args[0]).uppercased(), textLimit)
    case .trim: return .text(trim(text(args[0])))
    case .substring:
      let s = text(args[0])
      guard case .int(let start) = args[1] else { return .null }
      if start < 1 { throw invalid("the start of 'substring' counts from 1, found \(start)") }
      var count = Int64.max
      if args.count > 2 {
        guard case .int(let c) = args[2] else { return .null }
        if c < 0 { throw invalid("the length of 'substring' must not be negative, found \(c)") }
        count = c
      }
      return .text(substring(s, start: start, count: count))
    case .contains, .startsWith, .endsWith, .indexOf, .countOf:
      return withUTF8Buffer(text(args[0])) { h in withUTF8Buffer(text(args[1])) { n in textSearch(f, h, n) } }
    case .replace: return try replace(text(args[0]), text(args[1]), text(args[2]), limit: textLimit)
    case .repeat:
      guard case .int(let n) = args[1] else { return .null }
      if n < 0 { throw invalid("'repeat' needs a count of at least 0, found \(n)") }
      let s = text(args[0])
      let (bytes, overflow) = s.utf8.count.multipliedReportingOverflow(by: Int(n))
      if overflow || bytes > textLimit { throw textTooLong(overflow ? Int.max : bytes, limit: textLimit) }
      return .text(String(repeating: s, count: Int(n)))
    case .join:
      let separator = text(args[0])
      let parts = args.dropFirst().filter { !$0.isNull }.map { text($0) }
      let bytes = parts.reduce(0) { $0 + $1.utf8.count } + separator.utf8.count * max(0, parts.count - 1)
      if bytes > textLimit { throw textTooLong(bytes, limit: textLimit) }
      return .text(parts.joined(separator: separator))
    case .padLeft, .padRight:
      guard case .int(let width) = args[1] else { return .null }
      let fill = args.count > 2 ? text(args[2]) : " "
      return try pad(text(args[0]), width: width, fill: fill, left: f == .padLeft, limit: textLimit)
    case .wordCount: return .int(Int64(TextTokenizer.counts(text(args[0])).words))
    case .sentenceCount: return .int(Int64(TextTokenizer.counts(text(args[0])).sentences))
    case .distinctWordCount: return .int(Int64(TextTokenizer.distinctWords(text(args[0]))))
    case .meanWordLength:
      let c = TextTokenizer.counts(text(args[0]))
      return .float(c.words == 0 ? 0 : Double(c.wordCodePoints) / Double(c.words))
    case .formatNumber:
      guard case .int(let decimals) = args[1] else { return .null }
      let separator = args.count > 2 ? text(args[2]) : ""
      return .text(try formatNumber(args[0], decimals: decimals, separator: separator))
    default: return nil
    }
  }

  /// The most decimals `format_number` writes.
  public static let maxFormatDecimals: Int64 = 20

  static func invalid(_ message: String) -> EvalError { EvalError(message, code: .runtimeInvalidParameter) }

  static func bounded(_ s: String, _ limit: Int) throws(EvalError) -> Value {
    let n = s.utf8.count
    if n > limit { throw textTooLong(n, limit: limit) }
    return .text(s)
  }

  /// The code points of White_Space removed from both ends.
  public static func trim(_ s: String) -> String {
    let scalars = s.unicodeScalars
    guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
    let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
    return String(scalars[first...last])
  }

  /// `count` code points from the 1-based position `start` (fewer at the end of the text).
  static func substring(_ s: String, start: Int64, count: Int64) -> String {
    withUTF8Buffer(s) { b in
      let r = substringRange(b, start: start, count: count)
      return String(decoding: UnsafeBufferPointer(rebasing: b[r]), as: UTF8.self)
    }
  }

  /// The bytes of `substring(s, start, count)` within UTF-8 `s` (`start` counts code points from
  /// 1, and is at least 1; `count` code points, not negative): empty when `s` is shorter.
  public static func substringRange(_ s: UnsafeBufferPointer<UInt8>, start: Int64, count: Int64) -> Range<Int> {
    // Code points begin at every byte that is not a continuation byte (10xxxxxx).
    func skip(_ points: Int64, from: Int) -> (Int, Int64) {
      var i = from
      var left = points
      while left > 0 && i < s.count {
        i += 1
        while i < s.count && s[i] & 0xC0 == 0x80 { i += 1 }
        left -= 1
      }
      return (i, left)
    }
    let (from, missing) = skip(start - 1, from: 0)
    guard missing == 0 else { return s.count..<s.count }
    return from..<skip(count, from: from).0
  }

  /// The byte offset of the first occurrence of `needle` in `haystack` (0 for an empty needle).
  /// A match of valid UTF-8 always starts on a code point, so bytes compare like code points.
  static func firstIndex(of needle: String, in haystack: String) -> Int? {
    withUTF8Buffer(needle) { n in withUTF8Buffer(haystack) { h in firstIndex(of: n, in: h, from: 0) } }
  }

  static func firstIndex(of n: UnsafeBufferPointer<UInt8>, in h: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
    if n.isEmpty { return from <= h.count ? from : nil }
    guard from >= 0, n.count <= h.count - from, let hb = h.baseAddress, let nb = n.baseAddress else { return nil }
    let first = Int32(n[0])
    var i = from
    let last = h.count - n.count
    while i <= last {
      // The next place the first byte occurs (memchr scans many bytes at a time), then the rest.
      guard let found = memchr(hb + i, first, last - i + 1) else { return nil }
      i = UnsafeRawPointer(found) - UnsafeRawPointer(hb)
      if n.count == 1 || memcmp(hb + i + 1, nb + 1, n.count - 1) == 0 { return i }
      i += 1
    }
    return nil
  }

  /// The number of non-overlapping occurrences of `needle`, left to right (none for an empty
  /// needle).
  static func occurrenceCount(of needle: String, in haystack: String) -> Int {
    withUTF8Buffer(haystack) { h in withUTF8Buffer(needle) { n in
      if case .int(let found)? = textSearch(.countOf, h, n) { return Int(found) }
      return 0
    } }
  }

  /// Whether the bytes of `s` start (or end) with those of `affix`.
  static func hasAffix(_ s: String, _ affix: String, atEnd: Bool) -> Bool {
    withUTF8Buffer(s) { h in withUTF8Buffer(affix) { a in textSearch(atEnd ? .endsWith : .startsWith, h, a) == .bool(true) } }
  }

  /// The number of code points of `s`: its bytes that do not continue a code point (Swift
  /// strings are valid UTF-8, where every code point has exactly one such byte).
  static func codePointCount(_ s: String) -> Int { withUTF8Buffer(s) { codePointCount($0) } }

  /// Every non-overlapping occurrence of `from`, left to right, replaced by `to`; an empty
  /// `from` changes nothing (as PostgreSQL's `replace`).
  static func replace(_ s: String, _ from: String, _ to: String, limit: Int) throws(EvalError) -> Value {
    let found = occurrenceCount(of: from, in: s)
    guard found > 0 else { return .text(s) }
    var out = TextArenaBuilder(rows: 1, bytesPerRow: s.utf8.count + 16)
    defer { out.discard() }
    let bytes = withUTF8Buffer(s) { h in
      withUTF8Buffer(from) { f in withUTF8Buffer(to) { t in writeReplaced(h, f, t, limit: limit, into: &out) } }
    }
    if bytes > limit { throw textTooLong(bytes, limit: limit) }
    return .text(out.pendingText())
  }

  /// `replace` on UTF-8: appends `s` with each occurrence of `from` (left to right, not
  /// overlapping; none for an empty `from`) replaced by `to`, and returns the result's byte
  /// count; appends nothing when that count passes `limit` (a text with no occurrence is
  /// itself, whatever its length).
  @discardableResult
  public static func writeReplaced(
    _ s: UnsafeBufferPointer<UInt8>, _ from: UnsafeBufferPointer<UInt8>, _ to: UnsafeBufferPointer<UInt8>, limit: Int,
    into out: inout TextArenaBuilder
  ) -> Int {
    var found = 0
    if case .int(let n)? = textSearch(.countOf, s, from) { found = Int(n) }
    guard found > 0 else {
      out.append(s)
      return s.count
    }
    let bytes = s.count + found * (to.count - from.count)
    guard bytes <= limit else { return bytes }
    var at = 0
    while let i = firstIndex(of: from, in: s, from: at) {
      out.append(UnsafeBufferPointer(rebasing: s[at..<i]))
      out.append(to)
      at = i + from.count
    }
    out.append(UnsafeBufferPointer(rebasing: s[at...]))
    return bytes
  }

  /// `s` filled to `width` code points with `fill` repeated (and cut) on the left or the right;
  /// a text already `width` long or longer is unchanged.
  static func pad(
    _ s: String, width: Int64, fill: String, left: Bool, limit: Int
  ) throws(EvalError) -> Value {
    if width < 0 { throw invalid("the width of '\(left ? "pad_left" : "pad_right")' must not be negative, found \(width)") }
    let length = s.unicodeScalars.count
    guard width > length else { return .text(s) }
    let fillScalars = Array(fill.unicodeScalars)
    if fillScalars.isEmpty { throw invalid("the fill of '\(left ? "pad_left" : "pad_right")' is empty") }
    let missing = Int(clamping: width) - length
    let whole = missing / fillScalars.count
    let rest = missing % fillScalars.count
    let restBytes = fillScalars.prefix(rest).reduce(0) { $0 + UTF8.width($1) }
    let (repeated, overflow) = fill.utf8.count.multipliedReportingOverflow(by: whole)
    let bytes = overflow ? Int.max : s.utf8.count &+ repeated &+ restBytes
    if overflow || bytes > limit { throw textTooLong(bytes, limit: limit) }
    // The padding itself: `writePadded`, which the column-wise engine calls on bytes.
    var out = TextArenaBuilder(rows: 1, bytesPerRow: bytes)
    defer { out.discard() }
    withUTF8Buffer(s) { sb in withUTF8Buffer(fill) { fb in _ = writePadded(sb, width: width, fill: fb, left: left, limit: limit, into: &out) } }
    return .text(out.pendingText())
  }

  /// A number with `decimals` decimals (as `printf("%.*f")` rounds a float, exactly for an
  /// integer) and `separator` between groups of three digits of the integer part.
  public static func formatNumber(_ v: Value, decimals: Int64, separator: String) throws(EvalError) -> String {
    guard decimals >= 0, decimals <= maxFormatDecimals else {
      throw invalid("'format_number' writes 0 to \(maxFormatDecimals) decimals, found \(decimals)")
    }
    let digits: String
    switch v {
    case .int(let i):
      digits = String(i) + (decimals > 0 ? "." + String(repeating: "0", count: Int(decimals)) : "")
    case .float(let x):
      guard x.isFinite else {
        throw EvalError(
          "'format_number' cannot write \(x.isNaN ? "NaN (not a number)" : x < 0 ? "negative infinity" : "infinity")",
          code: .runtimeNotFinite)
      }
      digits = fixed(x, decimals: Int(decimals))
    default:
      return text(v)
    }
    guard !separator.isEmpty else { return digits }
    return grouped(digits, separator: separator)
  }
}
