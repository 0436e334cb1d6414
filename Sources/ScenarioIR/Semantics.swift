import Foundation
import ScenarioDiagnostics

/// A failure while evaluating an operation on values (division by zero, overflow, a bad argument).
public struct EvalError: Error, Sendable, Equatable {
  public var message: String
  public var code: DiagnosticCode
  public init(_ message: String, code: DiagnosticCode = .runtimeArithmetic) {
    self.message = message
    self.code = code
  }
}

/// The meaning of operators and deterministic built-ins on values. Shared by the constant folder
/// and the engine, so a folded constant always equals what the engine would compute.
///
/// Null propagates: an operation with a null operand yields null, except `and`/`or` (null is
/// false), `==`/`!=` (null equals only null) and `coalesce`.
public enum Semantics {
  /// Applies a binary operator. Operand kinds were checked by the checker.
  /// `textLimit` is the longest text `++` may build, in UTF-8 bytes (`RunLimits.textBytes`).
  public static func binary(
    _ op: IROperator, _ a: Value, _ b: Value, textLimit: Int = RunLimits.defaultTextBytes
  ) throws(EvalError) -> Value {
    switch op {
    case .and: return .bool(a.isTrue && b.isTrue)
    case .or: return .bool(a.isTrue || b.isTrue)
    case .equal: return .bool(equal(a, b))
    case .notEqual: return .bool(!equal(a, b))
    default: break
    }
    if a.isNull || b.isNull { return .null }
    switch op {
    case .concat: return try concat(text(a), text(b), limit: textLimit)
    case .less: return .bool(compare(a, b) < 0)
    case .lessEqual: return .bool(compare(a, b) <= 0)
    case .greater: return .bool(compare(a, b) > 0)
    case .greaterEqual: return .bool(compare(a, b) >= 0)
    case .add, .subtract, .multiply, .divide, .modulo: return try arithmetic(op, a, b)
    case .and, .or, .equal, .notEqual: return .null  // handled above
    }
  }

  /// `x ++ y`, unless the result would be longer than `limit` UTF-8 bytes (R0709): the check
  /// comes before the allocation, so text that doubles without bound stops at the budget.
  @inline(__always)
  public static func concat(_ x: String, _ y: String, limit: Int) throws(EvalError) -> Value {
    let n = x.utf8.count + y.utf8.count
    if n > limit { throw textTooLong(n, limit: limit) }
    return .text(x + y)
  }

  /// The error for a text longer than the budget.
  public static func textTooLong(_ n: Int, limit: Int) -> EvalError {
    EvalError(
      "the text would be \(n) bytes long, more than the limit of \(RunLimits.bytesText(limit))",
      code: .runtimeTextTooLong)
  }

  /// Whether two values are equal (ints and floats compare numerically).
  public static func equal(_ a: Value, _ b: Value) -> Bool {
    switch (a, b) {
    case (.int(let x), .float(let y)): return Double(x) == y
    case (.float(let x), .int(let y)): return x == Double(y)
    default: return a == b
    }
  }

  /// Orders two non-null values of comparable kinds: negative, zero or positive.
  public static func compare(_ a: Value, _ b: Value) -> Int {
    switch (a, b) {
    case (.int(let x), .int(let y)): return x < y ? -1 : x > y ? 1 : 0
    case (.text(let x), .text(let y)): return x < y ? -1 : x > y ? 1 : 0
    case (.date(let x), .date(let y)), (.datetime(let x), .datetime(let y)),
      (.duration(let x), .duration(let y)):
      return x < y ? -1 : x > y ? 1 : 0
    case (.date(let x), .datetime(let y)): return cmp(x &* 86_400, y)
    case (.datetime(let x), .date(let y)): return cmp(x, y &* 86_400)
    case (.bool(let x), .bool(let y)): return x == y ? 0 : (x ? 1 : -1)
    default:
      let x = a.asDouble ?? 0
      let y = b.asDouble ?? 0
      return x < y ? -1 : x > y ? 1 : 0
    }
  }

  private static func cmp(_ x: Int64, _ y: Int64) -> Int { x < y ? -1 : x > y ? 1 : 0 }

  /// `+ - * / %` on numbers, dates, date-times and durations.
  static func arithmetic(_ op: IROperator, _ a: Value, _ b: Value) throws(EvalError) -> Value {
    switch (a, b) {
    case (.int(let x), .int(let y)):
      switch op {
      case .add: return try checked(x.addingReportingOverflow(y))
      case .subtract: return try checked(x.subtractingReportingOverflow(y))
      case .multiply: return try checked(x.multipliedReportingOverflow(by: y))
      case .divide:
        if y == 0 { throw EvalError("division by zero") }
        return .float(Double(x) / Double(y))
      default:
        if y == 0 { throw EvalError("modulo by zero") }
        // `Int64.min % -1` overflows in hardware; its remainder is 0.
        let r = x.remainderReportingOverflow(dividingBy: y).partialValue
        return .int(r != 0 && (r < 0) != (y < 0) ? r + y : r)
      }
    case (.datetime(let t), .duration(let d)):
      return op == .add ? .datetime(t &+ d) : .datetime(t &- d)
    case (.duration(let d), .datetime(let t)): return .datetime(t &+ d)
    case (.date(let day), .duration(let d)):
      let t = day &* 86_400
      return op == .add ? .datetime(t &+ d) : .datetime(t &- d)
    case (.datetime(let x), .datetime(let y)): return .duration(x &- y)
    case (.date(let x), .date(let y)): return .duration((x &- y) &* 86_400)
    case (.datetime(let x), .date(let y)): return .duration(x &- y &* 86_400)
    case (.date(let x), .datetime(let y)): return .duration(x &* 86_400 &- y)
    case (.duration(let x), .duration(let y)):
      switch op {
      case .add: return .duration(x &+ y)
      case .subtract: return .duration(x &- y)
      case .divide:
        if y == 0 { throw EvalError("division by a zero duration") }
        return .float(Double(x) / Double(y))
      default: throw EvalError("invalid duration arithmetic")
      }
    case (.duration(let d), _):
      guard let f = b.asDouble else { throw EvalError("invalid duration arithmetic") }
      if op == .divide, f == 0 { throw EvalError("division by zero") }
      let r = op == .multiply ? Double(d) * f : Double(d) / f
      return try durationFromSeconds(r)
    case (_, .duration(let d)):
      guard let f = a.asDouble else { throw EvalError("invalid duration arithmetic") }
      return try durationFromSeconds(Double(d) * f)
    default:
      guard let x = a.asDouble, let y = b.asDouble else {
        throw EvalError("invalid operands for arithmetic")
      }
      switch op {
      case .add: return .float(x + y)
      case .subtract: return .float(x - y)
      case .multiply: return .float(x * y)
      case .divide:
        if y == 0 { throw EvalError("division by zero") }
        return .float(x / y)
      default:
        if y == 0 { throw EvalError("modulo by zero") }
        let r = x.truncatingRemainder(dividingBy: y)
        return .float(r != 0 && (r < 0) != (y < 0) ? r + y : r)
      }
    }
  }

  static func checked(_ r: (partialValue: Int64, overflow: Bool)) throws(EvalError) -> Value {
    if r.overflow { throw EvalError("integer overflow") }
    return .int(r.partialValue)
  }

  /// A duration from a (possibly fractional) number of seconds, rounded to whole seconds.
  public static func durationFromSeconds(_ s: Double) throws(EvalError) -> Value {
    guard s.isFinite, s.magnitude < 9.2e18 else { throw EvalError("duration out of range") }
    return .duration(Int64(s.rounded(.toNearestOrAwayFromZero)))
  }

  /// Negation of a number or duration.
  public static func negate(_ a: Value) throws(EvalError) -> Value {
    switch a {
    case .int(let x):
      if x == .min { throw EvalError("integer overflow") }
      return .int(-x)
    case .float(let x): return .float(-x)
    case .duration(let x): return .duration(0 &- x)
    default: return .null
    }
  }

  /// The text form used by `++` and `text()`: ints in decimal, floats shortest round-trip,
  /// dates `YYYY-MM-DD`, date-times `YYYY-MM-DDTHH:MM:SSZ`, durations ISO 8601 (`PT45M`).
  public static func text(_ v: Value) -> String {
    switch v {
    case .null: return ""
    case .int(let i): return String(i)
    case .float(let d): return d.description
    case .bool(let b): return b ? "true" : "false"
    case .text(let s): return s
    case .date(let d): return dateText(d)
    case .datetime(let t): return datetimeText(t)
    case .duration(let s): return durationText(s)
    case .ref(let r): return String(r + 1)
    }
  }

  /// `YYYY-MM-DD`; a year before 1 is signed and padded as ISO 8601's expanded form has it
  /// (`-0057-03-12`, year 0 is `0000`), which only messages about out-of-range dates show.
  public static func dateText(_ days: Int64) -> String {
    let c = CivilCalendar.civil(fromDays: days)
    let year = c.year < 0 ? "-" + pad(Int64(clamping: c.year.magnitude), 4) : pad(c.year, 4)
    return year + "-" + pad(c.month, 2) + "-" + pad(c.day, 2)
  }

  /// `YYYY-MM-DDTHH:MM:SSZ`.
  public static func datetimeText(_ t: Int64) -> String {
    let days = CivilCalendar.floorDiv(t, 86_400)
    let s = t &- days &* 86_400
    return dateText(days) + "T" + pad(s / 3600, 2) + ":" + pad(s / 60 % 60, 2) + ":"
      + pad(s % 60, 2) + "Z"
  }

  /// ISO 8601 duration: `PT0S`, `PT45M`, `PT1H30M`, `P2DT3H`, `-PT5M`.
  public static func durationText(_ seconds: Int64) -> String {
    if seconds == 0 { return "PT0S" }
    var s = seconds.magnitude
    let days = s / 86_400
    s %= 86_400
    var out = seconds < 0 ? "-P" : "P"
    if days > 0 { out += "\(days)D" }
    if s > 0 {
      out += "T"
      if s >= 3600 { out += "\(s / 3600)H" }
      if s / 60 % 60 > 0 { out += "\(s / 60 % 60)M" }
      if s % 60 > 0 { out += "\(s % 60)S" }
    }
    return out
  }

  /// Zero-padded decimal: `pad(7, 3) == "007"`, `pad(-7, 3) == "-07"`.
  public static func pad(_ n: Int64, _ width: Int) -> String {
    // Digits written backwards into a stack buffer (20 digits, a sign, up to 64 of width).
    let capacity = 24 + max(width, 0)
    return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { buffer in
      var index = capacity
      var v = n.magnitude
      repeat {
        index -= 1
        buffer[index] = UInt8(truncatingIfNeeded: v % 10) &+ UInt8(ascii: "0")
        v /= 10
      } while v != 0
      let sign = n < 0 ? 1 : 0
      while capacity - index + sign < width {
        index -= 1
        buffer[index] = UInt8(ascii: "0")
      }
      if n < 0 {
        index -= 1
        buffer[index] = UInt8(ascii: "-")
      }
      return String(decoding: UnsafeBufferPointer(rebasing: buffer[index...]), as: UTF8.self)
    }
  }
}
