import Testing
import ScenarioIR
@testable import ScenarioSinks
@Test func peek() throws {
  let cols = EngineFixture.itemColumns(withNUL: true)
  let few = cols.map { Array($0[0..<24]) }
  for enc in [SQLEncoder(dialect: .sqlite) as any TableEncoder, SQLEncoder(dialect: .postgres), CSVEncoder()] {
    let chunk = Chunk(startRow: 0, count: 24, columns: few)
    let enc2 = enc
    print(try Fixtures.encode(enc2, EngineFixture.items, [chunk], totalRows: 24))
  }
}
