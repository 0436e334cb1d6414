import ScenarioAST
import ScenarioDiagnostics
import ScenarioLexer

extension Parser {
  /// The words that start a `calendar` item.
  static let calendarItems = ["within", "hours", "weekend_hours", "weekdays", "trend", "step", "zone"]

  /// `calendarExpr = "calendar" "{" calendarItem {[","] calendarItem} [","] "}"` with
  /// `calendarItem = "within" additive ".." additive | ("hours" | "weekend_hours" | "weekdays")
  /// "{" unitWeight {"," unitWeight} [","] "}" | ("trend" | "step" | "zone") orExpr` and
  /// `unitWeight = additive [".." additive] orExpr`. Items may be separated by commas or line
  /// breaks; `calendar` and the item words are words only in this position.
  mutating func parseCalendar() -> Expr {
    let start = current.span
    advance()
    let open = current.span
    advance()
    var spec = CalendarSpec()
    while !check(.rightBrace), !atEnd {
      let before = index
      guard check(.identifier), Parser.calendarItems.contains(current.text) else {
        reportExpected("a calendar item (\(Parser.calendarItems.joined(separator: ", ")))", "in 'calendar'")
        skipCalendarItem()
        if index == before { advance() }
        continue
      }
      let word = Name(current.text, span: current.span)
      advance()
      var repeated = false
      switch word.text {
      case "within":
        let from = parseAdditive()
        expect(.dotDot, "between the start and the end of the window")
        let to = parseAdditive()
        repeated = spec.window != nil
        spec.window = CalendarWindow(start: from, end: to)
      case "hours", "weekend_hours", "weekdays":
        let entries = parseUnitWeights(word.text)
        switch word.text {
        case "hours":
          repeated = spec.hours != nil
          spec.hours = entries
        case "weekend_hours":
          repeated = spec.weekendHours != nil
          spec.weekendHours = entries
        default:
          repeated = spec.weekdays != nil
          spec.weekdays = entries
        }
      case "trend":
        repeated = spec.trend != nil
        spec.trend = parseOr()
      case "zone":
        repeated = spec.zone != nil
        spec.zone = parseOr()
      default:
        repeated = spec.step != nil
        spec.step = parseOr()
      }
      if repeated { spec.repeated.append(word) }
      _ = match(.comma)
      if index == before { advance() }
    }
    closeBrace(open, "'calendar'")
    return Expr(.calendar(spec), span: start.merged(with: previous.span))
  }

  /// `"{" unitWeight {"," unitWeight} [","] "}"`
  mutating func parseUnitWeights(_ owner: String) -> [UnitWeight] {
    let open = current.span
    guard expect(.leftBrace, "after '\(owner)'") else { return [] }
    var entries: [UnitWeight] = []
    while !check(.rightBrace), !atEnd {
      let before = index
      let low = parseAdditive()
      let high = match(.dotDot) ? parseAdditive() : nil
      let weight = parseOr()
      entries.append(UnitWeight(low: low, high: high, weight: weight))
      if !match(.comma) { break }
      if index == before { advance() }
    }
    closeBrace(open, "'\(owner)'")
    return entries
  }

  /// Skips an unknown item: to the next calendar item word, the calendar's `}` or the end of
  /// the line; a `{ ... }` block of the item (a misspelt `weekday { ... }`) is skipped whole.
  mutating func skipCalendarItem() {
    let line = current
    var depth = 0
    while !atEnd {
      if check(.leftBrace) {
        depth += 1
      } else if check(.rightBrace) {
        if depth == 0 { return }
        depth -= 1
        advance()
        if depth == 0, current.startsLine { return }
        continue
      } else if depth == 0, check(.identifier), Parser.calendarItems.contains(current.text), current.span != line.span {
        return
      }
      advance()
      if depth == 0, current.startsLine, current.span != line.span { return }
    }
  }

  /// The functions that take an `over` clause.
  static let aggregateFunctions: Set<String> = ["count", "sum", "mean", "min", "max", "rate", "share"]

  /// `aggregateTail = "over" ["all"] IDENT ["." IDENT] ["where" orExpr] ["at" "least" additive]`,
  /// after a call of count, sum, mean, min, max, rate or share.
  /// `over`, `all`, `at` and `least` are words only in this position (`all` only when a name
  /// follows it, so a table may still be called `all`).
  mutating func parseAggregateTail(_ call: Expr) -> Expr {
    guard case .call(let name, let args) = call.kind else { return call }
    advance()  // over
    var whole = false
    if check(.identifier), current.text == "all", case .identifier = peek().kind {
      advance()
      whole = true
    }
    guard let table = expectName("after 'over' (the table to aggregate)") else { return Expr(.invalid, span: call.span) }
    var link: Name? = nil
    if match(.dot) { link = expectName("after '.' (the column that links the rows)") }
    let filter = match(.where) ? parseOr() : nil
    var atLeast: Expr? = nil
    if check(.identifier), current.text == "at", peek().kind == .identifier, peek().text == "least" {
      advance()
      advance()
      atLeast = parseAdditive()
    }
    let spec = AggregateSpec(
      function: name, arguments: args, table: table, link: link, filter: filter, atLeast: atLeast, whole: whole)
    return Expr(.aggregate(spec), span: call.span.merged(with: previous.span))
  }
}
