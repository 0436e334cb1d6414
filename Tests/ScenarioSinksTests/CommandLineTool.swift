import Foundation

/// Runs an external program (`sqlite3`, `psql`) for the engine tests.
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

  /// Runs `name` (looked up on `PATH`) with `arguments`, optionally reading standard input from
  /// a file. Output goes through temporary files, so a chatty program cannot fill a pipe and
  /// stall.
  static func run(
    _ name: String, _ arguments: [String], input: String? = nil,
    environment: [String: String] = [:]
  ) throws -> Result {
    let folder = try TemporaryFolder("process")
    defer { folder.remove() }
    let outPath = folder.path + "/stdout"
    let errPath = folder.path + "/stderr"
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

/// A minimal CSV reader for comparing engine output with the CSV encoder's.
enum CSVReader {
  /// Splits CSV text into rows of fields. A quoted field is always text (so `""` is the empty
  /// string); an unquoted field equal to `nullMarker` (by default the empty field) is nil. Rows
  /// end at LF or CRLF outside quotes.
  static func parse(_ text: String, nullMarker: String = "") -> [[String?]] {
    var rows: [[String?]] = []
    var row: [String?] = []
    var field = ""
    var quoted = false
    var inQuotes = false
    var scalars = Array(text.unicodeScalars)[...]
    func endField() {
      row.append(!quoted && field == nullMarker ? nil : field)
      field = ""
      quoted = false
    }
    while let c = scalars.popFirst() {
      if inQuotes {
        if c == "\"" {
          if scalars.first == "\"" {
            field.unicodeScalars.append(c)
            scalars.removeFirst()
          } else {
            inQuotes = false
          }
        } else {
          field.unicodeScalars.append(c)
        }
      } else if c == "\"" {
        inQuotes = true
        quoted = true
      } else if c == "," {
        endField()
      } else if c == "\n" || (c == "\r" && scalars.first == "\n") {
        if c == "\r" { scalars.removeFirst() }
        endField()
        rows.append(row)
        row = []
      } else {
        field.unicodeScalars.append(c)
      }
    }
    if !row.isEmpty || !field.isEmpty || quoted {
      endField()
      rows.append(row)
    }
    return rows
  }
}
