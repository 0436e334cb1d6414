import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The few POSIX calls the output set needs, with errors that name the path.
enum Posix {
  static func message() -> String {
    let text = String(cString: strerror(errno))
    return text.prefix(1).lowercased() + text.dropFirst()
  }

  static func fail(_ path: String, _ operation: String) -> OutputSetError {
    .system(path: path, operation: operation, message: message())
  }

  /// The kind of a path without following a final symbolic link: nil when it does not exist.
  enum Kind { case directory, file, other }
  static func kind(_ path: String) -> Kind? {
    var st = stat()
    guard lstat(path, &st) == 0 else { return nil }
    switch st.st_mode & S_IFMT {
    case S_IFDIR: return .directory
    case S_IFREG: return .file
    default: return .other
    }
  }

  static func inode(_ path: String) -> (dev: UInt64, ino: UInt64)? {
    var st = stat()
    guard lstat(path, &st) == 0 else { return nil }
    return (UInt64(st.st_dev), UInt64(st.st_ino))
  }

  static func entries(_ folder: String) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
  }

  /// fsync of a folder (its entries' names), so that a rename in it survives a power loss.
  static func syncFolder(_ path: String) {
    let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard fd >= 0 else { return }
    fsync(fd)
    close(fd)
  }

  /// Writes `bytes` to `path` (created or truncated) and fsyncs it.
  static func writeDurably(_ bytes: [UInt8], to path: String) throws(OutputSetError) {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard fd >= 0 else { throw fail(path, "write") }
    defer { close(fd) }
    var offset = 0
    while offset < bytes.count {
      let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, bytes.count - offset) }
      if n < 0 {
        if errno == EINTR { continue }
        throw fail(path, "write")
      }
      offset += n
    }
    guard fsync(fd) == 0 else { throw fail(path, "write") }
  }

  /// Removes a file, or a folder and everything in it (without following links).
  static func removeTree(_ path: String) throws(OutputSetError) {
    guard let k = kind(path) else { return }
    if k == .directory {
      for e in entries(path) { try removeTree(path + "/" + e) }
      guard rmdir(path) == 0 else { throw fail(path, "remove") }
    } else {
      guard unlink(path) == 0 || errno == ENOENT else { throw fail(path, "remove") }
    }
  }

  /// `mkdir -p`: false with errno set when a folder cannot be created.
  static func makeFolders(_ path: String) -> Bool {
    if kind(path) == .directory { return true }
    let parent = (path as NSString).deletingLastPathComponent
    if parent != path, !parent.isEmpty, kind(parent) == nil, !makeFolders(parent) { return false }
    return mkdir(path, 0o777) == 0 || (errno == EEXIST && kind(path) == .directory)
  }

  /// A random 128-bit id in hexadecimal.
  static func randomID() -> String {
    var g = SystemRandomNumberGenerator()
    return String(format: "%016llx%016llx", g.next() as UInt64, g.next() as UInt64)
  }
}
