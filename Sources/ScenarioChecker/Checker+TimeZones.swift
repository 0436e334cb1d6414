import ScenarioAST
import ScenarioDiagnostics
import ScenarioIR
import ScenarioTimeZones

extension Checker {
  /// The rules of a zone named by a constant text, or nil after reporting E0513.
  mutating func zoneRules(_ e: Expr, what: String) -> ZoneRules? {
    let ir = lowerGlobal(e)
    guard case .text(let name)? = ir.constantValue else {
      if !ir.type.isError {
        diagnostics.error(
          .argumentTypeMismatch, "\(what) must be a constant text naming an IANA time zone", at: e.span,
          label: "this is '\(ir.type)'", help: "write e.g. \"America/New_York\"")
      }
      return nil
    }
    return zoneRules(named: name, at: e.span)
  }

  mutating func zoneRules(named name: String, at span: SourceSpan) -> ZoneRules? {
    guard let zone = TimeZones.zone(name) else {
      diagnostics.error(
        .unknownTimeZone, "unknown time zone '\(name)'", at: span, label: "not an IANA time zone",
        notes: ["the embedded tz data is IANA \(TimeZones.version)"],
        help: suggest(name, TimeZones.names) ?? "write a name such as \"America/New_York\" or \"Europe/Berlin\"")
      return nil
    }
    usesTimeZones = true
    return zone
  }

  /// `timezone "NAME"` (at most once): the zone of calendars without a `zone` item and of
  /// `local` and `local_text` without a zone argument.
  mutating func checkTimezone(_ file: ScenarioFile) {
    for d in file.declarations {
      guard case .timezone(let name, let span) = d.kind else { continue }
      if let first = scenarioZone {
        diagnostics.error(
          .invalidHeader, "'timezone' is declared more than once", at: d.span, label: "second declaration",
          secondary: [Label(first.span, "first declared here")])
        continue
      }
      if let zone = zoneRules(named: name, at: span) { scenarioZone = (zone, span) }
    }
  }

  /// `local(t[, zone])` and `local_text(t[, zone])`: the zone is a constant, or the scenario's.
  mutating func lowerLocal(_ f: Builtin, _ name: Name, _ args: [Expr], _ span: SourceSpan, _ ctx: inout ExprContext) -> IRExpr {
    let bad = IRExpr(.constant(.null), type: .error, span: span)
    guard args.count == 1 || args.count == 2 else {
      diagnostics.error(
        .wrongArgumentCount, "'\(name.text)' takes 1 or 2 arguments, found \(args.count)", at: span,
        label: "wrong number of arguments", notes: ["\(name.text)(instant) or \(name.text)(instant, \"America/New_York\")"])
      for a in args { _ = lower(a, &ctx) }
      return bad
    }
    let t = lower(args[0], &ctx)
    if t.type.isError { return bad }
    guard t.type.kind == .datetime || t.type.kind == .date else {
      diagnostics.error(
        .argumentTypeMismatch, "argument 1 of '\(name.text)' must be a date-time, found '\(t.type)'", at: args[0].span,
        label: "this is '\(t.type)'")
      return bad
    }
    let zone: ZoneRules?
    if args.count == 2 {
      zone = zoneRules(args[1], what: "the zone of '\(name.text)'")
    } else if let z = scenarioZone {
      zone = z.zone
    } else {
      diagnostics.error(
        .unknownTimeZone, "'\(name.text)' needs a time zone", at: span, label: "no zone given, and no 'timezone' declared",
        help: "write \(name.text)(\(file(of: args[0].span).text(of: args[0].span)), \"America/New_York\"), or declare 'timezone \"America/New_York\"'")
      return bad
    }
    guard let zone else { return bad }
    let zoneArg = IRExpr(.constant(.text(zone.name)), type: .text, span: args.count == 2 ? args[1].span : span)
    let type = ValueType(f == .local ? .datetime : .text, nullable: t.type.isNullable)
    return fold(IRExpr(.call(f, [t, zoneArg]), type: type, span: span))
  }
}
