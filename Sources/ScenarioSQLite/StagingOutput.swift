import Foundation
import ScenarioEngine
import ScenarioIR
import ScenarioSinks

/// The engine's output into a SQLite database: each table's rows go into its staging table
/// (`DatabasePlan.createStage`) through one prepared statement, on the engine's writing thread.
final class StagingOutput: OutputFactory {
  let connection: SQLiteConnection
  let plan: DatabasePlan
  /// Rows staged per output, in the order the engine began them.
  private(set) var staged: [(name: String, rows: Int)] = []

  init(connection: SQLiteConnection, plan: DatabasePlan) {
    self.connection = connection
    self.plan = plan
  }

  func begin(_ schema: TableSchema, totalRows: Int?) throws -> ChunkConsumer {
    guard let table = plan.table(schema.name) else {
      throw SQLiteError("internal error: table '\(schema.name)' is not in the database plan")
    }
    let statement = try connection.prepare(plan.insertIntoStage(table))
    staged.append((schema.name, 0))
    let index = staged.count - 1
    return StagingConsumer(schema: schema, totalRows: totalRows, statement: statement) { [weak self] rows in
      self?.staged[index].rows += rows
    }
  }
}

/// Stages one table's rows. `prepare` (any worker thread) checks the chunk and keeps it;
/// `write` (the engine's one writing thread, in row order) binds and inserts its rows.
final class StagingConsumer: ChunkConsumer, @unchecked Sendable {
  let schema: TableSchema
  let totalRows: Int?
  let statement: SQLiteStatement
  let counted: (Int) -> Void
  private let lock = NSLock()
  private var pending: [Int: Chunk] = [:]

  init(schema: TableSchema, totalRows: Int?, statement: SQLiteStatement, counted: @escaping (Int) -> Void) {
    self.schema = schema
    self.totalRows = totalRows
    self.statement = statement
    self.counted = counted
  }

  func prepare(_ chunk: Chunk) throws -> [UInt8] {
    try chunk.validate(against: schema, totalRows: totalRows ?? Int.max)
    lock.lock()
    pending[chunk.startRow] = chunk
    lock.unlock()
    return []
  }

  func write(_ prepared: [UInt8], startRow: Int, count: Int) throws {
    try Cancellation.check()
    lock.lock()
    let chunk = pending.removeValue(forKey: startRow)
    lock.unlock()
    guard let chunk else { throw SQLiteError("internal error: rows \(startRow)... of '\(schema.name)' were not prepared") }
    let precisions = schema.columns.map(\.precision)
    for i in 0..<chunk.count {
      for c in 0..<chunk.columns.count {
        try statement.bind(chunk.columns[c][i], at: Int32(c + 1), precision: precisions[c])
      }
      _ = try statement.step()
      statement.reset()
    }
    counted(chunk.count)
  }

  func finish() throws {}
}
