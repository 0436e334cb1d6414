import Foundation
import ScenarioKit
import ScenarioTestSupport
import Testing

/// Every shipped scenario, run with its default parameters, matches its expected output under
/// `Tests/Golden/scenarios/<name>/` byte for byte (STYLE.md §1.12).
///
/// `SCENARIO_UPDATE_GOLDEN=1 swift test --filter ScenarioGoldenTests` rewrites the files and
/// still fails, so a change in the output is always reviewed in the diff.
@Suite("Golden output of shipped scenarios")
struct ScenarioGoldenTests {
  /// The golden folder of a scenario, relative to the repository root.
  static func goldenFolder(_ scenario: String) -> String {
    Golden.folder("scenarios/\(scenario)")
  }

  @Test("the repository ships at least one scenario")
  func scenariosExist() {
    #expect(Harness.shippedScenarios.contains("tutoring_platform"))
  }

  @Test("output matches the golden files", arguments: Harness.shippedScenarios)
  func matchesGolden(scenario: String) throws {
    let folder = Self.goldenFolder(scenario)
    var expectedFiles: Set<String> = ["summary.txt"]
    var summary: String? = nil
    for form in OutputForm.allCases {
      let out = try TemporaryFolder("golden-\(form.rawValue)")
      defer { out.remove() }
      let run = try Harness.run(
        scenario: scenario, options: Harness.goldenOptions(scenario), format: form.format, into: out)
      // The folder holds exactly the tables' files and the manifest: no stray files; and no
      // staging folder is left beside it.
      // The SQL forms add the load script, which is golden too.
      let load = form == .csv ? [] : [ScenarioRunner.loadScriptName]
      #expect(try out.entries() == (run.tables.map { form.outputName($0.name) } + load + ["scenario-manifest.json"]).sorted())
      if form != .csv {
        let golden = "scenario-load.\(form.rawValue).sql"
        expectedFiles.insert(golden)
        let bytes = FileManager.default.contents(atPath: out.path + "/" + ScenarioRunner.loadScriptName).map { [UInt8]($0) } ?? []
        if let problem = Golden.compareBytes(actual: bytes, expectedFile: folder + "/" + golden) {
          Issue.record(Comment(rawValue: problem))
        }
      }
      let parent = (out.path as NSString).deletingLastPathComponent
      let name = (out.path as NSString).lastPathComponent
      #expect(try FileManager.default.contentsOfDirectory(atPath: parent).filter { $0.hasPrefix(".\(name).scenario-staging-") }.isEmpty)
      if let summary {
        #expect(run.summaryText == summary, "\(form): tables or row counts differ from CSV")
      } else {
        summary = run.summaryText
      }
      for table in run.tables {
        #expect(table.fileName == form.outputName(table.name))
        let golden = folder + "/" + form.goldenName(table.name)
        expectedFiles.insert(form.goldenName(table.name))
        if let problem = Golden.compareBytes(actual: table.bytes, expectedFile: golden) {
          Issue.record(Comment(rawValue: problem))
        }
      }
    }
    if let summary,
      let problem = Golden.compare(actual: summary, expectedFile: folder + "/summary.txt")
    {
      Issue.record(Comment(rawValue: problem))
    }
    checkNoStaleFiles(in: folder, expected: expectedFiles)
  }

  /// Golden files that no table produces any more (a renamed or removed table) fail the test;
  /// when updating they are deleted, and the test still fails.
  private func checkNoStaleFiles(
    in folder: String, expected: Set<String>,
    sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) {
    let path = RepoPaths.absolute(folder)
    let present = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
    for name in present.sorted() where !expected.contains(name) && !name.hasPrefix(".") {
      if Golden.isUpdating {
        try? FileManager.default.removeItem(atPath: path + "/" + name)
        Issue.record("removed stale golden file \(folder)/\(name)", sourceLocation: sourceLocation)
      } else {
        let message =
          "stale golden file \(folder)/\(name): no table writes it (run with "
          + "\(Golden.updateVariable)=1 to remove it)"
        Issue.record(Comment(rawValue: message), sourceLocation: sourceLocation)
      }
    }
  }
}
