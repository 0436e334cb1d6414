import ScenarioKit

/// `scenario check FILE...`
func checkCommand(_ args: [String]) throws -> ExitCode {
  var reader = ArgumentReader(args, command: "check")
  var flags = CompileFlags()
  var files: [String] = []
  while !reader.done {
    let (a, inline) = reader.next()
    if a == "-h" || a == "--help" {
      Terminal.out(Help.check)
      return .success
    }
    if try reader.readCompileFlag(a, inline, into: &flags) { continue }
    if a.hasPrefix("-") { throw UsageError(message: "unknown option '\(a)'", command: "check") }
    files.append(a)
  }
  guard !files.isEmpty else { throw UsageError(message: "'check' needs at least one FILE", command: "check") }
  var worst = ExitCode.success
  for file in files {
    let result = try compileAndReport(file, flags)
    if result.errorCount > 0 {
      Terminal.error(summaryLine(result, flags: flags, generated: false))
      worst = .scenarioErrors
    } else if result.warningCount > 0 {
      Terminal.error(summaryLine(result, flags: flags, generated: true))
    }
  }
  return worst
}
