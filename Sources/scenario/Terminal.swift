import Foundation

/// Terminal facts: whether a stream is a TTY, and writing to stderr.
enum Terminal {
  static var stderrIsTTY: Bool { isatty(2) == 1 }
  static var stdoutIsTTY: Bool { isatty(1) == 1 }

  /// Writes text to standard error.
  static func error(_ text: String) {
    FileHandle.standardError.write(Data(text.utf8))
  }

  /// Writes text to standard output.
  static func out(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
  }
}

/// When to colour diagnostics.
enum ColorMode: String {
  case auto, always, never

  var enabled: Bool {
    switch self {
    case .auto: Terminal.stderrIsTTY && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
    case .always: true
    case .never: false
    }
  }
}
