import ScenarioDiagnostics
import ScenarioIR

/// Where an expression is being checked: which names are visible, whether it may draw random
/// values, and how its draw sites are keyed.
struct ExprContext {
  /// The table whose slots bare names refer to (nil at the top level).
  var table: Int?
  /// Whether the table's slots (and `row`, `persona`) are visible.
  var slotsVisible: Bool
  /// The child table's parent variable.
  var parent: (name: String, table: Int)?
  var allowRandom: Bool
  /// Why randomness is not allowed, for the diagnostic.
  var randomForbiddenReason: String
  /// Stream key prefix of draw sites: table, column and scope.
  var sitePrefix: [String]
  /// Number of draw sites numbered so far in this expression.
  var sites = 0
  /// Same-table slots this expression reads.
  var dependencies: Set<Int> = []
  /// In an aggregate's filter and argument, checked on the aggregated table's rows: the row
  /// being computed, whose names are visible after the aggregated table's own.
  var outer: OuterScope? = nil
  /// In a correlated aggregate's filter and argument, checked on the current row: the
  /// aggregated table, whose columns come first, as fields of the row being tested.
  var candidate: Int? = nil
  /// Names known not to be null here: in the branch of `n is null ? a : b` that runs when `n`
  /// is not null.
  var nonNull: Set<String> = []

  /// The top level: parameters and constants only.
  static var global: ExprContext {
    ExprContext(
      table: nil, slotsVisible: false, parent: nil, allowRandom: false,
      randomForbiddenReason: "parameters and top-level constants are computed once, not per row",
      sitePrefix: [])
  }

  /// A column (or persona override) of a table.
  static func column(table: Int, tableName: String, column: String, scope: String, parent: (String, Int)?)
    -> ExprContext
  {
    ExprContext(
      table: table, slotsVisible: true, parent: parent.map { (name: $0.0, table: $0.1) },
      allowRandom: true, randomForbiddenReason: "", sitePrefix: [tableName, column, scope])
  }

  /// The next draw site's key.
  mutating func nextSite() -> DrawSite {
    let site = DrawSite(keyParts: sitePrefix + [String(sites)])
    sites += 1
    return site
  }
}

/// The row being computed, seen from an aggregate's filter (checked in the aggregated table's
/// context): a name that is not the aggregated table's resolves here, and marks the aggregate
/// correlated.
final class OuterScope {
  var ctx: ExprContext
  let tableName: String
  /// Whether the filter or argument read the current row.
  var used = false

  init(_ ctx: ExprContext, tableName: String) {
    self.ctx = ctx
    self.tableName = tableName
  }
}
