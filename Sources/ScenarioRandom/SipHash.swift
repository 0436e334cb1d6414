/// SipHash-2-4, the keyed pseudo-random function of Aumasson and Bernstein, "SipHash: a fast
/// short-input PRF" (INDOCRYPT 2012).
///
/// Used at compile time to turn names into stream keys, so its speed does not matter; it is a
/// fixed, documented function (unlike Swift's `Hasher`, which is seeded per process).
/// Known-answer vector: the paper's appendix (key 00..0f, message 00..0e → a129ca6149be45e5).
///
/// - Parameters:
///   - key: the 128-bit key as two little-endian 64-bit words `(k0, k1)`; key bytes 00..0f are
///     `(0x0706050403020100, 0x0f0e0d0c0b0a0908)`.
///   - message: the bytes to hash.
/// - Returns: the 64-bit tag.
public func sipHash24(key: (UInt64, UInt64), message: [UInt8]) -> UInt64 {
  var state = SipState(key: key)
  let count = message.count
  let fullWords = count / 8
  for w in 0..<fullWords {
    var m: UInt64 = 0
    for b in 0..<8 {
      m |= UInt64(message[w * 8 + b]) << (8 * UInt64(b))
    }
    state.compress(m)
  }
  // Final word: the remaining bytes, little-endian, with the length in the top byte.
  var last = UInt64(truncatingIfNeeded: count) << 56
  for b in 0..<(count % 8) {
    last |= UInt64(message[fullWords * 8 + b]) << (8 * UInt64(b))
  }
  state.compress(last)
  return state.finalize()
}

/// The four-word SipHash state with 2 compression and 4 finalization rounds.
private struct SipState {
  var v0: UInt64
  var v1: UInt64
  var v2: UInt64
  var v3: UInt64

  init(key: (UInt64, UInt64)) {
    v0 = key.0 ^ 0x736f_6d65_7073_6575  // "somepseudorandomlygeneratedbytes"
    v1 = key.1 ^ 0x646f_7261_6e64_6f6d
    v2 = key.0 ^ 0x6c79_6765_6e65_7261
    v3 = key.1 ^ 0x7465_6462_7974_6573
  }

  mutating func round() {
    v0 = v0 &+ v1
    v1 = v1.rotatedLeft(13)
    v1 ^= v0
    v0 = v0.rotatedLeft(32)
    v2 = v2 &+ v3
    v3 = v3.rotatedLeft(16)
    v3 ^= v2
    v0 = v0 &+ v3
    v3 = v3.rotatedLeft(21)
    v3 ^= v0
    v2 = v2 &+ v1
    v1 = v1.rotatedLeft(17)
    v1 ^= v2
    v2 = v2.rotatedLeft(32)
  }

  mutating func compress(_ m: UInt64) {
    v3 ^= m
    round()
    round()
    v0 ^= m
  }

  mutating func finalize() -> UInt64 {
    v2 ^= 0xff
    for _ in 0..<4 { round() }
    return v0 ^ v1 ^ v2 ^ v3
  }
}

extension UInt64 {
  /// Rotate left by `n` bits (0 < n < 64).
  fileprivate func rotatedLeft(_ n: UInt64) -> UInt64 {
    (self << n) | (self >> (64 - n))
  }
}
