import Foundation
import ScenarioIR
import ScenarioKit
import ScenarioSinks

/// What `scenario purge` deleted (or, with `--dry-run`, would delete), children first.
public struct PurgeSummary: Sendable, Equatable {
  public var tables: [(name: String, rows: Int)]
  public var dryRun: Bool
  public static func == (a: Self, b: Self) -> Bool {
    a.dryRun == b.dryRun && a.tables.map(\.name) == b.tables.map(\.name) && a.tables.map(\.rows) == b.tables.map(\.rows)
  }
}

extension SQLiteTarget {
  /// `scenario purge FILE --db sqlite:PATH [--dry-run]`: deletes exactly the rows the scenario
  /// owns (`owned where`, `owned through`), children first, in one transaction. A row of any
  /// table, known to the scenario or not, that refers to an owned row and is not deleted with
  /// it is an error that lists them all, and nothing is deleted. Rows the scenario does not own
  /// are never touched.
  public static func purge(_ program: Program, path: String, dryRun: Bool) throws(RunError) -> PurgeSummary {
    let db: SQLiteConnection
    let plan: DatabasePlan
    do {
      plan = try Self.plan(program)
      db = try SQLiteConnection(path: path, create: false)
      try db.exec("BEGIN IMMEDIATE")
    } catch {
      throw .output("\(error)")
    }
    do {
      let summary = try purge(plan, db: db, dryRun: dryRun)
      try db.exec(dryRun ? "ROLLBACK" : "COMMIT")
      return summary
    } catch {
      try? db.exec("ROLLBACK")
      throw .output("\(error); nothing was deleted")
    }
  }

  static func purge(_ plan: DatabasePlan, db: SQLiteConnection, dryRun: Bool) throws -> PurgeSummary {
    let present = Set(try db.rows("SELECT lower(name) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").compactMap { $0[0] })
    let owned = plan.tables.filter { $0.owned != nil && present.contains($0.name.lowercased()) }
    let ownedNames = Dictionary(owned.map { ($0.name.lowercased(), $0) }, uniquingKeysWith: { a, _ in a })
    // Rows that would point at deleted rows.
    var blockers: [String] = []
    for table in try db.rows("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").compactMap({ $0[0] }) {
      let keys = try db.rows("SELECT \"table\", \"from\", \"to\" FROM pragma_foreign_key_list(?)", [.text(table)])
      for key in keys {
        guard let target = key[0].flatMap({ ownedNames[$0.lowercased()] }), let from = key[1], let ownedTarget = target.owned else { continue }
        var to = key[2]
        if to == nil {
          to = try db.rows("SELECT name FROM pragma_table_info(?) WHERE pk = 1", [.text(target.name)]).first?[0] ?? nil
        }
        guard let to else { continue }
        var sql = "SELECT COUNT(*) FROM \(q(table)) AS x WHERE x.\(q(from)) IN (SELECT t.\(q(to)) FROM \(q(target.name)) AS t WHERE \(try ownedTarget.sql("t", dialect: .sqlite)))"
        if let self_ = ownedNames[table.lowercased()], let ownedSelf = self_.owned {
          sql += " AND NOT (\(try ownedSelf.sql("x", dialect: .sqlite)))"
        }
        let n = try db.integer(sql)
        if n > 0 {
          let known = plan.table(table) != nil || plan.tables.contains { $0.name.lowercased() == table.lowercased() }
          blockers.append("table '\(table)'\(known ? "" : ", which the scenario does not know,") has \(n) row\(n == 1 ? "" : "s") whose '\(from)' refers to rows of '\(target.name)' that the scenario owns")
        }
      }
    }
    if !blockers.isEmpty {
      throw SQLiteError(
        "purging would leave rows that refer to deleted ones:\n" + blockers.map { "  - " + $0 }.joined(separator: "\n"))
    }
    var tables: [(String, Int)] = []
    for t in owned.reversed() {
      guard let predicate = try t.owned?.sql("t", dialect: .sqlite) else { continue }
      if dryRun {
        tables.append((t.name, Int(try db.integer("SELECT COUNT(*) FROM \(q(t.name)) AS t WHERE \(predicate)"))))
      } else {
        try db.exec("DELETE FROM \(q(t.name)) AS t WHERE \(predicate)")
        tables.append((t.name, db.changes))
      }
    }
    return PurgeSummary(tables: tables, dryRun: dryRun)
  }
}
