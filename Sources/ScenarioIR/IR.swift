import ScenarioDiagnostics

/// A checked scenario, ready to run: parameters are substituted, names are resolved to slots,
/// every random draw site is numbered, and tables are in generation order.
public struct Program: Sendable {
  public var name: String
  public var seed: UInt64
  /// The fixed instant `now`, in seconds since the epoch (UTC).
  public var now: Int64
  /// Final parameter values, in declaration order (for the run summary).
  public var parameters: [(name: String, value: Value)]
  /// Tables in declaration order; `IRExpr` table indices point into this array.
  public var tables: [TableIR]
  /// Table indices in generation order: every table comes after the tables it reads.
  public var generationOrder: [Int]
  /// The source file, for rendering run-time errors.
  public var file: SourceFile
  /// `expect` statements, in source order.
  public var expectations: [ExpectationIR] = []
  /// Aggregates over other tables' rows (`mean(x) over sessions`), by index.
  public var aggregates: [AggregateIR] = []
  /// The run's budgets (text length, total rows).
  public var limits = RunLimits()
  /// The data packs the program draws from, with their versions (empty without pack
  /// functions): a new pack version changes values, so the summary and the manifest name it.
  public var dataPacks: [String: String] = [:]

  public init(
    name: String, seed: UInt64, now: Int64, parameters: [(name: String, value: Value)],
    tables: [TableIR], generationOrder: [Int], file: SourceFile
  ) {
    self.generationOrder = generationOrder
    self.name = name
    self.seed = seed
    self.now = now
    self.parameters = parameters
    self.tables = tables
    self.file = file
  }

  /// The index of a table by name.
  public func tableIndex(_ name: String) -> Int? { tables.firstIndex { $0.name == name } }
}

/// One table: its row count, its slots (columns, hidden `let`s and the persona) and the order in
/// which they are evaluated.
public struct TableIR: Sendable {
  public var name: String
  public var span: SourceSpan
  public var count: CountIR
  /// Every value computed for a row. Slot indices are positions in this array.
  public var slots: [SlotIR]
  /// Slot indices in evaluation order (dependencies first).
  public var evaluationOrder: [Int]
  /// Slot indices written to output, in declaration order.
  public var outputSlots: [Int]
  /// Slot indices of the primary key.
  public var keySlots: [Int]
  public var personas: PersonaPlan?
  /// Slots that later tables read (through references or as a parent); only these are kept in
  /// memory after the table is generated.
  public var storedSlots: [Int]
  /// Expressions evaluated for every row after its slots, for expectations.
  public var probes: [IRExpr] = []
  /// Correlation groups: columns whose random draws share a Gaussian copula.
  public var copulas: [CopulaIR] = []
  /// The written columns no two rows share a value of: proven by construction (`unique_int`,
  /// `unique_text`, `"S" ++ pad(row + 1, 6)`, ...), or stated by an `expect T: unique(column)`.
  /// SQL output declares them `UNIQUE`.
  public var uniqueSlots: Set<Int> = []
  /// For a table declared `into NAME`: the output it is part of.
  public var union: UnionPart? = nil
  /// False for inline tables and the cells of cross products: generated and read like any
  /// table, never written out.
  public var isWritten = true
  /// Row identities other than the row number, for the rows of child tables (§16).
  public var rowIdentity: RowIdentityIR? = nil
  /// `order by ...`: positions within groups, computed before the rows are generated.
  public var order: OrderIR? = nil
  /// For a table that summarises its own children (`total = sum(x) over children`): the slots
  /// that wait for those children. The table is generated twice (§19 of Language.md).
  public var summary: SelfSummaryIR? = nil
  /// Keys, conflicts and ownership in a database target.
  public var database = DatabaseIR()
  /// For a table read from a CSV file or the target database instead of generated.
  public var source: SourceIR? = nil

  public init(
    name: String, span: SourceSpan, count: CountIR, slots: [SlotIR], evaluationOrder: [Int],
    outputSlots: [Int], keySlots: [Int], personas: PersonaPlan?, storedSlots: [Int]
  ) {
    self.name = name
    self.span = span
    self.count = count
    self.slots = slots
    self.evaluationOrder = evaluationOrder
    self.outputSlots = outputSlots
    self.keySlots = keySlots
    self.personas = personas
    self.storedSlots = storedSlots
  }
}

/// A table holding aggregates of tables that read it (its children, or tables that pick it).
///
/// It is generated in two passes with the same keyed draws: a base pass, before the tables it
/// summarises, computes every slot but `slots` and keeps the stored ones for those tables to
/// read; the full pass, at the table's place in `Program.generationOrder` after them, computes
/// every slot, writes the file and feeds expectations and aggregates. Nothing read before the
/// full pass depends on `slots` (the checker proves it).
public struct SelfSummaryIR: Sendable {
  /// The slots computed only in the full pass: the self-aggregates and what reads them.
  public var slots: Set<Int>
  /// The position in `Program.generationOrder` the base pass runs before.
  public var baseBefore: Int
  /// The tables summarised.
  public var sources: [Int]
  public init(slots: Set<Int>, baseBefore: Int, sources: [Int]) {
    self.slots = slots
    self.baseBefore = baseBefore
    self.sources = sources
  }
}

/// Where a table's row identities come from, when not from the row number.
public enum RowIdentityIR: Sendable {
  /// An inline table: one key per row, a hash of its first column's value, so that inserting a
  /// row keeps the identities of the others.
  case keys([UInt64])
  /// The cells of a cross product: a hash of the identities of the factors' rows (each factor's
  /// `keys`, or the row number when nil), so that adding a row to a factor keeps other cells.
  case cells(sizes: [Int], keys: [[UInt64]?])
}

/// How many rows a table has.
public enum CountIR: Sendable {
  /// A count known after parameters are substituted.
  case fixed(Int)
  /// Rows per row of a parent table. `count` and `filter` are evaluated in the parent row's
  /// context with the child table's count stream; `count` nil means one row per parent.
  case perParent(parent: Int, count: IRExpr?, filter: IRExpr?)
}

/// One computed value of a row.
public struct SlotIR: Sendable {
  public var name: String
  public var span: SourceSpan
  public var type: ValueType
  /// Digits after the decimal point for output, from `float(N)`.
  public var precision: Int?
  public var expr: IRExpr
  public var isOutput: Bool
  public var role: SlotRole

  public init(
    name: String, span: SourceSpan, type: ValueType, precision: Int?, expr: IRExpr,
    isOutput: Bool, role: SlotRole
  ) {
    self.name = name
    self.span = span
    self.type = type
    self.precision = precision
    self.expr = expr
    self.isOutput = isOutput
    self.role = role
  }
}

/// What a slot is.
public enum SlotRole: Sendable, Equatable {
  case column
  case hidden
  /// The persona of the row (an index into `PersonaPlan.names`, stored as `.int`).
  case persona
}

/// How rows are assigned to personas: exact counts take contiguous row ranges in declaration
/// order; the remaining rows draw a persona with the percentage weights (`rest` takes the
/// remainder of 100%).
public struct PersonaPlan: Sendable {
  public var names: [String]
  /// Exact row counts per persona (nil for percentage and rest personas).
  public var exactCounts: [Int?]
  /// Weights for the rows not covered by exact counts (0 for exact-count personas).
  public var weights: [Double]
  public init(names: [String], exactCounts: [Int?], weights: [Double]) {
    self.names = names
    self.exactCounts = exactCounts
    self.weights = weights
  }
}

/// A table written into a shared output (`table a [...] into events`): the output's name, the
/// parts in declaration order (table indices) and this table's position among them. Rows are
/// numbered across the output: `row` in part `k` continues after the rows of parts `0..<k`.
public struct UnionPart: Sendable, Equatable {
  public var output: String
  public var parts: [Int]
  public var index: Int
  public init(output: String, parts: [Int], index: Int) {
    self.output = output
    self.parts = parts
    self.index = index
  }
}
