import Foundation
import Testing

/// Fixture files under `Tests/Golden/`, found from this source file's path, and comparison of
/// output with a golden file. With `SCENARIO_UPDATE_GOLDEN=1` in the environment a mismatching
/// or missing golden file is rewritten and the test fails, so nothing is accepted silently
/// (STYLE.md §1.12).
enum GoldenFiles {
  /// `Tests/Golden`.
  static let root = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Golden")

  /// Whether golden files are being rewritten.
  static var updating: Bool { ProcessInfo.processInfo.environment["SCENARIO_UPDATE_GOLDEN"] == "1" }

  /// The names (without extension) of the `*.ext` files in `Tests/Golden/<folder>`, sorted.
  static func names(_ folder: String, ext: String = "scenario") -> [String] {
    let dir = root.appendingPathComponent(folder)
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
    return entries.filter { $0.hasSuffix("." + ext) }.map { String($0.dropLast(ext.count + 1)) }
      .sorted()
  }

  /// The bytes of `Tests/Golden/<folder>/<file>`.
  static func bytes(_ folder: String, _ file: String) throws -> [UInt8] {
    [UInt8](try Data(contentsOf: root.appendingPathComponent(folder).appendingPathComponent(file)))
  }

  /// Compares `actual` with `Tests/Golden/<folder>/<file>`; rewrites it and records a failure
  /// when updating, or records a failure with the first differing line otherwise.
  static func check(
    _ actual: String, _ folder: String, _ file: String,
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    let url = root.appendingPathComponent(folder).appendingPathComponent(file)
    let expected = (try? Data(contentsOf: url)).map { String(decoding: $0, as: UTF8.self) }
    if expected == actual { return }
    if updating {
      do {
        try Data(actual.utf8).write(to: url)
        Issue.record(
          "rewrote \(folder)/\(file); check the diff and run again", sourceLocation: sourceLocation)
      } catch {
        Issue.record("cannot write \(url.path): \(error)", sourceLocation: sourceLocation)
      }
      return
    }
    guard let expected else {
      Issue.record(
        "missing \(folder)/\(file); run with SCENARIO_UPDATE_GOLDEN=1 to create it",
        sourceLocation: sourceLocation)
      return
    }
    let message =
      "\(folder)/\(file) differs (SCENARIO_UPDATE_GOLDEN=1 rewrites it)\n"
      + firstDifference(expected, actual)
    Issue.record(Comment(rawValue: message), sourceLocation: sourceLocation)
  }

  /// The first line at which two texts differ, shown as expected / actual.
  static func firstDifference(_ expected: String, _ actual: String) -> String {
    let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
    for i in 0..<max(e.count, a.count) {
      let x = i < e.count ? String(e[i]) : "<end of file>"
      let y = i < a.count ? String(a[i]) : "<end of file>"
      if x != y { return "line \(i + 1):\n  expected: \(x)\n  actual:   \(y)" }
    }
    return "(only line endings differ)"
  }
}
