import ScenarioDiagnostics

/// `order by KEY [desc], ... [within GROUP]` (Language.md §6, "Order within a group"): the
/// positions of a table's rows within their group, computed before the table's rows are
/// generated, by a first pass over the columns the order needs (`prepassSlots`). Rows are
/// ranked by the keys, ties broken by row; the output keeps its row order.
public struct OrderIR: Sendable {
  public enum Group: Sendable, Equatable {
    /// The whole table is one group.
    case table
    /// The children of one parent row (or the rows of one cross-product cell).
    case parent
    /// The rows that share the value of a slot (a reference, or any value).
    case slot(Int)
  }
  public struct Key: Sendable, Equatable {
    public var slot: Int
    public var descending: Bool
    public init(slot: Int, descending: Bool) {
      self.slot = slot
      self.descending = descending
    }
  }
  public var group: Group
  public var keys: [Key]
  /// Slots whose previous value is read (`previous(x)`), by index of `OrderValue.previous`.
  public var tracked: [Int]
  /// Running aggregates, by index of `OrderValue.running`.
  public var running: [RunningIR]
  /// Every slot the first pass evaluates: the group, the keys, the tracked and running columns
  /// and what they read (none of them reads a position).
  public var prepassSlots: [Int]

  public init(group: Group, keys: [Key], tracked: [Int], running: [RunningIR], prepassSlots: [Int]) {
    self.group = group
    self.keys = keys
    self.tracked = tracked
    self.running = running
    self.prepassSlots = prepassSlots
  }
}

/// `running sum(x)`, `running mean(x)`, `running min(x)`, `running max(x)`, `running count()`:
/// over the rows of the group up to and including the current one, in the order's sequence;
/// nulls are skipped (and `count` counts rows).
public struct RunningIR: Sendable {
  public enum Function: String, Sendable, CaseIterable {
    case sum, mean, min, max, count
  }
  public var function: Function
  /// The column aggregated (nil for `count`).
  public var slot: Int?
  /// Where it is first written, for a run-time error (a sum that overflows).
  public var span: SourceSpan
  public init(function: Function, slot: Int?, span: SourceSpan) {
    self.function = function
    self.slot = slot
    self.span = span
  }
}

/// A position read in a table with an order.
public enum OrderValue: Sendable, Equatable {
  /// 1 for the first row of its group.
  case rank
  case isFirst, isLast
  /// The number of rows in the row's group.
  case groupSize
  /// The value of `OrderIR.tracked[i]` in the previous row of the group (null for the first).
  case previous(Int)
  /// `OrderIR.running[i]` at this row.
  case running(Int)
}
