import Foundation
import ScenarioKit
import ScenarioTestSupport
import Testing

/// One shipped scenario in one of its modes (nil: the defaults).
struct ScenarioMode: CustomTestStringConvertible, Sendable {
  var scenario: String
  var mode: String?

  var testDescription: String { scenario + (mode.map { " --mode \($0)" } ?? "") }
  var options: CheckOptions { mode.map { CheckOptions(mode: $0) } ?? CheckOptions() }

  /// Every shipped scenario, with its defaults and each `mode NAME { ... }` it declares.
  static let all: [ScenarioMode] = Harness.shippedScenarios.flatMap { name -> [ScenarioMode] in
    let text = (try? String(contentsOfFile: RepoPaths.absolute(Harness.scenarioPath(name)), encoding: .utf8)) ?? ""
    let modes = text.split(separator: "\n").compactMap { line -> String? in
      let words = line.split(separator: " ")
      return words.count >= 2 && words[0] == "mode" ? String(words[1]) : nil
    }
    return [ScenarioMode(scenario: name, mode: nil)] + modes.map { ScenarioMode(scenario: name, mode: $0) }
  }
}

/// What a run wrote and measured: the files of each form, and the expectation results.
struct RoundTripRun {
  var program: Program
  var csv: TemporaryFolder
  var sqlite: TemporaryFolder
  var postgres: TemporaryFolder
  var tables: [String]
  var results: [ExpectationResult]

  init(_ subject: ScenarioMode) throws {
    program = try Harness.compile(scenario: subject.scenario, options: subject.options)
    csv = try TemporaryFolder("roundtrip-csv")
    sqlite = try TemporaryFolder("roundtrip-sqlite")
    postgres = try TemporaryFolder("roundtrip-postgres")
    let checker = ExpectationChecker(program: program)
    let summary = try ScenarioRunner.run(
      program, options: RunOptions(outputDirectory: csv.path, format: .csv), observers: [checker])
    results = checker.results
    // In load order: a table after the tables it refers to.
    tables = ScenarioRunner.loadOrder(program)
    #expect(Set(tables) == Set(summary.tables.map { (($0.path as NSString).lastPathComponent as NSString).deletingPathExtension }))
    _ = try Harness.run(program, format: .sql(.sqlite), into: sqlite)
    _ = try Harness.run(program, format: .sql(.postgres), into: postgres)
  }

  func remove() {
    for f in [csv, sqlite, postgres] { f.remove() }
  }

  /// The scenario's `now` as the harness reads it.
  var nowText: String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ss"
    return formatter.string(from: Date(timeIntervalSince1970: Double(program.now)))
  }

  /// Runs `Tests/RoundTrip/roundtrip.py` on the files.
  func harness() throws -> CommandLineTool.Result {
    try CommandLineTool.run(
      "python3",
      [
        RepoPaths.absolute("Tests/RoundTrip/roundtrip.py"), "--spec", program.name, "--now", nowText,
        "--tables", tables.joined(separator: ","), "--csv", csv.path, "--sqlite", sqlite.path,
        "--postgres", postgres.path,
      ])
  }
}

/// The written files agree with themselves and with every reader (issue 9): `run` and
/// `check --data` measure the same figures on the same files, and an independent harness in
/// Python (`Tests/RoundTrip/roundtrip.py`) reads the CSV files, loads the SQL scripts into SQLite
/// and PostgreSQL, and recomputes foreign keys, aggregates and rules from the written rows.
@Suite("Round trip through the written files", .serialized)
struct RoundTripTests {
  /// One run per scenario and mode serves both checks (generating is the slow part).
  @Test("run and check --data measure the same; the independent harness holds", arguments: ScenarioMode.all)
  func roundTrip(subject: ScenarioMode) throws {
    let run = try RoundTripRun(subject)
    defer { run.remove() }
    try runAndCheckAgree(run)
    try harnessHolds(run)
  }

  /// `run` and `check --data` report the same figure, digit for digit, for every expectation
  /// that the files can answer.
  func runAndCheckAgree(_ run: RoundTripRun) throws {
    // `check --data`: the expectations the files can answer, measured on the files.
    var program = run.program
    let skipped = Set(DataReplay.uncheckable(program).map(\.index))
    let kept = program.expectations.indices.filter { !skipped.contains($0) }
    program.expectations = DataReplay.forFiles(kept.map { program.expectations[$0] })
    let checker = ExpectationChecker(program: program)
    try DataReplay.run(program, directory: run.csv.path, observers: [checker])
    let fromFiles = checker.results
    #expect(fromFiles.count == kept.count)
    #expect(kept.count > 0 || run.program.expectations.isEmpty)
    for (k, i) in kept.enumerated() {
      let generated = run.results[i]
      let read = fromFiles[k]
      let same = generated.measured.bitPattern == read.measured.bitPattern || (generated.measured.isNaN && read.measured.isNaN)
      #expect(
        same && generated.measuredText == read.measuredText && generated.n == read.n,
        "\(generated.text): run measured \(generated.measuredText) (n \(generated.n)), check --data \(read.measuredText) (n \(read.n))")
      #expect(generated.passed == read.passed, "\(generated.text)")
    }
  }

  /// The harness reads the files, loads the scripts, recomputes keys, aggregates and rules.
  func harnessHolds(_ run: RoundTripRun) throws {
    try #require(CommandLineTool.exists("python3"), "the round-trip harness needs python3 (.ci/run installs it)")
    let result = try run.harness()
    #expect(result.status == 0, "\(result.output)\(result.errors)")
    #expect(result.output.contains(" checks hold, 0 do not"), "\(result.output)")
  }

  @Test("the harness reports a written aggregate that its rows do not give")
  func harnessCatchesATamperedAggregate() throws {
    try #require(CommandLineTool.exists("python3"))
    let run = try RoundTripRun(ScenarioMode(scenario: "tutor_quality", mode: "dev"))
    defer { run.remove() }
    let path = run.csv.file("tutor_aggregates.csv")
    var lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    // Row 1, avg_rating_30d (the fourth column) moved by 0.01.
    var fields = lines[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    let written = try #require(Double(fields[3]))
    fields[3] = String(format: "%.2f", written + 0.01)
    lines[1] = fields.joined(separator: ",")
    try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
    let result = try run.harness()
    #expect(result.status == 1, "\(result.output)")
    #expect(result.output.contains("tutor_aggregates.avg_rating_30d of \(fields[0])"), "\(result.output)")
    // The SQLite load no longer matches the CSV either.
    #expect(result.output.contains("sqlite: tutor_aggregates row 1, avg_rating_30d"), "\(result.output)")
  }
}
