import ScenarioIR

/// Column forms of text functions that read and write UTF-8 bytes (`TextArena`) instead of a
/// `String` per row: `text` of integers, the digests, the counts, and padding with a constant
/// fill. Each computes a row with the same `Semantics` function on bytes that the row
/// interpreter reaches through its `String` form. Nil (the per-row path) for anything else, an
/// error included.
extension VectorCompiler {
  func bytesCall(_ function: Builtin, _ c: [Column], _ n: Int, _ mask: Mask, limit: Int) -> Column? {
    switch function {
    case .text:
      guard c.count == 1, case .ints(let x, .int) = c[0].storage else { return nil }
      var out = TextArenaBuilder(rows: n, bytesPerRow: 8)
      for r in 0..<n {
        if mask.has(r) { Semantics.appendDecimal(x[r], &out) }
        out.endRow()
      }
      return Column(.arena(out.finish()), nulls: c[0].nulls)
    case .sha256, .sha1, .md5:
      guard c.count == 1, let text = TextRows(c[0], n) else { return nil }
      var out = TextArenaBuilder(rows: n, bytesPerRow: function == .sha256 ? 64 : 40)
      var nulls: [Bool]? = nil
      for r in 0..<n {
        if mask.has(r) {
          if text.isNull(r) {
            Column.markNull(r, &nulls, n)
          } else {
            text.withBytes(r) { _ = Semantics.writeDigest(function, $0, into: &out) }
          }
        }
        out.endRow()
      }
      return Column(.arena(out.finish()), nulls: nulls)
    case .length, .wordCount, .sentenceCount, .distinctWordCount:
      guard c.count == 1, let text = TextRows(c[0], n) else { return nil }
      var out = [Int64](repeating: 0, count: n)
      var nulls: [Bool]? = nil
      for r in 0..<n where mask.has(r) {
        if text.isNull(r) {
          Column.markNull(r, &nulls, n)
        } else {
          out[r] = text.withBytes(r) { Semantics.textCount(function, $0) ?? 0 }
        }
      }
      return Column(.ints(out, .int), nulls: nulls)
    case .meanWordLength:
      guard c.count == 1, let text = TextRows(c[0], n) else { return nil }
      var out = [Double](repeating: 0, count: n)
      var nulls: [Bool]? = nil
      for r in 0..<n where mask.has(r) {
        if text.isNull(r) {
          Column.markNull(r, &nulls, n)
        } else {
          out[r] = text.withBytes(r) { Semantics.meanWordLength($0) }
        }
      }
      return Column(.floats(out), nulls: nulls)
    case .padLeft, .padRight:
      // A constant, non-empty fill (a space when absent); widths from a column.
      guard c.count == 2 || c.count == 3, let text = TextRows(c[0], n), let widths = c[1].ints(n, kind: .int) else {
        return nil
      }
      var fill = Array(" ".utf8)
      if c.count == 3 {
        guard case .constant(.text(let f)) = c[2].storage, !f.isEmpty else { return nil }
        fill = Array(f.utf8)
      }
      let widthNulls = c[1].nulls
      var out = TextArenaBuilder(rows: n)
      var nulls: [Bool]? = nil
      var failed = false
      fill.withUnsafeBufferPointer { fb in
        for r in 0..<n {
          defer { out.endRow() }
          guard mask.has(r), !failed else { continue }
          if text.isNull(r) || (widthNulls?[r] ?? false) {
            Column.markNull(r, &nulls, n)
            continue
          }
          // A negative width or a text over the budget: the row interpreter reports it.
          guard widths[r] >= 0 else {
            failed = true
            continue
          }
          text.withBytes(r) { sb in
            if !Semantics.writePadded(sb, width: widths[r], fill: fb, left: function == .padLeft, limit: limit, into: &out) {
              failed = true
            }
          }
        }
      }
      if failed {
        out.discard()
        return nil
      }
      return Column(.arena(out.finish()), nulls: nulls)
    default:
      return nil
    }
  }
}

extension Column {
  /// Marks row `r` null in `nulls`, creating the flags on the first null.
  @inline(__always)
  static func markNull(_ r: Int, _ nulls: inout [Bool]?, _ n: Int) {
    if nulls == nil { nulls = [Bool](repeating: false, count: n) }
    nulls![r] = true
  }
}
