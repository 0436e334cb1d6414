import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// A file written under a temporary name and renamed into place on `commit()`, so that readers
/// never see a half-written table and a failed run leaves no partial file behind.
///
/// The temporary file is `.NAME.tmp-PID` in the target folder (same file system, so the rename
/// is atomic). Appends are buffered and written with POSIX `write` in blocks of about
/// `blockSize` bytes; every byte also feeds a SHA-256 (the manifest's digest). With `durable`,
/// `commit()` calls `fsync` before the rename, so that a set switched in after a power loss
/// holds the bytes its manifest lists. `abort()`, or dropping the object without `commit()`,
/// removes the temporary file. Not thread-safe: one writer per file.
package final class OutputFile {
  /// The final path, valid after `commit()`.
  package let path: String
  /// Where the bytes go until `commit()`.
  package let temporaryPath: String
  /// Bytes appended so far (buffered or written).
  package private(set) var byteCount = 0
  /// The SHA-256 of the file's bytes, set by `commit()`.
  package private(set) var sha256: String? = nil
  /// Whether `commit()` flushes the file to the device (`fsync`) before renaming it.
  package var durable = false
  private let hasher = BackgroundSHA256()

  /// Buffered bytes are written once they reach this size (1 MiB).
  package static let blockSize = 1 << 20

  private var descriptor: Int32
  private var buffer: [UInt8] = []
  private var isClosed = false

  /// Creates the folder of `path` if missing and opens the temporary file, truncating any
  /// leftover from an earlier crashed run with the same process id.
  package init(path: String) throws {
    // Split at the last slash: "a/b/t.csv" → ("a/b/", "t.csv"), "/t.csv" → ("/", "t.csv"),
    // "t.csv" → ("", "t.csv").
    let nameStart = path.lastIndex(of: "/").map { path.index(after: $0) } ?? path.startIndex
    let prefix = String(path[..<nameStart])
    let name = String(path[nameStart...])
    self.path = path
    self.temporaryPath = prefix + ".\(name).tmp-\(getpid())"
    if !prefix.isEmpty {
      do {
        try FileManager.default.createDirectory(
          atPath: prefix, withIntermediateDirectories: true)
      } catch {
        throw SinkError.io(path: prefix, message: "cannot create the folder")
      }
    }
    descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    if descriptor < 0 {
      throw SinkError.io(path: temporaryPath, message: Self.systemMessage())
    }
    buffer.reserveCapacity(Self.blockSize + Self.blockSize / 4)
  }

  deinit {
    if !isClosed { abort() }
  }

  /// Appends bytes, writing a block when the buffer is full.
  package func append(_ bytes: [UInt8]) throws {
    if buffer.isEmpty && bytes.count >= Self.blockSize {
      // A big block goes straight to the file without a copy.
      try writeAll(bytes)
      byteCount += bytes.count
      return
    }
    buffer.append(contentsOf: bytes)
    byteCount += bytes.count
    if buffer.count >= Self.blockSize { try flush() }
  }

  /// Lets `body` append directly to the write buffer (saving a copy of every encoded chunk),
  /// then writes the buffer if it is full.
  package func append(_ body: (inout [UInt8]) throws -> Void) throws {
    let before = buffer.count
    try body(&buffer)
    byteCount += buffer.count - before
    if buffer.count >= Self.blockSize { try flush() }
  }

  /// Writes the buffer, closes the file and renames it to `path`.
  package func commit() throws {
    guard !isClosed else {
      throw SinkError.io(path: path, message: "the file was already closed")
    }
    do {
      try flush()
      isClosed = true
      if durable, fsync(descriptor) != 0 {
        let message = Self.systemMessage()
        close(descriptor)
        throw SinkError.io(path: path, message: message)
      }
      if close(descriptor) != 0 { throw SinkError.io(path: path, message: Self.systemMessage()) }
      sha256 = hasher.finalize()
      if rename(temporaryPath, path) != 0 {
        throw SinkError.io(path: path, message: Self.systemMessage())
      }
    } catch {
      unlink(temporaryPath)
      throw error
    }
  }

  /// Closes and removes the temporary file; does nothing after `commit()` or a first `abort()`.
  package func abort() {
    guard !isClosed else { return }
    isClosed = true
    close(descriptor)
    unlink(temporaryPath)
  }

  /// Writes out the buffer.
  private func flush() throws {
    guard !buffer.isEmpty else { return }
    try writeAll(buffer)
    // The hasher may still share the written buffer: a new one (not a copy of the old).
    buffer = []
    buffer.reserveCapacity(Self.blockSize + Self.blockSize / 4)
  }

  /// Writes all of `bytes`, retrying partial writes and interrupted calls.
  private func writeAll(_ bytes: [UInt8]) throws {
    guard !bytes.isEmpty else { return }
    hasher.update(bytes)
    try bytes.withUnsafeBytes { raw in
      guard let base = raw.baseAddress else { return }
      var offset = 0
      while offset < raw.count {
        let written = write(descriptor, base + offset, raw.count - offset)
        if written < 0 {
          if errno == EINTR { continue }
          throw SinkError.io(path: temporaryPath, message: Self.systemMessage())
        }
        offset += written
      }
    }
  }

  /// The text of the current `errno`, lowercased in the house style.
  private static func systemMessage() -> String {
    let text = String(cString: strerror(errno))
    return text.prefix(1).lowercased() + text.dropFirst()
  }
}
