import Foundation
import ScenarioKit
import Testing

/// `expect` statements checked on generated data: every form passes where the data satisfies
/// it and fails where the data violates it, and its measured value equals a direct computation
/// from the written CSV; date and duration units; results independent of threads and chunks.
@Suite("Expectations on generated data")
struct ExpectationRunTests {
  /// The generated data. `x` and `y` are correlated normals; `flag` holds on exactly 30% of the
  /// rows; `dup` repeats; `bad_tutor` is a text that looks like a tutor key but is not built by
  /// `pick`, so 10 values in 50 name no tutor; `ts` spans 20 days from 2024-06-01.
  static let data = """
    scenario expectations
    seed 21
    now 2024-06-30T00:00:00
    table tutors [40] {
      key tutor_id
      tutor_id = "T" ++ pad(row, 2)
    }
    table t [1000] {
      key id
      id = row
      x = normal(50, 10)
      y = x * 0.5 + normal(0, 5)
      flag = row % 10 < 3
      big = x >= 60
      let tutor = pick tutors
      tutor_id = tutor
      bad_tutor = "T" ++ pad(row % 50, 2)
      dup = row % 400
      maybe = row % 4 == 0 ? null : row
      offset = uniform_int(0, 20 * 86400)
      ts = 2024-06-01T00:00:00 + seconds(offset)
      day = date(ts)
      dur_s = uniform_int(1800, 3600)
      dur = seconds(dur_s)
    }

    """

  /// One statement after `expect t: `, whether it must pass, and its measured value computed
  /// directly from the CSV.
  struct Case: CustomTestStringConvertible, Sendable {
    var text: String
    var passes: Bool
    var direct: @Sendable (Direct) -> Double
    var testDescription: String { (passes ? "pass: " : "fail: ") + text }
    init(_ text: String, _ passes: Bool, _ direct: @escaping @Sendable (Direct) -> Double) {
      (self.text, self.passes, self.direct) = (text, passes, direct)
    }
  }

  /// 2024-06-01 as days since 1970-01-01.
  static let june1 = 19_875.0

  static let cases: [Case] = [
    // count
    Case("count == 1000", true) { _ in 1000 },
    Case("count in 900..1100", true) { _ in 1000 },
    Case("count > 2000", false) { _ in 1000 },
    // rate and share
    Case("rate(flag) ~ 0.3 +- 0.001", true) { $0.rate("flag") },
    Case("share(flag) >= 0.3", true) { $0.rate("flag") },
    Case("rate(flag) ~ 0.5 +- 0.01", false) { $0.rate("flag") },
    // moments and order statistics
    Case("mean(x) ~ 50 +- 2", true) { RunStats.mean($0.numbers("x")) },
    Case("40 <= mean(x)", true) { RunStats.mean($0.numbers("x")) },
    Case("60 <= mean(x)", false) { RunStats.mean($0.numbers("x")) },
    Case("mean(x) ~ 60 +- 1", false) { RunStats.mean($0.numbers("x")) },
    Case("mean(x) != 0", true) { RunStats.mean($0.numbers("x")) },
    Case("mean(x) < 45", false) { RunStats.mean($0.numbers("x")) },
    Case("sd(x) ~ 10 +- 1", true) { RunStats.sd($0.numbers("x")) },
    Case("sd(x) < 5", false) { RunStats.sd($0.numbers("x")) },
    Case("min(x) < 40", true) { $0.numbers("x").min() ?? .nan },
    Case("min(x) > 40", false) { $0.numbers("x").min() ?? .nan },
    Case("max(x) > 60", true) { $0.numbers("x").max() ?? .nan },
    Case("max(x) <= 60", false) { $0.numbers("x").max() ?? .nan },
    Case("median(x) in 45..55", true) { Direct.quantile($0.numbers("x"), 0.5) },
    Case("median(x) in 60..70", false) { Direct.quantile($0.numbers("x"), 0.5) },
    Case("quantile(x, 0.9) ~ 62.8 +- 2", true) { Direct.quantile($0.numbers("x"), 0.9) },
    Case("quantile(x, 0.9) <= 55", false) { Direct.quantile($0.numbers("x"), 0.9) },
    Case("mean(flag) ~ 0.3 +- 0.001", true) { $0.rate("flag") },
    Case("quantile(x, 0) < 40", true) { $0.numbers("x").min() ?? .nan },
    Case("quantile(x, 1) > 60", true) { $0.numbers("x").max() ?? .nan },
    Case("mean(maybe) ~ 500 +- 5", true) { RunStats.mean($0.numbers("maybe")) },
    Case("mean(maybe) == 0", false) { RunStats.mean($0.numbers("maybe")) },
    // correlations
    Case("pearson(x, y) > 0.6", true) { RunStats.pearson($0.numbers("x"), $0.numbers("y")) },
    Case("pearson(x, y) < 0.2", false) { RunStats.pearson($0.numbers("x"), $0.numbers("y")) },
    Case("spearman(x, y) in 0.6..0.8", true) {
      RunStats.spearman($0.numbers("x"), $0.numbers("y"))
    },
    Case("rank_corr(x, y) ~ 0 +- 0.1", false) {
      RunStats.spearman($0.numbers("x"), $0.numbers("y"))
    },
    // every-row conditions and implications: the number of violating rows
    Case("x > 0", true) { d in Double(d.numbers("x").filter { !($0 > 0) }.count) },
    Case("x < 50", false) { d in Double(d.numbers("x").filter { !($0 < 50) }.count) },
    Case("big implies x >= 60", true) { _ in 0 },
    Case("flag implies x < 45", false) { d in
      let (flag, x) = (d.column("flag"), d.numbers("x"))
      return Double(x.indices.filter { flag[$0] == "true" && !(x[$0] < 45) }.count)
    },
    // uniqueness and references: duplicates and unresolved values
    Case("unique(id)", true) { _ in 0 },
    Case("unique(dup)", false) { d in Double(1000 - Set(d.column("dup")).count) },
    Case("references(tutor_id, tutors.tutor_id)", true) { d in
      Double(d.column("tutor_id").filter { !d.tutorKeys.contains($0) }.count)
    },
    Case("references(bad_tutor, tutors.tutor_id)", false) { d in
      Double(d.column("bad_tutor").filter { !d.tutorKeys.contains($0) }.count)
    },
    // units: date-times and durations in seconds, dates in days
    Case("mean(ts) ~ 2024-06-11 +- 2d", true) { d in
      june1 * 86_400 + RunStats.mean(d.numbers("offset"))
    },
    Case("mean(ts) ~ 2024-07-01 +- 1d", false) { d in
      june1 * 86_400 + RunStats.mean(d.numbers("offset"))
    },
    Case("max(ts) <= 2024-06-21", true) { d in june1 * 86_400 + (d.numbers("offset").max() ?? 0) },
    Case("min(day) >= 2024-06-01", true) { d in d.column("day").map(Direct.days).min() ?? .nan },
    Case("mean(day) ~ 2024-06-10T12:00:00 +- 1d", true) { d in
      RunStats.mean(d.column("day").map(Direct.days))
    },
    Case("mean(day) ~ 2024-06-20 +- 36h", false) { d in
      RunStats.mean(d.column("day").map(Direct.days))
    },
    Case("mean(dur) ~ 45m +- 2m", true) { RunStats.mean($0.numbers("dur_s")) },
    Case("quantile(dur, 0.5) in 30m..1h", true) { Direct.quantile($0.numbers("dur_s"), 0.5) },
    Case("mean(dur) ~ 1h +- 1m", false) { RunStats.mean($0.numbers("dur_s")) },
  ]

  static var source: String { data + cases.map { "expect t: " + $0.text + "\n" }.joined() }

  /// The run: results by statement text, and the CSV read back.
  static let output: Result<([String: ExpectationResult], Direct), any Error> = Result {
    let program = try EngineFixture.compile(source)
    let checker = ExpectationChecker(program: program)
    let run = try ObservedRun.run(program, observers: [checker])
    let text = { (name: String) in String(decoding: run.files[name] ?? [], as: UTF8.self) }
    let results = Dictionary(checker.results.map { ($0.text, $0) }, uniquingKeysWith: { a, _ in a })
    return (
      results, Direct(t: CSVTable(text: text("t.csv")), tutors: CSVTable(text: text("tutors.csv")))
    )
  }

  @Test("passes or fails as built, measuring what the CSV gives", arguments: cases)
  func form(_ c: Case) throws {
    let (results, direct) = try Self.output.get()
    let r = try #require(results[c.text], "no result for '\(c.text)' in \(results.keys.sorted())")
    #expect(r.passed == c.passes, "\(r.measuredText) vs \(r.target): \(r.detail ?? "")")
    let expected = c.direct(direct)
    let tolerance = 1e-9 * max(1, abs(expected))
    #expect(abs(r.measured - expected) <= tolerance, "measured \(r.measured), direct \(expected)")
    if !c.passes && c.text.contains(" ~ ") {
      #expect(r.detail?.hasPrefix("off by ") == true, "detail: \(r.detail ?? "none")")
    }
  }

  @Test("every statement has a result, in declaration order")
  func allResults() throws {
    let program = try EngineFixture.compile(Self.source)
    #expect(program.expectations.map(\.text) == Self.cases.map(\.text))
  }

  @Test("reports show dates, date-times and durations in their units")
  func unitsInReport() throws {
    let (results, _) = try Self.output.get()
    let ts = try #require(results["mean(ts) ~ 2024-06-11 +- 2d"])
    #expect(ts.measuredText.hasPrefix("2024-06-1"), "\(ts.measuredText)")
    #expect(ts.target.contains("2024-06-11"), "\(ts.target)")
    let day = try #require(results["min(day) >= 2024-06-01"])
    #expect(day.measuredText == "2024-06-01", "\(day.measuredText)")
    let dur = try #require(results["mean(dur) ~ 45m +- 2m"])
    #expect(dur.measuredText.hasPrefix("PT4"), "\(dur.measuredText)")
    #expect(dur.target.contains("PT45M"), "\(dur.target)")
  }

  @Test("failure details name the offending rows and values")
  func details() throws {
    let (results, _) = try Self.output.get()
    let refs = try #require(results["references(bad_tutor, tutors.tutor_id)"])
    #expect(
      refs.detail?.contains("200 of 1000 values do not resolve") == true, "\(refs.detail ?? "")")
    #expect(refs.detail?.contains("'T40' (row 40)") == true, "\(refs.detail ?? "")")
    let dup = try #require(results["unique(dup)"])
    #expect(dup.detail?.contains("rows 0 and 400") == true, "\(dup.detail ?? "")")
    let rows = try #require(results["x < 50"])
    #expect(rows.detail?.contains("of 1000 rows violate it") == true, "\(rows.detail ?? "")")
  }

  @Test(
    "numeric aggregates reject text columns at compile time")
  func textIsNotANumber() throws {
    for statement in ["mean(word) ~ 1 +- 1", "pearson(word, id) > 0", "max(word) > 0"] {
      let source =
        "scenario s\nseed 1\ntable p [10] {\n  id = row\n  word = \"w\" ++ pad(row, 2)\n}\n"
        + "expect p: \(statement)\n"
      let result = ScenarioCompiler.compile(source: source, path: "s.scenario")
      let errors = result.diagnostics.filter { $0.severity == .error }
      #expect(
        errors.map(\.code) == [.argumentTypeMismatch], "\(statement): \(errors.map(\.message))")
    }
    // Rank correlations do rank texts (alphabetically).
    let ok = "scenario s\nseed 1\ntable p [10] {\n  id = row\n  word = \"w\" ++ pad(row, 2)\n}\n"
    #expect(
      ScenarioCompiler.compile(source: ok + "expect p: spearman(word, id) > 0.9\n", path: "s")
        .errorCount
        == 0)
  }

  @Test("results and reports are identical for any threads and chunk size")
  func invariance() throws {
    let program = try EngineFixture.compile(Self.source)
    func results(_ threads: Int, _ chunk: Int) throws -> [ExpectationResult] {
      let checker = ExpectationChecker(program: program)
      _ = try ObservedRun.run(
        program, threads: threads, chunkSize: chunk, observers: [checker], keepFiles: false)
      return checker.results
    }
    let reference = try results(1, 4096)
    #expect(reference.count == Self.cases.count)
    let text = ExpectationChecker.render(reference, color: false)
    let json = ExpectationChecker.renderJSON(reference)
    for (threads, chunk) in [(2, 4096), (1, 1), (2, 7), (1, 333)] {
      let other = try results(threads, chunk)
      #expect(other == reference, "threads \(threads), chunk size \(chunk)")
      #expect(ExpectationChecker.render(other, color: false) == text)
      #expect(ExpectationChecker.renderJSON(other) == json)
    }
  }
}

/// Values read back from the written CSV, for direct computation.
struct Direct: Sendable {
  var t: CSVTable
  var tutors: CSVTable

  /// A column of `t` as written ("<null>" for null).
  func column(_ name: String) -> [String] { t.values(name) }

  /// The non-null numbers of a column of `t`.
  func numbers(_ name: String) -> [Double] { t.column(name).compactMap { $0.flatMap(Double.init) } }

  /// The share of rows whose boolean is true.
  func rate(_ name: String) -> Double {
    Double(column(name).filter { $0 == "true" }.count) / Double(t.rows.count)
  }

  /// The tutor keys.
  var tutorKeys: Set<String> { Set(tutors.values("tutor_id")) }

  /// Type-7 quantile (linear interpolation between order statistics).
  static func quantile(_ values: [Double], _ p: Double) -> Double {
    let x = values.sorted()
    let h = Double(x.count - 1) * p
    let lo = Int(h.rounded(.down))
    let hi = min(lo + 1, x.count - 1)
    return x[lo] + (h - Double(lo)) * (x[hi] - x[lo])
  }

  /// Days since 1970-01-01 of a `YYYY-MM-DD` text (Hinnant's days-from-civil).
  static func days(_ text: String) -> Double {
    let parts = text.split(separator: "-").compactMap { Int($0) }
    guard parts.count == 3 else { return .nan }
    let (m, d) = (parts[1], parts[2])
    let y = parts[0] - (m <= 2 ? 1 : 0)
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return Double(era * 146_097 + doe - 719_468)
  }
}
