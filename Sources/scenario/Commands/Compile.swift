import ScenarioKit

/// Compiles a file with the shared flags and prints its diagnostics; nil after errors.
/// `sources` says where source tables are read from (`SourceAccess`): a check reads the CSV
/// files only; a run reads everything it needs.
func compileAndReport(_ path: String, _ flags: CompileFlags, sources: SourceAccess = .files) throws -> CompileResult {
  var options = CheckOptions(mode: flags.mode, overrides: flags.overrides, seed: flags.seed, limits: flags.limits)
  if let now = flags.now {
    guard let t = parseInstant(now) else {
      throw UsageError(message: "'--now' expects a date or date-time such as 2024-06-30T00:00:00, found '\(now)'", command: nil)
    }
    options.now = t
  }
  let result: CompileResult
  do {
    result = try ScenarioCompiler.compile(path: path, options: options, sources: sources)
  } catch let e as ScenarioIOError {
    throw e
  }
  try rejectCommandLineErrors(result.diagnostics)
  report(result.diagnostics, files: result.files, flags: flags)
  return result
}

/// Errors that point nowhere in the file are about the command line (`--mode`, `--set`): the
/// scenario is fine and the invocation is not, so they are usage errors (exit 3), printed as
/// `scenario: error: ...` with their notes and help, and the file's own diagnostics wait until
/// the command line is right.
func rejectCommandLineErrors(_ diagnostics: [Diagnostic]) throws {
  let commandLine = diagnostics.filter { $0.severity == .error && $0.span == .none }
  guard !commandLine.isEmpty else { return }
  let lines = commandLine.map { d -> String in
    let extra = d.notes + (d.help.map { [$0] } ?? [])
    return d.message + (extra.isEmpty ? "" : " (" + extra.joined(separator: "; ") + ")")
  }
  throw UsageError(message: lines.joined(separator: "\nscenario: error: "), command: nil)
}

/// Prints diagnostics to stderr.
func report(_ diagnostics: [Diagnostic], files: [SourceFile], flags: CompileFlags) {
  guard !diagnostics.isEmpty else { return }
  let renderer = DiagnosticRenderer(
    style: flags.shortDiagnostics ? .short : .rich, color: flags.color.enabled, files: files)
  Terminal.error(renderer.render(diagnostics))
}

/// The closing line after diagnostics.
func summaryLine(_ result: CompileResult, flags: CompileFlags, generated: Bool) -> String {
  let renderer = DiagnosticRenderer(style: .rich, color: flags.color.enabled, files: [result.file])
  return renderer.summary(errors: result.errorCount, warnings: result.warningCount, path: result.file.path, generated: generated)
}
