/// Fixed-point decimal text of a `Double`, exactly as C's `printf("%.*f", k, x)` writes it, and
/// the value that text reads back as. This is the rule for `float(k)` columns (DESIGN.md §6):
///
/// - The text is the exact binary value of `x` rounded to `k` digits after the point, ties to
///   even (a tie is only possible when the binary value is exactly half-way, as `0.125` at 2),
///   in fixed notation at every magnitude (`1e16` at 1 is `10000000000000000.0`), with a `-`
///   for every negative value, including those that round to zero (`-0.001` at 2 is `-0.00`).
/// - The value of a `float(k)` column is that text read back as the nearest `Double`
///   (`value(_:digits:)`), so every reader of the column, later columns, other tables,
///   expectations and the files alike, sees the same number.
///
/// The common case (`|x|·10^k < 2^52`) costs a multiplication, a floor and a division: the
/// product `|x|·10^k` is rounded once by the hardware, and that rounding can change the decimal
/// rounding only when the product lands exactly half-way between two integers; the exact error
/// of the product (a fused multiply-add) then decides. Larger magnitudes take an exact
/// big-integer path.
public enum FixedDecimal {
  /// The printed digits of a finite `x` at `digits` decimals as an integer count of
  /// 10^-digits units, with the sign: `(true, 1)` for `-0.01` at 2. Nil when the count is 2^52
  /// or more (or `digits` is above 22); `text(_:digits:)` handles those.
  public static func units(_ x: Double, digits: Int) -> (negative: Bool, units: UInt64)? {
    DecimalRounder(digits: digits).units(x)
  }

  /// The value of a `float(digits)` column: `printf("%.*f", digits, x)` read back as the
  /// nearest `Double`. `x` must be finite. The result prints as the same text again.
  public static func value(_ x: Double, digits: Int) -> Double {
    DecimalRounder(digits: digits).value(x)
  }

  /// `value(_:digits:)` beyond the fast path: the exact text, read back (Swift's text-to-double
  /// conversion rounds correctly).
  @usableFromInline
  static func slowValue(_ x: Double, digits: Int) -> Double {
    Double(text(x, digits: digits)) ?? x
  }

  /// Whether a product `a · p` that the hardware rounded to `s`, exactly half-way between two
  /// integers, was above that half-way point (true), below it (false), or exactly on it (nil).
  @usableFromInline
  static func exactSide(_ a: Double, _ p: Double, _ s: Double) -> Bool? {
    let error = (-s).addingProduct(a, p)
    return error == 0 ? nil : error > 0
  }

  /// `printf("%.*f", digits, x)` for a finite `x`, exactly (any magnitude, any digits >= 0).
  public static func text(_ x: Double, digits: Int) -> String {
    let digits = max(digits, 0)
    let negative = x.sign == .minus
    var decimal: [UInt8]
    if let (_, n) = units(x, digits: digits) {
      decimal = Array(String(n).utf8)
    } else {
      decimal = exactRoundedDigits(x.magnitude, digits: digits)
    }
    // At least one digit before the point.
    if decimal.count <= digits {
      decimal.insert(contentsOf: [UInt8](repeating: UInt8(ascii: "0"), count: digits + 1 - decimal.count), at: 0)
    }
    var out: [UInt8] = negative ? [UInt8(ascii: "-")] : []
    out.append(contentsOf: decimal[..<(decimal.count - digits)])
    if digits > 0 {
      out.append(UInt8(ascii: "."))
      out.append(contentsOf: decimal[(decimal.count - digits)...])
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// The decimal digits of round-half-even(a · 10^digits) for a finite `a >= 0`, computed on
  /// exact big integers: `a = m · 2^e` with an integer `m`, so `a · 10^digits` is
  /// `m · 10^digits · 2^e`.
  package static func exactRoundedDigits(_ a: Double, digits: Int) -> [UInt8] {
    guard a != 0 else { return [UInt8(ascii: "0")] }
    let m: UInt64
    let e: Int
    if a.isNormal {
      m = a.significandBitPattern | (1 << 52)
      e = Int(a.exponent) - 52
    } else {
      m = a.significandBitPattern
      e = -1074
    }
    var big = BigNatural(m)
    for _ in 0..<digits { big.multiply(by: 10) }
    if e >= 0 {
      big.shiftLeft(e)
    } else {
      let (half, sticky) = big.shiftRight(-e)
      if half && (sticky || big.isOdd) { big.addOne() }
    }
    return big.decimalDigits()
  }
}

/// `FixedDecimal` at one number of decimals, for loops over many values: the power of ten is
/// held, and the common case is inlined into the caller.
public struct DecimalRounder: Sendable {
  public let digits: Int
  /// 10^digits, exact (NaN above 22 decimals, which always takes the exact path).
  @usableFromInline let scale: Double

  public init(digits: Int) {
    self.digits = max(digits, 0)
    var p = 1.0
    if self.digits <= 22 {
      for _ in 0..<self.digits { p *= 10 }
    } else {
      p = .nan
    }
    scale = p
  }

  /// The printed digits as a count of 10^-digits units, with the sign; nil when the count is
  /// 2^52 or more (use `FixedDecimal.text`).
  @inlinable @inline(__always)
  public func units(_ x: Double) -> (negative: Bool, units: UInt64)? {
    let a = x.magnitude
    let s = a * scale
    // Below 2^52 a double holds every half-integer, so the fraction of the product is exact.
    guard s < 4_503_599_627_370_496.0 else { return nil }
    // s >= 0, so truncation is the floor (a conversion instruction, not a libm call).
    var n = Int64(s)
    let fraction = s - Double(n)
    if fraction == 0.5 {
      // The product is exactly half-way only after its rounding: its exact error decides, and
      // an exact tie goes to the even neighbour. (Rare, so the branch predicts well.)
      switch FixedDecimal.exactSide(a, scale, s) {
      case true?: n += 1
      case false?: break
      case nil: n += n & 1
      }
    } else {
      // Without a branch: whether the fraction is above a half is as random as the data.
      n &+= fraction > 0.5 ? 1 : 0
    }
    return (x.sign == .minus, UInt64(n))
  }

  /// The value of a `float(digits)` column for a finite `x`: its printed text read back.
  @inlinable @inline(__always)
  public func value(_ x: Double) -> Double {
    if let (_, n) = units(x) {
      // n < 2^53 and 10^digits are exact, and IEEE division rounds once: the nearest double.
      // The sign is copied bit for bit (no branch; -0.001 at 2 is -0.0, as "-0.00" reads).
      return Double(signOf: x, magnitudeOf: Double(n) / scale)
    }
    return FixedDecimal.slowValue(x, digits: digits)
  }
}

/// A non-negative integer of any size as little-endian 32-bit limbs: just what exact decimal
/// rounding needs.
struct BigNatural {
  var limbs: [UInt32]

  init(_ value: UInt64) {
    limbs = [UInt32(truncatingIfNeeded: value), UInt32(truncatingIfNeeded: value >> 32)]
    normalize()
  }

  var isZero: Bool { limbs.isEmpty }
  var isOdd: Bool { (limbs.first ?? 0) & 1 == 1 }

  mutating func normalize() {
    while limbs.last == 0 { limbs.removeLast() }
  }

  mutating func multiply(by factor: UInt32) {
    var carry: UInt64 = 0
    for i in limbs.indices {
      let product = UInt64(limbs[i]) * UInt64(factor) + carry
      limbs[i] = UInt32(truncatingIfNeeded: product)
      carry = product >> 32
    }
    if carry != 0 { limbs.append(UInt32(carry)) }
  }

  mutating func addOne() {
    for i in limbs.indices {
      if limbs[i] != .max {
        limbs[i] += 1
        return
      }
      limbs[i] = 0
    }
    limbs.append(1)
  }

  mutating func shiftLeft(_ bits: Int) {
    guard bits > 0, !isZero else { return }
    let whole = bits / 32
    let part = bits % 32
    if part > 0 {
      var carry: UInt32 = 0
      for i in limbs.indices {
        let v = limbs[i]
        limbs[i] = (v << UInt32(part)) | carry
        carry = v >> UInt32(32 - part)
      }
      if carry != 0 { limbs.append(carry) }
    }
    limbs.insert(contentsOf: [UInt32](repeating: 0, count: whole), at: 0)
  }

  /// Divides by 2^bits, truncating; returns whether the highest bit shifted out was set (the
  /// remainder is at least a half) and whether any lower bit was (it is more than a half).
  mutating func shiftRight(_ bits: Int) -> (half: Bool, sticky: Bool) {
    guard bits > 0 else { return (false, false) }
    func bit(_ i: Int) -> Bool {
      let limb = i / 32
      return limb < limbs.count && (limbs[limb] >> UInt32(i % 32)) & 1 == 1
    }
    let half = bit(bits - 1)
    var sticky = false
    for i in 0..<(bits - 1) where bit(i) {
      sticky = true
      break
    }
    let whole = bits / 32
    let part = bits % 32
    if whole >= limbs.count {
      limbs = []
      return (half, sticky)
    }
    limbs.removeFirst(whole)
    if part > 0 {
      for i in limbs.indices {
        let high: UInt32 = i + 1 < limbs.count ? limbs[i + 1] << UInt32(32 - part) : 0
        limbs[i] = (limbs[i] >> UInt32(part)) | high
      }
    }
    normalize()
    return (half, sticky)
  }

  /// Decimal digits, most significant first ("0" for zero).
  func decimalDigits() -> [UInt8] {
    var n = self
    var groups: [UInt32] = []
    while !n.isZero {
      // Divide by 10^9, most significant limb first.
      var remainder: UInt64 = 0
      for i in n.limbs.indices.reversed() {
        let current = (remainder << 32) | UInt64(n.limbs[i])
        n.limbs[i] = UInt32(current / 1_000_000_000)
        remainder = current % 1_000_000_000
      }
      n.normalize()
      groups.append(UInt32(remainder))
    }
    guard let top = groups.last else { return [UInt8(ascii: "0")] }
    var out = Array(String(top).utf8)
    for g in groups.dropLast().reversed() {
      let s = Array(String(g).utf8)
      out.append(contentsOf: [UInt8](repeating: UInt8(ascii: "0"), count: 9 - s.count))
      out.append(contentsOf: s)
    }
    return out
  }
}
