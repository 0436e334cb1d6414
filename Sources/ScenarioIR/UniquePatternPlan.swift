/// `unique_pattern`'s texts of one fixed-shape pattern, with the positions' sizes computed once:
/// text number `k` has, at each position, the member whose index is that position's digit of
/// `k` in mixed radix (the last position varies fastest), as `Pattern.text(_:number:)` writes
/// it; the text is written as UTF-8 bytes directly. The tests compare the two.
public struct UniquePatternPlan: Sendable {
  let shape: [Pattern.CharacterSetView]
  let radices: [UInt64]
  /// The number of texts, 0 for 2^64 or more.
  public let texts: UInt64

  public init(_ shape: [Pattern.CharacterSetView]) {
    self.shape = shape
    radices = shape.map(\.count)
    texts = Pattern.textCount(shape)
  }

  /// The text of the 0-based `row` under `key`; nil when the pattern has no text left for it.
  public func text(row: Int64, key: Int64) -> String? {
    if texts != 0, UInt64(bitPattern: row) >= texts { return nil }
    return text(number: Semantics.uniquePermutation(UInt64(bitPattern: row), count: texts, key: UInt64(bitPattern: key)))
  }

  /// Text number `index`.
  public func text(number index: UInt64) -> String {
    makeText(capacity: 4 * shape.count) { write(number: index, to: $0.baseAddress!) }
  }

  /// Appends the text of the 0-based `row` under `key` to the row being built; false (nothing
  /// appended) when the pattern has no text left for it.
  public func append(row: Int64, key: Int64, into out: inout TextArenaBuilder) -> Bool {
    if texts != 0, UInt64(bitPattern: row) >= texts { return false }
    let number = Semantics.uniquePermutation(UInt64(bitPattern: row), count: texts, key: UInt64(bitPattern: key))
    out.appendInPlace(upTo: 4 * shape.count) { write(number: number, to: $0) }
    return true
  }

  /// Writes text number `index` as UTF-8 at `out` (room for 4 bytes a position) and returns
  /// its byte count: its digits in the positions' radices, the last position the least
  /// significant, each digit the member of its position's set.
  func write(number index: UInt64, to out: UnsafeMutablePointer<UInt8>) -> Int {
    let n = shape.count
    guard n > 0 else { return 0 }
    return withUnsafeTemporaryAllocation(of: UInt32.self, capacity: n) { scalars in
      var rest = index
      radices.withUnsafeBufferPointer { radix in
        for i in stride(from: n - 1, through: 0, by: -1) {
          scalars[i] = shape[i].member(rest % radix[i]).value
          rest /= radix[i]
        }
      }
      var at = 0
      for v in scalars {
        if v < 0x80 {
          out[at] = UInt8(v)
          at += 1
        } else if v < 0x800 {
          out[at] = UInt8(0xC0 | v >> 6)
          out[at + 1] = UInt8(0x80 | v & 0x3F)
          at += 2
        } else if v < 0x10000 {
          out[at] = UInt8(0xE0 | v >> 12)
          out[at + 1] = UInt8(0x80 | v >> 6 & 0x3F)
          out[at + 2] = UInt8(0x80 | v & 0x3F)
          at += 3
        } else {
          out[at] = UInt8(0xF0 | v >> 18)
          out[at + 1] = UInt8(0x80 | v >> 12 & 0x3F)
          out[at + 2] = UInt8(0x80 | v >> 6 & 0x3F)
          out[at + 3] = UInt8(0x80 | v & 0x3F)
          at += 4
        }
      }
      return at
    }
  }
}
