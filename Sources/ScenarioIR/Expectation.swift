import ScenarioDiagnostics

/// An `expect` statement, checked on the generated data while it streams.
///
/// The engine evaluates the expectation's probes (expressions over a row) for every row of its
/// table and hands them, chunk by chunk in row order, to the expectation checker, which keeps
/// only streaming accumulators (and, for quantiles, rank correlations and uniqueness, the probe
/// values themselves).
public struct ExpectationIR: Sendable {
  /// The table whose rows are measured.
  public var table: Int
  public var span: SourceSpan
  /// The statement's source text after `TABLE:`, shown in the report.
  public var text: String
  public var statistic: Statistic
  /// Indices into the table's `probes`: the statistic's arguments, in order.
  public var probes: [Int]
  public var target: ExpectationTarget
  /// For an expectation on a shared output (`expect engagement_events: ...`): the output's
  /// name, and the other parts with their own probe indices. Their rows feed the same
  /// measurement, after the rows of `table` (the first part).
  public var output: String? = nil
  public var otherParts: [(table: Int, probes: [Int])] = []
  /// Declared with `report`: measured and reported against its target, never a failure.
  public var reportOnly = false
  /// A tolerance written with `n` (`+- 5 * 0.43 / sqrt(n)`): the part that is divided by
  /// √n, where n is the number of rows or values measured. The target's tolerance holds the
  /// constant part.
  public var tolerancePerRootN = 0.0

  public init(
    table: Int, span: SourceSpan, text: String, statistic: Statistic, probes: [Int],
    target: ExpectationTarget
  ) {
    self.table = table
    self.span = span
    self.text = text
    self.statistic = statistic
    self.probes = probes
    self.target = target
  }

  /// The target once `n` rows or values have been measured: the tolerance's `b / sqrt(n)` part
  /// added (n at least 1).
  public func target(measuredCount n: Int) -> ExpectationTarget {
    guard tolerancePerRootN != 0, case .approximately(let v, let tolerance) = target else { return target }
    return .approximately(v, tolerance: tolerance + tolerancePerRootN / Double(max(n, 1)).squareRoot())
  }
}

/// What an expectation measures over the rows of its table.
public enum Statistic: Sendable, Equatable {
  /// Number of rows (no probe).
  case count
  /// Share of rows where the boolean probe is true (nulls count as false).
  case rate
  /// Mean of the numeric probe (nulls skipped).
  case mean
  /// Sample standard deviation of the numeric probe (nulls skipped).
  case sd
  case min
  case max
  /// The p-quantile of the numeric probe (nulls skipped), p in [0, 1]; type-7 interpolation.
  case quantile(Double)
  /// Pearson correlation of two numeric probes (rows where either is null skipped).
  case pearson
  /// Spearman rank correlation (Pearson of mid-ranks) of two probes.
  case spearman
  /// The boolean probe holds on every row: the measured value is the number of rows where it
  /// does not.
  case everyRow
  /// The probe's non-null values are all different: the measured value is the number of
  /// duplicates.
  case unique
  /// `unique` where the probe is an injective function of the row number (`"S" ++ pad(row + 1,
  /// 6)`): the values cannot repeat, so nothing is stored; the measured value is 0.
  case uniqueByConstruction
  /// Every non-null value of the probe occurs in column `slot` of table `table` (a reference
  /// resolves): the measured value is the number of values that do not.
  case resolves(table: Int, slot: Int)
}

/// What the measured value must satisfy.
public enum ExpectationTarget: Sendable, Equatable {
  /// `~ value +- tolerance`
  case approximately(Double, tolerance: Double)
  /// `in low..high` (inclusive)
  case range(Double, Double)
  /// `== v`, `!= v`, `< v`, `<= v`, `> v`, `>= v`
  case compare(IROperator, Double)
  /// The statistic is a count of violations and must be 0 (every-row, unique, resolves).
  case noViolations

  /// Whether a measured value satisfies the target. NaN never does.
  public func accepts(_ x: Double) -> Bool {
    guard !x.isNaN else { return false }
    switch self {
    case .approximately(let v, let tol): return abs(x - v) <= tol
    case .range(let lo, let hi): return x >= lo && x <= hi
    case .compare(let op, let v):
      switch op {
      case .equal: return x == v
      case .notEqual: return x != v
      case .less: return x < v
      case .lessEqual: return x <= v
      case .greater: return x > v
      case .greaterEqual: return x >= v
      default: return false
      }
    case .noViolations: return x == 0
    }
  }
}
