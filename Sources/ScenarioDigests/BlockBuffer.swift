/// The 64-byte blocks of a Merkle-Damgard hash (MD5, SHA-1): buffers the input, hands back the
/// full blocks to compress, and builds the final padding (0x80, zeros, the message's length in
/// bits as 8 bytes).
struct BlockBuffer {
  private var pending: [UInt8] = []
  private var length: UInt64 = 0

  init() { pending.reserveCapacity(64) }

  /// Adds bytes; returns the blocks they completed, in order.
  mutating func append(_ bytes: [UInt8]) -> [[UInt8]] {
    length &+= UInt64(bytes.count)
    var blocks: [[UInt8]] = []
    for b in bytes {
      pending.append(b)
      if pending.count == 64 {
        blocks.append(pending)
        pending.removeAll(keepingCapacity: true)
      }
    }
    return blocks
  }

  /// The padding that ends the message, with its bit length big-endian (SHA) or little-endian
  /// (MD5). Appending it completes the last blocks.
  func padding(bigEndianLength: Bool) -> [UInt8] {
    let bits = length &* 8
    var tail: [UInt8] = [0x80]
    tail.append(contentsOf: repeatElement(0, count: (56 - (pending.count + 1) % 64 + 64) % 64))
    let shifts = bigEndianLength ? Array(stride(from: 56, through: 0, by: -8)) : Array(stride(from: 0, through: 56, by: 8))
    for shift in shifts { tail.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift))) }
    return tail
  }
}
