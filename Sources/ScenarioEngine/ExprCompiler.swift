import ScenarioDiagnostics
import ScenarioIR
import ScenarioRandom
import ScenarioTimeZones

/// Compiles IR expressions into closures over a `RowContext`. Names were resolved to slot
/// indices by the checker, so evaluation does no lookups by name (DESIGN.md §3).
struct ExprCompiler {
  let program: Program
  /// The table whose rows the expressions are evaluated for.
  let table: Int
  /// Stores of tables generated so far, by table index.
  let stores: [TableStore?]
  /// Results of the aggregates computed so far (`Program.aggregates` order), by parent row.
  var aggregates: [[Value]] = []
  /// The source indexes of the correlated aggregates of the table, by `CorrelatedAggregate.id`.
  var correlated: [Int: CorrelatedIndex] = [:]
  /// The positions of the table's rows, when it has an `order by` over the whole table or a
  /// column (nil for parent groups, computed per chunk).
  var order: OrderResult? = nil
  /// Where the compiled closures read positions: one box per compiled set, holding `order` or
  /// the current chunk's positions.
  var orderBox: OrderBox? = nil
  /// The longest text `++` may build (`RunLimits.textBytes`).
  var textLimit: Int { program.limits.textBytes }

  /// Compiles one expression.
  func compile(_ e: IRExpr) -> Eval {
    let span = e.span
    switch e.kind {
    case .constant(let v): return { _ in v }
    case .slot(let i): return { ctx in ctx.slots[i] }
    case .rowNumber: return { ctx in .int(Int64(ctx.row)) }
    case .parentRow: return { ctx in .ref(ctx.parentRow) }
    case .persona:
      let names = program.tables[table].personas?.names ?? []
      let values = names.map { Value.text($0) }
      return { ctx in ctx.persona >= 0 && ctx.persona < values.count ? values[ctx.persona] : .null }
    case .field(let base, let t, let slot):
      let b = compile(base)
      guard let store = stores[t] else { return { _ in .null } }
      // The column itself, not the store: reading it then touches no shared reference count.
      let column = store.columns[slot]
      return { ctx throws(RuntimeFailure) in
        guard case .ref(let r) = try b(&ctx) else { return .null }
        return column[r]
      }
    case .negate(let a):
      let x = compile(a)
      return { ctx throws(RuntimeFailure) in
        let v = try x(&ctx)
        do throws(EvalError) { return try Semantics.negate(v) } catch { throw failure(error, span) }
      }
    case .not(let a):
      let x = compile(a)
      return { ctx throws(RuntimeFailure) in .bool(!(try x(&ctx)).isTrue) }
    case .isNull(let a):
      let x = compile(a)
      return { ctx throws(RuntimeFailure) in .bool(try x(&ctx).isNull) }
    case .correlated(let c): return compileCorrelated(c, type: e.type, span: span)
    case .candidate: return { ctx in .ref(ctx.candidate) }
    case .inlineValue(let values): return { ctx in values[ctx.row] }
    case .cellFactor(let stride, let size): return { ctx in .ref((ctx.row / stride) % size) }
    case .decimal(let a, let digits):
      let x = compile(a)
      let rounder = DecimalRounder(digits: digits)
      return { ctx throws(RuntimeFailure) in
        let v = try x(&ctx)
        if case .float(let d) = v, d.isFinite { return .float(rounder.value(d)) }
        do throws(EvalError) { return try Semantics.decimal(v, digits: digits) } catch {
          throw RuntimeFailure(error.code, error.message, span: span, label: "not a finite number for this row")
        }
      }
    case .binary(let op, let a, let b): return compileBinary(op, compile(a), compile(b), span)
    case .conditional(let c, let a, let b):
      let cond = compile(c)
      let x = compile(a)
      let y = compile(b)
      return { ctx throws(RuntimeFailure) in try cond(&ctx).isTrue ? try x(&ctx) : try y(&ctx) }
    case .call(let f, let args):
      let evals = args.map(compile)
      // The argument array is reused from row to row (a compiled closure runs on one thread at
      // a time), so a call allocates nothing.
      let scratch = ArgumentScratch(count: evals.count)
      return { ctx throws(RuntimeFailure) in
        for i in evals.indices { scratch.values[i] = try evals[i](&ctx) }
        do throws(EvalError) { return try Semantics.call(f, scratch.values, textLimit: textLimit) } catch {
          throw failure(error, span)
        }
      }
    case .random(let r, let params, let site):
      return compileRandom(r, params, site, span, truncation: nil)
    case .truncated(let r, let params, let low, let high, let site):
      return compileRandom(r, params, site, span, truncation: (compile(low), compile(high)))
    case .histogram(let edges, let weights, let site):
      let key = key(site)
      guard let h = EmpiricalHistogram(edges: edges, weights: weights) else { return { _ in .null } }
      return { ctx in
        var rng = CellRNG(key: key, row: ctx.rowKey, sub: ctx.sub)
        return .float(h.sample(&rng))
      }
    case .calendar(let c, let site):
      let key = key(site)
      guard let sampler = calendarSampler(c) else { return { _ in .null } }
      return { ctx in
        var rng = CellRNG(key: key, row: ctx.rowKey, sub: ctx.sub)
        return .datetime(sampler.sample(&rng))
      }
    case .aggregate(let index, let of):
      let parent = compile(of)
      let results = index < aggregates.count ? aggregates[index] : []
      return { ctx throws(RuntimeFailure) in
        // Of the parent row, or (a table summarising its own rows) of the row number.
        switch try parent(&ctx) {
        case .ref(let r) where r >= 0 && r < results.count: return results[r]
        case .int(let r) where r >= 0 && r < results.count: return results[Int(r)]
        default: return .null
        }
      }
    case .mixture(let components, let weights, let site):
      let key = key(site)
      guard let m = mixture(components, weights) else { return { _ in .null } }
      let ints = e.type.kind == .int
      return { ctx in
        var rng = CellRNG(key: key, row: ctx.rowKey, sub: ctx.sub)
        let x = m.sample(&rng)
        return ints ? .int(Int64(exactly: x.rounded()) ?? 0) : .float(x)
      }
    case .choice(let values, let weights, let site):
      return compileChoice(values.map(compile), weights, site, span)
    case .pick(let t, let filter, let weight, let site, let distinct):
      return compilePick(t, filter, weight, site, distinct: distinct, span)
    case .keyedPick(let p, let site):
      return compileKeyedPick(p, site, span)
    case .orderValue(let v):
      let box = orderBox ?? OrderBox(order)
      return { ctx throws(RuntimeFailure) in
        guard let order = box.result else {
          throw RuntimeFailure(.runtimeArithmetic, "internal error: the table's order was not computed", span: span)
        }
        return order.value(v, row: ctx.row)
      }
    case .emptyPickIsNull(let inner):
      // Only the inner pick's own R0703 becomes null; any other failure stops the run.
      let pick = compile(inner)
      let pickSpan = inner.span
      return { ctx throws(RuntimeFailure) in
        do throws(RuntimeFailure) { return try pick(&ctx) } catch {
          if error.code == .runtimeEmptyPick, error.span == pickSpan { return .null }
          throw error
        }
      }
    case .latent(let index, let marginal):
      return compileLatent(index, marginal, span)
    case .grouped(let inner, let key):
      let x = compile(inner)
      let k = compile(key)
      let seed = program.seed
      return { ctx throws(RuntimeFailure) in
        let saved = (ctx.rowKey, ctx.sub)
        (ctx.rowKey, ctx.sub) = groupIdentity(try k(&ctx), seed: seed)
        defer { (ctx.rowKey, ctx.sub) = saved }
        return try x(&ctx)
      }
    case .personaSwitch(let base, let overrides):
      let b = compile(base)
      let count = program.tables[table].personas?.names.count ?? 0
      var byPersona = [Eval?](repeating: nil, count: count)
      for (p, o) in overrides where p < count { byPersona[p] = compile(o) }
      let table = byPersona
      return { ctx throws(RuntimeFailure) in
        if ctx.persona >= 0, ctx.persona < table.count, let o = table[ctx.persona] { return try o(&ctx) }
        return try b(&ctx)
      }
    }
  }

  /// Binary operators; `and`/`or` short-circuit.
  func compileBinary(_ op: IROperator, _ x: @escaping Eval, _ y: @escaping Eval, _ span: SourceSpan) -> Eval {
    switch op {
    case .and:
      return { ctx throws(RuntimeFailure) in
        guard try x(&ctx).isTrue else { return .bool(false) }
        return .bool(try y(&ctx).isTrue)
      }
    case .or:
      return { ctx throws(RuntimeFailure) in
        if try x(&ctx).isTrue { return .bool(true) }
        return .bool(try y(&ctx).isTrue)
      }
    default:
      return { ctx throws(RuntimeFailure) in
        let a = try x(&ctx)
        let b = try y(&ctx)
        // Fast paths for the commonest numeric cases; everything else goes through Semantics.
        switch (op, a, b) {
        case (.add, .float(let p), .float(let q)): return .float(p + q)
        case (.multiply, .float(let p), .float(let q)): return .float(p * q)
        case (.subtract, .float(let p), .float(let q)): return .float(p - q)
        default:
          do throws(EvalError) { return try Semantics.binary(op, a, b, textLimit: textLimit) } catch { throw failure(error, span) }
        }
      }
    }
  }

  /// The sampler of a calendar model (nil if its weights leave nothing to draw; the checker
  /// rejects those).
  func calendarSampler(_ c: CalendarIR) -> CalendarSampler? {
    let spec = CalendarSpecValues(
      start: c.start, end: c.end, hourWeights: c.hourWeights, weekendHourWeights: c.weekendHourWeights,
      weekdayWeights: c.weekdayWeights, trend: c.trend, step: c.step, zone: c.zone.flatMap(TimeZones.zone))
    guard case .success(let sampler) = CalendarSampler.make(spec) else { return nil }
    return sampler
  }

  /// The stream key of a draw site.
  func key(_ site: DrawSite) -> StreamKey { StreamKey.derive(seed: program.seed, site.keyParts) }
}

/// The row identity that every row with the key `value` shares: the key's canonical 64 bits and a
/// tag per kind in the high half of the sub-counter (child rows use small sub-counters, so the two
/// never meet). Dates use their day number, so a group is the same in every shard and run.
func groupIdentity(_ value: Value, seed: UInt64) -> (UInt64, UInt32) {
  let tag: UInt32
  let bits: UInt64
  switch value {
  case .null: (tag, bits) = (0, 0)
  case .int(let i): (tag, bits) = (1, UInt64(bitPattern: i))
  case .float(let d):
    // A whole float keys the same group as the equal int (`1.0` and `1` are one group).
    if d.rounded() == d, abs(d) < 9.0e15 {
      (tag, bits) = (1, UInt64(bitPattern: Int64(d)))
    } else {
      (tag, bits) = (2, d.bitPattern)
    }
  case .bool(let b): (tag, bits) = (3, b ? 1 : 0)
  case .text(let s): (tag, bits) = (4, hashText(s, seed: seed))
  case .date(let d): (tag, bits) = (5, UInt64(bitPattern: d))
  case .datetime(let t): (tag, bits) = (6, UInt64(bitPattern: t))
  case .duration(let t): (tag, bits) = (7, UInt64(bitPattern: t))
  case .ref(let r): (tag, bits) = (8, UInt64(r))
  }
  return (bits, 0x8000_0000 | tag)
}

/// Turns an evaluation error into a run-time failure at a span.
func failure(_ error: EvalError, _ span: SourceSpan) -> RuntimeFailure {
  RuntimeFailure(error.code, error.message, span: span, label: "failed for this row")
}

/// The reusable argument array of one compiled call. Compiled closures are used by one chunk,
/// on one thread, at a time (`CompiledPool`), and a call node never evaluates itself, so the
/// array is never shared.
final class ArgumentScratch: @unchecked Sendable {
  var values: [Value]
  init(count: Int) { values = [Value](repeating: .null, count: count) }
}
