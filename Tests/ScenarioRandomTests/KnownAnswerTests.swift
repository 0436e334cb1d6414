import Testing

@testable import ScenarioRandom

/// Known-answer vectors from published references (research/statistics.md §1.6 and §3.5).
@Suite struct KnownAnswerTests {
  typealias Words = (UInt32, UInt32, UInt32, UInt32)

  static func same(_ a: Words, _ b: Words) -> Bool {
    a.0 == b.0 && a.1 == b.1 && a.2 == b.2 && a.3 == b.3
  }

  @Test func philoxZeroCounterZeroKey() {
    let out = philox4x32_10((0, 0, 0, 0), key: (0, 0))
    #expect(Self.same(out, (0x6627_e8d5, 0xe169_c58d, 0xbc57_ac4c, 0x9b00_dbd8)))
  }

  @Test func philoxAllOnes() {
    let m = UInt32.max
    let out = philox4x32_10((m, m, m, m), key: (m, m))
    #expect(Self.same(out, (0x408f_276d, 0x41c8_3b0e, 0xa20b_c7c6, 0x6d54_51fd)))
  }

  @Test func philoxPiDigits() {
    let out = philox4x32_10(
      (0x243f_6a88, 0x85a3_08d3, 0x1319_8a2e, 0x0370_7344), key: (0xa409_3822, 0x299f_31d0))
    #expect(Self.same(out, (0xd16c_fe09, 0x94fd_cceb, 0x5001_e420, 0x2412_6ea1)))
  }

  @Test func sipHashPaperVector() {
    let key: (UInt64, UInt64) = (0x0706_0504_0302_0100, 0x0f0e_0d0c_0b0a_0908)
    let message = (0..<15).map { UInt8($0) }
    #expect(sipHash24(key: key, message: message) == 0xa129_ca61_49be_45e5)
  }

  /// The first vectors of the SipHash reference `vectors.h` (messages 00..(n-1)), covering the
  /// empty message and an exact 8-byte block.
  @Test func sipHashReferenceVectors() {
    let key: (UInt64, UInt64) = (0x0706_0504_0302_0100, 0x0f0e_0d0c_0b0a_0908)
    #expect(sipHash24(key: key, message: []) == 0x726f_db47_dd0e_0e31)
    #expect(sipHash24(key: key, message: [0]) == 0x74f8_39c5_93dc_67fd)
    #expect(sipHash24(key: key, message: (0..<8).map { UInt8($0) }) == 0x93f5_f579_9a93_2462)
  }

  @Test(arguments: [
    (0.25, -0.6744897501960817),
    (0.001, -3.090232306167814),
    (1e-20, -9.262340089798408),
  ])
  func as241ReferenceValues(p: Double, expected: Double) {
    #expect(abs(normalQuantile(p) - expected) <= 1e-14 * abs(expected))
  }

  @Test func as241EdgesAndSymmetry() {
    #expect(normalQuantile(0.5) == 0)
    #expect(normalQuantile(0) == -.infinity)
    #expect(normalQuantile(1) == .infinity)
    #expect(normalQuantile(.nan).isNaN)
    // p and 1 - p are both exact for multiples of 2^-20, so the two calls see mirrored inputs.
    for k in stride(from: 1, to: 1 << 19, by: 997) {
      let p = Double(k) * 0x1p-20
      #expect(normalQuantile(p) == -normalQuantile(1 - p))
    }
  }

  @Test func normalCDFInvertsQuantile() {
    for p in [1e-300, 1e-20, 1e-10, 0.001, 0.025, 0.3, 0.5, 0.7, 0.975, 0.999] {
      let back = normalCDF(normalQuantile(p))
      #expect(abs(back - p) <= 1e-12 * p)
    }
    #expect(abs(normalCDF(1.959963984540054) - 0.975) < 1e-15)
  }
}
