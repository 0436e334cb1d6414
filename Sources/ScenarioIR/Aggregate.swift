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
