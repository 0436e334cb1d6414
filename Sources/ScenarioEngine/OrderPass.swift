import ScenarioDiagnostics
import ScenarioIR

/// The positions of a table's rows within their groups (`order by`, `OrderIR`), computed by
/// `Engine.computeOrder` before the table's rows are generated, and read by both engines through
/// `OrderValue` by row number.
///
/// Memory: per row a rank, a group size and the previous row (12 bytes), plus one value per row
/// for every column that `previous(x)` or a running aggregate reads, and the keys while sorting.
final class OrderResult: @unchecked Sendable {
  /// Subtracted from `RowContext.row` (the rows of earlier parts of a shared output).
  let offset: Int
  let rank: [Int32]
  let size: [Int32]
  /// The row before, in the group's order; -1 for the first.
  let previous: [Int32]
  /// `OrderIR.tracked[i]`'s value in every row.
  let tracked: [[Value]]
  /// `OrderIR.running[i]` at every row.
  let running: [[Value]]

  init(offset: Int, rank: [Int32], size: [Int32], previous: [Int32], tracked: [[Value]], running: [[Value]]) {
    self.offset = offset
    self.rank = rank
    self.size = size
    self.previous = previous
    self.tracked = tracked
    self.running = running
  }

  @inline(__always)
  func value(_ v: OrderValue, row: Int) -> Value {
    let r = row - offset
    switch v {
    case .rank: return .int(Int64(rank[r]))
    case .isFirst: return .bool(rank[r] == 1)
    case .isLast: return .bool(rank[r] == size[r])
    case .groupSize: return .int(Int64(size[r]))
    case .previous(let i):
      let p = previous[r]
      return p < 0 ? .null : tracked[i][Int(p)]
    case .running(let i): return running[i][r]
    }
  }

  /// Sorts the rows and computes every position. `group[r]` is the row's group (nil: one
  /// group), `keys[k][r]` its k-th key.
  static func compute(
    _ order: OrderIR, rows: Int, offset: Int, group: [Value]?, keys: [[Value]], tracked: [[Value]],
    runningValues: [[Value]?], span: SourceSpan
  ) throws(RuntimeFailure) -> OrderResult {
    // Nulls first, then Semantics.compare; NaN sorts after every number (a total order).
    func cmp(_ a: Value, _ b: Value) -> Int {
      switch (a.isNull, b.isNull) {
      case (true, true): return 0
      case (true, false): return -1
      case (false, true): return 1
      default: break
      }
      if case .ref(let x) = a, case .ref(let y) = b { return x < y ? -1 : x > y ? 1 : 0 }
      if case .float(let x) = a, x.isNaN { if case .float(let y) = b, y.isNaN { return 0 } else { return 1 } }
      if case .float(let y) = b, y.isNaN { return -1 }
      return Semantics.compare(a, b)
    }
    var index = [Int32](0..<Int32(rows))
    index.sort { a, b in
      let i = Int(a)
      let j = Int(b)
      if let group {
        let c = cmp(group[i], group[j])
        if c != 0 { return c < 0 }
      }
      for (k, key) in order.keys.enumerated() {
        let c = cmp(keys[k][i], keys[k][j])
        if c != 0 { return order.keys[k].descending ? c > 0 : c < 0 }
      }
      return i < j
    }
    var rank = [Int32](repeating: 0, count: rows)
    var size = [Int32](repeating: 0, count: rows)
    var previous = [Int32](repeating: -1, count: rows)
    var running = order.running.map { _ in [Value](repeating: .null, count: rows) }
    var start = 0
    while start < rows {
      var end = start + 1
      if let group {
        while end < rows, cmp(group[Int(index[end])], group[Int(index[start])]) == 0 { end += 1 }
      } else {
        end = rows
      }
      let n = Int32(end - start)
      for (k, running_) in order.running.enumerated() {
        var acc = RunningAccumulator(running_.function)
        for p in start..<end {
          let r = Int(index[p])
          try acc.add(runningValues[k]?[r] ?? .null, span: span)
          running[k][r] = acc.value
        }
      }
      for p in start..<end {
        let r = Int(index[p])
        rank[r] = Int32(p - start + 1)
        size[r] = n
        previous[r] = p > start ? index[p - 1] : -1
      }
      start = end
    }
    return OrderResult(offset: offset, rank: rank, size: size, previous: previous, tracked: tracked, running: running)
  }
}

/// One running aggregate over a group, row by row.
struct RunningAccumulator {
  let function: RunningIR.Function
  var count = 0
  var intSum: Int64 = 0
  var floatSum = 0.0
  var sawFloat = false
  var extreme: Value = .null

  init(_ function: RunningIR.Function) { self.function = function }

  mutating func add(_ v: Value, span: SourceSpan) throws(RuntimeFailure) {
    if function == .count {
      count += 1
      return
    }
    guard !v.isNull else { return }
    count += 1
    switch function {
    case .sum, .mean:
      switch v {
      case .int(let i):
        let (s, overflow) = intSum.addingReportingOverflow(i)
        if overflow {
          throw RuntimeFailure(.runtimeArithmetic, "a running sum overflows 64-bit integers", span: span)
        }
        intSum = s
      case .float(let x):
        sawFloat = true
        floatSum += x
      default: break
      }
    case .min:
      if extreme.isNull || Semantics.compare(v, extreme) < 0 { extreme = v }
    case .max:
      if extreme.isNull || Semantics.compare(v, extreme) > 0 { extreme = v }
    case .count: break
    }
  }

  var value: Value {
    switch function {
    case .count: return .int(Int64(count))
    case .sum: return sawFloat ? .float(floatSum + Double(intSum)) : .int(intSum)
    case .mean: return count == 0 ? .null : .float((floatSum + Double(intSum)) / Double(count))
    case .min, .max: return extreme
    }
  }
}

extension Engine {
  /// The order of table `t`: a first pass evaluates the slots the order needs (every other slot
  /// is null, nothing is written), then the rows are sorted within their groups.
  func computeOrder(table t: Int, order: OrderIR, layout: RowLayout, rowOffset: Int) throws -> OrderResult {
    let table = program.tables[t]
    var pre = program
    var reduced = table
    let needed = Set(order.prepassSlots)
    for s in reduced.slots.indices where !needed.contains(s) && reduced.slots[s].role != .persona {
      reduced.slots[s].expr = IRExpr(.constant(.null), type: reduced.slots[s].type.nullable, span: reduced.slots[s].span)
    }
    reduced.outputSlots = []
    reduced.probes = []
    reduced.copulas = reduced.copulas.filter { c in c.members.allSatisfy(needed.contains) }
    reduced.storedSlots = order.prepassSlots
    reduced.order = nil
    pre.tables[t] = reduced
    let generator = ChunkGenerator(
      program: pre, table: t, stores: stores, aggregates: aggregateResults,
      correlated: try correlatedIndexes(table: t), layout: layout, keepIdentity: false, rowOffset: rowOffset,
      columnWise: options.columnWise)
    let total = layout.total
    var values = [[Value]](repeating: [], count: order.prepassSlots.count)
    for v in values.indices { values[v].reserveCapacity(total) }
    var start = 0
    let step = max(1, options.chunkSize)
    while start < total {
      let n = min(step, total - start)
      let g = try generator.generate(start: start, count: n)
      for i in values.indices {
        for r in 0..<n { values[i].append(g.stored[i].value(at: r)) }
      }
      start += n
    }
    let position = Dictionary(uniqueKeysWithValues: order.prepassSlots.enumerated().map { ($1, $0) })
    func column(_ s: Int) -> [Value] { values[position[s]!] }
    let group: [Value]?
    switch order.group {
    case .table: group = nil
    case .parent: group = (0..<total).map { .int(Int64(layout.parentOf($0))) }
    case .slot(let s): group = column(s)
    }
    do throws(RuntimeFailure) {
      return try OrderResult.compute(
        order, rows: total, offset: rowOffset, group: group, keys: order.keys.map { column($0.slot) },
        tracked: order.tracked.map(column), runningValues: order.running.map { $0.slot.map(column) },
        span: table.span)
    } catch {
      throw EngineError(error, table: table.name, column: "[order]", row: 0, seed: program.seed)
    }
  }
}
