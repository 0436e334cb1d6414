import ScenarioDigests

/// Digests, encodings, UUIDs, check digits, and the hidden built-ins of the value functions that
/// draw or number rows (`uuid_v4`, `uuid_v7`, `pattern`, `unique_pattern`, `unique_int`, `unique_text`,
/// `words`, `sentence`, `paragraph`; see Checker+ValueFunctions.swift) (Docs/Values.md). The
/// digests work on the UTF-8 bytes of their text argument and are pinned by the standard test
/// vectors (FIPS 180-4, RFC 1321, RFC 4648, RFC 9562).
extension Semantics {
  /// Applies a digest or value-function built-in; nil when `f` is not one.
  static func valueFunctionCall(_ f: Builtin, _ args: [Value], textLimit: Int) throws(EvalError) -> Value? {
    switch f {
    case .sha256: return .text(withUTF8RawBuffer(text(args[0])) { OneShot.sha256Hex($0) })
    case .sha1: return .text(withUTF8RawBuffer(text(args[0])) { OneShot.sha1Hex($0) })
    case .md5: return .text(withUTF8RawBuffer(text(args[0])) { OneShot.md5Hex($0) })
    case .base64: return .text(Encodings.base64(Array(text(args[0]).utf8)))
    case .uuidV5:
      guard let namespace = uuidNamespace(text(args[0])) else {
        throw invalid(
          "the namespace of 'uuid_v5' must be a UUID or one of dns, url, oid, x500, found '\(text(args[0]))'")
      }
      return .text(uuidV5(namespace: namespace, name: text(args[1])))
    case .luhnDigit:
      let digits = try decimalDigits(text(args[0]), function: "luhn_digit")
      return .text(String(luhnCheckDigit(digits)))
    case .uuidV4Bits:
      guard case .int(let a) = args[0], case .int(let b) = args[1] else { return .null }
      return .text(uuidV4(UInt64(bitPattern: a), UInt64(bitPattern: b)))
    case .uuidV7Bits:
      guard case .int(let a) = args[1], case .int(let b) = args[2] else { return .null }
      let t: Int64
      switch args[0] {
      case .datetime(let s): t = s
      case .date(let d): t = d &* 86_400
      default: return .null
      }
      if t < 0 {
        throw invalid("'uuid_v7' needs an instant from 1970-01-01T00:00:00Z on (Unix time), found \(datetimeText(t))")
      }
      return .text(uuidV7(seconds: t, UInt64(bitPattern: a), UInt64(bitPattern: b)))
    case .patternDraw:
      guard case .int(let seed) = args[1] else { return .null }
      let pattern: Pattern
      do throws(Pattern.SyntaxError) {
        pattern = try PatternCache.shared.pattern(text(args[0]))
      } catch {
        throw invalid("invalid pattern: \(error.message)")
      }
      return .text(pattern.draw(seed: UInt64(bitPattern: seed)))
    case .loremWords, .loremSentence, .loremParagraph:
      guard case .int(let n) = args[0], case .int(let seed) = args[1] else { return .null }
      if n < 0 || n > LoremText.maxCount {
        throw invalid("'\(f == .loremParagraph ? "paragraph" : f == .loremWords ? "words" : "sentence")' writes 0 to \(LoremText.maxCount), found \(n)")
      }
      let s = UInt64(bitPattern: seed)
      let text =
        f == .loremWords ? LoremText.words(Int(n), seed: s)
        : f == .loremSentence ? LoremText.sentence(Int(n), seed: s) : LoremText.paragraph(Int(n), seed: s)
      return try bounded(text, textLimit)
    case .uniquePattern:
      guard case .int(let row) = args[1], case .int(let key) = args[2] else { return .null }
      let pattern: Pattern
      do throws(Pattern.SyntaxError) {
        pattern = try PatternCache.shared.pattern(text(args[0]))
      } catch {
        throw invalid("invalid pattern: \(error.message)")
      }
      guard let shape = pattern.fixedShape else { throw invalid("a unique pattern needs a fixed shape") }
      guard let text = uniquePatternText(shape, row: row, key: key) else {
        throw invalid("the pattern has \(Pattern.textCount(shape)) texts, and row \(row + 1) of the table needs one more")
      }
      return .text(text)
    case .uniqueInt:
      guard case .int(let row) = args[0], case .int(let low) = args[1], case .int(let high) = args[2],
        case .int(let key) = args[3]
      else { return .null }
      if low > high { throw invalid("the range of 'unique_int' is reversed: \(low) > \(high)") }
      let values = UInt64(bitPattern: high &- low) &+ 1  // 0 means all 2^64
      if values != 0, UInt64(row) >= values {
        throw invalid(
          "'unique_int(\(low), \(high))' has \(values) values, and row \(row + 1) of the table needs one more")
      }
      let offset = uniquePermutation(UInt64(row), count: values, key: UInt64(bitPattern: key))
      return .int(low &+ Int64(bitPattern: offset))
    case .uniqueText:
      guard case .int(let row) = args[1], case .int(let digits) = args[2], case .int(let key) = args[3] else {
        return .null
      }
      guard (1...18).contains(digits) else { throw invalid("'unique_text' takes 1 to 18 digits, found \(digits)") }
      let count = (0..<digits).reduce(UInt64(1)) { r, _ in r * 10 }
      if UInt64(row) >= count {
        throw invalid(
          "'unique_text' with \(digits) digit\(digits == 1 ? "" : "s") has \(count) suffixes, and row \(row + 1) of the table needs one more")
      }
      let number = String(uniquePermutation(UInt64(row), count: count, key: UInt64(bitPattern: key)))
      return try concat(text(args[0]), String(repeating: "0", count: Int(digits) - number.count) + number, limit: textLimit)
    case .mod97Digits:
      let check = try mod97CheckDigits(text(args[0]))
      return .text(check < 10 ? "0\(check)" : "\(check)")
    default: return nil
    }
  }

  /// The pattern of a pattern text, parsed (through the cache).
  public static func parsedPattern(_ source: String) throws(Pattern.SyntaxError) -> Pattern {
    try PatternCache.shared.pattern(source)
  }

  /// The plan of a unique pattern's text; nil when it is invalid or has no fixed shape.
  public static func uniquePlan(_ source: String) -> UniquePatternPlan? {
    (try? parsedPattern(source))?.fixedShape.map(UniquePatternPlan.init)
  }

  /// `unique_pattern`'s text for a row (0-based) under `key`; nil when the pattern has no text
  /// left for the row.
  public static func uniquePatternText(_ shape: [Pattern.CharacterSetView], row: Int64, key: Int64) -> String? {
    UniquePatternPlan(shape).text(row: row, key: key)
  }

  /// The namespaces of RFC 9562 Appendix A by name, or a UUID's bytes.
  static func uuidNamespace(_ text: String) -> [UInt8]? {
    switch text {
    case "dns": return NamedNamespaces.dns
    case "url": return NamedNamespaces.url
    case "oid": return NamedNamespaces.oid
    case "x500": return NamedNamespaces.x500
    default: return Encodings.uuidBytes(text)
    }
  }

  /// The bytes of the named namespaces, parsed once.
  enum NamedNamespaces {
    static let dns = Encodings.uuidBytes("6ba7b810-9dad-11d1-80b4-00c04fd430c8")!
    static let url = Encodings.uuidBytes("6ba7b811-9dad-11d1-80b4-00c04fd430c8")!
    static let oid = Encodings.uuidBytes("6ba7b812-9dad-11d1-80b4-00c04fd430c8")!
    static let x500 = Encodings.uuidBytes("6ba7b814-9dad-11d1-80b4-00c04fd430c8")!
  }

  /// RFC 9562 §5.5: SHA-1 of the namespace's bytes then the name's, the first 16 bytes, with the
  /// version (5) and the variant (10xx) set.
  public static func uuidV5(namespace: [UInt8], name: String) -> String {
    let (hi, lo) = namespace.withUnsafeBytes { ns in withUTF8RawBuffer(name) { uuidV5Words(ns, $0) } }
    return OneShot.uuidText(hi, lo)
  }

  /// `uuidV5`'s 36 bytes for a namespace's 16 bytes and a name's UTF-8, written at the start of
  /// `out`.
  public static func writeUUIDv5(_ namespace: UnsafeRawBufferPointer, _ name: UnsafeRawBufferPointer, _ out: UnsafeMutableBufferPointer<UInt8>) {
    let (hi, lo) = uuidV5Words(namespace, name)
    OneShot.writeUUID(hi, lo, out)
  }

  /// The two words of a version 5 UUID: the first 16 bytes of the SHA-1 of the namespace then
  /// the name, big-endian, with the version and the variant set.
  static func uuidV5Words(_ namespace: UnsafeRawBufferPointer, _ name: UnsafeRawBufferPointer) -> (UInt64, UInt64) {
    let h = OneShot.sha1(namespace, name)
    var hi = UInt64(h.0) << 32 | UInt64(h.1)
    var lo = UInt64(h.2) << 32 | UInt64(h.3)
    hi = hi & ~0xF000 | 0x5000  // byte 6: version 5 in its high nibble
    lo = lo & 0x3FFF_FFFF_FFFF_FFFF | 0x8000_0000_0000_0000  // byte 8: variant 10
    return (hi, lo)
  }

  /// The namespace bytes of a `uuid_v5` namespace text (a name or a UUID), if valid.
  public static func uuidV5Namespace(_ text: String) -> [UInt8]? { uuidNamespace(text) }

  /// The Base64 text of UTF-8 `bytes`, appended.
  public static func writeBase64(_ bytes: UnsafeBufferPointer<UInt8>, into out: inout TextArenaBuilder) {
    out.appendInPlace(Encodings.base64Length(bytes.count)) { Encodings.writeBase64(bytes, $0) }
  }

  /// The reference form of `uuidV5` (arrays of bytes), which the tests compare it with.
  static func uuidV5Reference(namespace: [UInt8], name: String) -> String {
    var bytes = Array(SHA1.digest(namespace + Array(name.utf8)).prefix(16))
    bytes[6] = bytes[6] & 0x0F | 0x50
    bytes[8] = bytes[8] & 0x3F | 0x80
    return Encodings.uuidText(bytes)
  }

  /// RFC 9562 §5.4: 122 random bits (60 from `a`, 62 from `b`, each a 63-bit draw) around the
  /// version (4) and the variant (10).
  public static func uuidV4(_ a: UInt64, _ b: UInt64) -> String {
    let (hi, lo) = uuidV4Words(a, b)
    return uuidText(hi, lo)
  }

  /// `uuidV4`'s 128 bits as two words.
  @inline(__always)
  public static func uuidV4Words(_ a: UInt64, _ b: UInt64) -> (UInt64, UInt64) {
    // hi: 48 random bits, version nibble, 12 random bits; lo: variant, 62 random bits.
    ((a >> 12 & 0xFFFF_FFFF_FFFF) << 16 | 0x4000 | (a & 0xFFF), 0x8000_0000_0000_0000 | (b & 0x3FFF_FFFF_FFFF_FFFF))
  }

  /// `uuidText`'s 36 bytes, written at the start of `out`.
  @inline(__always)
  public static func writeUUID(_ hi: UInt64, _ lo: UInt64, _ out: UnsafeMutableBufferPointer<UInt8>) {
    OneShot.writeUUID(hi, lo, out)
  }

  /// RFC 9562 §5.7: the Unix time of `seconds` in milliseconds (48 bits; the date-time has whole
  /// seconds, so the last three decimal digits are 0), the version (7), 12 random bits of `a`,
  /// the variant (10) and 62 random bits of `b`. UUIDs of later instants sort after earlier
  /// ones.
  public static func uuidV7(seconds: Int64, _ a: UInt64, _ b: UInt64) -> String {
    let (hi, lo) = uuidV7Words(seconds: seconds, a, b)
    return uuidText(hi, lo)
  }

  /// `uuidV7`'s two words.
  @inline(__always)
  public static func uuidV7Words(seconds: Int64, _ a: UInt64, _ b: UInt64) -> (UInt64, UInt64) {
    let ms = UInt64(bitPattern: seconds &* 1000) & 0xFFFF_FFFF_FFFF
    return (ms << 16 | 0x7000 | (a & 0xFFF), 0x8000_0000_0000_0000 | (b & 0x3FFF_FFFF_FFFF_FFFF))
  }

  static func uuidText(_ hi: UInt64, _ lo: UInt64) -> String { OneShot.uuidText(hi, lo) }

  /// The reference form of `uuidText` (arrays of bytes), which the tests compare it with.
  static func uuidTextReference(_ hi: UInt64, _ lo: UInt64) -> String {
    var bytes: [UInt8] = []
    for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: hi >> UInt64(shift))) }
    for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: lo >> UInt64(shift))) }
    return Encodings.uuidText(bytes)
  }

  /// A keyed bijection of `0 ..< count` (`count` 0 meaning 2^64): a balanced Feistel network
  /// on the smallest even number of bits that holds `count` (six rounds, SplitMix64's finaliser
  /// as the round function), with cycle walking: values at or past `count` are encrypted again
  /// until they fall inside, which keeps the map a bijection of `0 ..< count`. At most 4 times
  /// `count` values are walked through, so the expected number of rounds per value is below 4.
  /// O(1) memory and independent of the order rows are computed in.
  public static func uniquePermutation(_ x: UInt64, count: UInt64, key: UInt64) -> UInt64 {
    var bits = count == 0 ? 64 : 64 - (count - 1).leadingZeroBitCount
    bits = max(2, bits + bits % 2)
    let half = UInt64(bits / 2)
    let mask: UInt64 = half == 32 ? 0xFFFF_FFFF : (1 << half) - 1
    func encrypt(_ v: UInt64) -> UInt64 {
      var left = v >> half
      var right = v & mask
      for round in 0..<6 {
        var z = right &+ key &+ UInt64(round) &* 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        (left, right) = (right, left ^ (z & mask))
      }
      return left << half | right
    }
    var y = encrypt(x)
    if count != 0 { while y >= count { y = encrypt(y) } }
    return y
  }

  /// The digits of a text of decimal digits only (at least one).
  static func decimalDigits(_ s: String, function: String) throws(EvalError) -> [Int] {
    var digits: [Int] = []
    for b in s.utf8 {
      guard b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") else {
        throw invalid("'\(function)' needs a text of decimal digits, found '\(s)'")
      }
      digits.append(Int(b - UInt8(ascii: "0")))
    }
    if digits.isEmpty { throw invalid("'\(function)' needs at least one digit") }
    return digits
  }

  /// The Luhn check digit to append to `digits` (ISO/IEC 7812-1, Annex B): doubling every second
  /// digit from the right of the final number.
  static func luhnCheckDigit(_ digits: [Int]) -> Int {
    digits.withUnsafeBufferPointer { d in luhnCheckDigit(count: d.count) { d[$0] } }
  }

  /// The Luhn check digit of UTF-8 decimal digits; nil when `bytes` is empty or holds anything
  /// else (the `String` form reports it).
  public static func luhnCheckDigit(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
    guard !bytes.isEmpty, bytes.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
    return luhnCheckDigit(count: bytes.count) { Int(bytes[$0] - 0x30) }
  }

  /// The Luhn check digit of `count` digits, `digit(i)` the i-th from the left.
  @inline(__always)
  static func luhnCheckDigit(count: Int, _ digit: (Int) -> Int) -> Int {
    var sum = 0
    for k in 0..<count {
      let d = digit(count - 1 - k)
      if k % 2 == 0 {
        let doubled = d * 2
        sum += doubled > 9 ? doubled - 9 : doubled
      } else {
        sum += d
      }
    }
    return (10 - sum % 10) % 10
  }

  /// ISO 7064 MOD 97-10 check digits of `s` (digits, and letters A-Z as 10-35, as IBANs are
  /// checked): 98 minus the number `s` followed by 00, modulo 97. Appended to `s`, they make the
  /// whole number 1 modulo 97.
  static func mod97CheckDigits(_ s: String) throws(EvalError) -> Int {
    if s.isEmpty { throw invalid("'mod97_digits' needs at least one digit or letter") }
    guard let check = withUTF8Buffer(s, mod97CheckDigits) else {
      throw invalid("'mod97_digits' needs digits and capital letters A-Z, found '\(s)'")
    }
    return check
  }

  /// The same of UTF-8 `bytes`; nil when they are empty or hold anything but 0-9 and A-Z (the
  /// `String` form reports which).
  public static func mod97CheckDigits(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
    guard !bytes.isEmpty else { return nil }
    // The number's value modulo 97, reduced every eight characters: from a remainder below 97,
    // eight steps of at most two digits stay below 97 * 10^16, far inside 64 bits.
    var remainder = 0
    var steps = 0
    for b in bytes {
      let value: Int
      switch b {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): value = Int(b - UInt8(ascii: "0"))
      case UInt8(ascii: "A")...UInt8(ascii: "Z"): value = Int(b - UInt8(ascii: "A")) + 10
      default: return nil
      }
      remainder = remainder * (value < 10 ? 10 : 100) + value
      steps += 1
      if steps == 8 {
        remainder %= 97
        steps = 0
      }
    }
    return 98 - (remainder % 97 * 100) % 97
  }
}
