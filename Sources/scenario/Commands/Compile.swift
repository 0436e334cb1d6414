import ScenarioKit

/// Compiles a file with the shared flags and prints its diagnostics; nil after errors.
func compileAndReport(_ path: String, _ flags: CompileFlags) throws -> CompileResult {
  var options = CheckOptions(mode: flags.mode, overrides: flags.overrides, seed: flags.seed, limits: flags.limits)
  if let now = flags.now {
    guard let t = parseInstant(now) else {
      throw UsageError(message: "'--now' expects a date or date-time such as 2024-06-30T00:00:00, found '\(now)'", command: nil)
    }
    options.now = t
  }
  let result: CompileResult
  do {
    result = try ScenarioCompiler.compile(path: path, options: options)
  } catch let e as ScenarioIOError {
    throw e
  }
  report(result.diagnostics, file: result.file, flags: flags)
  return result
}

/// Prints diagnostics to stderr.
func report(_ diagnostics: [Diagnostic], file: SourceFile, flags: CompileFlags) {
  guard !diagnostics.isEmpty else { return }
  let renderer = DiagnosticRenderer(
    style: flags.shortDiagnostics ? .short : .rich, color: flags.color.enabled, files: [file])
  Terminal.error(renderer.render(diagnostics))
}

/// The closing line after diagnostics.
func summaryLine(_ result: CompileResult, flags: CompileFlags, generated: Bool) -> String {
  let renderer = DiagnosticRenderer(style: .rich, color: flags.color.enabled, files: [result.file])
  return renderer.summary(errors: result.errorCount, warnings: result.warningCount, path: result.file.path, generated: generated)
}
