import ScenarioEngine
import ScenarioIR
import ScenarioSinks

/// What a database target gives the shared runner (`DatabaseRun`): statements, the catalog, and
/// a consumer that stages a table's rows. SQLite and PostgreSQL each implement it in their own
/// target, so that ScenarioKit links neither.
public protocol DatabaseConnection: AnyObject {
  /// The database, for messages (a path, or a URI without its password).
  var name: String { get }
  /// The dialect the plan's statements are written in.
  var dialect: SQLDialect { get }
  /// Runs statements that return no rows.
  func exec(_ sql: String) throws
  /// A query's rows, each value as text (nil for NULL).
  func rows(_ sql: String) throws -> [[String?]]
  /// Rows changed by the last `exec`.
  var changes: Int { get }
  /// Whether tables that need no merge go straight in (`DatabasePlan.insertsDirectly`): faster
  /// for PostgreSQL's COPY; SQLite is faster staging and merging in one statement.
  var insertsDirectly: Bool { get }
  /// Every mismatch between a planned table and the table in the database, or nil when the
  /// database has no such table.
  func mismatches(_ table: DatabasePlan.Table) throws -> [String]?
  /// Whether the table has an index (or its primary key) on exactly these columns.
  func hasIndex(_ table: String, on columns: [String]) throws -> Bool
  /// A consumer that inserts a table's rows (all its written columns) into `target`, a quoted
  /// table name: its staging table, or the table itself when it needs no merge.
  func stagingConsumer(_ table: DatabasePlan.Table, into target: String, totalRows: Int?) throws -> ChunkConsumer
  /// The user tables of the database: by name in the current schema, as `schema.table` in
  /// the others.
  func tableNames() throws -> [String]
  /// A table name as `tableNames` and `foreignKeys` give it (`public.x` is `x` when `public`
  /// is the current schema).
  func catalogName(_ target: String) throws -> String
  /// The foreign keys of a table: (column, referenced table, referenced column).
  func foreignKeys(of table: String) throws -> [(column: String, table: String, referenced: String)]
  /// The primary-key column of a table, when it has a single one.
  func primaryKey(of table: String) throws -> String?
}

extension DatabaseConnection {
  /// The first column of the first row, as an integer.
  public func integer(_ sql: String) throws -> Int64 {
    Int64(try rows(sql).first?.first.flatMap { $0 } ?? "0") ?? 0
  }
}

/// A failure of a database, or of the data against it.
public struct DatabaseError: Error, Sendable, CustomStringConvertible {
  public var message: String
  public var description: String { message }
  public init(_ message: String) { self.message = message }
}
