/// Hexadecimal and Base64 (RFC 4648 §4, the standard alphabet with `=` padding).
package enum Encodings {
  /// Lowercase hexadecimal, two digits per byte.
  package static func hex(_ bytes: [UInt8]) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count * 2)
    for b in bytes {
      out.append(digits[Int(b >> 4)])
      out.append(digits[Int(b & 0xF)])
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// Base64 with padding: `base64("Man")` is `TWFu`, `base64("Ma")` is `TWE=`.
  package static func base64(_ bytes: [UInt8]) -> String {
    let count = base64Length(bytes.count)
    return String(unsafeUninitializedCapacity: count) { out in
      bytes.withUnsafeBufferPointer { writeBase64($0, out) }
      return count
    }
  }

  /// The length of the Base64 text of `count` bytes.
  package static func base64Length(_ count: Int) -> Int { (count + 2) / 3 * 4 }

  /// `base64`'s text of `bytes`, written at the start of `out` (which has `base64Length` bytes of
  /// room).
  package static func writeBase64(_ bytes: UnsafeBufferPointer<UInt8>, _ out: UnsafeMutableBufferPointer<UInt8>) {
    precondition(out.count >= base64Length(bytes.count), "no room for the Base64 text")
    let alphabet: StaticString = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    let a = alphabet.utf8Start
    var i = 0
    var at = 0
    while i < bytes.count {
      let b0 = UInt32(bytes[i])
      let b1 = i + 1 < bytes.count ? UInt32(bytes[i + 1]) : 0
      let b2 = i + 2 < bytes.count ? UInt32(bytes[i + 2]) : 0
      let n = b0 << 16 | b1 << 8 | b2
      out[at] = a[Int(n >> 18 & 63)]
      out[at + 1] = a[Int(n >> 12 & 63)]
      out[at + 2] = i + 1 < bytes.count ? a[Int(n >> 6 & 63)] : UInt8(ascii: "=")
      out[at + 3] = i + 2 < bytes.count ? a[Int(n & 63)] : UInt8(ascii: "=")
      i += 3
      at += 4
    }
  }

  /// The 16 bytes of a UUID written as `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` (any case), or nil.
  package static func uuidBytes(_ text: String) -> [UInt8]? {
    let chars = Array(text.utf8)
    guard chars.count == 36 else { return nil }
    var out: [UInt8] = []
    var i = 0
    while i < 36 {
      if i == 8 || i == 13 || i == 18 || i == 23 {
        guard chars[i] == UInt8(ascii: "-") else { return nil }
        i += 1
        continue
      }
      guard let hi = nibble(chars[i]), let lo = nibble(chars[i + 1]) else { return nil }
      out.append(hi << 4 | lo)
      i += 2
    }
    return out
  }

  /// The canonical lowercase text of 16 UUID bytes.
  package static func uuidText(_ bytes: [UInt8]) -> String {
    let h = hex(bytes)
    let u = Array(h.utf8)
    var out = u[0..<8] + [UInt8(ascii: "-")] + u[8..<12] + [UInt8(ascii: "-")] + u[12..<16]
    out += [UInt8(ascii: "-")] + u[16..<20] + [UInt8(ascii: "-")] + u[20..<32]
    return String(decoding: out, as: UTF8.self)
  }

  static func nibble(_ c: UInt8) -> UInt8? {
    switch c {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
    default: nil
    }
  }
}
