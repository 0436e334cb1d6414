/// Philox4x32-10, the counter-based generator of Salmon, Moraes, Dror and Shaw, "Parallel random
/// numbers: as easy as 1, 2, 3" (SC'11), as published in Random123.
///
/// The function is a bijection of the 128-bit counter for each 64-bit key, so two different
/// counters under one key never give the same block. Ten rounds is the published default; the
/// paper's minimum that passes BigCrush is about seven, so the margin must not be cut.
/// Known-answer vectors: Random123 `kat_vectors` (research/statistics.md §1.6).
///
/// - Parameters:
///   - counter: the four 32-bit counter words `(c0, c1, c2, c3)`.
///   - key: the two 32-bit key words `(k0, k1)`.
/// - Returns: four pseudo-random 32-bit words.
// swift-format-ignore: AlwaysUseLowerCamelCase
// The name is the one Random123 and the research brief use.
@inlinable
public func philox4x32_10(
  _ counter: (UInt32, UInt32, UInt32, UInt32), key: (UInt32, UInt32)
) -> (UInt32, UInt32, UInt32, UInt32) {
  var c = counter
  var k = key
  // Ten rounds with nine key bumps between them, unrolled by the optimiser.
  c = philoxRound(c, k)
  for _ in 0..<9 {
    k = (k.0 &+ PhiloxConstants.w0, k.1 &+ PhiloxConstants.w1)
    c = philoxRound(c, k)
  }
  return c
}

/// The Philox4x32 constants from the SC'11 paper (Random123 `philox.h`).
@usableFromInline
enum PhiloxConstants {
  /// Multiplier applied to counter word 0.
  @usableFromInline static let m0: UInt64 = 0xD251_1F53
  /// Multiplier applied to counter word 2.
  @usableFromInline static let m1: UInt64 = 0xCD9E_8D57
  /// Weyl increment of key word 0 (golden ratio).
  @usableFromInline static let w0: UInt32 = 0x9E37_79B9
  /// Weyl increment of key word 1 (sqrt(3) - 1).
  @usableFromInline static let w1: UInt32 = 0xBB67_AE85
}

/// One Philox4x32 round (Random123 `_philox4x32round`): two 32×32→64 products of counter words 0
/// and 2; the new words are (hi₁ ⊕ c₁ ⊕ k₀, lo₁, hi₀ ⊕ c₃ ⊕ k₁, lo₀).
@inlinable @inline(__always)
func philoxRound(
  _ c: (UInt32, UInt32, UInt32, UInt32), _ k: (UInt32, UInt32)
) -> (UInt32, UInt32, UInt32, UInt32) {
  let p0 = PhiloxConstants.m0 &* UInt64(c.0)
  let p1 = PhiloxConstants.m1 &* UInt64(c.2)
  let hi0 = UInt32(truncatingIfNeeded: p0 >> 32)
  let lo0 = UInt32(truncatingIfNeeded: p0)
  let hi1 = UInt32(truncatingIfNeeded: p1 >> 32)
  let lo1 = UInt32(truncatingIfNeeded: p1)
  return (hi1 ^ c.1 ^ k.0, lo1, hi0 ^ c.3 ^ k.1, lo0)
}
