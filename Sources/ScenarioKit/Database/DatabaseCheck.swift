import ScenarioEngine
import ScenarioIR
import ScenarioSinks

/// `scenario check FILE --db ...`: the scenario's expectations measured on the rows already in a
/// database, as `check --data` measures them on files (`DataReplay`): each written table is read
/// back in the CSV output's forms, only the rows the scenario owns when the table declares
/// ownership (so real rows beside them do not count), ordered by the table's key.
public enum DatabaseCheck {
  /// Reads every written table and hands its rows to the observers.
  public static func run(_ program: Program, plan: DatabasePlan, db: DatabaseConnection, observers: [RowObserver]) throws {
    try DataReplay.replay(program, observers: observers) { table in
      guard let planned = plan.table(table.name) else { throw DatabaseError("table '\(table.name)' is not in the database plan") }
      return ("\(db.name), table \(table.name)", try db.rows(try select(table, planned, program: program, dialect: db.dialect)))
    }
  }

  /// A column as text in the CSV output's form.
  static func textColumn(_ c: String, _ kind: TypeKind, dialect: SQLDialect) -> String {
    switch (dialect, kind) {
    case (.sqlite, .bool): "CASE \(c) WHEN 1 THEN 'true' WHEN 0 THEN 'false' END"
    case (.sqlite, .datetime): "replace(\(c), ' ', 'T') || 'Z'"
    case (.sqlite, _): c
    case (.postgres, .bool): "CASE \(c) WHEN true THEN 'true' WHEN false THEN 'false' END"
    case (.postgres, .datetime): "to_char(\(c), 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
    case (.postgres, .date): "to_char(\(c), 'YYYY-MM-DD')"
    case (.postgres, .duration):
      "CASE WHEN \(c) < interval '0' THEN '-PT' || (-extract(epoch FROM \(c)))::bigint || 'S' ELSE 'PT' || extract(epoch FROM \(c))::bigint || 'S' END"
    case (.postgres, _): "\(c)::text"
    }
  }

  /// The query of a table's written columns as the CSV output writes them.
  static func select(_ table: TableIR, _ planned: DatabasePlan.Table, program: Program, dialect: SQLDialect) throws -> String {
    let columns = table.outputSlots.map { s -> String in
      textColumn("t." + q(table.slots[s].name), DataReplay.schemaType(table.slots[s].type, program).kind, dialect: dialect)
    }
    var sql = "SELECT \(columns.joined(separator: ", ")) FROM \(planned.sqlName) AS t"
    if let owned = planned.owned { sql += " WHERE \(try owned.sql("t", dialect: dialect))" }
    let order = planned.key.map { [$0] } ?? planned.identity
    if !order.isEmpty { sql += " ORDER BY " + order.map { "t." + q($0) }.joined(separator: ", ") }
    return sql
  }
}
