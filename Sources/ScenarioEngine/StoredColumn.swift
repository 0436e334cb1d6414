import ScenarioIR

/// The values of one stored slot (a column that later tables read), kept compactly by kind:
/// 64-bit integers for ints, dates, date-times, durations and references, doubles for floats,
/// one byte for bools, and `Value`s only for texts. A 1,000,000-row table of date-times then
/// holds 8 MB instead of 24 MB. Nulls sit in a separate byte array, allocated only when the
/// first null arrives; a value of an unexpected kind moves the column to plain `Value`s.
struct StoredColumn: Sendable {
  typealias IntKind = ValueColumn.IntKind
  enum Storage: Sendable {
    case values([Value])
    case ints(IntKind, [Int64])
    case doubles([Double])
    case bools([Bool])
  }

  private(set) var storage: Storage
  /// `nulls[r]` is 1 when row `r` is null (nil until the first null).
  private(set) var nulls: [UInt8]? = nil
  private(set) var count = 0
  /// For a sparse parent (`SparseParents`): the table rows the entries belong to (entry `i` is
  /// row `index.rows[i]`), shared by the table's columns. Nil: entry `i` is row `i`.
  var index: RowIndex? = nil

  /// The entry holding table row `row`, or nil if the column does not hold it.
  @inline(__always)
  func position(of row: Int) -> Int? {
    if let index { return index.position(of: row) }
    return row >= 0 && row < count ? row : nil
  }

  /// An empty column for values of `type`.
  init(for type: ValueType) {
    switch type.kind {
    case .int: storage = .ints(.int, [])
    case .date: storage = .ints(.date, [])
    case .datetime: storage = .ints(.datetime, [])
    case .duration: storage = .ints(.duration, [])
    case .ref: storage = .ints(.ref, [])
    case .float: storage = .doubles([])
    case .bool: storage = .bools([])
    default: storage = .values([])
    }
  }

  var isEmpty: Bool { count == 0 }

  subscript(row: Int) -> Value {
    guard let entry = index == nil ? row : index!.position(of: row) else { return .null }
    return value(ofEntry: entry)
  }

  /// The value of entry `row` (for a sparse column, the `row`-th kept row).
  private func value(ofEntry row: Int) -> Value {
    if let nulls, nulls[row] != 0 { return .null }
    switch storage {
    case .values(let v): return v[row]
    case .doubles(let d): return .float(d[row])
    case .bools(let b): return .bool(b[row])
    case .ints(let kind, let i): return kind.value(i[row])
    }
  }

  /// Appends the first `n` rows of a chunk's column: typed arrays directly when the kinds
  /// match (the usual case), else as values.
  mutating func append(_ column: Column, count n: Int) {
    var typedNulls: [Bool]? = column.nulls
    switch (storage, column.storage) {
    case (.doubles(var d), .floats(let x)):
      storage = .values([])
      d.append(contentsOf: x.prefix(n))
      storage = .doubles(d)
    case (.bools(var b), .bools(let x)):
      storage = .values([])
      b.append(contentsOf: x.prefix(n))
      storage = .bools(b)
    case (.ints(let kind, var a), .ints(let x, let k)) where kind == k:
      storage = .values([])
      a.append(contentsOf: x.prefix(n))
      storage = .ints(kind, a)
    default:
      append(contentsOf: column.values(n))
      return
    }
    if typedNulls != nil && typedNulls!.count > n { typedNulls = Array(typedNulls!.prefix(n)) }
    if let typedNulls, nulls == nil, typedNulls.contains(true) { nulls = [UInt8](repeating: 0, count: count) }
    if nulls != nil {
      if let typedNulls {
        nulls!.append(contentsOf: typedNulls.map { $0 ? 1 : 0 })
      } else {
        nulls!.append(contentsOf: repeatElement(0, count: n))
      }
    }
    count += n
  }

  /// Appends a chunk's values.
  mutating func append(contentsOf values: [Value]) {
    if case .values(var v) = storage {
      storage = .values([])
      v.append(contentsOf: values)
      storage = .values(v)
      count += values.count
      return
    }
    for (i, value) in values.enumerated() where !fits(value) {
      // A value of another kind: keep everything as `Value`s from now on.
      var all = (0..<count).map { self.value(ofEntry: $0) }
      all.append(contentsOf: values[..<i])
      all.append(contentsOf: values[i...])
      nulls = nil
      storage = .values(all)
      count = all.count
      return
    }
    var hasNull = false
    for value in values where value.isNull {
      hasNull = true
      break
    }
    if hasNull && nulls == nil { nulls = [UInt8](repeating: 0, count: count) }
    if nulls != nil { nulls!.append(contentsOf: values.map { $0.isNull ? 1 : 0 }) }
    switch storage {
    case .values: break
    case .doubles(var d):
      storage = .values([])
      for v in values {
        if case .float(let x) = v { d.append(x) } else { d.append(0) }
      }
      storage = .doubles(d)
    case .bools(var b):
      storage = .values([])
      for v in values { b.append(v.isTrue) }
      storage = .bools(b)
    case .ints(let kind, var a):
      storage = .values([])
      for v in values {
        switch v {
        case .int(let x), .date(let x), .datetime(let x), .duration(let x): a.append(x)
        case .ref(let r): a.append(Int64(r))
        default: a.append(0)
        }
      }
      storage = .ints(kind, a)
    }
    count += values.count
  }

  /// Whether `value` can be stored in the current typed storage.
  private func fits(_ value: Value) -> Bool {
    switch (storage, value) {
    case (_, .null), (.values, _): return true
    case (.doubles, .float), (.bools, .bool): return true
    case (.ints(.int, _), .int), (.ints(.date, _), .date), (.ints(.datetime, _), .datetime),
      (.ints(.duration, _), .duration), (.ints(.ref, _), .ref):
      return true
    default: return false
    }
  }
}

/// The rows a sparse parent keeps, in increasing order (see `SparseParents`).
final class RowIndex: @unchecked Sendable {
  private(set) var rows: [Int] = []

  func append(_ row: Int) { rows.append(row) }

  /// The entry of `row` (binary search), or nil if it is not kept.
  func position(of row: Int) -> Int? {
    var lo = 0
    var hi = rows.count
    while lo < hi {
      let mid = (lo + hi) / 2
      if rows[mid] < row { lo = mid + 1 } else { hi = mid }
    }
    return lo < rows.count && rows[lo] == row ? lo : nil
  }
}
