import CScenarioDigests

/// One-shot digests of short messages without heap allocations (the `sha256`, `sha1`, `md5` and
/// `uuid_v5` functions hash one short text per row): the message (one or two byte buffers, one
/// after the other) is copied with its padding into a temporary buffer, which lives on the stack
/// for short messages, and compressed block by block into a state held in local variables. The
/// results are the same as the incremental hashers' (`SHA256`, `SHA1`, `MD5`), which the tests
/// compare them with on messages of every length around the block boundaries.
package enum OneShot {
  /// The message `a` then `b`, padded as MD5 and SHA (0x80, zeros, the bit length as 8 bytes,
  /// big-endian or little-endian), handed to `body` as whole 64-byte blocks.
  @inline(__always)
  static func padded<R>(
    _ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer, bigEndianLength: Bool,
    _ body: (UnsafeRawPointer, Int) -> R
  ) -> R {
    let total = a.count + b.count
    let blocks = (total + 8) / 64 + 1
    return withUnsafeTemporaryAllocation(byteCount: blocks * 64, alignment: 8) { buffer in
      let base = buffer.baseAddress!
      if a.count > 0 { base.copyMemory(from: a.baseAddress!, byteCount: a.count) }
      if b.count > 0 { (base + a.count).copyMemory(from: b.baseAddress!, byteCount: b.count) }
      buffer[total] = 0x80
      let end = blocks * 64
      var i = total + 1
      while i < end - 8 {
        buffer[i] = 0
        i += 1
      }
      let bits = UInt64(truncatingIfNeeded: total) &* 8
      for k in 0..<8 {
        let shift = bigEndianLength ? UInt64(56 - 8 * k) : UInt64(8 * k)
        buffer[end - 8 + k] = UInt8(truncatingIfNeeded: bits >> shift)
      }
      return body(UnsafeRawPointer(base), blocks)
    }
  }

  // MARK: SHA-1

  /// The SHA-1 state words of `a` then `b` (the digest is their big-endian bytes).
  /// `hardware: false` keeps to the portable compression (the tests compare the two).
  package static func sha1(
    _ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer = UnsafeRawBufferPointer(start: nil, count: 0),
    hardware: Bool = true
  ) -> (UInt32, UInt32, UInt32, UInt32, UInt32) {
    padded(a, b, bigEndianLength: true) { p, blocks in
      var h0: UInt32 = 0x6745_2301
      var h1: UInt32 = 0xEFCD_AB89
      var h2: UInt32 = 0x98BA_DCFE
      var h3: UInt32 = 0x1032_5476
      var h4: UInt32 = 0xC3D2_E1F0
      if hardware && sha1HardwareAvailable {
        // The CPU's SHA-1 instructions (CScenarioDigests); the same state words.
        var state = (h0, h1, h2, h3, h4)
        withUnsafeMutableBytes(of: &state) { raw in
          scenario_sha1_hw_compress(raw.bindMemory(to: UInt32.self).baseAddress!, p.assumingMemoryBound(to: UInt8.self), blocks)
        }
        return state
      }
      for blk in 0..<blocks { sha1Compress(&h0, &h1, &h2, &h3, &h4, p + blk * 64) }
      return (h0, h1, h2, h3, h4)
    }
  }

  /// Whether this CPU's SHA-1 instructions are used (decided once per process).
  package static let sha1HardwareAvailable = scenario_sha1_hw_available() != 0

  /// Compresses one 64-byte block into the SHA-1 state: the 80 rounds unrolled, the message
  /// schedule in 16 rolling words (generated; the same arithmetic as FIPS 180-4 §6.1.2).
  @inline(__always)
  static func sha1Compress(
    _ h0: inout UInt32, _ h1: inout UInt32, _ h2: inout UInt32, _ h3: inout UInt32, _ h4: inout UInt32,
    _ block: UnsafeRawPointer
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
    var a = h0
    var b = h1
    var c = h2
    var d = h3
    var e = h4
    e = e &+ rotl(a, 5) &+ ((b & c) | (~b & d)) &+ 0x5A82_7999 &+ w0
    b = rotl(b, 30)
    d = d &+ rotl(e, 5) &+ ((a & b) | (~a & c)) &+ 0x5A82_7999 &+ w1
    a = rotl(a, 30)
    c = c &+ rotl(d, 5) &+ ((e & a) | (~e & b)) &+ 0x5A82_7999 &+ w2
    e = rotl(e, 30)
    b = b &+ rotl(c, 5) &+ ((d & e) | (~d & a)) &+ 0x5A82_7999 &+ w3
    d = rotl(d, 30)
    a = a &+ rotl(b, 5) &+ ((c & d) | (~c & e)) &+ 0x5A82_7999 &+ w4
    c = rotl(c, 30)
    e = e &+ rotl(a, 5) &+ ((b & c) | (~b & d)) &+ 0x5A82_7999 &+ w5
    b = rotl(b, 30)
    d = d &+ rotl(e, 5) &+ ((a & b) | (~a & c)) &+ 0x5A82_7999 &+ w6
    a = rotl(a, 30)
    c = c &+ rotl(d, 5) &+ ((e & a) | (~e & b)) &+ 0x5A82_7999 &+ w7
    e = rotl(e, 30)
    b = b &+ rotl(c, 5) &+ ((d & e) | (~d & a)) &+ 0x5A82_7999 &+ w8
    d = rotl(d, 30)
    a = a &+ rotl(b, 5) &+ ((c & d) | (~c & e)) &+ 0x5A82_7999 &+ w9
    c = rotl(c, 30)
    e = e &+ rotl(a, 5) &+ ((b & c) | (~b & d)) &+ 0x5A82_7999 &+ w10
    b = rotl(b, 30)
    d = d &+ rotl(e, 5) &+ ((a & b) | (~a & c)) &+ 0x5A82_7999 &+ w11
    a = rotl(a, 30)
    c = c &+ rotl(d, 5) &+ ((e & a) | (~e & b)) &+ 0x5A82_7999 &+ w12
    e = rotl(e, 30)
    b = b &+ rotl(c, 5) &+ ((d & e) | (~d & a)) &+ 0x5A82_7999 &+ w13
    d = rotl(d, 30)
    a = a &+ rotl(b, 5) &+ ((c & d) | (~c & e)) &+ 0x5A82_7999 &+ w14
    c = rotl(c, 30)
    e = e &+ rotl(a, 5) &+ ((b & c) | (~b & d)) &+ 0x5A82_7999 &+ w15
    b = rotl(b, 30)
    w0 = rotl(w13 ^ w8 ^ w2 ^ w0, 1)
    d = d &+ rotl(e, 5) &+ ((a & b) | (~a & c)) &+ 0x5A82_7999 &+ w0
    a = rotl(a, 30)
    w1 = rotl(w14 ^ w9 ^ w3 ^ w1, 1)
    c = c &+ rotl(d, 5) &+ ((e & a) | (~e & b)) &+ 0x5A82_7999 &+ w1
    e = rotl(e, 30)
    w2 = rotl(w15 ^ w10 ^ w4 ^ w2, 1)
    b = b &+ rotl(c, 5) &+ ((d & e) | (~d & a)) &+ 0x5A82_7999 &+ w2
    d = rotl(d, 30)
    w3 = rotl(w0 ^ w11 ^ w5 ^ w3, 1)
    a = a &+ rotl(b, 5) &+ ((c & d) | (~c & e)) &+ 0x5A82_7999 &+ w3
    c = rotl(c, 30)
    w4 = rotl(w1 ^ w12 ^ w6 ^ w4, 1)
    e = e &+ rotl(a, 5) &+ (b ^ c ^ d) &+ 0x6ED9_EBA1 &+ w4
    b = rotl(b, 30)
    w5 = rotl(w2 ^ w13 ^ w7 ^ w5, 1)
    d = d &+ rotl(e, 5) &+ (a ^ b ^ c) &+ 0x6ED9_EBA1 &+ w5
    a = rotl(a, 30)
    w6 = rotl(w3 ^ w14 ^ w8 ^ w6, 1)
    c = c &+ rotl(d, 5) &+ (e ^ a ^ b) &+ 0x6ED9_EBA1 &+ w6
    e = rotl(e, 30)
    w7 = rotl(w4 ^ w15 ^ w9 ^ w7, 1)
    b = b &+ rotl(c, 5) &+ (d ^ e ^ a) &+ 0x6ED9_EBA1 &+ w7
    d = rotl(d, 30)
    w8 = rotl(w5 ^ w0 ^ w10 ^ w8, 1)
    a = a &+ rotl(b, 5) &+ (c ^ d ^ e) &+ 0x6ED9_EBA1 &+ w8
    c = rotl(c, 30)
    w9 = rotl(w6 ^ w1 ^ w11 ^ w9, 1)
    e = e &+ rotl(a, 5) &+ (b ^ c ^ d) &+ 0x6ED9_EBA1 &+ w9
    b = rotl(b, 30)
    w10 = rotl(w7 ^ w2 ^ w12 ^ w10, 1)
    d = d &+ rotl(e, 5) &+ (a ^ b ^ c) &+ 0x6ED9_EBA1 &+ w10
    a = rotl(a, 30)
    w11 = rotl(w8 ^ w3 ^ w13 ^ w11, 1)
    c = c &+ rotl(d, 5) &+ (e ^ a ^ b) &+ 0x6ED9_EBA1 &+ w11
    e = rotl(e, 30)
    w12 = rotl(w9 ^ w4 ^ w14 ^ w12, 1)
    b = b &+ rotl(c, 5) &+ (d ^ e ^ a) &+ 0x6ED9_EBA1 &+ w12
    d = rotl(d, 30)
    w13 = rotl(w10 ^ w5 ^ w15 ^ w13, 1)
    a = a &+ rotl(b, 5) &+ (c ^ d ^ e) &+ 0x6ED9_EBA1 &+ w13
    c = rotl(c, 30)
    w14 = rotl(w11 ^ w6 ^ w0 ^ w14, 1)
    e = e &+ rotl(a, 5) &+ (b ^ c ^ d) &+ 0x6ED9_EBA1 &+ w14
    b = rotl(b, 30)
    w15 = rotl(w12 ^ w7 ^ w1 ^ w15, 1)
    d = d &+ rotl(e, 5) &+ (a ^ b ^ c) &+ 0x6ED9_EBA1 &+ w15
    a = rotl(a, 30)
    w0 = rotl(w13 ^ w8 ^ w2 ^ w0, 1)
    c = c &+ rotl(d, 5) &+ (e ^ a ^ b) &+ 0x6ED9_EBA1 &+ w0
    e = rotl(e, 30)
    w1 = rotl(w14 ^ w9 ^ w3 ^ w1, 1)
    b = b &+ rotl(c, 5) &+ (d ^ e ^ a) &+ 0x6ED9_EBA1 &+ w1
    d = rotl(d, 30)
    w2 = rotl(w15 ^ w10 ^ w4 ^ w2, 1)
    a = a &+ rotl(b, 5) &+ (c ^ d ^ e) &+ 0x6ED9_EBA1 &+ w2
    c = rotl(c, 30)
    w3 = rotl(w0 ^ w11 ^ w5 ^ w3, 1)
    e = e &+ rotl(a, 5) &+ (b ^ c ^ d) &+ 0x6ED9_EBA1 &+ w3
    b = rotl(b, 30)
    w4 = rotl(w1 ^ w12 ^ w6 ^ w4, 1)
    d = d &+ rotl(e, 5) &+ (a ^ b ^ c) &+ 0x6ED9_EBA1 &+ w4
    a = rotl(a, 30)
    w5 = rotl(w2 ^ w13 ^ w7 ^ w5, 1)
    c = c &+ rotl(d, 5) &+ (e ^ a ^ b) &+ 0x6ED9_EBA1 &+ w5
    e = rotl(e, 30)
    w6 = rotl(w3 ^ w14 ^ w8 ^ w6, 1)
    b = b &+ rotl(c, 5) &+ (d ^ e ^ a) &+ 0x6ED9_EBA1 &+ w6
    d = rotl(d, 30)
    w7 = rotl(w4 ^ w15 ^ w9 ^ w7, 1)
    a = a &+ rotl(b, 5) &+ (c ^ d ^ e) &+ 0x6ED9_EBA1 &+ w7
    c = rotl(c, 30)
    w8 = rotl(w5 ^ w0 ^ w10 ^ w8, 1)
    e = e &+ rotl(a, 5) &+ ((b & c) | (b & d) | (c & d)) &+ 0x8F1B_BCDC &+ w8
    b = rotl(b, 30)
    w9 = rotl(w6 ^ w1 ^ w11 ^ w9, 1)
    d = d &+ rotl(e, 5) &+ ((a & b) | (a & c) | (b & c)) &+ 0x8F1B_BCDC &+ w9
    a = rotl(a, 30)
    w10 = rotl(w7 ^ w2 ^ w12 ^ w10, 1)
    c = c &+ rotl(d, 5) &+ ((e & a) | (e & b) | (a & b)) &+ 0x8F1B_BCDC &+ w10
    e = rotl(e, 30)
    w11 = rotl(w8 ^ w3 ^ w13 ^ w11, 1)
    b = b &+ rotl(c, 5) &+ ((d & e) | (d & a) | (e & a)) &+ 0x8F1B_BCDC &+ w11
    d = rotl(d, 30)
    w12 = rotl(w9 ^ w4 ^ w14 ^ w12, 1)
    a = a &+ rotl(b, 5) &+ ((c & d) | (c & e) | (d & e)) &+ 0x8F1B_BCDC &+ w12
    c = rotl(c, 30)
    w13 = rotl(w10 ^ w5 ^ w15 ^ w13, 1)
    e = e &+ rotl(a, 5) &+ ((b & c) | (b & d) | (c & d)) &+ 0x8F1B_BCDC &+ w13
    b = rotl(b, 30)
    w14 = rotl(w11 ^ w6 ^ w0 ^ w14, 1)
    d = d &+ rotl(e, 5) &+ ((a & b) | (a & c) | (b & c)) &+ 0x8F1B_BCDC &+ w14
    a = rotl(a, 30)
    w15 = rotl(w12 ^ w7 ^ w1 ^ w15, 1)
    c = c &+ rotl(d, 5) &+ ((e & a) | (e & b) | (a & b)) &+ 0x8F1B_BCDC &+ w15
    e = rotl(e, 30)
    w0 = rotl(w13 ^ w8 ^ w2 ^ w0, 1)
    b = b &+ rotl(c, 5) &+ ((d & e) | (d & a) | (e & a)) &+ 0x8F1B_BCDC &+ w0
    d = rotl(d, 30)
    w1 = rotl(w14 ^ w9 ^ w3 ^ w1, 1)
    a = a &+ rotl(b, 5) &+ ((c & d) | (c & e) | (d & e)) &+ 0x8F1B_BCDC &+ w1
    c = rotl(c, 30)
    w2 = rotl(w15 ^ w10 ^ w4 ^ w2, 1)
    e = e &+ rotl(a, 5) &+ ((b & c) | (b & d) | (c & d)) &+ 0x8F1B_BCDC &+ w2
    b = rotl(b, 30)
    w3 = rotl(w0 ^ w11 ^ w5 ^ w3, 1)
    d = d &+ rotl(e, 5) &+ ((a & b) | (a & c) | (b & c)) &+ 0x8F1B_BCDC &+ w3
    a = rotl(a, 30)
    w4 = rotl(w1 ^ w12 ^ w6 ^ w4, 1)
    c = c &+ rotl(d, 5) &+ ((e & a) | (e & b) | (a & b)) &+ 0x8F1B_BCDC &+ w4
    e = rotl(e, 30)
    w5 = rotl(w2 ^ w13 ^ w7 ^ w5, 1)
    b = b &+ rotl(c, 5) &+ ((d & e) | (d & a) | (e & a)) &+ 0x8F1B_BCDC &+ w5
    d = rotl(d, 30)
    w6 = rotl(w3 ^ w14 ^ w8 ^ w6, 1)
    a = a &+ rotl(b, 5) &+ ((c & d) | (c & e) | (d & e)) &+ 0x8F1B_BCDC &+ w6
    c = rotl(c, 30)
    w7 = rotl(w4 ^ w15 ^ w9 ^ w7, 1)
    e = e &+ rotl(a, 5) &+ ((b & c) | (b & d) | (c & d)) &+ 0x8F1B_BCDC &+ w7
    b = rotl(b, 30)
    w8 = rotl(w5 ^ w0 ^ w10 ^ w8, 1)
    d = d &+ rotl(e, 5) &+ ((a & b) | (a & c) | (b & c)) &+ 0x8F1B_BCDC &+ w8
    a = rotl(a, 30)
    w9 = rotl(w6 ^ w1 ^ w11 ^ w9, 1)
    c = c &+ rotl(d, 5) &+ ((e & a) | (e & b) | (a & b)) &+ 0x8F1B_BCDC &+ w9
    e = rotl(e, 30)
    w10 = rotl(w7 ^ w2 ^ w12 ^ w10, 1)
    b = b &+ rotl(c, 5) &+ ((d & e) | (d & a) | (e & a)) &+ 0x8F1B_BCDC &+ w10
    d = rotl(d, 30)
    w11 = rotl(w8 ^ w3 ^ w13 ^ w11, 1)
    a = a &+ rotl(b, 5) &+ ((c & d) | (c & e) | (d & e)) &+ 0x8F1B_BCDC &+ w11
    c = rotl(c, 30)
    w12 = rotl(w9 ^ w4 ^ w14 ^ w12, 1)
    e = e &+ rotl(a, 5) &+ (b ^ c ^ d) &+ 0xCA62_C1D6 &+ w12
    b = rotl(b, 30)
    w13 = rotl(w10 ^ w5 ^ w15 ^ w13, 1)
    d = d &+ rotl(e, 5) &+ (a ^ b ^ c) &+ 0xCA62_C1D6 &+ w13
    a = rotl(a, 30)
    w14 = rotl(w11 ^ w6 ^ w0 ^ w14, 1)
    c = c &+ rotl(d, 5) &+ (e ^ a ^ b) &+ 0xCA62_C1D6 &+ w14
    e = rotl(e, 30)
    w15 = rotl(w12 ^ w7 ^ w1 ^ w15, 1)
    b = b &+ rotl(c, 5) &+ (d ^ e ^ a) &+ 0xCA62_C1D6 &+ w15
    d = rotl(d, 30)
    w0 = rotl(w13 ^ w8 ^ w2 ^ w0, 1)
    a = a &+ rotl(b, 5) &+ (c ^ d ^ e) &+ 0xCA62_C1D6 &+ w0
    c = rotl(c, 30)
    w1 = rotl(w14 ^ w9 ^ w3 ^ w1, 1)
    e = e &+ rotl(a, 5) &+ (b ^ c ^ d) &+ 0xCA62_C1D6 &+ w1
    b = rotl(b, 30)
    w2 = rotl(w15 ^ w10 ^ w4 ^ w2, 1)
    d = d &+ rotl(e, 5) &+ (a ^ b ^ c) &+ 0xCA62_C1D6 &+ w2
    a = rotl(a, 30)
    w3 = rotl(w0 ^ w11 ^ w5 ^ w3, 1)
    c = c &+ rotl(d, 5) &+ (e ^ a ^ b) &+ 0xCA62_C1D6 &+ w3
    e = rotl(e, 30)
    w4 = rotl(w1 ^ w12 ^ w6 ^ w4, 1)
    b = b &+ rotl(c, 5) &+ (d ^ e ^ a) &+ 0xCA62_C1D6 &+ w4
    d = rotl(d, 30)
    w5 = rotl(w2 ^ w13 ^ w7 ^ w5, 1)
    a = a &+ rotl(b, 5) &+ (c ^ d ^ e) &+ 0xCA62_C1D6 &+ w5
    c = rotl(c, 30)
    w6 = rotl(w3 ^ w14 ^ w8 ^ w6, 1)
    e = e &+ rotl(a, 5) &+ (b ^ c ^ d) &+ 0xCA62_C1D6 &+ w6
    b = rotl(b, 30)
    w7 = rotl(w4 ^ w15 ^ w9 ^ w7, 1)
    d = d &+ rotl(e, 5) &+ (a ^ b ^ c) &+ 0xCA62_C1D6 &+ w7
    a = rotl(a, 30)
    w8 = rotl(w5 ^ w0 ^ w10 ^ w8, 1)
    c = c &+ rotl(d, 5) &+ (e ^ a ^ b) &+ 0xCA62_C1D6 &+ w8
    e = rotl(e, 30)
    w9 = rotl(w6 ^ w1 ^ w11 ^ w9, 1)
    b = b &+ rotl(c, 5) &+ (d ^ e ^ a) &+ 0xCA62_C1D6 &+ w9
    d = rotl(d, 30)
    w10 = rotl(w7 ^ w2 ^ w12 ^ w10, 1)
    a = a &+ rotl(b, 5) &+ (c ^ d ^ e) &+ 0xCA62_C1D6 &+ w10
    c = rotl(c, 30)
    w11 = rotl(w8 ^ w3 ^ w13 ^ w11, 1)
    e = e &+ rotl(a, 5) &+ (b ^ c ^ d) &+ 0xCA62_C1D6 &+ w11
    b = rotl(b, 30)
    w12 = rotl(w9 ^ w4 ^ w14 ^ w12, 1)
    d = d &+ rotl(e, 5) &+ (a ^ b ^ c) &+ 0xCA62_C1D6 &+ w12
    a = rotl(a, 30)
    w13 = rotl(w10 ^ w5 ^ w15 ^ w13, 1)
    c = c &+ rotl(d, 5) &+ (e ^ a ^ b) &+ 0xCA62_C1D6 &+ w13
    e = rotl(e, 30)
    w14 = rotl(w11 ^ w6 ^ w0 ^ w14, 1)
    b = b &+ rotl(c, 5) &+ (d ^ e ^ a) &+ 0xCA62_C1D6 &+ w14
    d = rotl(d, 30)
    w15 = rotl(w12 ^ w7 ^ w1 ^ w15, 1)
    a = a &+ rotl(b, 5) &+ (c ^ d ^ e) &+ 0xCA62_C1D6 &+ w15
    c = rotl(c, 30)
    h0 = h0 &+ a
    h1 = h1 &+ b
    h2 = h2 &+ c
    h3 = h3 &+ d
    h4 = h4 &+ e
  }

  @inline(__always) static func rotl(_ x: UInt32, _ n: UInt32) -> UInt32 { (x << n) | (x >> (32 - n)) }
  @inline(__always) static func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x >> n) | (x << (32 - n)) }

  // MARK: MD5

  /// The MD5 state words of `bytes` (the digest is their little-endian bytes).
  package static func md5(_ bytes: UnsafeRawBufferPointer) -> (UInt32, UInt32, UInt32, UInt32) {
    padded(bytes, UnsafeRawBufferPointer(start: nil, count: 0), bigEndianLength: false) { p, blocks in
      var s0: UInt32 = 0x6745_2301
      var s1: UInt32 = 0xEFCD_AB89
      var s2: UInt32 = 0x98BA_DCFE
      var s3: UInt32 = 0x1032_5476
      MD5.k.withUnsafeBufferPointer { k in
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 16) { m in
          for blk in 0..<blocks {
            let block = p + blk * 64
            for i in 0..<16 { m[i] = UInt32(littleEndian: block.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self)) }
            var a = s0
            var b = s1
            var c = s2
            var d = s3
            // RFC 1321's four rounds, four steps at a time with their constant rotations; the
            // words change roles from step to step instead of moving.
            for j in stride(from: 0, to: 16, by: 4) {
              a = b &+ rotl(a &+ ((b & c) | (~b & d)) &+ m[j] &+ k[j], 7)
              d = a &+ rotl(d &+ ((a & b) | (~a & c)) &+ m[j + 1] &+ k[j + 1], 12)
              c = d &+ rotl(c &+ ((d & a) | (~d & b)) &+ m[j + 2] &+ k[j + 2], 17)
              b = c &+ rotl(b &+ ((c & d) | (~c & a)) &+ m[j + 3] &+ k[j + 3], 22)
            }
            for j in stride(from: 16, to: 32, by: 4) {
              a = b &+ rotl(a &+ ((b & d) | (c & ~d)) &+ m[(5 &* j &+ 1) & 15] &+ k[j], 5)
              d = a &+ rotl(d &+ ((a & c) | (b & ~c)) &+ m[(5 &* j &+ 6) & 15] &+ k[j + 1], 9)
              c = d &+ rotl(c &+ ((d & b) | (a & ~b)) &+ m[(5 &* j &+ 11) & 15] &+ k[j + 2], 14)
              b = c &+ rotl(b &+ ((c & a) | (d & ~a)) &+ m[(5 &* j &+ 16) & 15] &+ k[j + 3], 20)
            }
            for j in stride(from: 32, to: 48, by: 4) {
              a = b &+ rotl(a &+ (b ^ c ^ d) &+ m[(3 &* j &+ 5) & 15] &+ k[j], 4)
              d = a &+ rotl(d &+ (a ^ b ^ c) &+ m[(3 &* j &+ 8) & 15] &+ k[j + 1], 11)
              c = d &+ rotl(c &+ (d ^ a ^ b) &+ m[(3 &* j &+ 11) & 15] &+ k[j + 2], 16)
              b = c &+ rotl(b &+ (c ^ d ^ a) &+ m[(3 &* j &+ 14) & 15] &+ k[j + 3], 23)
            }
            for j in stride(from: 48, to: 64, by: 4) {
              a = b &+ rotl(a &+ (c ^ (b | ~d)) &+ m[(7 &* j) & 15] &+ k[j], 6)
              d = a &+ rotl(d &+ (b ^ (a | ~c)) &+ m[(7 &* j &+ 7) & 15] &+ k[j + 1], 10)
              c = d &+ rotl(c &+ (a ^ (d | ~b)) &+ m[(7 &* j &+ 14) & 15] &+ k[j + 2], 15)
              b = c &+ rotl(b &+ (d ^ (c | ~a)) &+ m[(7 &* j &+ 21) & 15] &+ k[j + 3], 21)
            }
            s0 = s0 &+ a
            s1 = s1 &+ b
            s2 = s2 &+ c
            s3 = s3 &+ d
          }
        }
      }
      return (s0, s1, s2, s3)
    }
  }

  // MARK: SHA-256

  /// The SHA-256 state words of `bytes` (the digest is their big-endian bytes).
  package static func sha256(_ bytes: UnsafeRawBufferPointer)
    -> (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32)
  {
    padded(bytes, UnsafeRawBufferPointer(start: nil, count: 0), bigEndianLength: true) { p, blocks in
      var state: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) = (
        0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19
      )
      SHA256.compress(&state, p, blocks: blocks)
      return state
    }
  }

  // MARK: Hexadecimal

  /// Writes `w` as 8 lowercase hexadecimal digits, its bytes big-endian, at `out[at...]`.
  @inline(__always)
  static func writeHex(_ w: UInt32, _ out: UnsafeMutableBufferPointer<UInt8>, _ at: inout Int) {
    precondition(at >= 0 && at + 8 <= out.count, "no room for eight hexadecimal digits")
    UnsafeMutableRawPointer(out.baseAddress! + at).storeBytes(of: hex8(w).littleEndian, as: UInt64.self)
    at += 8
  }

  /// The eight lowercase hexadecimal digits of `w`, most significant first, as the bytes of a
  /// little-endian word: each nibble spread into its own byte, then 0-9 and a-f added in all
  /// eight bytes at once (a nibble of 10 or more carries into bit 4 when 6 is added).
  @inline(__always)
  static func hex8(_ w: UInt32) -> UInt64 {
    var x = UInt64(w)
    x = (x | x << 16) & 0x0000_FFFF_0000_FFFF
    x = (x | x << 8) & 0x00FF_00FF_00FF_00FF
    x = (x | x << 4) & 0x0F0F_0F0F_0F0F_0F0F
    x = x.byteSwapped
    let letters = ((x &+ 0x0606_0606_0606_0606) >> 4) & 0x0101_0101_0101_0101
    return x &+ 0x3030_3030_3030_3030 &+ letters &* 0x27
  }

  /// The `count` 32-bit state words of a digest (a tuple of `UInt32`s, laid out in order),
  /// each as eight hexadecimal digits, at the start of `out` (byte-swapped first for MD5, whose
  /// digest is the words' little-endian bytes); returns the digits written.
  @inline(__always)
  static func writeHexWords<State>(
    _ state: State, count: Int, byteSwapped: Bool = false, _ out: UnsafeMutableBufferPointer<UInt8>
  ) -> Int {
    precondition(MemoryLayout<State>.size == 4 * count, "a digest state of \(count) words")
    var at = 0
    withUnsafeBytes(of: state) { raw in
      for i in 0..<count {
        let w = raw.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self)
        writeHex(byteSwapped ? w.byteSwapped : w, out, &at)
      }
    }
    return at
  }

  /// The SHA-256 digest of `bytes` as 64 lowercase hexadecimal digits.
  package static func sha256Hex(_ bytes: UnsafeRawBufferPointer) -> String {
    String(unsafeUninitializedCapacity: 64) { writeSHA256Hex(bytes, $0) }
  }

  /// `sha256Hex`'s 64 digits written at the start of `out`; returns 64.
  @discardableResult
  package static func writeSHA256Hex(_ bytes: UnsafeRawBufferPointer, _ out: UnsafeMutableBufferPointer<UInt8>) -> Int {
    writeHexWords(sha256(bytes), count: 8, out)
  }

  /// The SHA-1 digest of `bytes` as 40 lowercase hexadecimal digits.
  package static func sha1Hex(_ bytes: UnsafeRawBufferPointer) -> String {
    String(unsafeUninitializedCapacity: 40) { writeSHA1Hex(bytes, $0) }
  }

  /// `sha1Hex`'s 40 digits written at the start of `out`; returns 40.
  @discardableResult
  package static func writeSHA1Hex(_ bytes: UnsafeRawBufferPointer, _ out: UnsafeMutableBufferPointer<UInt8>) -> Int {
    writeHexWords(sha1(bytes), count: 5, out)
  }

  /// The MD5 digest of `bytes` as 32 lowercase hexadecimal digits.
  package static func md5Hex(_ bytes: UnsafeRawBufferPointer) -> String {
    String(unsafeUninitializedCapacity: 32) { writeMD5Hex(bytes, $0) }
  }

  /// `md5Hex`'s 32 digits written at the start of `out`; returns 32.
  @discardableResult
  package static func writeMD5Hex(_ bytes: UnsafeRawBufferPointer, _ out: UnsafeMutableBufferPointer<UInt8>) -> Int {
    writeHexWords(md5(bytes), count: 4, byteSwapped: true, out)
  }

  /// The canonical lowercase text of the UUID whose 16 bytes are `hi` then `lo`, big-endian:
  /// `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`.
  package static func uuidText(_ hi: UInt64, _ lo: UInt64) -> String {
    String(unsafeUninitializedCapacity: 36) { out in
      writeUUID(hi, lo, out)
      return 36
    }
  }

  /// `uuidText`'s 36 bytes, written at the start of `out` (which has room for them).
  @inline(__always)
  package static func writeUUID(_ hi: UInt64, _ lo: UInt64, _ out: UnsafeMutableBufferPointer<UInt8>) {
    precondition(out.count >= 36, "no room for a UUID")
    let p = UnsafeMutableRawPointer(out.baseAddress!)
    let a = hex8(UInt32(truncatingIfNeeded: hi >> 32))
    let b = hex8(UInt32(truncatingIfNeeded: hi))
    let c = hex8(UInt32(truncatingIfNeeded: lo >> 32))
    let d = hex8(UInt32(truncatingIfNeeded: lo))
    let dash = UInt8(ascii: "-")
    p.storeBytes(of: a.littleEndian, as: UInt64.self)
    p.storeBytes(of: dash, toByteOffset: 8, as: UInt8.self)
    p.storeBytes(of: UInt32(truncatingIfNeeded: b).littleEndian, toByteOffset: 9, as: UInt32.self)
    p.storeBytes(of: dash, toByteOffset: 13, as: UInt8.self)
    p.storeBytes(of: UInt32(truncatingIfNeeded: b >> 32).littleEndian, toByteOffset: 14, as: UInt32.self)
    p.storeBytes(of: dash, toByteOffset: 18, as: UInt8.self)
    p.storeBytes(of: UInt32(truncatingIfNeeded: c).littleEndian, toByteOffset: 19, as: UInt32.self)
    p.storeBytes(of: dash, toByteOffset: 23, as: UInt8.self)
    p.storeBytes(of: UInt32(truncatingIfNeeded: c >> 32).littleEndian, toByteOffset: 24, as: UInt32.self)
    p.storeBytes(of: d.littleEndian, toByteOffset: 28, as: UInt64.self)
  }

}
