import Dispatch
import ScenarioDigests

/// A SHA-256 fed on its own serial queue, so that hashing a file overlaps with encoding and
/// writing it (the digest costs about 3.7 ms per MiB on one core). `update` shares an array (or
/// copies raw bytes) and waits while `backlog` blocks are still queued (memory stays bounded
/// when the writer is faster than the hash); `finalize` waits for the queue.
package final class BackgroundSHA256: @unchecked Sendable {
  private let queue = DispatchQueue(label: "scenario.sha256")
  private var hasher = SHA256()
  /// Blocks handed to the queue and not yet hashed: at most `backlog`, so that a writer faster
  /// than the hash waits instead of queueing the whole file in memory.
  private let slots: DispatchSemaphore

  /// The most blocks (of up to `OutputFile.blockSize`, 1 MiB, each) waiting to be hashed.
  package static let backlog = 4

  package init() { slots = DispatchSemaphore(value: Self.backlog) }

  package func update(_ bytes: UnsafeRawBufferPointer) {
    update([UInt8](bytes))
  }

  /// Hashes an array's bytes: the queue shares the array (no copy while the caller leaves it
  /// unchanged; a caller that changes it after gets its own storage then, by copy on write).
  package func update(_ bytes: [UInt8]) {
    slots.wait()
    queue.async {
      self.hasher.update(bytes)
      self.slots.signal()
    }
  }

  package func finalize() -> String {
    queue.sync { hasher.finalize() }
  }
}
