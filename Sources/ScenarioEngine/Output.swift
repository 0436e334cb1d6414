import ScenarioIR

/// Receives a table's rows. `prepare` runs on worker threads, in any order; `write` is called
/// with the prepared results in row order, on one thread.
public protocol ChunkConsumer: AnyObject, Sendable {
  /// Converts a chunk to its output bytes (thread-safe, pure).
  func prepare(_ chunk: Chunk) throws -> [UInt8]
  /// Appends prepared bytes for rows `startRow ..< startRow + count`, in row order.
  func write(_ prepared: [UInt8], startRow: Int, count: Int) throws
  /// Completes the table (e.g. writes a footer and renames the file into place).
  func finish() throws
}

/// The consumer of a table that is not written (an inline table, the cells of a product).
final class DiscardingConsumer: ChunkConsumer {
  func prepare(_ chunk: Chunk) throws -> [UInt8] { [] }
  func write(_ prepared: [UInt8], startRow: Int, count: Int) throws {}
  func finish() throws {}
}

/// Creates a consumer per table (or shared output). `totalRows` is the number of rows that will
/// be written, or nil when it is known only at the end (a shared output whose later parts are
/// children of its earlier ones).
public protocol OutputFactory {
  func begin(_ schema: TableSchema, totalRows: Int?) throws -> ChunkConsumer
}

/// Watches the rows of every table as they are written (expectations, profiles). Called on one
/// thread, in row order.
public protocol RowObserver: AnyObject {
  /// A chunk of table `table` (an index into `Program.tables`): its written values and the
  /// values of the table's probes (`probes[k][i]` is probe `k` for row `chunk.startRow + i`).
  func observe(table: Int, chunk: Chunk, probes: [ValueColumn]) throws
  /// The table is complete with `rows` rows.
  func finish(table: Int, rows: Int) throws
}

/// Tuning that never changes the output: only how the work is split.
public struct EngineOptions: Sendable {
  /// Worker threads (1 = everything on the calling thread).
  public var threads: Int
  /// Rows per chunk.
  public var chunkSize: Int
  /// Evaluate chunks column by column (`VectorCompiler`); false runs the row interpreter for
  /// every row. Never changes output: the row interpreter is the reference the tests compare
  /// the column-wise engine with.
  public var columnWise: Bool
  /// Lay children out while their parent streams and keep only the parent rows with children
  /// (`SparseParents`); false keeps every parent row. Never changes output.
  public var sparseParents: Bool
  /// About how many bytes of output one chunk may hold: chunks are sized by bytes as well as by
  /// rows, so that wide rows do not multiply memory by `chunkSize`.
  public var chunkBytes: Int

  public init(
    threads: Int = 0, chunkSize: Int = 8192, columnWise: Bool = true, sparseParents: Bool = true,
    chunkBytes: Int = 8 << 20
  ) {
    self.threads = threads
    self.chunkSize = max(1, chunkSize)
    self.chunkBytes = max(1, chunkBytes)
    self.columnWise = columnWise
    self.sparseParents = sparseParents
  }
}

/// What a run produced for one table.
public struct TableResult: Sendable, Equatable {
  public var name: String
  public var rows: Int
}

extension TableIR {
  /// The written columns: references are written as the referenced key.
  public func schema(in program: Program) -> TableSchema {
    let columns = outputSlots.map { s -> ColumnSchema in
      let slot = slots[s]
      if case .ref(let name) = slot.type.kind, let t = program.tableIndex(name) {
        let target = program.tables[t]
        if target.keySlots.count == 1 {
          let key = target.slots[target.keySlots[0]]
          var column = ColumnSchema(
            name: slot.name, type: ValueType(key.type.kind, nullable: slot.type.isNullable),
            precision: key.precision,
            references: target.isWritten
              ? ForeignKey(table: target.union?.output ?? target.name, column: key.name)
              // Rows read from a table of the database are referred to there.
              : target.source?.databaseTable.map { ForeignKey(table: $0, column: key.name, external: true) })
          // A float(k) key: the same NUMERIC(p, k) as the key it refers to.
          column.numericPrecision = target.numericPrecision(target.keySlots[0], in: program)
          return column
        }
        return ColumnSchema(name: slot.name, type: ValueType(.int, nullable: slot.type.isNullable))
      }
      // A column proven or stated unique (`uniqueSlots`, never in a shared output) is declared
      // so; a sole primary key is unique already.
      let unique = uniqueSlots.contains(s) && union == nil && keySlots != [s]
      var column = ColumnSchema(name: slot.name, type: slot.type, precision: slot.precision, unique: unique)
      column.numericPrecision = numericPrecision(s, in: program)
      return column
    }
    return TableSchema(name: name, columns: columns, primaryKey: keySlots.map { slots[$0].name })
  }

  /// The total digits `p` of PostgreSQL's `NUMERIC(p, k)` for a `float(k)` slot, from its
  /// bounds; nil for other slots and for `double precision` ones.
  public func numericPrecision(_ s: Int, in program: Program) -> Int? {
    let slot = slots[s]
    guard slot.type.kind == .float, let scale = slot.precision, !database.doublePrecision.contains(s) else { return nil }
    return ValueBounds.of(slot.expr, table: self, program: program).numericPrecision(scale: scale)
  }
}
