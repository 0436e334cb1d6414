import Testing

@testable import ScenarioRandom

/// Stream-key derivation and `CellRNG` layout: values are pure functions of (key, row, sub, draw
/// order) and nothing else (research/statistics.md §1.4, §4.1).
@Suite struct DeterminismTests {
  static let key = StreamKey.derive(seed: 42, ["t", "c", "value"])

  static func words(_ key: StreamKey, row: UInt64, sub: UInt32 = 0, count: Int = 8) -> [UInt64] {
    var rng = CellRNG(key: key, row: row, sub: sub)
    return (0..<count).map { _ in rng.nextUInt64() }
  }

  @Test func derivationIsLengthPrefixed() {
    let ab = StreamKey.derive(seed: 1, ["ab", "c"])
    let bc = StreamKey.derive(seed: 1, ["a", "bc"])
    let joined = StreamKey.derive(seed: 1, ["abc"])
    #expect(ab != bc)
    #expect(ab != joined && bc != joined)
    #expect(StreamKey.derive(seed: 1, []) != StreamKey.derive(seed: 1, [""]))
  }

  @Test func derivationDependsOnSeedAndEveryPart() {
    let base = StreamKey.derive(seed: 42, ["t", "c", "value"])
    #expect(base == StreamKey.derive(seed: 42, ["t", "c", "value"]))
    #expect(base != StreamKey.derive(seed: 43, ["t", "c", "value"]))
    #expect(base != StreamKey.derive(seed: 42, ["t", "c", "null"]))
    #expect(base != StreamKey.derive(seed: 42, ["t", "d", "value"]))
    #expect(base != StreamKey.derive(seed: 42, ["u", "c", "value"]))
  }

  /// The derivation message is "rng-v1" + varint(len) + utf8 per part; check it byte by byte
  /// against a hand-built message, including a two-byte varint (length 200).
  @Test func derivationMessageLayout() {
    let long = String(repeating: "x", count: 200)
    var message = Array("rng-v1".utf8)
    message += [1] + Array("t".utf8)
    message += [0xc8, 0x01] + Array(long.utf8)
    message += [2] + Array("é".utf8)  // two UTF-8 bytes
    let expected = sipHash24(key: (7, 0x7363_656e_6172_696f), message: message)
    #expect(StreamKey.derive(seed: 7, ["t", long, "é"]).bits == expected)
  }

  @Test func keyWordsSplitTheHash() {
    let key = StreamKey(bits: 0x0123_4567_89ab_cdef)
    #expect(key.lo == 0x89ab_cdef && key.hi == 0x0123_4567)
    #expect(key.bits == 0x0123_4567_89ab_cdef)
    #expect(key.description == "StreamKey(0x0123456789abcdef)")
    #expect(StreamKey(bits: 5).description == "StreamKey(0x0000000000000005)")
  }

  /// The cell's words are Philox blocks at counter (lo(row), hi(row), block, sub), high pair
  /// first.
  @Test func cellWordsArePhiloxBlocks() {
    let row: UInt64 = 0x0000_0007_0000_0003
    let got = Self.words(Self.key, row: row, sub: 9, count: 4)
    for block in 0..<2 {
      let w = philox4x32_10((3, 7, UInt32(block), 9), key: (Self.key.lo, Self.key.hi))
      #expect(got[2 * block] == UInt64(w.0) << 32 | UInt64(w.1))
      #expect(got[2 * block + 1] == UInt64(w.2) << 32 | UInt64(w.3))
    }
  }

  @Test func sameCellSameValues() {
    #expect(Self.words(Self.key, row: 12345) == Self.words(Self.key, row: 12345))
    let d = Distribution.gamma(shape: 0.7, scale: 2)
    var a = CellRNG(key: Self.key, row: 99)
    var b = CellRNG(key: Self.key, row: 99)
    #expect(d.sample(&a) == d.sampler.sample(&b))
    #expect(a.blocksUsed == b.blocksUsed)
  }

  @Test func differentCellsDiffer() {
    let base = Self.words(Self.key, row: 0)
    #expect(base != Self.words(Self.key, row: 1))
    #expect(base != Self.words(Self.key, row: 1 << 32))
    #expect(base != Self.words(Self.key, row: 0, sub: 1))
    #expect(base != Self.words(StreamKey.derive(seed: 42, ["t", "c", "null"]), row: 0))
    // No repeated word among many rows (a collision would be a 2^-64 event).
    var seen = Set<UInt64>()
    for row in 0..<10_000 { seen.insert(Self.words(Self.key, row: UInt64(row), count: 1)[0]) }
    #expect(seen.count == 10_000)
  }

  @Test func openUniformNeverHitsTheEnds() {
    #expect(CellRNG.openUniform(0) == 0x1p-53)
    #expect(CellRNG.openUniform(.max) == 1 - 0x1p-53)
    #expect(CellRNG.openUniform(.max) < 1)
    #expect(CellRNG.openUniform(1 << 12) == 1.5 * 0x1p-52)
    // Exactly symmetric: the complement of the bits mirrors the value around 1/2.
    for x: UInt64 in [0, 1 << 12, 0x1234_5678_9abc_def0, .max >> 1, .max] {
      #expect(CellRNG.openUniform(x) == 1 - CellRNG.openUniform(~x))
    }
    // Why 52 bits: the 53-bit midpoint form rounds up to exactly 1 for the top word.
    #expect((Double(UInt64.max >> 11) + 0.5) * 0x1p-53 == 1)
  }

  @Test func boundedDrawsStayInRange() {
    var rng = CellRNG(key: Self.key, row: 5)
    #expect(rng.nextBounded(1) == 0)
    #expect(rng.nextBounded(0) == 0)
    let big = UInt64(1) << 63 + 1
    for _ in 0..<1000 {
      #expect(rng.nextBounded(7) < 7)
      #expect(rng.nextBounded(big) < big)
      #expect(rng.nextBounded(.max) < .max)
    }
  }

  @Test func hashTextIsKeyedAndSeparated() {
    let h = hashText("2024-03-05", seed: 42)
    #expect(h == hashText("2024-03-05", seed: 42))
    #expect(h != hashText("2024-03-05", seed: 43))
    #expect(h != hashText("2024-03-06", seed: 42))
    #expect(h != StreamKey.derive(seed: 42, ["2024-03-05"]).bits)
  }
}
