import Foundation
import ScenarioDiagnostics
import ScenarioKit
import ScenarioTestSupport
import Testing

/// Scenarios that compile but fail while generating rows (`Tests/Golden/runtime/`). Each run must
/// stop with `RunError.scenario` carrying the fixture's R07xx diagnostic at the annotated
/// position, render as its `.stderr` golden, and leave no table file behind (the runner moves
/// files into place only after the whole run succeeded).
///
/// A fixture may start with `# format: csv` (the default), `# format: sql-sqlite` or
/// `# format: sql-postgres`. The `.stderr` golden holds the rendered diagnostic only; the closing
/// line is the CLI's and is tested with it.
@Suite struct RuntimeErrorTests {
  static let fixtures = Golden.files("runtime", ext: "scenario")

  /// Fixtures that fail for a known bug outside the test suite, with the reason. The test still
  /// runs inside `withKnownIssue`, so it starts failing (and must leave this list) once fixed.
  static let knownIssues: [String: String] = [:]

  @Test(arguments: fixtures)
  func failsWithDiagnostic(_ name: String) throws {
    let fixture = try ErrorFixture(folder: "runtime", name: name)
    let compiled = fixture.compile()
    #expect(compiled.diagnostics.isEmpty, "a run-time fixture must compile cleanly")
    let program = try #require(compiled.program)
    let format = try Self.format(fixture.directives["format"])
    if let reason = Self.knownIssues[name] {
      withKnownIssue(Comment(rawValue: reason)) {
        try check(fixture, program, format)
      }
    } else {
      try check(fixture, program, format)
    }
  }

  /// Runs the program twice (one thread; four threads with small chunks) and checks the error.
  func check(_ fixture: ErrorFixture, _ program: Program, _ format: OutputFormat) throws {
    let first = try failure(program, RunOptions(outputDirectory: "", format: format, threads: 1))
    let second = try failure(
      program, RunOptions(outputDirectory: "", format: format, threads: 4, chunkSize: 3))
    #expect(first == second, "the reported failure depends on threads or chunk size")
    let found = [fixture.annotation(for: first)]
    for problem in Annotations.mismatches(expected: fixture.annotations, found: found) {
      Issue.record(Comment(rawValue: "\(fixture.path): \(problem)"))
    }
    let file = SourceFile(id: 0, path: fixture.path, bytes: fixture.bytes)
    let text = DiagnosticRenderer(style: .rich, color: false, files: [file]).render([first])
    if let message = Golden.compare(actual: text, expectedFile: fixture.goldenPath) {
      Issue.record(Comment(rawValue: message))
    }
  }

  /// Runs into a fresh folder, expects a scenario error, and checks that nothing was written.
  func failure(_ program: Program, _ template: RunOptions) throws -> Diagnostic {
    let folder =
      FileManager.default.temporaryDirectory.path + "/scenario-runtime-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    var options = template
    options.outputDirectory = folder
    var diagnostic: Diagnostic? = nil
    do {
      let summary = try ScenarioRunner.run(program, options: options)
      Issue.record("the run succeeded and wrote \(summary.tables.map(\.name))")
    } catch {
      switch error {
      case .scenario(let d): diagnostic = d
      case .output(let message):
        Issue.record("expected a scenario error, got an output error: \(message)")
      case .cancelled(let signal):
        Issue.record("expected a scenario error, got an output error: interrupted by signal \(signal)")
      }
    }
    let left = try FileManager.default.contentsOfDirectory(atPath: folder)
    #expect(left.isEmpty, "a failed run left files behind: \(left.sorted())")
    return try #require(diagnostic)
  }

  /// The output format named by a `# format:` directive.
  static func format(_ name: String?) throws -> OutputFormat {
    switch name ?? "csv" {
    case "csv": return .csv
    case "sql-sqlite": return .sql(.sqlite)
    case "sql-postgres": return .sql(.postgres)
    case let other:
      Issue.record("unknown '# format: \(other)' (use csv, sql-sqlite or sql-postgres)")
      return .csv
    }
  }
}
