import ScenarioKit

/// `scenario check FILE --data DIR` or `--db DATABASE`: the scenario's expectations, checked on
/// existing CSV files or on the rows a database holds.
func checkData(_ file: String, data directory: String?, db: String?, tables: [String: String], _ flags: CompileFlags) throws -> ExitCode {
  let target = try db.map(databaseTarget)
  let result = try compileAndReport(file, flags, sources: try sourceAccess(target, tables: tables))
  guard var program = result.program else {
    Terminal.error(summaryLine(result, flags: flags, generated: false))
    return .scenarioErrors
  }
  let skipped = DataReplay.uncheckable(program)
  for (i, reason) in skipped {
    Terminal.error("scenario: warning: expectation '\(program.expectations[i].text)' is not checked: \(reason)\n")
  }
  let skippedIndices = Set(skipped.map(\.index))
  program.expectations = DataReplay.forFiles(
    program.expectations.enumerated().filter { !skippedIndices.contains($0.offset) }.map(\.element))
  let checker = ExpectationChecker(program: program)
  do {
    if let directory {
      try DataReplay.run(program, directory: directory, observers: [checker])
    } else if let target {
      try checkDatabase(program, target, tables: tables, observers: [checker])
    }
  } catch let e as ScenarioIOError {
    Terminal.error("scenario: error: \(e.message)\n")
    return .usageOrIO
  } catch let e as RunError {
    if case .output(let message) = e { Terminal.error("scenario: error: \(message)\n") }
    return .usageOrIO
  }
  Terminal.out(ExpectationChecker.render(checker.results, color: Terminal.stdoutIsTTY && flags.color != .never))
  return checker.allPassed ? .success : .expectationsFailed
}

/// `scenario check FILE...`
func checkCommand(_ args: [String]) throws -> ExitCode {
  var reader = ArgumentReader(args, command: "check")
  var flags = CompileFlags()
  var files: [String] = []
  var dataDirectory: String?
  var db: String?
  var tables: [String: String] = [:]
  while !reader.done {
    let (a, inline) = reader.next()
    if a == "-h" || a == "--help" {
      Terminal.out(Help.check)
      return .success
    }
    if a == "--data" {
      dataDirectory = try reader.value(for: a, inline: inline)
      continue
    }
    if a == "--db" {
      db = try reader.value(for: a, inline: inline)
      continue
    }
    if a == "--table" {
      try readTableMapping(try reader.value(for: a, inline: inline), into: &tables, command: "check")
      continue
    }
    if try reader.readCompileFlag(a, inline, into: &flags) { continue }
    if a.hasPrefix("-") { throw UsageError(message: "unknown option '\(a)'", command: "check") }
    files.append(a)
  }
  guard !files.isEmpty else { throw UsageError(message: "'check' needs at least one FILE", command: "check") }
  if dataDirectory != nil || db != nil {
    guard dataDirectory == nil || db == nil else {
      throw UsageError(message: "'check' takes '--data' or '--db', not both", command: "check")
    }
    guard files.count == 1 else {
      throw UsageError(message: "'check \(db == nil ? "--data" : "--db")' takes one FILE, found \(files.count)", command: "check")
    }
    if db == nil, !tables.isEmpty {
      throw UsageError(message: "'--table' maps tables of a database; it needs '--db'", command: "check")
    }
    return try checkData(files[0], data: dataDirectory, db: db, tables: tables, flags)
  }
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
