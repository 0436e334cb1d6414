import Foundation
import ScenarioKit
import ScenarioTestSupport
import Testing

/// A problem running a scenario in a test: compile errors or a failed run, already rendered.
struct HarnessError: Error, CustomStringConvertible {
  var description: String
}

/// What one run wrote: every table in generation order, with the bytes of its file.
struct RunOutput: Equatable, Sendable {
  /// One table's file.
  struct Table: Equatable, Sendable {
    var name: String
    var rows: Int
    /// The file's name inside the output folder (`users.csv`, `users.sql`).
    var fileName: String
    var bytes: [UInt8]
  }

  var tables: [Table]

  /// The table called `name`, if the run wrote it.
  func table(_ name: String) -> Table? { tables.first { $0.name == name } }

  /// Table names in generation order.
  var names: [String] { tables.map(\.name) }

  /// The golden `summary.txt`: one `table rows` line per table, in generation order.
  var summaryText: String { tables.map { "\($0.name) \($0.rows)\n" }.joined() }

  /// The table's CSV, parsed (only meaningful for CSV runs).
  func csv(_ name: String) -> CSVTable? { table(name).map { CSVTable(bytes: $0.bytes) } }
}

/// Compiles and runs scenarios through the public `ScenarioKit` facade, as an embedder would.
enum Harness {
  /// Shipped scenarios that read a database (source tables `from table`/`from query`), so run
  /// only against one: each is tested end to end by the suite named here, not by goldens.
  static let databaseOnly: [String: String] = [
    "toefl_sessions_real_bank": "ScenarioSQLiteTests.ToeflRealBankTests, ScenarioPostgresTests.PostgresTargetTests"
  ]

  /// The scenarios shipped in `scenarios/` that run into files, by name (file name without
  /// `.scenario`), sorted.
  static let shippedScenarios: [String] = {
    let folder = RepoPaths.absolute("scenarios")
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
    return names.filter { $0.hasSuffix(".scenario") && databaseOnly[String($0.dropLast(".scenario".count))] == nil }
      .map { String($0.dropLast(".scenario".count)) }
      .sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
  }()

  /// The options a shipped scenario's golden run uses: its small mode where it has one
  /// (tutor_quality's production mode writes megabytes; its dev mode is the golden).
  static func goldenOptions(_ name: String) -> CheckOptions {
    name == "tutor_quality" ? CheckOptions(mode: "dev") : CheckOptions()
  }

  /// The repository-relative path of a shipped scenario.
  static func scenarioPath(_ name: String) -> String { "scenarios/\(name).scenario" }

  /// Compiles a shipped scenario; throws with the rendered diagnostics when it has errors.
  static func compile(scenario name: String, options: CheckOptions = CheckOptions()) throws
    -> Program
  {
    let result: CompileResult
    do {
      result = try ScenarioCompiler.compile(
        path: RepoPaths.absolute(scenarioPath(name)), options: options)
    } catch {
      throw HarnessError(description: "\(error)")
    }
    return try program(of: result)
  }

  /// Compiles scenario text; throws with the rendered diagnostics when it has errors.
  static func compile(source: String, options: CheckOptions = CheckOptions()) throws -> Program {
    try program(
      of: ScenarioCompiler.compile(source: source, path: "inline.scenario", options: options))
  }

  /// The program of a successful compilation, or an error holding every diagnostic.
  private static func program(of result: CompileResult) throws -> Program {
    guard let program = result.program, result.errorCount == 0 else {
      let renderer = DiagnosticRenderer(style: .short, files: [result.file])
      throw HarnessError(description: "compile errors:\n" + renderer.render(result.diagnostics))
    }
    return program
  }

  /// Runs `program` and returns what it wrote. Without `folder` the run goes into a fresh
  /// temporary folder that is removed afterwards; with one, the files stay there.
  static func run(
    _ program: Program, format: OutputFormat = .csv, threads: Int = 0, chunkSize: Int = 4096,
    into folder: TemporaryFolder? = nil
  ) throws -> RunOutput {
    let target = try folder ?? TemporaryFolder("run")
    defer { if folder == nil { target.remove() } }
    let summary: RunSummary
    do {
      summary = try ScenarioRunner.run(
        program,
        options: RunOptions(
          outputDirectory: target.path, format: format, threads: threads, chunkSize: chunkSize))
    } catch {
      switch error {
      case .scenario(let d):
        throw HarnessError(description: "run-time error: \(d.message)")
      case .output(let message):
        throw HarnessError(description: "output error: \(message)")
      case .cancelled(let signal):
        throw HarnessError(description: "output error: interrupted by signal \(signal)")
      }
    }
    var tables: [RunOutput.Table] = []
    for t in summary.tables {
      guard let data = FileManager.default.contents(atPath: t.path) else {
        throw HarnessError(description: "cannot read \(t.path)")
      }
      if data.count != t.bytes {
        throw HarnessError(
          description: "\(t.name): the summary says \(t.bytes) bytes, the file has \(data.count)")
      }
      tables.append(
        RunOutput.Table(
          name: t.name, rows: t.rows, fileName: (t.path as NSString).lastPathComponent,
          bytes: [UInt8](data)))
    }
    return RunOutput(tables: tables)
  }

  /// Compiles and runs a shipped scenario.
  static func run(
    scenario name: String, options: CheckOptions = CheckOptions(), format: OutputFormat = .csv,
    threads: Int = 0, chunkSize: Int = 4096, into folder: TemporaryFolder? = nil
  ) throws -> RunOutput {
    try run(
      compile(scenario: name, options: options), format: format, threads: threads,
      chunkSize: chunkSize, into: folder)
  }

  /// Compiles and runs scenario text.
  static func run(
    source: String, options: CheckOptions = CheckOptions(), format: OutputFormat = .csv,
    threads: Int = 0, chunkSize: Int = 4096
  ) throws -> RunOutput {
    try run(
      compile(source: source, options: options), format: format, threads: threads,
      chunkSize: chunkSize)
  }
}

/// The three output forms every golden and determinism test covers.
enum OutputForm: String, CaseIterable, CustomTestStringConvertible, Sendable {
  case csv
  case sqlite
  case postgres

  /// The runner's format.
  var format: OutputFormat {
    switch self {
    case .csv: .csv
    case .sqlite: .sql(.sqlite)
    case .postgres: .sql(.postgres)
    }
  }

  /// The golden file name of a table in this form.
  func goldenName(_ table: String) -> String {
    switch self {
    case .csv: "\(table).csv"
    case .sqlite: "\(table).sqlite.sql"
    case .postgres: "\(table).postgres.sql"
    }
  }

  /// The file name the runner gives a table in this form.
  func outputName(_ table: String) -> String {
    self == .csv ? "\(table).csv" : "\(table).sql"
  }

  var testDescription: String { rawValue }
}
