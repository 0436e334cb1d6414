import Foundation
import ScenarioTestSupport
import Testing

/// `scenario run`: the files it writes, its summary, the options that change the data, and what
/// a failed run leaves behind.
@Suite("CLI run")
struct CLIRunTests {
  @Test("run writes the tutoring tables and prints a summary")
  func runTutoring() throws {
    let ws = try Workspace("run")
    defer { ws.remove() }
    let r = try CLI.run(["run", CLIFixtures.tutoring, "--out", "out"], in: ws.path)
    #expect(r.status == 0, "\(r)")
    #expect(r.stderr.isEmpty, "\(r)")
    #expect(r.stdout.hasPrefix("scenario tutoring_platform: seed 42, now 2024-06-30T00:00:00Z\n"))
    #expect(
      ws.entries("out") == (CLIFixtures.tutoringTables.map { $0 + ".csv" } + ["scenario-manifest.json"]).sorted(),
      "no staging folder is left")
    let rows = CLIFixtures.summaryRows(r.stdout)
    #expect(rows.map(\.name) == CLIFixtures.tutoringTables)
    #expect(rows.map(\.path) == CLIFixtures.tutoringTables.map { "out/\($0).csv" })
    #expect(Array(rows.map(\.rows).prefix(4)) == [1, 6, 20, 150])
    for row in rows {
      #expect(
        CLIFixtures.csvRowCount(try ws.read("out/\(row.name).csv")) == row.rows, "\(row.name)")
    }
    let total = rows.reduce(0) { $0 + $1.rows }
    #expect(r.stdout.contains("wrote 7 files, \(total) rows"))
    #expect(
      try ws.read("out/sessions.csv").hasPrefix("session_id,tutor_id,student_id,scheduled_at,"))
  }

  @Test("--quiet prints nothing")
  func quiet() throws {
    let ws = try Workspace("quiet")
    defer { ws.remove() }
    let r = try CLI.run(["run", CLIFixtures.tutoring, "--out", "out", "--quiet"], in: ws.path)
    #expect(r.status == 0)
    #expect(r.stdout.isEmpty && r.stderr.isEmpty)
    #expect(ws.entries("out").count == 8)
  }

  @Test("--format sql writes .sql files in the chosen dialect")
  func sqlFormat() throws {
    let ws = try Workspace("sql")
    defer { ws.remove() }
    let r = try CLI.run(
      ["run", CLIFixtures.tutoring, "--out", "pg", "--format", "sql", "--dialect", "postgres"],
      in: ws.path)
    #expect(r.status == 0, "\(r)")
    #expect(ws.entries("pg") == (CLIFixtures.tutoringTables.map { $0 + ".sql" } + ["scenario-load.sql", "scenario-manifest.json"]).sorted())
    let sessions = try ws.read("pg/sessions.sql")
    #expect(sessions.contains("CREATE TABLE IF NOT EXISTS \"sessions\""))
    // The load script reads every table's script, each after the tables it refers to.
    let load = try ws.read("pg/scenario-load.sql")
    #expect(load.contains("BEGIN;\n") && load.hasSuffix("COMMIT;\n"))
    let reads = load.split(separator: "\n").filter { $0.hasPrefix("\\ir ") }
    #expect(reads.count == CLIFixtures.tutoringTables.count)
    #expect(reads.firstIndex(of: "\\ir 'tutors.sql'")! < reads.firstIndex(of: "\\ir 'sessions.sql'")!)
    #expect(sessions.contains("TIMESTAMP"))
    #expect(sessions.contains("REFERENCES \"tutors\" (\"tutor_id\")"))
    let lite = try CLI.run(
      ["run", CLIFixtures.tutoring, "--out", "lite", "--format=sql"], in: ws.path)
    #expect(lite.status == 0)
    #expect(ws.entries("lite").count == 9)
    #expect(
      try ws.read("lite/sessions.sql") != sessions, "sqlite is the default dialect and differs")
  }

  @Test("--mode load and --set total_sessions change the number of sessions")
  func modeAndSet() throws {
    let ws = try Workspace("mode")
    defer { ws.remove() }
    let load = try CLI.run(
      ["run", CLIFixtures.tutoring, "--out", "load", "--mode", "load", "--quiet"], in: ws.path)
    #expect(load.status == 0, "\(load)")
    #expect(CLIFixtures.csvRowCount(try ws.read("load/sessions.csv")) == 15_000)
    let set = try CLI.run(
      ["run", CLIFixtures.tutoring, "--out", "set", "--set", "total_sessions=10"], in: ws.path)
    #expect(set.status == 0, "\(set)")
    #expect(CLIFixtures.csvRowCount(try ws.read("set/sessions.csv")) == 10)
    #expect(CLIFixtures.summaryRows(set.stdout).first { $0.name == "sessions" }?.rows == 10)
    let both = try CLI.run(
      [
        "run", CLIFixtures.tutoring, "--out", "both", "--mode", "load", "--set=total_sessions=12",
        "--quiet",
      ], in: ws.path)
    #expect(both.status == 0)
    #expect(
      CLIFixtures.csvRowCount(try ws.read("both/sessions.csv")) == 12, "--set wins over the mode")
  }

  @Test("--now and --seed change the data")
  func nowAndSeed() throws {
    let ws = try Workspace("now")
    defer { ws.remove() }
    #expect(
      try CLI.run(["run", CLIFixtures.tutoring, "--out", "a", "--quiet"], in: ws.path).status == 0)
    #expect(
      try CLI.run(
        ["run", CLIFixtures.tutoring, "--out", "b", "--quiet", "--now", "2024-01-01"], in: ws.path
      ).status == 0)
    #expect(
      try CLI.run(
        ["run", CLIFixtures.tutoring, "--out", "c", "--quiet", "--seed", "7"], in: ws.path
      ).status == 0)
    #expect(try ws.read("a/users.csv").contains("2024-05-31T00:00:00Z"), "now - 30 days")
    #expect(
      try ws.read("b/users.csv").contains("2023-12-02T00:00:00Z"), "--now 2024-01-01 minus 30 days")
    #expect(ws.bytes("a/sessions.csv") != ws.bytes("b/sessions.csv"))
    #expect(ws.bytes("a/sessions.csv") != ws.bytes("c/sessions.csv"))
    let summary = try CLI.run(
      ["run", CLIFixtures.tutoring, "--out", "d", "--now", "2024-01-01T12:00:00", "--seed", "18446744073709551615"],
      in: ws.path)
    #expect(
      summary.stdout.hasPrefix(
        "scenario tutoring_platform: seed 18446744073709551615, now 2024-01-01T12:00:00Z"))
    // The seed domain is 0 ... 2^64 - 1 on the command line as in the file: -1 is not 2^64 - 1.
    for bad in ["-1", "18446744073709551616", "-9223372036854775808", "1e3"] {
      let r = try CLI.run(["run", CLIFixtures.tutoring, "--out", "e", "--seed", bad], in: ws.path)
      #expect(r.status == 3, "--seed \(bad)")
      #expect(r.stderr.contains("from 0 to 18446744073709551615"), "\(r.stderr)")
    }
  }

  @Test("two runs give identical files, whatever the threads and chunk size")
  func identicalRuns() throws {
    let ws = try Workspace("twice")
    defer { ws.remove() }
    #expect(
      try CLI.run(["run", CLIFixtures.tutoring, "--out", "one", "--quiet"], in: ws.path).status == 0
    )
    #expect(
      try CLI.run(
        [
          "run", CLIFixtures.tutoring, "--out", "two", "--quiet", "--threads", "2", "--chunk-size",
          "7",
        ], in: ws.path
      ).status == 0)
    #expect(ws.entries("one") == ws.entries("two"))
    for name in ws.entries("one") {
      #expect(ws.bytes("one/\(name)") == ws.bytes("two/\(name)"), "\(name) differs")
    }
  }

  @Test("a run-time error exits 2, reports table, column and row, and writes no file")
  func runtimeError() throws {
    let ws = try Workspace("runtime")
    defer { ws.remove() }
    try ws.write(
      "rt.scenario",
      """
      scenario rt
      seed 1
      table ok [5] { id = row }
      table t [100] {
        y = uniform(-1, 1)
        x = normal(0, y)
      }

      """)
    let r = try CLI.run(
      ["run", "rt.scenario", "--out", "out", "--diagnostics", "short"], in: ws.path)
    #expect(r.status == 2, "\(r)")
    #expect(r.stdout.isEmpty)
    #expect(
      r.stderr.contains("rt.scenario:6:17: error[R0701]: invalid parameter for 'normal'"), "\(r)")
    #expect(r.stderr.contains("note: in table 't', column 'x', row "), "\(r)")
    #expect(r.stderr.contains("no files were written"))
    #expect(ws.entries("out").isEmpty, "the out folder holds \(ws.entries("out"))")
  }

  @Test("a failed run leaves files of an earlier run in place")
  func failedRunKeepsOldFiles() throws {
    let ws = try Workspace("keep")
    defer { ws.remove() }
    try ws.write("s.scenario", "scenario s\ntable t [3] { x = row }\n")
    #expect(try CLI.run(["run", "s.scenario", "--out", "out", "--quiet"], in: ws.path).status == 0)
    let before = ws.bytes("out/t.csv")
    try ws.write("s.scenario", "scenario s\ntable t [3] { x = 1 / (row - 1) }\n")
    let r = try CLI.run(["run", "s.scenario", "--out", "out"], in: ws.path)
    #expect(r.status == 2)
    #expect(ws.entries("out") == ["scenario-manifest.json", "t.csv"])
    #expect(ws.bytes("out/t.csv") == before)
  }
}
