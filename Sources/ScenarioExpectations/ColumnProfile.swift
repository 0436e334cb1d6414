import ScenarioIR

/// How a column is profiled, from its written type.
package enum ProfileKind: Sendable, Equatable {
  /// int (`integral`) or float: moments, quartiles and a histogram of the numbers.
  case number(integral: Bool)
  /// Dates, date-times and durations: like numbers (days or seconds), shown in their own form.
  case date, datetime, duration
  /// Text, choices, booleans: category counts.
  case category

  /// The kind for a slot type. A reference is written as the referenced key (or as a 1-based
  /// row number when the table has no single-column key), so it is profiled as that.
  static func of(_ type: ValueType, in program: Program) -> ProfileKind {
    switch type.kind {
    case .int: return .number(integral: true)
    case .float: return .number(integral: false)
    case .date: return .date
    case .datetime: return .datetime
    case .duration: return .duration
    case .bool, .text, .choice, .null, .error: return .category
    case .ref(let name):
      guard let t = program.tableIndex(name), program.tables[t].keySlots.count == 1 else {
        return .number(integral: true)
      }
      let target = program.tables[t]
      let key = target.slots[target.keySlots[0]].type
      if case .ref = key.kind { return .category }  // a key that is itself a reference
      return of(key, in: program)
    }
  }

  /// Whether histogram bins are labelled as inclusive whole ranges (`24..25`, dates) rather
  /// than half-open intervals (`[0.5, 1)`, date-times, durations).
  var inclusiveBins: Bool {
    switch self {
    case .number(let integral): return integral
    case .date: return true
    case .datetime, .duration, .category: return false
    }
  }
}

/// The profile of one table.
package struct TableProfile: Sendable, Equatable {
  package var name: String
  package var rows: Int
  package var columns: [ColumnProfile]
}

/// The profile of one written column.
package struct ColumnProfile: Sendable, Equatable {
  package var name: String
  /// The declared type, as diagnostics show it (`int`, `float?`, `ref(students)`).
  package var type: String
  package var kind: ProfileKind
  /// Non-null values.
  package var count: Int
  package var nulls: Int
  /// Distinct non-null values; a lower bound when `distinctCapped`.
  package var distinct: Int
  /// Whether the column had more distinct values than the profiler tracks.
  package var distinctCapped: Bool
  /// Moments, quartiles and histogram (number, date, date-time and duration columns).
  package var numeric: NumericSummary?
  /// The most frequent values, most frequent first, ties by value (category columns).
  package var top: [Category]
}

/// Summary statistics of a numeric column (dates in days, date-times and durations in seconds).
package struct NumericSummary: Sendable, Equatable {
  package var mean: Double
  /// Sample standard deviation (divisor n − 1); NaN below two values.
  package var sd: Double
  package var min: Double
  /// Type-7 quartiles (25 %, 50 %, 75 %).
  package var q25: Double
  package var q50: Double
  package var q75: Double
  package var max: Double
  package var bins: [Bin]
}

/// A category and how often it occurs.
package struct Category: Sendable, Equatable {
  package var value: Value
  package var count: Int
  /// count / non-null values.
  package var share: Double
}

// MARK: - Summaries

/// The summary of ascending non-null `sorted` values; `moments` saw the same values in row
/// order.
func numericSummary(_ sorted: [Double], moments: Moments, kind: ProfileKind) -> NumericSummary {
  NumericSummary(
    mean: moments.meanOrNaN, sd: moments.sampleSD, min: sorted.first ?? .nan,
    q25: quantileType7(sorted, 0.25), q50: quantileType7(sorted, 0.5),
    q75: quantileType7(sorted, 0.75), max: sorted.last ?? .nan,
    bins: histogram(sorted, kind: kind))
}

/// The `limit` most frequent values, most frequent first; equal counts in value order
/// (`Semantics.compare`, then text form), so dictionary order never shows.
func topCategories(_ counts: [Value: Int], total: Int, limit: Int) -> [Category] {
  let ordered = counts.sorted { a, b in
    if a.value != b.value { return a.value > b.value }
    let c = Semantics.compare(a.key, b.key)
    if c != 0 { return c < 0 }
    return Semantics.text(a.key) < Semantics.text(b.key)
  }
  return ordered.prefix(limit).map {
    Category(value: $0.key, count: $0.value, share: Double($0.value) / Double(total))
  }
}
