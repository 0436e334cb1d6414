import ScenarioDiagnostics

/// The items of a `calendar { }` expression. Every item is optional except `within`; the
/// checker reports missing and repeated items.
public struct CalendarSpec: Sendable, Equatable {
  /// `within start .. end`: the window, start inclusive, end exclusive.
  public var window: CalendarWindow?
  /// `hours { 8..11 70%, ... }`: each entry's weight is its share of a day's volume.
  public var hours: [UnitWeight]?
  /// `weekend_hours { ... }`: the hour shares on Saturdays and Sundays.
  public var weekendHours: [UnitWeight]?
  /// `weekdays { 1..5 1, 6..7 0.7 }`: each listed day's relative volume (ISO 1 = Monday).
  public var weekdays: [UnitWeight]?
  /// `trend t`: day `d` of `n` has weight `1 + t * d / n`.
  public var trend: Expr?
  /// `step 15m`: the resolution of the drawn instants.
  public var step: Expr?
  /// `zone "America/New_York"`: the IANA time zone whose local hours and days the weights
  /// describe.
  public var zone: Expr?
  /// Items written twice (reported by the checker): the item word and its span.
  public var repeated: [Name] = []

  public init() {}
}

/// `within start .. end`.
public struct CalendarWindow: Sendable, Equatable {
  public var start: Expr
  public var end: Expr
  public init(start: Expr, end: Expr) {
    self.start = start
    self.end = end
  }
}

/// `low [.. high] weight`: whole units (hours 0-23, ISO weekdays 1-7) from `low` to `high`
/// inclusive, and their weight.
public struct UnitWeight: Sendable, Equatable {
  public var low: Expr
  public var high: Expr?
  public var weight: Expr
  public init(low: Expr, high: Expr?, weight: Expr) {
    self.low = low
    self.high = high
    self.weight = weight
  }
}

/// `AGG(arg) over TABLE[.link] [where cond] [at least N]`.
public struct AggregateSpec: Sendable, Equatable {
  /// `count`, `sum`, `mean`, `min`, `max`, `rate` or `share`.
  public var function: Name
  /// The arguments inside the parentheses (none for `count()`).
  public var arguments: [Expr]
  /// The table whose rows are aggregated.
  public var table: Name
  /// The reference column of `table` that links its rows to the parent (optional when there is
  /// only one).
  public var link: Name?
  /// `where cond`, evaluated on the aggregated table's rows.
  public var filter: Expr?
  /// `at least N`: fewer matching rows make the result null.
  public var atLeast: Expr?
  /// `over all TABLE`: every row of the table, not only those linked to the parent row.
  public var whole: Bool

  public init(
    function: Name, arguments: [Expr], table: Name, link: Name?, filter: Expr?, atLeast: Expr?, whole: Bool = false
  ) {
    self.whole = whole
    self.function = function
    self.arguments = arguments
    self.table = table
    self.link = link
    self.filter = filter
    self.atLeast = atLeast
  }
}
