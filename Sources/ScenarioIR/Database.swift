/// How a table is written into a database (`scenario run --db`, the SQL load script):
/// who assigns its key, what identifies a row, what to do with a row that is already there, and
/// which rows the scenario owns (Databases.md).
public struct DatabaseIR: Sendable {
  /// `key id assigned`: the database assigns the (single, integer) key; the column is left out
  /// of the database's rows, and references to the table are resolved by the natural key.
  public var assignedKey = false
  /// `natural key a, b`: the slots that identify a row (written columns); empty: the primary
  /// key, when the database does not assign it.
  public var naturalKey: [Int] = []
  public var conflict = ConflictPolicy.fail
  public var ownership: OwnershipIR? = nil
  /// `double precision a, b`: `float(N)` slots kept as `DOUBLE PRECISION` in PostgreSQL rather
  /// than `NUMERIC(p, N)`.
  public var doublePrecision: Set<Int> = []
  public init() {}

  /// The slots that identify a row: the natural key, else the primary key (unless assigned).
  public func identity(of table: TableIR) -> [Int] { identity(keySlots: table.keySlots) }

  /// The same, given the table's key slots.
  public func identity(keySlots: [Int]) -> [Int] {
    if !naturalKey.isEmpty { return naturalKey }
    return assignedKey ? [] : keySlots
  }
}

/// `on conflict ...`: what a database target does with a row whose natural key is already in
/// the table.
public enum ConflictPolicy: String, Sendable {
  /// Keep the row that is there (idempotent seeding).
  case skip
  /// Rewrite the row that is there when it differs (only rows the scenario owns).
  case update
  /// Stop the run, leaving the database untouched (the default).
  case fail
}

/// `owned where ...` / `owned through ...`: the rows of the table that the scenario owns.
public enum OwnershipIR: Sendable {
  /// The rows where a condition on the written columns holds (translated to SQL).
  case condition(IRExpr)
  /// The rows whose reference column (a slot) points at an owned row of another table.
  case through(slot: Int, table: Int)
}
