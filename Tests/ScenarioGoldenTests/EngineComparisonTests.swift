import Testing

/// The value comparison the engine tests rely on: formatting differences pass, value
/// differences do not.
@Suite("Engine value comparison")
struct EngineComparisonTests {
  @Test(
    "engine text against CSV text",
    arguments: [
      // (CSV, engine, kind, engine name, same value?)
      ("true", "1", ValueKind.bool, SQLEngine.sqlite, true),
      ("false", "1", .bool, .sqlite, false),
      ("true", "true", .bool, .postgres, true),
      ("true", "t", .bool, .postgres, false),
      ("0.40", "0.4000000000000000222", .float, .sqlite, true),
      ("0.40", "0.4", .float, .postgres, true),
      ("0.40", "0.41", .float, .postgres, false),
      ("1e+16", "1e16", .float, .postgres, true),
      ("inf", "Inf", .float, .sqlite, true),
      ("45", "45", .int, .sqlite, true),
      ("45", "45.0", .int, .sqlite, false),
      ("2024-06-22T11:00:00Z", "2024-06-22T11:00:00Z", .datetime, .sqlite, true),
      ("2024-06-22T11:00:00Z", "2024-06-22T11:00:01Z", .datetime, .postgres, false),
      ("PT45M", "2700", .duration, .postgres, true),
      ("-P1DT1H", "-90000", .duration, .postgres, true),
      ("Zoë", "Zoë", .text, .postgres, true),
      ("Zoë", "Zoe", .text, .sqlite, false),
    ] as [(String, String, ValueKind, SQLEngine, Bool)])
  func matches(csv: String, engine: String, kind: ValueKind, in name: SQLEngine, same: Bool) {
    #expect(EngineComparison.matches(csv: csv, engine: engine, kind: kind, in: name) == same)
  }

  @Test("NULL matches only NULL")
  func nulls() {
    #expect(EngineComparison.matches(csv: nil, engine: nil, kind: .text, in: .sqlite))
    #expect(!EngineComparison.matches(csv: nil, engine: "", kind: .text, in: .sqlite))
    #expect(!EngineComparison.matches(csv: "", engine: nil, kind: .text, in: .postgres))
    #expect(!EngineComparison.matches(csv: "0", engine: nil, kind: .int, in: .postgres))
  }

  @Test("SQLite column kinds from declared type and CSV values")
  func sqliteKinds() {
    #expect(
      EngineComparison.sqliteKind(declared: "INTEGER", csvValues: ["true", nil, "false"]) == .bool)
    #expect(EngineComparison.sqliteKind(declared: "INTEGER", csvValues: ["1", "0"]) == .int)
    #expect(EngineComparison.sqliteKind(declared: "REAL", csvValues: ["1.5"]) == .float)
    #expect(
      EngineComparison.sqliteKind(declared: "TEXT", csvValues: ["2024-06-22T11:00:00Z", nil])
        == .datetime)
    #expect(EngineComparison.sqliteKind(declared: "TEXT", csvValues: ["2024-06-22"]) == .date)
    #expect(EngineComparison.sqliteKind(declared: "TEXT", csvValues: ["2024-06-22", "x"]) == .text)
    #expect(EngineComparison.sqliteKind(declared: "TEXT", csvValues: [nil]) == .text)
  }
}
