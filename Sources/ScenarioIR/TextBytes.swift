/// The UTF-8 bytes of a text as a buffer, without copying them when the string stores them
/// contiguously (native Swift strings, small or not, always do): the byte-level fast paths of the
/// text, digest and tokenizer functions read texts through it.
@inline(__always)
func withUTF8Buffer<R>(_ s: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
  if let r = s.utf8.withContiguousStorageIfAvailable(body) { return r }
  var copy = s
  return copy.withUTF8(body)
}

/// The same for a raw buffer.
@inline(__always)
func withUTF8RawBuffer<R>(_ s: String, _ body: (UnsafeRawBufferPointer) -> R) -> R {
  withUTF8Buffer(s) { body(UnsafeRawBufferPointer($0)) }
}

/// A text from UTF-8 bytes already known to be valid, written by `body` into a buffer of
/// `capacity` bytes (it returns the count written).
@inline(__always)
func makeText(capacity: Int, _ body: (UnsafeMutableBufferPointer<UInt8>) -> Int) -> String {
  String(unsafeUninitializedCapacity: capacity, initializingUTF8With: body)
}

/// Copies `count` bytes from `source` to `target` (not overlapping). Short copies, the usual
/// text field or name, are done with two loads and two stores of the widest word that fits,
/// overlapping in the middle (so no byte outside either range is read or written), instead of
/// a loop per byte or a call to `memcpy`.
@inlinable @inline(__always)
public func copyBytes(_ source: UnsafePointer<UInt8>, _ target: UnsafeMutablePointer<UInt8>, _ count: Int) {
  let s = UnsafeRawPointer(source)
  let t = UnsafeMutableRawPointer(target)
  switch count {
  case 8...16:
    let head = s.loadUnaligned(as: UInt64.self)
    let tail = s.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
    t.storeBytes(of: head, as: UInt64.self)
    t.storeBytes(of: tail, toByteOffset: count - 8, as: UInt64.self)
  case 4..<8:
    let head = s.loadUnaligned(as: UInt32.self)
    let tail = s.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)
    t.storeBytes(of: head, as: UInt32.self)
    t.storeBytes(of: tail, toByteOffset: count - 4, as: UInt32.self)
  case 2..<4:
    let head = s.loadUnaligned(as: UInt16.self)
    let tail = s.loadUnaligned(fromByteOffset: count - 2, as: UInt16.self)
    t.storeBytes(of: head, as: UInt16.self)
    t.storeBytes(of: tail, toByteOffset: count - 2, as: UInt16.self)
  case 1: target.pointee = source.pointee
  case 0: break
  default: t.copyMemory(from: s, byteCount: count)
  }
}
