import ScenarioDiagnostics
import ScenarioExpectations
import ScenarioIR

/// Hand-built programs and synthetic chunks for observer tests: no parser, checker or engine.
enum Fixture {
  /// A column slot (its expression is never evaluated here).
  static func slot(_ name: String, _ type: ValueType, role: SlotRole = .column) -> SlotIR {
    SlotIR(
      name: name, span: .none, type: type, precision: nil,
      expr: IRExpr(.constant(.null), type: type, span: .none), isOutput: role == .column,
      role: role)
  }

  /// A table whose written columns are `slots` in order (hidden slots are not written), with
  /// `probes` probe expressions and an optional one-column key.
  static func table(
    _ name: String, rows: Int, slots: [SlotIR], key: Int? = nil, probes: Int = 0,
    probeTypes: [ValueType] = []
  ) -> TableIR {
    var t = TableIR(
      name: name, span: .none, count: .fixed(rows), slots: slots,
      evaluationOrder: Array(slots.indices),
      outputSlots: slots.indices.filter { slots[$0].isOutput }, keySlots: key.map { [$0] } ?? [],
      personas: nil, storedSlots: [])
    t.probes = (0..<max(probes, probeTypes.count)).map { k in
      let type = k < probeTypes.count ? probeTypes[k] : .null
      return IRExpr(.constant(.null), type: type, span: .none)
    }
    return t
  }

  /// A program over `tables` (generated in declaration order) with `expectations`.
  static func program(_ tables: [TableIR], expectations: [ExpectationIR] = []) -> Program {
    var p = Program(
      name: "test", seed: 1, now: 0, parameters: [], tables: tables,
      generationOrder: Array(tables.indices), file: SourceFile(path: "test.scenario", text: ""))
    p.expectations = expectations
    return p
  }

  /// An expectation of table `table`.
  static func expect(
    _ table: Int, _ text: String, _ statistic: Statistic, probes: [Int] = [],
    _ target: ExpectationTarget
  ) -> ExpectationIR {
    ExpectationIR(
      table: table, span: .none, text: text, statistic: statistic, probes: probes, target: target)
  }

  /// Feeds table `table` to `observe`/`finish` in chunks of `chunkSize` rows: `columns[c]` are
  /// the written columns, `probes[k]` the probe values, all of the same length.
  static func feed(
    table: Int, columns: [[Value]], probes: [[Value]] = [], chunkSize: Int,
    observe: (Int, Chunk, [ValueColumn]) -> Void, finish: (Int, Int) -> Void
  ) {
    let rows = columns.first?.count ?? probes.first?.count ?? 0
    var start = 0
    while start < rows {
      let end = min(rows, start + chunkSize)
      let chunk = Chunk(
        startRow: start, count: end - start, columns: columns.map { Array($0[start..<end]) })
      observe(table, chunk, probes.map { ValueColumn(Array($0[start..<end])) })
      start = end
    }
    finish(table, rows)
  }

  /// Feeds a checker.
  static func feed(
    _ checker: ExpectationChecker, table: Int, columns: [[Value]], probes: [[Value]] = [],
    chunkSize: Int
  ) {
    feed(
      table: table, columns: columns, probes: probes, chunkSize: chunkSize,
      observe: { checker.observe(table: $0, chunk: $1, probes: $2) },
      finish: { checker.finish(table: $0, rows: $1) })
  }

  /// Feeds a profiler.
  static func feed(_ profiler: Profiler, table: Int, columns: [[Value]], chunkSize: Int) {
    feed(
      table: table, columns: columns, chunkSize: chunkSize,
      observe: { profiler.observe(table: $0, chunk: $1, probes: $2) },
      finish: { profiler.finish(table: $0, rows: $1) })
  }

  /// A deterministic pseudo-random sequence in [0, 1) (a 64-bit LCG, Knuth's MMIX constants),
  /// so the tests need no generator of their own.
  static func uniforms(_ n: Int, seed: UInt64) -> [Double] {
    var s = seed
    return (0..<n).map { _ in
      s = s &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Double(s >> 11) / 9_007_199_254_740_992
    }
  }
}
