import ScenarioDiagnostics
import ScenarioIR
import Testing

/// Digests, Base64, name-based UUIDs and check digits against their published test vectors.
@Suite("Digest and identifier built-ins")
struct DigestFunctionTests {
  typealias CallCase = SemanticsTests.CallCase

  static let million = String(repeating: "a", count: 1_000_000)
  static let abc448 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"

  static let cases: [CallCase] = [
    // FIPS 180-4 examples (SHA-256 and SHA-1), and the million-'a' vectors.
    .init(.sha256, [.text("abc")], .value(.text("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"))),
    .init(.sha256, [.text("")], .value(.text("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"))),
    .init(.sha256, [.text(abc448)], .value(.text("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"))),
    .init(.sha1, [.text("abc")], .value(.text("a9993e364706816aba3e25717850c26c9cd0d89d"))),
    .init(.sha1, [.text("")], .value(.text("da39a3ee5e6b4b0d3255bfef95601890afd80709"))),
    .init(.sha1, [.text(abc448)], .value(.text("84983e441c3bd26ebaae4aa1f95129e5e54670f1"))),
    .init(.sha1, [.text(million)], .value(.text("34aa973cd4c4daa4f61eeb2bdbad27316534016f"))),
    // RFC 1321 §A.5.
    .init(.md5, [.text("")], .value(.text("d41d8cd98f00b204e9800998ecf8427e"))),
    .init(.md5, [.text("a")], .value(.text("0cc175b9c0f1b6a831c399e269772661"))),
    .init(.md5, [.text("abc")], .value(.text("900150983cd24fb0d6963f7d28e17f72"))),
    .init(.md5, [.text("message digest")], .value(.text("f96b697d7cb7938d525a2f31aaf161d0"))),
    .init(.md5, [.text("abcdefghijklmnopqrstuvwxyz")], .value(.text("c3fcd3d76192e4007dfb496cca67e13b"))),
    .init(
      .md5, [.text(String(repeating: "1234567890", count: 8))], .value(.text("57edf4a22be3c955ac49da2e2107b67a"))),
    // RFC 4648 §10.
    .init(.base64, [.text("")], .value(.text(""))),
    .init(.base64, [.text("f")], .value(.text("Zg=="))),
    .init(.base64, [.text("fo")], .value(.text("Zm8="))),
    .init(.base64, [.text("foo")], .value(.text("Zm9v"))),
    .init(.base64, [.text("foob")], .value(.text("Zm9vYg=="))),
    .init(.base64, [.text("fooba")], .value(.text("Zm9vYmE="))),
    .init(.base64, [.text("foobar")], .value(.text("Zm9vYmFy"))),
    .init(.base64, [.text("é")], .value(.text("w6k="))),  // UTF-8 bytes C3 A9
    // RFC 9562 Appendix A.4, and Python's documented uuid5 example.
    .init(.uuidV5, [.text("dns"), .text("www.example.com")], .value(.text("2ed6657d-e927-568b-95e1-2665a8aea6a2"))),
    .init(.uuidV5, [.text("dns"), .text("python.org")], .value(.text("886313e1-3b8a-5372-9b90-0c9aee199e5d"))),
    .init(
      .uuidV5, [.text("6BA7B810-9DAD-11D1-80B4-00C04FD430C8"), .text("python.org")],
      .value(.text("886313e1-3b8a-5372-9b90-0c9aee199e5d"))),
    .init(.uuidV5, [.text("not-a-uuid"), .text("x")], .error("namespace of 'uuid_v5'")),
    // Luhn: the classic 7992739871 -> 3; ISO 7064 MOD 97-10: the IBAN GB82 WEST 1234 5698 7654 32.
    .init(.luhnDigit, [.text("7992739871")], .value(.text("3"))),
    .init(.luhnDigit, [.text("0")], .value(.text("0"))),
    .init(.luhnDigit, [.text("411111111111111")], .value(.text("1"))),
    .init(.luhnDigit, [.text("12a")], .error("decimal digits")),
    .init(.luhnDigit, [.text("")], .error("at least one digit")),
    .init(.mod97Digits, [.text("WEST12345698765432GB")], .value(.text("82"))),
    .init(.mod97Digits, [.text("370400440532013000DE")], .value(.text("89"))),  // DE89 3704 0044 0532 0130 00
    .init(.mod97Digits, [.text("west")], .error("capital letters")),
    .init(.sha256, [.null], .value(.null)),
  ]

  @Test("published test vectors", arguments: cases)
  func vectors(_ c: CallCase) {
    SemanticsTests.check(SemanticsTests.outcome { () throws(EvalError) in try Semantics.call(c.f, c.args) }, c.expected)
  }

  /// Lengths around the 55/56/64-byte padding edges: `'x' * n` hashed once by Python's hashlib.
  static let boundaries: [(Int, String, String)] = [
    (55, "cef734ba81a024479e09eb5a75b6ddae62e6abf1", "04364420e25c512fd958a70738aa8f72"),
    (56, "901305367c259952f4e7af8323f480d59f81335b", "668a72d5ba17f08e62dabcafad6db14b"),
    (57, "025ecbd5d70f8fb3c5457cd96bab13fda305dc59", "693037871c4a9d3d8685018905cb530a"),
    (63, "0ddc4e0cccd9a12850deb5abb0853a4425559fec", "7dc2ca208106a2f703567bdff99d8981"),
    (64, "bb2fa3ee7afb9f54c6dfb5d021f14b1ffe40c163", "c1bb4f81d892b2d57947682aeb252456"),
    (65, "78c741ddc482e4cdf8c474a0876347a0905b6233", "1bc932052302d074bdec39795fe00cf6"),
    (119, "4300320394f7ee239bcdce7d3b8bcee173a0cd5c", "ab347a5f68c8a443cfcddc633f12c24f"),
    (120, "ceb2821639c4b6dcb10bce0e522ca2e608ce056d", "fb98667f98096de92620b64f46e1c5b5"),
    (128, "150fa3fbdc899bd0b8f95a9fb6027f564d953762", "d69cb61a6ee87200676eb0d4b90edbcb"),
  ]

  @Test("SHA-1 and MD5 at the padding edges")
  func blockBoundaries() throws {
    for (n, sha1, md5) in Self.boundaries {
      let text = Value.text(String(repeating: "x", count: n))
      #expect(try Semantics.call(.sha1, [text]) == .text(sha1), "sha1 of \(n) bytes")
      #expect(try Semantics.call(.md5, [text]) == .text(md5), "md5 of \(n) bytes")
    }
  }

  /// ISO 7064 MOD 97-10 as the standard states it, one character at a time (letters as two
  /// digits, A = 10), against the engine on texts of every length up to 80 (the engine reduces
  /// every eight characters).
  @Test("mod97_digits equals the character-by-character definition at every length")
  func mod97Lengths() throws {
    func reference(_ s: String) -> Int {
      var r = 0
      for b in s.utf8 {
        let v = b <= UInt8(ascii: "9") ? Int(b) - 48 : Int(b) - 55
        r = (r * (v < 10 ? 10 : 100) + v) % 97
      }
      return 98 - r * 100 % 97
    }
    let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ999999ZZZZ")
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    for length in 1...80 {
      for _ in 0..<20 {
        var s = ""
        for _ in 0..<length {
          state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
          s.append(alphabet[Int(state >> 33) % alphabet.count])
        }
        let bytes = Array(s.utf8)
        #expect(bytes.withUnsafeBufferPointer { Semantics.mod97CheckDigits($0) } == reference(s), "\(s)")
        #expect(try Semantics.call(.mod97Digits, [.text(s)]) == .text(String(format: "%02d", reference(s))), "\(s)")
      }
    }
  }
}

/// The bit layout of the random UUIDs, pinned by RFC 9562's example UUIDs (Appendix B.1 for
/// version 4, B.2 for version 7): fed the random bits those examples hold, the functions
/// rebuild them exactly.
@Suite("Random UUID layout")
struct RandomUUIDLayoutTests {
  @Test("RFC 9562's version 4 and version 7 examples")
  func rfcExamples() {
    #expect(Semantics.uuidV4(0x0919_108f_752d_1320, 0x1bac_f847_db41_48a8) == "919108f7-52d1-4320-9bac-f847db4148a8")
    // 2022-02-22T19:22:22Z is Unix time 1645557742.
    #expect(Semantics.uuidV7(seconds: 1_645_557_742, 0xCC3, 0x18C4_DC0C_0C07_398F) == "017f22e2-79b0-7cc3-98c4-dc0c0c07398f")
  }

  @Test("the fixed bits: version and variant, whatever the draws")
  func fixedBits() {
    #expect(Semantics.uuidV4(0, 0) == "00000000-0000-4000-8000-000000000000")
    #expect(Semantics.uuidV4(.max >> 1, .max >> 1) == "ffffffff-ffff-4fff-bfff-ffffffffffff")
    #expect(Semantics.uuidV7(seconds: 1, 0, 0) == "00000000-03e8-7000-8000-000000000000")
  }

  @Test("uuid_v7 before 1970 is R0701")
  func beforeUnixTime() {
    do throws(EvalError) {
      _ = try Semantics.call(.uuidV7Bits, [.datetime(-1), .int(0), .int(0)])
      Issue.record("no error")
    } catch {
      #expect(error.code == .runtimeInvalidParameter)
    }
  }
}
