import Foundation

/// Decides where each chunk of a table starts and how many rows it has: at most `maxRows`, and
/// few enough that a chunk's output stays near `maxBytes`, measured on the chunks produced so
/// far. Until the first chunk is measured, chunks start at one row and double up to `probeRows`
/// (a slow start), so that the chunks claimed before any measurement (one per worker and more in
/// the pipeline's window) hold a few wide rows (1 MiB texts), not thousands, nor 64 each. Boundaries never change the output: every row is
/// keyed by its own identity (DESIGN.md §2). Thread-safe.
final class ChunkPlanner: @unchecked Sendable {
  /// The most rows of a chunk claimed before any row has been measured.
  static let probeRows = 64

  private let lock = NSLock()
  private let total: Int
  private let maxRows: Int
  private let maxBytes: Int
  private var nextStart = 0
  private var nextIndex = 0
  private var rowsPerChunk: Int
  /// Whether a chunk has been measured; before that, chunks grow 1, 2, 4, ... `probeRows`.
  private var hasMeasured = false
  private var slowStart = 1

  init(total: Int, maxRows: Int, maxBytes: Int) {
    self.total = total
    self.maxRows = max(1, maxRows)
    self.maxBytes = max(1, maxBytes)
    rowsPerChunk = min(self.maxRows, ChunkPlanner.probeRows)
  }

  /// The next chunk (its index, first row and row count), or nil when every row is claimed.
  func claim() -> (index: Int, start: Int, count: Int)? {
    lock.lock()
    defer { lock.unlock() }
    guard nextStart < total else { return nil }
    var rows = rowsPerChunk
    if !hasMeasured {
      rows = min(rowsPerChunk, slowStart)
      slowStart = min(slowStart * 2, ChunkPlanner.probeRows)
    }
    let chunk = (index: nextIndex, start: nextStart, count: min(rows, total - nextStart))
    nextStart += chunk.count
    nextIndex += 1
    return chunk
  }

  /// Whether every row has been claimed, and so how many chunks there are.
  var claimedChunks: Int? {
    lock.lock()
    defer { lock.unlock() }
    return nextStart >= total ? nextIndex : nil
  }

  /// Records that `rows` rows took `bytes` bytes, and sizes the next chunks from it.
  func measured(rows: Int, bytes: Int) {
    guard rows > 0 else { return }
    let perRow = max(1, bytes / rows)
    let fit = max(1, min(maxRows, maxBytes / perRow))
    lock.lock()
    rowsPerChunk = fit
    hasMeasured = true
    lock.unlock()
  }
}
