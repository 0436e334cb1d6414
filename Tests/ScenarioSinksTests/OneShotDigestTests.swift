import Testing

@testable import ScenarioDigests

/// The one-shot digests (`OneShot`, used by the `sha256`, `sha1`, `md5` and `uuid_v5`
/// functions) against the incremental hashers, on messages of every length around the block
/// boundaries, and the UUID writer against the byte-array one.
@Suite("One-shot digests")
struct OneShotDigestTests {
  /// Deterministic bytes.
  static func bytes(_ n: Int, seed: UInt64) -> [UInt8] {
    var x = seed &* 0x9E37_79B9_7F4A_7C15 &+ 1
    return (0..<n).map { _ in
      x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return UInt8(truncatingIfNeeded: x >> 33)
    }
  }

  static func sha256Reference(_ b: [UInt8]) -> String {
    var h = SHA256()
    h.update(b)
    return h.finalize()
  }

  @Test("sha1 on the CPU's SHA instructions equals the portable compression, on 0 to 1000 bytes and split parts")
  func sha1HardwareAgrees() {
    #expect(OneShot.sha1HardwareAvailable || !SHA256.hardwareAvailable, "the SHA extensions cover SHA-1 and SHA-256 alike")
    for n in Array(0...300) + [511, 512, 513, 1000] {
      let b = Self.bytes(n, seed: 77 &+ UInt64(n))
      b.withUnsafeBytes { raw in
        let split = n / 3
        let a = UnsafeRawBufferPointer(rebasing: raw[..<split])
        let c = UnsafeRawBufferPointer(rebasing: raw[split...])
        let portable = OneShot.sha1(raw, hardware: false)
        #expect(OneShot.sha1(raw) == portable, "sha1 of \(n) bytes")
        #expect(OneShot.sha1(a, c) == portable, "sha1 of \(n) bytes in two parts")
      }
    }
    // FIPS 180-4's two-block vector through both paths.
    let twoBlocks = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
    for hardware in [false, true] {
      let h = twoBlocks.withUnsafeBytes { OneShot.sha1($0, hardware: hardware) }
      #expect(h == (0x8498_3E44, 0x1C3B_D26E, 0xBAAE_4AA1, 0xF951_29E5, 0xE546_70F1), "hardware \(hardware)")
    }
  }

  @Test("sha256, sha1 and md5 of 0 to 300 bytes equal the incremental hashers'")
  func digestsMatch() {
    for n in 0...300 {
      for seed: UInt64 in [1, 2] {
        let b = Self.bytes(n, seed: seed &+ UInt64(n))
        b.withUnsafeBytes { raw in
          #expect(OneShot.sha256Hex(raw) == Self.sha256Reference(b), "sha256 of \(n) bytes")
          #expect(OneShot.sha1Hex(raw) == Encodings.hex(SHA1.digest(b)), "sha1 of \(n) bytes")
          #expect(OneShot.md5Hex(raw) == Encodings.hex(MD5.digest(b)), "md5 of \(n) bytes")
        }
      }
    }
    // Long messages (many blocks, and past the size of a stack buffer).
    for n in [1000, 4095, 4096, 4097, 100_000] {
      let b = Self.bytes(n, seed: 9)
      b.withUnsafeBytes { raw in
        #expect(OneShot.sha256Hex(raw) == Self.sha256Reference(b))
        #expect(OneShot.sha1Hex(raw) == Encodings.hex(SHA1.digest(b)))
        #expect(OneShot.md5Hex(raw) == Encodings.hex(MD5.digest(b)))
      }
    }
  }

  @Test("the standard vectors")
  func vectors() {
    func hex(_ s: String, _ f: (UnsafeRawBufferPointer) -> String) -> String { Array(s.utf8).withUnsafeBytes(f) }
    #expect(hex("", OneShot.md5Hex) == "d41d8cd98f00b204e9800998ecf8427e")
    #expect(hex("abc", OneShot.md5Hex) == "900150983cd24fb0d6963f7d28e17f72")
    #expect(hex("abc", OneShot.sha1Hex) == "a9993e364706816aba3e25717850c26c9cd0d89d")
    #expect(hex("", OneShot.sha1Hex) == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
    #expect(hex("abc", OneShot.sha256Hex) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
  }

  @Test("sha1 of two parts is the sha1 of their concatenation, split anywhere")
  func twoParts() {
    for n in [0, 1, 16, 40, 55, 56, 63, 64, 65, 119, 120, 200] {
      let b = Self.bytes(n, seed: 5)
      let whole = SHA1.digest(b)
      for split in 0...n {
        let a = Array(b[..<split])
        let c = Array(b[split...])
        let h = a.withUnsafeBytes { x in c.withUnsafeBytes { y in OneShot.sha1(x, y) } }
        var out: [UInt8] = []
        for w in [h.0, h.1, h.2, h.3, h.4] {
          for s in stride(from: 24, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: w >> UInt32(s))) }
        }
        #expect(out == whole, "split \(split) of \(n)")
      }
    }
  }

  @Test("the UUID writer equals the byte-array writer")
  func uuidText() {
    var x: UInt64 = 12345
    var cases: [(UInt64, UInt64)] = [(0, 0), (.max, .max), (0x0123_4567_89ab_cdef, 0xfedc_ba98_7654_3210)]
    for _ in 0..<2000 {
      x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      let a = x
      x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      cases.append((a, x))
    }
    for (hi, lo) in cases {
      var bytes: [UInt8] = []
      for s in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: hi >> UInt64(s))) }
      for s in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: lo >> UInt64(s))) }
      #expect(OneShot.uuidText(hi, lo) == Encodings.uuidText(bytes))
    }
  }
}
