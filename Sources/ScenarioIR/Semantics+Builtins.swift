import Foundation
import ScenarioTimeZones
import ScenarioDiagnostics

extension Semantics {
  /// The value of a `float(digits)` column (`IRExprKind.decimal`): the number as `printf`
  /// writes it at `digits` decimals, read back. Null stays null; NaN and infinities cannot be
  /// written at a fixed precision and are an error.
  public static func decimal(_ v: Value, digits: Int) throws(EvalError) -> Value {
    switch v {
    case .float(let x): return .float(try decimal(x, digits: digits))
    case .int(let i): return .float(try decimal(Double(i), digits: digits))
    default: return v
    }
  }

  /// `decimal(_:digits:)` on a double.
  @inline(__always)
  public static func decimal(_ x: Double, digits: Int) throws(EvalError) -> Double {
    guard x.isFinite else { throw nonFinite(x, digits: digits) }
    return FixedDecimal.value(x, digits: digits)
  }

  /// The error for NaN or an infinity in a `float(digits)` column.
  public static func nonFinite(_ x: Double, digits: Int) -> EvalError {
    let what = x.isNaN ? "NaN (not a number)" : x < 0 ? "negative infinity" : "infinity"
    return EvalError(
      "the value is \(what), which a float(\(digits)) column cannot hold", code: .runtimeNotFinite)
  }

  /// Applies a deterministic built-in. Argument kinds were checked by the checker; null
  /// arguments yield null (except `coalesce`, and `join`, which skips them). `textLimit` is the
  /// longest text a call may build, in UTF-8 bytes (`RunLimits.textBytes`).
  public static func call(
    _ f: Builtin, _ args: [Value], textLimit: Int = RunLimits.defaultTextBytes
  ) throws(EvalError) -> Value {
    if f == .coalesce { return args.first { !$0.isNull } ?? .null }
    if f == .join {
      if args[0].isNull { return .null }
    } else if args.contains(where: \.isNull) {
      return .null
    }
    if let v = try textCall(f, args, textLimit: textLimit) { return v }
    if let v = try valueFunctionCall(f, args, textLimit: textLimit) { return v }
    if let v = try packCall(f, args) { return v }
    switch f {
    case .min, .max: return extreme(f == .min, args)
    case .abs:
      switch args[0] {
      case .int(let x):
        if x == .min { throw EvalError("integer overflow") }
        return .int(Swift.abs(x))
      case .duration(let x):
        if x == .min { throw EvalError("duration overflow") }
        return .duration(Swift.abs(x))
      default: return .float(Swift.abs(args[0].asDouble ?? 0))
      }
    case .round: return try toInt(num(args[0]).rounded(.toNearestOrAwayFromZero))
    case .floor: return try toInt(num(args[0]).rounded(.down))
    case .ceil: return try toInt(num(args[0]).rounded(.up))
    case .roundTo:
      let scale = Foundation.pow(10.0, Double(num(args[1])))
      return .float((num(args[0]) * scale).rounded(.toNearestOrAwayFromZero) / scale)
    case .clamp:
      if compare(args[1], args[2]) > 0 { throw EvalError("clamp bounds are reversed", code: .runtimeInvalidParameter) }
      if compare(args[0], args[1]) < 0 { return widen(args[1], like: args[0]) }
      if compare(args[0], args[2]) > 0 { return widen(args[2], like: args[0]) }
      return args[0]
    case .sqrt:
      let x = num(args[0])
      if x < 0 { throw EvalError("square root of a negative number", code: .runtimeInvalidParameter) }
      return .float(x.squareRoot())
    case .exp: return .float(Foundation.exp(num(args[0])))
    case .log:
      let x = num(args[0])
      if x <= 0 { throw EvalError("logarithm of a number that is not positive", code: .runtimeInvalidParameter) }
      return .float(Foundation.log(x))
    case .pow: return .float(Foundation.pow(num(args[0]), num(args[1])))
    case .pad:
      guard case .int(let n) = args[0], case .int(let w) = args[1] else { return .null }
      return .text(pad(n, Int(Swift.max(0, Swift.min(w, 64)))))
    case .text: return .text(text(args[0]))
    case .int: return try toInt(num(args[0]).rounded(.towardZero))
    case .float: return .float(num(args[0]))
    case .coalesce: return .null
    default: return try calendar(f, args)
    }
  }

  /// Instant `t` as local time with its offset: `2024-03-10T03:30:00-04:00` (`Z` for offset 0
  /// is not used: the offset is always written, `+00:00`).
  public static func localText(_ t: Int64, offset: Int64) -> String {
    var text = datetimeText(t &+ offset)
    text.removeLast()  // the "Z"
    let m = abs(offset) / 60
    text += (offset < 0 ? "-" : "+") + pad(m / 60, 2) + ":" + pad(m % 60, 2)
    if abs(offset) % 60 != 0 { text += ":" + pad(abs(offset) % 60, 2) }
    return text
  }

  /// Date and duration built-ins.
  static func calendar(_ f: Builtin, _ args: [Value]) throws(EvalError) -> Value {
    func seconds() -> Int64 {
      switch args[0] {
      case .date(let d): return d &* 86_400
      case .datetime(let t): return t
      default: return 0
      }
    }
    let day = CivilCalendar.floorDiv(seconds(), 86_400)
    switch f {
    case .local, .localText:
      guard case .text(let name) = args[1], let zone = TimeZones.zone(name) else {
        throw EvalError("unknown time zone", code: .runtimeInvalidParameter)
      }
      let t = seconds()
      let offset = zone.offset(at: t)
      if f == .local { return .datetime(t &+ offset) }
      return .text(localText(t, offset: offset))
    case .date: return .date(day)
    case .datetime: return .datetime(seconds())
    case .year: return .int(CivilCalendar.civil(fromDays: day).year)
    case .month: return .int(CivilCalendar.civil(fromDays: day).month)
    case .day: return .int(CivilCalendar.civil(fromDays: day).day)
    case .hour: return .int((seconds() &- day &* 86_400) / 3600)
    case .minute: return .int((seconds() &- day &* 86_400) / 60 % 60)
    case .weekday: return .int(CivilCalendar.weekday(fromDays: day))
    case .daysInMonth:
      let c = CivilCalendar.civil(fromDays: day)
      return .int(CivilCalendar.daysInMonth(year: c.year, month: c.month))
    case .dayOfYear:
      let c = CivilCalendar.civil(fromDays: day)
      return .int(day &- CivilCalendar.days(year: c.year, month: 1, day: 1) &+ 1)
    case .startOfMonth:
      let c = CivilCalendar.civil(fromDays: day)
      return .date(CivilCalendar.days(year: c.year, month: c.month, day: 1))
    case .addMonths:
      // Calendar months: the day of month is kept, or moved back to the month's last day
      // (2024-01-31 plus one month is 2024-02-29); the time of day is kept.
      guard case .int(let n) = args[1] else { return .null }
      let c = CivilCalendar.civil(fromDays: day)
      let (q, overflow) = (c.year &* 12 &+ (c.month &- 1)).addingReportingOverflow(n)
      guard !overflow, Swift.abs(q / 12) < 5_000_000 else { throw EvalError("the date is out of range") }
      let year = CivilCalendar.floorDiv(q, 12)
      let month = q - year * 12 + 1
      let d = Swift.min(c.day, CivilCalendar.daysInMonth(year: year, month: month))
      let newDay = CivilCalendar.days(year: year, month: month, day: d)
      if case .date = args[0] { return .date(newDay) }
      return .datetime(newDay &* 86_400 &+ (seconds() &- day &* 86_400))
    case .seconds: return try durationFromSeconds(num(args[0]))
    case .minutes: return try durationFromSeconds(num(args[0]) * 60)
    case .hours: return try durationFromSeconds(num(args[0]) * 3600)
    case .days: return try durationFromSeconds(num(args[0]) * 86_400)
    case .weeks: return try durationFromSeconds(num(args[0]) * 604_800)
    case .inSeconds, .inMinutes, .inHours, .inDays:
      guard case .duration(let s) = args[0] else { return .null }
      let unit: Double = f == .inSeconds ? 1 : f == .inMinutes ? 60 : f == .inHours ? 3600 : 86_400
      return .float(Double(s) / unit)
    default: return .null
    }
  }

  static func num(_ v: Value) -> Double { v.asDouble ?? 0 }

  static func toInt(_ d: Double) throws(EvalError) -> Value {
    guard d.isFinite, d >= -9.2e18, d <= 9.2e18 else { throw EvalError("number out of the integer range") }
    return .int(Int64(d))
  }

  /// `min`/`max` over values of one kind; an int result stays int only if every argument is int.
  static func extreme(_ isMin: Bool, _ args: [Value]) -> Value {
    var best = args[0]
    var anyFloat = false
    for a in args {
      if case .float = a { anyFloat = true }
      let c = compare(a, best)
      if isMin ? c < 0 : c > 0 { best = a }
    }
    if anyFloat, let d = best.asDouble { return .float(d) }
    return best
  }

  /// Returns a bound in the kind of the clamped value (an int bound for a float value becomes float).
  static func widen(_ bound: Value, like value: Value) -> Value {
    if case .float = value, case .int(let i) = bound { return .float(Double(i)) }
    return bound
  }
}
