import ScenarioAST
import ScenarioDiagnostics
import ScenarioIR

/// The checker's working state for one table.
struct TableState {
  var decl: TableDecl
  var slots: [SlotState] = []
  var slotIndex: [String: Int] = [:]
  var personaSlot: Int?
  var personaNames: [String] = []
  var personaPlan: PersonaPlan?
  var count: CountIR = .fixed(0)
  var parent: (name: String, table: Int)?
  var keySlots: [Int] = []
  /// Where each key column is named in the `key` declaration.
  var keySpans: [SourceSpan] = []
  /// Slots read by other tables.
  var stored: Set<Int> = []
  /// Expressions measured by expectations.
  var probes: [IRExpr] = []
  /// Slots that expectations read (so a hidden column used only there is not "unused").
  var probeDependencies: Set<Int> = []
  /// Correlation groups and the number of latent normals per row.
  var copulas: [CopulaIR] = []
  var latentCount = 0
  /// Whether `count` is final (tables with constant counts are counted first).
  var countChecked = false
  /// False for inline tables and the cells of products.
  var isWritten = true
  var rowIdentity: RowIdentityIR? = nil
  var source: SourceIR? = nil
  /// For the cells of a product: the table whose rows are per cell, and the factor tables.
  var cellsOf: Int? = nil
  var factors: [Int] = []
  /// For a table with rows per cell of a product: its cells table, and each factor's variable
  /// as a slot of the cells.
  var cells: Int? = nil
  var cellVariables: [String: Int] = [:]
  /// `order by ...`: the item, its span, and the hidden slots that hold its keys.
  var order: (decl: OrderDecl, span: SourceSpan, keySlots: [Int])? = nil
  /// The slots `previous(x)` reads and the running aggregates, in the order first used.
  var orderTracked: [Int] = []
  var orderRunning: [RunningIR] = []
  var name: String { decl.name.text }
}

/// The checker's working state for one slot.
struct SlotState {
  var name: Name
  var annotation: TypeAnnotation?
  var value: Expr?
  /// Persona overrides: persona index -> expression.
  var overrides: [Int: Expr] = [:]
  var role: SlotRole
  var checked: SlotIR?
  var dependencies: Set<Int> = []
}
