/// The rows of a source table (`table bank (id: int, ...) from csv "bank.csv"`), read before the
/// program is checked: typed as declared, one array of values per declared column.
public struct SourceRows: Sendable {
  public var columns: [[Value]]
  /// Where the rows come from, for messages and the run summary: `bank.csv`, or
  /// `table questions of user_data.db`.
  public var origin: String
  /// Where each row is in its origin, for messages: the line of a CSV file (a quoted field may
  /// span lines), or the row's position in a query's result.
  public var positions: [Int]
  /// "line" or "row": the unit of `positions`.
  public var positionUnit: String
  /// The SHA-256 of what was read (a CSV file's bytes; a query's rows as text), which the
  /// manifest records: the same scenario over other data is another run.
  public var digest: String

  public init(columns: [[Value]], origin: String, positions: [Int], positionUnit: String, digest: String = "") {
    self.columns = columns
    self.origin = origin
    self.positions = positions
    self.positionUnit = positionUnit
    self.digest = digest
  }

  public var count: Int { positions.count }

  /// "bank.csv line 14".
  public func locate(_ row: Int) -> String { "\(origin) \(positionUnit) \(positions[row])" }
}

/// How a table's rows are read instead of generated, as the IR keeps it.
public struct SourceIR: Sendable {
  /// `csv "bank.csv"`, `table "questions"`, `query "SELECT ..."`, as written.
  public var declared: String
  /// Where the rows came from (`SourceRows.origin`); nil while the rows are not read yet (the
  /// program was compiled without its sources, e.g. by a static check): such a program cannot
  /// run.
  public var origin: String?
  /// Whether the rows come from the target database (`from table`, `from query`).
  public var fromDatabase: Bool
  /// For `from table "NAME"`: the database table, which references to these rows name as their
  /// foreign key.
  public var databaseTable: String?
  /// `SourceRows.digest` of the rows read.
  public var digest: String? = nil

  public init(declared: String, origin: String?, fromDatabase: Bool, databaseTable: String? = nil) {
    self.declared = declared
    self.origin = origin
    self.fromDatabase = fromDatabase
    self.databaseTable = databaseTable
  }
}

extension Program {
  /// The source tables whose rows were not read (`SourceIR.origin` nil).
  public var unreadSources: [TableIR] { tables.filter { $0.source != nil && $0.source?.origin == nil } }
}
