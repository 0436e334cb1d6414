import Foundation
import ScenarioTestSupport
import Testing

/// Scenarios and helpers shared by the CLI suites.
enum CLIFixtures {
  /// The tutoring platform example scenario.
  static let tutoring = RepoPaths.absolute("scenarios/tutoring_platform.scenario")

  /// Tables of the tutoring scenario, in generation order.
  static let tutoringTables = [
    "users", "tutors", "students", "sessions", "session_metrics", "feedback",
    "transcript_highlights",
  ]

  /// Checks a usage error: exit 3, `scenario: error: …` on stderr, nothing on stdout.
  static func expectUsageError(
    _ arguments: [String], mentions text: String,
    sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) throws {
    let ws = try Workspace("usage")
    defer { ws.remove() }
    let r = try CLI.run(arguments, in: ws.path, sourceLocation: sourceLocation)
    #expect(r.status == 3, "\(arguments): \(r)", sourceLocation: sourceLocation)
    #expect(
      r.stderr.hasPrefix("scenario: error: "), "\(arguments): \(r)", sourceLocation: sourceLocation)
    #expect(
      r.stderr.contains(text), "\(arguments): stderr lacks '\(text)': \(r)",
      sourceLocation: sourceLocation)
    #expect(r.stdout.isEmpty, "\(arguments): \(r)", sourceLocation: sourceLocation)
    #expect(
      ws.entries().isEmpty, "\(arguments) wrote \(ws.entries())", sourceLocation: sourceLocation)
  }

  /// Parses the run summary's table lines: `  name  N rows  path`.
  static func summaryRows(_ stdout: String) -> [(name: String, rows: Int, path: String)] {
    stdout.split(separator: "\n").filter { $0.hasPrefix("  ") }.compactMap { line in
      let parts = line.split(separator: " ")
      guard parts.count == 4, let n = Int(parts[1]) else { return nil }
      return (String(parts[0]), n, String(parts[3]))
    }
  }

  /// The number of data rows of a CSV file (lines minus the header; no field here holds a
  /// line break).
  static func csvRowCount(_ text: String) -> Int {
    text.split(separator: "\n", omittingEmptySubsequences: true).count - 1
  }

  static let broken = """
    scenario bad
    seed 7

    table tutors [6] {
      persona star 2, solid 2
      tutor_id = "T" ++ pad(row + 1, 3)
      rating = beta(-1, 2)
      x = y + 1
      y = x * 2
      name = "a" * 2
      q = reliablity + 1
      reliability = 0.5
      s = unifrom(1, 2)
      z = tutor_id == 3 ? 1 : "a"
    }

    table sessions [10] {
      t = pick tutorz
      u = choice { "a" 50%, "b" 50% }
      v = u == "c"
    }

    """

  /// Every diagnostic of `broken`, in the short style (first line of each).
  static let brokenDiagnostics = [
    "bad.scenario:5:11: error[E0505]: persona counts of table 'tutors' add up to 4, fewer than its 6 rows",
    "bad.scenario:7:17: error[E0503]: invalid parameter for 'beta': alpha must be greater than 0",
    "bad.scenario:8:3: error[E0601]: column 'x' depends on itself: 'x' -> 'y' -> 'x'",
    "bad.scenario:10:16: error[E0401]: operator '*' cannot combine these types: 'text' and 'int'",
    "bad.scenario:11:7: error[E0301]: unknown column 'reliablity' in table 'tutors'",
    "bad.scenario:11:7: help: did you mean 'reliability'?",
    "bad.scenario:13:7: error[E0305]: unknown function 'unifrom'",
    "bad.scenario:14:19: error[E0401]: cannot compare 'text' with 'int'",
    "bad.scenario:18:12: error[E0303]: unknown table 'tutorz'",
    "bad.scenario:20:12: error[E0408]: \"c\" is not one of the values of this choice",
  ]
}
