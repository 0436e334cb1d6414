import Foundation

/// A fresh folder under the system's temporary directory, removed by `remove()`.
///
/// Each run of the engine writes into its own folder, so parallel tests never see each other's
/// files (the runner stages its output inside the output folder).
struct TemporaryFolder {
  let path: String

  /// Creates `…/scenario-e2e-<label>-<uuid>`.
  init(_ label: String) throws {
    let base = FileManager.default.temporaryDirectory.path
    path = base + "/scenario-e2e-\(label)-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  }

  /// A path inside the folder.
  func file(_ name: String) -> String { path + "/" + name }

  /// The names of the folder's entries (hidden ones included), sorted.
  func entries() throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: path).sorted()
  }

  /// Deletes the folder and everything in it.
  func remove() {
    try? FileManager.default.removeItem(atPath: path)
  }
}
