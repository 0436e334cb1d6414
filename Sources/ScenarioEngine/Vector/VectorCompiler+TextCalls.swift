import ScenarioIR

/// Column forms of built-in calls that would otherwise call `Semantics.call` once per row:
///
/// - a call whose only varying argument is a dictionary-coded text column (a choice among
///   texts, or a text function of one) is a function of the row's dictionary entry: it is
///   computed once per entry, and the rows keep their codes (a text result stays
///   dictionary-coded, so the CSV encoder also quotes each once);
/// - `pattern` and `unique_pattern` with a constant pattern parse it once per chunk instead of
///   looking it up in the pattern cache per row.
///
/// Both give up (nil) on anything unusual, an error included, and the per-row path then
/// computes (or reports) it: for every row in the mask the value is `Semantics.call`'s.
extension VectorCompiler {
  func dictionaryCall(_ function: Builtin, _ c: [Column], _ n: Int, _ mask: Mask, limit: Int) -> Column? {
    var varying = -1
    for i in c.indices {
      switch c[i].storage {
      case .constant: continue
      case .texts:
        if varying >= 0 { return nil }
        varying = i
      default: return nil
      }
    }
    guard varying >= 0, case .texts(let codes, let dictionary) = c[varying].storage else { return nil }
    let entries = dictionary.texts
    // Computing every entry costs more than the rows when the dictionary is the larger.
    guard entries.count <= n else { return nil }
    var args = c.map { column -> Value in
      if case .constant(let v) = column.storage { return v }
      return .null
    }
    let nulls = c[varying].nulls
    if let nulls, (0..<n).contains(where: { nulls[$0] && mask.has($0) }) {
      // Null rows: the call of a null argument must be null (a null row stays null).
      args[varying] = .null
      guard let v = try? Semantics.call(function, args, textLimit: limit), v.isNull else { return nil }
    }
    var results: [Value] = []
    results.reserveCapacity(entries.count)
    for t in entries {
      args[varying] = .text(t)
      guard let v = try? Semantics.call(function, args, textLimit: limit) else { return nil }
      results.append(v)
    }
    // The rows take their entry's result; codes outside the mask may be any valid code.
    switch results.first {
    case .text?:
      var texts: [String] = []
      texts.reserveCapacity(results.count)
      for v in results {
        guard case .text(let t) = v else { return nil }
        texts.append(t)
      }
      return Column(.texts(codes, TextDictionary(texts)), nulls: nulls)
    case .int?:
      var ints: [Int64] = []
      ints.reserveCapacity(results.count)
      for v in results {
        guard case .int(let x) = v else { return nil }
        ints.append(x)
      }
      return Column(.ints(codes.prefix(n).map { ints[Int($0)] }, .int), nulls: nulls)
    case .bool?:
      var bools: [Bool] = []
      bools.reserveCapacity(results.count)
      for v in results {
        guard case .bool(let x) = v else { return nil }
        bools.append(x)
      }
      return Column(.bools(codes.prefix(n).map { bools[Int($0)] }), nulls: nulls)
    case .float?:
      var floats: [Double] = []
      floats.reserveCapacity(results.count)
      for v in results {
        guard case .float(let x) = v else { return nil }
        floats.append(x)
      }
      return Column(.floats(codes.prefix(n).map { floats[Int($0)] }), nulls: nulls)
    default:
      return nil
    }
  }

  /// `pattern` and `unique_pattern` with a constant pattern.
  func valueCall(_ function: Builtin, _ c: [Column], _ n: Int, _ mask: Mask, limit: Int) -> Column? {
    switch function {
    case .patternDraw, .uniquePattern:
      guard case .constant(.text(let source)) = c[0].storage else { return nil }
      let ints = c.dropFirst().map { $0.ints(n, kind: .int) }
      guard ints.allSatisfy({ $0 != nil }) else { return nil }
      let nulls = Column.anyNull(c, n)
      if function == .patternDraw {
        // The pattern parsed for this chunk (its tree not shared with other threads), drawn
        // into bytes.
        guard c.count == 2, let pattern = try? Pattern.parse(source) else { return nil }
        let seeds = ints[0]!
        var bytes = TextArenaBuilder(rows: n)
        // The pattern owns the program a draw runs: it lives until the last row is drawn.
        withExtendedLifetime(pattern) {
          for r in 0..<n {
            if mask.has(r) && !(nulls?[r] ?? false) { pattern.draw(seed: UInt64(bitPattern: seeds[r]), into: &bytes) }
            bytes.endRow()
          }
        }
        return Column(.arena(bytes.finish()), nulls: nulls)
      } else {
        guard c.count == 3, let plan = Semantics.uniquePlan(source) else { return nil }
        let rows = ints[0]!
        let keys = ints[1]!
        return Self.buildTexts(n, mask, bytesPerRow: 8, isNull: { nulls?[$0] ?? false }) { r, out in
          // No text left for the row: the row interpreter reports it.
          plan.append(row: rows[r], key: keys[r], into: &out)
        }
      }
    case .coalesce:
      // `coalesce(x, "")` of bytes whose null rows hold none (as builders leave them): the
      // same bytes without the nulls, shared rather than copied.
      if c.count == 2, case .arena(let a) = c[0].storage, case .constant(.text(let t)) = c[1].storage, t.isEmpty,
        a.count >= n, c[0].nulls.map({ nulls in (0..<n).allSatisfy { !nulls[$0] || a.length($0) == 0 } }) ?? true
      {
        return Column(.arena(a), nulls: nil)
      }
      // Texts: each row's first non-null argument, as bytes.
      var texts: [TextRows] = []
      for column in c {
        guard let t = TextRows(column, n) else { return nil }
        texts.append(t)
      }
      var out = TextArenaBuilder(rows: n)
      var nulls: [Bool]? = nil
      // The arguments' pointers, read per row without a reference count; `texts` keeps them.
      let raws = texts.map(\.raw)
      defer { withExtendedLifetime(texts) {} }
      for r in 0..<n {
        if let first = raws.firstIndex(where: { !$0.isNull(r) }) {
          out.append(raws[first].bytes(r))
        } else {
          if nulls == nil { nulls = [Bool](repeating: false, count: n) }
          nulls![r] = true
        }
        out.endRow()
      }
      return Column(.arena(out.finish()), nulls: nulls)
    case .uuidV4Bits:
      // 36 bytes per row, written in place.
      guard c.count == 2, let a = c[0].ints(n, kind: .int), let b = c[1].ints(n, kind: .int) else { return nil }
      let nulls = Column.anyNull(c, n)
      return Self.buildTexts(n, mask, bytesPerRow: 36, isNull: { nulls?[$0] ?? false }) { r, out in
        let (hi, lo) = Semantics.uuidV4Words(UInt64(bitPattern: a[r]), UInt64(bitPattern: b[r]))
        out.appendInPlace(36) { Semantics.writeUUID(hi, lo, $0) }
        return true
      }
    case .uuidV7Bits:
      // The instant's Unix milliseconds and two draws; an instant before 1970 gives way to the
      // row interpreter, which reports it.
      guard c.count == 3, let a = c[1].ints(n, kind: .int), let b = c[2].ints(n, kind: .int) else { return nil }
      let seconds: [Int64]
      if let t = c[0].ints(n, kind: .datetime) {
        seconds = t
      } else if let d = c[0].ints(n, kind: .date) {
        seconds = d.map { $0 &* 86_400 }
      } else {
        return nil
      }
      let nulls = Column.anyNull(c, n)
      return Self.buildTexts(n, mask, bytesPerRow: 36, isNull: { nulls?[$0] ?? false }) { r, out in
        guard seconds[r] >= 0 else { return false }
        let (hi, lo) = Semantics.uuidV7Words(seconds: seconds[r], UInt64(bitPattern: a[r]), UInt64(bitPattern: b[r]))
        out.appendInPlace(36) { Semantics.writeUUID(hi, lo, $0) }
        return true
      }
    case .uniqueInt:
      // `Semantics.call`'s offset into the range through the keyed bijection, as integers; a
      // reversed range or a row past the range's values gives way to the row interpreter,
      // which reports it.
      guard c.count == 4, let rows = c[0].ints(n, kind: .int), let low = c[1].ints(n, kind: .int),
        let high = c[2].ints(n, kind: .int), let keys = c[3].ints(n, kind: .int)
      else { return nil }
      let nulls = Column.anyNull(c, n)
      var out = [Int64](repeating: 0, count: n)
      for r in 0..<n where mask.has(r) && !(nulls?[r] ?? false) {
        guard low[r] <= high[r], rows[r] >= 0 else { return nil }
        let values = UInt64(bitPattern: high[r] &- low[r]) &+ 1  // 0 means all 2^64
        if values != 0, UInt64(rows[r]) >= values { return nil }
        let offset = Semantics.uniquePermutation(UInt64(rows[r]), count: values, key: UInt64(bitPattern: keys[r]))
        out[r] = low[r] &+ Int64(bitPattern: offset)
      }
      return Column(.ints(out, .int), nulls: nulls)
    case .formatNumber:
      // A constant count of decimals and separator: each row's text appended as bytes (an
      // error, such as a number that is not finite, gives way to the row interpreter).
      guard c.count == 2 || c.count == 3, case .constant(.int(let decimals)) = c[1].storage else { return nil }
      var separator = ""
      if c.count == 3 {
        guard case .constant(.text(let s)) = c[2].storage else { return nil }
        separator = s
      }
      let nulls = Column.anyNull(c, n)
      switch c[0].storage {
      case .floats(let x):
        // Floats as bytes; those that need the String form take it.
        let separatorBytes = Array(separator.utf8)
        return separatorBytes.withUnsafeBufferPointer { sep in
          Self.buildTexts(n, mask, bytesPerRow: 16, isNull: { nulls?[$0] ?? false }) { r, out in
            if Semantics.appendFormatted(x[r], decimals: decimals, separator: sep, into: &out) { return true }
            guard let text = try? Semantics.formatNumber(.float(x[r]), decimals: decimals, separator: separator) else {
              return false
            }
            out.append(text)
            return true
          }
        }
      case .ints(let i, .int):
        return Self.buildTexts(n, mask, bytesPerRow: 16, isNull: { nulls?[$0] ?? false }) { r, out in
          guard let text = try? Semantics.formatNumber(.int(i[r]), decimals: decimals, separator: separator) else {
            return false
          }
          out.append(text)
          return true
        }
      default: return nil
      }
    case .uniqueText:
      // The base text, then the row's number through the keyed bijection, zero-padded.
      guard c.count == 4, let base = TextRows(c[0], n), case .constant(.int(let digits)) = c[2].storage,
        (1...18).contains(digits), let rows = c[1].ints(n, kind: .int), let keys = c[3].ints(n, kind: .int)
      else { return nil }
      let count = (0..<digits).reduce(UInt64(1)) { r, _ in r * 10 }
      let nulls = Column.anyNull(c, n)
      var out = TextArenaBuilder(rows: n, bytesPerRow: 24)
      var nullRows: [Bool]? = nil
      var digitBytes = [UInt8](repeating: 0, count: Int(digits))
      for r in 0..<n {
        defer { out.endRow() }
        guard mask.has(r) else { continue }
        if (nulls?[r] ?? false) || base.isNull(r) {
          if nullRows == nil { nullRows = [Bool](repeating: false, count: n) }
          nullRows![r] = true
          continue
        }
        // Too many rows, or a text over the budget: the row interpreter reports it.
        guard rows[r] >= 0, UInt64(rows[r]) < count, base.length(r) + Int(digits) <= limit else {
          out.discard()
          return nil
        }
        var number = Semantics.uniquePermutation(UInt64(rows[r]), count: count, key: UInt64(bitPattern: keys[r]))
        for i in stride(from: Int(digits) - 1, through: 0, by: -1) {
          digitBytes[i] = UInt8(ascii: "0") + UInt8(number % 10)
          number /= 10
        }
        base.extend(r, &out)
        out.append(digitBytes)
      }
      return Column(.arena(out.finish()), nulls: nullRows)
    default:
      return nil
    }
  }
}
