/// The documented exit codes (Docs/CLI.md, DESIGN.md §4).
enum ExitCode: Int32 {
  /// Everything succeeded.
  case success = 0
  /// The data was generated but an expectation failed.
  case expectationsFailed = 1
  /// The scenario has errors (compile time or run time).
  case scenarioErrors = 2
  /// A usage error (bad flags) or an I/O error (unreadable input, unwritable output, a folder in
  /// the way, another run holding the output folder).
  case usageOrIO = 3
  /// SIGINT (Ctrl-C) stopped the run; the output folder is unchanged.
  case interrupted = 130
  /// SIGTERM stopped the run; the output folder is unchanged.
  case terminated = 143
}
