import ScenarioIR
import ScenarioSinks

/// Compares the tables already in a SQLite database with what the scenario writes, before
/// anything is written: every mismatch is listed, so that one run shows them all.
enum SchemaCheck {
  /// A column as `PRAGMA table_info` describes it.
  struct ExistingColumn {
    var name: String
    var declaredType: String
    var notNull: Bool
    var hasDefault: Bool
    var primaryKey: Bool
  }

  /// The columns of `table` in the database, or nil when there is no such table.
  static func existing(_ table: String, in db: SQLiteConnection) throws -> [ExistingColumn]? {
    let rows = try db.rows("SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info(?)", [.text(table)])
    if rows.isEmpty { return nil }
    return rows.map { r in
      ExistingColumn(
        name: r[0] ?? "", declaredType: r[1] ?? "", notNull: r[2] == "1", hasDefault: r[3] != nil, primaryKey: (r[4] ?? "0") != "0")
    }
  }

  /// SQLite's type affinity of a declared type (the rules of section 3.1 of its datatype page).
  static func affinity(_ declared: String) -> String {
    let t = declared.uppercased()
    if t.contains("INT") { return "INTEGER" }
    if t.contains("CHAR") || t.contains("CLOB") || t.contains("TEXT") { return "TEXT" }
    if t.isEmpty || t.contains("BLOB") { return "BLOB" }
    if t.contains("REAL") || t.contains("FLOA") || t.contains("DOUB") { return "REAL" }
    return "NUMERIC"
  }

  /// Every mismatch between `table` as planned and its columns in the database.
  static func mismatches(_ table: DatabasePlan.Table, existing: [ExistingColumn]) -> [String] {
    var problems: [String] = []
    let byName = Dictionary(existing.map { ($0.name.lowercased(), $0) }, uniquingKeysWith: { a, _ in a })
    let written = Set(table.schema.columns.map { $0.name.lowercased() })
    for column in table.schema.columns {
      let wanted = SQLDialect.sqlite.columnType(column.type)
      guard let found = byName[column.name.lowercased()] else {
        problems.append("table '\(table.target)' has no column '\(column.name)' (the scenario writes it as \(wanted))")
        continue
      }
      if table.database.assignedKey, column.name == table.key {
        if !(found.primaryKey && found.declaredType.uppercased() == "INTEGER") {
          problems.append("column '\(table.target).\(column.name)' is '\(found.declaredType)'\(found.primaryKey ? "" : " and not the primary key"), but the database assigns it: it must be INTEGER PRIMARY KEY")
        }
        continue
      }
      let expected = affinity(wanted)
      let actual = affinity(found.declaredType)
      let compatible = expected == actual || actual == "NUMERIC" && (expected == "INTEGER" || expected == "REAL")
        || actual == "BLOB"
      if !compatible {
        problems.append("column '\(table.target).\(column.name)' is '\(found.declaredType)' (\(actual) affinity), but the scenario writes \(wanted)")
      }
      if found.notNull, column.type.isNullable {
        problems.append("column '\(table.target).\(column.name)' is NOT NULL, but the scenario may write null ('\(column.type)')")
      }
    }
    for column in existing where !written.contains(column.name.lowercased()) {
      if column.notNull, !column.hasDefault, !(column.primaryKey && column.declaredType.uppercased() == "INTEGER") {
        problems.append("column '\(table.target).\(column.name)' is NOT NULL without a default, and the scenario does not write it")
      }
    }
    return problems
  }
}
