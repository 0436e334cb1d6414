import ScenarioDiagnostics

/// What an aggregate computes over the matching rows.
public enum RowAggregate: String, Sendable, CaseIterable {
  /// Matching rows (or, with an argument, matching rows where it is not null).
  case count
  /// Sum of the argument (0 without rows).
  case sum
  /// Mean of the argument (null without rows).
  case mean
  case min, max
  /// Fraction of the matching rows (with a non-null argument) where the condition is true.
  case rate
  /// This parent's sum of the argument over the sum across all parents.
  case share
}

/// An aggregate over the rows of a source table that link to each row of a parent table,
/// computed while the source table's rows stream (memory: one accumulator per parent row).
public struct AggregateIR: Sendable {
  public var function: RowAggregate
  /// The aggregated table and the table whose rows the results are indexed by.
  public var source: Int
  public var parent: Int
  /// Probe indices in the source table: the link (a `.ref` to the parent row), the filter and
  /// the argument.
  public var linkProbe: Int
  public var filterProbe: Int?
  public var argumentProbe: Int?
  /// Fewer contributing rows than this make the result null.
  public var atLeast: Int
  /// The result's type.
  public var type: ValueType
  /// The aggregate's text, for messages.
  public var span: SourceSpan
  /// `over all TABLE` without a correlated filter: every row of the source links to one
  /// result (the link probe is the constant row 0), the same for every row that reads it.
  public var wholeTable = false

  public init(
    function: RowAggregate, source: Int, parent: Int, linkProbe: Int, filterProbe: Int?,
    argumentProbe: Int?, atLeast: Int, type: ValueType, span: SourceSpan
  ) {
    self.function = function
    self.source = source
    self.parent = parent
    self.linkProbe = linkProbe
    self.filterProbe = filterProbe
    self.argumentProbe = argumentProbe
    self.atLeast = atLeast
    self.type = type
    self.span = span
  }
}

/// An aggregate whose filter reads the current row (`count() over all sessions where tutor_id
/// == a.tutor_id and session_datetime < sent_at`): computed for each row of the table that
/// holds it, over the stored rows of the source table, which is complete by then.
///
/// `filter` and `argument` are expressions of the current row in which `.candidate` is the
/// source row being tested (source columns are `.field(base: .candidate, ...)`). When the filter
/// has a top-level equality between a source-only and a current-only side, `key` holds it: the
/// engine indexes the source rows by `key.source` once, and each row tests only the rows whose
/// key equals its `key.current` (the filter, which still contains the equality, decides).
public struct CorrelatedAggregate: Sendable {
  /// Unique within the program: the engine's index is kept under it.
  public var id: Int
  public var function: RowAggregate
  public var source: Int
  public var filter: IRExpr?
  public var argument: IRExpr?
  public var key: (source: IRExpr, current: IRExpr)?
  /// Fewer contributing rows than this make the result null.
  public var atLeast: Int

  public init(
    id: Int, function: RowAggregate, source: Int, filter: IRExpr?, argument: IRExpr?,
    key: (source: IRExpr, current: IRExpr)?, atLeast: Int
  ) {
    self.id = id
    self.function = function
    self.source = source
    self.filter = filter
    self.argument = argument
    self.key = key
    self.atLeast = atLeast
  }
}

/// `pick T where ...` whose filter reads the current row (a keyed pick, Language.md §12): the
/// candidate rows of `T` are found as a correlated aggregate's rows are (`rows`: the picked table
/// as source, the filter tested with each candidate, and a hash index on the filter's first
/// equality between a candidate column and a current-row value), then one is drawn, uniformly or
/// by `weight` (evaluated on the current row with the candidate).
public struct KeyedPick: Sendable {
  public var rows: CorrelatedAggregate
  public var weight: IRExpr?
  /// Whether the filter is exactly the key's equality, so that the index's bucket is the set of
  /// candidates (no test per candidate).
  public var keyOnly: Bool
  /// `pick distinct`: within a group, each row takes another candidate of its key's bucket
  /// (always `keyOnly`, never weighted).
  public var distinct: Bool

  public init(rows: CorrelatedAggregate, weight: IRExpr?, keyOnly: Bool, distinct: Bool = false) {
    self.rows = rows
    self.weight = weight
    self.keyOnly = keyOnly
    self.distinct = distinct
  }
}
