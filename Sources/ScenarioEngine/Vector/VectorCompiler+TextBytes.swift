import ScenarioIR

/// Column forms of text functions that read and write UTF-8 bytes (`TextArena`) instead of a
/// `String` per row: `text` of integers, the digests, the counts and searches, padding with a
/// constant fill, case, trim, `repeat`, `join`, and words, sentences and paragraphs. Each computes a row with the same `Semantics` function on bytes that the row
/// interpreter reaches through its `String` form. Nil (the per-row path) for anything else, an
/// error included.
extension VectorCompiler {
  func bytesCall(_ function: Builtin, _ c: [Column], _ f: VectorFrame, _ mask: Mask, limit: Int) -> Column? {
    let n = f.n
    switch function {
    case .text:
      guard c.count == 1 else { return nil }
      return Column.decimalTexts(c[0], n, mask)
    case .sha256, .sha1, .md5:
      guard c.count == 1, let text = TextRows(c[0], n) else { return nil }
      return Self.buildTexts(n, mask, bytesPerRow: function == .sha256 ? 64 : 40, isNull: text.isNull) { r, out in
        text.withBytes(r) { Semantics.writeDigest(function, $0, into: &out) }
      }
    case .replace:
      guard c.count == 3, let text = TextRows(c[0], n), let from = TextRows(c[1], n), let to = TextRows(c[2], n) else {
        return nil
      }
      return Self.buildTexts(n, mask, bytesPerRow: 48, isNull: { text.isNull($0) || from.isNull($0) || to.isNull($0) }) {
        r, out in
        // A text over the budget: the row interpreter reports it. (The readers, which the
        // closure holds, keep the bytes alive.)
        Semantics.writeReplaced(text.bytes(r), from.bytes(r), to.bytes(r), limit: limit, into: &out) <= limit
      }
    case .substring:
      guard c.count == 2 || c.count == 3, let text = TextRows(c[0], n), let starts = c[1].ints(n, kind: .int) else {
        return nil
      }
      let counts = c.count == 3 ? c[2].ints(n, kind: .int) : nil
      if c.count == 3 && counts == nil { return nil }
      let nulls = Column.anyNull(Array(c.dropFirst()), n)
      return Self.buildTexts(n, mask, isNull: { text.isNull($0) || (nulls?[$0] ?? false) }) { r, out in
        // A start below 1 or a negative length: the row interpreter reports it.
        let count = counts?[r] ?? Int64.max
        guard starts[r] >= 1 && count >= 0 else { return false }
        text.withBytes(r) { b in
          out.append(UnsafeBufferPointer(rebasing: b[Semantics.substringRange(b, start: starts[r], count: count)]))
        }
        return true
      }
    case .luhnDigit, .mod97Digits, .base64:
      // A text that is not the function's digits or letters gives way: the row interpreter
      // reports it.
      guard c.count == 1, let text = TextRows(c[0], n) else { return nil }
      return Self.buildTexts(n, mask, bytesPerRow: function == .base64 ? 32 : 2, isNull: text.isNull) { r, out in
        text.withBytes(r) { bytes in
          switch function {
          case .luhnDigit:
            guard let d = Semantics.luhnCheckDigit(bytes) else { return false }
            out.append(UInt8(ascii: "0") + UInt8(d))
          case .mod97Digits:
            guard let d = Semantics.mod97CheckDigits(bytes) else { return false }
            out.append(UInt8(ascii: "0") + UInt8(d / 10))
            out.append(UInt8(ascii: "0") + UInt8(d % 10))
          default: Semantics.writeBase64(bytes, into: &out)
          }
          return true
        }
      }
    case .uuidV5:
      // A constant namespace (a name or a UUID), read once; any other gives way.
      guard c.count == 2, case .constant(.text(let space)) = c[0].storage,
        let namespace = Semantics.uuidV5Namespace(space), let name = TextRows(c[1], n)
      else { return nil }
      return namespace.withUnsafeBytes { ns in
        Self.buildTexts(n, mask, bytesPerRow: 36, isNull: name.isNull) { r, out in
          name.withBytes(r) { bytes in
            out.appendInPlace(36) { Semantics.writeUUIDv5(ns, UnsafeRawBufferPointer(bytes), $0) }
          }
          return true
        }
      }
    case .length, .distinctWordCount:
      guard c.count == 1, let text = TextRows(c[0], n) else { return nil }
      let (out, nulls) = Self.perText(text, n, mask, 0 as Int64) { Semantics.textCount(function, $0) ?? 0 }
      return Column(.ints(out, .int), nulls: nulls)
    case .wordCount, .sentenceCount, .meanWordLength:
      // From the text's token counts, shared by the counting functions of the same text.
      guard c.count == 1, let text = TextRows(c[0], n) else { return nil }
      let counts = f.tokenCounts(text)
      var nulls: [Bool]? = nil
      for r in 0..<n where mask.has(r) && text.isNull(r) { Column.markNull(r, &nulls, n) }
      if function == .meanWordLength {
        return Column(.floats((0..<n).map { r in Semantics.meanWordLength(counts[r]) }), nulls: nulls)
      }
      let words = function == .wordCount
      return Column(.ints((0..<n).map { r in Int64(words ? counts[r].words : counts[r].sentences) }, .int), nulls: nulls)
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
      return fill.withUnsafeBufferPointer { fb in
        Self.buildTexts(n, mask, isNull: { text.isNull($0) || (widthNulls?[$0] ?? false) }) { r, out in
          // A negative width or a text over the budget: the row interpreter reports it.
          widths[r] >= 0
            && text.withBytes(r) {
              Semantics.writePadded($0, width: widths[r], fill: fb, left: function == .padLeft, limit: limit, into: &out)
            }
        }
      }
    case .loremWords, .loremSentence, .loremParagraph:
      guard c.count == 2, let counts = c[0].ints(n, kind: .int), let seeds = c[1].ints(n, kind: .int) else { return nil }
      let nulls = Column.anyNull(c, n)
      let kind = function == .loremWords ? 0 : function == .loremSentence ? 1 : 2
      return Self.buildTexts(n, mask, bytesPerRow: 48, isNull: { nulls?[$0] ?? false }) { r, out in
        // A count out of range or a text over the budget: the row interpreter reports it.
        counts[r] >= 0 && counts[r] <= LoremText.maxCount
          && LoremText.append(kind: kind, Int(counts[r]), seed: UInt64(bitPattern: seeds[r]), limit: limit, into: &out)
      }
    case .upper, .lower, .trim:
      guard c.count == 1, let text = TextRows(c[0], n) else { return nil }
      return Self.buildTexts(n, mask, isNull: text.isNull) { r, out in
        text.withBytes(r) { s in
          if function == .trim {
            Semantics.writeTrimmed(s, into: &out)
            return true
          }
          // Over the budget: the row interpreter reports it.
          return Semantics.writeCase(s, toUpper: function == .upper, limit: limit, into: &out)
        }
      }
    case .contains, .startsWith, .endsWith, .indexOf, .countOf:
      guard c.count == 2, let h = TextRows(c[0], n), let needle = TextRows(c[1], n) else { return nil }
      let bools = function == .contains || function == .startsWith || function == .endsWith
      var flags = [Bool](repeating: false, count: bools ? n : 0)
      var ints = [Int64](repeating: 0, count: bools ? 0 : n)
      var nulls: [Bool]? = nil
      for r in 0..<n where mask.has(r) {
        if h.isNull(r) || needle.isNull(r) {
          Column.markNull(r, &nulls, n)
          continue
        }
        let v = h.withBytes(r) { hb in needle.withBytes(r) { nb in Semantics.textSearch(function, hb, nb) } }
        switch v {
        case .bool(let b)?: flags[r] = b
        case .int(let i)?: ints[r] = i
        default: return nil
        }
      }
      return bools ? Column(.bools(flags), nulls: nulls) : Column(.ints(ints, .int), nulls: nulls)
    case .repeat:
      guard c.count == 2, let text = TextRows(c[0], n), let counts = c[1].ints(n, kind: .int) else { return nil }
      let countNulls = c[1].nulls
      return Self.buildTexts(n, mask, isNull: { text.isNull($0) || (countNulls?[$0] ?? false) }) { r, out in
        // A negative count or a text over the budget: the row interpreter reports it.
        let (bytes, overflow) = text.length(r).multipliedReportingOverflow(by: Int(clamping: counts[r]))
        guard counts[r] >= 0, !overflow, bytes <= limit else { return false }
        text.withBytes(r) { s in for _ in 0..<counts[r] { out.append(s) } }
        return true
      }
    case .join:
      // Null when the separator is null; else the parts that are not null, separated.
      guard c.count >= 1 else { return nil }
      var readers: [TextRows] = []
      for column in c {
        guard let t = TextRows(column, n) else { return nil }
        readers.append(t)
      }
      // The parts' pointers, read per row without a reference count; `readers` keeps them.
      let parts = readers.map(\.raw)
      defer { withExtendedLifetime(readers) {} }
      var out = TextArenaBuilder(rows: n, bytesPerRow: 32)
      var nulls: [Bool]? = nil
      for r in 0..<n {
        defer { out.endRow() }
        guard mask.has(r) else { continue }
        if parts[0].isNull(r) {
          Column.markNull(r, &nulls, n)
          continue
        }
        var bytes = 0
        var present = 0
        for k in 1..<parts.count where !parts[k].isNull(r) {
          bytes += parts[k].bytes(r).count
          present += 1
        }
        bytes += parts[0].bytes(r).count * max(0, present - 1)
        guard bytes <= limit else {
          out.discard()
          return nil
        }
        var first = true
        for k in 1..<parts.count where !parts[k].isNull(r) {
          if !first { out.append(parts[0].bytes(r)) }
          out.append(parts[k].bytes(r))
          first = false
        }
      }
      return Column(.arena(out.finish()), nulls: nulls)
    default:
      return nil
    }
  }
}

extension VectorCompiler {
  /// A text column built as bytes row by row: rows outside the mask stay empty, rows `isNull`
  /// names are null, `write` appends the others' bytes. A `write` that returns false gives the
  /// whole column up (nil): the row interpreter then computes the chunk, and reports the row.
  @inline(__always)
  static func buildTexts(
    _ n: Int, _ mask: Mask, bytesPerRow: Int = 16, isNull: (Int) -> Bool, _ write: (Int, inout TextArenaBuilder) -> Bool
  ) -> Column? {
    var out = TextArenaBuilder(rows: n, bytesPerRow: bytesPerRow)
    var nulls: [Bool]? = nil
    for r in 0..<n {
      if mask.has(r) {
        if isNull(r) {
          Column.markNull(r, &nulls, n)
        } else if !write(r, &out) {
          out.discard()
          return nil
        }
      }
      out.endRow()
    }
    return Column(.arena(out.finish()), nulls: nulls)
  }

  /// `value` of each row's bytes in the mask (`empty` elsewhere), with the null rows flagged.
  static func perText<T>(
    _ text: TextRows, _ n: Int, _ mask: Mask, _ empty: T, _ value: (UnsafeBufferPointer<UInt8>) -> T
  ) -> ([T], [Bool]?) {
    var out = [T](repeating: empty, count: n)
    var nulls: [Bool]? = nil
    for r in 0..<n where mask.has(r) {
      if text.isNull(r) { Column.markNull(r, &nulls, n) } else { out[r] = text.withBytes(r, value) }
    }
    return (out, nulls)
  }
}

extension Column {
  /// Marks row `r` null in `nulls`, creating the flags on the first null.
  @inline(__always)
  static func markNull(_ r: Int, _ nulls: inout [Bool]?, _ n: Int) {
    if nulls == nil { nulls = [Bool](repeating: false, count: n) }
    nulls![r] = true
  }

  /// `text` of a column of integers (`Semantics.text`'s decimal form, as `++` writes them too),
  /// as bytes; nil for any other column.
  static func decimalTexts(_ c: Column, _ n: Int, _ mask: Mask) -> Column? {
    guard case .ints(let x, .int) = c.storage else { return nil }
    var out = TextArenaBuilder(rows: n, bytesPerRow: 8)
    for r in 0..<n {
      if mask.has(r) { Semantics.appendDecimal(x[r], &out) }
      out.endRow()
    }
    return Column(.arena(out.finish()), nulls: c.nulls)
  }

  /// A reader of one operand of `++`: a text column, or integers as their decimal texts.
  static func concatOperand(_ c: Column, _ n: Int, _ mask: Mask) -> TextRows? {
    TextRows(c, n) ?? decimalTexts(c, n, mask).flatMap { TextRows($0, n) }
  }
}
