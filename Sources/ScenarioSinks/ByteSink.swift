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
    if count <= 16 {
      // Most fields are a few bytes: a loop costs less than a call to memmove.
      let source = base.assumingMemoryBound(to: UInt8.self)
      for i in 0..<count { position[i] = source[i] }
    } else {
      UnsafeMutableRawPointer(position).copyMemory(from: base, byteCount: count)
    }
    position += count
  }
}
