import ScenarioExpectations
import ScenarioIR
import Testing

/// The checker end to end on synthetic chunks: every statistic against a direct computation on
/// the same data, independence from the chunk size, targets and details.
@Suite("Expectation checker")
struct CheckerTests {
  static let n = 1000
  static let u = Fixture.uniforms(3 * n, seed: 42)
  /// Ages 18...67 with every 17th row null.
  static let ages: [Value] = (0..<n).map { i in i % 17 == 5 ? .null : .int(18 + Int64(u[i] * 50)) }
  static let scores: [Value] = (0..<n).map { .float(u[n + $0] * 100) }
  static let active: [Value] = (0..<n).map { .bool(u[2 * n + $0] < 0.3) }
  static let ids: [Value] = (0..<n).map { .text("P\($0)") }
  static let nonNegative: [Value] = scores.map { .bool(($0.statisticNumber ?? -1) >= 0) }

  /// Probes: 0 age, 1 score, 2 active, 3 score >= 0, 4 id.
  static var probes: [[Value]] { [ages, scores, active, nonNegative, ids] }

  static let statistics: [(String, Statistic, [Int])] = [
    ("count", .count, []),
    ("rate(active)", .rate, [2]),
    ("mean(age)", .mean, [0]),
    ("sd(score)", .sd, [1]),
    ("min(age)", .min, [0]),
    ("max(score)", .max, [1]),
    ("quantile(score, 0.9)", .quantile(0.9), [1]),
    ("pearson(age, score)", .pearson, [0, 1]),
    ("spearman(age, score)", .spearman, [0, 1]),
    ("every row: score >= 0", .everyRow, [3]),
    ("unique(id)", .unique, [4]),
  ]

  static func program() -> Program {
    let table = Fixture.table(
      "people", rows: n, slots: [Fixture.slot("id", .text), Fixture.slot("age", .int.nullable)],
      key: 0, probes: 5)
    let expectations = statistics.map { text, statistic, probes in
      Fixture.expect(0, text, statistic, probes: probes, .compare(.greaterEqual, -1e300))
    }
    return Fixture.program([table], expectations: expectations)
  }

  static func run(chunkSize: Int) -> [ExpectationResult] {
    let checker = ExpectationChecker(program: program())
    Fixture.feed(checker, table: 0, columns: [ids, ages], probes: probes, chunkSize: chunkSize)
    return checker.results
  }

  /// The expected values, computed directly (two-pass formulas, sorting, counting).
  static func direct() -> [Double] {
    let a = ages.compactMap(\.statisticNumber)
    let s = scores.compactMap(\.statisticNumber)
    let meanA = a.reduce(0, +) / Double(a.count)
    let meanS = s.reduce(0, +) / Double(s.count)
    let sdS = (s.map { ($0 - meanS) * ($0 - meanS) }.reduce(0, +) / Double(s.count - 1))
      .squareRoot()
    let pairs = zip(ages, scores).compactMap { x, y in
      x.statisticNumber.flatMap { xv in y.statisticNumber.map { (xv, $0) } }
    }
    let rankX = midRanks(pairs.map { .number($0.0) })
    let rankY = midRanks(pairs.map { .number($0.1) })
    return [
      Double(n), Double(active.filter(\.isTrue).count) / Double(n), meanA, sdS, a.min() ?? 0,
      s.max() ?? 0, quantileType7(s.sorted(), 0.9), twoPassPearson(pairs.map(\.0), pairs.map(\.1)),
      twoPassPearson(rankX, rankY), 0, 0,
    ]
  }

  static func twoPassPearson(_ x: [Double], _ y: [Double]) -> Double {
    let mx = x.reduce(0, +) / Double(x.count)
    let my = y.reduce(0, +) / Double(y.count)
    var sxy = 0.0
    var sxx = 0.0
    var syy = 0.0
    for (a, b) in zip(x, y) {
      sxy += (a - mx) * (b - my)
      sxx += (a - mx) * (a - mx)
      syy += (b - my) * (b - my)
    }
    return sxy / (sxx * syy).squareRoot()
  }

  @Test("every statistic matches a direct computation on the same data")
  func statisticsMatch() {
    let results = Self.run(chunkSize: 100)
    let expected = Self.direct()
    #expect(results.count == expected.count)
    for (r, e) in zip(results, expected) {
      #expect(abs(r.measured - e) <= 1e-9 * max(1, abs(e)), "\(r.text): \(r.measured) vs \(e)")
      #expect(r.passed)
      #expect(r.table == "people")
    }
    let nonNullAges = Self.ages.filter { !$0.isNull }.count
    #expect(
      results.map(\.n) == [
        1000, 1000, nonNullAges, 1000, nonNullAges, 1000, 1000, nonNullAges, nonNullAges, 1000,
        1000,
      ])
    #expect(results.map(\.index) == Array(0..<11))
  }

  @Test("results are identical whatever the chunk size", arguments: [1, 7, 64, 999, 5000])
  func chunkInvariance(chunkSize: Int) {
    #expect(Self.run(chunkSize: chunkSize) == Self.run(chunkSize: 1000))
  }

  @Test("targets: approximate, range, comparison and no violations, at their boundaries")
  func targets() {
    func result(_ statistic: Statistic, _ target: ExpectationTarget) -> ExpectationResult {
      let table = Fixture.table("t", rows: 4, slots: [], probes: 1)
      let checker = ExpectationChecker(
        program: Fixture.program(
          [table], expectations: [Fixture.expect(0, "x", statistic, probes: [0], target)]))
      // mean 2.5, min 1, max 4
      Fixture.feed(
        checker, table: 0, columns: [], probes: [[1, 2, 3, 4].map { .int($0) }], chunkSize: 3)
      return checker.results[0]
    }
    let cases: [(Statistic, ExpectationTarget, Bool, String)] = [
      (.mean, .approximately(2.4, tolerance: 0.125), true, "2.4 ± 0.125"),
      (.mean, .approximately(2.6, tolerance: 0.0625), false, "2.6 ± 0.0625"),
      (.min, .range(1, 3), true, "in 1..3"),
      (.max, .range(1, 3), false, "in 1..3"),
      (.max, .compare(.equal, 4), true, "== 4"),
      (.max, .compare(.notEqual, 4), false, "!= 4"),
      (.min, .compare(.less, 1), false, "< 1"),
      (.min, .compare(.lessEqual, 1), true, "<= 1"),
      (.mean, .compare(.greater, 2.5), false, "> 2.5"),
      (.mean, .compare(.greaterEqual, 2.5), true, ">= 2.5"),
      (.unique, .noViolations, true, "no violations"),
      (.quantile(0.5), .range(-1e-5, 1e20), true, "in -1e-05..1e+20"),
    ]
    for (statistic, target, passes, described) in cases {
      let r = result(statistic, target)
      #expect(r.passed == passes, "\(statistic) \(described)")
      #expect(r.target == described)
    }
    #expect(
      result(.mean, .approximately(2.6, tolerance: 0.0625)).detail
        == "off by 0.1 (tolerance 0.0625)")
  }

  @Test("undefined statistics fail with a reason")
  func undefined() {
    let table = Fixture.table("t", rows: 3, slots: [], probes: 3)
    let always = ExpectationTarget.compare(.greaterEqual, -1e300)
    let program = Fixture.program(
      [table],
      expectations: [
        Fixture.expect(0, "mean(x)", .mean, probes: [0], always),
        Fixture.expect(0, "sd(z)", .sd, probes: [2], always),
        Fixture.expect(0, "pearson(y, y)", .pearson, probes: [1, 1], always),
        Fixture.expect(0, "spearman(x, y)", .spearman, probes: [0, 1], always),
        Fixture.expect(0, "max(x)", .max, probes: [0], always),
      ])
    let checker = ExpectationChecker(program: program)
    let x: [Value] = [.null, .null, .null]
    let y: [Value] = [.int(1), .null, .int(1)]
    let z: [Value] = [.int(5), .null, .null]
    Fixture.feed(checker, table: 0, columns: [], probes: [x, y, z], chunkSize: 2)
    let r = checker.results
    #expect(r.allSatisfy { !$0.passed && $0.measured.isNaN })
    #expect(
      r.map(\.detail) == [
        "no non-null values", "needs at least 2 non-null values, got 1",
        "one of the values is constant, so the correlation is undefined",
        "needs at least 2 rows where both values are non-null, got 0", "no non-null values",
      ])
    #expect(r.map(\.n) == [0, 1, 2, 0, 0])
    #expect(!checker.allPassed)
  }
}
