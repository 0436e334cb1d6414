import ScenarioSinks

/// One key per database table, however a scenario spells its name: SQLite's names are
/// case-insensitive and live in `main`; PostgreSQL's (always quoted here) are exact, and a
/// name in the current schema may be written with or without it (`public.x` is `x`).
enum DatabaseNames {
  static func key(_ name: String, _ db: any DatabaseConnection) throws -> String {
    switch db.dialect {
    case .sqlite:
      let lower = name.lowercased()
      return lower.hasPrefix("main.") ? String(lower.dropFirst(5)) : lower
    case .postgres:
      return try db.catalogName(name)
    }
  }
}
