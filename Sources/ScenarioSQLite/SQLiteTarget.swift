import Foundation
import ScenarioEngine
import ScenarioIR
import ScenarioKit
import ScenarioSinks

/// `scenario run FILE --db sqlite:PATH`: writes a run straight into a SQLite database, in one
/// transaction (`DatabaseRun`, `DatabasePlan`): the tables are checked against the scenario
/// before anything is written, missing ones are created, the rows are staged as they are
/// generated and merged parents first under each table's conflict policy. Any failure, or an
/// interruption, leaves the database exactly as it was.
public enum SQLiteTarget {
  /// The plan of `program`'s written tables.
  public static func plan(_ program: Program, targets: [String: String] = [:]) throws -> DatabasePlan {
    try ScenarioRunner.databasePlan(program, dialect: .sqlite, targets: targets)
  }

  public static func run(
    _ program: Program, path: String, targets: [String: String] = [:], options: DatabaseRunOptions = DatabaseRunOptions(), observers: [RowObserver] = [],
    progress: ((String, Int, Int) -> Void)? = nil
  ) throws(RunError) -> DatabaseRunSummary {
    if let signal = Cancellation.signal { throw .cancelled(signal) }
    let (plan, db) = try begin(program, path: path, create: true, targets: targets)
    do {
      let summary = try DatabaseRun.write(program, plan: plan, db: db, options: options, observers: observers, progress: progress)
      try db.exec("COMMIT")
      return summary
    } catch {
      try? db.exec("ROLLBACK")
      throw DatabaseRun.runError(error, program)
    }
  }

  /// A connection to read source tables from (`from table`, `from query`), or nil when the
  /// database does not exist yet.
  public static func sourceConnection(path: String) throws -> (any DatabaseConnection)? {
    guard FileManager.default.fileExists(atPath: path) else { return nil }
    return try SQLiteConnection(path: path, create: false)
  }

  /// `scenario check FILE --db sqlite:PATH`: the expectations measured on the rows in the
  /// database (`DatabaseCheck`), read in one transaction that changes nothing.
  public static func check(_ program: Program, path: String, targets: [String: String] = [:], observers: [RowObserver]) throws(RunError) {
    let plan: DatabasePlan
    let db: SQLiteConnection
    do {
      plan = try Self.plan(program, targets: targets)
      db = try SQLiteConnection(path: path, create: false)
      try db.exec("BEGIN")
    } catch {
      throw .output("\(error)")
    }
    defer { try? db.exec("ROLLBACK") }
    do {
      try DatabaseCheck.run(program, plan: plan, db: db, observers: observers)
    } catch {
      throw .output("\(error)")
    }
  }

  /// The plan, and the database opened with its write lock taken (`BEGIN IMMEDIATE`).
  static func begin(_ program: Program, path: String, create: Bool, targets: [String: String]) throws(RunError) -> (DatabasePlan, SQLiteConnection) {
    do {
      let plan = try Self.plan(program, targets: targets)
      let db = try SQLiteConnection(path: path, create: create)
      try db.exec("BEGIN IMMEDIATE")
      return (plan, db)
    } catch {
      throw .output("\(error)")
    }
  }

  /// `scenario purge FILE --db sqlite:PATH [--dry-run]` (`DatabaseRun.purge`).
  public static func purge(_ program: Program, path: String, targets: [String: String] = [:], dryRun: Bool) throws(RunError) -> PurgeSummary {
    let (plan, db) = try begin(program, path: path, create: false, targets: targets)
    do {
      let summary = try DatabaseRun.purge(plan, db: db, dryRun: dryRun)
      try db.exec(dryRun ? "ROLLBACK" : "COMMIT")
      return summary
    } catch {
      try? db.exec("ROLLBACK")
      throw .output("\(error); nothing was deleted")
    }
  }
}

extension SQLiteConnection: DatabaseConnection {
  var name: String { path }
  var dialect: SQLDialect { .sqlite }
  var insertsDirectly: Bool { false }

  func rows(_ sql: String) throws -> [[String?]] { try rows(sql, []) }

  func mismatches(_ table: DatabasePlan.Table) throws -> [String]? {
    guard let existing = try SchemaCheck.existing(table.target, in: self) else { return nil }
    return SchemaCheck.mismatches(table, existing: existing)
  }

  func hasIndex(_ name: String, on columns: [String]) throws -> Bool {
    let wanted = Set(columns.map { $0.lowercased() })
    let pk = try rows("SELECT name FROM pragma_table_info(?) WHERE pk > 0", [.text(name)]).compactMap { $0[0]?.lowercased() }
    if Set(pk) == wanted { return true }
    for index in try rows("SELECT name FROM pragma_index_list(?)", [.text(name)]) {
      guard let indexName = index[0] else { continue }
      let cols = try rows("SELECT name FROM pragma_index_info(?) ORDER BY seqno", [.text(indexName)]).compactMap { $0[0]?.lowercased() }
      if cols.count >= wanted.count, Set(cols.prefix(wanted.count)) == wanted { return true }
    }
    return false
  }

  func stagingConsumer(_ table: DatabasePlan.Table, into target: String, totalRows: Int?) throws -> ChunkConsumer {
    StagingConsumer(
      pending: PendingChunks(schema: table.schema, totalRows: totalRows), statement: try prepare(DatabasePlan.insertRow(table, into: target)))
  }

  func catalogName(_ target: String) throws -> String { target }

  func tableNames() throws -> [String] {
    try rows("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").compactMap { $0[0] }
  }

  func foreignKeys(of table: String) throws -> [(column: String, table: String, referenced: String)] {
    try rows("SELECT \"from\", \"table\", \"to\" FROM pragma_foreign_key_list(?)", [.text(table)]).compactMap { r in
      guard let from = r[0], let target = r[1] else { return nil }
      return (from, target, r[2] ?? "")
    }
  }

  func primaryKey(of table: String) throws -> String? {
    let pk = try rows("SELECT name FROM pragma_table_info(?) WHERE pk > 0", [.text(table)]).compactMap { $0[0] }
    return pk.count == 1 ? pk[0] : nil
  }
}

/// Stages one table's rows in SQLite: binds and inserts them, in row order, on the engine's
/// writing thread.
final class StagingConsumer: ChunkConsumer, @unchecked Sendable {
  let pending: PendingChunks
  let statement: SQLiteStatement

  init(pending: PendingChunks, statement: SQLiteStatement) {
    self.pending = pending
    self.statement = statement
  }

  func prepare(_ chunk: Chunk) throws -> [UInt8] {
    try pending.keep(chunk)
    return []
  }

  func write(_ prepared: [UInt8], startRow: Int, count: Int) throws {
    let chunk = try pending.take(startRow)
    let precisions = pending.schema.columns.map(\.precision)
    for i in 0..<chunk.count {
      for c in 0..<chunk.columns.count {
        try statement.bind(chunk.columns[c][i], at: Int32(c + 1), precision: precisions[c])
      }
      _ = try statement.step()
      statement.reset()
    }
  }

  func finish() throws {}
}
