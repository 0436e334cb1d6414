import ScenarioIR

/// Where `ValueFormatter` writes bytes: a growable `[UInt8]`, or a `ByteCursor` into memory
/// reserved in advance (the CSV encoder's fast path, which checks no capacity per byte).
package protocol ByteSink {
  mutating func append(_ byte: UInt8)
  mutating func append(bytes: UnsafeRawBufferPointer)
}

extension Array: ByteSink where Element == UInt8 {
  @inline(__always)
  package mutating func append(bytes: UnsafeRawBufferPointer) { append(contentsOf: bytes) }
}

extension ByteSink {
  /// Appends the bytes of an ASCII literal.
  @inline(__always)
  mutating func append(ascii text: StaticString) {
    text.withUTF8Buffer { append(bytes: UnsafeRawBufferPointer($0)) }
  }
}

/// Writes bytes at a moving pointer into memory its owner reserved, without bounds checks: the
/// owner reserves at least as many bytes as it will write (`CSVEncoder` computes a bound per
/// chunk and checks it per row).
package struct ByteCursor: ByteSink {
  package private(set) var position: UnsafeMutablePointer<UInt8>

  package init(_ start: UnsafeMutablePointer<UInt8>) { position = start }

  @inline(__always)
  package mutating func append(_ byte: UInt8) {
    position.initialize(to: byte)
    position += 1
  }

  @inline(__always)
  package mutating func append(bytes: UnsafeRawBufferPointer) {
    guard let base = bytes.baseAddress else { return }
    let count = bytes.count
    // Most fields are a few bytes: a word or two, not a loop or a call to memmove.
    copyBytes(base.assumingMemoryBound(to: UInt8.self), position, count)
    position += count
  }
}
