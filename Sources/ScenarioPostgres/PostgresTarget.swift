import Foundation
import ScenarioEngine
import ScenarioIR
import ScenarioKit
import ScenarioSinks

/// `scenario run FILE --db postgresql://...`: the run straight into PostgreSQL, in one
/// transaction, with the SQLite target's checks, policies, keys and ownership (`DatabaseRun`);
/// rows are staged with COPY. The password comes from PGPASSWORD or ~/.pgpass (libpq reads
/// both), never from the URI.
public enum PostgresTarget {
  public static func plan(_ program: Program, targets: [String: String] = [:]) throws -> DatabasePlan {
    try ScenarioRunner.databasePlan(program, dialect: .postgres, targets: targets)
  }

  /// A connection to read source tables from (`from table`, `from query`).
  public static func sourceConnection(uri: String) throws -> any DatabaseConnection {
    try PostgresConnection(uri: uri)
  }

  static func begin(_ program: Program, uri: String, targets: [String: String]) throws(RunError) -> (DatabasePlan, PostgresConnection) {
    do {
      let plan = try Self.plan(program, targets: targets)
      let db = try PostgresConnection(uri: uri)
      try db.execute("BEGIN")
      return (plan, db)
    } catch {
      throw .output("\(error)")
    }
  }

  public static func run(
    _ program: Program, uri: String, targets: [String: String] = [:], options: DatabaseRunOptions = DatabaseRunOptions(), observers: [RowObserver] = [],
    progress: ((String, Int, Int) -> Void)? = nil
  ) throws(RunError) -> DatabaseRunSummary {
    if let signal = Cancellation.signal { throw .cancelled(signal) }
    let (plan, db) = try begin(program, uri: uri, targets: targets)
    do {
      let summary = try DatabaseRun.write(program, plan: plan, db: db, options: options, observers: observers, progress: progress)
      try db.execute("COMMIT")
      return summary
    } catch {
      _ = try? db.execute("ROLLBACK")
      throw DatabaseRun.runError(error, program)
    }
  }

  /// `scenario check FILE --db postgresql://...`: the expectations measured on the rows in the
  /// database (`DatabaseCheck`), read in one read-only transaction.
  public static func check(_ program: Program, uri: String, targets: [String: String] = [:], observers: [RowObserver]) throws(RunError) {
    let (plan, db) = try begin(program, uri: uri, targets: targets)
    defer { _ = try? db.execute("ROLLBACK") }
    do {
      try db.execute("SET TRANSACTION READ ONLY")
      try DatabaseCheck.run(program, plan: plan, db: db, observers: observers)
    } catch {
      throw .output("\(error)")
    }
  }

  /// `scenario purge FILE --db postgresql://... [--dry-run]`.
  public static func purge(_ program: Program, uri: String, targets: [String: String] = [:], dryRun: Bool) throws(RunError) -> PurgeSummary {
    let (plan, db) = try begin(program, uri: uri, targets: targets)
    do {
      let summary = try DatabaseRun.purge(plan, db: db, dryRun: dryRun)
      try db.execute(dryRun ? "ROLLBACK" : "COMMIT")
      return summary
    } catch {
      _ = try? db.execute("ROLLBACK")
      throw .output("\(error); nothing was deleted")
    }
  }
}
