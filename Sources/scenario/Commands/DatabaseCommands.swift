import Foundation
import ScenarioKit
import ScenarioPostgres
import ScenarioSQLite

/// A database given with `--db`: `sqlite:PATH`, or a libpq URI `postgresql://...`.
enum DatabaseTarget {
  case sqlite(path: String)
  case postgres(uri: String)

  var display: String {
    switch self {
    case .sqlite(let path): path
    case .postgres(let uri): uri
    }
  }
}

func databaseTarget(_ text: String) throws -> DatabaseTarget {
  if text.hasPrefix("sqlite:") {
    let path = String(text.dropFirst("sqlite:".count))
    guard !path.isEmpty else { throw UsageError(message: "'--db sqlite:' needs a file path", command: nil) }
    return .sqlite(path: path)
  }
  if text.hasPrefix("postgresql://") || text.hasPrefix("postgres://") { return .postgres(uri: text) }
  throw UsageError(message: "unknown database '\(text)' (expected sqlite:PATH or postgresql://...)", command: nil)
}

/// `--table NAME=TARGET` (repeatable): the database table an output goes into, `TABLE` or
/// `SCHEMA.TABLE`.
func readTableMapping(_ value: String, into tables: inout [String: String], command: String) throws {
  let parts = value.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
  guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
    throw UsageError(message: "'--table' expects NAME=TARGET such as students=app.students, found '\(value)'", command: command)
  }
  if let earlier = tables[parts[0]] {
    throw UsageError(message: "'--table' maps '\(parts[0])' twice ('\(earlier)' and '\(parts[1])')", command: command)
  }
  tables[parts[0]] = parts[1]
}

/// What a run (or a check of a database) reads source tables from: the database, when it
/// exists (a SQLite file may not yet). A connection that fails is a usage or I/O error.
func sourceAccess(_ target: DatabaseTarget?, tables: [String: String] = [:]) throws -> SourceAccess {
  guard let target else { return .run(database: nil) }
  var access: SourceAccess
  do {
    switch target {
    case .sqlite(let path):
      if let db = try SQLiteTarget.sourceConnection(path: path) {
        access = .run(database: db)
      } else {
        access = SourceAccess(readFiles: true, required: true, absentDatabase: "'\(path)' does not exist yet")
      }
    case .postgres(let uri): access = .run(database: try PostgresTarget.sourceConnection(uri: uri))
    }
  } catch {
    throw ScenarioIOError(message: "\(error)")
  }
  access.targets = tables
  return access
}

/// `scenario run FILE --db sqlite:PATH`: the run as one transaction on the database.
func runIntoDatabase(
  _ program: Program, target: DatabaseTarget, arguments r: RunArguments, result: CompileResult,
  observers: [RowObserver], checker: ExpectationChecker?, progress: ((String, Int, Int) -> Void)?, started: Date
) -> ExitCode {
  let path = target.display
  let summary: DatabaseRunSummary
  let options = DatabaseRunOptions(threads: r.threads, chunkSize: r.chunkSize)
  do {
    switch target {
    case .sqlite(let file):
      summary = try SQLiteTarget.run(program, path: file, targets: r.tables, options: options, observers: observers, progress: progress)
    case .postgres(let uri):
      summary = try PostgresTarget.run(program, uri: uri, targets: r.tables, options: options, observers: observers, progress: progress)
    }
  } catch {
    switch error {
    case .scenario(let d):
      report([d], files: result.files, flags: r.flags)
      Terminal.error("scenario: run failed in \(result.file.path); the database was not changed\n")
      return .scenarioErrors
    case .output(let message):
      Terminal.error("scenario: error: \(message)\n")
      return .usageOrIO
    case .cancelled(let signal):
      Terminal.error("scenario: interrupted by \(signal == 2 ? "SIGINT" : "SIGTERM"); the database was not changed\n")
      return signal == 2 ? .interrupted : .terminated
    }
  }
  if !r.quiet {
    var out = "scenario \(program.name): seed \(program.seed), now \(formatInstant(program.now)) into \(path)\n"
    out += RunReport.sourceLines(program)
    if !summary.created.isEmpty { out += "  created \(summary.created.joined(separator: ", "))\n" }
    let width = max(5, summary.tables.map(\.name.count).max() ?? 0)
    for t in summary.tables {
      out += "  \(t.name.padding(toLength: width, withPad: " ", startingAt: 0))  \(t.generated) rows: \(t.inserted) inserted, \(t.updated) updated, \(t.kept) already there\(r.tables[t.name].map { " (in \($0))" } ?? "")\n"
    }
    out += "committed in \(String(format: "%.2f", Date().timeIntervalSince(started))) s\n"
    Terminal.out(out)
  }
  guard let checker else { return .success }
  if !r.quiet || !checker.allPassed {
    Terminal.out("\n" + ExpectationChecker.render(checker.results, color: Terminal.stdoutIsTTY && r.flags.color != .never))
  }
  if checker.allPassed || r.expectationsWarnOnly { return .success }
  let failed = checker.results.filter(\.failed).count
  Terminal.error("scenario: \(failed) expectation\(failed == 1 ? "" : "s") failed in \(result.file.path)\n")
  return .expectationsFailed
}

/// The expectations measured on a database's rows (`scenario check FILE --db ...`).
func checkDatabase(_ program: Program, _ target: DatabaseTarget, tables: [String: String], observers: [RowObserver]) throws(RunError) {
  switch target {
  case .sqlite(let path): try SQLiteTarget.check(program, path: path, targets: tables, observers: observers)
  case .postgres(let uri): try PostgresTarget.check(program, uri: uri, targets: tables, observers: observers)
  }
}

/// `scenario purge FILE --db sqlite:PATH [--dry-run]`
func purgeCommand(_ args: [String]) throws -> ExitCode {
  var reader = ArgumentReader(args, command: "purge")
  var flags = CompileFlags()
  var files: [String] = []
  var db: String?
  var dryRun = false
  var tables: [String: String] = [:]
  while !reader.done {
    let (a, inline) = reader.next()
    switch a {
    case "-h", "--help":
      Terminal.out(Help.purge)
      return .success
    case "--db": db = try reader.value(for: a, inline: inline)
    case "--dry-run": dryRun = true
    case "--table": try readTableMapping(try reader.value(for: a, inline: inline), into: &tables, command: "purge")
    default:
      if try reader.readCompileFlag(a, inline, into: &flags) { continue }
      if a.hasPrefix("-") { throw UsageError(message: "unknown option '\(a)'", command: "purge") }
      files.append(a)
    }
  }
  guard files.count == 1 else {
    throw UsageError(message: files.isEmpty ? "'purge' needs a FILE" : "'purge' takes one FILE, found \(files.count)", command: "purge")
  }
  guard let db else { throw UsageError(message: "'purge' needs '--db sqlite:PATH' or '--db postgresql://...'", command: "purge") }
  let target = try databaseTarget(db)
  let path = target.display
  // Purging needs the plan, not the rows of source tables.
  let result = try compileAndReport(files[0], flags, sources: .none)
  guard let program = result.program else {
    Terminal.error(summaryLine(result, flags: flags, generated: false))
    return .scenarioErrors
  }
  do {
    let summary: PurgeSummary
    switch target {
    case .sqlite(let file): summary = try SQLiteTarget.purge(program, path: file, targets: tables, dryRun: dryRun)
    case .postgres(let uri): summary = try PostgresTarget.purge(program, uri: uri, targets: tables, dryRun: dryRun)
    }
    var out = dryRun ? "scenario purge --dry-run: would delete from \(path)\n" : "scenario purge: deleted from \(path)\n"
    let width = max(5, summary.tables.map(\.name.count).max() ?? 0)
    for t in summary.tables { out += "  \(t.name.padding(toLength: width, withPad: " ", startingAt: 0))  \(t.rows) row\(t.rows == 1 ? "" : "s")\n" }
    if summary.tables.isEmpty { out += "  (no table declares rows it owns)\n" }
    Terminal.out(out)
    return .success
  } catch {
    switch error {
    case .output(let message): Terminal.error("scenario: error: \(message)\n")
    case .scenario(let d): report([d], files: result.files, flags: flags)
    case .cancelled: break
    }
    return .usageOrIO
  }
}
