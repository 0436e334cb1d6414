import ScenarioDiagnostics
import ScenarioIR
import ScenarioRandom

extension ExprCompiler {
  /// A keyed pick: the current row's key finds its bucket of candidate rows in the index (built
  /// once per table, as a correlated aggregate's); when the filter is only the key's equality the
  /// bucket is the candidate list and one draw picks from it (O(1) per row); otherwise each row
  /// of the bucket (every row without a key) is tested, and weighed. No candidate left is R0703
  /// at the pick, naming the key.
  func compileKeyedPick(_ p: KeyedPick, _ site: DrawSite, _ span: SourceSpan) -> Eval {
    let c = p.rows
    guard let index = correlated[c.id] else {
      return { _ throws(RuntimeFailure) in
        throw RuntimeFailure(.runtimeArithmetic, "internal error: the picked rows are not indexed", span: span)
      }
    }
    let streamKey = key(site)
    let filter = c.filter.map(compile)
    let weight = p.weight.map(compile)
    let currentKey = c.key.map { compile($0.current) }
    let keyOnly = p.keyOnly && weight == nil
    let tableName = program.tables[c.source].name
    let weightSpan = p.weight?.span ?? span
    @Sendable func none(_ key: Value?) -> RuntimeFailure {
      let shown = key.map { " for the key '\(Semantics.text($0))'" } ?? ""
      return RuntimeFailure(
        .runtimeEmptyPick, "'pick \(tableName)' has no row to pick\(shown)", span: span,
        label: "no row of '\(tableName)' passes the filter for this row")
    }
    return { ctx throws(RuntimeFailure) in
      let key = try currentKey?(&ctx)
      var rng = CellRNG(key: streamKey, row: ctx.rowKey, sub: ctx.sub)
      // A NaN key equals nothing: its bucket (other NaNs) is tested by the filter below.
      let nanKey: Bool = if case .float(let x)? = key, x.isNaN { true } else { false }
      if keyOnly, !nanKey, let bucket = index.bucket(key: key) {
        if bucket.isEmpty { throw none(key) }
        return .ref(Int(bucket[Int(rng.nextBounded(UInt64(bucket.count)))]))
      }
      let saved = ctx.candidate
      defer { ctx.candidate = saved }
      var chosen: [Int] = []
      var weights: [Double] = []
      try index.forEachCandidate(key: key) { (r: Int) throws(RuntimeFailure) in
        ctx.candidate = r
        if let filter, !(try filter(&ctx)).isTrue { return }
        if let weight {
          let w = try weight(&ctx).asDouble ?? 0
          guard w >= 0, w.isFinite else {
            throw RuntimeFailure(
              .runtimeInvalidParameter, "a pick weight evaluated to \(w) for row \(r) of '\(tableName)'", span: weightSpan)
          }
          weights.append(w)
        }
        chosen.append(r)
      }
      if chosen.isEmpty { throw none(key) }
      guard weight != nil else { return .ref(chosen[Int(rng.nextBounded(UInt64(chosen.count)))]) }
      guard let alias = AliasTable(weights: weights) else { throw none(key) }
      return .ref(chosen[alias.sample(&rng)])
    }
  }
}
