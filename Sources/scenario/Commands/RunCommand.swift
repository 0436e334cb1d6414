import Foundation
import ScenarioKit

/// The output format from `--format` and `--dialect`; a dialect alone implies `--format sql`.
func outputFormat(format: String?, dialect: String?) throws -> OutputFormat {
  switch (format ?? (dialect == nil ? "csv" : "sql"), dialect ?? "sqlite") {
  case ("csv", _):
    if let d = dialect {
      throw UsageError(message: "'--dialect \(d)' needs '--format sql'", command: "run")
    }
    return .csv
  case ("sql", "sqlite"): return .sql(.sqlite)
  case ("sql", "postgres"), ("sql", "postgresql"): return .sql(.postgres)
  case ("sql", let d):
    throw UsageError(message: "unknown SQL dialect '\(d)' (expected sqlite or postgres)", command: "run")
  case (let f, _):
    throw UsageError(message: "unknown format '\(f)' (expected csv or sql)", command: "run")
  }
}

/// `scenario run FILE [options]`
func runCommand(_ args: [String]) throws -> ExitCode {
  var reader = ArgumentReader(args, command: "run")
  var r = RunArguments()
  var files: [String] = []
  while !reader.done {
    let (a, inline) = reader.next()
    switch a {
    case "-h", "--help":
      Terminal.out(Help.run)
      return .success
    case "--out": r.out = try reader.value(for: a, inline: inline)
    case "--format": r.format = try reader.value(for: a, inline: inline)
    case "--dialect": r.dialect = try reader.value(for: a, inline: inline)
    case "--threads": r.threads = try reader.int(for: a, inline: inline, min: 1)
    case "--chunk-size": r.chunkSize = try reader.int(for: a, inline: inline, min: 1)
    case "--quiet": r.quiet = true
    case "--wait": r.wait = true
    case "--clean": r.clean = true
    case "--no-sync": r.noSync = true
    case "--db": r.db = try reader.value(for: a, inline: inline)
    case "--table": try readTableMapping(try reader.value(for: a, inline: inline), into: &r.tables, command: "run")
    case "--profile": r.profile = true
    case "--expectations":
      let v = try reader.value(for: a, inline: inline)
      guard v == "fail" || v == "warn" || v == "off" else {
        throw UsageError(message: "'--expectations' expects fail, warn or off, found '\(v)'", command: "run")
      }
      r.expectationsWarnOnly = v == "warn"
      r.expectationsOff = v == "off"
    default:
      if try reader.readCompileFlag(a, inline, into: &r.flags) { continue }
      if a.hasPrefix("-") { throw UsageError(message: "unknown option '\(a)'", command: "run") }
      files.append(a)
    }
  }
  guard files.count == 1 else {
    throw UsageError(message: files.isEmpty ? "'run' needs a FILE" : "'run' takes one FILE, found \(files.count)", command: "run")
  }
  guard !r.out.isEmpty else {
    throw UsageError(message: "'--out' needs a folder, found an empty name", command: "run")
  }
  let target = try r.db.map(databaseTarget)
  if target != nil, r.format != nil || r.dialect != nil || r.profile {
    throw UsageError(message: "'--db' writes into a database; it takes no '--format', '--dialect' or '--profile'", command: "run")
  }
  let format = try outputFormat(format: r.format, dialect: r.dialect)
  if target == nil, !r.tables.isEmpty {
    throw UsageError(message: "'--table' maps tables of a database; it needs '--db'", command: "run")
  }
  let result = try compileAndReport(files[0], r.flags, sources: try sourceAccess(target, tables: r.tables))
  guard let compiled = result.program else {
    Terminal.error(summaryLine(result, flags: r.flags, generated: false))
    return .scenarioErrors
  }
  let program = r.expectationsOff ? compiled.withoutExpectations() : compiled
  let started = Date()
  let showProgress = Terminal.stderrIsTTY && !r.quiet
  let progress: ((String, Int, Int) -> Void)? = showProgress ? { table, done, total in
    guard total >= 200_000 else { return }
    let pct = total == 0 ? 100 : done * 100 / total
    Terminal.error("\r\u{1B}[K  generating \(table): \(pct)%")
  } : nil
  let checker = program.expectations.isEmpty ? nil : ExpectationChecker(program: program)
  let profiler = r.profile ? Profiler(program: program) : nil
  var observers: [RowObserver] = []
  if let checker { observers.append(checker) }
  if let profiler { observers.append(profiler) }
  if let target {
    return runIntoDatabase(program, target: target, arguments: r, result: result, observers: observers, checker: checker, progress: progress, started: started)
  }
  var options = RunOptions(outputDirectory: r.out, format: format, threads: r.threads, chunkSize: r.chunkSize)
  options.wait = r.wait
  options.clean = r.clean
  options.durable = !r.noSync
  options.source = ScenarioRunner.manifestSource(
    program, scenario: files[0], bytes: result.file.bytes, mode: r.flags.mode, format: format)
  let summary: RunSummary
  do {
    summary = try ScenarioRunner.run(
      program, options: options, observers: observers, progress: progress,
      extraFiles: r.profile ? ["profile.json"] : [],
      extraContents: profiler.map { p in { ["profile.json": Array(p.renderJSON().utf8)] } })
  } catch {
    if showProgress { Terminal.error("\r\u{1B}[K") }
    switch error {
    case .scenario(let d):
      report([d], files: result.files, flags: r.flags)
      Terminal.error("scenario: run failed in \(result.file.path); no files were written\n")
      return .scenarioErrors
    case .output(let message):
      Terminal.error("scenario: error: \(message)\(message.hasSuffix("nothing was changed") ? "" : "; nothing was changed")\n")
      return .usageOrIO
    case .cancelled(let signal):
      Terminal.error("scenario: interrupted by \(signal == 2 ? "SIGINT" : "SIGTERM"); the output folder was not changed\n")
      return signal == 2 ? .interrupted : .terminated
    }
  }
  for note in summary.notes { Terminal.error("scenario: note: \(note)\n") }
  if showProgress { Terminal.error("\r\u{1B}[K") }
  if !r.quiet { Terminal.out(RunReport.text(program: program, summary: summary, seconds: Date().timeIntervalSince(started))) }
  if let profiler {
    Terminal.out("\n" + profiler.renderText(unicode: Terminal.stdoutIsTTY))
    let path = (r.out as NSString).appendingPathComponent("profile.json")
    if !r.quiet { Terminal.out("wrote \(RunReport.displayPath(path))\n") }
  }
  guard let checker else { return .success }
  let results = checker.results
  // --quiet prints the expectations only when one fails.
  if !r.quiet || !checker.allPassed {
    Terminal.out("\n" + ExpectationChecker.render(results, color: Terminal.stdoutIsTTY && r.flags.color != .never))
  }
  if checker.allPassed || r.expectationsWarnOnly { return .success }
  let failed = results.filter(\.failed).count
  Terminal.error("scenario: \(failed) expectation\(failed == 1 ? "" : "s") failed in \(result.file.path)\n")
  return .expectationsFailed
}
