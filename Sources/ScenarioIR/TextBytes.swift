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
