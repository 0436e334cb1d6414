/// The budgets that keep a run proportionate: every allocation a scenario can make grow without
/// bound has one, and going past it is a located diagnostic, never an abort (Docs/CLI.md,
/// "Budgets"). The checker copies `CheckOptions.limits` into `Program.limits`, so constant
/// folding and the engine apply the same numbers.
public struct RunLimits: Sendable, Equatable {
  /// The longest text value, in UTF-8 bytes (1 MiB).
  public static let defaultTextBytes = 1 << 20
  /// The most rows one run writes, over all tables (10^12, also the most one table may have).
  public static let defaultRows = 1_000_000_000_000

  /// The longest text value a run may build, in UTF-8 bytes (R0709 past it).
  public var textBytes: Int
  /// The most rows a run may write, over all tables (R0710 past it).
  public var rows: Int

  public init(textBytes: Int = RunLimits.defaultTextBytes, rows: Int = RunLimits.defaultRows) {
    self.textBytes = textBytes
    self.rows = rows
  }

  /// A byte count as people read it: `1048576 bytes (1 MiB)`.
  public static func bytesText(_ n: Int) -> String {
    let units = [(1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")]
    for (size, name) in units where n >= size && n % size == 0 { return "\(n) bytes (\(n / size) \(name))" }
    return n == 1 ? "1 byte" : "\(n) bytes"
  }
}
