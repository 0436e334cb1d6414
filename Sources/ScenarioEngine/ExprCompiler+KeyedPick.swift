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
    if p.distinct {
      return { ctx throws(RuntimeFailure) in
        let key = try currentKey?(&ctx)
        let bucket = index.bucket(key: key) ?? []
        if let r = KeyedDistinct.pick(bucket, streamKey, rowKey: ctx.rowKey, sub: ctx.sub) { return .ref(r) }
        throw KeyedDistinct.failure(bucket.count, key, table: tableName, sub: ctx.sub, rowKey: ctx.rowKey, span: span)
      }
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

/// `pick distinct T where column == value`: the row's position in its group sent through a keyed
/// bijection of its key's bucket, as `PreparedPick.distinct` does for a fixed candidate list;
/// the bucket's first row is mixed into the key, so each key gets its own permutation.
enum KeyedDistinct {
  @inline(__always)
  static func pick(_ bucket: [Int32], _ streamKey: StreamKey, rowKey: UInt64, sub: UInt32) -> Int? {
    let position = sub == 0 ? rowKey : UInt64(sub - 1)
    let group = sub == 0 ? 0 : rowKey
    let count = UInt64(bucket.count)
    guard position < count else { return nil }
    let mixed = group ^ (UInt64(streamKey.hi) << 32 | UInt64(streamKey.lo)) ^ (UInt64(UInt32(bitPattern: bucket[0])) &* 0x9E37_79B9_7F4A_7C15)
    let permutationKey = mixIdentity(mixed, 0x6469_7374)
    return Int(bucket[Int(Semantics.uniquePermutation(position, count: count, key: permutationKey))])
  }

  static func failure(_ count: Int, _ key: Value?, table: String, sub: UInt32, rowKey: UInt64, span: SourceSpan) -> RuntimeFailure {
    let position = sub == 0 ? rowKey : UInt64(sub - 1)
    let shown = key.map { " for the key '\(Semantics.text($0))'" } ?? ""
    return RuntimeFailure(
      .runtimeEmptyPick,
      "'pick distinct \(table)' has \(count) row\(count == 1 ? "" : "s") to pick\(shown), and this row is number \(position + 1) of its \(sub == 0 ? "table" : "group")",
      span: span, label: "no row left to pick")
  }
}
