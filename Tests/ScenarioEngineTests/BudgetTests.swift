import Foundation
import ScenarioDiagnostics
import ScenarioIR
import ScenarioKit
import ScenarioSinks
import Testing

@testable import ScenarioEngine

/// The budgets of a run (Docs/CLI.md, "Budgets"): text length, total rows, and chunks sized by
/// bytes. Each is a located diagnostic or an invisible change of chunking, never an abort.
@Suite struct BudgetTests {
  /// Rows whose written text is about 150 KB each: 19-byte seeds doubled 13 times.
  static let wide = """
    scenario wide
    seed 3
    table t [300] {
      let s0 = text(row + 100) ++ "-0123456789abcdef"
      let s1 = s0 ++ s0
      let s2 = s1 ++ s1
      let s3 = s2 ++ s2
      let s4 = s3 ++ s3
      let s5 = s4 ++ s4
      let s6 = s5 ++ s5
      let s7 = s6 ++ s6
      let s8 = s7 ++ s7
      let s9 = s8 ++ s8
      let s10 = s9 ++ s9
      let s11 = s10 ++ s10
      let s12 = s11 ++ s11
      let s13 = s12 ++ s12
      x = s13
      n = uniform_int(1, 6)
    }
    """

  /// Chunks of wide rows hold about `chunkBytes` of output, never `chunkSize` rows of it, and
  /// the bytes are those of a run with one huge chunk.
  @Test func chunksAreSizedByBytes() throws {
    let program = try EngineFixture.compile(Self.wide)
    let small = RecordingOutput()
    _ = try Engine(program: program, options: EngineOptions(threads: 1, chunkSize: 2048, chunkBytes: 1 << 20))
      .run(into: small)
    let rowBytes = 155_648 + 8
    #expect(small.counts.first ?? 0 <= ChunkPlanner.probeRows)
    #expect(small.counts.reduce(0, +) == 300)
    for (count, bytes) in zip(small.counts, small.bytes).dropFirst() {
      #expect(bytes <= (1 << 20) + 2 * rowBytes, "a chunk of \(count) rows took \(bytes) bytes")
    }
    #expect(small.counts.count >= 1 + (300 - 64) * rowBytes / (1 << 20), "chunks: \(small.counts)")
    let whole = RecordingOutput()
    _ = try Engine(program: program, options: EngineOptions(threads: 1, chunkSize: 4096, chunkBytes: .max))
      .run(into: whole)
    #expect(whole.counts.count == 2, "a probe chunk, then the rest: \(whole.counts)")
    #expect(small.text == whole.text)
    // Several threads claim byte-sized chunks from the same planner: the same bytes again.
    let threaded = RecordingOutput()
    _ = try Engine(program: program, options: EngineOptions(threads: 4, chunkSize: 2048, chunkBytes: 1 << 19))
      .run(into: threaded)
    #expect(threaded.text == whole.text)
  }

  /// The planner starts small, then fits `maxBytes` with what it measured, within `maxRows`.
  @Test func plannerFollowsTheMeasuredRows() {
    // Before any measurement (workers claiming at once): 1, 2, 4, ... up to probeRows rows.
    let unmeasured = ChunkPlanner(total: 10_000, maxRows: 2048, maxBytes: 1000)
    let slow = (0..<9).compactMap { _ in unmeasured.claim()?.count }
    #expect(slow == [1, 2, 4, 8, 16, 32, 64, 64, 64])
    #expect(ChunkPlanner(total: 10_000, maxRows: 3, maxBytes: 1000).claim()?.count == 1)
    let planner = ChunkPlanner(total: 10_000, maxRows: 2048, maxBytes: 1000)
    let first = planner.claim()
    #expect(first?.index == 0 && first?.start == 0 && first?.count == 1)
    planner.measured(rows: 64, bytes: 6400)  // 100 bytes a row: 10 rows per chunk
    #expect(planner.claim()?.count == 10)
    planner.measured(rows: 10, bytes: 10)  // 1 byte a row: 1000 rows
    let third = planner.claim()
    #expect(third?.start == 11 && third?.count == 1000)
    planner.measured(rows: 1, bytes: 1 << 30)  // one huge row: still one row a chunk
    #expect(planner.claim()?.count == 1)
    let capped = ChunkPlanner(total: 10_000, maxRows: 100, maxBytes: 1 << 20)
    _ = capped.claim()
    capped.measured(rows: 64, bytes: 64)  // tiny rows: capped by maxRows
    #expect(capped.claim()?.count == 100)
    var rows = 11 + 1000 + 1
    while let c = planner.claim() { rows += c.count }
    #expect(rows == 10_000)
    #expect(planner.claimedChunks != nil)
  }

  /// Past `--max-text-bytes`, `++` is R0709 at the operator, with the same diagnostic from
  /// both engines; under it, the same program runs.
  @Test func textBudgetIsSettable() throws {
    let source = """
      scenario texts
      seed 1
      table t [20] {
        let a = text(row) ++ "-abcdefgh"
        b = a ++ a
      }
      """
    let tight = try EngineFixture.compile(source, options: CheckOptions(limits: RunLimits(textBytes: 20)))
    let found = try EngineFixture.diagnostics(tight, settings: [(true, true), (false, false)])
    #expect(found.map(\.code) == [.runtimeTextTooLong, .runtimeTextTooLong])
    #expect(found[0].message == found[1].message)
    #expect(found[0].message == "the text would be 22 bytes long, more than the limit of 20 bytes")
    #expect(found[0].notes.first?.contains("row 10") == true, "\(found[0].notes)")
    let roomy = try EngineFixture.compile(source, options: CheckOptions(limits: RunLimits(textBytes: 22)))
    #expect(try EngineFixture.run(roomy).tables["t"]?.rows.count == 20)
  }

  /// The column-wise byte paths that can pass the text budget (`join`, `pad_left`, `repeat`,
  /// `upper`, `words`, `++` and chains of it, `unique_text`, `replace`) give way to the row interpreter, which reports R0709
  /// exactly as the row engine does, at the same row.
  @Test(arguments: [
    "join(\"--\", s, s, s)", "pad_left(s, 30, \"é\")", "repeat(s, 3)", "upper(s ++ s ++ s)", "words(8)",
    "s ++ s ++ s", "unique_text(s ++ s ++ s, 3)", "s ++ \"-\" ++ s ++ \"-\" ++ text(row)", "replace(s ++ s, \"a\", \"aaaa\")",
  ])
  func bytePathsAtTheTextBudget(expression: String) throws {
    let source = """
      scenario texts
      seed 1
      table t [40] {
        s = choice { "abcdef" 1, "xyz" 1 } ++ text(row)
        b = \(expression)
      }
      """
    let tight = try EngineFixture.compile(source, options: CheckOptions(limits: RunLimits(textBytes: 18)))
    let found = try EngineFixture.diagnostics(tight, settings: [(true, true), (false, false)])
    #expect(found.map(\.code) == [.runtimeTextTooLong, .runtimeTextTooLong], "\(expression)")
    if found.count == 2 {
      #expect(found[0].message == found[1].message, "\(expression)")
      #expect(found[0].notes == found[1].notes, "\(expression)")
    }
  }

  /// A constant text past the budget is a compile error (E0509) naming the limit.
  @Test func constantTextPastTheBudget() {
    let result = ScenarioCompiler.compile(
      source: "scenario c\nparam p = \"0123456789\" ++ \"0123456789\"\ntable t [1] { x = p }\n", path: "c.scenario",
      options: CheckOptions(limits: RunLimits(textBytes: 16)))
    #expect(result.diagnostics.map(\.code) == [.invalidConstant])
    #expect(result.diagnostics.first?.message.contains("more than the limit of 16 bytes") == true)
  }

  /// The row budget counts every table: constant counts before the run starts, a child table
  /// once its rows per parent are known; exactly the budget is fine.
  @Test func rowBudget() throws {
    let source = """
      scenario rows
      seed 1
      table parent [60] {
        n = uniform_int(0, 3)
      }
      table child [p.n per p in parent] {
        v = row
      }
      """
    let parentRows = 60
    let exact = try EngineFixture.compile(source)
    let output = try EngineFixture.run(exact)
    let childRows = try #require(output.tables["child"]?.rows.count)
    let budget = parentRows + childRows
    let fits = try EngineFixture.compile(source, options: CheckOptions(limits: RunLimits(rows: budget)))
    #expect(try EngineFixture.run(fits).tables["child"]?.rows.count == childRows)
    let short = try EngineFixture.compile(source, options: CheckOptions(limits: RunLimits(rows: budget - 1)))
    let failed = try EngineFixture.diagnostics(short, settings: [(true, true), (false, false)])
    #expect(failed.map(\.code) == [.runtimeRowBudget, .runtimeRowBudget])
    #expect(failed[0].primary.message == "table 'child' has \(childRows) rows")
    let tiny = try EngineFixture.compile(source, options: CheckOptions(limits: RunLimits(rows: 59)))
    let first = try EngineFixture.diagnostics(tiny, settings: [(true, true)])
    #expect(first.first?.primary.message == "table 'parent' has 60 rows")
  }
}

/// Records each table's chunks (rows and encoded bytes) and the CSV text.
final class RecordingOutput: OutputFactory, @unchecked Sendable {
  var counts: [Int] = []
  var bytes: [Int] = []
  var data: [UInt8] = []
  var text: String { String(decoding: data, as: UTF8.self) }

  func begin(_ schema: TableSchema, totalRows: Int?) throws -> ChunkConsumer { Consumer(self, schema) }

  final class Consumer: ChunkConsumer, @unchecked Sendable {
    let owner: RecordingOutput
    let schema: TableSchema
    init(_ owner: RecordingOutput, _ schema: TableSchema) {
      self.owner = owner
      self.schema = schema
    }
    func prepare(_ chunk: Chunk) throws -> [UInt8] {
      var out: [UInt8] = []
      try CSVEncoder().encode(chunk, schema: schema, totalRows: .max, into: &out)
      return out
    }
    func write(_ prepared: [UInt8], startRow: Int, count: Int) throws {
      owner.counts.append(count)
      owner.bytes.append(prepared.count)
      owner.data += prepared
    }
    func finish() throws {}
  }
}
