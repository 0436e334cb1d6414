import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// An exclusive `flock` on a folder, held until `release()` or the process ends (the kernel
/// drops it when the process dies, however it dies). The output folder's lock serialises runs;
/// each staging folder's lock tells a later run that its writer is still alive.
final class FolderLock {
  let path: String
  private var descriptor: Int32

  private init(path: String, descriptor: Int32) {
    self.path = path
    self.descriptor = descriptor
  }

  deinit { release() }

  /// Locks `path`. With `wait`, blocks until the holder is done; without, returns nil when
  /// another process holds it. The lock is taken on the folder's inode: if the path names
  /// another folder once the lock is granted (a run switched a new set in meanwhile), the lock
  /// is taken again on that one.
  static func acquire(_ path: String, wait: Bool) throws(OutputSetError) -> FolderLock? {
    while true {
      let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
      guard fd >= 0 else { throw Posix.fail(path, "open") }
      if flock(fd, LOCK_EX | (wait ? 0 : LOCK_NB)) != 0 {
        let code = errno
        close(fd)
        if code == EWOULDBLOCK { return nil }
        if code == EINTR { continue }
        errno = code
        throw Posix.fail(path, "lock")
      }
      var held = stat()
      fstat(fd, &held)
      if let now = Posix.inode(path), now.dev == UInt64(held.st_dev), now.ino == UInt64(held.st_ino) {
        return FolderLock(path: path, descriptor: fd)
      }
      close(fd)
    }
  }

  /// Whether another process holds `path`'s lock (false when the path is gone).
  static func isHeld(_ path: String) -> Bool {
    let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard fd >= 0 else { return false }
    defer { close(fd) }
    return flock(fd, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK
  }

  func release() {
    guard descriptor >= 0 else { return }
    close(descriptor)
    descriptor = -1
  }
}
