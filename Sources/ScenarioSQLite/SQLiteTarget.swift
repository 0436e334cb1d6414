import Foundation
import ScenarioDiagnostics
import ScenarioEngine
import ScenarioIR
import ScenarioKit
import ScenarioSinks

/// How a run into a database went, table by table, parents first.
public struct DatabaseRunSummary: Sendable, Equatable {
  public struct Table: Sendable, Equatable {
    public var name: String
    /// Rows the scenario generated.
    public var generated: Int
    /// Rows inserted, and rows already there that were rewritten or kept.
    public var inserted: Int
    public var updated: Int
    public var kept: Int
  }
  public var tables: [Table]
  /// Tables the run created.
  public var created: [String]
}

/// Engine tuning for a database run (never changes what is written).
public struct DatabaseRunOptions: Sendable {
  public var threads: Int
  public var chunkSize: Int
  public var columnWise: Bool
  public var sparseParents: Bool
  public init(threads: Int = 0, chunkSize: Int = 2048, columnWise: Bool = true, sparseParents: Bool = true) {
    self.threads = threads
    self.chunkSize = chunkSize
    self.columnWise = columnWise
    self.sparseParents = sparseParents
  }
}

/// `scenario run FILE --db sqlite:PATH`: writes a run straight into a SQLite database, in one
/// transaction (`DatabasePlan`): the tables are checked against the scenario before anything is
/// written, missing ones are created, the rows are staged as they are generated and merged
/// parents first under each table's conflict policy. Any failure, or an interruption, leaves
/// the database exactly as it was.
public enum SQLiteTarget {
  /// The plan of `program`'s written tables.
  public static func plan(_ program: Program) throws -> DatabasePlan {
    try ScenarioRunner.databasePlan(program, dialect: .sqlite)
  }

  public static func run(
    _ program: Program, path: String, options: DatabaseRunOptions = DatabaseRunOptions(), observers: [RowObserver] = [],
    progress: ((String, Int, Int) -> Void)? = nil
  ) throws(RunError) -> DatabaseRunSummary {
    if let signal = Cancellation.signal { throw .cancelled(signal) }
    let plan: DatabasePlan
    let db: SQLiteConnection
    do {
      plan = try Self.plan(program)
      db = try SQLiteConnection(path: path, create: true)
      try db.exec("BEGIN IMMEDIATE")
    } catch {
      throw .output("\(error)")
    }
    do {
      let summary = try write(program, plan: plan, db: db, options: options, observers: observers, progress: progress)
      try db.exec("COMMIT")
      return summary
    } catch {
      try? db.exec("ROLLBACK")
      switch error {
      case let e as EngineError: throw .scenario(e.diagnostic)
      case let SinkError.unstorableText(table, column, row, reason):
        throw .scenario(unstorable(program, table: table, column: column, row: row, reason: reason))
      case let SinkError.dateOutOfRange(table, column, row, value):
        throw .scenario(dateOutOfRange(program, table: table, column: column, row: row, value: value))
      case let SinkError.cancelled(signal): throw .cancelled(signal)
      default: throw .output("\(error); the database was not changed")
      }
    }
  }

  static func write(
    _ program: Program, plan: DatabasePlan, db: SQLiteConnection, options: DatabaseRunOptions,
    observers: [RowObserver], progress: ((String, Int, Int) -> Void)?
  ) throws -> DatabaseRunSummary {
    // 1. Check every table that is there; create the others.
    var problems: [String] = []
    var missing: [DatabasePlan.Table] = []
    for t in plan.tables {
      if let existing = try SchemaCheck.existing(t.name, in: db) {
        problems += SchemaCheck.mismatches(t, existing: existing)
      } else {
        missing.append(t)
      }
    }
    if !problems.isEmpty {
      throw SQLiteError(
        "the database '\(db.path)' does not match the scenario:\n" + problems.map { "  - " + $0 }.joined(separator: "\n")
          + "\nnothing was written")
    }
    for t in missing { try db.exec(try plan.createTable(t)) }
    for t in plan.tables { try db.exec(plan.createStage(t)) }

    // 2. Generate into the staging tables.
    let output = StagingOutput(connection: db, plan: plan)
    let engine = Engine(program: program, options: EngineOptions(
      threads: options.threads, chunkSize: options.chunkSize, columnWise: options.columnWise,
      sparseParents: options.sparseParents))
    _ = try engine.run(into: output, observers: observers, progress: progress)

    // 3. Merge, parents first.
    var tables: [DatabaseRunSummary.Table] = []
    for t in plan.tables {
      try Cancellation.check()
      for sql in plan.resolveReferences(t) { try db.exec(sql) }
      let generated = Int(try db.integer("SELECT COUNT(*) FROM \(plan.stage(t))"))
      if let sql = plan.duplicateIdentity(t), let row = try db.rows(sql).first {
        let key = zip(t.identity, row).map { "\($0) = \($1.map { "'\($0)'" } ?? "null")" }.joined(separator: ", ")
        throw SQLiteError("table '\(t.name)' has \(row.last.flatMap { $0 } ?? "2") rows with the same natural key (\(key)); a natural key must identify one row")
      }
      if let sql = try plan.unowned(t) {
        let n = try db.integer(sql)
        if n > 0 {
          throw SQLiteError("\(n) of the \(generated) rows of table '\(t.name)' would not be owned by the scenario (its 'owned' item does not hold for them), so 'scenario purge' could not remove them")
        }
      }
      var updated = 0
      var inserted = 0
      if t.identity.isEmpty {
        try db.exec(plan.insert(t, snapshot: false))
        inserted = db.changes
      } else {
        let snapshot = try !hasIndex(t.name, on: t.identity, db: db)
        if snapshot { for sql in plan.createSnapshot(t) { try db.exec(sql) } }
        switch t.database.conflict {
        case .fail:
          if let row = try db.rows(plan.firstConflict(t, snapshot: snapshot)).first {
            let key = zip(t.identity, row).map { "\($0) = \($1.map { "'\($0)'" } ?? "null")" }.joined(separator: ", ")
            throw SQLiteError(
              "table '\(t.name)' already has a row with \(key) ('on conflict fail', the default); declare 'on conflict skip' to keep the rows already there, or 'on conflict update' to rewrite them")
          }
        case .update:
          if let sql = try plan.update(t) {
            try db.exec(sql)
            updated = db.changes
          }
        case .skip: break
        }
        try db.exec(plan.insert(t, snapshot: snapshot))
        inserted = db.changes
      }
      if let map = plan.createMap(t) { for sql in map { try db.exec(sql) } }
      tables.append(.init(name: t.name, generated: generated, inserted: inserted, updated: updated, kept: generated - inserted - updated))
    }
    return DatabaseRunSummary(tables: tables, created: missing.map(\.name))
  }

  /// Whether table `name` has an index (or its primary key) on exactly the columns `columns`.
  static func hasIndex(_ name: String, on columns: [String], db: SQLiteConnection) throws -> Bool {
    let wanted = Set(columns.map { $0.lowercased() })
    let pk = try db.rows("SELECT name FROM pragma_table_info(?) WHERE pk > 0", [.text(name)]).compactMap { $0[0]?.lowercased() }
    if Set(pk) == wanted { return true }
    for index in try db.rows("SELECT name FROM pragma_index_list(?)", [.text(name)]) {
      guard let indexName = index[0] else { continue }
      let cols = try db.rows("SELECT name FROM pragma_index_info(?) ORDER BY seqno", [.text(indexName)]).compactMap { $0[0]?.lowercased() }
      if cols.count >= wanted.count, Set(cols.prefix(wanted.count)) == wanted { return true }
    }
    return false
  }
}
