import Foundation
import ScenarioDiagnostics
import ScenarioEngine
import ScenarioIR
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
  public init(threads: Int = 0, chunkSize: Int = 8192, columnWise: Bool = true, sparseParents: Bool = true) {
    self.threads = threads
    self.chunkSize = chunkSize
    self.columnWise = columnWise
    self.sparseParents = sparseParents
  }
}

/// What `scenario purge` deleted (or, with `--dry-run`, would delete), children first.
public struct PurgeSummary: Sendable, Equatable {
  public var tables: [(name: String, rows: Int)]
  public var dryRun: Bool
  public static func == (a: Self, b: Self) -> Bool {
    a.dryRun == b.dryRun && a.tables.map(\.name) == b.tables.map(\.name) && a.tables.map(\.rows) == b.tables.map(\.rows)
  }
}

/// A run into a database, and a purge, over any `DatabaseConnection` (Docs/Databases.md): the
/// caller opens the connection and its transaction; this checks the tables, creates the missing
/// ones, stages the generated rows and merges them parents first (`DatabasePlan`).
public enum DatabaseRun {
  /// Maps a failure to the run's error: a scenario diagnostic, a cancellation, or an output
  /// error that says the database was not changed.
  public static func runError(_ error: Error, _ program: Program) -> RunError {
    switch error {
    case let e as EngineError: return .scenario(e.diagnostic)
    case let SinkError.unstorableText(table, column, row, reason):
      return .scenario(unstorable(program, table: table, column: column, row: row, reason: reason))
    case let SinkError.dateOutOfRange(table, column, row, value):
      return .scenario(dateOutOfRange(program, table: table, column: column, row: row, value: value))
    case let SinkError.cancelled(signal): return .cancelled(signal)
    default: return .output("\(error); the database was not changed")
    }
  }

  /// Writes the run inside the connection's open transaction.
  public static func write(
    _ program: Program, plan: DatabasePlan, db: DatabaseConnection, options: DatabaseRunOptions,
    observers: [RowObserver], progress: ((String, Int, Int) -> Void)?
  ) throws -> DatabaseRunSummary {
    try ScenarioRunner.requireSources(program)
    // 1. Check every table that is there; create the others.
    var problems: [String] = []
    var missing: [DatabasePlan.Table] = []
    for t in plan.tables {
      if let found = try db.mismatches(t) { problems += found } else { missing.append(t) }
    }
    if !problems.isEmpty {
      throw DatabaseError(
        "the database '\(db.name)' does not match the scenario:\n" + problems.map { "  - " + $0 }.joined(separator: "\n")
          + "\nnothing was written")
    }
    // A foreign key into rows the database already had is declared where the database can
    // keep it: on the referenced table's primary key.
    func keeps(_ key: ForeignKey) -> Bool {
      guard let primary = try? db.primaryKey(of: key.table) else { return false }
      return primary.lowercased() == key.column.lowercased()
    }
    for t in missing { try db.exec(try plan.createTable(t, keeps: keeps)) }
    // Tables that need no merge and whose parents come first go straight in.
    var direct = Set<String>()
    var earlier = Set<String>()
    for name in ScenarioRunner.outputFiles(program, format: .csv).map({ String($0.dropLast(4)) }) {
      if db.insertsDirectly, let t = plan.table(name), plan.insertsDirectly(t, earlier: earlier) { direct.insert(name) }
      earlier.insert(name)
    }
    for t in plan.tables where !direct.contains(t.name) { try db.exec(plan.createStage(t)) }

    // 2. Generate into the staging tables (or the tables themselves).
    let output = StagingFactory(db: db, plan: plan, direct: direct)
    let engine = Engine(program: program, options: EngineOptions(
      threads: options.threads, chunkSize: options.chunkSize, columnWise: options.columnWise,
      sparseParents: options.sparseParents))
    _ = try engine.run(into: output, observers: observers, progress: progress)

    // 3. Merge, parents first.
    var tables: [DatabaseRunSummary.Table] = []
    for t in plan.tables {
      try Cancellation.check()
      if direct.contains(t.name) {
        let rows = output.rows[t.name] ?? 0
        tables.append(.init(name: t.name, generated: rows, inserted: rows, updated: 0, kept: 0))
        continue
      }
      for sql in plan.resolveReferences(t) { try db.exec(sql) }
      let generated = Int(try db.integer("SELECT COUNT(*) FROM \(plan.stage(t))"))
      if let sql = plan.duplicateIdentity(t), let row = try db.rows(sql).first {
        throw DatabaseError("table '\(t.name)' has \(row.last.flatMap { $0 } ?? "2") rows with the same natural key (\(keyText(t, row))); a natural key must identify one row")
      }
      if let sql = try plan.unowned(t) {
        let n = try db.integer(sql)
        if n > 0 {
          throw DatabaseError("\(n) of the \(generated) rows of table '\(t.name)' would not be owned by the scenario (its 'owned' item does not hold for them), so 'scenario purge' could not remove them")
        }
      }
      var updated = 0
      var inserted = 0
      if t.identity.isEmpty {
        try db.exec(plan.insert(t, snapshot: false))
        inserted = db.changes
      } else {
        let snapshot = try !db.hasIndex(t.target, on: t.identity)
        if snapshot { for sql in plan.createSnapshot(t) { try db.exec(sql) } }
        switch t.database.conflict {
        case .fail:
          if let row = try db.rows(plan.firstConflict(t, snapshot: snapshot)).first {
            throw DatabaseError(
              "table '\(t.name)' already has a row with \(keyText(t, row)) ('on conflict fail', the default); declare 'on conflict skip' to keep the rows already there, or 'on conflict update' to rewrite them")
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
    return DatabaseRunSummary(tables: tables, created: missing.map(\.target))
  }

  static func keyText(_ t: DatabasePlan.Table, _ row: [String?]) -> String {
    zip(t.identity, row).map { "\($0) = \($1.map { "'\($0)'" } ?? "null")" }.joined(separator: ", ")
  }

  /// Deletes (or counts) the owned rows inside the connection's open transaction.
  public static func purge(_ plan: DatabasePlan, db: DatabaseConnection, dryRun: Bool) throws -> PurgeSummary {
    let names = try db.tableNames()
    let present = Set(names.map { $0.lowercased() })
    let targets = try Dictionary(plan.tables.map { ($0.name, try db.catalogName($0.target).lowercased()) }, uniquingKeysWith: { a, _ in a })
    let owned = plan.tables.filter { $0.owned != nil && present.contains(targets[$0.name] ?? "") }
    let ownedNames = Dictionary(owned.map { (targets[$0.name] ?? "", $0) }, uniquingKeysWith: { a, _ in a })
    // Rows that would point at deleted rows.
    var blockers: [String] = []
    for table in names.sorted() {
      for key in try db.foreignKeys(of: table) {
        guard let target = ownedNames[key.table.lowercased()], let ownedTarget = target.owned else { continue }
        let to = key.referenced.isEmpty ? (try db.primaryKey(of: target.target) ?? "") : key.referenced
        guard !to.isEmpty else { continue }
        var sql = "SELECT COUNT(*) FROM \(qualified(table)) AS x WHERE x.\(q(key.column)) IN (SELECT t.\(q(to)) FROM \(target.sqlName) AS t WHERE \(try ownedTarget.sql("t", dialect: db.dialect)))"
        if let me = ownedNames[table.lowercased()], let ownedSelf = me.owned {
          sql += " AND NOT (\(try ownedSelf.sql("x", dialect: db.dialect)))"
        }
        let n = try db.integer(sql)
        if n > 0 {
          let known = targets.values.contains(table.lowercased())
          blockers.append("table '\(table)'\(known ? "" : ", which the scenario does not know,") has \(n) row\(n == 1 ? "" : "s") whose '\(key.column)' refers to rows of '\(target.target)' that the scenario owns")
        }
      }
    }
    if !blockers.isEmpty {
      throw DatabaseError("purging would leave rows that refer to deleted ones:\n" + blockers.map { "  - " + $0 }.joined(separator: "\n"))
    }
    var tables: [(String, Int)] = []
    for t in owned.reversed() {
      guard let predicate = try t.owned?.sql("t", dialect: db.dialect) else { continue }
      if dryRun {
        tables.append((t.name, Int(try db.integer("SELECT COUNT(*) FROM \(t.sqlName) AS t WHERE \(predicate)"))))
      } else {
        try db.exec("DELETE FROM \(t.sqlName) AS t WHERE \(predicate)")
        tables.append((t.name, db.changes))
      }
    }
    return PurgeSummary(tables: tables, dryRun: dryRun)
  }
}

/// The engine's output into staging tables: one consumer per table, from the connection.
final class StagingFactory: OutputFactory {
  let db: DatabaseConnection
  let plan: DatabasePlan
  let direct: Set<String>
  /// Rows written per output (for the tables inserted directly).
  private(set) var rows: [String: Int] = [:]
  init(db: DatabaseConnection, plan: DatabasePlan, direct: Set<String>) {
    self.db = db
    self.plan = plan
    self.direct = direct
  }
  func begin(_ schema: TableSchema, totalRows: Int?) throws -> ChunkConsumer {
    guard var table = plan.table(schema.name) else {
      throw DatabaseError("internal error: table '\(schema.name)' is not in the database plan")
    }
    table.schema = schema
    let target = direct.contains(schema.name) ? table.sqlName : plan.stage(table)
    return CountingConsumer(try db.stagingConsumer(table, into: target, totalRows: totalRows)) { [weak self] n in
      self?.rows[schema.name, default: 0] += n
    }
  }
}

/// Counts the rows a consumer writes.
final class CountingConsumer: ChunkConsumer, @unchecked Sendable {
  let inner: ChunkConsumer
  let counted: (Int) -> Void
  init(_ inner: ChunkConsumer, counted: @escaping (Int) -> Void) {
    self.inner = inner
    self.counted = counted
  }
  func prepare(_ chunk: Chunk) throws -> [UInt8] { try inner.prepare(chunk) }
  func write(_ prepared: [UInt8], startRow: Int, count: Int) throws {
    try inner.write(prepared, startRow: startRow, count: count)
    counted(count)
  }
  func finish() throws { try inner.finish() }
}

/// A staging consumer's bookkeeping: `prepare` (any worker thread) checks the chunk and keeps
/// it; `take` (the writing thread, in row order) hands it over.
public final class PendingChunks: @unchecked Sendable {
  private let lock = NSLock()
  private var pending: [Int: Chunk] = [:]
  public let schema: TableSchema
  public let totalRows: Int?
  public init(schema: TableSchema, totalRows: Int?) {
    self.schema = schema
    self.totalRows = totalRows
  }
  public func keep(_ chunk: Chunk) throws {
    try chunk.validate(against: schema, totalRows: totalRows ?? Int.max)
    lock.lock()
    pending[chunk.startRow] = chunk
    lock.unlock()
  }
  public func take(_ startRow: Int) throws -> Chunk {
    try Cancellation.check()
    lock.lock()
    let chunk = pending.removeValue(forKey: startRow)
    lock.unlock()
    guard let chunk else { throw DatabaseError("internal error: rows \(startRow)... of '\(schema.name)' were not prepared") }
    return chunk
  }
}
