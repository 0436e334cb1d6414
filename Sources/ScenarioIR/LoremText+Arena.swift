/// The arena form of `words`, `sentence` and `paragraph`, which the column-wise engine appends:
/// each word is drawn and written in one pass, as one 16-byte store from a table of the
/// vocabulary's spellings, with no second pass to size the text first. It makes the same draws
/// in the same order as `generate`, so its bytes are the `String` forms' (tests compare them).
extension LoremText {
  /// Every vocabulary word in a 16-byte slot, twice: ` word` (rank `r`) and ` Word` (rank
  /// `count + r`, capitalised as `Spelling` capitalises), each with a leading space and zero
  /// bytes after; `lengths` holds each slot's bytes. Nil when a word is longer than 15 bytes
  /// (none of the fixed vocabulary is), for the two-pass writer then.
  struct Slots: @unchecked Sendable {
    let words: UnsafeMutablePointer<UInt64>
    let lengths: UnsafeMutablePointer<UInt8>
    let count: Int

    init?(_ spelling: Spelling) {
      count = spelling.offsets.count - 1
      for r in 0..<count where spelling.capitalOffsets[r + 1] - spelling.capitalOffsets[r] > 15
        || spelling.offsets[r + 1] - spelling.offsets[r] > 15 {
        return nil
      }
      words = .allocate(capacity: 4 * count)
      lengths = .allocate(capacity: 2 * count)
      let raw = UnsafeMutableRawPointer(words)
      raw.initializeMemory(as: UInt8.self, repeating: 0, count: 32 * count)
      func fill(_ slot: Int, _ bytes: [UInt8], _ offsets: [Int], _ r: Int) {
        let from = offsets[r]
        let length = offsets[r + 1] - from
        raw.storeBytes(of: 0x20, toByteOffset: 16 * slot, as: UInt8.self)
        for k in 0..<length { raw.storeBytes(of: bytes[from + k], toByteOffset: 16 * slot + 1 + k, as: UInt8.self) }
        lengths[slot] = UInt8(1 + length)
      }
      for r in 0..<count {
        fill(r, spelling.bytes, spelling.offsets, r)
        fill(count + r, spelling.capitalBytes, spelling.capitalOffsets, r)
      }
    }
  }

  /// The slots of the vocabulary, made once (never freed: they live as long as the process).
  nonisolated(unsafe) static let slots = Slots(spelling)

  /// The text of `words` (`kind` 0), `sentence` (1) or `paragraph` (2) appended as bytes;
  /// false (nothing appended) when it would pass `limit` bytes.
  public static func append(kind: Int, _ n: Int, seed: UInt64, limit: Int, into out: inout TextArenaBuilder) -> Bool {
    guard n > 0 else { return true }
    guard let slots else { return appendTwoPass(kind: kind, n, seed: seed, limit: limit, into: &out) }
    // Each word advances at most 15 bytes and stores 16; a sentence adds its full stop.
    let sentences = kind == 2 ? n : 1
    let wordsBound = kind == 2 ? 14 * n : n
    let bound = 16 * wordsBound + sentences + 16
    var rng = SplitMix64(seed)
    let written = cumulative.withUnsafeBufferPointer { cumulative in
      buckets.withUnsafeBufferPointer { buckets in
        out.appendInPlace(upTo: bound) { start in
          var at = UnsafeMutableRawPointer(start)
          /// Stores slot `slot`, without its leading space when `trim`.
          @inline(__always) func put(_ slot: Int, trim: Bool) {
            var low = slots.words[2 * slot]
            var high = slots.words[2 * slot + 1]
            var length = Int(slots.lengths[slot])
            if trim {
              low = low >> 8 | high << 56
              high >>= 8
              length -= 1
            }
            at.storeBytes(of: low, as: UInt64.self)
            at.storeBytes(of: high, toByteOffset: 8, as: UInt64.self)
            at += length
          }
          @inline(__always) func sentence(_ m: Int, first: Bool) {
            put(slots.count + wordIndex(&rng, cumulative, buckets), trim: first)
            for _ in 1..<m { put(wordIndex(&rng, cumulative, buckets), trim: false) }
            at.storeBytes(of: UInt8(ascii: "."), as: UInt8.self)
            at += 1
          }
          switch kind {
          case 0:
            put(wordIndex(&rng, cumulative, buckets), trim: true)
            for _ in 1..<n { put(wordIndex(&rng, cumulative, buckets), trim: false) }
          case 1:
            sentence(n, first: true)
          default:
            for k in 0..<n { sentence(4 + Int(rng.below(11)), first: k == 0) }
          }
          return at - UnsafeMutableRawPointer(start)
        }
      }
    }
    guard written <= limit else {
      out.dropLast(written)
      return false
    }
    return true
  }

  /// `append` by the two passes of `generate` (the length first, then the bytes).
  static func appendTwoPass(kind: Int, _ n: Int, seed: UInt64, limit: Int, into out: inout TextArenaBuilder) -> Bool {
    guard n > 0 else { return true }
    func finish(_ capacity: Int, _ write: (UnsafeMutableBufferPointer<UInt8>) -> Int) -> Bool {
      guard capacity <= limit else { return false }
      out.appendInPlace(capacity) { _ = write($0) }
      return true
    }
    switch kind {
    case 0: return words(n, seed: seed, finish)
    case 1: return sentence(n, seed: seed, finish)
    default: return paragraph(n, seed: seed, finish)
    }
  }
}
