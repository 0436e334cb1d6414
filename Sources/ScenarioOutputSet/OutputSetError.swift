/// Why an output folder could not be written, verified or cleaned. Every case names a path;
/// the CLI reports them with exit code 3.
public enum OutputSetError: Error, Equatable, CustomStringConvertible {
  /// A folder, or a file this program did not write, is where an output file goes.
  case inTheWay(path: String, what: String)
  /// Another run holds the folder's lock.
  case locked(path: String, holders: [Int32])
  /// A file-system operation failed.
  case system(path: String, operation: String, message: String)
  /// The output folder cannot be switched as a whole (it is the root, or its parent is missing).
  case unswitchable(path: String, reason: String)
  case unreadable(path: String)
  case invalidManifest(path: String, reason: String)
  /// SIGINT or SIGTERM stopped the run before the switch; nothing was changed.
  case cancelled(signal: Int32)

  public var description: String {
    switch self {
    case .inTheWay(let path, let what):
      return "'\(path)' is in the way of an output file: it is \(what); nothing was changed"
    case .locked(let path, let holders):
      let who = holders.isEmpty ? "another run" : "process " + holders.map(String.init).joined(separator: ", ")
      return "'\(path)' is being written by \(who); pass --wait to wait for it"
    case .system(let path, let operation, let message):
      return "cannot \(operation) '\(path)': \(message)"
    case .unswitchable(let path, let reason):
      return "cannot write '\(path)' as one set: \(reason)"
    case .unreadable(let path):
      return "cannot read '\(path)'"
    case .invalidManifest(let path, let reason):
      return "'\(path)' is not a valid manifest: \(reason)"
    case .cancelled(let signal):
      return "interrupted by \(signal == 2 ? "SIGINT" : signal == 15 ? "SIGTERM" : "signal \(signal)"); nothing was changed"
    }
  }
}
