import ScenarioIR

/// How an expectation's numbers are shown. Statistics of dates are measured in days and of
/// date-times and durations in seconds (`Value.statisticNumber`), and the checker converts
/// date, date-time and duration targets to the same units; the report turns them back into
/// dates and durations, so `mean(wait) ~ 45m +- 5m` reads `PT45M ± PT5M`, not `2700 ± 300`.
struct ReportUnits {
  /// How a value is written.
  enum Unit {
    case number
    case date
    case datetime
    case duration
    /// A number of days (a spread of dates).
    case days

    /// `x` in this unit; whole days or seconds are rounded (ties away from zero); `n/a` for NaN.
    func text(_ x: Double) -> String {
      guard x.isFinite, x.magnitude < 9.2e18 else { return NumberText.measured(x) }
      let whole = Int64(x.rounded(.toNearestOrAwayFromZero))
      switch self {
      case .number: return NumberText.measured(x)
      case .date: return Semantics.dateText(whole)
      case .datetime: return Semantics.datetimeText(whole)
      case .duration: return Semantics.durationText(whole)
      case .days: return NumberText.measured(x) + (x == 1 ? " day" : " days")
      }
    }

    /// A target value the user wrote: like `text`, but numbers in their shortest exact form.
    func literal(_ x: Double) -> String {
      self == .number ? NumberText.literal(x) : text(x)
    }
  }

  /// The unit of the measured value and of the target's values.
  var measured: Unit
  /// The unit of differences and tolerances.
  var spread: Unit

  /// Plain numbers.
  static let plain = ReportUnits(measured: .number, spread: .number)

  init(measured: Unit, spread: Unit) {
    self.measured = measured
    self.spread = spread
  }

  /// The units of expectation `e`: from the type of its first probe for location statistics
  /// (mean, min, max, quantiles) and the standard deviation; plain numbers otherwise.
  init(_ e: ExpectationIR, in program: Program) {
    self = .plain
    guard let k = e.probes.first, program.tables.indices.contains(e.table),
      program.tables[e.table].probes.indices.contains(k)
    else { return }
    let location: Unit
    let spread: Unit
    switch program.tables[e.table].probes[k].type.kind {
    case .date: (location, spread) = (.date, .days)
    case .datetime: (location, spread) = (.datetime, .duration)
    case .duration: (location, spread) = (.duration, .duration)
    case .int, .float, .bool, .text, .choice, .ref, .null, .error: return
    }
    switch e.statistic {
    case .mean, .min, .max, .quantile: self = ReportUnits(measured: location, spread: spread)
    case .sd: self = ReportUnits(measured: spread, spread: spread)
    case .count, .rate, .pearson, .spearman, .everyRow, .unique, .uniqueByConstruction, .resolves: return
    }
  }

  /// The target in words: `0.88 ± 0.02`, `in 140..160`, `>= 4`, `2024-03-01 ± 3 days`,
  /// `no violations`.
  func describe(_ target: ExpectationTarget) -> String {
    switch target {
    case .approximately(let v, let tolerance):
      return measured.literal(v) + " ± " + spread.literal(tolerance)
    case .range(let low, let high):
      return "in " + measured.literal(low) + ".." + measured.literal(high)
    case .compare(let op, let v): return Self.symbol(op) + " " + measured.literal(v)
    case .noViolations: return "no violations"
    }
  }

  /// The comparison as written.
  static func symbol(_ op: IROperator) -> String {
    switch op {
    case .equal: return "=="
    case .notEqual: return "!="
    case .less: return "<"
    case .lessEqual: return "<="
    case .greater: return ">"
    case .greaterEqual: return ">="
    case .add, .subtract, .multiply, .divide, .modulo, .and, .or, .concat: return op.rawValue
    }
  }
}
