import ScenarioIR

/// Profiles every written column of every table while the rows stream by: counts, nulls,
/// distinct values, and either moments, quartiles and a histogram (numbers, dates, date-times,
/// durations) or the most frequent values (text, choices, booleans).
///
/// Attach it to a run as a row observer (ScenarioKit declares the `RowObserver` conformance).
/// Memory: numeric columns keep every non-null value (8 bytes each) for exact quartiles and
/// distinct counts; category columns keep one count per distinct value, up to `distinctCap`
/// values per column. Reports are deterministic: they depend only on the rows, never on chunk
/// sizes, threads or dictionary order.
public final class Profiler {
  /// Category columns count at most this many distinct values; later new values are counted as
  /// non-null but not tracked, and the distinct count shows as "≥10000".
  public static let distinctCap = 10_000
  /// Categories shown per column.
  static let topLimit = 5

  private let program: Program
  /// Accumulators per table, one per written column.
  private var columns: [[ColumnAccumulator]]
  /// Rows per table once finished.
  private var rows: [Int?]
  /// Rows seen per table (for tables that have not finished).
  private var seen: [Int]

  /// Prepares one accumulator per written column of every table of `program`.
  public init(program: Program) {
    self.program = program
    columns = program.tables.map { table in
      table.outputSlots.map { s in
        let slot = table.slots[s]
        return ColumnAccumulator(
          name: slot.name, type: slot.type.description, kind: ProfileKind.of(slot.type, in: program)
        )
      }
    }
    rows = [Int?](repeating: nil, count: program.tables.count)
    seen = [Int](repeating: 0, count: program.tables.count)
  }

  /// Adds a chunk of table `table` (its written values; probes are not profiled).
  public func observe(table: Int, chunk: Chunk, probes: [ValueColumn]) {
    guard columns.indices.contains(table) else { return }
    seen[table] += chunk.count
    for c in columns[table].indices where chunk.columns.indices.contains(c) {
      for v in chunk.columns[c] { columns[table][c].add(v) }
    }
  }

  /// Table `table` is complete with `rows` rows.
  public func finish(table: Int, rows: Int) {
    guard self.rows.indices.contains(table) else { return }
    self.rows[table] = rows
  }

  /// Profiles of the tables that produced rows or finished, in declaration order.
  package var profiles: [TableProfile] {
    program.tables.indices.compactMap { t in
      guard program.tables[t].isWritten, rows[t] != nil || seen[t] > 0 else { return nil }
      return TableProfile(
        name: program.tables[t].name, rows: rows[t] ?? seen[t],
        columns: columns[t].map { $0.profile() })
    }
  }
}

/// Everything the profiler keeps for one column.
struct ColumnAccumulator {
  let name: String
  let type: String
  let kind: ProfileKind
  private var nulls = 0
  private var count = 0
  /// Number, date, date-time and duration columns: moments in row order and every value.
  private var moments = Moments()
  private var values: [Double] = []
  /// Category columns: occurrences of each value, for up to `Profiler.distinctCap` values.
  private var counts: [Value: Int] = [:]
  private var capped = false

  init(name: String, type: String, kind: ProfileKind) {
    self.name = name
    self.type = type
    self.kind = kind
  }

  /// Adds one written value. A value that does not fit the column's kind (which the checker
  /// rules out) counts as non-null but enters no statistic.
  mutating func add(_ v: Value) {
    if v.isNull {
      nulls += 1
      return
    }
    count += 1
    switch kind {
    case .number, .date, .datetime, .duration:
      if let x = v.statisticNumber {
        moments.add(x)
        values.append(x)
      }
    case .category:
      if let n = counts[v] {
        counts[v] = n + 1
      } else if counts.count < Profiler.distinctCap {
        counts[v] = 1
      } else {
        capped = true
      }
    }
  }

  /// The finished profile.
  func profile() -> ColumnProfile {
    var profile = ColumnProfile(
      name: name, type: type, kind: kind, count: count, nulls: nulls, distinct: counts.count,
      distinctCapped: capped, numeric: nil, top: [])
    switch kind {
    case .number, .date, .datetime, .duration:
      let sorted = values.sorted()
      var distinct = 0
      for (i, x) in sorted.enumerated() where i == 0 || x != sorted[i - 1] { distinct += 1 }
      profile.distinct = distinct
      profile.numeric = numericSummary(sorted, moments: moments, kind: kind)
    case .category:
      profile.top = topCategories(counts, total: count, limit: Profiler.topLimit)
    }
    return profile
  }
}
