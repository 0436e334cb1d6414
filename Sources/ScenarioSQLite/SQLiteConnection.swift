import CSQLite
import Foundation
import ScenarioIR
import ScenarioSinks

/// A failure of the SQLite library or of the database's contents, with SQLite's own message.
public struct SQLiteError: Error, Sendable, CustomStringConvertible {
  public var message: String
  public var description: String { message }
  public init(_ message: String) { self.message = message }
}

/// One connection to a SQLite database file, used from one thread at a time.
final class SQLiteConnection {
  let handle: OpaquePointer
  let path: String

  /// Opens `path` for reading and writing, creating the file if it is missing (its folder must
  /// exist). A file the process cannot write is an error, not a read-only connection.
  init(path: String, create: Bool) throws {
    let folder = (path as NSString).deletingLastPathComponent
    var isFolder: ObjCBool = false
    if !folder.isEmpty, !FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) || !isFolder.boolValue {
      throw SQLiteError("cannot open database '\(path)': the folder '\(folder)' does not exist")
    }
    if !create, !FileManager.default.fileExists(atPath: path) {
      throw SQLiteError("cannot open database '\(path)': the file does not exist")
    }
    var db: OpaquePointer? = nil
    let flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX
    let status = sqlite3_open_v2(path, &db, flags, nil)
    guard status == SQLITE_OK, let db else {
      let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
      if let db { sqlite3_close_v2(db) }
      throw SQLiteError("cannot open database '\(path)': \(message)")
    }
    handle = db
    self.path = path
    if sqlite3_db_readonly(db, "main") == 1 {
      sqlite3_close_v2(db)
      throw SQLiteError("cannot write database '\(path)': the file is read-only")
    }
    // Fail at once when another connection holds the file, rather than wait.
    sqlite3_busy_timeout(db, 0)
  }

  deinit { sqlite3_close_v2(handle) }

  var lastError: String { String(cString: sqlite3_errmsg(handle)) }

  /// Runs one or more statements that return no rows.
  func exec(_ sql: String) throws {
    var error: UnsafeMutablePointer<CChar>? = nil
    if sqlite3_exec(handle, sql, nil, nil, &error) != SQLITE_OK {
      let message = error.map { String(cString: $0) } ?? lastError
      sqlite3_free(error)
      throw SQLiteError(Self.explain(message, path: path))
    }
  }

  /// A clearer message for the failures users meet: a locked or read-only file.
  static func explain(_ message: String, path: String) -> String {
    if message.contains("database is locked") {
      return "database '\(path)' is locked by another connection (\(message)); nothing was changed"
    }
    if message.contains("readonly") {
      return "cannot write database '\(path)': \(message)"
    }
    if message.contains("not a database") {
      return "'\(path)' is not a SQLite database (\(message))"
    }
    return message
  }

  func prepare(_ sql: String) throws -> SQLiteStatement {
    var statement: OpaquePointer? = nil
    guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
      throw SQLiteError("\(lastError) in: \(sql)")
    }
    return SQLiteStatement(statement, connection: self)
  }

  /// The rows of a query, each value as text (nil for NULL).
  func rows(_ sql: String, _ bindings: [Value]) throws -> [[String?]] {
    let s = try prepare(sql)
    for (i, v) in bindings.enumerated() { try s.bind(v, at: Int32(i + 1), precision: nil) }
    var out: [[String?]] = []
    while try s.step() {
      out.append((0..<s.columnCount).map { s.text($0) })
    }
    return out
  }

  /// Rows changed by the last statement.
  var changes: Int { Int(sqlite3_changes64(handle)) }
}

/// A prepared statement.
final class SQLiteStatement {
  let handle: OpaquePointer
  unowned let connection: SQLiteConnection
  private var scratch: [UInt8] = []

  init(_ handle: OpaquePointer, connection: SQLiteConnection) {
    self.handle = handle
    self.connection = connection
  }

  deinit { sqlite3_finalize(handle) }

  var columnCount: Int32 { sqlite3_column_count(handle) }

  /// Steps; true while a row is available.
  func step() throws -> Bool {
    switch sqlite3_step(handle) {
    case SQLITE_ROW: return true
    case SQLITE_DONE: return false
    default: throw SQLiteError(SQLiteConnection.explain(connection.lastError, path: connection.path))
    }
  }

  func reset() {
    sqlite3_reset(handle)
    sqlite3_clear_bindings(handle)
  }

  func text(_ column: Int32) -> String? {
    guard sqlite3_column_type(handle, column) != SQLITE_NULL, let p = sqlite3_column_text(handle, column) else { return nil }
    return String(cString: p)
  }

  /// Binds a value as the SQL text output writes it for SQLite (`SQLDialect.sqlite`): integers
  /// and references as integers, floats as reals (NaN as NULL), booleans as 1 and 0, and texts,
  /// choices, dates, date-times and durations as text.
  func bind(_ value: Value, at index: Int32, precision: Int?) throws {
    let status: Int32
    switch value {
    case .null: status = sqlite3_bind_null(handle, index)
    case .int(let i):
      status = precision == nil ? sqlite3_bind_int64(handle, index, i) : sqlite3_bind_double(handle, index, Double(i))
    case .ref(let r): status = sqlite3_bind_int64(handle, index, Int64(r))
    case .float(let x): status = x.isNaN ? sqlite3_bind_null(handle, index) : sqlite3_bind_double(handle, index, x)
    case .bool(let b): status = sqlite3_bind_int64(handle, index, b ? 1 : 0)
    case .text(let s):
      var s = s
      status = s.withUTF8 { bytes in
        bytes.withMemoryRebound(to: CChar.self) { chars in
          guard let base = chars.baseAddress else { return sqlite3_bind_text(handle, index, "", 0, scenario_sqlite_transient()) }
          return sqlite3_bind_text(handle, index, base, Int32(chars.count), scenario_sqlite_transient())
        }
      }
    case .date(let days):
      scratch.removeAll(keepingCapacity: true)
      ValueFormatter.appendDate(days: days, to: &scratch)
      status = bindScratch(index)
    case .datetime(let seconds):
      scratch.removeAll(keepingCapacity: true)
      ValueFormatter.appendDateTime(seconds: seconds, style: .sql, to: &scratch)
      status = bindScratch(index)
    case .duration(let seconds):
      scratch.removeAll(keepingCapacity: true)
      ValueFormatter.appendDuration(seconds: seconds, sign: .leading, to: &scratch)
      status = bindScratch(index)
    }
    if status != SQLITE_OK { throw SQLiteError(connection.lastError) }
  }

  private func bindScratch(_ index: Int32) -> Int32 {
    scratch.withUnsafeBufferPointer { bytes in
      sqlite3_bind_text(handle, index, UnsafeRawPointer(bytes.baseAddress!).assumingMemoryBound(to: CChar.self),
        Int32(bytes.count), scenario_sqlite_transient())
    }
  }
}
