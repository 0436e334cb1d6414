/// The valid numbers of one type (mobile or fixed line) of a country's numbering plan, as
/// entries: a prefix of the national significant number, the number's length, and its national
/// format. Every completion of a prefix to its length is a valid number (the build script
/// checks this against `phonenumbers`); an entry weighs as many numbers as it covers.
public struct PhonePlan: @unchecked Sendable {
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
  /// The longest prefix.
  let longestPrefix: Int

  /// The entries' prefixes and national formats as UTF-8, and their lengths, in
  /// process-lifetime storage (the column-wise engine reads them per row on every thread).
  public let prefixBytes: ByteList
  public let templateBytes: ByteList
  public let lengths: UnsafeBufferPointer<Int>
  /// The prefixes as a digit trie: node `n`'s child for digit `d` is `trie[n * 10 + d]` (0 for
  /// none; node 0 is the root, the empty prefix), and the entries whose prefix ends at node `n`
  /// are `matches[matchStart[n] ..< matchStart[n + 1]]`, in entry order.
  private let trie: UnsafeBufferPointer<Int32>
  private let matchStart: UnsafeBufferPointer<Int32>
  private let matches: UnsafeBufferPointer<Int32>

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
    longestPrefix = entries.map(\.prefix.utf8.count).max() ?? 0
    prefixBytes = ByteList(entries.map(\.prefix))
    templateBytes = ByteList(entries.map(\.template))
    lengths = Immortal.buffer(entries.map(\.length))
    var trie = [Int32](repeating: 0, count: 10)
    var ending: [[Int32]] = [[]]
    for (i, e) in entries.enumerated() where e.prefix.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
      var node = 0
      for d in e.prefix.utf8 {
        let slot = node * 10 + Int(d &- 0x30)
        if trie[slot] == 0 {
          trie[slot] = Int32(ending.count)
          ending.append([])
          trie.append(contentsOf: repeatElement(0, count: 10))
        }
        node = Int(trie[slot])
      }
      ending[node].append(Int32(i))
    }
    var starts: [Int32] = [0]
    for list in ending { starts.append(starts.last! + Int32(list.count)) }
    self.trie = Immortal.buffer(trie)
    matchStart = Immortal.buffer(starts)
    matches = Immortal.buffer(ending.flatMap { $0 })
  }

  /// The index of `entry(for:)`'s entry for the national significant number `nsn` (UTF-8
  /// digits), found through the trie without allocating: the longest prefix, then the first
  /// entry of the number's length.
  @inline(__always)
  public func entryIndex(_ nsn: UnsafeBufferPointer<UInt8>) -> Int? {
    for b in nsn where b < 0x30 || b > 0x39 { return nil }
    var node = 0
    var best: Int? = match(node, nsn.count)
    var depth = 0
    while depth < nsn.count && depth < longestPrefix {
      node = Int(trie[node * 10 + Int(nsn[depth] &- 0x30)])
      if node == 0 { break }
      if let m = match(node, nsn.count) { best = m }
      depth += 1
    }
    return best
  }

  /// The first entry ending at trie node `node` whose numbers have `length` digits.
  @inline(__always)
  private func match(_ node: Int, _ length: Int) -> Int? {
    for k in Int(matchStart[node])..<Int(matchStart[node + 1]) where lengths[Int(matches[k])] == length {
      return Int(matches[k])
    }
    return nil
  }

  public var isEmpty: Bool { entries.isEmpty }

  /// The entry whose prefix and length fit the national significant number `digits` (the
  /// longest prefix), to format it.
  public func entry(for digits: String) -> Entry? {
    var digits = digits
    return digits.withUTF8 { entryIndex($0) }.map { entries[$0] }
  }
}
