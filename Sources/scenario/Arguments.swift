import ScenarioKit

/// A usage error: a bad flag or missing argument (exit code 3).
struct UsageError: Error {
  var message: String
  var command: String?
}

/// Options shared by commands that compile a scenario.
struct CompileFlags {
  var mode: String?
  var overrides: [(name: String, value: String)] = []
  var seed: UInt64?
  var now: String?
  /// `--max-text-bytes`, `--max-rows`: the run's budgets.
  var limits = RunLimits()
  var color: ColorMode = .auto
  var shortDiagnostics = false
}

/// Parsed arguments of `scenario run`.
struct RunArguments {
  var file = ""
  var out = "out"
  var format: String?
  var dialect: String?
  var threads = 0
  var chunkSize = 8192
  var quiet = false
  /// `--expectations warn`: failed expectations are reported but do not change the exit code.
  var expectationsWarnOnly = false
  /// `--expectations off`: expectations are neither measured nor reported.
  var expectationsOff = false
  var profile = false
  /// `--wait`: wait for another run that holds the output folder.
  var wait = false
  /// `--clean`: remove the files the last set listed that this run does not write.
  var clean = false
  /// `--no-sync`: skip the fsyncs (scratch data: a power loss may then leave an empty file).
  var noSync = false
  /// `--db sqlite:PATH`: write into a database instead of a folder.
  var db: String?
  /// `--table NAME=TARGET`: the database table an output goes into.
  var tables: [String: String] = [:]
  var flags = CompileFlags()
}

/// A tiny hand-written argument reader: `--name value`, `--name=value` and positional arguments.
struct ArgumentReader {
  var args: [String]
  var index = 0
  let command: String

  init(_ args: [String], command: String) {
    self.args = args
    self.command = command
  }

  var done: Bool { index >= args.count }

  /// The next argument and, for `--flag=value`, the inline value.
  mutating func next() -> (String, String?) {
    let a = args[index]
    index += 1
    if a.hasPrefix("--"), let eq = a.firstIndex(of: "=") {
      return (String(a[..<eq]), String(a[a.index(after: eq)...]))
    }
    return (a, nil)
  }

  /// The value of a flag: inline or the following argument.
  mutating func value(for flag: String, inline: String?) throws -> String {
    if let inline { return inline }
    guard index < args.count else { throw UsageError(message: "'\(flag)' needs a value", command: command) }
    index += 1
    return args[index - 1]
  }

  /// Reads a flag shared by compiling commands; false if the flag is not one of them.
  mutating func readCompileFlag(_ flag: String, _ inline: String?, into f: inout CompileFlags) throws -> Bool {
    switch flag {
    case "--mode": f.mode = try value(for: flag, inline: inline)
    case "--set":
      let v = try value(for: flag, inline: inline)
      guard let eq = v.firstIndex(of: "="), eq != v.startIndex else {
        throw UsageError(message: "'--set' expects NAME=VALUE, found '\(v)'", command: command)
      }
      f.overrides.append((String(v[..<eq]), String(v[v.index(after: eq)...])))
    case "--seed":
      let v = try value(for: flag, inline: inline)
      // The seed domain is 0 ... 2^64 - 1, as in the file: no sign, no wrap-around.
      guard let s = UInt64(v) else {
        throw UsageError(
          message: "'--seed' expects an integer from 0 to 18446744073709551615, found '\(v)'", command: command)
      }
      f.seed = s
    case "--now": f.now = try value(for: flag, inline: inline)
    case "--max-text-bytes": f.limits.textBytes = try int(for: flag, inline: inline, min: 1)
    case "--max-rows": f.limits.rows = try int(for: flag, inline: inline, min: 0)
    case "--color":
      let v = try value(for: flag, inline: inline)
      guard let m = ColorMode(rawValue: v) else {
        throw UsageError(message: "'--color' expects auto, always or never, found '\(v)'", command: command)
      }
      f.color = m
    case "--diagnostics":
      let v = try value(for: flag, inline: inline)
      guard v == "rich" || v == "short" else {
        throw UsageError(message: "'--diagnostics' expects rich or short, found '\(v)'", command: command)
      }
      f.shortDiagnostics = v == "short"
    default: return false
    }
    return true
  }

  /// Parses an integer flag value.
  mutating func int(for flag: String, inline: String?, min: Int) throws -> Int {
    let v = try value(for: flag, inline: inline)
    guard let n = Int(v), n >= min else {
      throw UsageError(message: "'\(flag)' expects an integer of at least \(min), found '\(v)'", command: command)
    }
    return n
  }
}
