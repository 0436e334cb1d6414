import Foundation
import ScenarioTestSupport

/// Runs an external program (`sqlite3`, `psql`) for the real-engine tests.
///
/// A copy of the approach in `ScenarioSinksTests` (a test target cannot import another one).
enum CommandLineTool {
  /// What a finished program printed and returned.
  struct Result {
    var status: Int32
    var output: String
    var errors: String
  }

  /// Whether `name` is found on `PATH`.
  static func exists(_ name: String) -> Bool {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    return path.split(separator: ":").contains {
      FileManager.default.isExecutableFile(atPath: "\($0)/\(name)")
    }
  }

  /// The Python for the optional cross-checks: `SCENARIO_PYTHON`, else the virtual environment
  /// that `.ci/run` (and `scripts/python-deps.sh`) set up in `.build-pyvenv`, else `python3`.
  static var python: String {
    if let p = ProcessInfo.processInfo.environment["SCENARIO_PYTHON"], !p.isEmpty { return p }
    let venv = RepoPaths.absolute(".build-pyvenv/bin/python3")
    return FileManager.default.isExecutableFile(atPath: venv) ? venv : "python3"
  }

  /// Whether `python` can import every module of `modules`.
  static func pythonHas(_ modules: [String]) -> Bool {
    guard let result = try? run(python, ["-c", "import " + modules.joined(separator: ", ")]) else { return false }
    return result.status == 0
  }

  /// Runs `name` (looked up on `PATH`) with `arguments`, optionally reading standard input from
  /// a file. Output goes through temporary files, so a chatty program cannot fill a pipe and
  /// stall while we wait for it to exit.
  static func run(
    _ name: String, _ arguments: [String], input: String? = nil,
    environment: [String: String] = [:]
  ) throws -> Result {
    let folder = try TemporaryFolder("process")
    defer { folder.remove() }
    let outPath = folder.file("stdout")
    let errPath = folder.file("stderr")
    _ = FileManager.default.createFile(atPath: outPath, contents: nil)
    _ = FileManager.default.createFile(atPath: errPath, contents: nil)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [name] + arguments
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    let outHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
    let errHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
    process.standardOutput = outHandle
    process.standardError = errHandle
    if let input {
      process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: input))
    } else {
      process.standardInput = FileHandle.nullDevice
    }
    try process.run()
    process.waitUntilExit()
    try outHandle.close()
    try errHandle.close()
    return Result(
      status: process.terminationStatus,
      output: String(decoding: try Data(contentsOf: URL(fileURLWithPath: outPath)), as: UTF8.self),
      errors: String(decoding: try Data(contentsOf: URL(fileURLWithPath: errPath)), as: UTF8.self))
  }
}
