import Foundation
import ScenarioKit
import ScenarioPostgres
import ScenarioTestSupport
import Testing

/// `float(k)` columns created as `NUMERIC(p, k)` in PostgreSQL, read back exactly as the CSV
/// output writes them, and a second run that rewrites nothing (issue 18, item 1).
@Suite("PostgreSQL NUMERIC columns", .serialized)
struct PostgresNumericTests {
  static let scenario = """
    scenario prices
    seed 6
    table products [200] {
      key id
      natural key id
      on conflict update
      owned where id > 0
      id = row + 1
      price: float(2) = uniform(1, 500)
      share: float(4) = beta(2, 5)
      drift: float(3) = normal(0, 1)
      score: float(2) = normal(50, 10)
      double precision score
    }
    """

  @Test("NUMERIC(p, k) from the bounds, exact values, idempotent under 'on conflict update'")
  func numeric() throws {
    guard TestServer.enabled else { return }
    let compiled = ScenarioCompiler.compile(source: Self.scenario, path: "prices.scenario")
    let program = try #require(compiled.program, "\(compiled.diagnostics.map(\.message))")
    try TestServer.withDatabase { database in
      let uri = TestServer.uri(database)
      _ = try PostgresTarget.run(program, uri: uri)
      #expect(try TestServer.psql(database, """
        SELECT column_name, data_type, numeric_precision, numeric_scale FROM information_schema.columns
        WHERE table_name = 'products' ORDER BY ordinal_position
        """) == "id|bigint|64|0\nprice|numeric|5|2\nshare|numeric|5|4\ndrift|numeric|38|3\nscore|double precision|53|\n")
      // The values, as text, are the CSV output's digits.
      let folder = FileManager.default.temporaryDirectory.path + "/scenario-numeric-\(UUID().uuidString)"
      defer { try? FileManager.default.removeItem(atPath: folder) }
      _ = try ScenarioRunner.run(program, options: RunOptions(outputDirectory: folder))
      let csv = try String(contentsOfFile: folder + "/products.csv", encoding: .utf8)
      let fromCSV = csv.split(separator: "\n").dropFirst().map { $0.split(separator: ",").prefix(4).joined(separator: "|") }
      let fromDB = try TestServer.psql(database, "SELECT id, price, share, drift FROM products ORDER BY id").split(separator: "\n").map(String.init)
      #expect(fromDB == fromCSV)
      let dump = try TestServer.dump(database)
      let again = try PostgresTarget.run(program, uri: uri)
      #expect(again.tables.first?.updated == 0, "an unchanged NUMERIC row was rewritten")
      #expect(try TestServer.dump(database) == dump)
    }
  }
}
