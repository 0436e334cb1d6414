#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

/// Texts as UTF-8 bytes end to end, in process-lifetime storage: what the column-wise engine
/// copies into its output for a pack's values, without a `String` or a reference count per draw
/// (every engine thread reads the same lists). Built once per pack, never freed.
public struct ByteList: @unchecked Sendable {
  private let blob: UnsafeBufferPointer<UInt8>
  /// `ends[i]` is where text `i` ends in `blob` (it starts where text `i - 1` ends).
  private let ends: UnsafeBufferPointer<Int>

  public init(_ texts: [String]) {
    let total = texts.reduce(0) { $0 + $1.utf8.count }
    let blob = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(total, 1))
    let ends = UnsafeMutableBufferPointer<Int>.allocate(capacity: max(texts.count, 1))
    var at = 0
    for (i, t) in texts.enumerated() {
      for b in t.utf8 {
        blob[at] = b
        at += 1
      }
      ends[i] = at
    }
    self.blob = UnsafeBufferPointer(blob)
    self.ends = UnsafeBufferPointer(rebasing: ends[0..<texts.count])
  }

  /// The texts given as UTF-8 byte ranges (copied).
  public init(slices: [UnsafeBufferPointer<UInt8>]) {
    let total = slices.reduce(0) { $0 + $1.count }
    let blob = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(total, 1))
    let ends = UnsafeMutableBufferPointer<Int>.allocate(capacity: max(slices.count, 1))
    var at = 0
    for (i, t) in slices.enumerated() {
      if let p = t.baseAddress, t.count > 0 { (blob.baseAddress! + at).update(from: p, count: t.count) }
      at += t.count
      ends[i] = at
    }
    self.blob = UnsafeBufferPointer(blob)
    self.ends = UnsafeBufferPointer(rebasing: ends[0..<slices.count])
  }

  public var count: Int { ends.count }

  /// Where text `i`'s bytes start, and how many there are.
  func location(_ i: Int) -> (start: Int, count: Int) {
    let start = i == 0 ? 0 : ends[i - 1]
    return (start, ends[i] - start)
  }

  /// The `count` bytes at `start` (a `location`).
  @inline(__always)
  func bytes(at start: Int, count: Int) -> UnsafeBufferPointer<UInt8> {
    UnsafeBufferPointer(start: blob.baseAddress! + start, count: count)
  }

  /// Text `i`'s bytes.
  @inline(__always)
  public subscript(i: Int) -> UnsafeBufferPointer<UInt8> {
    let start = i == 0 ? 0 : ends[i - 1]
    return UnsafeBufferPointer(rebasing: blob[start..<ends[i]])
  }
}

/// The index of each text of a `ByteList` by its bytes (the first index of a text listed twice
/// unless `prefer` says otherwise): open addressing on an FNV-1a hash, in process-lifetime
/// storage, so a lookup hashes the bytes once and compares them, with no `String`.
public struct ByteIndex: @unchecked Sendable {
  private let list: ByteList
  /// Slot -> index into `list`, or -1 for an empty slot; a power of two of slots, at most half
  /// full.
  private let slots: UnsafeBufferPointer<Int32>
  private let mask: Int

  /// Indexes `list`; where two texts are equal, `keep(old, new)` says whether the slot keeps
  /// the earlier index (the default) or takes the later one.
  public init(_ list: ByteList, keep: (Int, Int) -> Bool = { _, _ in true }) {
    self.list = list
    var size = 4
    while size < 2 * list.count { size <<= 1 }
    let slots = UnsafeMutableBufferPointer<Int32>.allocate(capacity: size)
    slots.initialize(repeating: -1)
    mask = size - 1
    for i in 0..<list.count {
      let key = list[i]
      var s = Self.hash(key) & mask
      while slots[s] >= 0 {
        let other = Int(slots[s])
        if Self.equal(list[other], key) {
          if !keep(other, i) { slots[s] = Int32(i) }
          break
        }
        s = (s + 1) & mask
      }
      if slots[s] < 0 { slots[s] = Int32(i) }
    }
    self.slots = UnsafeBufferPointer(slots)
  }

  /// The index of the text with these bytes, if listed.
  @inline(__always)
  public func index(_ key: UnsafeBufferPointer<UInt8>) -> Int? {
    var s = Self.hash(key) & mask
    while true {
      let i = slots[s]
      if i < 0 { return nil }
      if Self.equal(list[Int(i)], key) { return Int(i) }
      s = (s + 1) & mask
    }
  }

  /// A hash of the bytes, eight at a time (the last word overlapping the one before when the
  /// length is not a multiple of eight; shorter keys in two overlapping halves), mixed with the
  /// length: a multiply and a rotation per word.
  @inline(__always)
  static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
    let n = bytes.count
    var h = UInt64(truncatingIfNeeded: n) &* 0x9E37_79B9_7F4A_7C15
    guard n > 0, let base = bytes.baseAddress else { return Int(truncatingIfNeeded: h) }
    let raw = UnsafeRawPointer(base)
    @inline(__always) func mix(_ w: UInt64) {
      h = ((h ^ w) &* 0xBF58_476D_1CE4_E5B9)
      h ^= h >> 31
    }
    if n >= 8 {
      var i = 0
      while i + 8 <= n {
        mix(raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
        i += 8
      }
      if i < n { mix(raw.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)) }
    } else if n >= 4 {
      mix(UInt64(raw.loadUnaligned(as: UInt32.self)) | UInt64(raw.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self)) << 32)
    } else {
      mix(UInt64(base[0]) | UInt64(base[n / 2]) << 8 | UInt64(base[n - 1]) << 16)
    }
    h = (h ^ (h >> 29)) &* 0x94D0_49BB_1331_11EB
    return Int(truncatingIfNeeded: h ^ (h >> 32))
  }

  @inline(__always)
  static func equal(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
    let n = a.count
    guard n == b.count else { return false }
    guard n > 0, let pa = a.baseAddress, let pb = b.baseAddress else { return true }
    if n <= 16 {
      // Two overlapping words of the widest size that fits, as `copyBytes` copies.
      let x = UnsafeRawPointer(pa)
      let y = UnsafeRawPointer(pb)
      switch n {
      case 8...:
        return x.loadUnaligned(as: UInt64.self) == y.loadUnaligned(as: UInt64.self)
          && x.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self) == y.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
      case 4...:
        return x.loadUnaligned(as: UInt32.self) == y.loadUnaligned(as: UInt32.self)
          && x.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self) == y.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self)
      default:
        return pa[0] == pb[0] && pa[n / 2] == pb[n / 2] && pa[n - 1] == pb[n - 1]
      }
    }
    return memcmp(pa, pb, n) == 0
  }
}

/// A format cut at its placeholders (`LocalePack.FormatPart`), with each literal's UTF-8 bytes,
/// in process-lifetime storage.
public struct ByteTemplate: @unchecked Sendable {
  public enum Kind: UInt8, Sendable { case literal, street, number, lastName }
  /// Each part's kind, and its bytes (a literal's; empty for a placeholder).
  public let kinds: UnsafeBufferPointer<Kind>
  public let literals: ByteList

  public init(_ parts: [LocalePack.FormatPart]) {
    let kinds = UnsafeMutableBufferPointer<Kind>.allocate(capacity: max(parts.count, 1))
    var texts: [String] = []
    for (i, p) in parts.enumerated() {
      switch p {
      case .literal(let t):
        kinds[i] = .literal
        texts.append(t)
      case .street:
        kinds[i] = .street
        texts.append("")
      case .number:
        kinds[i] = .number
        texts.append("")
      case .lastName:
        kinds[i] = .lastName
        texts.append("")
      }
    }
    self.kinds = UnsafeBufferPointer(rebasing: kinds[0..<parts.count])
    literals = ByteList(texts)
  }
}

/// Process-lifetime copies of small arrays the column-wise engine reads per row.
enum Immortal {
  static func buffer<T>(_ array: [T]) -> UnsafeBufferPointer<T> {
    let b = UnsafeMutableBufferPointer<T>.allocate(capacity: max(array.count, 1))
    _ = b.initialize(from: array)
    return UnsafeBufferPointer(rebasing: b[0..<array.count])
  }
}
