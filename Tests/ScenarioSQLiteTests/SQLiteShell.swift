import Foundation
import ScenarioKit
import Testing

/// The `sqlite3` shell as the independent reader of what a run wrote: `.dump` text and query
/// results, never the target's own numbers.
enum SQLiteShell {
  static let available: Bool = {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    return path.split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/sqlite3") }
  }()

  /// Runs `sqlite3 -bail DB` with `script` on standard input; returns standard output, and
  /// records an issue for a failure.
  @discardableResult
  static func run(
    _ database: String, _ script: String, in folder: String? = nil, sourceLocation: SourceLocation = #_sourceLocation
  ) throws -> String {
    let input = Pipe()
    let output = Pipe()
    let errors = Pipe()
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["sqlite3", "-bail", database]
    process.standardInput = input
    process.standardOutput = output
    process.standardError = errors
    if let folder { process.currentDirectoryURL = URL(fileURLWithPath: folder) }
    try process.run()
    input.fileHandleForWriting.write(Data(script.utf8))
    try input.fileHandleForWriting.close()
    let out = output.fileHandleForReading.readDataToEndOfFile()
    let err = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "sqlite3 failed: \(String(decoding: err, as: UTF8.self))", sourceLocation: sourceLocation)
    return String(decoding: out, as: UTF8.self)
  }

  /// The database's `.dump`.
  static func dump(_ database: String) throws -> String { try run(database, ".dump\n") }

  /// One query's rows, fields split on `|`.
  static func rows(_ database: String, _ sql: String) throws -> [[String]] {
    try run(database, sql.hasSuffix(";") ? sql + "\n" : sql + ";\n").split(separator: "\n").map {
      $0.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
    }
  }

  static func integer(_ database: String, _ sql: String) throws -> Int {
    Int(try rows(database, sql).first?.first ?? "") ?? -1
  }
}

/// A scratch folder for one test's database files.
struct ScratchFolder {
  let path: String
  init(_ label: String) throws {
    path = FileManager.default.temporaryDirectory.path + "/scenario-sqlite-\(label)-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  }
  func file(_ name: String) -> String { path + "/" + name }
  func remove() {
    _ = try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
    try? FileManager.default.removeItem(atPath: path)
  }
}

/// Compiles source text that must have no errors.
func compileProgram(_ source: String, overrides: [String: String] = [:], sourceLocation: SourceLocation = #_sourceLocation) throws -> Program {
  var options = CheckOptions()
  options.overrides = overrides.sorted { $0.key < $1.key }.map { (name: $0.key, value: $0.value) }
  let result = ScenarioCompiler.compile(source: source, path: "db.scenario", options: options)
  let errors = result.diagnostics.filter { $0.severity == .error }
  #expect(errors.isEmpty, "compile errors: \(errors.map(\.message))", sourceLocation: sourceLocation)
  return try #require(result.program, sourceLocation: sourceLocation)
}
