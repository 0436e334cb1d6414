import ScenarioIR
import ScenarioRandom

extension VectorCompiler {
  /// A distribution draw: constant parameters use one prepared sampler; per-row parameters of
  /// `bernoulli`, `uniform`, `uniform_int`, `normal` and `poisson` build the sampler per row as
  /// `FastDraw` does. Nil for the other cases (drawn by the row interpreter).
  func compileRandom(_ r: RandomFunction, _ params: [IRExpr], _ site: DrawSite) -> VectorEval? {
    let key = rows.key(site)
    let constants = params.compactMap { $0.constantValue?.asDouble }
    if constants.count == params.count {
      let integers = params.map { $0.constantValue?.exactInt }
      guard let d = Distribution.make(name: r.rawValue, parameters: constants, integers: integers) else { return nil }
      let sampler = Sampler(d)
      return { f, mask in draws(r, f, mask, key, sampler) }
    }
    let arity = r == .bernoulli || r == .poisson ? 1 : 2
    guard [.bernoulli, .poisson, .uniform, .uniformInt, .normal].contains(r), params.count == arity else { return nil }
    let evals = params.map(compile)
    return { f, mask throws(VectorBail) in
      // A null or non-number parameter is NaN here, which the fast path does not take.
      let a = anyNumbers(try evals[0](f, mask), f.n)
      let b = arity == 2 ? anyNumbers(try evals[1](f, mask), f.n) : [Double](repeating: 0, count: f.n)
      return try perRowDraws(r, f, mask, key, a, b)
    }
  }

  /// Draws with per-row parameters `a[r]` (and `b[r]`), by the samplers `Sampler` uses. A value
  /// the fast path does not take (`FastDraw.sampler` returns nil: a null, a NaN, a bad
  /// parameter) fails the chunk; the row interpreter then reports it or draws it by its general
  /// path.
  func perRowDraws(
    _ r: RandomFunction, _ f: VectorFrame, _ mask: Mask, _ key: StreamKey, _ a: [Double], _ b: [Double]
  ) throws(VectorBail) -> Column {
    let n = f.n
    let keys = f.rowKeys
    let subs = f.subs
    switch r {
    case .bernoulli:
      var out = [Bool](repeating: false, count: n)
      for row in 0..<n where mask.has(row) {
        let p = a[row]
        guard p.isFinite, p >= 0, p <= 1 else { throw VectorBail("bernoulli(\(p))") }
        var rng = CellRNG(key: key, row: keys[row], sub: subs[row])
        out[row] = BernoulliSampler(p: p).sample(&rng)
      }
      return Column(.bools(out))
    case .normal, .uniform:
      var out = [Double](repeating: 0, count: n)
      let isNormal = r == .normal
      for row in 0..<n where mask.has(row) {
        let x = a[row]
        let y = b[row]
        guard x.isFinite, y.isFinite, isNormal ? y >= 0 : x <= y else { throw VectorBail("\(r)(\(x), \(y))") }
        var rng = CellRNG(key: key, row: keys[row], sub: subs[row])
        out[row] = isNormal ? NormalSampler(mean: x, sd: y).sample(&rng) : UniformSampler(low: x, high: y).sample(&rng)
      }
      return Column(.floats(out))
    default:
      var out = [Int64](repeating: 0, count: n)
      for row in 0..<n where mask.has(row) {
        guard let s = FastDraw.sampler(r, a[row], b[row]) else { throw VectorBail("\(r)(\(a[row]), \(b[row]))") }
        var rng = CellRNG(key: key, row: keys[row], sub: subs[row])
        out[row] = s.sampleInt(&rng)
      }
      return Column(.ints(out, .int))
    }
  }

  /// Every row's number: NaN for a null or a value that is not a number.
  func anyNumbers(_ c: Column, _ n: Int) -> [Double] {
    if c.nulls == nil, let d = numbers(c, n) { return d }
    return (0..<n).map { c.value(at: $0).asDouble ?? .nan }
  }

  /// Draws one value per row in `mask` from a sampler with constant parameters.
  func draws(_ r: RandomFunction, _ f: VectorFrame, _ mask: Mask, _ key: StreamKey, _ sampler: Sampler) -> Column {
    let n = f.n
    // Locals: reading the frame's arrays in the loop would check exclusive access every row.
    let keys = f.rowKeys
    let subs = f.subs
    if r.drawsIntegers {
      var out = [Int64](repeating: 0, count: n)
      sampler.sampleInts(key: key, rows: keys, subs: subs, mask: mask, into: &out)
      return Column(.ints(out, .int))
    }
    if r == .bernoulli {
      var out = [Bool](repeating: false, count: n)
      sampler.sampleBools(key: key, rows: keys, subs: subs, mask: mask, into: &out)
      return Column(.bools(out))
    }
    var out = [Double](repeating: 0, count: n)
    for row in 0..<n where mask.has(row) {
      var rng = CellRNG(key: key, row: keys[row], sub: subs[row])
      out[row] = sampler.sample(&rng)
    }
    return Column(.floats(out))
  }

  /// A choice with constant weights: one alias-table draw per row, then the chosen value
  /// expression, evaluated only for the rows that chose it. Nil for per-row weights.
  func compileChoice(_ values: [IRExpr], _ weights: [IRExpr], _ site: DrawSite) -> VectorEval? {
    let key = rows.key(site)
    let constants = weights.compactMap { $0.constantValue?.asDouble }
    guard constants.count == weights.count, let alias = AliasTable(weights: constants) else { return nil }
    let fixed = values.compactMap(\.constantValue)
    // A choice among constant texts yields codes into their dictionary.
    let texts = fixed.compactMap { v -> String? in
      if case .text(let s) = v { return s }
      return nil
    }
    let dictionary = texts.count == values.count && !texts.isEmpty ? TextDictionary(texts) : nil
    let evals = values.map(compile)
    return { f, mask throws(VectorBail) in
      let n = f.n
      let keys = f.rowKeys
      let subs = f.subs
      var chosen = [Int](repeating: -1, count: n)
      for r in 0..<n where mask.has(r) {
        var rng = CellRNG(key: key, row: keys[r], sub: subs[r])
        chosen[r] = alias.sample(&rng)
      }
      if fixed.count == values.count { return constantChoice(fixed, chosen, n, dictionary) }
      var result = Column.constant(.null)
      for (i, eval) in evals.enumerated() {
        let picked = chosen.map { $0 == i }
        guard picked.contains(true) else { continue }
        result = Column.select(picked, try eval(f, picked), result, n)
      }
      return result
    }
  }

  /// The chosen constants, in a typed column when they are all floats or all ints.
  func constantChoice(_ fixed: [Value], _ chosen: [Int], _ n: Int, _ dictionary: TextDictionary?) -> Column {
    let floats = fixed.compactMap { v -> Double? in
      if case .float(let x) = v { return x }
      return nil
    }
    if floats.count == fixed.count { return Column(.floats(chosen.map { $0 >= 0 ? floats[$0] : 0 })) }
    let ints = fixed.compactMap { v -> Int64? in
      if case .int(let x) = v { return x }
      return nil
    }
    if ints.count == fixed.count { return Column(.ints(chosen.map { $0 >= 0 ? ints[$0] : 0 }, .int)) }
    if let dictionary { return Column(.texts(chosen.map { Int32(max($0, 0)) }, dictionary)) }
    return Column(.values(chosen.map { $0 >= 0 ? fixed[$0] : .null }))
  }
}
