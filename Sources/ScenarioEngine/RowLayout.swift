import ScenarioDiagnostics
import ScenarioIR
import ScenarioRandom

/// Where a table's rows come from: the total count and, for child tables, how many rows each
/// parent row has (evaluated once, before the rows, with the table's `#count` stream).
struct RowLayout: Sendable {
  /// The most rows a child table may have (a guard against runaway counts).
  static let maxRows = 1_000_000_000_000

  let total: Int
  let isChild: Bool
  let parent: Int
  /// `offsets[e]` is the first child row of entry `e`; `offsets[entryCount]` is the total. An
  /// entry is a parent row, or (for a sparse parent) the `e`-th parent row with children.
  let offsets: [Int]
  let parentStore: TableStore?
  /// For a sparse parent: the parent row of each entry (nil: entry `e` is parent row `e`).
  let parentRows: [Int]?

  /// The parent row of entry `e`.
  @inline(__always)
  func parentRow(ofEntry e: Int) -> Int { parentRows?[e] ?? e }

  /// The layout of a child of a sparse parent, from the rows with children and their counts,
  /// counted while the parent streamed.
  init(sparse entries: [(row: Int, count: Int)], parent p: Int, store: TableStore) {
    var offsets = [0]
    offsets.reserveCapacity(entries.count + 1)
    for e in entries { offsets.append(offsets[offsets.count - 1] + e.count) }
    total = offsets[offsets.count - 1]
    isChild = true
    parent = p
    self.offsets = offsets
    parentStore = store
    parentRows = entries.map(\.row)
  }

  /// The number of rows a parent row gets from its filter and count values (both optional).
  static func rowsPerParent(filter: Value?, count: Value?, countSpan: SourceSpan) throws(RuntimeFailure) -> Int {
    if let filter, !filter.isTrue { return 0 }
    guard let count else { return 1 }
    guard case .int(let c) = count else {
      throw RuntimeFailure(.runtimeInvalidCount, "the rows per parent evaluated to null", span: countSpan)
    }
    guard c >= 0, c <= 1 << 32 else {
      throw RuntimeFailure(.runtimeInvalidCount, "the rows per parent evaluated to \(c)", span: countSpan, label: "must be between 0 and 2^32")
    }
    return Int(c)
  }

  /// The error for a child table that would exceed `maxRows`.
  static func tooManyRows(_ table: TableIR, count: IRExpr?) -> RuntimeFailure {
    RuntimeFailure(.runtimeInvalidCount, "table '\(table.name)' would have more than \(RowLayout.maxRows) rows", span: count?.span ?? table.span)
  }

  init(program: Program, table t: Int, stores: [TableStore?], aggregates: [[Value]] = []) throws {
    let table = program.tables[t]
    switch table.count {
    case .fixed(let n):
      total = n
      isChild = false
      parent = -1
      offsets = []
      parentStore = nil
      parentRows = nil
    case .perParent(let p, let count, let filter):
      guard let store = stores[p] else {
        total = 0
        isChild = true
        parent = p
        offsets = [0]
        parentStore = nil
        parentRows = nil
        return
      }
      let compiler = ExprCompiler(program: program, table: t, stores: stores, aggregates: aggregates)
      let countEval = count.map(compiler.compile)
      let filterEval = filter.map(compiler.compile)
      var offsets = [Int](repeating: 0, count: store.rowCount + 1)
      var ctx = RowContext(slotCount: 0)
      var running = 0
      for r in 0..<store.rowCount {
        offsets[r] = running
        let id = store.identity(of: r)
        ctx.parentRow = r
        ctx.row = r
        ctx.rowKey = id.key
        ctx.sub = id.sub
        var n = 1
        do throws(RuntimeFailure) {
          // The count is evaluated only for rows the filter keeps.
          let f = try filterEval.map { e throws(RuntimeFailure) in try e(&ctx) }
          let c = f == nil || f!.isTrue ? try countEval.map { e throws(RuntimeFailure) in try e(&ctx) } : nil
          n = try RowLayout.rowsPerParent(filter: f, count: c, countSpan: count?.span ?? table.span)
        } catch {
          throw EngineError(error, table: table.name, parentTable: store.name, parentRow: r, seed: program.seed)
        }
        running += n
        if running > RowLayout.maxRows {
          throw EngineError(
            RowLayout.tooManyRows(table, count: count), table: table.name, parentTable: store.name, parentRow: r, seed: program.seed)
        }
      }
      offsets[store.rowCount] = running
      self.total = running
      self.isChild = true
      self.parent = p
      self.offsets = offsets
      self.parentStore = store
      self.parentRows = nil
    }
  }

  /// The parent of child row `row` (binary search over the offsets).
  func parentOf(_ row: Int) -> Int {
    var lo = 0
    var hi = offsets.count - 2
    while lo < hi {
      let mid = (lo + hi + 1) / 2
      if offsets[mid] <= row { lo = mid } else { hi = mid - 1 }
    }
    return lo
  }
}

/// Assigns personas: exact counts take contiguous row ranges in declaration order; the other
/// rows draw from the percentage weights on the table's `#persona` stream.
struct PersonaAssigner: Sendable {
  let rangeEnds: [(end: Int, persona: Int)]
  let alias: AliasTable?
  let key: StreamKey

  init?(plan: PersonaPlan?, program: Program, table: String) {
    guard let plan else { return nil }
    var ends: [(Int, Int)] = []
    var running = 0
    for (i, c) in plan.exactCounts.enumerated() {
      if let c, c > 0 {
        running += c
        ends.append((running, i))
      }
    }
    rangeEnds = ends
    alias = plan.weights.contains { $0 > 0 } ? AliasTable(weights: plan.weights) : nil
    key = StreamKey.derive(seed: program.seed, [table, "#persona"])
  }

  func persona(row: Int, rowKey: UInt64, sub: UInt32) -> Int {
    for (end, p) in rangeEnds where row < end { return p }
    guard let alias else { return rangeEnds.last?.persona ?? 0 }
    var rng = CellRNG(key: key, row: rowKey, sub: sub)
    return alias.sample(&rng)
  }
}
