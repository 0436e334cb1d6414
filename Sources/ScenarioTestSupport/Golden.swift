import Foundation

/// Golden files: expected output kept next to the fixtures under `Tests/Golden/`.
///
/// A comparison never accepts new output silently (STYLE.md §1.12, after swift-argument-parser,
/// Pkl's `OVERWRITE_SNIPPETS` and rustc's `--bless`): with `SCENARIO_UPDATE_GOLDEN=1` in the
/// environment the file is rewritten *and* the comparison still reports a failure, so the
/// updated files are reviewed in the diff and the tests are rerun without the variable.
public enum Golden {
  /// The environment variable that turns comparisons into rewrites.
  public static let updateVariable = "SCENARIO_UPDATE_GOLDEN"

  /// Whether this test run rewrites golden files.
  public static var isUpdating: Bool {
    ProcessInfo.processInfo.environment[updateVariable] == "1"
  }

  /// The folder `Tests/Golden/<folder>`, relative to the repository root.
  public static func folder(_ folder: String) -> String { "Tests/Golden/" + folder }

  /// The files under `Tests/Golden/<folder>` (recursively) whose names end in `.<ext>`, as
  /// paths relative to that folder, sorted; empty if the folder does not exist.
  ///
  /// Meant for `@Test(arguments:)`, so that each fixture is its own test case.
  public static func files(_ folder: String, ext: String) -> [String] {
    let base = RepoPaths.absolute(Self.folder(folder))
    guard let walker = FileManager.default.enumerator(atPath: base) else { return [] }
    var names: [String] = []
    while let name = walker.nextObject() as? String {
      if name.hasSuffix("." + ext),
        !name.split(separator: "/").contains(where: { $0.hasPrefix(".") })
      {
        names.append(name)
      }
    }
    // Byte order, not the locale's, so the list is the same on every machine.
    return names.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
  }

  /// The bytes of a file (absolute, or relative to the repository root), or nil if unreadable.
  public static func bytes(_ path: String) -> [UInt8]? {
    FileManager.default.contents(atPath: RepoPaths.absolute(path)).map { [UInt8]($0) }
  }

  /// The text of a file (absolute, or relative to the repository root), decoded as UTF-8 with
  /// invalid bytes replaced; nil if unreadable.
  public static func text(_ path: String) -> String? {
    bytes(path).map { String(decoding: $0, as: UTF8.self) }
  }

  /// Compares text with a golden file; nil when they are equal, otherwise a message with a line
  /// diff (`-` expected, `+` actual).
  ///
  /// With `SCENARIO_UPDATE_GOLDEN=1` a differing or missing file is rewritten and the message
  /// says so. `expectedFile` is absolute or relative to the repository root.
  public static func compare(actual: String, expectedFile: String) -> String? {
    if let problem = hygiene(actual) { return "\(RepoPaths.relative(expectedFile)): \(problem)" }
    let expected = text(expectedFile)
    if expected == actual { return nil }
    if let updated = update(expectedFile, Array(actual.utf8)) { return updated }
    guard let expected else { return missing(expectedFile) }
    let diff = TextDiff.lines(expected: expected, actual: actual)
    return "\(RepoPaths.relative(expectedFile)) differs (- expected, + actual):\n" + diff
      + "(run with \(updateVariable)=1 to rewrite it, then review the change)"
  }

  /// Compares bytes with a golden file exactly (for output whose every byte matters, such as
  /// CSV or SQL files); nil when equal. Updates like `compare(actual:expectedFile:)`.
  ///
  /// When both sides are valid UTF-8 the message holds a line diff, otherwise the offset of the
  /// first differing byte.
  public static func compareBytes(actual: [UInt8], expectedFile: String) -> String? {
    let expected = bytes(expectedFile)
    if expected == actual { return nil }
    if let updated = update(expectedFile, actual) { return updated }
    guard let expected else { return missing(expectedFile) }
    let name = RepoPaths.relative(expectedFile)
    if let e = String(bytes: expected, encoding: .utf8),
      let a = String(bytes: actual, encoding: .utf8)
    {
      return "\(name) differs (- expected, + actual):\n" + TextDiff.lines(expected: e, actual: a)
    }
    var i = 0
    while i < expected.count, i < actual.count, expected[i] == actual[i] { i += 1 }
    return "\(name) differs at byte \(i) (expected \(expected.count) bytes, got \(actual.count))"
  }

  // MARK: - Helpers

  /// Rewrites the file when updating; the message the test then fails with, or nil.
  static func update(_ path: String, _ content: [UInt8]) -> String? {
    guard isUpdating else { return nil }
    let url = URL(fileURLWithPath: RepoPaths.absolute(path))
    do {
      try FileManager.default.createDirectory(
        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try Data(content).write(to: url)
    } catch {
      return "cannot update \(RepoPaths.relative(path)): \(error.localizedDescription)"
    }
    return "updated \(RepoPaths.relative(path)); rerun without \(updateVariable)"
  }

  /// The message for a golden file that does not exist yet.
  static func missing(_ path: String) -> String {
    "missing golden file \(RepoPaths.relative(path)); run with \(updateVariable)=1 to create it"
  }

  /// Golden text never holds absolute paths of this checkout or CRLF line endings
  /// (STYLE.md §1.12); such output is a bug in what is being tested, not a golden to accept.
  static func hygiene(_ text: String) -> String? {
    if text.contains(RepoPaths.root + "/") {
      return "the output holds the absolute path '\(RepoPaths.root)';"
        + " print paths relative to the working directory"
    }
    if text.contains("\r\n") { return "the output holds CRLF line endings" }
    return nil
  }
}
