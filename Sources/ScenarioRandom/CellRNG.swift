/// The random source of one cell: a tiny value type over Philox4x32-10 with no sequential state
/// shared between cells (research/statistics.md §1.4).
///
/// Block `i` of the cell is `philox4x32_10((lo32(row), hi32(row), i, sub), key)`. Each block gives
/// 128 bits, served as two 64-bit words (`w0 << 32 | w1`, then `w2 << 32 | w3`). Every value drawn
/// is therefore a pure function of `(key, row, sub, draw order)`: it does not depend on other
/// cells, threads, shards or earlier rows, and rejection loops only consume this cell's own
/// counter space. No heap allocation happens anywhere in this type.
public struct CellRNG: Sendable {
  @usableFromInline let key: (UInt32, UInt32)
  @usableFromInline let rowLo: UInt32
  @usableFromInline let rowHi: UInt32
  @usableFromInline let sub: UInt32
  /// Index of the next Philox block to compute (counter word 2).
  @usableFromInline var block: UInt32
  /// The second word of the last block, not yet handed out.
  @usableFromInline var spare: UInt64
  @usableFromInline var hasSpare: Bool

  /// A generator for the cell at `row` of the stream `key`. `sub` is counter word 3, for a second
  /// independent sequence at the same row (e.g. an attempt number or a child index).
  @inlinable
  public init(key: StreamKey, row: UInt64, sub: UInt32 = 0) {
    self.key = (key.lo, key.hi)
    self.rowLo = UInt32(truncatingIfNeeded: row)
    self.rowHi = UInt32(truncatingIfNeeded: row >> 32)
    self.sub = sub
    self.block = 0
    self.spare = 0
    self.hasSpare = false
  }

  /// The number of Philox blocks used so far (two 64-bit words each).
  @inlinable
  public var blocksUsed: UInt32 { block }

  /// The next 64 uniformly distributed bits.
  @inlinable
  public mutating func nextUInt64() -> UInt64 {
    if hasSpare {
      hasSpare = false
      return spare
    }
    let w = philox4x32_10((rowLo, rowHi, block, sub), key: key)
    // Wrapping is unreachable in practice: every loop that draws is capped far below 2^32 blocks.
    block &+= 1
    spare = UInt64(w.2) << 32 | UInt64(w.3)
    hasSpare = true
    return UInt64(w.0) << 32 | UInt64(w.1)
  }

  /// A uniform double in the open interval (0, 1), never 0 or 1; see `openUniform(_:)`.
  @inlinable
  public mutating func nextUniform() -> Double {
    CellRNG.openUniform(nextUInt64())
  }

  /// Converts 64 random bits to a double in the open interval (0, 1): `((x >> 12) + 0.5) · 2⁻⁵²`.
  ///
  /// The result is one of the 2⁵² midpoints `(k + ½)/2⁵²`, every one equally likely, computed
  /// exactly (no rounding), so it is symmetric under `u ↦ 1 − u` and lies in [2⁻⁵³, 1 − 2⁻⁵³].
  /// (The 53-bit form `((x >> 11) + 0.5) · 2⁻⁵³` of research/statistics.md §2.1 is not exact in
  /// binary64: for `x >> 11 = 2⁵³ − 1` the addition rounds to 2⁵³ and yields exactly 1.0.)
  /// Consequences: inverted normals are bounded at about ±8.21σ and exponentials at about 36.7
  /// means.
  @inlinable
  public static func openUniform(_ bits: UInt64) -> Double {
    (Double(bits >> 12) + 0.5) * 0x1p-52
  }

  /// A uniform integer in `0..<n` by Lemire's multiply-shift with the rejection step
  /// ("Fast random integer generation in an interval", ACM TOMACS 29(1), 2019), so the result is
  /// exactly unbiased. Usually one word; more only with probability below n/2⁶⁴ per try.
  ///
  /// The rejection loop is capped at 2²⁰ tries (never reached in practice: the chance of even 64
  /// rejections is below 2⁻⁶⁴); after that the last product is returned, which stays
  /// deterministic. For `n == 0` the result is 0 and no bits are drawn.
  @inlinable
  public mutating func nextBounded(_ n: UInt64) -> UInt64 {
    if n == 0 { return 0 }
    var m = nextUInt64().multipliedFullWidth(by: n)
    if m.low < n {
      let threshold = (0 &- n) % n  // 2^64 mod n
      var tries = 0
      while m.low < threshold && tries < samplerRetryCap {
        m = nextUInt64().multipliedFullWidth(by: n)
        tries += 1
      }
    }
    return m.high
  }
}

/// The cap on every rejection loop in this module (research/statistics.md §2.2): 2²⁰ tries.
/// Every sampler documents what it returns when the cap is hit; all such fallbacks are
/// deterministic.
@usableFromInline let samplerRetryCap = 1 << 20
