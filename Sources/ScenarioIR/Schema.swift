/// How a table is written: the output columns in declaration order.
public struct TableSchema: Sendable, Equatable {
  /// Table name; also the file stem (`NAME.csv`, `NAME.sql`).
  public var name: String
  public var columns: [ColumnSchema]
  /// Names of the primary-key columns, in order (empty if the table declares none).
  public var primaryKey: [String]

  public init(name: String, columns: [ColumnSchema], primaryKey: [String] = []) {
    self.name = name
    self.columns = columns
    self.primaryKey = primaryKey
  }
}

/// One written column. Reference columns are written as the referenced row's key, so their
/// `type` here is the key's type, not `ref`.
public struct ColumnSchema: Sendable, Equatable {
  public var name: String
  public var type: ValueType
  /// Digits after the decimal point for floats; nil means shortest round-trip text.
  public var precision: Int?
  /// For a reference column: the referenced table and its key column (SQL `REFERENCES`).
  public var references: ForeignKey?
  /// Whether no two rows share a value by construction (`unique_int`): SQL `UNIQUE`.
  public var unique: Bool
  /// For a `float(k)` column: the total digits `p` of PostgreSQL's `NUMERIC(p, k)`, from the
  /// column's bounds (`ValueBounds`); nil for `DOUBLE PRECISION`.
  public var numericPrecision: Int? = nil

  public init(
    name: String, type: ValueType, precision: Int? = nil, references: ForeignKey? = nil, unique: Bool = false
  ) {
    self.name = name
    self.type = type
    self.precision = precision
    self.references = references
    self.unique = unique
  }
}

/// The target of a reference column.
public struct ForeignKey: Sendable, Equatable {
  public var table: String
  public var column: String
  /// The referenced rows are already in the database (a source table read `from table`): the
  /// scenario writes none of them, so nothing maps their keys, even when it also writes rows
  /// into the same table.
  public var external: Bool
  public init(table: String, column: String, external: Bool = false) {
    self.table = table
    self.column = column
    self.external = external
  }
}

/// A block of consecutive rows of one table, stored by column: `columns[c][i]` is row
/// `startRow + i`, column `c` of the schema. Values are final output values (references already
/// replaced by the referenced key).
public struct Chunk: Sendable {
  public var startRow: Int
  public var count: Int
  public var columns: [ValueColumn]

  public init(startRow: Int, count: Int, columns: [[Value]]) {
    self.startRow = startRow
    self.count = count
    self.columns = columns.map(ValueColumn.init)
  }

  public init(startRow: Int, count: Int, columns: [ValueColumn]) {
    self.startRow = startRow
    self.count = count
    self.columns = columns
  }
}
