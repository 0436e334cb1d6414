import ScenarioDiagnostics
import ScenarioIR
import ScenarioRandom

extension ExprCompiler {
  /// A distribution draw on the site's own keyed stream. Constant parameters are prepared once;
  /// per-row parameters are validated for every row (R0701 on failure).
  func compileRandom(
    _ r: RandomFunction, _ params: [IRExpr], _ site: DrawSite, _ span: SourceSpan,
    truncation: (Eval, Eval)?
  ) -> Eval {
    let key = key(site)
    let name = r.rawValue
    // Truncated integer draws are whole numbers well inside the Int64 range (bounded by the
    // truncation interval), so converting the Double is exact there.
    let wrap: @Sendable (Double) -> Value = { x in
      switch r {
      case _ where r.drawsIntegers: return .int(Int64(exactly: x.rounded()) ?? (x < 0 ? .min : .max))
      case .bernoulli: return .bool(x != 0)
      default: return .float(x)
      }
    }
    let constants = params.compactMap { $0.constantValue?.asDouble }
    let integers = params.map { $0.constantValue?.exactInt }
    let prepared: Sampler? =
      constants.count == params.count
      ? Distribution.make(name: name, parameters: constants, integers: integers).map(Sampler.init) : nil
    let evals = params.map(compile)
    let paramSpans = params.map(\.span)
    // Per-row parameters of the common one- and two-parameter distributions take a fast path
    // that builds the distribution without the by-name validation; any value it does not accept
    // goes through the full validation below, which reports the problem.
    let fast = prepared == nil && truncation == nil ? FastDraw(r, evals) : nil
    return { ctx throws(RuntimeFailure) in
      // The fast path takes the common per-row parameters; anything it leaves (a null, a bad
      // parameter, an integer beyond 2^53) goes through the validation below.
      if let fast, let v = try fast.draw(&ctx, key: key) { return v }
      let sampler: Sampler
      if let prepared {
        sampler = prepared
      } else {
        var values: [Double] = []
        var exact: [Int64?] = []
        values.reserveCapacity(evals.count)
        for e in evals {
          let v = try e(&ctx)
          values.append(v.asDouble ?? .nan)
          exact.append(v.exactInt)
        }
        if let problem = Distribution.validate(name: name, parameters: values, integers: exact) {
          let i = min(max(problem.index, 0), paramSpans.count - 1)
          throw RuntimeFailure(
            .runtimeInvalidParameter, "invalid parameter for '\(name)': \(problem.message)", span: paramSpans[i],
            label: "evaluated to \(Semantics.text(.float(values[i])))")
        }
        guard let d = Distribution.make(name: name, parameters: values, integers: exact) else {
          throw RuntimeFailure(.runtimeInvalidParameter, "invalid parameters for '\(name)'", span: span)
        }
        sampler = Sampler(d)
      }
      var rng = CellRNG(key: key, row: ctx.rowKey, sub: ctx.sub)
      guard let (lo, hi) = truncation else {
        if r.drawsIntegers { return .int(sampler.sampleInt(&rng)) }
        if r == .bernoulli { return .bool(sampler.sampleBool(&rng)) }
        return .float(sampler.sample(&rng))
      }
      let low = try lo(&ctx).asDouble ?? -.infinity
      let high = try hi(&ctx).asDouble ?? .infinity
      if low > high {
        throw RuntimeFailure(.runtimeInvalidParameter, "the bounds of 'truncate' are reversed", span: span, label: "\(low) > \(high)")
      }
      guard let x = sampler.sampleTruncated(&rng, low: low, high: high) else {
        throw RuntimeFailure(
          .runtimeTruncationFailed, "'truncate' found no value of '\(name)' within \(low)..\(high)", span: span,
          label: "the bounds hold almost no probability")
      }
      return wrap(x)
    }
  }

  /// The marginal value of a correlated column from the row's latent normal: the marginal's
  /// quantile of Φ(z), monotone in z (Gaussian copula, NORTA).
  func compileLatent(_ index: Int, _ marginal: LatentMarginal, _ span: SourceSpan) -> Eval {
    switch marginal {
    case .distribution(let r, let params):
      guard let d = Distribution.make(name: r.rawValue, parameters: params) else { return { _ in .null } }
      let transform = LatentTransform(d)
      return { ctx in
        let x = transform.value(ctx.latents[index])
        if r.drawsIntegers { return .int(Int64(exactly: x.rounded()) ?? (x < 0 ? .min : .max)) }
        if r == .bernoulli { return .bool(x != 0) }
        return .float(x)
      }
    case .histogram(let edges, let weights):
      guard let h = EmpiricalHistogram(edges: edges, weights: weights) else { return { _ in .null } }
      let transform = LatentTransform(h)
      return { ctx in .float(transform.value(ctx.latents[index])) }
    case .mixture(let components, let weights):
      guard let m = mixture(components, weights) else { return { _ in .null } }
      let transform = LatentTransform(m)
      let ints = components.allSatisfy { $0.function.drawsIntegers }
      return { ctx in
        let x = transform.value(ctx.latents[index])
        return ints ? .int(Int64(exactly: x.rounded()) ?? 0) : .float(x)
      }
    case .choice(let values, let weights):
      guard let transform = LatentTransform(categoricalWeights: weights) else { return { _ in .null } }
      let evals = values.map(compile)
      return { ctx throws(RuntimeFailure) in
        let i = Int(transform.value(ctx.latents[index]))
        return try evals[max(0, min(evals.count - 1, i))](&ctx)
      }
    }
  }

  /// A mixture's prepared samplers.
  func mixture(_ components: [MixtureComponent], _ weights: [Double]) -> Mixture? {
    let samplers = components.compactMap { c in
      Distribution.make(name: c.function.rawValue, parameters: c.parameters).map(Sampler.init)
    }
    guard samplers.count == components.count else { return nil }
    return Mixture(components: samplers, weights: weights)
  }

  /// Weighted choice: an alias table for constant weights, a cumulative scan otherwise.
  func compileChoice(_ values: [Eval], _ weights: [IRExpr], _ site: DrawSite, _ span: SourceSpan) -> Eval {
    let key = key(site)
    let constants = weights.compactMap { $0.constantValue?.asDouble }
    if constants.count == weights.count, let alias = AliasTable(weights: constants) {
      return { ctx throws(RuntimeFailure) in
        var rng = CellRNG(key: key, row: ctx.rowKey, sub: ctx.sub)
        return try values[alias.sample(&rng)](&ctx)
      }
    }
    let evals = weights.map(compile)
    return { ctx throws(RuntimeFailure) in
      var ws: [Double] = []
      ws.reserveCapacity(evals.count)
      var total = 0.0
      for e in evals {
        let w = try e(&ctx).asDouble ?? 0
        guard w >= 0, w.isFinite else {
          throw RuntimeFailure(.runtimeInvalidParameter, "a choice weight evaluated to \(w)", span: span, label: "weights must be finite and not negative")
        }
        ws.append(w)
        total += w
      }
      guard total > 0 else {
        throw RuntimeFailure(.runtimeInvalidParameter, "all weights of this choice are zero for this row", span: span)
      }
      var rng = CellRNG(key: key, row: ctx.rowKey, sub: ctx.sub)
      let target = rng.nextUniform() * total
      var acc = 0.0
      for (i, w) in ws.enumerated() {
        acc += w
        if target < acc, w > 0 { return try values[i](&ctx) }
      }
      let last = ws.lastIndex { $0 > 0 } ?? 0
      return try values[last](&ctx)
    }
  }

  /// A pick: candidates and weights are computed once over the stored target table.
  func compilePick(_ t: Int, _ filter: IRExpr?, _ weight: IRExpr?, _ site: DrawSite, distinct: Bool, _ span: SourceSpan) -> Eval {
    let key = key(site)
    guard let pick = preparePick(t, filter, weight, span) else { return { _ in .null } }
    if distinct {
      let name = program.tables[t].name
      return { ctx throws(RuntimeFailure) in
        .ref(try pick.distinct(key, rowKey: ctx.rowKey, sub: ctx.sub, table: name, span: span))
      }
    }
    return { ctx throws(RuntimeFailure) in
      var rng = CellRNG(key: key, row: ctx.rowKey, sub: ctx.sub)
      return .ref(try pick.draw(&rng))
    }
  }

  /// The candidates of a pick and their alias table (nil if the target table is not generated).
  func preparePick(_ t: Int, _ filter: IRExpr?, _ weight: IRExpr?, _ span: SourceSpan) -> PreparedPick? {
    guard let store = stores[t] else { return nil }
    let target = program.tables[t]
    let inner = ExprCompiler(program: program, table: t, stores: stores)
    let f = filter.map(inner.compile)
    let w = weight.map(inner.compile)
    var candidates: [Int] = []
    var weights: [Double] = []
    var problem: RuntimeFailure? = nil
    var ctx = RowContext(slotCount: target.slots.count)
    for r in 0..<store.rowCount {
      for s in target.storedSlots { ctx.slots[s] = store.columns[s][r] }
      ctx.row = r
      do {
        if let f, !(try f(&ctx).isTrue) { continue }
        if let w {
          let value = try w(&ctx).asDouble ?? 0
          guard value >= 0, value.isFinite else {
            problem = RuntimeFailure(.runtimeInvalidParameter, "a pick weight evaluated to \(value) for row \(r) of '\(target.name)'", span: weight?.span ?? span)
            break
          }
          weights.append(value)
        }
        candidates.append(r)
      } catch {
        problem = error
        break
      }
    }
    let alias = w == nil ? nil : AliasTable(weights: weights)
    if problem == nil, candidates.isEmpty || (w != nil && alias == nil) {
      problem = RuntimeFailure(
        .runtimeEmptyPick, "'pick \(target.name)' has no row to pick", span: span,
        label: candidates.isEmpty ? "no row passes the filter" : "every candidate has weight 0")
    }
    return PreparedPick(candidates: candidates, alias: alias, failure: problem)
  }
}

/// The rows a pick chooses from: uniformly, or by an alias table of their weights; or the
/// failure to report for every row (no candidate, a bad weight).
struct PreparedPick: Sendable {
  let candidates: [Int]
  let alias: AliasTable?
  let failure: RuntimeFailure?

  @inline(__always)
  func draw(_ rng: inout CellRNG) throws(RuntimeFailure) -> Int {
    if let failure { throw failure }
    if let alias { return candidates[alias.sample(&rng)] }
    return candidates[Int(rng.nextBounded(UInt64(candidates.count)))]
  }

  /// `pick distinct`: the row's position in its group (its index among its parent's children,
  /// or its row number in a table without parent) sent through a keyed bijection of the
  /// candidates (`Semantics.uniquePermutation`, keyed by the pick's stream and the group), so no
  /// two rows of a group pick the same candidate. A position past the candidates is R0703,
  /// giving both numbers.
  func distinct(_ key: StreamKey, rowKey: UInt64, sub: UInt32, table: String, span: SourceSpan) throws(RuntimeFailure) -> Int {
    if let failure { throw failure }
    let position = sub == 0 ? rowKey : UInt64(sub - 1)
    let group = sub == 0 ? 0 : rowKey
    let count = UInt64(candidates.count)
    if position >= count {
      throw RuntimeFailure(
        .runtimeEmptyPick,
        "'pick distinct \(table)' has \(count) row\(count == 1 ? "" : "s") to pick, and this row is number \(position + 1) of its \(sub == 0 ? "table" : "parent's rows")",
        span: span, label: "no row left to pick")
    }
    let permutationKey = mixIdentity(group ^ (UInt64(key.hi) << 32 | UInt64(key.lo)), 0x6469_7374)
    return candidates[Int(Semantics.uniquePermutation(position, count: count, key: permutationKey))]
  }
}

/// A distribution with per-row parameters drawn without building a `Distribution` by name:
/// `bernoulli`, `uniform`, `uniform_int`, `normal` and `poisson`. It draws exactly the values
/// the general path draws (the same samplers, the same stream), and returns nil for parameters
/// the general validation might reject, so that path reports them.
struct FastDraw: Sendable {
  let function: RandomFunction
  let first: Eval
  let second: Eval?

  init?(_ r: RandomFunction, _ evals: [Eval]) {
    switch r {
    case .bernoulli, .poisson:
      guard evals.count == 1 else { return nil }
      second = nil
    case .uniform, .uniformInt, .normal:
      guard evals.count == 2 else { return nil }
      second = evals[1]
    default: return nil
    }
    function = r
    first = evals[0]
  }

  func draw(_ ctx: inout RowContext, key: StreamKey) throws(RuntimeFailure) -> Value? {
    guard let a = try first(&ctx).asDouble else { return nil }
    var b = 0.0
    if let second {
      guard let x = try second(&ctx).asDouble else { return nil }
      b = x
    }
    guard let sampler = FastDraw.sampler(function, a, b) else { return nil }
    var rng = CellRNG(key: key, row: ctx.rowKey, sub: ctx.sub)
    switch function {
    case .bernoulli: return .bool(sampler.sampleBool(&rng))
    case .poisson, .uniformInt: return .int(sampler.sampleInt(&rng))
    default: return .float(sampler.sample(&rng))
    }
  }

  /// The sampler for parameters `a` (and `b`) of `function`, or nil when the general path must
  /// validate them (it then reports the problem).
  @inline(__always)
  static func sampler(_ function: RandomFunction, _ a: Double, _ b: Double) -> Sampler? {
    guard a.isFinite, b.isFinite else { return nil }
    let distribution: Distribution
    switch function {
    case .bernoulli:
      guard a >= 0, a <= 1 else { return nil }
      distribution = .bernoulli(p: a)
    case .poisson:
      guard a >= 0, a <= 1e9 else { return nil }
      distribution = .poisson(lambda: a)
    case .uniform:
      guard a <= b else { return nil }
      distribution = .uniform(low: a, high: b)
    case .uniformInt:
      guard a <= b, a == a.rounded(), b == b.rounded(), abs(a) <= 0x1p53, abs(b) <= 0x1p53 else { return nil }
      distribution = .uniformInt(low: Int64(a), high: Int64(b))
    case .normal:
      guard b >= 0 else { return nil }
      distribution = .normal(mean: a, sd: b)
    default: return nil
    }
    return Sampler(distribution)
  }
}
