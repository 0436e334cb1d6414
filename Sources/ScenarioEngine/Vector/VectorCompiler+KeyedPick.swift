import ScenarioIR
import ScenarioRandom

extension VectorCompiler {
  /// A keyed pick whose filter is only its key's equality and which has no weight, column by
  /// column: the current rows' keys, then for each row one index lookup and one draw from its
  /// bucket, on the pick's stream, as `ExprCompiler.compileKeyedPick` draws. Nil for the other
  /// keyed picks (they go row by row). A NaN key or a row without a candidate fails the chunk,
  /// and the row loop reports it; with `emptyIsNull` (a `ref(T)?` column) such a row is null.
  func compileKeyedPick(_ p: KeyedPick, _ site: DrawSite, emptyIsNull: Bool = false) -> VectorEval? {
    guard p.keyOnly, p.weight == nil, let key = p.rows.key, let index = rows.correlated[p.rows.id] else { return nil }
    let current = compile(key.current)
    let streamKey = rows.key(site)
    return { f, mask throws(VectorBail) in
      let n = f.n
      let keys = try current(f, mask)
      var out = [Int64](repeating: 0, count: n)
      var nulls: [Bool]? = nil
      // Integer keys (the common case) are looked up without making a Value per row.
      var ints: [Int64]? = nil
      if keys.nulls == nil, case .ints(let a, .int) = keys.storage { ints = a }
      for r in 0..<n where mask.has(r) {
        let found: [Int32]?
        if let ints {
          found = index.bucket(int: ints[r])
        } else {
          let k = keys.value(at: r)
          if case .float(let x) = k, x.isNaN { throw VectorBail("NaN pick key") }
          found = index.bucket(key: k)
        }
        guard let bucket = found, !bucket.isEmpty else {
          guard emptyIsNull else { throw VectorBail("no candidate") }
          if nulls == nil { nulls = [Bool](repeating: false, count: n) }
          nulls?[r] = true
          continue
        }
        if p.distinct {
          guard let picked = KeyedDistinct.pick(bucket, streamKey, rowKey: f.rowKeys[r], sub: f.subs[r]) else {
            guard emptyIsNull else { throw VectorBail("no candidate left") }
            if nulls == nil { nulls = [Bool](repeating: false, count: n) }
            nulls?[r] = true
            continue
          }
          out[r] = Int64(picked)
          continue
        }
        var rng = CellRNG(key: streamKey, row: f.rowKeys[r], sub: f.subs[r])
        out[r] = Int64(bucket[Int(rng.nextBounded(UInt64(bucket.count)))])
      }
      return Column(.ints(out, .ref), nulls: nulls)
    }
  }
}
