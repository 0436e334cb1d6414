import ScenarioAST
import ScenarioDiagnostics
import ScenarioIR
import ScenarioRandom
import ScenarioTimeZones

extension Checker {
  /// `calendar { within a..b, hours {...}, weekend_hours {...}, weekdays {...}, trend t, step d }`:
  /// every item is a constant; the model is validated here so that a run never meets a bad one.
  mutating func lowerCalendar(_ spec: CalendarSpec, _ span: SourceSpan, _ ctx: inout ExprContext) -> IRExpr {
    let bad = IRExpr(.constant(.null), type: .error, span: span)
    guard ctx.allowRandom else {
      diagnostics.error(
        .misplacedConstruct, "random draws are not allowed here", at: span, label: "'calendar' draws a random instant",
        notes: [ctx.randomForbiddenReason])
      return bad
    }
    for word in spec.repeated {
      diagnostics.error(.duplicateDefinition, "'\(word.text)' is given twice in this calendar", at: word.span, label: "repeated item")
    }
    guard let window = spec.window else {
      diagnostics.error(
        .expectedToken, "a calendar needs a window", at: span, label: "no 'within' item",
        help: "add 'within now - 30d .. now' (start included, end excluded)")
      return bad
    }
    var ok = spec.repeated.isEmpty
    var zone = scenarioZone?.zone
    if let z = spec.zone {
      zone = zoneRules(z, what: "the zone of a calendar")
      if zone == nil { ok = false }
    }
    let start = instant(window.start, zone: zone)
    let end = instant(window.end, zone: zone)
    if start == nil || end == nil { ok = false }
    let hours = spec.hours.map { unitWeights($0, range: 0...23, what: "hour", perUnit: false) } ?? Array(repeating: 1, count: 24)
    let weekendHours = spec.weekendHours.map { unitWeights($0, range: 0...23, what: "hour", perUnit: false) }
    let weekdays = spec.weekdays.map { unitWeights($0, range: 1...7, what: "weekday", perUnit: true) } ?? Array(repeating: 1, count: 7)
    var trend = 0.0
    if let t = spec.trend {
      if let v = targetNumber(t) { trend = v } else { ok = false }
    }
    var step: Int64 = 1
    if let s = spec.step {
      let ir = lowerGlobal(s)
      if case .duration(let d)? = ir.constantValue {
        step = d
      } else {
        if !ir.type.isError {
          diagnostics.error(.argumentTypeMismatch, "the step of a calendar must be a constant duration", at: s.span, label: "this is '\(ir.type)'")
        }
        ok = false
      }
    }
    guard ok, let start, let end, let hours, let weekdays, weekendHours.map({ $0 != nil }) ?? true else { return bad }
    var ir = CalendarIR(
      start: start, end: end, hourWeights: hours, weekendHourWeights: weekendHours ?? nil, weekdayWeights: weekdays,
      trend: trend, step: step)
    ir.zone = zone?.name
    let values = CalendarSpecValues(
      start: ir.start, end: ir.end, hourWeights: ir.hourWeights, weekendHourWeights: ir.weekendHourWeights,
      weekdayWeights: ir.weekdayWeights, trend: ir.trend, step: ir.step, zone: zone)
    if case .failure(let problem) = CalendarSampler.make(values) {
      diagnostics.error(.invalidWeights, "invalid calendar: \(problem.message)", at: span, label: "this calendar")
      return bad
    }
    return IRExpr(.calendar(ir, ctx.nextSite()), type: .datetime, span: span)
  }

  /// A constant date or date-time, in seconds since the epoch. A date is its midnight: local
  /// midnight in the calendar's zone, if it has one.
  mutating func instant(_ e: Expr, zone: ZoneRules? = nil) -> Int64? {
    let ir = lowerGlobal(e)
    switch ir.constantValue {
    case .datetime(let s)?: return s
    case .date(let d)?: return zone.map { $0.instant(local: d &* 86_400) } ?? d &* 86_400
    default:
      if !ir.type.isError {
        diagnostics.error(
          .argumentTypeMismatch, "the window of a calendar must be constant dates or date-times", at: e.span,
          label: "this is '\(ir.type)'", help: "use 'now', parameters and literals: 'within now - days(n_days) .. now'")
      }
      return nil
    }
  }

  /// The weight of every unit in `range`. Hour entries give a share spread evenly over their
  /// hours (`perUnit` false); weekday entries give each listed day's weight (`perUnit` true).
  /// Units not listed weigh 0; a unit listed twice is an error.
  mutating func unitWeights(_ entries: [UnitWeight], range: ClosedRange<Int>, what: String, perUnit: Bool) -> [Double]? {
    var weights = [Double](repeating: 0, count: range.count)
    var seen = [Bool](repeating: false, count: range.count)
    var ok = true
    for entry in entries {
      guard let lo = unit(entry.low, range, what) else {
        ok = false
        continue
      }
      let hi = entry.high.map { unit($0, range, what) } ?? lo
      guard let hi, let w = targetNumber(entry.weight) else {
        ok = false
        continue
      }
      let span = entry.high.map { entry.low.span.merged(with: $0.span) } ?? entry.low.span
      guard lo <= hi else {
        diagnostics.error(.invalidRange, "this \(what) range is empty: \(lo) is after \(hi)", at: span, label: "empty range")
        ok = false
        continue
      }
      guard w >= 0, w.isFinite else {
        diagnostics.error(.invalidWeights, "a calendar weight must be finite and not negative", at: entry.weight.span, label: "invalid weight")
        ok = false
        continue
      }
      let share = perUnit ? w : w / Double(hi - lo + 1)
      for u in lo...hi {
        let i = u - range.lowerBound
        if seen[i] {
          diagnostics.error(.duplicateDefinition, "\(what) \(u) is listed twice", at: span, label: "listed again here")
          ok = false
        }
        seen[i] = true
        weights[i] = share
      }
    }
    return ok ? weights : nil
  }

  mutating func unit(_ e: Expr, _ range: ClosedRange<Int>, _ what: String) -> Int? {
    let ir = lowerGlobal(e)
    guard case .int(let v)? = ir.constantValue else {
      if !ir.type.isError {
        diagnostics.error(.argumentTypeMismatch, "a calendar \(what) must be a constant integer", at: e.span, label: "this is '\(ir.type)'")
      }
      return nil
    }
    guard range.contains(Int(clamping: v)) else {
      diagnostics.error(
        .invalidRange, "\(what) \(v) is outside \(range.lowerBound)..\(range.upperBound)", at: e.span,
        label: what == "hour" ? "hours of the day are 0..23" : "ISO weekdays are 1 (Monday) ..7 (Sunday)")
      return nil
    }
    return Int(v)
  }
}
