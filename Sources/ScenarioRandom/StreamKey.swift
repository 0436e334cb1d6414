/// The 64-bit Philox key of one random stream (one purpose of one column), split into the two
/// 32-bit key words Philox4x32 takes.
///
/// Keys come from stable *names*, never from positions, so editing one column leaves every other
/// column's stream untouched (research/statistics.md §1.4, requirement (c)).
public struct StreamKey: Sendable, Hashable, CustomStringConvertible {
  /// Philox key word 0: the low 32 bits of the derived hash.
  public let lo: UInt32
  /// Philox key word 1: the high 32 bits of the derived hash.
  public let hi: UInt32

  /// A key from its two words.
  @inlinable
  public init(lo: UInt32, hi: UInt32) {
    self.lo = lo
    self.hi = hi
  }

  /// A key from its 64-bit form: `lo` is the low half, `hi` the high half.
  @inlinable
  public init(bits: UInt64) {
    self.lo = UInt32(truncatingIfNeeded: bits)
    self.hi = UInt32(truncatingIfNeeded: bits >> 32)
  }

  /// The key as one 64-bit value (`hi << 32 | lo`).
  @inlinable
  public var bits: UInt64 { UInt64(hi) << 32 | UInt64(lo) }

  /// Hexadecimal form for logs and test failures, e.g. `StreamKey(0x0123456789abcdef)`.
  public var description: String {
    let hex = String(bits, radix: 16)
    return "StreamKey(0x" + String(repeating: "0", count: 16 - hex.count) + hex + ")"
  }

  /// The fixed domain constant that completes a 64-bit seed to a 128-bit SipHash key: the ASCII
  /// bytes of "scenario".
  public static let seedDomain: UInt64 = 0x7363_656e_6172_696f

  /// The scheme version tag that starts every derivation message. Changing it changes every
  /// random value, so it is part of the generator version.
  public static let versionTag = "rng-v1"

  /// Derives a stream key by the scheme of research/statistics.md §1.4: SipHash-2-4 under the key
  /// `(seed, seedDomain)` over `"rng-v1"` followed by each part as a LEB128 varint of its UTF-8
  /// length and then its UTF-8 bytes. The length prefix keeps `("ab", "c")` and `("a", "bc")`
  /// apart.
  ///
  /// Typical parts are `[table, column, purpose]`, e.g. `["employees", "salary", "value"]`.
  public static func derive(seed: UInt64, _ parts: [String]) -> StreamKey {
    var message = Array(versionTag.utf8)
    for part in parts {
      appendLengthPrefixed(part, to: &message)
    }
    return StreamKey(bits: sipHash24(key: (seed, seedDomain), message: message))
  }
}

/// A 64-bit SipHash-2-4 of a string under the seed's key, for keyed streams whose counter is a
/// string key (research/statistics.md §1.4, "Keyed values").
///
/// The message is `"text-v1"` followed by the string length-prefixed as in `StreamKey.derive`, so
/// the result lives in its own domain and can never coincide by construction with a stream key
/// derivation.
public func hashText(_ s: String, seed: UInt64) -> UInt64 {
  var message = Array("text-v1".utf8)
  appendLengthPrefixed(s, to: &message)
  return sipHash24(key: (seed, StreamKey.seedDomain), message: message)
}

/// Appends `varint(utf8 length)` (unsigned LEB128) and then the UTF-8 bytes of `part`.
func appendLengthPrefixed(_ part: String, to message: inout [UInt8]) {
  var length = UInt64(part.utf8.count)
  repeat {
    var byte = UInt8(truncatingIfNeeded: length & 0x7f)
    length >>= 7
    if length != 0 { byte |= 0x80 }
    message.append(byte)
  } while length != 0
  message.append(contentsOf: part.utf8)
}
