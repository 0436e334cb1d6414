import Foundation
import ScenarioTestSupport
import Testing

/// `scenario run` with `expect` statements and `--profile`: the report on stdout, exit code 1
/// for failed expectations (the data is still written), `--expectations warn`, and the profile
/// as text and as `profile.json`.
@Suite("CLI expectations and profile")
struct ExpectationCLITests {
  /// A small scenario whose data is exact (no draw decides a target), plus `extra` statements.
  static func scenario(_ extra: String = "") -> String {
    """
    scenario checked
    seed 3
    now 2024-06-30T00:00:00
    table people [200] {
      key id
      id = row
      age = 20 + row % 20
      member = row % 4 == 0
      kind = choice { "a" 1, "b" 1 }
      joined = date(now - days(row % 10))
    }
    expect people: count == 200
    expect people: rate(member) ~ 0.25 +- 0.01
    expect people: mean(age) in 25..35
    expect people: unique(id)
    expect people: age >= 20
    \(extra)
    """
  }

  /// The report's lines that start with a status.
  static func statusLines(_ stdout: String) -> [Substring] {
    stdout.split(separator: "\n").filter { $0.hasPrefix("PASS") || $0.hasPrefix("FAIL") }
  }

  @Test("all expectations pass: exit 0, the report on stdout, nothing on stderr")
  func allPass() throws {
    let ws = try Workspace("expect-pass")
    defer { ws.remove() }
    let file = try ws.write("checked.scenario", Self.scenario())
    let r = try CLI.run(["run", file, "--out", "out"], in: ws.path)
    #expect(r.status == 0, "\(r)")
    #expect(r.stderr.isEmpty, "\(r)")
    #expect(r.stdout.contains("status  table   expectation"), "\(r)")
    let lines = Self.statusLines(r.stdout)
    #expect(lines.count == 5, "\(r)")
    #expect(lines.allSatisfy { $0.hasPrefix("PASS") }, "\(r)")
    #expect(lines.first?.contains("count == 200") == true)
    #expect(r.stdout.contains("expectations: 5 passed, 0 failed"), "\(r)")
    #expect(ws.entries("out") == ["people.csv", "scenario-manifest.json"])
  }

  @Test("a failed expectation: exit 1, the data still written, FAIL and its detail shown")
  func oneFails() throws {
    let ws = try Workspace("expect-fail")
    defer { ws.remove() }
    let file = try ws.write("checked.scenario", Self.scenario("expect people: mean(age) ~ 50 +- 1"))
    let r = try CLI.run(["run", file, "--out", "out"], in: ws.path)
    #expect(r.status == 1, "\(r)")
    #expect(ws.entries("out") == ["people.csv", "scenario-manifest.json"], "the data is written even when a check fails")
    #expect(CLIFixtures.csvRowCount(try ws.read("out/people.csv")) == 200)
    let fails = Self.statusLines(r.stdout).filter { $0.hasPrefix("FAIL") }
    #expect(fails.count == 1, "\(r)")
    #expect(fails.first?.contains("mean(age) ~ 50 +- 1") == true, "\(r)")
    #expect(fails.first?.contains("29.5") == true, "mean of 20 + row % 20: \(r)")
    #expect(r.stdout.contains("off by 20.5 (tolerance 1)"), "\(r)")
    #expect(r.stdout.contains("expectations: 5 passed, 1 failed"), "\(r)")
    #expect(r.stderr.contains("1 expectation failed"), "\(r)")
    #expect(!r.stdout.contains("\u{1B}["), "no colour when stdout is not a terminal")
  }

  @Test("--quiet: nothing when every expectation passes, the report when one fails")
  func quietShowsOnlyFailures() throws {
    let ws = try Workspace("expect-quiet")
    defer { ws.remove() }
    let passing = try ws.write("pass.scenario", Self.scenario())
    let quiet = try CLI.run(["run", passing, "--out", "out", "--quiet"], in: ws.path)
    #expect(quiet.status == 0 && quiet.stdout.isEmpty && quiet.stderr.isEmpty, "\(quiet)")
    let failing = try ws.write("fail.scenario", Self.scenario("expect people: mean(age) ~ 50 +- 1"))
    let loud = try CLI.run(["run", failing, "--out", "out2", "--quiet"], in: ws.path)
    #expect(loud.status == 1, "\(loud)")
    #expect(Self.statusLines(loud.stdout).filter { $0.hasPrefix("FAIL") }.count == 1, "\(loud)")
    #expect(!loud.stdout.contains("rows  out2/"), "no summary with --quiet: \(loud)")
    #expect(loud.stderr.contains("1 expectation failed"), "\(loud)")
  }

  @Test("--expectations warn: exit 0 with the failure shown; fail is the default")
  func warnOnly() throws {
    let ws = try Workspace("expect-warn")
    defer { ws.remove() }
    let file = try ws.write(
      "checked.scenario", Self.scenario("expect people: unique(kind)\nexpect people: age < 30"))
    let warn = try CLI.run(["run", file, "--out", "out", "--expectations", "warn"], in: ws.path)
    #expect(warn.status == 0, "\(warn)")
    let fails = Self.statusLines(warn.stdout).filter { $0.hasPrefix("FAIL") }
    #expect(fails.count == 2, "\(warn)")
    #expect(warn.stdout.contains("expectations: 5 passed, 2 failed"), "\(warn)")
    #expect(ws.entries("out") == ["people.csv", "scenario-manifest.json"])
    let explicit = try CLI.run(["run", file, "--out", "o2", "--expectations=fail"], in: ws.path)
    #expect(explicit.status == 1, "\(explicit)")
    #expect(explicit.stderr.contains("2 expectations failed"), "\(explicit)")
  }

  @Test("--expectations takes fail, warn or off")
  func badMode() throws {
    try CLIFixtures.expectUsageError(
      ["run", CLIFixtures.tutoring, "--expectations", "ignore"], mentions: "fail, warn or off")
  }

  @Test("--expectations off: nothing measured or reported, exit 0, the same files")
  func off() throws {
    let ws = try Workspace("expect-off")
    defer { ws.remove() }
    let file = try ws.write(
      "checked.scenario", Self.scenario("expect people: unique(kind)\nexpect people: age < 30"))
    let off = try CLI.run(["run", file, "--out", "off", "--expectations", "off"], in: ws.path)
    #expect(off.status == 0, "\(off)")
    #expect(!off.stdout.contains("expectations:"), "\(off)")
    #expect(Self.statusLines(off.stdout).isEmpty, "\(off)")
    let checked = try CLI.run(["run", file, "--out", "on", "--expectations", "warn"], in: ws.path)
    #expect(checked.status == 0)
    #expect(try ws.read("off/people.csv") == ws.read("on/people.csv"))
  }

  @Test("--profile prints the profile and writes profile.json, valid JSON")
  func profile() throws {
    let ws = try Workspace("profile")
    defer { ws.remove() }
    let file = try ws.write("checked.scenario", Self.scenario())
    let r = try CLI.run(["run", file, "--out", "out", "--profile"], in: ws.path)
    #expect(r.status == 0, "\(r)")
    #expect(r.stdout.contains("people: 200 rows"), "\(r)")
    #expect(r.stdout.contains("  age: int"), "\(r)")
    #expect(r.stdout.contains("min 20,"), "\(r)")
    #expect(r.stdout.contains("'a'"), "categories are listed: \(r)")
    #expect(r.stdout.contains("wrote out/profile.json"), "\(r)")
    #expect(ws.entries("out") == ["people.csv", "profile.json", "scenario-manifest.json"])
    let data = try #require(ws.bytes("out/profile.json"))
    let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    let tables = try #require(json["tables"] as? [[String: Any]])
    #expect(tables.count == 1)
    #expect(tables.first?["name"] as? String == "people")
    #expect((tables.first?["rows"] as? NSNumber)?.intValue == 200)
    let columns = try #require(tables.first?["columns"] as? [[String: Any]])
    #expect(
      columns.compactMap { $0["name"] as? String } == ["id", "age", "member", "kind", "joined"])
    let age = try #require(columns.first { $0["name"] as? String == "age" })
    let mean = try #require((age["mean"] as? NSNumber)?.doubleValue)
    #expect(abs(mean - 29.5) < 1e-9, "\(age)")
    #expect((age["min"] as? NSNumber)?.doubleValue == 20, "\(age)")
    #expect((age["max"] as? NSNumber)?.doubleValue == 39, "\(age)")
    let joined = try #require(columns.first { $0["name"] as? String == "joined" })
    #expect(joined["kind"] as? String == "date", "\(joined)")
    #expect(joined["min"] as? String == "2024-06-21", "\(joined)")
  }

  @Test("--profile with --quiet prints only the profile; without expectations no report")
  func profileQuiet() throws {
    let ws = try Workspace("profile-quiet")
    defer { ws.remove() }
    let plain = "scenario p\nseed 1\ntable t [50] {\n  x = uniform(0, 1)\n}\n"
    let file = try ws.write("p.scenario", plain)
    let r = try CLI.run(["run", file, "--out", "out", "--profile", "--quiet"], in: ws.path)
    #expect(r.status == 0, "\(r)")
    #expect(r.stdout.contains("t: 50 rows"), "\(r)")
    #expect(!r.stdout.contains("wrote"), "\(r)")
    #expect(!r.stdout.contains("expectations:"), "\(r)")
    #expect(ws.entries("out") == ["profile.json", "scenario-manifest.json", "t.csv"])
  }
}

/// `report TABLE: ...`: measured and shown, never a failure.
@Suite("CLI report-only figures")
struct ReportOnlyCLITests {
  @Test("an off-target report: exit 0, REPORT with its distance, counted apart; check --data agrees")
  func offTargetReport() throws {
    let ws = try Workspace("report-only")
    defer { ws.remove() }
    let file = try ws.write(
      "checked.scenario",
      ExpectationCLITests.scenario(
        """
        report people: mean(age) ~ 50 +- 1
        report people: rate(member) ~ 0.25 +- 0.01
        """))
    let r = try CLI.run(["run", file, "--out", "out"], in: ws.path)
    #expect(r.status == 0, "\(r)")
    let lines = ExpectationCLITests.statusLines(r.stdout)
    #expect(lines.count == 5, "\(r)")
    let reports = r.stdout.split(separator: "\n").filter { $0.hasPrefix("REPORT") }
    #expect(reports.count == 2, "\(r)")
    #expect(reports.first?.contains("mean(age) ~ 50 +- 1") == true)
    #expect(r.stdout.contains("off target: off by 20.5 (tolerance 1); reported only"), "\(r)")
    #expect(r.stdout.contains("expectations: 5 passed, 0 failed, 2 reported (1 off target)"), "\(r)")
    #expect(r.stderr.isEmpty, "\(r)")
    let check = try CLI.run(["check", file, "--data", "out"], in: ws.path)
    #expect(check.status == 0, "\(check)")
    #expect(check.stdout.contains("expectations: 5 passed, 0 failed, 2 reported (1 off target)"), "\(check)")
  }

  @Test("an expect that fails still fails beside a report")
  func expectStillFails() throws {
    let ws = try Workspace("report-and-fail")
    defer { ws.remove() }
    let file = try ws.write(
      "checked.scenario", ExpectationCLITests.scenario("report people: count == 200\nexpect people: count == 7"))
    let r = try CLI.run(["run", file, "--out", "out"], in: ws.path)
    #expect(r.status == 1, "\(r)")
    #expect(r.stdout.contains("expectations: 5 passed, 1 failed, 1 reported"), "\(r)")
    #expect(r.stderr.contains("1 expectation failed"), "\(r)")
  }
}
