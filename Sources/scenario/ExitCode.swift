/// The documented exit codes (Docs/CLI.md, DESIGN.md §4).
enum ExitCode: Int32 {
  /// Everything succeeded.
  case success = 0
  /// The data was generated but an expectation failed.
  case expectationsFailed = 1
  /// The scenario has errors (compile time or run time).
  case scenarioErrors = 2
  /// A usage error (bad flags) or an I/O error (unreadable input, unwritable output).
  case usageOrIO = 3
}
