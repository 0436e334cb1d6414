import Foundation
import ScenarioTestSupport
import Testing

/// The command line as a user meets it: exit codes (DESIGN.md §4: 0 success, 1 expectations
/// failed, 2 scenario errors, 3 usage or I/O), help, usage errors and `scenario check`, with
/// what goes to stdout and stderr. Each test runs the built `scenario` executable in its own
/// temporary folder; `CLIRunTests` covers `scenario run`.
@Suite("CLI")
struct CLITests {
  @Test("the executable is found")
  func executableFound() {
    #expect(CLI.executable != nil)
  }

  // MARK: - Help and version

  @Test("--version prints the version")
  func version() throws {
    let r = try CLI.run(["--version"])
    #expect(r.status == 0)
    #expect(r.stdout.hasPrefix("scenario "))
    #expect(r.stderr.isEmpty)
  }

  @Test(
    "help texts go to stdout with exit 0",
    arguments: [
      (["--help"], "USAGE:"), (["-h"], "USAGE:"), (["help"], "EXIT CODES:"),
      (["help", "run"], "USAGE: scenario run FILE"),
      (["run", "--help"], "USAGE: scenario run FILE"),
      (["run", "-h"], "--format csv|sql"), (["help", "check"], "USAGE: scenario check FILE"),
      (["check", "--help"], "USAGE: scenario check FILE"),
    ])
  func help(_ arguments: [String], _ text: String) throws {
    let r = try CLI.run(arguments)
    #expect(r.status == 0, "\(r)")
    #expect(r.stdout.contains(text), "\(r)")
    #expect(r.stderr.isEmpty)
  }

  @Test("no arguments prints the usage to stderr and exits 3")
  func noArguments() throws {
    let r = try CLI.run([])
    #expect(r.status == 3)
    #expect(r.stdout.isEmpty)
    #expect(r.stderr.contains("USAGE:"))
  }

  // MARK: - Usage errors

  @Test(
    "usage errors exit 3 with 'scenario: error:' on stderr and nothing on stdout",
    arguments: [
      (["frobnicate"], "unknown command 'frobnicate'"),
      (["run", CLIFixtures.tutoring, "--bogus"], "unknown option '--bogus'"),
      (["check", CLIFixtures.tutoring, "--bogus"], "unknown option '--bogus'"),
      (["run", CLIFixtures.tutoring, "--out"], "'--out' needs a value"),
      (["check", CLIFixtures.tutoring, "--mode"], "'--mode' needs a value"),
      (["run", CLIFixtures.tutoring, "--format", "xml"], "unknown format 'xml'"),
      (["run", CLIFixtures.tutoring, "--format=xml"], "unknown format 'xml'"),
      (
        ["run", CLIFixtures.tutoring, "--format", "sql", "--dialect", "oracle"],
        "unknown SQL dialect 'oracle'"
      ),
      (["run", CLIFixtures.tutoring, "--seed", "abc"], "'--seed' expects an integer"),
      (["run", CLIFixtures.tutoring, "--now", "yesterday"], "'--now' expects a date or date-time"),
      (
        ["check", CLIFixtures.tutoring, "--now", "2024-13-45"],
        "'--now' expects a date or date-time"
      ),
      (["run", CLIFixtures.tutoring, "--set", "total_sessions"], "'--set' expects NAME=VALUE"),
      (["run", CLIFixtures.tutoring, "--set", "=3"], "'--set' expects NAME=VALUE"),
      (
        ["run", CLIFixtures.tutoring, "--threads", "0"],
        "'--threads' expects an integer of at least 1"
      ),
      (["run", CLIFixtures.tutoring, "--chunk-size", "x"], "'--chunk-size' expects an integer"),
      (
        ["check", CLIFixtures.tutoring, "--color", "purple"],
        "'--color' expects auto, always or never"
      ),
      (
        ["check", CLIFixtures.tutoring, "--diagnostics", "long"],
        "'--diagnostics' expects rich or short"
      ),
      (["run"], "'run' needs a FILE"),
      (["run", CLIFixtures.tutoring, "--out", ""], "'--out' needs a folder, found an empty name"),
      (["verify"], "'verify' needs a DIR"),
      (["run", CLIFixtures.tutoring, CLIFixtures.tutoring], "'run' takes one FILE, found 2"),
      (["check"], "'check' needs at least one FILE"),
    ])
  func usageErrors(_ arguments: [String], _ text: String) throws {
    try CLIFixtures.expectUsageError(arguments, mentions: text)
  }

  @Test(
    "an invalid --dialect is rejected even with --format csv"
  )
  func dialectWithCSV() throws {
    try CLIFixtures.expectUsageError(
      ["run", CLIFixtures.tutoring, "--dialect", "oracle"], mentions: "oracle")
  }

  @Test("an unreadable input file exits 3")
  func unreadableInput() throws {
    let ws = try Workspace("input")
    defer { ws.remove() }
    for file in [ws.path + "/missing.scenario", ws.path] {
      for arguments in [["check", file], ["run", file, "--out", ws.path + "/out"]] {
        let r = try CLI.run(arguments, in: ws.path)
        #expect(r.status == 3, "\(arguments): \(r)")
        #expect(r.stderr.contains("scenario: error: cannot read"), "\(r)")
        #expect(r.stdout.isEmpty)
      }
    }
    #expect(ws.entries() == [], "nothing was created")
  }

  @Test("an unwritable output folder exits 3 and names the folder")
  func unwritableOutput() throws {
    let ws = try Workspace("output")
    defer { ws.remove() }
    try ws.write("blocker", "a file where a folder should be")
    for out in ["/proc/nope", ws.path + "/blocker/sub"] {
      let r = try CLI.run(["run", CLIFixtures.tutoring, "--out", out], in: ws.path)
      #expect(r.status == 3, "\(out): \(r)")
      #expect(r.stderr.contains("cannot create the output folder '\(out)'"), "\(r)")
      #expect(r.stdout.isEmpty)
    }
  }

  // MARK: - check

  @Test("check of a valid scenario exits 0 and prints nothing")
  func checkValid() throws {
    let r = try CLI.run(["check", CLIFixtures.tutoring])
    #expect(r.status == 0, "\(r)")
    #expect(r.stdout.isEmpty)
    #expect(r.stderr.isEmpty)
  }

  @Test("check of a broken scenario exits 2 and reports every error in the short style")
  func checkBroken() throws {
    let ws = try Workspace("broken")
    defer { ws.remove() }
    try ws.write("bad.scenario", CLIFixtures.broken)
    let r = try CLI.run(["check", "bad.scenario", "--diagnostics", "short"], in: ws.path)
    #expect(r.status == 2, "\(r)")
    #expect(r.stdout.isEmpty)
    let lines = r.stderr.split(separator: "\n").map(String.init)
    for expected in CLIFixtures.brokenDiagnostics {
      #expect(lines.contains(expected), "missing: \(expected)\n\(r.stderr)")
    }
    #expect(lines.filter { $0.contains(": error[") }.count == 9)
    #expect(lines.last == "scenario: 9 errors in bad.scenario; nothing was generated")
    #expect(!r.stderr.contains("\u{1B}["), "no colour when stderr is not a terminal")
  }

  @Test("rich diagnostics show the source line and a caret; colour only when asked")
  func colour() throws {
    let ws = try Workspace("colour")
    defer { ws.remove() }
    try ws.write("bad.scenario", CLIFixtures.broken)
    let plain = try CLI.run(["check", "bad.scenario"], in: ws.path)
    #expect(plain.status == 2)
    #expect(plain.stderr.contains(" --> bad.scenario:11:7"), "\(plain)")
    #expect(plain.stderr.contains("  q = reliablity + 1"))
    #expect(plain.stderr.contains("^^^^^^^^^^"))
    #expect(!plain.stderr.contains("\u{1B}"), "auto: no colour without a terminal")
    let never = try CLI.run(["check", "bad.scenario", "--color", "never"], in: ws.path)
    #expect(never.stderr == plain.stderr)
    for args in [
      ["--color", "always"], ["--color=always"], ["--color", "always", "--diagnostics", "short"],
    ] {
      let coloured = try CLI.run(["check", "bad.scenario"] + args, in: ws.path)
      #expect(coloured.status == 2)
      #expect(coloured.stderr.contains("\u{1B}["), "\(args): colour was asked for")
      let stripped = coloured.stderr.replacingOccurrences(
        of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression)
      let reference = try CLI.run(
        ["check", "bad.scenario"] + (args.contains("short") ? ["--diagnostics", "short"] : []),
        in: ws.path)
      #expect(stripped == reference.stderr, "\(args): colour changes only the escapes")
    }
  }

  @Test("check of several files exits with the worst code")
  func checkSeveral() throws {
    let ws = try Workspace("several")
    defer { ws.remove() }
    try ws.write("bad.scenario", CLIFixtures.broken)
    let r = try CLI.run(
      ["check", CLIFixtures.tutoring, "bad.scenario", "--diagnostics=short"], in: ws.path)
    #expect(r.status == 2)
    #expect(r.stderr.contains("scenario: 9 errors in bad.scenario"))
  }

  @Test("--set of an unknown parameter or a wrong value and an unknown --mode are usage errors (exit 3)")
  func scenarioOptionErrors() throws {
    let ws = try Workspace("options")
    defer { ws.remove() }
    let cases: [([String], String)] = [
      (["--set", "nosuch=1"], "'--set nosuch' names no parameter of this scenario"),
      (["--mode", "nosuch"], "unknown mode 'nosuch'"),
      (["--set", "total_sessions=1.5"], "parameter 'total_sessions' is 'int'"),
    ]
    for (extra, message) in cases {
      let r = try CLI.run(["run", CLIFixtures.tutoring, "--out", "out"] + extra, in: ws.path)
      #expect(r.status == 3, "\(extra): \(r)")
      #expect(r.stderr.hasPrefix("scenario: error: "), "\(extra): \(r)")
      #expect(r.stderr.contains(message), "\(extra): \(r)")
      #expect(r.stdout.isEmpty)
      #expect(ws.entries().isEmpty, "\(extra) wrote \(ws.entries())")
    }
  }

  @Test("warnings alone exit 0, with the warning and a summary on stderr")
  func warningsOnly() throws {
    let ws = try Workspace("warning")
    defer { ws.remove() }
    try ws.write("w.scenario", "scenario w\ntable t [2] {\n  x = match row { _ => 1, 0 => 2 }\n}\n")
    let r = try CLI.run(["check", "w.scenario", "--diagnostics", "short"], in: ws.path)
    #expect(r.status == 0, "\(r)")
    #expect(r.stdout.isEmpty)
    #expect(r.stderr.contains("w.scenario:3:"))
    #expect(r.stderr.contains(": warning[W08"), "\(r)")
    #expect(r.stderr.hasSuffix("scenario: 1 warning in w.scenario\n"), "\(r)")
  }
}
