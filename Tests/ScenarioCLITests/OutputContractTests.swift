import Foundation
import ScenarioTestSupport
import Testing

/// The output contract under faults (Docs/CLI.md, "The output folder"): the folder holds exactly
/// the old set or exactly the new one at every moment; nothing the run did not write is changed;
/// interrupted runs leave no staging folder, and a later run removes what killed ones left; one
/// run at a time. The process is made to die at every step of every phase (the test hook
/// SCENARIO_TEST_FAULT) with SIGKILL, SIGINT and SIGTERM.
@Suite("The output contract under faults", .serialized)
struct OutputContractTests {
  static let scenario = """
    scenario contract
    seed 1
    table users [300] {
      key user_id
      user_id = "U" ++ pad(row + 1, 4)
      score = uniform_int(1, 100)
    }
    table orders [2 per u in users] {
      user = u
      amount: float(2) = uniform(1, 50)
    }
    table events [150] into log {
      kind = "event"
      at = row
    }
    table notes [each e in events where e.at % 3 == 0] into log {
      kind = "note"
      at = e.at
    }
    """

  /// A file's bytes by name.
  typealias FileSet = [String: Data]

  /// A workspace with the scenario, an output folder `out` holding the set of seed 1, and
  /// foreign things: a file, a folder with a file, and a `.git` folder.
  struct Setup {
    let ws: Workspace
    let file: String
    var out: String { ws.path + "/out" }

    init(_ label: String) throws {
      ws = try Workspace(label)
      file = try ws.write("s.scenario", OutputContractTests.scenario)
      let r = try CLI.run(["run", file, "--out", ws.path + "/out", "--quiet", "--seed", "1", "--chunk-size", "64"])
      #expect(r.status == 0, "\(r)")
      try "mine\n".write(toFile: ws.path + "/out/notes.txt", atomically: true, encoding: .utf8)
      try FileManager.default.createDirectory(atPath: ws.path + "/out/keep/deep", withIntermediateDirectories: true)
      try "kept\n".write(toFile: ws.path + "/out/keep/deep/f.txt", atomically: true, encoding: .utf8)
      try FileManager.default.createDirectory(atPath: ws.path + "/out/.git", withIntermediateDirectories: true)
      try "ref\n".write(toFile: ws.path + "/out/.git/HEAD", atomically: true, encoding: .utf8)
    }

    /// Runs into `out` with a seed and optional fault and flags.
    func run(seed: Int, fault: String? = nil, _ extra: [String] = []) throws -> CLI.Result {
      try CLI.run(
        ["run", file, "--out", out, "--quiet", "--seed", "\(seed)", "--chunk-size", "64"] + extra,
        environment: fault.map { ["SCENARIO_TEST_FAULT": $0] } ?? [:])
    }

    /// The set's files (everything but the foreign things).
    func set() -> FileSet {
      var files: FileSet = [:]
      for name in ws.entries("out") where !["notes.txt", "keep", ".git"].contains(name) {
        files[name] = FileManager.default.contents(atPath: out + "/" + name)
      }
      return files
    }

    /// Staging folders beside the output folder.
    func litter() -> [String] { ws.entries().filter { $0.hasPrefix(".out.scenario-staging-") } }

    /// The foreign things are exactly as they were.
    func foreignIntact(_ where_: String, sourceLocation: SourceLocation = #_sourceLocation) {
      func text(_ p: String) -> String? { try? String(contentsOfFile: out + "/" + p, encoding: .utf8) }
      #expect(text("notes.txt") == "mine\n", "\(where_)", sourceLocation: sourceLocation)
      #expect(text("keep/deep/f.txt") == "kept\n", "\(where_)", sourceLocation: sourceLocation)
      #expect(text(".git/HEAD") == "ref\n", "\(where_)", sourceLocation: sourceLocation)
    }
  }

  /// The set a clean run with `seed` writes.
  static func reference(seed: Int) throws -> FileSet {
    let s = try Setup("reference")
    defer { s.ws.remove() }
    let r = try s.run(seed: seed)
    #expect(r.status == 0, "\(r)")
    return s.set()
  }

  /// Exactly one of the sets, never a mix (the manifest aside, which names the set).
  static func isExactly(_ actual: FileSet, _ expected: FileSet) -> Bool {
    actual.filter { $0.key != "scenario-manifest.json" } == expected.filter { $0.key != "scenario-manifest.json" }
      && actual.keys.contains("scenario-manifest.json")
  }

  @Test("a run killed at any step of any phase leaves the old set or the new one, and no litter after the next run")
  func faultSweep() throws {
    let old = try Self.reference(seed: 1)
    let new = try Self.reference(seed: 2)
    let next = try Self.reference(seed: 3)
    var fired: [String: Int] = [:]
    for phase in ["staging", "writing", "switching", "cleanup"] {
      var step = 1
      while step < 200 {
        // SIGKILL first: it also tells whether this step exists (a run without the step ends 0).
        let s = try Setup("fault")
        defer { s.ws.remove() }
        let r = try s.run(seed: 2, fault: "\(phase):\(step):KILL")
        if r.status == 0 {
          #expect(Self.isExactly(s.set(), new), "\(phase) \(step): finished")
          break
        }
        fired[phase, default: 0] += 1
        let now = s.set()
        #expect(Self.isExactly(now, old) || Self.isExactly(now, new), "KILL at \(phase) \(step): a mix of sets \(now.keys.sorted())")
        // Foreign files are hard-linked across before the switch, so they never leave; foreign
        // folders are moved across right after it, so a SIGKILL in between leaves them in the
        // replaced set (the leftover staging folder) until the next run gives them back.
        #expect((try? String(contentsOfFile: s.out + "/notes.txt", encoding: .utf8)) == "mine\n")
        for folder in ["keep", ".git"] where !s.ws.entries("out").contains(folder) {
          #expect(s.litter().contains { s.ws.entries($0).contains(folder) }, "KILL at \(phase) \(step): '\(folder)' is lost")
        }
        // The next run cleans what the killed one left.
        let again = try s.run(seed: 3)
        #expect(again.status == 0, "after KILL at \(phase) \(step): \(again)")
        #expect(Self.isExactly(s.set(), next), "after KILL at \(phase) \(step)")
        #expect(s.litter().isEmpty, "after KILL at \(phase) \(step): \(s.litter())")
        s.foreignIntact("after KILL at \(phase) \(step)")
        for signal in ["INT", "TERM"] {
          let t = try Setup("fault-\(signal)")
          defer { t.ws.remove() }
          let r = try t.run(seed: 2, fault: "\(phase):\(step):\(signal)")
          let set = t.set()
          if r.status == 0 {
            // The signal came once the new set was in place: the run completes it.
            #expect(Self.isExactly(set, new), "\(signal) at \(phase) \(step): \(r)")
          } else {
            #expect(r.status == (signal == "INT" ? 130 : 143), "\(signal) at \(phase) \(step): \(r)")
            #expect(Self.isExactly(set, old), "\(signal) at \(phase) \(step): the old set changed")
            #expect(r.stderr.contains("the output folder was not changed"), "\(r.stderr)")
          }
          #expect(t.litter().isEmpty, "\(signal) at \(phase) \(step): \(t.litter())")
          t.foreignIntact("\(signal) at \(phase) \(step)")
        }
        step += 1
      }
    }
    // Every phase has steps; writing has one per chunk and file.
    #expect(fired["staging", default: 0] >= 3, "\(fired)")
    #expect(fired["writing", default: 0] >= 10, "\(fired)")
    #expect(fired["switching", default: 0] >= 3, "\(fired)")
    #expect(fired["cleanup", default: 0] >= 3, "\(fired)")
  }

  @Test("a folder named like an output is in the way: exit 3, named, nothing changed")
  func folderInTheWay() throws {
    let s = try Setup("in-the-way")
    defer { s.ws.remove() }
    let before = s.set()
    try FileManager.default.removeItem(atPath: s.out + "/users.csv")
    try FileManager.default.createDirectory(atPath: s.out + "/users.csv", withIntermediateDirectories: true)
    try "precious\n".write(toFile: s.out + "/users.csv/data.txt", atomically: true, encoding: .utf8)
    let r = try s.run(seed: 2)
    #expect(r.status == 3, "\(r)")
    #expect(r.stderr.contains("out/users.csv' is in the way of an output file: it is a folder"), "\(r.stderr)")
    #expect((try? String(contentsOfFile: s.out + "/users.csv/data.txt", encoding: .utf8)) == "precious\n")
    var expected = before
    expected["users.csv"] = nil
    var after = s.set()
    after["users.csv"] = nil
    #expect(after == expected)
    #expect(s.litter().isEmpty)
    s.foreignIntact("folder in the way")
  }

  @Test("a file the last run did not write, named like an output, is in the way")
  func foreignFileInTheWay() throws {
    let s = try Setup("foreign-file")
    defer { s.ws.remove() }
    // A table the scenario gains: its file exists already and is not in the manifest.
    try "someone else's\n".write(toFile: s.out + "/extra.csv", atomically: true, encoding: .utf8)
    try (OutputContractTests.scenario + "\ntable extra [3] { x = row }\n").write(toFile: s.file, atomically: true, encoding: .utf8)
    let r = try s.run(seed: 2)
    #expect(r.status == 3, "\(r)")
    #expect(r.stderr.contains("extra.csv' is in the way of an output file: it is a file that the last run"), "\(r.stderr)")
    #expect((try? String(contentsOfFile: s.out + "/extra.csv", encoding: .utf8)) == "someone else's\n")
  }

  @Test("a folder written by an earlier version (no manifest) is migrated: files named like outputs are replaced")
  func migration() throws {
    let ws = try Workspace("migration")
    defer { ws.remove() }
    let file = try ws.write("s.scenario", OutputContractTests.scenario)
    try FileManager.default.createDirectory(atPath: ws.path + "/out", withIntermediateDirectories: true)
    try "old\n".write(toFile: ws.path + "/out/users.csv", atomically: true, encoding: .utf8)
    try "unrelated\n".write(toFile: ws.path + "/out/readme.txt", atomically: true, encoding: .utf8)
    let r = try CLI.run(["run", file, "--out", ws.path + "/out", "--quiet"])
    #expect(r.status == 0, "\(r)")
    #expect((try? String(contentsOfFile: ws.path + "/out/users.csv", encoding: .utf8))?.hasPrefix("user_id,score") == true)
    #expect((try? String(contentsOfFile: ws.path + "/out/readme.txt", encoding: .utf8)) == "unrelated\n")
    #expect(ws.entries("out").contains("scenario-manifest.json"))
    #expect(ws.entries().filter { $0.contains("scenario-staging") }.isEmpty)
  }

  @Test("--clean removes the files the last set listed that this run does not write, and nothing else")
  func clean() throws {
    let s = try Setup("clean")
    defer { s.ws.remove() }
    // The scenario loses its 'orders' table.
    let smaller = OutputContractTests.scenario.replacingOccurrences(
      of: "table orders [2 per u in users] {\n  user = u\n  amount: float(2) = uniform(1, 50)\n}\n", with: "")
    #expect(smaller != OutputContractTests.scenario)
    try smaller.write(toFile: s.file, atomically: true, encoding: .utf8)
    let kept = try s.run(seed: 2)
    #expect(kept.status == 0, "\(kept)")
    #expect(s.ws.entries("out").contains("orders.csv"), "without --clean, an earlier output is kept")
    let manifest = try String(contentsOfFile: s.out + "/scenario-manifest.json", encoding: .utf8)
    #expect(manifest.contains("\"kept\" : [\n    \"orders.csv\"\n  ]"), "\(manifest)")
    let cleaned = try s.run(seed: 2, ["--clean"])
    #expect(cleaned.status == 0, "\(cleaned)")
    #expect(!s.ws.entries("out").contains("orders.csv"))
    s.foreignIntact("--clean")
    #expect(s.litter().isEmpty)
  }

  @Test("one run at a time: a second run fails with exit 3 naming the folder, or waits with --wait")
  func lock() throws {
    try #require(Tool.exists("flock"), "flock (util-linux) holds the lock from outside")
    let s = try Setup("lock")
    defer { s.ws.remove() }
    let before = s.set()
    // Hold the folder's lock for 1.5 s from another process.
    let holder = Process()
    holder.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    holder.arguments = ["flock", s.out, "sleep", "1.5"]
    try holder.run()
    Thread.sleep(forTimeInterval: 0.3)
    let refused = try s.run(seed: 2)
    #expect(refused.status == 3, "\(refused)")
    #expect(refused.stderr.contains("is being written by another run; pass --wait to wait for it"), "\(refused.stderr)")
    #expect(s.set() == before)
    let waited = try s.run(seed: 2, ["--wait"])
    holder.waitUntilExit()
    #expect(waited.status == 0, "\(waited)")
    #expect(Self.isExactly(s.set(), try Self.reference(seed: 2)))
  }

  @Test("two runs into one folder at once: with --wait both finish, one after the other, and the folder holds one set")
  func concurrentRuns() throws {
    let s = try Setup("concurrent")
    defer { s.ws.remove() }
    let a = try Self.reference(seed: 4)
    let b = try Self.reference(seed: 5)
    // Two child processes started together.
    let exe = try #require(CLI.executable)
    let processes = try (0..<2).map { i -> Process in
      let p = Process()
      p.executableURL = URL(fileURLWithPath: exe)
      p.arguments = ["run", s.file, "--out", s.out, "--quiet", "--seed", "\(4 + i)", "--wait"]
      p.standardOutput = FileHandle.nullDevice
      p.standardError = FileHandle.nullDevice
      try p.run()
      return p
    }
    for p in processes { p.waitUntilExit() }
    #expect(processes.map(\.terminationStatus) == [0, 0])
    let set = s.set()
    #expect(Self.isExactly(set, a) || Self.isExactly(set, b))
    #expect(s.litter().isEmpty)
    s.foreignIntact("concurrent runs")
  }

  @Test("a file that cannot be replaced (immutable) is exit 3 before anything changes")
  func immutable() throws {
    let s = try Setup("immutable")
    defer {
      _ = try? Tool.run("chattr", ["-i", s.out + "/users.csv"])
      s.ws.remove()
    }
    guard Tool.exists("chattr"),
      (try? Tool.run("chattr", ["+i", s.out + "/users.csv"]))?.status == 0
    else {
      return  // needs root and a file system with the immutable flag
    }
    let before = s.set()
    let r = try s.run(seed: 2)
    #expect(r.status == 3, "\(r)")
    #expect(r.stderr.contains("cannot replace '") && r.stderr.contains("users.csv'"), "\(r.stderr)")
    #expect(r.stderr.contains("nothing was changed"), "\(r.stderr)")
    #expect(s.set() == before)
    #expect(s.litter().isEmpty)
  }

  @Test("a full disk is exit 3 and leaves the old set and no litter")
  func fullDisk() throws {
    let ws = try Workspace("full-disk")
    defer {
      _ = try? Tool.run("umount", [ws.path + "/disk"])
      ws.remove()
    }
    try FileManager.default.createDirectory(atPath: ws.path + "/disk", withIntermediateDirectories: true)
    guard getuid() == 0, Tool.exists("mount"),
      (try? Tool.run("mount", ["-t", "tmpfs", "-o", "size=96k", "tmpfs", ws.path + "/disk"]))?.status == 0
    else {
      return  // mounting a small tmpfs needs root
    }
    let file = try ws.write("s.scenario", OutputContractTests.scenario + "\ntable big [20000] { x = uniform(0, 1) }\n")
    let small = try ws.write("small.scenario", "scenario small\nseed 1\ntable t [3] { x = row }\n")
    let first = try CLI.run(["run", small, "--out", ws.path + "/disk/out", "--quiet"])
    #expect(first.status == 0, "\(first)")
    let before = try String(contentsOfFile: ws.path + "/disk/out/t.csv", encoding: .utf8)
    let r = try CLI.run(["run", file, "--out", ws.path + "/disk/out", "--quiet"])
    #expect(r.status == 3, "\(r)")
    #expect(r.stderr.contains("No space left on device") || r.stderr.contains("no space left on device"), "\(r.stderr)")
    #expect((try? String(contentsOfFile: ws.path + "/disk/out/t.csv", encoding: .utf8)) == before)
    let left = ((try? FileManager.default.contentsOfDirectory(atPath: ws.path + "/disk")) ?? []).filter { $0.contains("staging") }
    #expect(left.isEmpty, "\(left)")
  }

  @Test("Ctrl-C during a run: exit 130, the old set unchanged, no staging folder")
  func realInterrupt() throws {
    let s = try Setup("sigint")
    defer { s.ws.remove() }
    let before = s.set()
    let big = OutputContractTests.scenario + "\ntable big [3000000] { x = uniform(0, 1) }\n"
    try big.write(toFile: s.file, atomically: true, encoding: .utf8)
    let exe = try #require(CLI.executable)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: exe)
    process.arguments = ["run", s.file, "--out", s.out, "--quiet", "--seed", "2"]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    // Until the staging folder exists (the run is writing), then SIGINT.
    for _ in 0..<200 where s.litter().isEmpty { Thread.sleep(forTimeInterval: 0.01) }
    Thread.sleep(forTimeInterval: 0.2)
    kill(process.processIdentifier, SIGINT)
    process.waitUntilExit()
    #expect(process.terminationStatus == 130)
    #expect(s.set() == before)
    #expect(s.litter().isEmpty, "\(s.litter())")
    s.foreignIntact("SIGINT")
  }

  @Test("verify checks every file against the manifest")
  func verify() throws {
    let s = try Setup("verify")
    defer { s.ws.remove() }
    let ok = try CLI.run(["verify", s.out])
    #expect(ok.status == 0, "\(ok)")
    #expect(ok.stdout.contains("verified 3 files"), "\(ok.stdout)")
    try "tampered\n".write(toFile: s.out + "/orders.csv", atomically: true, encoding: .utf8)
    let bad = try CLI.run(["verify", s.out])
    #expect(bad.status == 1, "\(bad)")
    #expect(bad.stdout.contains("MISMATCH  orders.csv"), "\(bad.stdout)")
    let none = try CLI.run(["verify", s.ws.path])
    #expect(none.status == 3, "\(none)")
  }
}

/// Runs a system tool (`flock`, `chattr`, `mount`) for the fault tests: only its status counts.
enum Tool {
  struct Result { var status: Int32 }

  static func exists(_ name: String) -> Bool {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    return path.split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(name)") }
  }

  static func run(_ name: String, _ arguments: [String]) throws -> Result {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [name] + arguments
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    return Result(status: process.terminationStatus)
  }
}
