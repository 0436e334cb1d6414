import Foundation
import ScenarioKit

/// The command-line entry point: dispatches to a command and exits with its documented code.
func main() -> ExitCode {
  var args = Array(CommandLine.arguments.dropFirst())
  guard let command = args.first else {
    Terminal.error(Help.main)
    return .usageOrIO
  }
  args.removeFirst()
  // SIGINT and SIGTERM stop a run between two chunks and leave the output folder as it was
  // (installed first, so that a signal during compilation is honoured too).
  if command == "run" || command == "purge" { ScenarioRunner.installSignalHandlers() }
  do {
    switch command {
    case "check": return try checkCommand(args)
    case "run": return try runCommand(args)
    case "verify": return try verifyCommand(args)
    case "purge": return try purgeCommand(args)
    case "help", "-h", "--help":
      switch args.first {
      case "run": Terminal.out(Help.run)
      case "check": Terminal.out(Help.check)
      case "verify": Terminal.out(Help.verify)
      case "purge": Terminal.out(Help.purge)
      case nil: Terminal.out(Help.main)
      case let other?: throw UsageError(message: "no help for '\(other)': the commands are check, run, verify and purge", command: nil)
      }
      return .success
    case "--version", "version":
      Terminal.out(Help.version + "\n")
      return .success
    default:
      throw UsageError(message: "unknown command '\(command)'", command: nil)
    }
  } catch let e as UsageError {
    let hint = e.command.map { "run 'scenario help \($0)' for usage" } ?? "run 'scenario --help' for usage"
    Terminal.error("scenario: error: \(e.message)\n\(hint)\n")
    return .usageOrIO
  } catch {
    Terminal.error("scenario: error: \(error)\n")
    return .usageOrIO
  }
}

exit(main().rawValue)
