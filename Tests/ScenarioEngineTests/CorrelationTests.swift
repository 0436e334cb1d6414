import Foundation
import ScenarioEngine
import ScenarioIR
import ScenarioKit
import Testing

/// Declared correlations (`correlate a, b: [rank|pearson] value`) through the whole pipeline:
/// targets reached at n = 100 000 within a 5σ band and within 0.02, marginals untouched by the
/// copula, persona overrides honoured, and the copula's determinism guarantees (threads, chunk
/// sizes, latent stream isolation, Cholesky order; research/statistics.md §3.1).
@Suite("Correlations through the language")
struct CorrelationTests {
  static let n = 100_000

  /// One table with every kind of pair the tests measure. `control` has experience's law but no
  /// correlation, for a two-sample check of the marginal.
  static let source = """
    scenario correlations
    seed 2024
    table t [\(n)] {
      persona low 40%, high rest
      kind = persona
      experience = gamma(2, 12)
      reliability = beta(8, 2)
      correlate experience, reliability: rank 0.35
      control = gamma(2, 12)
      quality = beta(8, 2)
      rating = normal(4.2, 0.4)
      correlate quality, rating: pearson 0.58
      visits = poisson(4)
      mood = normal(0, 1)
      correlate visits, mood: rank 0.4
      calls = poisson(4)
      stress = normal(0, 1)
      correlate calls, stress: pearson 0.3
      tier = choice { "a" 50%, "b" 35%, "c" 15% }
      spend = normal(100, 20)
      correlate tier, spend: rank 0.4
      level = choice { "zeta" 50%, "alpha" 35%, "mid" 15% }
      effort = exponential(0.5)
      correlate level, effort: rank 0.4
      g1 = normal(0, 1)
      g2 = exponential(1)
      g3 = uniform(0, 10)
      correlate g1, g2: 0.5
      correlate g2, g3: 0.4
      correlate g1, g3: 0.3
      debt = gamma(3, 2)
      savings = lognormal(0, 0.5)
      correlate debt, savings: -0.6
      score = round(normal(50, 15)) clamp 0..100
      hours = weibull(1.5, 10)
      correlate score, hours: rank 0.45
      pay = gamma(2, 10) | high: gamma(4, 10)
      drive = normal(0, 1)
      correlate pay, drive: rank 0.5
      active = bernoulli(0.3)
      outlay = gamma(2, 10)
      correlate active, outlay: 0.3
      trials = binomial(10, 0.3)
      z1 = normal(0, 1)
      correlate trials, z1: 0.3
      ranked = zipf(1.5, 100)
      z2 = normal(0, 1)
      correlate ranked, z2: 0.3
      misses = geometric(0.2)
      z3 = normal(0, 1)
      correlate misses, z3: pearson 0.3
      waits = negative_binomial(2, 0.3)
      bounded = truncated_normal(0, 1, -1, 2)
      correlate waits, bounded: -0.3
      dice = uniform_int(1, 6)
      life = weibull(2, 1)
      correlate dice, life: pearson 0.4
      skew = triangular(0, 1, 4)
      many = binomial(1000, 0.45)
      correlate skew, many: 0.5
      calm = normal(0, 1)
      flipped = 10 - gamma(2, 1)
      correlate calm, flipped: 0.5
    }
    expect t: rank_corr(level, effort) ~ 0.4 +- 0.02
    expect t: spearman(experience, reliability) ~ 0.35 +- 0.02
    expect t: pearson(quality, rating) ~ 0.58 +- 0.02
    """

  /// The run's values and expectation results, shared by the tests of this suite.
  static let output: Result<(CapturedTables, [ExpectationResult]), any Error> = Result {
    let program = try EngineFixture.compile(source)
    let checker = ExpectationChecker(program: program)
    let run = try ObservedRun.run(program, observers: [checker], keepFiles: false)
    return (run.capture, checker.results)
  }

  /// One declared pair: the columns, the method, the target and the rows it holds on.
  struct Pair: CustomTestStringConvertible, Sendable {
    var x: String
    var y: String
    var pearson = false
    var target: Double
    /// Only rows of this persona (nil: every row).
    var persona: String? = nil
    /// Category orders (declaration order) for choice columns.
    var xOrder: [String]? = nil
    var testDescription: String {
      "\(x) ~ \(y) \(pearson ? "pearson" : "rank") \(target)" + (persona.map { " (\($0))" } ?? "")
    }
  }

  static let pairs: [Pair] = [
    Pair(x: "experience", y: "reliability", target: 0.35),
    Pair(x: "quality", y: "rating", pearson: true, target: 0.58),
    Pair(x: "visits", y: "mood", target: 0.4),
    Pair(x: "calls", y: "stress", pearson: true, target: 0.3),
    Pair(x: "tier", y: "spend", target: 0.4, xOrder: ["a", "b", "c"]),
    Pair(x: "level", y: "effort", target: 0.4, xOrder: ["zeta", "alpha", "mid"]),
    Pair(x: "g1", y: "g2", target: 0.5),
    Pair(x: "g2", y: "g3", target: 0.4),
    Pair(x: "g1", y: "g3", target: 0.3),
    Pair(x: "debt", y: "savings", target: -0.6),
    Pair(x: "score", y: "hours", target: 0.45),
    // The latent correlation is the same for every persona and both marginals are continuous,
    // so the rank correlation holds within each persona. (Not over all rows: the personas'
    // different levels of 'pay', unrelated to 'drive', dilute it to about 0.42.)
    Pair(x: "pay", y: "drive", target: 0.5, persona: "low"),
    Pair(x: "pay", y: "drive", target: 0.5, persona: "high"),
    // The new distributions as correlated marginals (threshold tables and closed forms).
    Pair(x: "active", y: "outlay", target: 0.3),
    Pair(x: "trials", y: "z1", target: 0.3),
    Pair(x: "ranked", y: "z2", target: 0.3),
    Pair(x: "misses", y: "z3", pearson: true, target: 0.3),
    Pair(x: "waits", y: "bounded", target: -0.3),
    Pair(x: "dice", y: "life", pearson: true, target: 0.4),
    Pair(x: "skew", y: "many", target: 0.5),
    // A decreasing transform of the draw: the target holds for the column's values.
    Pair(x: "calm", y: "flipped", target: 0.5),
  ]

  @Test("each declared correlation is reached: 5σ band and within 0.02", arguments: pairs)
  func reached(_ pair: Pair) throws {
    let (t, _) = try Self.output.get()
    var x = pair.xOrder.map { t.categoryIndices("t", pair.x, order: $0) } ?? t.doubles("t", pair.x)
    var y = t.doubles("t", pair.y)
    if let p = pair.persona {
      let kinds = t.texts("t", "kind")
      x = x.indices.filter { kinds[$0] == p }.map { x[$0] }
      y = y.indices.filter { kinds[$0] == p }.map { y[$0] }
    }
    try #require(x.count == y.count && x.count > 10_000)
    if pair.pearson {
      let r = RunStats.pearson(x, y)
      let band = RunStats.pearsonBand(x, y)
      #expect(abs(r - pair.target) <= band, "pearson \(r), target \(pair.target) ± \(band)")
      #expect(abs(r - pair.target) <= 0.02, "pearson \(r), target \(pair.target)")
    } else {
      let r = RunStats.spearman(x, y)
      let band = RunStats.inSpearmanBand(r, target: pair.target, n: x.count)
      #expect(band.ok, "spearman \(r), target \(pair.target), Fisher-z band ± \(band.band)")
      #expect(abs(r - pair.target) <= 0.02, "spearman \(r), target \(pair.target)")
    }
  }

  @Test("marginals are the declared laws: KS (DKW band), two-sample KS and chi-square")
  func marginalsUnchanged() throws {
    let (t, _) = try Self.output.get()
    let eps = RunStats.dkwBand(n: Self.n)
    let experience = t.doubles("t", "experience")
    let dGamma = RunStats.ksStatistic(experience) { Exact.gammaCDF($0, shape: 2, scale: 12) }
    #expect(dGamma <= eps, "experience vs Gamma(2, 12): KS \(dGamma), band \(eps)")
    let dBeta = RunStats.ksStatistic(t.doubles("t", "reliability")) {
      Exact.betaCDF($0, a: 8, b: 2)
    }
    #expect(dBeta <= eps, "reliability vs Beta(8, 2): KS \(dBeta), band \(eps)")
    let dNormal = RunStats.ksStatistic(t.doubles("t", "spend")) { Exact.normalCDF(($0 - 100) / 20) }
    #expect(dNormal <= eps, "spend vs Normal(100, 20): KS \(dNormal), band \(eps)")
    // Two samples of the same law, one correlated and one not: n·m/(n + m) = n/2.
    let dTwo = RunStats.ksTwoSample(experience, t.doubles("t", "control"))
    let eps2 = RunStats.dkwBand(effective: Double(Self.n) / 2)
    #expect(dTwo <= eps2, "experience vs control: two-sample KS \(dTwo), band \(eps2)")
    for (column, order) in [("tier", ["a", "b", "c"]), ("level", ["zeta", "alpha", "mid"])] {
      let index = t.categoryIndices("t", column, order: order)
      let counts = (0..<3).map { k in index.filter { $0 == Double(k) }.count }
      #expect(counts.reduce(0, +) == Self.n, "\(column): a value outside its choice")
      let chi = RunStats.chiSquare(counts: counts, probabilities: [0.5, 0.35, 0.15])
      #expect(chi.statistic <= RunStats.chiSquareCritical(df: chi.df), "\(column): \(counts)")
    }
    for (column, lowest, pmf) in Self.discreteMarginals {
      let chi = RunStats.chiSquare(t.ints("t", column), lowest: lowest, pmf: pmf)
      #expect(chi.statistic <= RunStats.chiSquareCritical(df: chi.df), "\(column): \(chi)")
    }
    let tn = Exact.truncatedNormal(mean: 0, sd: 1, low: -1, high: 2)
    let dTN = RunStats.ksStatistic(t.doubles("t", "bounded"), cdf: tn.cdf)
    #expect(dTN <= eps, "bounded vs truncated normal: KS \(dTN), band \(eps)")
    let dTri = RunStats.ksStatistic(t.doubles("t", "skew")) {
      Exact.triangularCDF($0, low: 0, mode: 1, high: 4)
    }
    #expect(dTri <= eps, "skew vs triangular: KS \(dTri), band \(eps)")
    let active = t.doubles("t", "active")
    Stat.expectBinomial(active.filter { $0 == 1 }.count, n: Self.n, p: 0.3, "active")
    let scores = t.doubles("t", "score")
    #expect(scores.allSatisfy { $0 >= 0 && $0 <= 100 && $0 == $0.rounded() }, "score: round/clamp")
  }

  /// Correlated count columns and their exact laws.
  static let discreteMarginals: [(String, Int, @Sendable (Int) -> Double)] = [
    ("visits", 0, { Exact.poissonPMF($0, lambda: 4) }),
    ("trials", 0, { Exact.binomialPMF($0, n: 10, p: 0.3) }),
    ("ranked", 1, Exact.zipf(s: 1.5, n: 100).pmf),
    ("misses", 0, { 0.2 * pow(0.8, Double($0)) }),
    ("waits", 0, { Exact.negativeBinomialPMF($0, r: 2, p: 0.3) }),
    ("dice", 1, { (1...6).contains($0) ? 1.0 / 6 : 0 }),
    ("many", 0, { Exact.binomialPMF($0, n: 1000, p: 0.45) }),
  ]

  @Test("persona overrides of a correlated column keep each persona's marginal")
  func personaMarginals() throws {
    let (t, _) = try Self.output.get()
    let kinds = t.texts("t", "kind")
    let pay = t.doubles("t", "pay")
    // low: Gamma(2, 10), mean 20, sd √2·10; high: Gamma(4, 10), mean 40, sd 20.
    for (persona, shape) in [("low", 2), ("high", 4)] {
      let values = pay.indices.filter { kinds[$0] == persona }.map { pay[$0] }
      Stat.expectBinomial(values.count, n: Self.n, p: persona == "low" ? 0.4 : 0.6, persona)
      let mean = RunStats.mean(values)
      let sd = Double(shape).squareRoot() * 10
      let band = 5 * sd / Double(values.count).squareRoot()
      #expect(abs(mean - Double(shape) * 10) <= band, "\(persona): mean \(mean) ± \(band)")
      let d = RunStats.ksStatistic(values) { Exact.gammaCDF($0, shape: shape, scale: 10) }
      let eps = RunStats.dkwBand(n: values.count)
      #expect(d <= eps, "\(persona): KS \(d) vs Gamma(\(shape), 10), band \(eps)")
    }
  }

  @Test("expectations measure the same correlations as a direct computation")
  func expectationsAgree() throws {
    let (t, results) = try Self.output.get()
    try #require(results.count == 3)
    let level = t.categoryIndices("t", "level", order: ["zeta", "alpha", "mid"])
    let direct = [
      RunStats.spearman(level, t.doubles("t", "effort")),
      RunStats.spearman(t.doubles("t", "experience"), t.doubles("t", "reliability")),
      RunStats.pearson(t.doubles("t", "quality"), t.doubles("t", "rating")),
    ]
    for (r, d) in zip(results, direct) {
      #expect(r.passed, "\(r.text): \(r.measured)")
      #expect(abs(r.measured - d) <= 1e-9, "\(r.text): measured \(r.measured), direct \(d)")
      #expect(r.n == Self.n)
    }
  }

  /// Pearson targets whose column takes few values: a discrete law with few points, or a
  /// continuous draw made a step function by `round` or `floor`.
  static let steppedPearson = """
    scenario stepped
    seed 5
    table t [\(n)] {
      a1 = normal(0, 1)
      b1 = binomial(4, 0.5)
      correlate a1, b1: pearson 0.72
      a2 = normal(0, 1)
      b2 = round(normal(4, 0.8)) clamp 1..5
      correlate a2, b2: pearson 0.72
      a3 = normal(0, 1)
      b3 = floor(normal(4, 0.8))
      correlate a3, b3: pearson 0.72
      a4 = normal(0, 1)
      b4 = poisson(2)
      correlate a4, b4: pearson 0.72
    }
    """

  @Test(
    "Pearson targets are reached for discrete and stepped columns",
    .disabled(
      """
      bug: latentForPearson integrates step functions with 48-node Gauss-Hermite; measured \
      binomial(4, 0.5) 0.766, round(normal(4, 0.8)) clamp 1..5 0.791, floor(...) 0.653, \
      poisson(2) 0.734 for a target of 0.72
      """))
  func steppedPearsonTargets() throws {
    let run = try ObservedRun.run(EngineFixture.compile(Self.steppedPearson), keepFiles: false)
    for k in 1...4 {
      let (x, y) = (run.capture.doubles("t", "a\(k)"), run.capture.doubles("t", "b\(k)"))
      let r = RunStats.pearson(x, y)
      let band = RunStats.pearsonBand(x, y)
      #expect(abs(r - 0.72) <= band, "b\(k): pearson \(r), target 0.72 ± \(band)")
      #expect(abs(r - 0.72) <= 0.02, "b\(k): pearson \(r), target 0.72")
    }
  }

  // MARK: - Determinism

  /// Correlations of every marginal kind, persona overrides and groups, small enough to run
  /// with a chunk size of 1.
  static let invariance = """
    scenario invariance
    seed 31
    now 2024-06-30T00:00:00
    table tutors [40] {
      key id
      id = "T" ++ pad(row, 2)
      trend = normal(0, 1)
    }
    table t [1500] {
      persona a 30%, b rest
      day = date(now - days(uniform_int(0, 9)))
      factor = uniform(0.85, 1.15) per day
      tutor = pick tutors
      bias = normal(0, 1) per tutor
      x = gamma(2, 12) | b: gamma(3, 5)
      y = beta(8, 2)
      z = poisson(4)
      c = choice { "u" 2, "v" 1 }
      correlate x, y: 0.35
      correlate y, z: pearson 0.3
      correlate x, c: rank 0.2
      w = round(normal(50, 15)) clamp 0..100
      v = weibull(1.5, 10)
      correlate w, v: -0.4
    }
    """

  @Test("threads 1 and 2 and chunk sizes 1, 7 and 4096 write identical bytes")
  func threadAndChunkInvariance() throws {
    let program = try EngineFixture.compile(Self.invariance)
    let reference = try EngineFixture.run(program, threads: 1, chunkSize: 4096)
    #expect(reference.files.keys.sorted() == ["t.csv", "tutors.csv"])
    for (threads, chunk) in [(2, 4096), (1, 1), (2, 1), (1, 7), (2, 7)] {
      let other = try EngineFixture.run(program, threads: threads, chunkSize: chunk)
      #expect(other.files == reference.files, "threads \(threads), chunk size \(chunk)")
    }
  }

  // MARK: - Latent stream isolation and Cholesky order

  /// A group in Cholesky order a, b, c (declaration order) and an independent column d.
  static func isolation(
    marginals: [String] = ["gamma(2, 12)", "beta(8, 2)", "normal(0, 1)"],
    correlations: [String] = ["correlate a, b: 0.35", "correlate b, c: 0.5"]
  ) -> String {
    let columns = zip(["a", "b", "c"], marginals).map { "  \($0) = \($1)" }
    let lines =
      ["scenario isolation", "seed 5", "table t [3000] {"] + columns + ["  d = uniform(0, 1)"]
      + correlations.map { "  " + $0 } + ["}"]
    return lines.joined(separator: "\n") + "\n"
  }

  /// An edit of a group and the columns it may change.
  struct Edit: CustomTestStringConvertible, Sendable {
    var label: String
    var source: String
    var changed: Set<String>
    var testDescription: String { label }
  }

  /// Rank targets on continuous marginals give latent correlations that do not depend on the
  /// marginals, so a marginal edit moves only its own column (and keeps its ranks).
  static let marginalEdits: [Edit] = [
    Edit(
      label: "a: gamma(2, 12) -> gamma(3, 10)",
      source: isolation(marginals: ["gamma(3, 10)", "beta(8, 2)", "normal(0, 1)"]), changed: ["a"]),
    Edit(
      label: "b: beta(8, 2) -> lognormal(0, 1)",
      source: isolation(marginals: ["gamma(2, 12)", "lognormal(0, 1)", "normal(0, 1)"]),
      changed: ["b"]),
    Edit(
      label: "c: normal(0, 1) -> exponential(2)",
      source: isolation(marginals: ["gamma(2, 12)", "beta(8, 2)", "exponential(2)"]),
      changed: ["c"]),
  ]

  static let correlationEdits: [Edit] = [
    Edit(
      label: "add a, c",
      source: isolation(correlations: [
        "correlate a, b: 0.35", "correlate b, c: 0.5", "correlate a, c: 0.2",
      ]), changed: ["c"]),
    Edit(
      label: "change b, c",
      source: isolation(correlations: ["correlate a, b: 0.35", "correlate b, c: 0.6"]),
      changed: ["c"]),
    Edit(
      label: "change a, b",
      source: isolation(correlations: ["correlate a, b: 0.5", "correlate b, c: 0.5"]),
      changed: ["b", "c"]),
    Edit(
      label: "declare the same pairs in another order",
      source: isolation(correlations: ["correlate c, b: 0.5", "correlate b, a: 0.35"]),
      changed: []),
  ]

  @Test("a marginal edit changes only that member, and not its ranks", arguments: marginalEdits)
  func marginalEditIsolated(_ edit: Edit) throws {
    let before = try EngineFixture.run(Self.isolation()).table("t")
    let after = try EngineFixture.run(edit.source).table("t")
    for column in ["a", "b", "c", "d"] where !edit.changed.contains(column) {
      #expect(before.values(column) == after.values(column), "\(column) changed")
    }
    for column in edit.changed {
      #expect(before.values(column) != after.values(column), "\(column) did not change")
      #expect(
        RunStats.ranks(before.doubles(column)) == RunStats.ranks(after.doubles(column)),
        "\(column): the latent (so the ranks) moved")
    }
  }

  @Test(
    "a correlation edit changes only the later member and those after it (Cholesky order)",
    arguments: correlationEdits)
  func correlationEditOrder(_ edit: Edit) throws {
    let before = try EngineFixture.run(Self.isolation()).table("t")
    let after = try EngineFixture.run(edit.source).table("t")
    for column in ["a", "b", "c", "d"] {
      let same = before.values(column) == after.values(column)
      #expect(same == !edit.changed.contains(column), "\(column): \(same ? "same" : "changed")")
    }
  }

  @Test("appending a member at the end of a group leaves the existing members unchanged")
  func appendMember() throws {
    let before = try EngineFixture.run(Self.isolation()).table("t")
    let extended = Self.isolation().replacingOccurrences(
      of: "}\n", with: "  e = weibull(2, 1)\n  correlate c, e: 0.3\n}\n")
    let after = try EngineFixture.run(extended).table("t")
    #expect(after.header == ["a", "b", "c", "d", "e"])
    for column in ["a", "b", "c", "d"] {
      #expect(before.values(column) == after.values(column), "\(column) changed")
    }
  }
}

// MARK: - Runs with observers

/// Every written value of a run, by table and column, as the engine produced it (before
/// formatting), so that statistics over 10⁵ rows need no CSV parsing.
struct CapturedTables: Sendable {
  var columns: [String: [String: [Value]]]

  /// A column's values; records an issue if there is no such column.
  func values(
    _ table: String, _ column: String, sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) -> [Value] {
    guard let v = columns[table]?[column] else {
      Issue.record("no column \(table).\(column)", sourceLocation: sourceLocation)
      return []
    }
    return v
  }

  /// Numbers (ints widened, booleans as 0/1); NaN for anything else.
  func doubles(
    _ table: String, _ column: String, sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) -> [Double] {
    values(table, column, sourceLocation: sourceLocation).map { v in
      if case .bool(let b) = v { return b ? 1 : 0 }
      return v.asDouble ?? .nan
    }
  }

  /// Integers; a value of another kind fails the test (one issue per column) and reads as
  /// `Int.min`.
  func ints(
    _ table: String, _ column: String, sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) -> [Int] {
    let all = values(table, column, sourceLocation: sourceLocation)
    if let bad = all.first(where: { if case .int = $0 { false } else { true } }) {
      Issue.record("\(table).\(column): \(bad) is not an int", sourceLocation: sourceLocation)
    }
    return all.map { v in
      if case .int(let i) = v { return Int(i) }
      return Int.min
    }
  }

  /// Texts (choice values are texts at run time); other values in their debug form.
  func texts(
    _ table: String, _ column: String, sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) -> [String] {
    values(table, column, sourceLocation: sourceLocation).map { v in
      if case .text(let s) = v { return s }
      return "\(v)"
    }
  }

  /// A choice column as the index of each value in `order` (-1 for a value not in it).
  func categoryIndices(
    _ table: String, _ column: String, order: [String],
    sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) -> [Double] {
    texts(table, column, sourceLocation: sourceLocation).map { s in
      Double(order.firstIndex(of: s) ?? -1)
    }
  }
}

/// A row observer that keeps every written value. Observers are called on one thread, in row
/// order, so appending chunk by chunk rebuilds each column exactly.
final class ValueCapture: RowObserver {
  private let program: Program
  private var columns: [[[Value]]]

  init(program: Program) {
    self.program = program
    columns = program.tables.map { [[Value]](repeating: [], count: $0.outputSlots.count) }
  }

  func observe(table: Int, chunk: Chunk, probes: [ValueColumn]) {
    for (c, values) in chunk.columns.enumerated() { columns[table][c] += values }
  }

  func finish(table: Int, rows: Int) {}

  /// The captured values by table and column name.
  var tables: CapturedTables {
    var result: [String: [String: [Value]]] = [:]
    for (t, table) in program.tables.enumerated() {
      var byName: [String: [Value]] = [:]
      for (c, s) in table.outputSlots.enumerated() { byName[table.slots[s].name] = columns[t][c] }
      result[table.name] = byName
    }
    return CapturedTables(columns: result)
  }
}

/// Runs a program into a temporary folder with observers attached.
enum ObservedRun {
  /// The written files' bytes by file name (empty unless kept) and every written value.
  struct Output {
    var files: [String: [UInt8]]
    var capture: CapturedTables
  }

  /// Runs `program` with `observers` and a value capture; `keepFiles: false` skips reading the
  /// files back (a 10⁵-row table is megabytes the statistics do not need). The folder is
  /// removed afterwards.
  static func run(
    _ program: Program, threads: Int = 1, chunkSize: Int = 4096, observers: [RowObserver] = [],
    keepFiles: Bool = true
  ) throws -> Output {
    let folder = EngineFixture.temporaryFolder("observed")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let capture = ValueCapture(program: program)
    _ = try ScenarioRunner.run(
      program,
      options: RunOptions(outputDirectory: folder, threads: threads, chunkSize: chunkSize),
      observers: observers + [capture])
    var files: [String: [UInt8]] = [:]
    for name in try FileManager.default.contentsOfDirectory(atPath: folder) where keepFiles && name != "scenario-manifest.json" {
      files[name] = [UInt8](try #require(FileManager.default.contents(atPath: folder + "/" + name)))
    }
    return Output(files: files, capture: capture.tables)
  }
}
