import ScenarioIR

// The profile as text for people.

extension Profiler {
  /// Bar length of the largest histogram bin or most frequent category.
  static let barWidth = 30

  /// The profile as text, table by table in declaration order:
  ///
  ///     people: 6 rows
  ///
  ///       age: int?
  ///         count 5, nulls 1, distinct 4
  ///         mean 31.2, sd 6.8702
  ///         min 25, p25 25, median 30, p75 35, max 41
  ///         24..25  2  ##############################
  ///         26..27  0
  ///         ...
  ///
  ///       kind: choice("x", "y", "z")
  ///         count 6, nulls 0, distinct 3
  ///         'x'  3   50.0%  ##############################
  ///         'y'  2   33.3%  ####################
  ///
  /// Histogram labels are inclusive for ints and dates (`24..25`) and half-open otherwise
  /// (`[0.5, 1)`). Category shares are of the non-null values. Bars are `#`, or `█` with
  /// `unicode`, scaled to the largest bin or category; a non-empty one gets at least one.
  public func renderText(unicode: Bool = false) -> String {
    let bar: Character = unicode ? "█" : "#"
    var lines: [String] = []
    for table in profiles {
      if !lines.isEmpty { lines.append("") }
      lines.append("\(table.name): \(table.rows) \(table.rows == 1 ? "row" : "rows")")
      for column in table.columns {
        lines.append("")
        lines += Self.textLines(column, bar: bar).map { "  " + $0 }
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// The lines of one column, without the table indent.
  private static func textLines(_ c: ColumnProfile, bar: Character) -> [String] {
    var lines = ["\(c.name): \(c.type)"]
    let distinct = c.distinctCapped ? "≥\(c.distinct)" : String(c.distinct)
    lines.append("  count \(c.count), nulls \(c.nulls), distinct \(distinct)")
    if let s = c.numeric, c.count > 0 {
      let v = { (x: Double) in valueText(x, c.kind) }
      lines.append("  mean \(v(s.mean)), sd \(spreadText(s.sd, c.kind))")
      lines.append(
        "  min \(v(s.min)), p25 \(v(s.q25)), median \(v(s.q50)), p75 \(v(s.q75)), max \(v(s.max))")
      let rows = s.bins.map { b in (binLabel(b, c.kind), b.count) }
      lines += barLines(rows, share: nil, bar: bar)
    } else if !c.top.isEmpty {
      let rows = c.top.map { (quotedValue($0.value), $0.count) }
      lines += barLines(rows, share: c.count, bar: bar)
    }
    return lines
  }

  /// Aligned `label  count  [share]  bar` lines, bars scaled to the largest count.
  private static func barLines(_ rows: [(String, Int)], share total: Int?, bar: Character)
    -> [String]
  {
    let largest = rows.map(\.1).max() ?? 0
    let labelWidth = rows.map(\.0.count).max() ?? 0
    let countWidth = rows.map { String($0.1).count }.max() ?? 0
    return rows.map { label, count in
      var line = "  " + label + String(repeating: " ", count: labelWidth - label.count) + "  "
      line += String(repeating: " ", count: countWidth - String(count).count) + String(count)
      if let total, total > 0 {
        let percent = NumberText.fixed(
          Double(count) * 100 / Double(total), decimals: 1, trim: false)
        // A share that rounds to 0.0% but is not empty shows as "<0.1%".
        let text = percent.map { $0 + "%" } ?? "<0.1%"
        line += "  " + String(repeating: " ", count: max(0, 6 - text.count)) + text
      }
      var length = 0
      if largest > 0 {
        length = Int((Double(count) * Double(barWidth) / Double(largest)).rounded())
        if count > 0 { length = max(1, length) }
      }
      return length > 0 ? line + "  " + String(repeating: bar, count: length) : line
    }
  }

  /// `24..25` or `24` for whole-number bins (ints, dates); `[0.5, 1)` for the others; the
  /// value alone for the single bin of a constant column.
  static func binLabel(_ b: Bin, _ kind: ProfileKind) -> String {
    let v = { (x: Double) in valueText(x, kind) }
    if b.low == b.high { return v(b.low) }
    if kind.inclusiveBins {
      return b.high - b.low == 1 ? v(b.low) : v(b.low) + ".." + v(b.high - 1)
    }
    if kind == .datetime, b.low.remainder(dividingBy: 86_400) == 0,
      b.high.remainder(dividingBy: 86_400) == 0
    {
      // Bins of whole days: the dates say it all.
      return "[" + valueText(b.low / 86_400, .date) + ", " + valueText(b.high / 86_400, .date) + ")"
    }
    return "[" + v(b.low) + ", " + v(b.high) + ")"
  }

  /// A location statistic (mean, quantile, bin edge) in the column's own form: numbers as
  /// numbers, dates as dates, date-times and durations in ISO 8601, rounded to whole days or
  /// seconds.
  static func valueText(_ x: Double, _ kind: ProfileKind) -> String {
    guard let whole = wholeUnits(x) else { return NumberText.measured(x) }
    switch kind {
    case .number, .category: return NumberText.measured(x)
    case .date: return Semantics.dateText(whole)
    case .datetime: return Semantics.datetimeText(whole)
    case .duration: return Semantics.durationText(whole)
    }
  }

  /// A standard deviation: numbers as numbers, dates in days, date-times and durations as ISO
  /// durations.
  static func spreadText(_ sd: Double, _ kind: ProfileKind) -> String {
    switch kind {
    case .number, .category: return NumberText.measured(sd)
    case .date: return sd.isNaN ? "n/a" : NumberText.measured(sd) + " days"
    case .datetime, .duration:
      return wholeUnits(sd).map(Semantics.durationText) ?? NumberText.measured(sd)
    }
  }

  /// `x` rounded to a whole number (ties away from zero), nil when not finite or out of range.
  static func wholeUnits(_ x: Double) -> Int64? {
    guard x.isFinite, x.magnitude < 9.2e18 else { return nil }
    return Int64(x.rounded(.toNearestOrAwayFromZero))
  }
}
