import ScenarioIR

/// The only place where values become text. Every sink formats through these functions, so a
/// number, date or duration reads the same in CSV, SQL and summaries, on every platform and run
/// (DESIGN.md §2).
///
/// Everything appends UTF-8 bytes to a `[UInt8]` buffer: no `String(format:)`, no
/// `NumberFormatter`, no `Calendar`, so the output is independent of locale and time zone, and
/// formatting stays cheap enough for millions of values a second.
///
/// Rules:
/// - int: decimal, `-` for negatives.
/// - float with a declared precision `d`: exactly C's `printf("%.*f", d, x)` (`FixedDecimal`):
///   the exact binary value rounded to `d` decimals, ties to even, in fixed notation at every
///   magnitude (`3.14159` at 2 → `3.14`, `2.675` at 2 → `2.67` because the double is
///   2.67499999…, `0.125` at 2 → `0.12`, `1e16` at 1 → `10000000000000000.0`), with a `-` on
///   every negative value (`-0.001` at 2 → `-0.00`). A `float(d)` column's value is already that
///   text read back, so it prints as the text every reader saw. A negative precision counts as 0.
/// - float without a precision: Swift's shortest round-trip text (`Double.description`: `0.1`,
///   `100.0`, `1e+16`, `5e-324`); negative zero is written as `0.0`.
/// - NaN → `NaN`, +∞ → `inf`, −∞ → `-inf` (SQL dialects write their own forms).
/// - bool → `true` / `false`.
/// - date → `YYYY-MM-DD`; datetime → `YYYY-MM-DDTHH:MM:SSZ` (or `YYYY-MM-DD HH:MM:SS` for SQL);
///   duration → ISO 8601 (`PT45M`, `P2DT3H`, `PT0S`, `-PT1H30M`). See `ValueFormatter+Time.swift`.
/// - text → its UTF-8 bytes, unchanged (quoting belongs to the encoders).
package enum ValueFormatter {
  /// How a date-time is written.
  package enum DateTimeStyle: Sendable {
    /// `YYYY-MM-DDTHH:MM:SSZ`, for CSV.
    case iso8601
    /// `YYYY-MM-DD HH:MM:SS`, the literal form both SQL dialects read.
    case sql
  }

  // MARK: - Integers

  /// Appends `value` in decimal.
  @inline(__always)
  package static func appendInteger(_ value: Int64, to out: inout some ByteSink) {
    if value < 0 { out.append(UInt8(ascii: "-")) }
    appendDigits(value.magnitude, minimumDigits: 1, to: &out)
  }

  /// Appends the decimal digits of `value`, left-padded with zeros to `minimumDigits`.
  package static func appendDigits(_ value: UInt64, minimumDigits: Int, to out: inout some ByteSink) {
    // The digits are written backwards into a stack buffer (20 digits at most), then appended
    // after the padding zeros.
    var buffer: (UInt64, UInt64, UInt64) = (0, 0, 0)
    withUnsafeMutableBytes(of: &buffer) { bytes in
      var index = bytes.count
      var v = value
      repeat {
        index -= 1
        bytes[index] = UInt8(truncatingIfNeeded: v % 10) &+ UInt8(ascii: "0")
        v /= 10
      } while v != 0
      for _ in 0..<max(0, minimumDigits - (bytes.count - index)) { out.append(UInt8(ascii: "0")) }
      out.append(bytes: UnsafeRawBufferPointer(rebasing: bytes[index...]))
    }
  }

  // MARK: - Floats

  /// Appends a float with an optional declared precision; see the type's rules.
  package static func appendFloat(_ value: Double, precision: Int?, to out: inout some ByteSink) {
    guard value.isFinite else {
      appendNonFinite(value, to: &out)
      return
    }
    guard let precision else {
      appendShortest(value, to: &out)
      return
    }
    appendFixed(value, DecimalRounder(digits: precision), to: &out)
  }

  /// Appends a finite float at the rounder's number of decimals, as `printf` writes it.
  @inline(__always)
  package static func appendFixed(_ value: Double, _ rounder: DecimalRounder, to out: inout some ByteSink) {
    if let (negative, units) = rounder.units(value) {
      appendFixed(negative: negative, units: units, digits: rounder.digits, to: &out)
    } else {
      appendText(FixedDecimal.text(value, digits: rounder.digits), to: &out)
    }
  }

  /// Appends `NaN`, `inf` or `-inf`.
  package static func appendNonFinite(_ value: Double, to out: inout some ByteSink) {
    if value.isNaN {
      out.append(ascii: "NaN")
    } else {
      if value < 0 { out.append(ascii: "-inf") } else { out.append(ascii: "inf") }
    }
  }

  /// Appends `units / 10^digits` with exactly `digits` digits after the point (at most 22), and
  /// a sign when `negative` (as printf, also when the units are zero: `-0.00`).
  private static func appendFixed(negative: Bool, units: UInt64, digits: Int, to out: inout some ByteSink) {
    if negative { out.append(UInt8(ascii: "-")) }
    guard digits > 0 else {
      appendDigits(units, minimumDigits: 1, to: &out)
      return
    }
    // Backwards into a buffer: `digits` fraction digits, the point, then the integer part (at
    // least one digit). 48 bytes hold 22 fraction digits, the point and 20 integer digits.
    var buffer: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0)
    withUnsafeMutableBytes(of: &buffer) { bytes in
      var index = bytes.count
      var v = units
      for _ in 0..<digits {
        index -= 1
        bytes[index] = UInt8(truncatingIfNeeded: v % 10) &+ UInt8(ascii: "0")
        v /= 10
      }
      index -= 1
      bytes[index] = UInt8(ascii: ".")
      repeat {
        index -= 1
        bytes[index] = UInt8(truncatingIfNeeded: v % 10) &+ UInt8(ascii: "0")
        v /= 10
      } while v != 0
      out.append(bytes: UnsafeRawBufferPointer(rebasing: bytes[index...]))
    }
  }

  /// Appends Swift's shortest round-trip text for a finite value; negative zero as `0.0`.
  private static func appendShortest(_ value: Double, to out: inout some ByteSink) {
    if value == 0 {
      out.append(ascii: "0.0")
      return
    }
    var text = value.description
    text.withUTF8 { out.append(bytes: UnsafeRawBufferPointer($0)) }
  }

  // MARK: - Booleans and text

  /// Appends `true` or `false`.
  @inline(__always)
  package static func appendBool(_ value: Bool, to out: inout some ByteSink) {
    if value { out.append(ascii: "true") } else { out.append(ascii: "false") }
  }


  /// Appends the UTF-8 bytes of `text`, unchanged.
  @inline(__always)
  package static func appendText(_ text: String, to out: inout some ByteSink) {
    var text = text
    text.withUTF8 { out.append(bytes: UnsafeRawBufferPointer($0)) }
  }

  // MARK: - Whole values

  /// Appends the plain (unquoted) CSV form of any value: empty for null; a reference as its row
  /// index. An int in a column with a declared precision is formatted as a float.
  package static func appendPlain(
    _ value: Value, precision: Int?, to out: inout some ByteSink
  ) {
    switch value {
    case .null: break
    case .int(let i):
      if precision != nil {
        appendFloat(Double(i), precision: precision, to: &out)
      } else {
        appendInteger(i, to: &out)
      }
    case .float(let x): appendFloat(x, precision: precision, to: &out)
    case .bool(let b): appendBool(b, to: &out)
    case .text(let s): appendText(s, to: &out)
    case .date(let d): appendDate(days: d, to: &out)
    case .datetime(let s): appendDateTime(seconds: s, style: .iso8601, to: &out)
    case .duration(let s): appendDuration(seconds: s, to: &out)
    case .ref(let r): appendInteger(Int64(r), to: &out)
    }
  }

  /// The plain CSV form of a value as a `String` (for tests, summaries and messages).
  package static func plainText(_ value: Value, precision: Int? = nil) -> String {
    var out: [UInt8] = []
    appendPlain(value, precision: precision, to: &out)
    return String(decoding: out, as: UTF8.self)
  }
}
