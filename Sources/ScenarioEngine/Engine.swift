import Dispatch
import Foundation
import ScenarioDiagnostics
import ScenarioIR
import ScenarioRandom

/// Runs a checked program: tables in generation order, rows in chunks evaluated on all cores and
/// delivered in order. Output depends only on the program (seed, parameters, `now`), never on
/// thread count or chunk size (DESIGN.md §2).
public final class Engine {
  /// The program; a self-summarising table's entry is its reduced base pass while that runs.
  private(set) var program: Program
  let options: EngineOptions
  /// By parent table: the children laid out while the parent streams (`SparseParents`).
  let sparseChildren: [Int: [SparseParents.Child]]
  /// Those children's layouts once their parent is complete, or the failure to report at their
  /// turn.
  var sparseLayouts: [Int: Result<RowLayout, Error>] = [:]
  var stores: [TableStore?]
  /// Results of `Program.aggregates`, filled when their source table is complete.
  var aggregateResults: [[Value]]
  /// Shared outputs (`into NAME`) being written: the consumer and the next part's first row.
  var unions: [String: (consumer: ChunkConsumer, nextRow: Int)] = [:]
  /// Rows generated so far, over all tables (against `RunLimits.rows`).
  var rowsSoFar = 0

  public init(program: Program, options: EngineOptions = EngineOptions()) {
    let sparse = SparseParents(program, enabled: options.sparseParents)
    self.program = sparse.program
    self.sparseChildren = sparse.children
    var o = options
    if o.threads <= 0 { o.threads = max(1, ProcessInfo.processInfo.activeProcessorCount) }
    self.options = o
    self.stores = [TableStore?](repeating: nil, count: sparse.program.tables.count)
    self.aggregateResults = [[Value]](repeating: [], count: sparse.program.aggregates.count)
  }

  /// A table's row layout: counted while its sparse parent streamed, or computed now.
  func layout(of t: Int) throws -> RowLayout {
    if let counted = sparseLayouts[t] { return try counted.get() }
    return try RowLayout(program: program, table: t, stores: stores, aggregates: aggregateResults)
  }

  /// Generates every table into the outputs. Throws `EngineError` for run-time errors in the
  /// scenario, or whatever an output throws.
  public func run(
    into output: OutputFactory, observers: [RowObserver] = [],
    progress: ((String, Int, Int) -> Void)? = nil
  ) throws -> [TableResult] {
    var results: [TableResult] = []
    try checkFixedRowBudget()
    for (position, t) in program.generationOrder.enumerated() {
      for p in program.tables.indices where program.tables[p].summary?.baseBefore == position {
        try generateBase(table: p, output: output)
      }
      let rows = try generate(table: t, output: output, observers: observers, progress: progress)
      for o in observers { try o.finish(table: t, rows: rows) }
      if let u = program.tables[t].union {
        if u.index == u.parts.count - 1, let open = unions.removeValue(forKey: u.output) {
          results.append(TableResult(name: u.output, rows: open.nextRow))
        }
      } else if program.tables[t].isWritten {
        results.append(TableResult(name: program.tables[t].name, rows: rows))
      }
    }
    if SlotProfile.enabled { SlotProfile.shared.report() }
    return results
  }

  /// Probe values for rows read back from data files (`scenario check --data`): the written
  /// columns come from `chunk`, every other slot is null. Probes that read hidden columns or
  /// follow references therefore see nulls; the caller leaves such expectations out.
  public func replayProbes(table t: Int, chunk: Chunk) throws -> [[Value]] {
    let table = program.tables[t]
    let compiler = ExprCompiler(program: program, table: t, stores: stores)
    let evals = table.probes.map(compiler.compile)
    var ctx = RowContext(slotCount: table.slots.count)
    var probes = [[Value]](repeating: [], count: evals.count)
    for i in 0..<chunk.count {
      ctx.row = chunk.startRow + i
      for (c, s) in table.outputSlots.enumerated() { ctx.slots[s] = chunk.columns[c][i] }
      for (k, e) in evals.enumerated() {
        do throws(RuntimeFailure) {
          probes[k].append(try e(&ctx))
        } catch {
          throw EngineError(error, table: table.name, column: "[expect]", row: ctx.row, seed: program.seed)
        }
      }
    }
    return probes
  }

  /// Whether another table is a child of table `t`.
  func isParent(_ t: Int) -> Bool {
    program.tables.contains { table in
      if case .perParent(let p, _, _) = table.count { return p == t }
      return false
    }
  }

  /// The base pass of a table that summarises its own rows (`SelfSummaryIR`): every slot but
  /// the summaries, with the same keyed draws as the full pass, kept for the tables it
  /// summarises to read; nothing is written, observed or aggregated.
  func generateBase(table t: Int, output: OutputFactory) throws {
    guard let summary = program.tables[t].summary else { return }
    let full = program
    var reduced = full.tables[t]
    for s in summary.slots where reduced.slots[s].role != .persona {
      reduced.slots[s].expr = IRExpr(.constant(.null), type: reduced.slots[s].type.nullable, span: reduced.slots[s].span)
    }
    reduced.outputSlots = []
    reduced.probes = []
    reduced.isWritten = false
    reduced.storedSlots = reduced.storedSlots.filter { !summary.slots.contains($0) }
    if let o = reduced.order, !summary.slots.isDisjoint(with: o.prepassSlots) { reduced.order = nil }
    program.tables[t] = reduced
    defer { program = full }
    _ = try generate(table: t, output: output, observers: [], progress: nil, basePass: true)
  }

  /// Generates one table (or, with `basePass`, the base pass of a self-summarising one).
  func generate(
    table t: Int, output: OutputFactory, observers: [RowObserver],
    progress: ((String, Int, Int) -> Void)?, basePass: Bool = false
  ) throws -> Int {
    let table = program.tables[t]
    let layout = try self.layout(of: t)
    let total = layout.total
    if !basePass { try checkRowBudget(table: t, rows: total) }
    let keySlot = table.keySlots.count == 1 ? table.keySlots[0] : nil
    let store = TableStore(name: table.name, slotTypes: table.slots.map(\.type), keySlot: keySlot)
    let keepIdentity = isParent(t) && layout.isChild
    let consumer: ChunkConsumer
    var rowOffset = 0
    var finishConsumer = true
    if let u = table.union {
      if u.index == 0 {
        // The output's row count is every part's layout, when their parents are all generated
        // already; a part that is a child of an earlier part is counted only at its turn.
        var count: Int? = total
        for p in u.parts.dropFirst() {
          if case .perParent(let parent, _, _) = program.tables[p].count, u.parts.contains(parent) {
            count = nil
            break
          }
          count = (count ?? 0) + (try self.layout(of: p)).total
        }
        let schema = unionSchema(u)
        unions[u.output] = (try output.begin(schema, totalRows: count), 0)
      }
      guard let open = unions[u.output] else {
        throw EngineError(diagnostic: Diagnostic(code: .runtimeArithmetic, message: "internal error: output '\(u.output)' is not open", span: .none))
      }
      consumer = open.consumer
      rowOffset = open.nextRow
      unions[u.output]?.nextRow = open.nextRow + total
      finishConsumer = u.index == u.parts.count - 1
    } else if table.isWritten {
      consumer = try output.begin(table.schema(in: program), totalRows: total)
    } else {
      consumer = DiscardingConsumer()
    }
    // An order within parents is computed chunk by chunk; any other before the table.
    var order: OrderResult? = nil
    var localOrder: LocalOrder? = nil
    if let o = table.order {
      if o.group == .parent, layout.isChild {
        localOrder = LocalOrder(
          generator: try prepassGenerator(table: t, order: o, layout: layout, rowOffset: rowOffset), order: o,
          layout: layout, table: table.name, seed: program.seed)
      } else {
        order = try computeOrder(table: t, order: o, layout: layout, rowOffset: rowOffset)
      }
    }
    let generator = ChunkGenerator(
      program: program, table: t, stores: stores, aggregates: aggregateResults,
      correlated: try correlatedIndexes(table: t), positions: order, localOrder: localOrder, layout: layout,
      keepIdentity: keepIdentity, rowOffset: rowOffset, columnWise: options.columnWise)
    let accumulators = program.aggregates.indices.filter { !basePass && program.aggregates[$0].source == t }.map { i in
      let a = program.aggregates[i]
      return (i, AggregateAccumulator(a, parentRows: a.wholeTable ? 1 : stores[a.parent]?.rowCount ?? 0))
    }

    // A sparse parent counts its children's rows as it streams and keeps only their parents.
    let counter = sparseChildren[t].map { ChildCounter(program: program, parent: t, children: $0) }
    if counter != nil { store.makeSparse() }
    // Chunks hold at most `chunkSize` rows and about `chunkBytes` bytes of output, measured as
    // the table streams (a table of 1 MiB texts gets chunks of a few rows).
    let planner = ChunkPlanner(total: total, maxRows: options.chunkSize, maxBytes: options.chunkBytes)
    let threads = options.threads
    // Each chunk is generated and encoded on a worker; this thread consumes the chunks in row
    // order (writes, observes, stores). At most two chunks per thread are in memory.
    let produce: @Sendable (Int, Int, Int) throws -> (GeneratedChunk, [UInt8]) = { _, start, count in
      let g = try generator.generate(start: start, count: count)
      let bytes = try consumer.prepare(g.chunk)
      planner.measured(rows: count, bytes: bytes.count)
      return (g, bytes)
    }
    let pipeline =
      threads > 1 && total > ChunkPlanner.probeRows
      ? ChunkPipeline(planner: planner, threads: threads, window: 2 * threads, produce: produce) : nil
    defer { pipeline?.finish() }
    var i = 0
    var done = 0
    while true {
      let next: (GeneratedChunk, [UInt8])?
      if let pipeline {
        next = try pipeline.take(i)
      } else if let c = planner.claim() {
        next = try produce(c.index, c.start, c.count)
      } else {
        next = nil
      }
      guard let (generated, bytes) = next else { break }
      i += 1
      try consumer.write(bytes, startRow: generated.chunk.startRow, count: generated.chunk.count)
      for o in observers { try o.observe(table: t, chunk: generated.chunk, probes: generated.probes) }
      for (_, a) in accumulators {
        do throws(RuntimeFailure) {
          try a.observe(generated.probes, startRow: generated.chunk.startRow)
        } catch {
          throw EngineError(error, table: table.name, column: "[aggregate]", row: a.failedRow, seed: program.seed)
        }
      }
      if let counter {
        store.append(generated, storedSlots: table.storedSlots, keeping: counter.count(generated))
      } else {
        store.append(generated, storedSlots: table.storedSlots)
      }
      done += generated.chunk.count
      progress?(table.name, done, total)
    }
    if let counter {
      for (c, layout) in counter.layouts(store: store) { sparseLayouts[c] = layout }
    }
    if finishConsumer { try consumer.finish() }
    for (i, a) in accumulators { aggregateResults[i] = a.results() }
    store.rowCount = total
    store.rowOffset = rowOffset
    if let identity = table.rowIdentity {
      store.rowKeys = (0..<total).map(identity.key(of:))
      store.subs = [UInt32](repeating: 0, count: total)
    }
    stores[t] = store
    if !basePass { rowsSoFar += total }
    return total
  }

  /// Fails before anything is generated when the tables with fixed counts alone exceed the row
  /// budget.
  func checkFixedRowBudget() throws {
    var sum = 0
    for t in program.generationOrder {
      guard case .fixed(let n) = program.tables[t].count else { continue }
      sum += n
      if sum > program.limits.rows { throw rowBudgetError(table: t, rows: n, before: sum - n) }
    }
  }

  /// Fails when table `t`'s rows would take the run past the row budget.
  func checkRowBudget(table t: Int, rows: Int) throws {
    if rows > program.limits.rows - rowsSoFar { throw rowBudgetError(table: t, rows: rows, before: rowsSoFar) }
  }

  func rowBudgetError(table t: Int, rows: Int, before: Int) -> EngineError {
    let table = program.tables[t]
    let limit = program.limits.rows
    return EngineError(diagnostic: Diagnostic(
      .error, code: .runtimeRowBudget,
      message: "the run would write more than \(limit) rows, its row budget",
      span: table.span, label: "table '\(table.name)' has \(rows) rows",
      notes: [before > 0 ? "the tables before it have \(before) rows" : "it is the first table generated",
        "the budget is \(limit == RunLimits.defaultRows ? "the default, 10^12 rows" : "set by '--max-rows'")"],
      help: "lower the counts, or raise the budget with '--max-rows N'"))
  }
}

extension TableStore {
  /// Appends the rows `keeping` (chunk positions, increasing) of a sparse parent's chunk.
  func append(_ g: GeneratedChunk, storedSlots: [Int], keeping rows: [Int]) {
    guard let index else { return append(g, storedSlots: storedSlots) }
    for r in rows { index.append(g.chunk.startRow + r) }
    for (i, s) in storedSlots.enumerated() { columns[s].append(g.stored[i].picking(rows), count: rows.count) }
  }

  /// Appends a generated chunk's stored slots and identities.
  func append(_ g: GeneratedChunk, storedSlots: [Int]) {
    for (i, s) in storedSlots.enumerated() { columns[s].append(g.stored[i], count: g.chunk.count) }
    rowKeys.append(contentsOf: g.rowKeys)
    subs.append(contentsOf: g.subs)
  }
}

extension Engine {
  /// The source indexes of the correlated aggregates in table `t`'s columns, built over their
  /// complete source tables (the checker orders every source before the table).
  func correlatedIndexes(table t: Int) throws -> [Int: CorrelatedIndex] {
    var found: [CorrelatedAggregate] = []
    for slot in program.tables[t].slots { collectCorrelated(slot.expr, into: &found) }
    for probe in program.tables[t].probes { collectCorrelated(probe, into: &found) }
    var indexes: [Int: CorrelatedIndex] = [:]
    let compiler = ExprCompiler(program: program, table: t, stores: stores, aggregates: aggregateResults)
    for c in found where indexes[c.id] == nil {
      let rows = stores[c.source]?.rowCount ?? 0
      do throws(RuntimeFailure) {
        indexes[c.id] = try CorrelatedIndex.build(c, compiler: compiler, rows: rows)
      } catch {
        throw EngineError(error, table: program.tables[t].name, column: "[aggregate]", row: 0, seed: program.seed)
      }
    }
    return indexes
  }

  func unionSchema(_ u: UnionPart) -> TableSchema { program.unionSchema(u) }
}

extension Program {
  /// The schema of a shared output: the first part's columns, nullable where any part's is.
  public func unionSchema(_ u: UnionPart) -> TableSchema {
    let program = self
    var schema = program.tables[u.parts[0]].schema(in: program)
    schema.name = u.output
    for p in u.parts.dropFirst() {
      let other = program.tables[p].schema(in: program)
      for i in schema.columns.indices where i < other.columns.count {
        // Texts and choices of different values meet as text.
        if schema.columns[i].type.kind != other.columns[i].type.kind, schema.columns[i].type.isTextual,
          other.columns[i].type.isTextual
        {
          schema.columns[i].type = ValueType(.text, nullable: schema.columns[i].type.isNullable)
        }
        // NUMERIC(p, k) holds every part's values; a part kept DOUBLE PRECISION keeps the
        // output so.
        if let a = schema.columns[i].numericPrecision {
          schema.columns[i].numericPrecision = other.columns[i].numericPrecision.map { max(a, $0) }
        }
        if other.columns[i].type.isNullable || schema.columns[i].type.kind == .null {
          schema.columns[i].type = ValueType(
            schema.columns[i].type.kind == .null ? other.columns[i].type.kind : schema.columns[i].type.kind, nullable: true)
        }
      }
    }
    return schema
  }
}
