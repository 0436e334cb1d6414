import Foundation

/// A developer's diagnostic: with `SCENARIO_PROFILE_SLOTS` set in the environment, the engine
/// times every column evaluated column-wise and prints the slowest 40 (summed over chunks and
/// threads) when the run ends. Off by default; costs nothing then.
final class SlotProfile: @unchecked Sendable {
  static let enabled = ProcessInfo.processInfo.environment["SCENARIO_PROFILE_SLOTS"] != nil
  static let shared = SlotProfile()
  private let lock = NSLock()
  private var totals: [String: UInt64] = [:]

  func add(_ column: String, _ nanoseconds: UInt64) {
    lock.lock()
    totals[column, default: 0] += nanoseconds
    lock.unlock()
  }

  /// Prints `table.column  milliseconds` lines to standard error, slowest first.
  func report() {
    lock.lock()
    defer { lock.unlock() }
    for (column, total) in totals.sorted(by: { $0.value > $1.value }).prefix(40) {
      FileHandle.standardError.write(Data("\(column) \(total / 1_000_000) ms\n".utf8))
    }
  }
}
