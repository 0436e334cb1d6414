import ScenarioEngine
import ScenarioIR
import ScenarioSinks

extension ScenarioRunner {
  /// How `program`'s written tables go into a database (`DatabasePlan`): their schemas as the
  /// engine writes them, one per output, parents before children.
  public static func databasePlan(_ program: Program, dialect: SQLDialect, targets: [String: String] = [:]) throws -> DatabasePlan {
    var schemas: [TableSchema] = []
    for t in program.generationOrder where program.tables[t].isWritten {
      var schema = program.tables[t].schema(in: program)
      if let u = program.tables[t].union {
        guard u.index == 0 else { continue }
        schema = program.unionSchema(u)
      }
      schemas.append(schema)
    }
    return try DatabasePlan(program: program, schemas: schemas, dialect: dialect, targets: targets)
  }

  /// The written outputs in the order a database loads them: every table after the tables it
  /// refers to (a self-summarising parent is generated after its children, but loaded before
  /// them).
  public static func loadOrder(_ program: Program) -> [String] {
    if let plan = try? databasePlan(program, dialect: .sqlite) { return plan.tables.map(\.name) }
    return outputFiles(program, format: .csv).map { String($0.dropLast(4)) }
  }
}
