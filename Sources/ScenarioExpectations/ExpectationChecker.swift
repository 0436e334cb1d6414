import ScenarioIR

/// Checks a program's `expect` statements on the rows as they are generated.
///
/// Attach it to a run as a row observer (ScenarioKit declares the `RowObserver` conformance):
/// the engine calls `observe(table:chunk:probes:)` for every chunk of every table in row order,
/// then `finish(table:rows:)`. Each expectation folds its table's rows, one at a time in row
/// order, into a single accumulator, so results do not depend on the chunk size or the number
/// of threads. Memory is constant per expectation except for `quantile` and `spearman` (which
/// keep the probe values), `unique` (one entry per distinct value) and `resolves` (the values of
/// the referenced column).
public final class ExpectationChecker {
  private let program: Program
  /// One accumulator per expectation.
  private let measures: [any Measure]
  /// Expectation indices per table.
  private let expectationsOf: [[Int]]
  /// Referenced columns to collect, per table: (output column index, key set).
  private let keyColumnsOf: [[(column: Int, keys: KeySet)]]
  /// Results of expectations whose table is finished.
  private var finished: [ExpectationResult?]
  /// Tables that are complete.
  private var completeTables: Set<Int> = []
  /// Expectations whose rows are complete but that wait for the table their values must occur
  /// in (`references(x, B.key)` where B is generated after the expectation's table), by that
  /// table.
  private var waitingFor: [Int: [Int]] = [:]

  /// Prepares accumulators for `program.expectations`.
  public init(program: Program) {
    self.program = program
    var expectationsOf = [[Int]](repeating: [], count: program.tables.count)
    var keyColumnsOf = [[(column: Int, keys: KeySet)]](repeating: [], count: program.tables.count)
    var keySets: [String: KeySet] = [:]
    var measures: [any Measure] = []
    for (i, e) in program.expectations.enumerated() {
      var keys: KeySet? = nil
      if case .resolves(let t, let slot) = e.statistic, program.tables.indices.contains(t) {
        let id = "\(t):\(slot)"
        if let existing = keySets[id] {
          keys = existing
        } else {
          let target = program.tables[t]
          let name = target.slots.indices.contains(slot) ? target.slots[slot].name : "#\(slot)"
          let set = KeySet(table: target.name, column: name)
          if let c = target.outputSlots.firstIndex(of: slot) {
            keyColumnsOf[t].append((c, set))
          } else {
            set.available = false
          }
          keySets[id] = set
          keys = set
        }
      }
      measures.append(makeMeasure(e.statistic, keys: keys))
      for t in [e.table] + e.otherParts.map(\.table) where expectationsOf.indices.contains(t) {
        expectationsOf[t].append(i)
      }
    }
    self.measures = measures
    self.expectationsOf = expectationsOf
    self.keyColumnsOf = keyColumnsOf
    finished = [ExpectationResult?](repeating: nil, count: program.expectations.count)
  }

  /// Adds a chunk of table `table`: collects referenced columns and feeds the table's
  /// expectations their probe values.
  public func observe(table: Int, chunk: Chunk, probes: [ValueColumn]) {
    guard expectationsOf.indices.contains(table) else { return }
    for (c, keys) in keyColumnsOf[table] {
      if chunk.columns.indices.contains(c) { for v in chunk.columns[c] { keys.add(v) } }
      keys.rows += chunk.count
    }
    for i in expectationsOf[table] {
      let e = program.expectations[i]
      // The probes of this table (a part of a shared output has its own).
      let probeIndices = table == e.table ? e.probes : e.otherParts.first { $0.table == table }?.probes ?? []
      // Exactly as many columns as the statistic reads, each `chunk.count` long; missing probes
      // read as null.
      let columns = (0..<arity(e.statistic)).map { a -> ValueColumn in
        let k = a < probeIndices.count ? probeIndices[a] : -1
        guard probes.indices.contains(k) else { return ValueColumn(Self.column([], count: chunk.count)) }
        if probes[k].count == chunk.count { return probes[k] }
        return ValueColumn(Self.column(probes[k].values, count: chunk.count))
      }
      measures[i].observe(startRow: chunk.startRow, count: chunk.count, probes: columns)
    }
  }

  /// Table `table` is complete: its referenced columns are final and its expectations are
  /// evaluated.
  public func finish(table: Int, rows: Int) {
    guard expectationsOf.indices.contains(table) else { return }
    completeTables.insert(table)
    for (_, keys) in keyColumnsOf[table] { keys.complete = true }
    for i in expectationsOf[table] {
      // An expectation on a shared output is complete with its last part.
      let last = program.expectations[i].otherParts.last?.table ?? program.expectations[i].table
      guard table == last else { continue }
      // A reference check also needs every value of the referenced column.
      if case .resolves(let target, _) = program.expectations[i].statistic, target != table,
        program.tables.indices.contains(target), !completeTables.contains(target)
      {
        waitingFor[target, default: []].append(i)
        continue
      }
      finished[i] = evaluate(i)
    }
    for i in waitingFor.removeValue(forKey: table) ?? [] { finished[i] = evaluate(i) }
  }

  /// One result per expectation, in `program.expectations` order. Expectations of tables that
  /// did not finish are evaluated on the rows seen so far.
  public var results: [ExpectationResult] {
    program.expectations.indices.map { finished[$0] ?? evaluate($0) }
  }

  /// Whether every expectation passed.
  public var allPassed: Bool { !results.contains(where: \.failed) }

  /// A probe column of exactly `count` values (null-padded), so measures can index it freely.
  private static func column(_ values: [Value], count: Int) -> [Value] {
    if values.count == count { return values }
    if values.count > count { return Array(values.prefix(count)) }
    return values + [Value](repeating: .null, count: count - values.count)
  }

  /// Measures expectation `i` and compares it with its target.
  private func evaluate(_ i: Int) -> ExpectationResult {
    let e = program.expectations[i]
    let m = measures[i].measurement()
    let target = e.target(measuredCount: m.n)
    let passed = target.accepts(m.value)
    let units = ReportUnits(e, in: program)
    var detail = m.detail
    if !passed, detail == nil, !m.value.isNaN {
      switch target {
      case .approximately(let v, let tolerance):
        detail =
          "off by \(units.spread.text((m.value - v).magnitude)) "
          + "(tolerance \(units.spread.text(tolerance)))"
      case .range(let low, let high):
        detail = m.value < low
          ? "below the range by \(units.spread.text(low - m.value))"
          : "above the range by \(units.spread.text(m.value - high))"
      default: break
      }
    }
    let table = e.output ?? (program.tables.indices.contains(e.table) ? program.tables[e.table].name : "?")
    var result = ExpectationResult(
      index: i, table: table, text: e.text, measured: m.value,
      measuredText: units.measured.text(m.value), passed: passed,
      target: units.describe(target), detail: detail, n: m.n)
    result.reportOnly = e.reportOnly
    return result
  }

  /// The target in words, as plain numbers: `0.88 ± 0.02`, `in 140..160`, `>= 4`,
  /// `no violations`.
  public static func describe(_ target: ExpectationTarget) -> String {
    ReportUnits.plain.describe(target)
  }
}
