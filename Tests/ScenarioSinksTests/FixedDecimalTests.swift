import Foundation
import ScenarioIR
import Testing

@testable import ScenarioSinks

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `FixedDecimal` and the `float(k)` formatter held against the C library's own `printf`, which
/// is the rule (DESIGN.md §6), on values of every magnitude, and the round trip every reader
/// relies on: the value of a `float(k)` column is its text read back, and prints as that text.
@Suite("FixedDecimal")
struct FixedDecimalTests {
  /// `printf("%.*f", digits, x)` by the platform's C library.
  static func cPrintf(_ x: Double, _ digits: Int) -> String {
    var buffer = [CChar](repeating: 0, count: 400)
    let written = withVaList([Int32(digits), x]) { args in
      buffer.withUnsafeMutableBufferPointer { vsnprintf($0.baseAddress, 400, "%.*f", args) }
    }
    precondition(written > 0 && written < 400)
    return String(cString: buffer)
  }

  /// Values that exercise every path: random bit patterns over the whole range, decimals near
  /// half-way points, integers near 2^53, tiny and huge magnitudes.
  static func samples(count: Int) -> [Double] {
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    func next() -> UInt64 {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    var out: [Double] = [0, -0.0, 0.5, 1.5, 2.5, 0.125, 2.675, 1.005, 1e15 + 0.25, 4_503_599_627_370_495.5]
    for i in 0..<count {
      let bits = next()
      switch i % 5 {
      case 0:
        // Any finite double.
        let x = Double(bitPattern: bits)
        if x.isFinite { out.append(x) }
      case 1:
        // Magnitudes 1e-8 … 1e20 with a random mantissa.
        let exponent = Double(Int(bits % 29) - 8)
        let mantissa = Double(next() >> 11) / Double(1 << 53)
        out.append((bits & 1 == 0 ? 1 : -1) * mantissa * Foundation.pow(10, exponent))
      case 2:
        // A decimal with up to 6 digits that lands near a half-way point at fewer digits.
        let units = Double(Int64(bits % 2_000_000_000) - 1_000_000_000)
        out.append((units + 0.5) / Foundation.pow(10, Double(next() % 7)))
      case 3:
        // Around 2^52 and 2^53, where the fast path ends.
        let base = Double(1 << 52) * Double(1 + bits % 2)
        out.append(base + Double(Int64(next() % 64) - 32) * 0.25)
      default:
        // Sums of short decimals, as columns compute them.
        let a = Double(Int64(bits % 100_000)) / 100
        let b = Double(Int64(next() % 1000)) / 10
        out.append(a * b - a / 3)
      }
    }
    return out
  }

  @Test("text is exactly printf's, at every magnitude and precision")
  func textMatchesPrintf() {
    var mismatches: [String] = []
    for (i, x) in Self.samples(count: 40_000).enumerated() {
      let digits = i % 13
      let expected = Self.cPrintf(x, digits)
      let actual = ValueFormatter.plainText(.float(x), precision: digits)
      if actual != expected, mismatches.count < 10 { mismatches.append("\(x) at \(digits): \(actual) != \(expected)") }
      #expect(FixedDecimal.text(x, digits: digits) == expected)
    }
    #expect(mismatches.isEmpty, "\(mismatches)")
  }

  @Test("the value is the text read back, and prints as the same text")
  func valueRoundTrips() {
    var problems: [String] = []
    for (i, x) in Self.samples(count: 40_000).enumerated() {
      let digits = i % 13
      let text = Self.cPrintf(x, digits)
      let value = FixedDecimal.value(x, digits: digits)
      let readBack = Double(text)!
      if value.bitPattern != readBack.bitPattern, problems.count < 10 {
        problems.append("\(x) at \(digits): value \(value), text \(text) reads \(readBack)")
      }
      let again = ValueFormatter.plainText(.float(value), precision: digits)
      if again != text, problems.count < 10 { problems.append("\(x) at \(digits): \(text) prints again as \(again)") }
    }
    #expect(problems.isEmpty, "\(problems)")
  }

  @Test("the fast path's units agree with the exact big-integer path")
  func fastPathMatchesExact() {
    for (i, x) in Self.samples(count: 20_000).enumerated() {
      let digits = i % 13
      guard let (negative, units) = FixedDecimal.units(x, digits: digits) else { continue }
      #expect(negative == (x.sign == .minus))
      let exact = String(decoding: FixedDecimal.exactRoundedDigits(x.magnitude, digits: digits), as: UTF8.self)
      #expect(String(units) == exact, "\(x) at \(digits)")
    }
  }

  @Test("values that the double product rounds onto a half-way point")
  func productTies() {
    // 2.675 * 100 == 267.49999999999997 exactly, which rounds to the double 267.5.
    #expect(FixedDecimal.text(2.675, digits: 2) == "2.67")
    #expect(FixedDecimal.value(2.675, digits: 2) == 2.67)
    // 0.125 is exactly half-way: ties go to the even digit.
    #expect(FixedDecimal.text(0.125, digits: 2) == "0.12")
    #expect(FixedDecimal.text(0.375, digits: 2) == "0.38")
    #expect(FixedDecimal.text(-0.125, digits: 2) == "-0.12")
  }
}
