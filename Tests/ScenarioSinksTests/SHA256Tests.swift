import Foundation
import Testing

@testable import ScenarioDigests
@testable import ScenarioSinks

/// The manifest's SHA-256 against the published FIPS 180-4 test vectors, fed whole and in
/// pieces of every awkward size, and against `sha256sum` on a written file.
@Suite("SHA-256")
struct SHA256Tests {
  static func digest(_ bytes: [UInt8], pieces: Int = 0, hardware: Bool = SHA256.hardwareAvailable) -> String {
    var h = SHA256(hardware: hardware)
    if pieces <= 0 {
      h.update(bytes)
    } else {
      var i = 0
      while i < bytes.count {
        let j = min(bytes.count, i + pieces)
        h.update(Array(bytes[i..<j]))
        i = j
      }
    }
    return h.finalize()
  }

  @Test("FIPS 180-4 test vectors, whole and in pieces")
  func vectors() {
    let cases: [(String, String)] = [
      ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
      ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
      ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
      ("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
       "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"),
    ]
    // Both compressions: the portable one, and the CPU's SHA instructions where this CPU has
    // them (else `hardware: true` falls back to the portable one too).
    for hardware in [false, true] {
      for (text, expected) in cases {
        for pieces in [0, 1, 3, 63, 64, 65] {
          #expect(
            Self.digest(Array(text.utf8), pieces: pieces, hardware: hardware) == expected,
            "\(text.prefix(10)) in pieces of \(pieces), hardware \(hardware)")
        }
      }
      // One million 'a', in 1,000-byte pieces.
      #expect(
        Self.digest([UInt8](repeating: 0x61, count: 1_000_000), pieces: 1000, hardware: hardware)
          == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }
  }

  @Test("the CPU's SHA instructions and the portable compression agree on seeded random messages")
  func hardwareAgreesWithPortable() {
    // A fixed xorshift stream: every length from 0 to 300 bytes (all paddings, 1 to 6 blocks),
    // then longer messages fed in uneven pieces (runs of many blocks at once).
    var x: UInt64 = 0x9E37_79B9_7F4A_7C15
    func next() -> UInt64 {
      x ^= x << 13
      x ^= x >> 7
      x ^= x << 17
      return x
    }
    func bytes(_ n: Int) -> [UInt8] { (0..<n).map { _ in UInt8(truncatingIfNeeded: next()) } }
    for n in 0...300 {
      let m = bytes(n)
      #expect(Self.digest(m, hardware: true) == Self.digest(m, hardware: false), "length \(n)")
    }
    for n in [4096, 65_537, 1_048_576 + 17] {
      let m = bytes(n)
      let pieces = Int(next() % 5000) + 1
      #expect(Self.digest(m, pieces: pieces, hardware: true) == Self.digest(m, hardware: false), "length \(n)")
    }
  }

  @Test("the background hasher gives the same digest, and sha256sum agrees on a written file")
  func backgroundAndFile() throws {
    var g = SystemRandomNumberGenerator()
    let bytes = (0..<300_001).map { _ in UInt8.random(in: 0...255, using: &g) }
    let background = BackgroundSHA256()
    for start in stride(from: 0, to: bytes.count, by: 4099) {
      bytes[start..<min(bytes.count, start + 4099)].withUnsafeBytes { background.update($0) }
    }
    let expected = Self.digest(bytes)
    #expect(background.finalize() == expected)
    let folder = try TemporaryFolder("sha")
    defer { folder.remove() }
    let file = try OutputFile(path: folder.path + "/x.bin")
    try file.append(bytes)
    try file.commit()
    #expect(file.sha256 == expected)
    guard CommandLineTool.exists("sha256sum") else { return }
    let r = try CommandLineTool.run("sha256sum", [folder.path + "/x.bin"])
    #expect(r.output.hasPrefix(expected))
  }
}
