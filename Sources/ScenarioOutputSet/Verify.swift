import Foundation
import ScenarioDigests
import ScenarioSinks

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `scenario verify DIR`: the folder against its manifest.
public enum OutputVerifier {
  /// One difference between a folder and its manifest.
  public struct Problem: Equatable, Sendable, CustomStringConvertible {
    public var file: String
    public var message: String
    public var description: String { "\(file): \(message)" }
  }

  /// The manifest and every difference: a listed file missing, of another size, or with another
  /// SHA-256, and an incomplete manifest. Throws when there is no readable manifest.
  public static func verify(folder: String) throws(OutputSetError) -> (manifest: Manifest, problems: [Problem]) {
    guard let manifest = try Manifest.read(folder: folder) else {
      throw .unreadable(path: (folder as NSString).appendingPathComponent(Manifest.fileName))
    }
    var problems: [Problem] = []
    if !manifest.complete { problems.append(Problem(file: Manifest.fileName, message: "the set was never completed")) }
    for file in manifest.files {
      let path = (folder as NSString).appendingPathComponent(file.name)
      guard let (bytes, digest) = digest(path) else {
        problems.append(Problem(file: file.name, message: "missing or unreadable"))
        continue
      }
      if bytes != file.bytes {
        problems.append(Problem(file: file.name, message: "\(bytes) bytes, the manifest says \(file.bytes)"))
      } else if digest != file.sha256 {
        problems.append(Problem(file: file.name, message: "SHA-256 \(digest), the manifest says \(file.sha256)"))
      }
    }
    return (manifest, problems)
  }

  /// Size and SHA-256 of a file, read in 1 MiB blocks.
  static func digest(_ path: String) -> (Int, String)? {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var hasher = SHA256()
    var buffer = [UInt8](repeating: 0, count: 1 << 20)
    var total = 0
    while true {
      let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
      if n < 0 {
        if errno == EINTR { continue }
        return nil
      }
      if n == 0 { break }
      buffer.withUnsafeBytes { hasher.update(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
      total += n
    }
    return (total, hasher.finalize())
  }
}
