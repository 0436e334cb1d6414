/// The valid numbers of one type (mobile or fixed line) of a country's numbering plan, as
/// entries: a prefix of the national significant number, the number's length, and its national
/// format. Every completion of a prefix to its length is a valid number (the build script
/// checks this against `phonenumbers`); an entry weighs as many numbers as it covers.
public struct PhonePlan: Sendable {
  public struct Entry: Sendable {
    /// The leading digits of the national significant number.
    public let prefix: String
    /// The number of digits of the national significant number.
    public let length: Int
    /// The national format: `#` stands for each digit of the national significant number, in
    /// order; every other character is written as it is (`0### #######`).
    public let template: String
  }

  public let entries: [Entry]
  public let table: WeightedTable
  /// The entries by length and prefix (`key(length, prefix)`), to format a number in a few
  /// lookups.
  let byPrefix: [UInt64: Int]
  /// The longest prefix.
  let longestPrefix: Int

  init(_ rows: [[String]]) {
    var entries: [Entry] = []
    var weights: [(String, UInt64)] = []
    for f in rows where f.count >= 5 {
      guard let length = Int(f[2]), length >= f[1].count else { continue }
      entries.append(Entry(prefix: f[1], length: length, template: f[3]))
      weights.append((f[1], UInt64(f[4]) ?? 1))
    }
    self.entries = entries
    table = WeightedTable(weights)
    var byPrefix: [UInt64: Int] = [:]
    for (i, e) in entries.enumerated() {
      let k = Self.key(e.length, Array(e.prefix.utf8)[...])
      if byPrefix[k] == nil { byPrefix[k] = i }
    }
    self.byPrefix = byPrefix
    longestPrefix = entries.map(\.prefix.utf8.count).max() ?? 0
  }

  public var isEmpty: Bool { entries.isEmpty }

  /// The entry whose prefix and length fit the national significant number `digits` (the
  /// longest prefix), to format it.
  public func entry(for digits: String) -> Entry? { entry(for: Array(digits.utf8)[...]) }

  /// `entry(for:)` of the digits' UTF-8 bytes.
  public func entry(for bytes: ArraySlice<UInt8>) -> Entry? {
    guard bytes.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
    let start = bytes.startIndex
    var k = min(bytes.count, longestPrefix)
    while k >= 0 {
      if let i = byPrefix[Self.key(bytes.count, bytes[start..<start + k])] { return entries[i] }
      k -= 1
    }
    return nil
  }

  /// A number's length and a prefix of its digits as one key: the length, the prefix's length,
  /// and the prefix's value (at most 18 digits; a longer prefix never matches a shorter one).
  static func key(_ length: Int, _ prefix: ArraySlice<UInt8>) -> UInt64 {
    var value: UInt64 = 0
    for d in prefix.prefix(18) { value = value &* 10 &+ UInt64(d &- 0x30) }
    return UInt64(length & 0xFF) << 56 | UInt64(prefix.count & 0xFF) << 48 | (value & 0xFFFF_FFFF_FFFF)
  }

  /// `digits` (a national significant number) written in an entry's national format.
  public static func national(_ digits: String, _ template: String) -> String {
    national(Array(digits.utf8)[...], template)
  }

  /// `national(_:_:)` of the digits' UTF-8 bytes.
  public static func national(_ digits: ArraySlice<UInt8>, _ template: String) -> String {
    var out: [UInt8] = []
    out.reserveCapacity(template.utf8.count)
    var next = digits.startIndex
    for c in template.utf8 {
      if c == UInt8(ascii: "#") {
        if next < digits.endIndex {
          out.append(digits[next])
          next += 1
        }
      } else {
        out.append(c)
      }
    }
    return String(decoding: out, as: UTF8.self)
  }
}
