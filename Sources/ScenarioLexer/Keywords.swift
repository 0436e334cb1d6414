/// Reserved words. A keyword can never be used as a column, table or parameter name.
public enum Keyword: String, Sendable, CaseIterable {
  case scenario, seed, now, param, `let`, mode, table, persona, rest, key
  case each, per, `in`, `where`, weighted, by, pick, choice, match
  case null, `true`, `false`, and, or, not, `is`, clamp, truncate, expect, implies, correlate

  /// Looks a word up; nil if it is an ordinary identifier.
  static func lookup(_ bytes: ArraySlice<UInt8>) -> Keyword? {
    // Keywords are short ASCII words; building the String only for candidates keeps this cheap.
    guard bytes.count >= 2, bytes.count <= 9 else { return nil }  // "correlate" is the longest
    return Keyword(rawValue: String(decoding: bytes, as: UTF8.self))
  }
}
