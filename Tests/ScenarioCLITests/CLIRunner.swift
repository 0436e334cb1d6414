import Foundation
import ScenarioTestSupport
import Testing

/// Runs the built `scenario` executable as a child process.
///
/// The executable is found next to the running test bundle (SwiftPM puts every product of a
/// build in one folder, e.g. `.build/debug/` or `.build-unit/x86_64-unknown-linux-gnu/debug/`),
/// so the tests exercise the binary of the same build, whatever `--scratch-path` was used.
/// `SCENARIO_BINARY` overrides the search.
enum CLI {
  /// What a finished run printed and returned.
  struct Result: CustomStringConvertible {
    var status: Int32
    var stdout: String
    var stderr: String
    /// Whether the process was killed by a signal (then `status` is the signal's number).
    var signalled = false
    var description: String { "exit \(status)\n--- stdout\n\(stdout)--- stderr\n\(stderr)" }
  }

  /// The path of the `scenario` executable, or nil when none was found.
  static let executable: String? = locate()

  /// Finds the executable: beside the test bundle, else the newest `.build*/…/debug/scenario`.
  static func locate() -> String? {
    let fm = FileManager.default
    if let path = ProcessInfo.processInfo.environment["SCENARIO_BINARY"],
      fm.isExecutableFile(atPath: path)
    {
      return path
    }
    // The folders holding the test bundle: Linux runs `…/debug/<pkg>PackageTests.xctest` itself;
    // macOS loads `…/debug/<pkg>PackageTests.xctest/Contents/MacOS/…` into a helper.
    var starts: [URL] = []
    starts.append(Bundle.main.bundleURL)
    if let exe = Bundle.main.executableURL { starts.append(exe) }
    for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
      starts.append(bundle.bundleURL)
    }
    if let arg0 = CommandLine.arguments.first {
      starts.append(URL(fileURLWithPath: arg0))
    }
    for start in starts {
      var dir = start
      for _ in 0..<6 {
        let candidate = dir.appendingPathComponent("scenario").path
        if isExecutable(candidate) { return candidate }
        dir = dir.deletingLastPathComponent()
      }
    }
    // Fallback: any scratch folder under the repository, newest binary first.
    var found: [(path: String, date: Date)] = []
    let root = RepoPaths.root
    for entry in (try? fm.contentsOfDirectory(atPath: root)) ?? [] where entry.hasPrefix(".build") {
      let scratch = root + "/" + entry
      var candidates = [scratch + "/debug/scenario"]
      for sub in (try? fm.contentsOfDirectory(atPath: scratch)) ?? [] {
        candidates.append(scratch + "/" + sub + "/debug/scenario")
      }
      for c in candidates where isExecutable(c) {
        let date = (try? fm.attributesOfItem(atPath: c)[.modificationDate] as? Date) ?? .distantPast
        found.append((c, date))
      }
    }
    return found.max { $0.date < $1.date }?.path
  }

  /// Whether a path is an executable regular file (not a folder named `scenario`).
  static func isExecutable(_ path: String) -> Bool {
    var isDirectory: ObjCBool = false
    return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
      && !isDirectory.boolValue
      && FileManager.default.isExecutableFile(atPath: path)
  }

  /// Runs `scenario` with arguments in a working directory. Output goes through files, so a
  /// large output cannot fill a pipe and stall. `NO_COLOR` is removed from the environment so
  /// that colour depends only on the flags and on stderr not being a terminal.
  static func run(
    _ arguments: [String], in directory: String? = nil, environment: [String: String] = [:],
    sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) throws -> Result {
    let exe = try #require(
      executable, "the scenario executable was not found; build it first",
      sourceLocation: sourceLocation)
    let folder =
      FileManager.default.temporaryDirectory.path + "/scenario-cli-io-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let outPath = folder + "/stdout"
    let errPath = folder + "/stderr"
    _ = FileManager.default.createFile(atPath: outPath, contents: nil)
    _ = FileManager.default.createFile(atPath: errPath, contents: nil)
    let outHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
    let errHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
    let process = Process()
    process.executableURL = URL(fileURLWithPath: exe)
    process.arguments = arguments
    var env = ProcessInfo.processInfo.environment
    env["NO_COLOR"] = nil
    for (k, v) in environment { env[k] = v }
    process.environment = env
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = outHandle
    process.standardError = errHandle
    try process.run()
    process.waitUntilExit()
    try outHandle.close()
    try errHandle.close()
    return Result(
      status: process.terminationStatus,
      stdout: String(decoding: try Data(contentsOf: URL(fileURLWithPath: outPath)), as: UTF8.self),
      stderr: String(decoding: try Data(contentsOf: URL(fileURLWithPath: errPath)), as: UTF8.self),
      signalled: process.terminationReason == .uncaughtSignal)
  }
}

/// A temporary folder for one test, with helpers to write scenarios and read outputs.
struct Workspace {
  let path: String

  init(_ label: String) throws {
    path =
      FileManager.default.temporaryDirectory.path + "/scenario-cli-\(label)-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  }

  /// Writes a file into the folder and returns its absolute path.
  @discardableResult
  func write(_ name: String, _ text: String) throws -> String {
    let file = path + "/" + name
    try text.write(toFile: file, atomically: true, encoding: .utf8)
    return file
  }

  /// The names in a subfolder (or the folder itself), sorted; empty if it does not exist.
  func entries(_ sub: String = "") -> [String] {
    let dir = sub.isEmpty ? path : path + "/" + sub
    return ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted()
  }

  /// The text of a file in the folder.
  func read(_ name: String) throws -> String {
    try String(contentsOfFile: path + "/" + name, encoding: .utf8)
  }

  /// The bytes of a file in the folder.
  func bytes(_ name: String) -> Data? {
    FileManager.default.contents(atPath: path + "/" + name)
  }

  func remove() { try? FileManager.default.removeItem(atPath: path) }
}
