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
  }

  public var isEmpty: Bool { entries.isEmpty }

  /// The entry whose prefix and length fit the national significant number `digits` (the
  /// longest prefix), to format it.
  public func entry(for digits: String) -> Entry? {
    var best: Entry? = nil
    for e in entries where e.length == digits.utf8.count && digits.hasPrefix(e.prefix) {
      if best == nil || e.prefix.utf8.count > best!.prefix.utf8.count { best = e }
    }
    return best
  }

  /// `digits` (a national significant number) written in an entry's national format.
  public static func national(_ digits: String, _ template: String) -> String {
    var out = ""
    var next = digits.unicodeScalars.makeIterator()
    for c in template.unicodeScalars {
      if c == "#" {
        if let d = next.next() { out.unicodeScalars.append(d) }
      } else {
        out.unicodeScalars.append(c)
      }
    }
    return out
  }
}
