import ScenarioIR

/// One expression's values for the rows of a chunk, in a typed array when the kind allows
/// (floats, 64-bit integers for ints, dates, date-times, durations and references, bools), else
/// as `Value`s. Rows the expression was not evaluated for (outside its mask) hold unspecified
/// values. `value(at:)` gives exactly the `Value` the row interpreter computes for a row.
struct Column {
  enum Storage {
    /// Every row holds this value.
    case constant(Value)
    case floats([Double])
    case ints([Int64], StoredColumn.IntKind)
    case bools([Bool])
    case values([Value])
    /// Texts by code into a dictionary (a choice among constant texts): comparisons with a
    /// text test each distinct text once, and the CSV encoder quotes each once per chunk.
    /// Rows outside the mask may hold any code.
    case texts([Int32], TextDictionary)
    /// Texts as UTF-8 bytes end to end (pack draws, `++`, persona overrides): rows outside the
    /// mask and null rows hold no bytes.
    case arena(TextArena)
  }

  var storage: Storage
  /// `nulls[r]` is true when row `r` is null (nil: no row is null). Not used by `.constant`
  /// and `.values`, which hold their nulls as values.
  var nulls: [Bool]?

  init(_ storage: Storage, nulls: [Bool]? = nil) {
    self.storage = storage
    self.nulls = nulls
  }

  static func constant(_ v: Value) -> Column { Column(.constant(v)) }

  /// A column of `values` (rows outside `mask` ignored), typed when every non-null value in
  /// the mask has one kind, so that the operations reading it take their typed paths.
  static func compacting(_ values: [Value], _ mask: Mask) -> Column {
    let n = values.count
    var kind: Value? = nil
    var hasNull = false
    for r in 0..<n where mask.has(r) {
      let v = values[r]
      if v.isNull {
        hasNull = true
        continue
      }
      if let k = kind {
        if !sameKind(k, v) { return Column(.values(values)) }
      } else {
        kind = v
      }
    }
    guard let kind else { return Column(.values(values)) }
    let nulls: [Bool]? = hasNull ? values.map(\.isNull) : nil
    switch kind {
    case .float:
      return Column(.floats(values.map { if case .float(let x) = $0 { return x } else { return 0 } }), nulls: nulls)
    case .bool: return Column(.bools(values.map { $0.isTrue }), nulls: nulls)
    case .int, .date, .datetime, .duration, .ref:
      let intKind: StoredColumn.IntKind
      switch kind {
      case .int: intKind = .int
      case .date: intKind = .date
      case .datetime: intKind = .datetime
      case .duration: intKind = .duration
      default: intKind = .ref
      }
      let ints = values.map { v -> Int64 in
        switch v {
        case .int(let x), .date(let x), .datetime(let x), .duration(let x): return x
        case .ref(let x): return Int64(x)
        default: return 0
        }
      }
      return Column(.ints(ints, intKind), nulls: nulls)
    default: return Column(.values(values))
    }
  }

  private static func sameKind(_ a: Value, _ b: Value) -> Bool {
    switch (a, b) {
    case (.float, .float), (.bool, .bool), (.int, .int), (.date, .date), (.datetime, .datetime),
      (.duration, .duration), (.ref, .ref), (.text, .text):
      return true
    default: return false
    }
  }

  @inline(__always)
  func isNull(_ r: Int) -> Bool {
    if let nulls, nulls[r] { return true }
    switch storage {
    case .constant(let v): return v.isNull
    case .values(let v): return v[r].isNull
    default: return false
    }
  }

  /// The value of row `r`.
  func value(at r: Int) -> Value {
    if let nulls, nulls[r] { return .null }
    switch storage {
    case .constant(let v): return v
    case .floats(let d): return .float(d[r])
    case .bools(let b): return .bool(b[r])
    case .values(let v): return v[r]
    case .texts(let codes, let dictionary): return .text(dictionary.texts[Int(codes[r])])
    case .ints(let i, let kind): return kind.value(i[r])
    case .arena(let a): return .text(a.text(r))
    }
  }

  /// The values of rows `0..<n` as `Value`s.
  func values(_ n: Int) -> [Value] { chunkColumn(n).values }

  /// The first `n` rows as a chunk column (typed arrays are shared, not converted).
  func chunkColumn(_ n: Int) -> ValueColumn {
    switch storage {
    case .constant(let v): return ValueColumn([Value](repeating: v, count: n))
    case .values(let v): return ValueColumn(.values(v), nulls: nulls, count: n)
    case .floats(let d): return ValueColumn(.floats(d), nulls: nulls, count: n)
    case .ints(let i, let kind): return ValueColumn(.ints(i, kind), nulls: nulls, count: n)
    case .bools(let b): return ValueColumn(.bools(b), nulls: nulls, count: n)
    case .texts(let codes, let dictionary): return ValueColumn(.texts(codes, dictionary), nulls: nulls, count: n)
    case .arena(let a): return ValueColumn(.arena(a), nulls: nulls, count: n)
    }
  }

  /// The rows at `positions`, in that order.
  func picking(_ positions: [Int]) -> Column {
    let nulls = self.nulls.map { n in positions.map { n[$0] } }
    switch storage {
    case .constant: return self
    case .floats(let d): return Column(.floats(positions.map { d[$0] }), nulls: nulls)
    case .ints(let i, let kind): return Column(.ints(positions.map { i[$0] }, kind), nulls: nulls)
    case .bools(let b): return Column(.bools(positions.map { b[$0] }), nulls: nulls)
    case .values(let v): return Column(.values(positions.map { v[$0] }))
    case .texts(let codes, let dictionary): return Column(.texts(positions.map { codes[$0] }, dictionary), nulls: nulls)
    case .arena(let a):
      var out = TextArenaBuilder(rows: positions.count)
      for p in positions {
        out.append(row: p, of: a)
        out.endRow()
      }
      return Column(.arena(out.finish()), nulls: nulls)
    }
  }

  /// Each row's truth (`true` only for a non-null true; null is false).
  func truth(_ n: Int) -> [Bool] {
    switch storage {
    case .bools(let b):
      guard let nulls else { return b }
      return (0..<n).map { b[$0] && !nulls[$0] }
    case .constant(let v): return [Bool](repeating: v.isTrue, count: n)
    default: return (0..<n).map { value(at: $0).isTrue }
    }
  }

  /// The float values when the column holds floats (a float constant is spread over `n` rows).
  func floats(_ n: Int) -> [Double]? {
    switch storage {
    case .floats(let d): return d
    case .constant(.float(let x)): return [Double](repeating: x, count: n)
    default: return nil
    }
  }

  /// The 64-bit values when the column holds integers of `kind` (a constant is spread).
  func ints(_ n: Int, kind: StoredColumn.IntKind) -> [Int64]? {
    switch storage {
    case .ints(let i, let k) where k == kind: return i
    case .constant(let v):
      switch (v, kind) {
      case (.int(let x), .int), (.date(let x), .date), (.datetime(let x), .datetime), (.duration(let x), .duration):
        return [Int64](repeating: x, count: n)
      default: return nil
      }
    default: return nil
    }
  }

  /// Null flags of two operands combined (a row is null when either is).
  static func eitherNull(_ a: Column, _ b: Column, _ n: Int) -> [Bool]? {
    switch (a.nulls, b.nulls) {
    case (nil, nil): return nil
    case (let x?, nil): return x
    case (nil, let y?): return y
    case (let x?, let y?): return (0..<n).map { x[$0] || y[$0] }
    }
  }

  /// Null flags of several operands combined.
  static func anyNull(_ columns: [Column], _ n: Int) -> [Bool]? {
    let flags = columns.compactMap(\.nulls)
    if flags.count <= 1 { return flags.first }
    return (0..<n).map { r in flags.contains { $0[r] } }
  }

  /// Rows where `pick[r]` take `a`'s value, the others `b`'s (a conditional's branches).
  /// `pick[r] ? x[r] : y[r]` for every row.
  static func choose<T>(_ pick: [Bool], _ x: [T], _ y: [T], _ n: Int) -> [T] {
    precondition(pick.count >= n && x.count >= n && y.count >= n, "column shorter than its chunk")
    return [T](unsafeUninitializedCapacity: n) { out, initialized in
      pick.withUnsafeBufferPointer { p in
        x.withUnsafeBufferPointer { xs in
          y.withUnsafeBufferPointer { ys in
            for r in 0..<n { (out.baseAddress! + r).initialize(to: p[r] ? xs[r] : ys[r]) }
          }
        }
      }
      initialized = n
    }
  }

  static func select(_ pick: [Bool], _ a: Column, _ b: Column, _ n: Int) -> Column {
    func mergedNulls(_ an: [Bool]?, _ bn: [Bool]?) -> [Bool]? {
      if an == nil && bn == nil { return nil }
      return choose(pick, an ?? [Bool](repeating: false, count: n), bn ?? [Bool](repeating: false, count: n), n)
    }
    let allNull = [Bool](repeating: true, count: n)
    switch (a.storage, b.storage) {
    case (.floats(let x), .floats(let y)):
      return Column(.floats(choose(pick, x, y, n)), nulls: mergedNulls(a.nulls, b.nulls))
    case (.ints(let x, let k), .ints(let y, let l)) where k == l:
      return Column(.ints(choose(pick, x, y, n), k), nulls: mergedNulls(a.nulls, b.nulls))
    case (.bools(let x), .bools(let y)):
      return Column(.bools(choose(pick, x, y, n)), nulls: mergedNulls(a.nulls, b.nulls))
    case (.floats, .constant(.null)), (.ints, .constant(.null)), (.bools, .constant(.null)):
      return Column(a.storage, nulls: mergedNulls(a.nulls, allNull))
    case (.constant(.null), .floats), (.constant(.null), .ints), (.constant(.null), .bools):
      return Column(b.storage, nulls: mergedNulls(allNull, b.nulls))
    case (.constant(.float(let x)), .constant(.float(let y))):
      return Column(.floats(pick.map { $0 ? x : y }))
    case (.constant(.float(let x)), .floats(let y)):
      return Column(.floats((0..<n).map { pick[$0] ? x : y[$0] }), nulls: mergedNulls(nil, b.nulls))
    case (.floats(let x), .constant(.float(let y))):
      return Column(.floats((0..<n).map { pick[$0] ? x[$0] : y }), nulls: mergedNulls(a.nulls, nil))
    case (.constant(.bool(let x)), .constant(.bool(let y))):
      return Column(.bools(pick.map { $0 ? x : y }))
    case (.texts(let x, let d), .texts(let y, let e)):
      if d === e { return Column(.texts(choose(pick, x, y, n), d), nulls: mergedNulls(a.nulls, b.nulls)) }
      // Two dictionaries: the second's codes follow the first's.
      let offset = Int32(d.texts.count)
      return Column(
        .texts(choose(pick, x, y.map { $0 + offset }, n), TextDictionary(d.texts + e.texts)),
        nulls: mergedNulls(a.nulls, b.nulls))
    case (.texts, .constant(.null)):
      return Column(a.storage, nulls: mergedNulls(a.nulls, allNull))
    case (.constant(.null), .texts):
      return Column(b.storage, nulls: mergedNulls(allNull, b.nulls))
    case (.texts(let x, let d), .constant(.text(let s))):
      let code = Int32(d.texts.count)
      return Column(.texts((0..<n).map { pick[$0] ? x[$0] : code }, TextDictionary(d.texts + [s])), nulls: mergedNulls(a.nulls, nil))
    case (.constant(.text(let s)), .texts(let y, let e)):
      let code = Int32(e.texts.count)
      return Column(.texts((0..<n).map { pick[$0] ? code : y[$0] }, TextDictionary(e.texts + [s])), nulls: mergedNulls(nil, b.nulls))
    default:
      // Texts with at least one side in bytes: merged into bytes.
      if case .arena = a.storage, let merged = TextRows.select(pick, a, b, n) { return merged }
      if case .arena = b.storage, let merged = TextRows.select(pick, a, b, n) { return merged }
      return Column(.values((0..<n).map { pick[$0] ? a.value(at: $0) : b.value(at: $0) }))
    }
  }
}

/// The rows of a chunk an expression is evaluated for: nil for every row. A conditional's
/// branches, the right operand of `and`/`or` and a choice's values get the rows the row
/// interpreter evaluates them for, so a draw or a failing operation runs for the same rows.
typealias Mask = [Bool]?

extension Optional where Wrapped == [Bool] {
  @inline(__always)
  func has(_ r: Int) -> Bool {
    guard let m = self else { return true }
    return m[r]
  }

  /// The rows of this mask where `condition[r]` is `want`.
  func narrowed(_ condition: [Bool], _ want: Bool) -> [Bool] {
    guard let m = self else { return want ? condition : condition.map { !$0 } }
    let n = condition.count
    precondition(m.count >= n, "mask shorter than its chunk")
    return [Bool](unsafeUninitializedCapacity: n) { out, initialized in
      m.withUnsafeBufferPointer { mask in
        condition.withUnsafeBufferPointer { c in
          for r in 0..<n { out[r] = mask[r] && c[r] == want }
        }
      }
      initialized = n
    }
  }
}
