import CScenarioDigests

/// SHA-256 (FIPS 180-4), fed incrementally: the manifest's digest of every file, computed while
/// the file is written. Checked against published test vectors and `sha256sum`. Runs of whole
/// blocks go to the CPU's SHA instructions where it has them (`CScenarioDigests`, about 5 times
/// faster), else to the portable compression below; the tests hold the two to the same digests.
package struct SHA256 {
  /// Whether this CPU's SHA-256 instructions are used (decided once per process).
  package static let hardwareAvailable = scenario_sha256_hw_available() != 0

  private var state: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) = (
    0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19
  )
  private var pending: [UInt8] = []
  private var length: UInt64 = 0
  private let hardware: Bool

  /// `hardware: false` keeps to the portable compression (the tests compare the two).
  package init(hardware: Bool = SHA256.hardwareAvailable) {
    self.hardware = hardware && Self.hardwareAvailable
    pending.reserveCapacity(64)
  }

  /// Adds bytes to the message.
  package mutating func update(_ bytes: UnsafeRawBufferPointer) {
    length &+= UInt64(bytes.count)
    var offset = 0
    if !pending.isEmpty {
      let take = min(64 - pending.count, bytes.count)
      pending.append(contentsOf: bytes[0..<take])
      offset = take
      if pending.count == 64 {
        pending.withUnsafeBytes { compress($0.baseAddress!, blocks: 1) }
        pending.removeAll(keepingCapacity: true)
      }
    }
    let blocks = (bytes.count - offset) / 64
    if blocks > 0 {
      compress(bytes.baseAddress! + offset, blocks: blocks)
      offset += blocks * 64
    }
    if offset < bytes.count { pending.append(contentsOf: bytes[offset...]) }
  }

  package mutating func update(_ bytes: [UInt8]) {
    bytes.withUnsafeBytes { update($0) }
  }

  /// The digest as 64 lowercase hexadecimal digits. The hasher is spent afterwards.
  package mutating func finalize() -> String {
    let bits = length &* 8
    var tail: [UInt8] = [0x80]
    let used = (pending.count + 1) % 64
    tail.append(contentsOf: repeatElement(0, count: (56 - used + 64) % 64))
    for shift in stride(from: 56, through: 0, by: -8) { tail.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift))) }
    let saved = length
    tail.withUnsafeBytes { update($0) }
    length = saved
    let words = [state.0, state.1, state.2, state.3, state.4, state.5, state.6, state.7]
    let digits = Array("0123456789abcdef".utf8)
    var text: [UInt8] = []
    text.reserveCapacity(64)
    for w in words {
      for shift in stride(from: 28, through: 0, by: -4) { text.append(digits[Int((w >> UInt32(shift)) & 0xf)]) }
    }
    return String(decoding: text, as: UTF8.self)
  }

  @inline(__always) private static func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x >> n) | (x << (32 - n)) }

  private mutating func compress(_ start: UnsafeRawPointer, blocks: Int) {
    Self.compress(&state, start, blocks: blocks, hardware: hardware)
  }

  /// Compresses `blocks` consecutive 64-byte blocks from `start` into `state`, with the CPU's
  /// instructions when `hardware` (and the CPU has them).
  @inline(__always)
  static func compress(
    _ state: inout (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32), _ start: UnsafeRawPointer,
    blocks: Int, hardware: Bool = SHA256.hardwareAvailable
  ) {
    if hardware && hardwareAvailable {
      withUnsafeMutableBytes(of: &state) { words in
        scenario_sha256_hw_compress(
          words.baseAddress!.assumingMemoryBound(to: UInt32.self), start.assumingMemoryBound(to: UInt8.self), blocks)
      }
    } else {
      for b in 0..<blocks { compress(&state, start + b * 64) }
    }
  }

  /// Compresses one 64-byte block into `state`: the 64 rounds unrolled, the message schedule
  /// in 16 rolling words (generated; the same arithmetic as FIPS 180-4 §6.2.2).
  static func compress(
    _ state: inout (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32), _ block: UnsafeRawPointer
  ) {
    var w0 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 0, as: UInt32.self))
    var w1 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 4, as: UInt32.self))
    var w2 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 8, as: UInt32.self))
    var w3 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 12, as: UInt32.self))
    var w4 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 16, as: UInt32.self))
    var w5 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 20, as: UInt32.self))
    var w6 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 24, as: UInt32.self))
    var w7 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 28, as: UInt32.self))
    var w8 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 32, as: UInt32.self))
    var w9 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 36, as: UInt32.self))
    var w10 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 40, as: UInt32.self))
    var w11 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 44, as: UInt32.self))
    var w12 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 48, as: UInt32.self))
    var w13 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 52, as: UInt32.self))
    var w14 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 56, as: UInt32.self))
    var w15 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 60, as: UInt32.self))
    var (a, b, c, d, e, f, g, h) = state
    round(a, b, c, &d, e, f, g, &h, 0x428a2f98 &+ w0)
    round(h, a, b, &c, d, e, f, &g, 0x71374491 &+ w1)
    round(g, h, a, &b, c, d, e, &f, 0xb5c0fbcf &+ w2)
    round(f, g, h, &a, b, c, d, &e, 0xe9b5dba5 &+ w3)
    round(e, f, g, &h, a, b, c, &d, 0x3956c25b &+ w4)
    round(d, e, f, &g, h, a, b, &c, 0x59f111f1 &+ w5)
    round(c, d, e, &f, g, h, a, &b, 0x923f82a4 &+ w6)
    round(b, c, d, &e, f, g, h, &a, 0xab1c5ed5 &+ w7)
    round(a, b, c, &d, e, f, g, &h, 0xd807aa98 &+ w8)
    round(h, a, b, &c, d, e, f, &g, 0x12835b01 &+ w9)
    round(g, h, a, &b, c, d, e, &f, 0x243185be &+ w10)
    round(f, g, h, &a, b, c, d, &e, 0x550c7dc3 &+ w11)
    round(e, f, g, &h, a, b, c, &d, 0x72be5d74 &+ w12)
    round(d, e, f, &g, h, a, b, &c, 0x80deb1fe &+ w13)
    round(c, d, e, &f, g, h, a, &b, 0x9bdc06a7 &+ w14)
    round(b, c, d, &e, f, g, h, &a, 0xc19bf174 &+ w15)
    w0 = w0 &+ (Self.rotr(w1, 7) ^ Self.rotr(w1, 18) ^ (w1 >> 3)) &+ w9 &+ (Self.rotr(w14, 17) ^ Self.rotr(w14, 19) ^ (w14 >> 10))
    round(a, b, c, &d, e, f, g, &h, 0xe49b69c1 &+ w0)
    w1 = w1 &+ (Self.rotr(w2, 7) ^ Self.rotr(w2, 18) ^ (w2 >> 3)) &+ w10 &+ (Self.rotr(w15, 17) ^ Self.rotr(w15, 19) ^ (w15 >> 10))
    round(h, a, b, &c, d, e, f, &g, 0xefbe4786 &+ w1)
    w2 = w2 &+ (Self.rotr(w3, 7) ^ Self.rotr(w3, 18) ^ (w3 >> 3)) &+ w11 &+ (Self.rotr(w0, 17) ^ Self.rotr(w0, 19) ^ (w0 >> 10))
    round(g, h, a, &b, c, d, e, &f, 0x0fc19dc6 &+ w2)
    w3 = w3 &+ (Self.rotr(w4, 7) ^ Self.rotr(w4, 18) ^ (w4 >> 3)) &+ w12 &+ (Self.rotr(w1, 17) ^ Self.rotr(w1, 19) ^ (w1 >> 10))
    round(f, g, h, &a, b, c, d, &e, 0x240ca1cc &+ w3)
    w4 = w4 &+ (Self.rotr(w5, 7) ^ Self.rotr(w5, 18) ^ (w5 >> 3)) &+ w13 &+ (Self.rotr(w2, 17) ^ Self.rotr(w2, 19) ^ (w2 >> 10))
    round(e, f, g, &h, a, b, c, &d, 0x2de92c6f &+ w4)
    w5 = w5 &+ (Self.rotr(w6, 7) ^ Self.rotr(w6, 18) ^ (w6 >> 3)) &+ w14 &+ (Self.rotr(w3, 17) ^ Self.rotr(w3, 19) ^ (w3 >> 10))
    round(d, e, f, &g, h, a, b, &c, 0x4a7484aa &+ w5)
    w6 = w6 &+ (Self.rotr(w7, 7) ^ Self.rotr(w7, 18) ^ (w7 >> 3)) &+ w15 &+ (Self.rotr(w4, 17) ^ Self.rotr(w4, 19) ^ (w4 >> 10))
    round(c, d, e, &f, g, h, a, &b, 0x5cb0a9dc &+ w6)
    w7 = w7 &+ (Self.rotr(w8, 7) ^ Self.rotr(w8, 18) ^ (w8 >> 3)) &+ w0 &+ (Self.rotr(w5, 17) ^ Self.rotr(w5, 19) ^ (w5 >> 10))
    round(b, c, d, &e, f, g, h, &a, 0x76f988da &+ w7)
    w8 = w8 &+ (Self.rotr(w9, 7) ^ Self.rotr(w9, 18) ^ (w9 >> 3)) &+ w1 &+ (Self.rotr(w6, 17) ^ Self.rotr(w6, 19) ^ (w6 >> 10))
    round(a, b, c, &d, e, f, g, &h, 0x983e5152 &+ w8)
    w9 = w9 &+ (Self.rotr(w10, 7) ^ Self.rotr(w10, 18) ^ (w10 >> 3)) &+ w2 &+ (Self.rotr(w7, 17) ^ Self.rotr(w7, 19) ^ (w7 >> 10))
    round(h, a, b, &c, d, e, f, &g, 0xa831c66d &+ w9)
    w10 = w10 &+ (Self.rotr(w11, 7) ^ Self.rotr(w11, 18) ^ (w11 >> 3)) &+ w3 &+ (Self.rotr(w8, 17) ^ Self.rotr(w8, 19) ^ (w8 >> 10))
    round(g, h, a, &b, c, d, e, &f, 0xb00327c8 &+ w10)
    w11 = w11 &+ (Self.rotr(w12, 7) ^ Self.rotr(w12, 18) ^ (w12 >> 3)) &+ w4 &+ (Self.rotr(w9, 17) ^ Self.rotr(w9, 19) ^ (w9 >> 10))
    round(f, g, h, &a, b, c, d, &e, 0xbf597fc7 &+ w11)
    w12 = w12 &+ (Self.rotr(w13, 7) ^ Self.rotr(w13, 18) ^ (w13 >> 3)) &+ w5 &+ (Self.rotr(w10, 17) ^ Self.rotr(w10, 19) ^ (w10 >> 10))
    round(e, f, g, &h, a, b, c, &d, 0xc6e00bf3 &+ w12)
    w13 = w13 &+ (Self.rotr(w14, 7) ^ Self.rotr(w14, 18) ^ (w14 >> 3)) &+ w6 &+ (Self.rotr(w11, 17) ^ Self.rotr(w11, 19) ^ (w11 >> 10))
    round(d, e, f, &g, h, a, b, &c, 0xd5a79147 &+ w13)
    w14 = w14 &+ (Self.rotr(w15, 7) ^ Self.rotr(w15, 18) ^ (w15 >> 3)) &+ w7 &+ (Self.rotr(w12, 17) ^ Self.rotr(w12, 19) ^ (w12 >> 10))
    round(c, d, e, &f, g, h, a, &b, 0x06ca6351 &+ w14)
    w15 = w15 &+ (Self.rotr(w0, 7) ^ Self.rotr(w0, 18) ^ (w0 >> 3)) &+ w8 &+ (Self.rotr(w13, 17) ^ Self.rotr(w13, 19) ^ (w13 >> 10))
    round(b, c, d, &e, f, g, h, &a, 0x14292967 &+ w15)
    w0 = w0 &+ (Self.rotr(w1, 7) ^ Self.rotr(w1, 18) ^ (w1 >> 3)) &+ w9 &+ (Self.rotr(w14, 17) ^ Self.rotr(w14, 19) ^ (w14 >> 10))
    round(a, b, c, &d, e, f, g, &h, 0x27b70a85 &+ w0)
    w1 = w1 &+ (Self.rotr(w2, 7) ^ Self.rotr(w2, 18) ^ (w2 >> 3)) &+ w10 &+ (Self.rotr(w15, 17) ^ Self.rotr(w15, 19) ^ (w15 >> 10))
    round(h, a, b, &c, d, e, f, &g, 0x2e1b2138 &+ w1)
    w2 = w2 &+ (Self.rotr(w3, 7) ^ Self.rotr(w3, 18) ^ (w3 >> 3)) &+ w11 &+ (Self.rotr(w0, 17) ^ Self.rotr(w0, 19) ^ (w0 >> 10))
    round(g, h, a, &b, c, d, e, &f, 0x4d2c6dfc &+ w2)
    w3 = w3 &+ (Self.rotr(w4, 7) ^ Self.rotr(w4, 18) ^ (w4 >> 3)) &+ w12 &+ (Self.rotr(w1, 17) ^ Self.rotr(w1, 19) ^ (w1 >> 10))
    round(f, g, h, &a, b, c, d, &e, 0x53380d13 &+ w3)
    w4 = w4 &+ (Self.rotr(w5, 7) ^ Self.rotr(w5, 18) ^ (w5 >> 3)) &+ w13 &+ (Self.rotr(w2, 17) ^ Self.rotr(w2, 19) ^ (w2 >> 10))
    round(e, f, g, &h, a, b, c, &d, 0x650a7354 &+ w4)
    w5 = w5 &+ (Self.rotr(w6, 7) ^ Self.rotr(w6, 18) ^ (w6 >> 3)) &+ w14 &+ (Self.rotr(w3, 17) ^ Self.rotr(w3, 19) ^ (w3 >> 10))
    round(d, e, f, &g, h, a, b, &c, 0x766a0abb &+ w5)
    w6 = w6 &+ (Self.rotr(w7, 7) ^ Self.rotr(w7, 18) ^ (w7 >> 3)) &+ w15 &+ (Self.rotr(w4, 17) ^ Self.rotr(w4, 19) ^ (w4 >> 10))
    round(c, d, e, &f, g, h, a, &b, 0x81c2c92e &+ w6)
    w7 = w7 &+ (Self.rotr(w8, 7) ^ Self.rotr(w8, 18) ^ (w8 >> 3)) &+ w0 &+ (Self.rotr(w5, 17) ^ Self.rotr(w5, 19) ^ (w5 >> 10))
    round(b, c, d, &e, f, g, h, &a, 0x92722c85 &+ w7)
    w8 = w8 &+ (Self.rotr(w9, 7) ^ Self.rotr(w9, 18) ^ (w9 >> 3)) &+ w1 &+ (Self.rotr(w6, 17) ^ Self.rotr(w6, 19) ^ (w6 >> 10))
    round(a, b, c, &d, e, f, g, &h, 0xa2bfe8a1 &+ w8)
    w9 = w9 &+ (Self.rotr(w10, 7) ^ Self.rotr(w10, 18) ^ (w10 >> 3)) &+ w2 &+ (Self.rotr(w7, 17) ^ Self.rotr(w7, 19) ^ (w7 >> 10))
    round(h, a, b, &c, d, e, f, &g, 0xa81a664b &+ w9)
    w10 = w10 &+ (Self.rotr(w11, 7) ^ Self.rotr(w11, 18) ^ (w11 >> 3)) &+ w3 &+ (Self.rotr(w8, 17) ^ Self.rotr(w8, 19) ^ (w8 >> 10))
    round(g, h, a, &b, c, d, e, &f, 0xc24b8b70 &+ w10)
    w11 = w11 &+ (Self.rotr(w12, 7) ^ Self.rotr(w12, 18) ^ (w12 >> 3)) &+ w4 &+ (Self.rotr(w9, 17) ^ Self.rotr(w9, 19) ^ (w9 >> 10))
    round(f, g, h, &a, b, c, d, &e, 0xc76c51a3 &+ w11)
    w12 = w12 &+ (Self.rotr(w13, 7) ^ Self.rotr(w13, 18) ^ (w13 >> 3)) &+ w5 &+ (Self.rotr(w10, 17) ^ Self.rotr(w10, 19) ^ (w10 >> 10))
    round(e, f, g, &h, a, b, c, &d, 0xd192e819 &+ w12)
    w13 = w13 &+ (Self.rotr(w14, 7) ^ Self.rotr(w14, 18) ^ (w14 >> 3)) &+ w6 &+ (Self.rotr(w11, 17) ^ Self.rotr(w11, 19) ^ (w11 >> 10))
    round(d, e, f, &g, h, a, b, &c, 0xd6990624 &+ w13)
    w14 = w14 &+ (Self.rotr(w15, 7) ^ Self.rotr(w15, 18) ^ (w15 >> 3)) &+ w7 &+ (Self.rotr(w12, 17) ^ Self.rotr(w12, 19) ^ (w12 >> 10))
    round(c, d, e, &f, g, h, a, &b, 0xf40e3585 &+ w14)
    w15 = w15 &+ (Self.rotr(w0, 7) ^ Self.rotr(w0, 18) ^ (w0 >> 3)) &+ w8 &+ (Self.rotr(w13, 17) ^ Self.rotr(w13, 19) ^ (w13 >> 10))
    round(b, c, d, &e, f, g, h, &a, 0x106aa070 &+ w15)
    w0 = w0 &+ (Self.rotr(w1, 7) ^ Self.rotr(w1, 18) ^ (w1 >> 3)) &+ w9 &+ (Self.rotr(w14, 17) ^ Self.rotr(w14, 19) ^ (w14 >> 10))
    round(a, b, c, &d, e, f, g, &h, 0x19a4c116 &+ w0)
    w1 = w1 &+ (Self.rotr(w2, 7) ^ Self.rotr(w2, 18) ^ (w2 >> 3)) &+ w10 &+ (Self.rotr(w15, 17) ^ Self.rotr(w15, 19) ^ (w15 >> 10))
    round(h, a, b, &c, d, e, f, &g, 0x1e376c08 &+ w1)
    w2 = w2 &+ (Self.rotr(w3, 7) ^ Self.rotr(w3, 18) ^ (w3 >> 3)) &+ w11 &+ (Self.rotr(w0, 17) ^ Self.rotr(w0, 19) ^ (w0 >> 10))
    round(g, h, a, &b, c, d, e, &f, 0x2748774c &+ w2)
    w3 = w3 &+ (Self.rotr(w4, 7) ^ Self.rotr(w4, 18) ^ (w4 >> 3)) &+ w12 &+ (Self.rotr(w1, 17) ^ Self.rotr(w1, 19) ^ (w1 >> 10))
    round(f, g, h, &a, b, c, d, &e, 0x34b0bcb5 &+ w3)
    w4 = w4 &+ (Self.rotr(w5, 7) ^ Self.rotr(w5, 18) ^ (w5 >> 3)) &+ w13 &+ (Self.rotr(w2, 17) ^ Self.rotr(w2, 19) ^ (w2 >> 10))
    round(e, f, g, &h, a, b, c, &d, 0x391c0cb3 &+ w4)
    w5 = w5 &+ (Self.rotr(w6, 7) ^ Self.rotr(w6, 18) ^ (w6 >> 3)) &+ w14 &+ (Self.rotr(w3, 17) ^ Self.rotr(w3, 19) ^ (w3 >> 10))
    round(d, e, f, &g, h, a, b, &c, 0x4ed8aa4a &+ w5)
    w6 = w6 &+ (Self.rotr(w7, 7) ^ Self.rotr(w7, 18) ^ (w7 >> 3)) &+ w15 &+ (Self.rotr(w4, 17) ^ Self.rotr(w4, 19) ^ (w4 >> 10))
    round(c, d, e, &f, g, h, a, &b, 0x5b9cca4f &+ w6)
    w7 = w7 &+ (Self.rotr(w8, 7) ^ Self.rotr(w8, 18) ^ (w8 >> 3)) &+ w0 &+ (Self.rotr(w5, 17) ^ Self.rotr(w5, 19) ^ (w5 >> 10))
    round(b, c, d, &e, f, g, h, &a, 0x682e6ff3 &+ w7)
    w8 = w8 &+ (Self.rotr(w9, 7) ^ Self.rotr(w9, 18) ^ (w9 >> 3)) &+ w1 &+ (Self.rotr(w6, 17) ^ Self.rotr(w6, 19) ^ (w6 >> 10))
    round(a, b, c, &d, e, f, g, &h, 0x748f82ee &+ w8)
    w9 = w9 &+ (Self.rotr(w10, 7) ^ Self.rotr(w10, 18) ^ (w10 >> 3)) &+ w2 &+ (Self.rotr(w7, 17) ^ Self.rotr(w7, 19) ^ (w7 >> 10))
    round(h, a, b, &c, d, e, f, &g, 0x78a5636f &+ w9)
    w10 = w10 &+ (Self.rotr(w11, 7) ^ Self.rotr(w11, 18) ^ (w11 >> 3)) &+ w3 &+ (Self.rotr(w8, 17) ^ Self.rotr(w8, 19) ^ (w8 >> 10))
    round(g, h, a, &b, c, d, e, &f, 0x84c87814 &+ w10)
    w11 = w11 &+ (Self.rotr(w12, 7) ^ Self.rotr(w12, 18) ^ (w12 >> 3)) &+ w4 &+ (Self.rotr(w9, 17) ^ Self.rotr(w9, 19) ^ (w9 >> 10))
    round(f, g, h, &a, b, c, d, &e, 0x8cc70208 &+ w11)
    w12 = w12 &+ (Self.rotr(w13, 7) ^ Self.rotr(w13, 18) ^ (w13 >> 3)) &+ w5 &+ (Self.rotr(w10, 17) ^ Self.rotr(w10, 19) ^ (w10 >> 10))
    round(e, f, g, &h, a, b, c, &d, 0x90befffa &+ w12)
    w13 = w13 &+ (Self.rotr(w14, 7) ^ Self.rotr(w14, 18) ^ (w14 >> 3)) &+ w6 &+ (Self.rotr(w11, 17) ^ Self.rotr(w11, 19) ^ (w11 >> 10))
    round(d, e, f, &g, h, a, b, &c, 0xa4506ceb &+ w13)
    w14 = w14 &+ (Self.rotr(w15, 7) ^ Self.rotr(w15, 18) ^ (w15 >> 3)) &+ w7 &+ (Self.rotr(w12, 17) ^ Self.rotr(w12, 19) ^ (w12 >> 10))
    round(c, d, e, &f, g, h, a, &b, 0xbef9a3f7 &+ w14)
    w15 = w15 &+ (Self.rotr(w0, 7) ^ Self.rotr(w0, 18) ^ (w0 >> 3)) &+ w8 &+ (Self.rotr(w13, 17) ^ Self.rotr(w13, 19) ^ (w13 >> 10))
    round(b, c, d, &e, f, g, h, &a, 0xc67178f2 &+ w15)
    state = (state.0 &+ a, state.1 &+ b, state.2 &+ c, state.3 &+ d, state.4 &+ e, state.5 &+ f, state.6 &+ g, state.7 &+ h)
  }

  /// One round: `d` and `h` take the new values; the others rotate by name in the caller.
  @inline(__always)
  static func round(
    _ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: inout UInt32, _ e: UInt32, _ f: UInt32, _ g: UInt32,
    _ h: inout UInt32, _ kw: UInt32
  ) {
    let t1 = h &+ (Self.rotr(e, 6) ^ Self.rotr(e, 11) ^ Self.rotr(e, 25)) &+ ((e & f) ^ (~e & g)) &+ kw
    let t2 = (Self.rotr(a, 2) ^ Self.rotr(a, 13) ^ Self.rotr(a, 22)) &+ ((a & b) ^ (a & c) ^ (b & c))
    d = d &+ t1
    h = t1 &+ t2
  }
}
