import ScenarioIR

/// The outcome of one `expect` statement.
public struct ExpectationResult: Sendable, Equatable {
  /// The position of the expectation in `Program.expectations` (its span is there).
  public var index: Int
  /// The measured table.
  public var table: String
  /// The statement's source text after `TABLE:`.
  public var text: String
  /// The measured statistic; NaN when it is undefined (no values, a constant side of a
  /// correlation), which never passes. Statistics of dates are in days, of date-times and
  /// durations in seconds.
  public var measured: Double
  /// The measured value for people: `0.8812`, `150`, `2024-01-18` (a mean date), `PT45M12S`
  /// (a duration), `n/a` (undefined).
  public var measuredText: String
  public var passed: Bool
  /// The target in words: `0.88 ± 0.02`, `in 140..160`, `>= 4`, `~ 2024-03-01 ± 3 days`,
  /// `no violations`.
  public var target: String
  /// Why it failed or what was found: offending rows (0-based, as the language's `row`) or
  /// values, the distance from an approximate target, or why the value is undefined.
  public var detail: String?
  /// The number of rows (count, rate, every-row) or non-null values or pairs the value is
  /// based on.
  public var n: Int
  /// Declared with `report`: `passed` says whether the figure is on target, but it never fails
  /// the run.
  public var reportOnly = false

  /// Whether this result fails the run: off target, and not report-only.
  public var failed: Bool { !passed && !reportOnly }

  /// The report's status word: PASS, FAIL, or REPORT for a report-only figure.
  public var status: String { reportOnly ? "REPORT" : passed ? "PASS" : "FAIL" }

  /// A result; `measuredText` defaults to the number's report form (`NumberText.measured`).
  public init(
    index: Int, table: String, text: String, measured: Double, measuredText: String? = nil,
    passed: Bool, target: String, detail: String?, n: Int
  ) {
    self.index = index
    self.table = table
    self.text = text
    self.measured = measured
    self.measuredText = measuredText ?? NumberText.measured(measured)
    self.passed = passed
    self.target = target
    self.detail = detail
    self.n = n
  }

  /// Equal when every field is; two NaN measurements count as equal.
  public static func == (a: ExpectationResult, b: ExpectationResult) -> Bool {
    a.index == b.index && a.table == b.table && a.text == b.text && a.passed == b.passed
      && a.reportOnly == b.reportOnly
      && a.target == b.target && a.detail == b.detail && a.n == b.n
      && a.measuredText == b.measuredText
      && (a.measured == b.measured || (a.measured.isNaN && b.measured.isNaN))
  }
}
