import Dispatch
import Foundation
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
  let tracked: [OrderColumn]
  /// `OrderIR.running[i]` at every row.
  let running: [OrderColumn]

  init(offset: Int, rank: [Int32], size: [Int32], previous: [Int32], tracked: [OrderColumn], running: [OrderColumn]) {
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
  /// group, or the contiguous `ranges` of a child table's parents), `keys[k][r]` its k-th key.
  static func compute(
    _ order: OrderIR, rows: Int, offset: Int, group: [Value]?, ranges: [Range<Int>]?, keys: [KeyColumn],
    tracked: [OrderColumn], runningValues: [OrderColumn?], failedRow: inout Int
  ) throws(RuntimeFailure) -> OrderResult {
    let numeric: [[Double]?] = keys.map { if case .numeric(let d) = $0 { d } else { nil } }
    let keys: [[Value]] = keys.map { if case .values(let v) = $0 { v } else { [] } }
    let descending = order.keys.map(\.descending)
    @inline(__always) func before(_ i: Int, _ j: Int) -> Bool {
      for k in 0..<keys.count {
        let c: Int
        if let d = numeric[k] {
          c = d[i] < d[j] ? -1 : d[i] > d[j] ? 1 : 0
        } else {
          c = compareValues(keys[k][i], keys[k][j])
        }
        if c != 0 { return descending[k] ? c > 0 : c < 0 }
      }
      return i < j
    }
    // The groups, each a list of rows in the order's sequence.
    var sequence: [Int32]
    var bounds: [Int] = [0]
    if let ranges {
      sequence = []
      sequence.reserveCapacity(rows)
      for range in ranges where !range.isEmpty {
        var members = range.map { Int32($0) }
        if !keys.isEmpty { members.sort { before(Int($0), Int($1)) } }
        sequence.append(contentsOf: members)
        bounds.append(sequence.count)
      }
    } else {
      sequence = [Int32](0..<Int32(rows))
      if let group {
        sequence.sort { a, b in
          let c = compareValues(group[Int(a)], group[Int(b)])
          return c != 0 ? c < 0 : before(Int(a), Int(b))
        }
        var start = 0
        while start < rows {
          var end = start + 1
          while end < rows, compareValues(group[Int(sequence[end])], group[Int(sequence[start])]) == 0 { end += 1 }
          bounds.append(end)
          start = end
        }
      } else {
        sequence.sort { before(Int($0), Int($1)) }
        if rows > 0 { bounds.append(rows) }
      }
    }
    var rank = [Int32](repeating: 0, count: rows)
    var size = [Int32](repeating: 0, count: rows)
    var previous = [Int32](repeating: -1, count: rows)
    var running: [OrderColumn] = []
    for (k, spec) in order.running.enumerated() {
      running.append(
        try runningColumn(
          spec, values: runningValues[k], rows: rows, sequence: sequence, bounds: bounds, failedRow: &failedRow))
    }
    for g in 0..<(bounds.count - 1) {
      let start = bounds[g]
      let end = bounds[g + 1]
      let n = Int32(end - start)
      for p in start..<end {
        let r = Int(sequence[p])
        rank[r] = Int32(p - start + 1)
        size[r] = n
        previous[r] = p > start ? sequence[p - 1] : -1
      }
    }
    return OrderResult(offset: offset, rank: rank, size: size, previous: previous, tracked: tracked, running: running)
  }

  /// A running aggregate at every row: in 64-bit integers when it counts, or sums, takes the
  /// minimum or maximum of integers without nulls; else through `RunningAccumulator`.
  static func runningColumn(
    _ spec: RunningIR, values: OrderColumn?, rows: Int, sequence: [Int32], bounds: [Int], failedRow: inout Int
  ) throws(RuntimeFailure) -> OrderColumn {
    let ints: [Int64]? = if case .ints(let a)? = values { a } else { nil }
    if spec.function == .count, values == nil || ints != nil {
      var out = [Int64](repeating: 0, count: rows)
      for g in 0..<(bounds.count - 1) {
        for p in bounds[g]..<bounds[g + 1] { out[Int(sequence[p])] = Int64(p - bounds[g] + 1) }
      }
      return .ints(out)
    }
    if let a = ints, spec.function == .sum || spec.function == .min || spec.function == .max {
      var out = [Int64](repeating: 0, count: rows)
      for g in 0..<(bounds.count - 1) {
        var acc: Int64 = 0
        for p in bounds[g]..<bounds[g + 1] {
          let r = Int(sequence[p])
          let x = a[r]
          switch spec.function {
          case .sum:
            let (sum, overflow) = acc.addingReportingOverflow(x)
            if overflow {
              failedRow = r
              throw RuntimeFailure(.runtimeArithmetic, "a running sum overflows 64-bit integers", span: spec.span)
            }
            acc = sum
          case .min: acc = p == bounds[g] ? x : Swift.min(acc, x)
          default: acc = p == bounds[g] ? x : Swift.max(acc, x)
          }
          out[r] = acc
        }
      }
      return .ints(out)
    }
    var out = [Value](repeating: .null, count: rows)
    for g in 0..<(bounds.count - 1) {
      var acc = RunningAccumulator(spec.function)
      for p in bounds[g]..<bounds[g + 1] {
        let r = Int(sequence[p])
        failedRow = r
        try acc.add(values?[r] ?? .null, span: spec.span)
        out[r] = acc.value
      }
    }
    return .values(out)
  }

  /// A key's values: as doubles when they are all numbers, dates, date-times or durations of
  /// one kind (no null, no NaN, integers within ±2^53, so that doubles compare them exactly);
  /// else as values.
  enum KeyColumn {
    case numeric([Double])
    case values([Value])

    init(_ values: [Value]) {
      var out = [Double]()
      out.reserveCapacity(values.count)
      var kind: Int? = nil
      for v in values {
        let (k, x): (Int, Double)
        switch v {
        case .int(let i) where i.magnitude <= 1 << 53: (k, x) = (0, Double(i))
        case .float(let d) where !d.isNaN: (k, x) = (0, d)
        case .date(let d): (k, x) = (1, Double(d))
        case .datetime(let t): (k, x) = (2, Double(t))
        case .duration(let d): (k, x) = (3, Double(d))
        default:
          self = .values(values)
          return
        }
        if kind == nil { kind = k }
        guard kind == k else {
          self = .values(values)
          return
        }
        out.append(x)
      }
      self = .numeric(out)
    }

    /// Straight from a generated column when it is typed and has no nulls.
    init(_ column: Column, count n: Int) {
      if column.nulls == nil {
        switch column.storage {
        case .ints(let a, let kind) where kind != .ref && !a.prefix(n).contains(where: { $0.magnitude > 1 << 53 }):
          self = .numeric(a.prefix(n).map(Double.init))
          return
        case .floats(let d) where !d.prefix(n).contains(where: \.isNaN):
          self = .numeric(Array(d.prefix(n)))
          return
        default: break
        }
      }
      self.init((0..<n).map { column.value(at: $0) })
    }
  }

  /// A total order: nulls first, references by row, NaN after every number, then
  /// `Semantics.compare`.
  static func compareValues(_ a: Value, _ b: Value) -> Int {
    switch (a.isNull, b.isNull) {
    case (true, true): return 0
    case (true, false): return -1
    case (false, true): return 1
    default: break
    }
    if case .ref(let x) = a, case .ref(let y) = b { return x < y ? -1 : x > y ? 1 : 0 }
    if case .float(let x) = a, x.isNaN {
      if case .float(let y) = b, y.isNaN { return 0 }
      return 1
    }
    if case .float(let y) = b, y.isNaN { return -1 }
    return Semantics.compare(a, b)
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

/// Where compiled closures read positions: the table's, or the current chunk's.
final class OrderBox: @unchecked Sendable {
  var result: OrderResult?
  init(_ result: OrderResult?) { self.result = result }
}

/// An order within the parents of a child table, computed chunk by chunk: a chunk's rows and
/// the rest of the rows of its first and last parents go through the first pass, and are
/// sorted parent by parent. Memory: a chunk plus its largest parent's rows.
final class LocalOrder: @unchecked Sendable {
  let generator: ChunkGenerator
  let order: OrderIR
  let layout: RowLayout
  let table: String
  let seed: UInt64
  /// Each first-pass slot's position among the generator's stored columns.
  let position: [Int: Int]

  init(generator: ChunkGenerator, order: OrderIR, layout: RowLayout, table: String, seed: UInt64) {
    self.generator = generator
    self.order = order
    self.layout = layout
    self.table = table
    self.seed = seed
    position = Dictionary(uniqueKeysWithValues: order.prepassSlots.enumerated().map { ($1, $0) })
  }

  func positions(start: Int, count: Int, rowOffset: Int) throws -> OrderResult {
    let first = layout.parentOf(start)
    let last = layout.parentOf(start + count - 1)
    let a = layout.offsets[first]
    let b = layout.offsets[last + 1]
    let n = b - a
    let g = try generator.generate(start: a, count: n)
    // Each slot converted once, however many of `previous` and `running` read it.
    var converted: [Int: OrderColumn] = [:]
    func column(_ s: Int) -> OrderColumn {
      if let done = converted[s] { return done }
      let c = OrderColumn(g.stored[position[s]!], count: n)
      converted[s] = c
      return c
    }
    let ranges = (first...last).map { (layout.offsets[$0] - a)..<(layout.offsets[$0 + 1] - a) }
    var failedRow = 0
    do throws(RuntimeFailure) {
      return try OrderResult.compute(
        order, rows: n, offset: rowOffset + a, group: nil, ranges: ranges,
        keys: order.keys.map { OrderResult.KeyColumn(g.stored[position[$0.slot]!], count: n) },
        tracked: order.tracked.map(column), runningValues: order.running.map { $0.slot.map(column) },
        failedRow: &failedRow)
    } catch {
      throw EngineError(error, table: table, column: "[order]", row: a + failedRow, seed: seed)
    }
  }
}

extension Engine {
  /// The first pass's generator: table `t` with only the slots the order needs (every other
  /// slot is null), writing nothing and keeping those slots.
  func prepassGenerator(table t: Int, order: OrderIR, layout: RowLayout, rowOffset: Int) throws -> ChunkGenerator {
    let table = program.tables[t]
    var pre = program
    var reduced = table
    let needed = Set(order.prepassSlots)
    for s in reduced.slots.indices where !needed.contains(s) && reduced.slots[s].role != .persona {
      reduced.slots[s].expr = IRExpr(.constant(.null), type: reduced.slots[s].type.nullable, span: reduced.slots[s].span)
    }
    reduced.outputSlots = []
    reduced.probes = []
    // Every copula stays: latents are numbered across them, and the needed slots' draws read them.
    reduced.storedSlots = order.prepassSlots
    reduced.order = nil
    pre.tables[t] = reduced
    return ChunkGenerator(
      program: pre, table: t, stores: stores, aggregates: aggregateResults,
      correlated: try correlatedIndexes(table: t), layout: layout, keepIdentity: false, rowOffset: rowOffset,
      columnWise: options.columnWise)
  }

  /// The order of table `t` over the whole table: a first pass evaluates the slots the order
  /// needs, then the rows are sorted within their groups.
  func computeOrder(table t: Int, order: OrderIR, layout: RowLayout, rowOffset: Int) throws -> OrderResult {
    let table = program.tables[t]
    let generator = try prepassGenerator(table: t, order: order, layout: layout, rowOffset: rowOffset)
    let total = layout.total
    // The first pass, chunk by chunk on every core (chunks are independent).
    let step = max(1, options.chunkSize)
    let chunks = (total + step - 1) / step
    let parts = PartResults(count: chunks)
    let workers = max(1, min(options.threads, chunks))
    DispatchQueue.concurrentPerform(iterations: workers) { worker in
      var c = worker
      while c < chunks {
        let start = c * step
        let n = min(step, total - start)
        do {
          let g = try generator.generate(start: start, count: n)
          parts.set(c, .success(g.stored.map { column in (0..<n).map { column.value(at: $0) } }))
        } catch {
          parts.set(c, .failure(error))
        }
        c += workers
      }
    }
    var values = [[Value]](repeating: [], count: order.prepassSlots.count)
    for v in values.indices { values[v].reserveCapacity(total) }
    for c in 0..<chunks {
      let part = try parts.get(c)
      for i in values.indices { values[i].append(contentsOf: part[i]) }
    }
    let position = Dictionary(uniqueKeysWithValues: order.prepassSlots.enumerated().map { ($1, $0) })
    func column(_ s: Int) -> [Value] { values[position[s]!] }
    func orderColumn(_ s: Int) -> OrderColumn { OrderColumn(values: column(s)) }
    // Parent groups of a child table go chunk by chunk (`LocalOrder`); a table without a
    // parent is one group.
    var group: [Value]? = nil
    if case .slot(let s) = order.group { group = column(s) }
    var failedRow = 0
    do throws(RuntimeFailure) {
      return try OrderResult.compute(
        order, rows: total, offset: rowOffset, group: group, ranges: nil,
        keys: order.keys.map { OrderResult.KeyColumn(column($0.slot)) },
        tracked: order.tracked.map(orderColumn), runningValues: order.running.map { $0.slot.map(orderColumn) },
        failedRow: &failedRow)
    } catch {
      throw EngineError(error, table: table.name, column: "[order]", row: failedRow, seed: program.seed)
    }
  }
}

/// The first pass's chunks, filled by the workers in any order.
final class PartResults: @unchecked Sendable {
  private let lock = NSLock()
  private var results: [Result<[[Value]], Error>?]
  init(count: Int) { results = Array(repeating: nil, count: count) }
  func set(_ i: Int, _ r: Result<[[Value]], Error>) {
    lock.lock()
    results[i] = r
    lock.unlock()
  }
  func get(_ i: Int) throws -> [[Value]] {
    lock.lock()
    defer { lock.unlock() }
    return try results[i]!.get()
  }
}

/// A column the order reads or computes (`previous`, running aggregates): 64-bit integers when
/// every value is a non-null `int`, else values.
enum OrderColumn: Equatable {
  case ints([Int64])
  case values([Value])

  /// From a generated column: typed when it holds `int`s without nulls.
  init(_ column: Column, count n: Int) {
    if column.nulls == nil, case .ints(let a, let kind) = column.storage, kind == .int {
      self = .ints(a.count == n ? a : Array(a.prefix(n)))
    } else {
      self = .values((0..<n).map { column.value(at: $0) })
    }
  }

  init(values: [Value]) {
    var ints: [Int64] = []
    ints.reserveCapacity(values.count)
    for v in values {
      guard case .int(let i) = v else {
        self = .values(values)
        return
      }
      ints.append(i)
    }
    self = .ints(ints)
  }

  @inline(__always)
  subscript(i: Int) -> Value {
    switch self {
    case .ints(let a): return .int(a[i])
    case .values(let v): return v[i]
    }
  }
}
