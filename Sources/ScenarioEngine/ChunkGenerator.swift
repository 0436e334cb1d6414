import Foundation
import ScenarioDiagnostics
import ScenarioIR
import ScenarioRandom

/// The rows of one chunk: output columns, stored slots and (for child tables that are parents)
/// row identities.
struct GeneratedChunk: Sendable {
  var chunk: Chunk
  /// The stored slots' values (typed when generated column-wise).
  var stored: [Column]
  var rowKeys: [UInt64]
  var subs: [UInt32]
  /// Probe values for expectations: `probes[k][i]`.
  var probes: [ValueColumn]
}

/// Evaluates rows of one table. Immutable and thread-safe: every chunk is independent.
struct ChunkGenerator: Sendable {
  let table: TableIR
  let tableIndex: Int
  let seed: UInt64
  let layout: RowLayout
  /// Compiles the table's expressions. Every chunk compiles its own closures: threads then
  /// never share a closure context, whose reference count every call touches (a shared one
  /// bounces between cores and serialises the threads).
  let compiler: ExprCompiler
  /// Compiled closures not in use by a chunk, for reuse by the next one.
  let pool = CompiledPool()
  let order: [Int]
  let personaSlot: Int?
  let personas: PersonaAssigner?
  let personaValues: [Value]
  /// The persona names as a dictionary, for the persona slot's codes in column-wise chunks.
  let personaDictionary: TextDictionary
  /// For written reference columns: the referenced table's key column (nil: written as the
  /// 1-based row number plus the offset).
  let outputRefs: [(key: StoredColumn?, offset: Int)?]
  let keepIdentity: Bool
  let copulas: [PreparedCopula]
  /// Added to `row` and to the chunks' first rows: the rows of earlier parts of a shared output.
  let rowOffset: Int
  /// Whether chunks are evaluated column-wise first (the row loop remains the fallback).
  let columnWise: Bool
  /// For an order within parents: computes each chunk's positions.
  let localOrder: LocalOrder?

  init(
    program: Program, table t: Int, stores: [TableStore?], aggregates: [[Value]] = [],
    correlated: [Int: CorrelatedIndex] = [:], positions: OrderResult? = nil, localOrder: LocalOrder? = nil,
    layout: RowLayout,
    keepIdentity: Bool, rowOffset: Int = 0, columnWise: Bool = true
  ) {
    self.rowOffset = rowOffset
    self.columnWise = columnWise
    self.localOrder = localOrder
    let table = program.tables[t]
    self.table = table
    self.tableIndex = t
    self.seed = program.seed
    self.layout = layout
    compiler = ExprCompiler(
      program: program, table: t, stores: stores, aggregates: aggregates, correlated: correlated, order: positions)
    order = table.evaluationOrder
    personaSlot = table.slots.firstIndex { $0.role == .persona }
    personas = PersonaAssigner(plan: table.personas, program: program, table: table.name)
    personaValues = (table.personas?.names ?? []).map { .text($0) }
    personaDictionary = TextDictionary(table.personas?.names ?? [])
    outputRefs = table.outputSlots.map { s in
      guard case .ref(let name) = table.slots[s].type.kind, let target = program.tableIndex(name),
        let store = stores[target]
      else { return nil }
      let key = store.keySlot.flatMap { store.columns[$0].isEmpty ? nil : store.columns[$0] }
      return (key, store.rowOffset)
    }
    self.keepIdentity = keepIdentity
    copulas = table.copulas.map { c in
      PreparedCopula(
        ir: c,
        keys: c.members.map { StreamKey.derive(seed: program.seed, [table.name, table.slots[$0].name, "latent"]) })
    }
  }

  /// Generates rows `start ..< start + count`.
  func generate(start: Int, count: Int) throws -> GeneratedChunk {
    var ctx = RowContext(slotCount: table.slots.count)
    ctx.latents = [Double](repeating: 0, count: copulas.reduce(0) { $0 + $1.ir.members.count })
    var columns = [[Value]](repeating: [], count: table.outputSlots.count)
    for i in columns.indices { columns[i].reserveCapacity(count) }
    var stored = [[Value]](repeating: [], count: table.storedSlots.count)
    var rowKeys: [UInt64] = []
    var subs: [UInt32] = []
    var probes = [[Value]](repeating: [], count: table.probes.count)
    var parent = layout.isChild && count > 0 ? layout.parentOf(start) : -1
    // Locals, so that the loop does not retain the table's arrays on every row.
    let order = self.order
    let compiled = pool.take() ?? CompiledTable(table: table, compiler: compiler)
    defer { pool.give(compiled) }
    if let localOrder, count > 0 {
      compiled.orderBox?.result = try localOrder.positions(start: start, count: count, rowOffset: rowOffset)
    }
    if columnWise, count > 0, let columns = try? generateColumns(start: start, count: count, compiled: compiled) {
      return columns
    }
    // The slots to evaluate, in order, with their closures side by side (called in place, never
    // copied out of the array, so a call does not touch the closure's reference count).
    let evaluated = order.filter { compiled.evals[$0] != nil }
    let orderedEvals = evaluated.map { compiled.evals[$0]! }
    let probeEvals = compiled.probes
    let probeSlots = table.probes.map { p -> Int? in
      if case .slot(let s) = p.kind { return s }
      return nil
    }
    let parentKeys = layout.parentStore?.rowKeys ?? []
    let parentSubs = layout.parentStore?.subs ?? []
    let outputSlots = table.outputSlots
    let storedSlots = table.storedSlots
    let outputRefs = self.outputRefs
    let copulas = self.copulas
    for r in start..<(start + count) {
      ctx.row = rowOffset + r
      if layout.isChild, layout.parentStore != nil {
        while layout.offsets[parent + 1] <= r { parent += 1 }
        // `parent` is the layout's entry; a sparse parent's entries are its rows with children.
        let parentRow = layout.parentRow(ofEntry: parent)
        let id = parentKeys.isEmpty ? (key: UInt64(parentRow), sub: UInt32(0)) : (key: parentKeys[parentRow], sub: parentSubs[parentRow])
        ctx.parentRow = parentRow
        ctx.rowKey = id.sub == 0 ? id.key : mixIdentity(id.key, id.sub)
        ctx.sub = UInt32(truncatingIfNeeded: r - layout.offsets[parent] + 1)
      } else {
        ctx.rowKey = UInt64(r)
        ctx.sub = 0
      }
      for c in copulas { c.fill(&ctx) }
      if let personas, let personaSlot {
        ctx.persona = personas.persona(row: r, rowKey: ctx.rowKey, sub: ctx.sub)
        ctx.slots[personaSlot] = personaValues[ctx.persona]
      }
      for i in evaluated.indices {
        do throws(RuntimeFailure) {
          ctx.slots[evaluated[i]] = try orderedEvals[i](&ctx)
        } catch {
          throw EngineError(error, table: table.name, column: table.slots[evaluated[i]].name, row: r, seed: seed)
        }
      }
      for (i, s) in outputSlots.enumerated() {
        let v = ctx.slots[s]
        if let target = outputRefs[i], case .ref(let row) = v {
          columns[i].append(target.key?[row] ?? .int(Int64(row + target.offset) + 1))
        } else {
          columns[i].append(v)
        }
      }
      for (i, s) in storedSlots.enumerated() { stored[i].append(ctx.slots[s]) }
      for k in probeEvals.indices {
        // A probe that reads a slot (most of them) copies it without a closure call.
        if let s = probeSlots[k] {
          probes[k].append(ctx.slots[s])
          continue
        }
        do throws(RuntimeFailure) {
          probes[k].append(try probeEvals[k](&ctx))
        } catch {
          throw EngineError(error, table: table.name, column: "[expect]", row: r, seed: seed)
        }
      }
      if keepIdentity {
        rowKeys.append(ctx.rowKey)
        subs.append(ctx.sub)
      }
    }
    return GeneratedChunk(
      chunk: Chunk(startRow: rowOffset + start, count: count, columns: columns),
      stored: stored.map { Column(.values($0)) }, rowKeys: rowKeys,
      subs: subs, probes: probes.map(ValueColumn.init))
  }
}

/// A correlation group ready for rows: each member's latent stream key and the Cholesky factor.
struct PreparedCopula: Sendable {
  let ir: CopulaIR
  let keys: [StreamKey]

  /// Draws one independent normal per member from its own latent stream (so the draws do not
  /// depend on the other members) and mixes them: z = L·ε, in a fixed loop order.
  func fill(_ ctx: inout RowContext) {
    let n = ir.members.count
    var eps = [Double](repeating: 0, count: n)
    for i in 0..<n {
      var rng = CellRNG(key: keys[i], row: ctx.rowKey, sub: ctx.sub)
      eps[i] = rng.nextStandardNormal()
    }
    for i in 0..<n {
      var z = 0.0
      for j in 0...i { z += ir.cholesky[i * n + j] * eps[j] }
      ctx.latents[ir.firstLatent + i] = z
    }
  }
}

/// The identity key of a grandchild row's parent: a SipHash of the parent's key and child index.
func mixIdentity(_ key: UInt64, _ sub: UInt32) -> UInt64 {
  var message = [UInt8](repeating: 0, count: 12)
  for i in 0..<8 { message[i] = UInt8(truncatingIfNeeded: key >> (8 * UInt64(i))) }
  for i in 0..<4 { message[8 + i] = UInt8(truncatingIfNeeded: sub >> (8 * UInt32(i))) }
  return sipHash24(key: (0x6964_656e_7469_7479, 0x726f_7773), message: message)
}

/// A table's compiled expressions, for the row loop and for column-wise evaluation.
final class CompiledTable: @unchecked Sendable {
  let evals: [Eval?]
  let probes: [Eval]
  let columnEvals: [VectorEval?]
  let columnProbes: [VectorEval]

  /// The positions the closures read (tables with an `order by`).
  let orderBox: OrderBox?

  init(table: TableIR, compiler: ExprCompiler) {
    var compiler = compiler
    orderBox = table.order == nil ? nil : OrderBox(compiler.order)
    compiler.orderBox = orderBox
    evals = table.slots.map { $0.role == .persona ? nil : compiler.compile($0.expr) }
    probes = table.probes.map(compiler.compile)
    let vector = VectorCompiler(rows: compiler)
    columnEvals = table.slots.map { $0.role == .persona ? nil : vector.compile($0.expr) }
    columnProbes = table.probes.map(vector.compile)
  }
}

/// Compiled closure sets that no chunk is using. A set is used by one chunk at a time, so
/// threads never touch the same closure contexts; there are at most as many sets as chunks run
/// at once.
final class CompiledPool: @unchecked Sendable {
  private var free: [CompiledTable] = []
  private let lock = NSLock()

  func take() -> CompiledTable? {
    lock.lock()
    defer { lock.unlock() }
    return free.popLast()
  }

  func give(_ c: CompiledTable) {
    lock.lock()
    free.append(c)
    lock.unlock()
  }
}
