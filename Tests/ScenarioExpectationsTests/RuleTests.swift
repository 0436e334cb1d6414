import ScenarioExpectations
import ScenarioIR
import Testing

/// Every-row, unique and resolves: violation counts and the rows and values they name.
@Suite("Rule expectations")
struct RuleTests {
  static func check(
    _ statistic: Statistic, _ values: [Value], chunkSize: Int = 3
  ) -> ExpectationResult {
    let table = Fixture.table("t", rows: values.count, slots: [], probes: 1)
    let checker = ExpectationChecker(
      program: Fixture.program(
        [table], expectations: [Fixture.expect(0, "rule", statistic, probes: [0], .noViolations)]))
    Fixture.feed(checker, table: 0, columns: [], probes: [values], chunkSize: chunkSize)
    return checker.results[0]
  }

  @Test("every row: false and null violate, rows are 0-based")
  func everyRow() {
    let values: [Value] = [true, true, false, true, nil, true, true, false].map {
      $0.map(Value.bool) ?? .null
    }
    let r = Self.check(.everyRow, values)
    #expect(!r.passed && r.measured == 3 && r.n == 8)
    #expect(r.detail == "3 of 8 rows violate it: rows 2, 4, 7")
    let one = Self.check(.everyRow, [.bool(true), .bool(false)])
    #expect(one.detail == "1 of 2 rows violates it: row 1")
    let many = Self.check(.everyRow, (0..<20).map { .bool($0 % 3 != 0) })
    #expect(many.detail == "7 of 20 rows violate it, first at rows 0, 3, 6, 9, 12")
    let none = Self.check(.everyRow, [.bool(true)])
    #expect(none.passed && none.measured == 0 && none.detail == nil)
  }

  @Test("unique counts repeats and names the first repeated values")
  func unique() {
    let values: [Value] =
      ["S001", "S002", "S001", "S003", "S002", "S001"].map { .text($0) } + [
        .null, .null,
      ]
    let r = Self.check(.unique, values)
    #expect(!r.passed && r.measured == 3 && r.n == 6)
    #expect(r.detail == "duplicates: 'S001' (rows 0 and 2), 'S002' (rows 1 and 4)")
    // 1 and 1.0 are the same value, as in the language.
    let mixed = Self.check(.unique, [.int(1), .float(1), .float(1.5)])
    #expect(mixed.measured == 1 && mixed.detail == "duplicates: 1 (rows 0 and 1)")
    let many = Self.check(.unique, (0..<20).map { .int(Int64($0 % 6)) })
    #expect(many.measured == 14)
    #expect(
      many.detail
        == "duplicates: 0 (rows 0 and 6), 1 (rows 1 and 7), 2 (rows 2 and 8), 3 (rows 3 and 9), "
        + "4 (rows 4 and 10), …")
    #expect(Self.check(.unique, [.null, .null, .text("a")]).passed)
  }

  /// teams(code key, size, hidden secret) and members(team) resolving against teams.code.
  static func resolvesProgram(slot: Int) -> Program {
    let teams = Fixture.table(
      "teams", rows: 5,
      slots: [
        Fixture.slot("code", .text), Fixture.slot("size", .int),
        Fixture.slot("secret", .text, role: .hidden),
      ], key: 0)
    let members = Fixture.table(
      "members", rows: 8, slots: [Fixture.slot("team", ValueType(.ref("teams")))], probes: 1)
    return Fixture.program(
      [teams, members],
      expectations: [
        Fixture.expect(
          1, "team resolves", .resolves(table: 0, slot: slot), probes: [0], .noViolations)
      ])
  }

  static let codes: [Value] = (1...5).map { .text("T\($0)") }
  static let sizes: [Value] = (1...5).map { .int($0) }

  @Test("resolves checks values against the referenced column", arguments: [1, 2, 100])
  func resolves(chunkSize: Int) {
    let checker = ExpectationChecker(program: Self.resolvesProgram(slot: 0))
    Fixture.feed(checker, table: 0, columns: [Self.codes, Self.sizes], chunkSize: chunkSize)
    let team: [Value] = ["T1", "T9", "T3", nil, "T5", "T0", "T9", "T2"].map {
      $0.map(Value.text) ?? .null
    }
    Fixture.feed(checker, table: 1, columns: [team], probes: [team], chunkSize: chunkSize)
    let r = checker.results[0]
    #expect(!r.passed && r.measured == 3 && r.n == 7)
    #expect(r.detail == "3 of 7 values do not resolve: 'T9' (row 1), 'T0' (row 5), 'T9' (row 6)")
  }

  @Test("resolves accepts row indices below the referenced table's row count")
  func resolvesRows() {
    let checker = ExpectationChecker(program: Self.resolvesProgram(slot: 0))
    Fixture.feed(checker, table: 0, columns: [Self.codes, Self.sizes], chunkSize: 2)
    let rows: [Value] = [.ref(0), .ref(4), .ref(5), .null]
    Fixture.feed(checker, table: 1, columns: [rows], probes: [rows], chunkSize: 2)
    let r = checker.results[0]
    #expect(r.measured == 1 && r.detail == "1 of 3 values does not resolve: 6 (row 2)")
  }

  @Test("values seen before the referenced table is complete wait for it")
  func resolvesPending() {
    let checker = ExpectationChecker(program: Self.resolvesProgram(slot: 0))
    let half = Chunk(
      startRow: 0, count: 2, columns: [Array(Self.codes[0..<2]), Array(Self.sizes[0..<2])])
    checker.observe(table: 0, chunk: half, probes: [])
    let team: [Value] = [.text("T4"), .text("T1")]
    checker.observe(table: 1, chunk: Chunk(startRow: 0, count: 2, columns: [team]), probes: [ValueColumn(team)])
    let rest = Chunk(
      startRow: 2, count: 3, columns: [Array(Self.codes[2...]), Array(Self.sizes[2...])])
    checker.observe(table: 0, chunk: rest, probes: [])
    checker.finish(table: 0, rows: 5)
    checker.finish(table: 1, rows: 2)
    #expect(checker.results[0].passed)
  }

  @Test("resolves against a column that is not written cannot be checked")
  func resolvesHidden() {
    let checker = ExpectationChecker(program: Self.resolvesProgram(slot: 2))
    Fixture.feed(checker, table: 0, columns: [Self.codes, Self.sizes], chunkSize: 2)
    Fixture.feed(checker, table: 1, columns: [[.text("x")]], probes: [[.text("x")]], chunkSize: 2)
    let r = checker.results[0]
    #expect(!r.passed && r.measured.isNaN)
    #expect(
      r.detail
        == "column 'secret' of table 'teams' is not written, so values cannot be checked against it"
    )
  }
}
