import Foundation

/// The digits of `format_number`: `printf("%.*f")` of a float, exactly. glibc (and every C
/// library the engine runs on) writes the exact binary value of the double rounded to the
/// decimals, a tie (exactly half way, which only a value with few significant bits can be)
/// going to the even last digit, with the sign of the double even when the digits are all 0
/// (`-0.00`). `fixedDigits` computes that in integer arithmetic for the doubles whose scaled
/// value fits 64 bits; the others go through `String(format:)`. The tests compare the two on
/// many random doubles and on every decimal count.
extension Semantics {
  /// Powers of ten that fit a UInt64: 10^0 ... 10^19.
  static let powersOfTen: [UInt64] = (0...19).map { k in (0..<k).reduce(UInt64(1)) { r, _ in r * 10 } }

  /// `String(format: "%.*f", decimals, x)` for a finite `x`.
  static func fixed(_ x: Double, decimals: Int) -> String {
    if let s = fixedDigits(x, decimals: decimals) { return s }
    return String(format: "%.*f", Int32(decimals), x)
  }

  /// The fast form of `fixed`; nil when the scaled value does not fit 64 bits (or `x` is not
  /// finite, or subnormal, or `decimals` is above 19).
  static func fixedDigits(_ x: Double, decimals d: Int) -> String? {
    var fits = true
    let text = makeText(capacity: fixedBound) { out in
      guard let n = writeFixed(x, decimals: d, to: out.baseAddress!) else {
        fits = false
        return 0
      }
      return n
    }
    return fits ? text : nil
  }

  /// The most bytes `writeFixed` writes: a sign, the digits of the scaled 64-bit value (at most
  /// 20, decimals included: at most 19 decimals and one digit before the point) and a point.
  static let fixedBound = 22

  /// `fixedDigits` written at `out` (room for `fixedBound` bytes): its byte count, or nil
  /// (nothing written) when the fast form does not apply.
  static func writeFixed(_ x: Double, decimals d: Int, to out: UnsafeMutablePointer<UInt8>) -> Int? {
    guard d >= 0, d <= 19, x.isFinite else { return nil }
    let negative = x.sign == .minus
    let magnitude = x.magnitude
    var q: UInt64
    if magnitude == 0 {
      q = 0
    } else {
      guard magnitude.isNormal else { return nil }
      let m = UInt64(magnitude.significandBitPattern) | (1 << 52)
      let shift = Int(magnitude.exponent) - 52  // magnitude = m * 2^shift
      let p = powersOfTen[d]
      if shift >= 0 {
        guard shift <= 11 else { return nil }
        let (product, overflow) = (m << UInt64(shift)).multipliedReportingOverflow(by: p)
        if overflow { return nil }
        q = product
      } else {
        // magnitude * 10^d = (hi * 2^64 + lo) / 2^k: the quotient, rounded half to even.
        let k = -shift
        let (hi, lo) = m.multipliedFullWidth(by: p)
        let roundUp: Bool
        if k >= 128 {
          // The product is below 2^117, so below half of 2^k.
          q = 0
          roundUp = false
        } else if k < 64 {
          if hi >> UInt64(k) != 0 { return nil }
          q = (hi << UInt64(64 - k)) | (lo >> UInt64(k))
          let r = lo & ((1 << UInt64(k)) - 1)
          let half: UInt64 = 1 << UInt64(k - 1)
          roundUp = r > half || (r == half && q & 1 == 1)
        } else if k == 64 {
          q = hi
          let half: UInt64 = 1 << 63
          roundUp = lo > half || (lo == half && q & 1 == 1)
        } else {
          let j = UInt64(k - 64)  // 1 ... 63
          q = hi >> j
          let rHigh = hi & ((1 << j) - 1)
          let halfHigh: UInt64 = 1 << (j - 1)
          roundUp = rHigh > halfHigh || (rHigh == halfHigh && (lo > 0 || q & 1 == 1))
        }
        if roundUp {
          if q == .max { return nil }
          q += 1
        }
      }
    }
    // The digits of q, at least d + 1 of them, with a point before the last d.
    var digits = 0
    var v = q
    repeat {
      digits += 1
      v /= 10
    } while v > 0
    let intDigits = max(digits, d + 1)
    let count = (negative ? 1 : 0) + intDigits + (d > 0 ? 1 : 0)
    var at = count
    v = q
    for k in 0..<intDigits {
      if k == d && d > 0 {
        at -= 1
        out[at] = UInt8(ascii: ".")
      }
      at -= 1
      out[at] = UInt8(ascii: "0") + UInt8(v % 10)
      v /= 10
    }
    if negative { out[0] = UInt8(ascii: "-") }
    return count
  }

  /// `digits` (an optional `-`, decimal digits, an optional `.` and decimals) with `separator`
  /// between groups of three digits of the integer part.
  static func grouped(_ digits: String, separator: String) -> String {
    withUTF8Buffer(digits) { d in
      withUTF8Buffer(separator) { sep in
        makeText(capacity: groupedBound(d, sep)) { writeGrouped(d, separator: sep, to: $0.baseAddress!) }
      }
    }
  }

  /// The byte count of `grouped` (at most).
  static func groupedBound(_ d: UnsafeBufferPointer<UInt8>, _ sep: UnsafeBufferPointer<UInt8>) -> Int {
    d.count + max(d.count - 1, 0) / 3 * sep.count
  }

  /// `grouped` of the bytes `d` written at `out` (room for `groupedBound` bytes): its byte count.
  static func writeGrouped(
    _ d: UnsafeBufferPointer<UInt8>, separator sep: UnsafeBufferPointer<UInt8>, to out: UnsafeMutablePointer<UInt8>
  ) -> Int {
    let negative = d.first == UInt8(ascii: "-")
    let start = negative ? 1 : 0
    var point = start
    while point < d.count && d[point] != UInt8(ascii: ".") { point += 1 }
    let integer = point - start
    var at = 0
    if negative {
      out[0] = UInt8(ascii: "-")
      at = 1
    }
    for k in 0..<integer {
      if k > 0 && (integer - k) % 3 == 0 {
        for b in sep {
          out[at] = b
          at += 1
        }
      }
      out[at] = d[start + k]
      at += 1
    }
    for k in point..<d.count {
      out[at] = d[k]
      at += 1
    }
    return at
  }

  /// `formatNumber` of a float appended as bytes, for the column-wise engine; false (nothing
  /// appended) when the float takes the `String` form (`fixed`'s slow path, or an error).
  public static func appendFormatted(
    _ x: Double, decimals: Int64, separator: UnsafeBufferPointer<UInt8>, into out: inout TextArenaBuilder
  ) -> Bool {
    guard decimals >= 0, decimals <= 19 else { return false }
    return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: fixedBound) { digits in
      guard let n = writeFixed(x, decimals: Int(decimals), to: digits.baseAddress!) else { return false }
      let d = UnsafeBufferPointer(rebasing: digits[0..<n])
      if separator.isEmpty {
        out.append(d)
      } else {
        out.appendInPlace(upTo: groupedBound(d, separator)) { writeGrouped(d, separator: separator, to: $0) }
      }
      return true
    }
  }

  /// The reference form of `grouped` (characters), which the tests compare it with.
  static func groupedReference(_ s: String, separator: String) -> String {
    var digits = s
    let negative = digits.hasPrefix("-")
    if negative { digits.removeFirst() }
    let point = digits.firstIndex(of: ".") ?? digits.endIndex
    let integer = Array(digits[..<point])
    var grouped = ""
    for (k, c) in integer.enumerated() {
      if k > 0 && (integer.count - k) % 3 == 0 { grouped += separator }
      grouped.append(c)
    }
    return (negative ? "-" : "") + grouped + digits[point...]
  }
}
