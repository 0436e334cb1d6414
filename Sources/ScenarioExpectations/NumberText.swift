// Number formatting for reports. Everything here uses IEEE arithmetic and `Double.description`
// (SwiftDtoa, part of the Swift runtime), never libc's printf or libm, so the text is the same on
// every platform (research/statistics.md §5.5).

/// Text forms of numbers in reports.
package enum NumberText {
  /// A measured value for people: integers as integers; otherwise rounded to 4 decimals, or to
  /// 4 significant digits below 0.1 (`0.8812`, `149.5679`, `0.0001235`), trailing zeros dropped.
  /// `n/a` for NaN, `inf`/`-inf` for infinities; shortest round-trip text where fixed notation
  /// would need more than 17 digits.
  package static func measured(_ x: Double) -> String {
    if x.isNaN { return "n/a" }
    if x.isInfinite { return x < 0 ? "-inf" : "inf" }
    if let i = integral(x) { return String(i) }
    var decimals = 4
    var m = x.magnitude
    while m < 0.1, decimals < 17 {
      m *= 10
      decimals += 1
    }
    return fixed(x, decimals: decimals, trim: true) ?? x.description
  }

  /// A number the user wrote (a target): integers as integers, otherwise the shortest text that
  /// reads back as the same double (`0.88`, `1e-05`). A computed target with more digits than
  /// anyone writes (`5 * 0.35 * se`) is shown like a measured value (`0.05537`).
  package static func literal(_ x: Double) -> String {
    if let i = integral(x) { return String(i) }
    let shortest = x.description
    return shortest.count > 10 && !shortest.contains("e") ? measured(x) : shortest
  }

  /// A JSON number: integers as integers, otherwise the shortest round-trip text; `null` for
  /// NaN and infinities, which JSON cannot express.
  package static func json(_ x: Double) -> String {
    guard x.isFinite else { return "null" }
    if let i = integral(x) { return String(i) }
    return x.description
  }

  /// `x` with exactly `decimals` digits after the point (ties away from zero), trailing zeros
  /// dropped when `trim`; nil when the scaled value does not fit exactly in a double's integer
  /// range or rounds to zero (so that small numbers do not print as "0").
  package static func fixed(_ x: Double, decimals: Int, trim: Bool) -> String? {
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let scaled = (x.magnitude * scale).rounded(.toNearestOrAwayFromZero)
    guard scaled < 9.0e15 else { return nil }
    let units = Int64(scaled)
    if units == 0 && x != 0 { return nil }
    var digits = String(units)
    if digits.count <= decimals {
      digits = String(repeating: "0", count: decimals + 1 - digits.count) + digits
    }
    var whole = String(digits.dropLast(decimals))
    var fraction = String(digits.suffix(decimals))
    if trim { while fraction.last == "0" { fraction.removeLast() } }
    if whole.isEmpty { whole = "0" }
    let sign = x < 0 && units != 0 ? "-" : ""
    return sign + whole + (fraction.isEmpty ? "" : "." + fraction)
  }

  /// `x` as an integer when it is one and is small enough to print exactly (|x| < 10^15);
  /// `-0.0` becomes 0.
  package static func integral(_ x: Double) -> Int64? {
    guard x.isFinite, x.rounded(.towardZero) == x, x.magnitude < 1e15 else { return nil }
    return Int64(x)
  }
}
