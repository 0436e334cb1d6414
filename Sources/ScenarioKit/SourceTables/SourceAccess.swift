import ScenarioSinks

/// What a compilation may read source tables from (`table bank (...) from csv|table|query`).
///
/// `none` reads nothing: source tables are checked without rows and the program cannot run (a
/// check of the text alone, an editor). `files` reads CSV files. With a `database`, `from table`
/// and `from query` read the target database. When `required`, a source that cannot be read
/// (a database source without a database) is an error (E0614), as a run needs every row.
///
/// The connection is used on the compiling thread while the caller waits for the result.
public struct SourceAccess: @unchecked Sendable {
  public var readFiles: Bool
  public var database: (any DatabaseConnection)?
  public var required: Bool
  /// Why there is no database, when a run names one that cannot be read yet (a SQLite file
  /// that does not exist), for the message.
  public var absentDatabase: String?
  /// The database tables written tables go into (`--table NAME=TARGET`), so that a database
  /// source knows which rows the scenario owns there.
  public var targets: [String: String] = [:]

  public init(readFiles: Bool, database: (any DatabaseConnection)? = nil, required: Bool, absentDatabase: String? = nil) {
    self.readFiles = readFiles
    self.database = database
    self.required = required
    self.absentDatabase = absentDatabase
  }

  /// Reads nothing.
  public static let none = SourceAccess(readFiles: false, required: false)
  /// Reads CSV files; database sources stay unread.
  public static let files = SourceAccess(readFiles: true, required: false)
  /// Reads every source a run needs, from files and `database`; one it cannot read is an error.
  public static func run(database: (any DatabaseConnection)?) -> SourceAccess {
    SourceAccess(readFiles: true, database: database, required: true)
  }
}
