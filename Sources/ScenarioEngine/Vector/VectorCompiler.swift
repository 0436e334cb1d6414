import ScenarioIR
import ScenarioRandom

/// Compiles IR expressions into column-wise evaluators: one call computes an expression for
/// every row of a chunk, in typed arrays where the operand kinds allow, so the per-value cost is
/// a loop iteration instead of a closure call returning a `Value`.
///
/// The contract is exactness: for every row in its mask, an evaluator yields the `Value` the row
/// interpreter (`ExprCompiler`) yields, and it evaluates a sub-expression for exactly the rows the
/// row interpreter evaluates it for (branches, `and`/`or`, choice values), so draws and failures
/// happen for the same rows. Typed fast paths cover the common operand kinds; every other case
/// calls the same `Semantics` functions per row, and expressions without a column form (picks,
/// aggregates, `per`, mixtures...) run the row interpreter's closure per row. Any failure throws
/// `VectorBail`; the chunk is then generated row by row, which reports it.
struct VectorCompiler {
  let rows: ExprCompiler

  func compile(_ e: IRExpr) -> VectorEval {
    switch e.kind {
    case .constant(let v): return { _, _ in .constant(v) }
    case .slot(let i): return { f, _ in f.slots[i] ?? .constant(.null) }
    case .rowNumber: return { f, _ in Column(.ints(f.rows.map { Int64($0) }, .int)) }
    case .parentRow: return { f, _ in Column(.ints(f.parents.map { Int64($0) }, .ref)) }
    case .inlineValue(let values): return { f, _ in Column(.values(f.rows.map { values[$0] })) }
    case .cellFactor(let stride, let size):
      return { f, _ in Column(.ints(f.rows.map { Int64(($0 / stride) % size) }, .ref)) }
    case .field(let base, let t, let slot):
      guard let store = rows.stores[t] else { return { _, _ in .constant(.null) } }
      let b = compile(base)
      let column = store.columns[slot]
      return { f, mask throws(VectorBail) in gather(column, try b(f, mask), f.n) }
    case .not(let a):
      let x = compile(a)
      return { f, mask throws(VectorBail) in Column(.bools(try x(f, mask).truth(f.n).map { !$0 })) }
    case .isNull(let a):
      let x = compile(a)
      return { f, mask throws(VectorBail) in
        let c = try x(f, mask)
        return Column(.bools((0..<f.n).map { c.isNull($0) }))
      }
    case .decimal(let a, let digits):
      let x = compile(a)
      let rounder = DecimalRounder(digits: digits)
      return { f, mask throws(VectorBail) in
        let c = try x(f, mask)
        if case .floats(let d) = c.storage {
          // Rows outside the mask, and null rows, hold values nobody reads: they are rounded
          // too when finite (cheaper than testing each row), and left alone otherwise.
          let n = f.n
          var finite = true
          let out = [Double](unsafeUninitializedCapacity: d.count) { buffer, initialized in
            d.withUnsafeBufferPointer { input in
              for r in 0..<input.count {
                let v = input[r]
                if v.isFinite {
                  buffer[r] = rounder.value(v)
                } else {
                  buffer[r] = v
                  if r < n, mask.has(r), !(c.nulls?[r] ?? false) { finite = false }
                }
              }
            }
            initialized = d.count
          }
          // NaN or an infinity is an error, which the row loop reports.
          guard finite else { throw VectorBail("non-finite value in a float(\(digits)) column") }
          return Column(.floats(out), nulls: c.nulls)
        }
        return try perRow(f, mask) { r throws(EvalError) in try Semantics.decimal(c.value(at: r), digits: digits) }
      }
    case .negate(let a):
      let x = compile(a)
      return { f, mask throws(VectorBail) in
        let c = try x(f, mask)
        if case .floats(let d) = c.storage { return Column(.floats(d.map { -$0 }), nulls: c.nulls) }
        return try perRow(f, mask) { r throws(EvalError) in try Semantics.negate(c.value(at: r)) }
      }
    case .binary(let op, let a, let b):
      if op == .concat, let joined = compileConcatChain(e) { return joined }
      return compileBinary(op, compile(a), compile(b))
    case .conditional(let c, let a, let b):
      let cond = compile(c)
      let x = compile(a)
      let y = compile(b)
      return { f, mask throws(VectorBail) in
        let t = try cond(f, mask).truth(f.n)
        let whenTrue = mask.narrowed(t, true)
        let whenFalse = mask.narrowed(t, false)
        let l = whenTrue.contains(true) ? try x(f, whenTrue) : .constant(.null)
        let r = whenFalse.contains(true) ? try y(f, whenFalse) : .constant(.null)
        return Column.select(t, l, r, f.n)
      }
    case .call(let function, let args):
      return compilePackCall(function, args) ?? compileCall(function, args.map(compile))
    case .random(let r, let params, let site):
      return compileRandom(r, params, site) ?? rowByRow(e)
    case .calendar(let c, let site):
      let key = rows.key(site)
      guard let sampler = rows.calendarSampler(c) else { return rowByRow(e) }
      return { f, mask in
        var out = [Int64](repeating: 0, count: f.n)
        let keys = f.rowKeys
        let subs = f.subs
        for r in 0..<f.n where mask.has(r) {
          var rng = CellRNG(key: key, row: keys[r], sub: subs[r])
          out[r] = sampler.sample(&rng)
        }
        return Column(.ints(out, .datetime))
      }
    case .choice(let values, let weights, let site):
      return compileChoice(values, weights, site) ?? rowByRow(e)
    case .pick(let t, let filter, let weight, let site, let distinct):
      let key = rows.key(site)
      guard let pick = rows.preparePick(t, filter, weight, e.span) else { return rowByRow(e) }
      let name = rows.program.tables[t].name
      let span = e.span
      return { f, mask throws(VectorBail) in
        var out = [Int64](repeating: 0, count: f.n)
        let keys = f.rowKeys
        let subs = f.subs
        for r in 0..<f.n where mask.has(r) {
          if distinct {
            do { out[r] = Int64(try pick.distinct(key, rowKey: keys[r], sub: subs[r], table: name, span: span)) } catch {
              throw VectorBail()
            }
            continue
          }
          var rng = CellRNG(key: key, row: keys[r], sub: subs[r])
          do { out[r] = Int64(try pick.draw(&rng)) } catch { throw VectorBail() }
        }
        return Column(.ints(out, .ref))
      }
    case .grouped(let inner, let key):
      // `inner per key`: the draws inside use the key's identity instead of the row's.
      let x = compile(inner)
      let k = compile(key)
      let seed = rows.program.seed
      return { f, mask throws(VectorBail) in
        let keys = try k(f, mask)
        let savedKeys = f.rowKeys
        let savedSubs = f.subs
        defer {
          f.rowKeys = savedKeys
          f.subs = savedSubs
        }
        var groupKeys = savedKeys
        var groupSubs = savedSubs
        for r in 0..<f.n where mask.has(r) { (groupKeys[r], groupSubs[r]) = groupIdentity(keys.value(at: r), seed: seed) }
        f.rowKeys = groupKeys
        f.subs = groupSubs
        return try x(f, mask)
      }
    case .personaSwitch(let base, let overrides):
      return compilePersonaSwitch(base, overrides)
    case .persona:
      return compilePersona()
    case .keyedPick(let p, let site):
      return compileKeyedPick(p, site) ?? rowByRow(e)
    case .orderValue(let v):
      // A gather by row number from the positions computed before the table.
      guard let box = rows.orderBox else { return rowByRow(e) }
      return { f, mask throws(VectorBail) in
        guard let order = box.result else { throw VectorBail("no order") }
        let n = f.n
        let rowsOf = f.rows
        switch v {
        case .rank, .groupSize:
          var out = [Int64](repeating: 0, count: n)
          for r in 0..<n where mask.has(r) {
            let i = rowsOf[r] - order.offset
            out[r] = Int64(v == .rank ? order.rank[i] : order.size[i])
          }
          return Column(.ints(out, .int))
        case .isFirst, .isLast:
          var out = [Bool](repeating: false, count: n)
          for r in 0..<n where mask.has(r) {
            let i = rowsOf[r] - order.offset
            out[r] = v == .isFirst ? order.rank[i] == 1 : order.rank[i] == order.size[i]
          }
          return Column(.bools(out))
        case .running(let k):
          if case .ints(let a) = order.running[k] {
            var out = [Int64](repeating: 0, count: n)
            for r in 0..<n where mask.has(r) { out[r] = a[rowsOf[r] - order.offset] }
            return Column(.ints(out, .int))
          }
          var out = [Value](repeating: .null, count: n)
          for r in 0..<n where mask.has(r) { out[r] = order.value(v, row: rowsOf[r]) }
          return Column.compacting(out, mask)
        case .previous(let k):
          if case .ints(let a) = order.tracked[k] {
            var out = [Int64](repeating: 0, count: n)
            var nulls = [Bool](repeating: false, count: n)
            for r in 0..<n where mask.has(r) {
              let p = order.previous[rowsOf[r] - order.offset]
              if p < 0 { nulls[r] = true } else { out[r] = a[Int(p)] }
            }
            return Column(.ints(out, .int), nulls: nulls.contains(true) ? nulls : nil)
          }
          var out = [Value](repeating: .null, count: n)
          for r in 0..<n where mask.has(r) { out[r] = order.value(v, row: rowsOf[r]) }
          return Column.compacting(out, mask)
        }
      }
    case .emptyPickIsNull(let inner):
      if case .keyedPick(let p, let site) = inner.kind, let fast = compileKeyedPick(p, site, emptyIsNull: true) { return fast }
      return rowByRow(e)
    case .truncated, .histogram, .mixture, .latent, .aggregate, .correlated, .candidate:
      return rowByRow(e)
    }
  }

  /// An expression without a column form: the row interpreter's closure, called per row with
  /// the row's identity and the slots it reads.
  func rowByRow(_ e: IRExpr) -> VectorEval {
    let eval = rows.compile(e)
    var reads = Set<Int>()
    collectSlots(e, into: &reads)
    let slots = reads.sorted()
    return { f, mask throws(VectorBail) in
      var out = [Value](repeating: .null, count: f.n)
      for r in 0..<f.n where mask.has(r) {
        f.enter(r, reads: slots)
        do { out[r] = try eval(&f.ctx) } catch { throw VectorBail("\(error)") }
      }
      return Column.compacting(out, mask)
    }
  }

  /// A column of `Semantics` results for the rows in `mask`.
  func perRow(_ f: VectorFrame, _ mask: Mask, _ value: (Int) throws(EvalError) -> Value) throws(VectorBail) -> Column {
    var out = [Value](repeating: .null, count: f.n)
    for r in 0..<f.n where mask.has(r) {
      do { out[r] = try value(r) } catch { throw VectorBail("\(error)") }
    }
    return Column.compacting(out, mask)
  }

  /// Reads a stored column at the rows a reference column points to (null for a null reference).
  func gather(_ column: StoredColumn, _ refs: Column, _ n: Int) -> Column {
    guard case .ints(let rowsRead, .ref) = refs.storage else {
      return Column(.values((0..<n).map { r in
        guard case .ref(let i) = refs.value(at: r) else { return .null }
        return column[i]
      }))
    }
    // Rows outside the mask may hold any number: they read entry 0. A row the column does not
    // hold (never read: a sparse parent keeps every row its children read) reads as null.
    guard column.count > 0 else { return .constant(.null) }
    var missing: [Bool]? = nil
    let at = (0..<n).map { r -> Int in
      if let i = column.position(of: Int(rowsRead[r])) { return i }
      if missing == nil { missing = [Bool](repeating: false, count: n) }
      missing![r] = true
      return 0
    }
    var nulls: [Bool]? = refs.nulls
    if let stored = column.nulls {
      nulls = (0..<n).map { r in (refs.nulls?[r] ?? false) || stored[at[r]] != 0 }
    }
    if let missing {
      nulls = (0..<n).map { r in (nulls?[r] ?? false) || missing[r] }
    }
    switch column.storage {
    case .doubles(let d): return Column(.floats(at.map { d[$0] }), nulls: nulls)
    case .bools(let b): return Column(.bools(at.map { b[$0] }), nulls: nulls)
    case .ints(let kind, let i): return Column(.ints(at.map { i[$0] }, kind), nulls: nulls)
    case .values(let v):
      return Column(.values((0..<n).map { r in (nulls?[r] ?? false) ? .null : v[at[r]] }))
    }
  }
}

/// The slots of the current row an expression reads (not those a pick's filter reads in its
/// own table).
func collectSlots(_ e: IRExpr, into found: inout Set<Int>) {
  switch e.kind {
  case .slot(let i): found.insert(i)
  case .constant, .rowNumber, .parentRow, .persona, .histogram, .mixture, .calendar, .pick, .candidate,
    .inlineValue, .cellFactor, .orderValue: break
  case .correlated(let c):
    for x in [c.filter, c.argument, c.key?.current].compactMap({ $0 }) { collectSlots(x, into: &found) }
  case .keyedPick(let p, _):
    for x in [p.rows.filter, p.weight, p.rows.key?.current].compactMap({ $0 }) { collectSlots(x, into: &found) }
  case .field(let base, _, _), .emptyPickIsNull(let base): collectSlots(base, into: &found)
  case .negate(let a), .not(let a), .isNull(let a), .aggregate(_, let a), .decimal(let a, _):
    collectSlots(a, into: &found)
  case .binary(_, let a, let b), .grouped(let a, let b):
    collectSlots(a, into: &found)
    collectSlots(b, into: &found)
  case .conditional(let c, let a, let b):
    for x in [c, a, b] { collectSlots(x, into: &found) }
  case .call(_, let args), .random(_, let args, _):
    for x in args { collectSlots(x, into: &found) }
  case .truncated(_, let args, let low, let high, _):
    for x in args + [low, high] { collectSlots(x, into: &found) }
  case .choice(let values, let weights, _):
    for x in values + weights { collectSlots(x, into: &found) }
  case .latent(_, let marginal):
    if case .choice(let values, _) = marginal { for x in values { collectSlots(x, into: &found) } }
  case .personaSwitch(let base, let overrides):
    collectSlots(base, into: &found)
    for (_, o) in overrides { collectSlots(o, into: &found) }
  }
}
