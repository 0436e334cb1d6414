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
