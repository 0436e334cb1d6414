import Foundation

/// Locates the repository from this source file's path, so tests find their fixtures no matter
/// which directory `swift test` runs in.
///
/// `#filePath` is `<root>/Sources/ScenarioTestSupport/RepoPaths.swift`; the root is three
/// components up. Golden text must never hold these absolute paths (STYLE.md §1.12): use
/// `relative(_:)` for anything that is printed.
public enum RepoPaths {
  /// The repository root, without a trailing slash.
  public static let root: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.standardizedFileURL.path
  }()

  /// The absolute path of a path relative to the repository root; absolute paths are returned
  /// unchanged.
  public static func absolute(_ path: String) -> String {
    path.hasPrefix("/") ? path : root + "/" + path
  }

  /// The path relative to the repository root, as goldens and messages show it; paths outside
  /// the repository are returned unchanged.
  public static func relative(_ path: String) -> String {
    let prefix = root + "/"
    return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
  }
}
