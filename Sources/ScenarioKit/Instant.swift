import ScenarioAST
import ScenarioParser
import ScenarioIR

/// Parses `--now` text: a date (`2024-06-30`) or date-time (`2024-06-30T12:00:00[Z]`), in UTC.
public func parseInstant(_ text: String) -> Int64? {
  guard let e = Parser.parseExpression(text) else { return nil }
  switch e.kind {
  case .literal(.datetime(let t)): return t
  case .literal(.date(let d)): return d * 86_400
  default: return nil
  }
}

/// Formats an instant as `YYYY-MM-DDTHH:MM:SSZ`.
public func formatInstant(_ t: Int64) -> String { Semantics.datetimeText(t) }
