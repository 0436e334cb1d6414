/// SHA-1 (FIPS 180-4), for UUID version 5 (RFC 9562 §5.5) and the `sha1` function. Not for
/// security: SHA-1 collisions are practical; it is here because formats and fixtures name it.
package struct SHA1 {
  private var state: (UInt32, UInt32, UInt32, UInt32, UInt32) = (
    0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476, 0xC3D2_E1F0
  )
  private var buffer = BlockBuffer()

  package init() {}

  /// The 20-byte digest of `bytes`.
  package static func digest(_ bytes: [UInt8]) -> [UInt8] {
    var h = SHA1()
    h.update(bytes)
    return h.finalize()
  }

  package mutating func update(_ bytes: [UInt8]) {
    for block in buffer.append(bytes) { compress(block) }
  }

  /// The digest, 20 bytes. The hasher is spent afterwards.
  package mutating func finalize() -> [UInt8] {
    update(buffer.padding(bigEndianLength: true))
    var out: [UInt8] = []
    for w in [state.0, state.1, state.2, state.3, state.4] {
      for shift in stride(from: 24, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: w >> UInt32(shift))) }
    }
    return out
  }

  @inline(__always) private static func rotl(_ x: UInt32, _ n: UInt32) -> UInt32 { (x << n) | (x >> (32 - n)) }

  private mutating func compress(_ block: [UInt8]) {
    var w = [UInt32](repeating: 0, count: 80)
    for i in 0..<16 {
      w[i] = UInt32(block[4 * i]) << 24 | UInt32(block[4 * i + 1]) << 16 | UInt32(block[4 * i + 2]) << 8
        | UInt32(block[4 * i + 3])
    }
    for i in 16..<80 { w[i] = Self.rotl(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1) }
    var (a, b, c, d, e) = state
    for i in 0..<80 {
      let f: UInt32
      let k: UInt32
      switch i {
      case 0..<20: (f, k) = ((b & c) | (~b & d), 0x5A82_7999)
      case 20..<40: (f, k) = (b ^ c ^ d, 0x6ED9_EBA1)
      case 40..<60: (f, k) = ((b & c) | (b & d) | (c & d), 0x8F1B_BCDC)
      default: (f, k) = (b ^ c ^ d, 0xCA62_C1D6)
      }
      let t = Self.rotl(a, 5) &+ f &+ e &+ k &+ w[i]
      e = d
      d = c
      c = Self.rotl(b, 30)
      b = a
      a = t
    }
    state = (state.0 &+ a, state.1 &+ b, state.2 &+ c, state.3 &+ d, state.4 &+ e)
  }
}
