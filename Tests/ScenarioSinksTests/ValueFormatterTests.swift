import Foundation
import ScenarioIR
import Testing

@testable import ScenarioSinks

/// Table tests for `ValueFormatter`: every rule of its doc comment, with edge cases.
@Suite("ValueFormatter")
struct ValueFormatterTests {
  /// Formats a value the way CSV does.
  private func text(_ value: Value, precision: Int? = nil) -> String {
    ValueFormatter.plainText(value, precision: precision)
  }

  static let integersCases: [(Int64, String)] = [
    (Int64(0), "0"), (7, "7"), (-7, "-7"), (1_234_567_890, "1234567890"),
    (Int64.max, "9223372036854775807"), (Int64.min, "-9223372036854775808"),
  ]

  @Test(arguments: integersCases)
  func integers(value: Int64, expected: String) {
    #expect(text(.int(value)) == expected)
  }

  static let floatsWithPrecisionCases: [(Double, Int, String)] = [
    // Plain rounding and padding.
    (3.14159, 2, "3.14"), (3.14159, 4, "3.1416"), (3.0, 2, "3.00"), (0.5, 3, "0.500"),
    (0.06, 1, "0.1"), (12345.678, 0, "12346"), (-1.5, 1, "-1.5"), (-0.25, 1, "-0.2"),
    (0.007, 2, "0.01"), (-0.007, 2, "-0.01"), (123.0, 1, "123.0"),
    // The exact binary value is rounded, ties to even (a tie only when it is exactly half-way).
    (2.5, 0, "2"), (3.5, 0, "4"), (-2.5, 0, "-2"), (0.125, 2, "0.12"), (0.375, 2, "0.38"),
    // 2.675 is 2.67499999999999982236431605997495353221893310546875; 1.005 is 1.00499999…
    (2.675, 2, "2.67"), (1.005, 2, "1.00"), (1.0000000000000002, 15, "1.000000000000000"),
    // As printf, a negative value keeps its sign when it rounds to zero.
    (-0.001, 2, "-0.00"), (-0.0, 2, "-0.00"), (-0.4, 0, "-0"), (0.0, 0, "0"),
    // Fixed notation at every magnitude, exact digits.
    (8_999_999_999_999.99, 2, "8999999999999.99"), (1e20, 2, "100000000000000000000.00"),
    (-1e20, 0, "-100000000000000000000"), (123_456_789_012_345.0, 0, "123456789012345"),
    (1e15 + 0.25, 2, "1000000000000000.25"), (1e15 + 0.25, 1, "1000000000000000.2"),
    (1e16, 1, "10000000000000000.0"), (9_007_199_254_740_993.0, 3, "9007199254740992.000"),
    (1e23, 0, "99999999999999991611392"),
    // Tiny numbers and big precisions.
    (1e-10, 12, "0.000000000100"), (Double.leastNonzeroMagnitude, 22, "0.0000000000000000000000"),
    (0.5, 23, "0.50000000000000000000000"), (1.25, -1, "1"),
  ]

  @Test(arguments: floatsWithPrecisionCases)
  func floatsWithPrecision(value: Double, precision: Int, expected: String) {
    #expect(text(.float(value), precision: precision) == expected)
  }

  static let floatsShortestCases: [(Double, String)] = [
    (0.1, "0.1"), (0.1 + 0.2, "0.30000000000000004"), (100.0, "100.0"), (-2.5, "-2.5"),
    (1e16, "1e+16"), (1e-5, "1e-05"), (Double.leastNonzeroMagnitude, "5e-324"), (-0.0, "0.0"),
    (0.0, "0.0"),
    (Double.greatestFiniteMagnitude, "1.7976931348623157e+308"),
    (Double.nan, "NaN"), (Double.infinity, "inf"), (-Double.infinity, "-inf"),
  ]

  @Test(arguments: floatsShortestCases)
  func floatsShortest(value: Double, expected: String) {
    #expect(text(.float(value)) == expected)
  }

  @Test func nonFiniteIgnoresPrecision() {
    #expect(text(.float(.nan), precision: 2) == "NaN")
    #expect(text(.float(-.infinity), precision: 2) == "-inf")
  }

  @Test func intInAColumnWithPrecisionIsAFloat() {
    #expect(text(.int(3), precision: 2) == "3.00")
    #expect(text(.int(9_007_199_254_740_993), precision: 1) == "9007199254740992.0")
  }

  @Test func otherKinds() {
    #expect(text(.bool(true)) == "true")
    #expect(text(.bool(false)) == "false")
    #expect(text(.null) == "")
    #expect(text(.text("a,\"b\"\n")) == "a,\"b\"\n")
    #expect(text(.ref(42)) == "42")
  }

  static let datesCases: [(Int64, String)] = [
    (Int64(0), "1970-01-01"), (-1, "1969-12-31"), (59, "1970-03-01"), (10_956, "1999-12-31"),
    (11_016, "2000-02-29"), (11_017, "2000-03-01"), (19_782, "2024-02-29"),
    (20_088, "2024-12-31"), (2_932_896, "9999-12-31"), (2_932_897, "10000-01-01"),
    (-719_162, "0001-01-01"), (-719_163, "0000-12-31"), (-719_529, "-0001-12-31"),
  ]

  @Test(arguments: datesCases)
  func dates(days: Int64, expected: String) {
    #expect(text(.date(days)) == expected)
  }

  @Test func extremeDatesDoNotTrap() {
    for days in [Int64.max, Int64.min, Int64.max - 719_468, 1 << 62, -(1 << 62)] {
      var out: [UInt8] = []
      ValueFormatter.appendDate(days: days, to: &out)
      ValueFormatter.appendDateTime(seconds: days, style: .iso8601, to: &out)
      #expect(!out.isEmpty)
    }
  }

  static let datetimesCases: [(Int64, String)] = [
    (Int64(0), "1970-01-01T00:00:00Z"), (-1, "1969-12-31T23:59:59Z"),
    (951_782_400, "2000-02-29T00:00:00Z"), (1_719_705_600, "2024-06-30T00:00:00Z"),
    (1_735_689_599, "2024-12-31T23:59:59Z"), (253_402_300_799, "9999-12-31T23:59:59Z"),
    (45_296, "1970-01-01T12:34:56Z"), (-86_400, "1969-12-31T00:00:00Z"),
  ]

  @Test(arguments: datetimesCases)
  func datetimes(seconds: Int64, expected: String) {
    #expect(text(.datetime(seconds)) == expected)
    var sql: [UInt8] = []
    ValueFormatter.appendDateTime(seconds: seconds, style: .sql, to: &sql)
    let expectedSQL = expected.dropLast().replacingOccurrences(of: "T", with: " ")
    #expect(String(decoding: sql, as: UTF8.self) == expectedSQL)
  }

  static let durationsCases: [(Int64, String, String)] = [
    (Int64(0), "PT0S", "PT0S"), (45 * 60, "PT45M", "PT45M"), (5400, "PT1H30M", "PT1H30M"),
    (2 * 86_400 + 3 * 3600, "P2DT3H", "P2DT3H"), (86_400, "P1D", "P1D"), (1, "PT1S", "PT1S"),
    (90_061, "P1DT1H1M1S", "P1DT1H1M1S"), (-2700, "-PT45M", "PT-45M"),
    (-(86_400 + 5), "-P1DT5S", "P-1DT-5S"),
    (Int64.min, "-P106751991167300DT15H30M8S", "P-106751991167300DT-15H-30M-8S"),
  ]

  @Test(arguments: durationsCases)
  func durations(seconds: Int64, leading: String, perField: String) {
    #expect(text(.duration(seconds)) == leading)
    var out: [UInt8] = []
    ValueFormatter.appendDuration(seconds: seconds, sign: .perField, to: &out)
    #expect(String(decoding: out, as: UTF8.self) == perField)
  }
}
