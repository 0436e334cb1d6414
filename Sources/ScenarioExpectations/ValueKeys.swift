import ScenarioIR

// How run-time values enter the statistics. Every statistic sees values through one of the three
// views below, so "what counts as a number" and "when are two values the same" are decided in
// one place.

extension Value {
  /// The value as a number for numeric statistics: ints and floats as themselves, `false`/`true`
  /// as 0/1, dates as days since 1970-01-01, date-times as seconds since the epoch, durations as
  /// seconds. Null, text, references and NaN give nil, which every numeric statistic skips
  /// like a null.
  package var statisticNumber: Double? {
    switch self {
    case .int(let i): return Double(i)
    case .float(let d): return d.isNaN ? nil : d
    case .bool(let b): return b ? 1 : 0
    case .date(let d), .datetime(let d), .duration(let d): return Double(d)
    case .null, .text, .ref: return nil
    }
  }

  /// The value as a sort key for rank statistics (Spearman): numbers by `statisticNumber`,
  /// texts lexicographically. Nil for null and NaN.
  package var rankKey: RankKey? {
    switch self {
    case .text(let s): return .text(s)
    case .ref(let r): return .number(Double(r))
    case .null, .int, .float, .bool, .date, .datetime, .duration:
      return statisticNumber.map { .number($0) }
    }
  }

  /// The value as a key for equality statistics (uniqueness, resolution). A float with an
  /// integral value becomes the equal int, because the language compares `1 == 1.0` as equal
  /// (`Semantics.equal`); every other value is its own key.
  package var equalityKey: Value {
    if case .float(let d) = self, d.rounded(.towardZero) == d, d.magnitude < 9.2e18 {
      return .int(Int64(d))
    }
    return self
  }
}

/// A sort key for rank statistics. Numbers sort before texts; a probe yields one kind, so the
/// mixed order only has to be total, not meaningful.
package enum RankKey: Comparable, Sendable {
  case number(Double)
  case text(String)

  package static func < (a: RankKey, b: RankKey) -> Bool {
    switch (a, b) {
    case (.number(let x), .number(let y)): return x < y
    case (.text(let x), .text(let y)): return x < y
    case (.number, .text): return true
    case (.text, .number): return false
    }
  }
}

/// A value as shown inside a report sentence: texts in single quotes, everything else in the
/// language's text form (`Semantics.text`), long texts shortened.
package func quotedValue(_ v: Value) -> String {
  switch v {
  case .null: return "null"
  case .text(let s):
    let shown = s.count > 40 ? String(s.prefix(39)) + "…" : s
    return "'" + shown + "'"
  case .int, .float, .bool, .date, .datetime, .duration, .ref:
    return Semantics.text(v)
  }
}
