import Foundation
import ScenarioDiagnostics
import ScenarioIR
import ScenarioKit
import Testing

@testable import ScenarioEngine

/// Sparse parents: children laid out while the parent streams, the parent keeping only the rows
/// with children. Same bytes and same errors as keeping every row.
@Suite("Sparse parents")
struct SparseParentTests {
  static let source = """
    scenario sparse
    seed 3
    now 2024-06-01T00:00:00
    table tutors [20] {
      key tid
      tid = "T" ++ pad(row, 2)
      rate = uniform(0, 1)
    }
    table sessions [20000] {
      key sid
      sid = "S" ++ pad(row + 1, 6)
      tutor = pick tutors
      at = now - minutes(uniform_int(0, 10000))
      flagged = bernoulli(1%)
      score = normal(0, 1)
      let level = uniform_int(0, 3)
    }
    table events [each s in sessions where s.flagged] {
      session = s
      tutor = s.tutor
      tutor_rate: float(3) = s.tutor.rate
      at = s.at + minutes(5)
      label = s.sid ++ "-e" ++ pad(row, 3)
    }
    table extras [choice { 0 80%, 1 15%, 2 5% } per s in sessions where s.score > 1.5] {
      session = s
      v: float(3) = s.score * 2 + uniform(0, 1)
    }
    table many [s.level per s in sessions where s.flagged or s.score < -2.0] {
      session = s
      k = s.level
    }
    """

  @Test("children of a sparse parent give the same bytes as with every parent row kept", arguments: [7, 4096])
  func sameBytes(chunkSize: Int) throws {
    let program = try EngineFixture.compile(Self.source)
    let sessions = try #require(program.tableIndex("sessions"))
    let plan = SparseParents(program)
    #expect(plan.children[sessions]?.map { program.tables[$0.table].name } == ["events", "extras", "many"])
    #expect(plan.program.tables[sessions].probes.count == program.tables[sessions].probes.count + 5)
    let dense = try EngineFixture.run(program, chunkSize: chunkSize, sparseParents: false)
    let sparse = try EngineFixture.run(program, threads: 2, chunkSize: chunkSize)
    #expect(dense.files.keys.sorted() == ["events.csv", "extras.csv", "many.csv", "sessions.csv", "tutors.csv"])
    for name in dense.files.keys.sorted() {
      #expect(dense.files[name] == sparse.files[name], "\(name) differs")
    }
    // The children are not trivial: rows, several per parent, and parents without children.
    let events = try #require(sparse.tables["events"])
    let many = try #require(sparse.tables["many"])
    #expect(events.rows.count > 100 && events.rows.count < 400)
    #expect(Set(many.values("session")).count < many.rows.count)
  }

  @Test("the parent keeps only the rows with children")
  func keepsOnlyRowsWithChildren() throws {
    let program = try EngineFixture.compile(Self.source)
    let sessions = try #require(program.tableIndex("sessions"))
    let engine = Engine(program: program, options: EngineOptions(threads: 2, chunkSize: 1000))
    _ = try engine.run(into: DiscardingOutput())
    let store = try #require(engine.stores[sessions])
    let kept = try #require(store.index).rows
    #expect(store.rowCount == 20000)
    #expect(kept.count > 100 && kept.count < 2000, "\(kept.count) rows kept")
    #expect(kept == kept.sorted())
    for s in program.tables[sessions].storedSlots { #expect(store.columns[s].count == kept.count) }
  }

  @Test("a parent whose rows are read otherwise keeps every row", arguments: [
    "table audit [5] {\n  s = pick sessions\n}",
    "table few [10] {\n  s = pick sessions\n  x = s.score\n}",
    "table odd [s.level * 2 per s in sessions] {\n  k = 1\n}",
  ])
  func notSparse(extra: String) throws {
    let program = try EngineFixture.compile(Self.source + "\n" + extra + "\n")
    let sessions = try #require(program.tableIndex("sessions"))
    #expect(SparseParents(program).children[sessions] == nil)
    let dense = try EngineFixture.run(program, sparseParents: false)
    let planned = try EngineFixture.run(program)
    #expect(dense.files == planned.files)
  }

  @Test("an invalid count is reported at the child's turn, after an earlier table's failure")
  func countErrors() throws {
    let source = """
      scenario counts
      table p [100] {
        k = uniform_int(-1, 3)
      }
      table mid [10] {
        x = row == 5 ? 1 / (row - 5) : 0.0
      }
      table c [s.k per s in p] {
        v = s.k
      }
      """
    let program = try EngineFixture.compile(source)
    #expect(SparseParents(program).children[try #require(program.tableIndex("p"))]?.count == 1)
    let diagnostics = try EngineFixture.diagnostics(program, settings: [(true, false), (true, true)])
    #expect(diagnostics.count == 2)
    #expect(diagnostics.first?.message == diagnostics.last?.message)
    #expect(diagnostics.first?.notes == diagnostics.last?.notes)
    #expect(diagnostics.first?.notes.first?.contains("'mid'") == true, "\(diagnostics.first?.notes ?? [])")

    // Without the earlier failure, the count's own error, named as the layout names it.
    let alone = source.replacingOccurrences(of: "x = row == 5 ? 1 / (row - 5) : 0.0", with: "x = 1")
    let program2 = try EngineFixture.compile(alone)
    var messages: [String] = []
    for sparse in [false, true] {
      do {
        _ = try EngineFixture.run(program2, sparseParents: sparse)
        Issue.record("the run did not fail")
      } catch let failure as EngineFixture.Failure {
        let d = try #require(failure.diagnostic)
        messages.append(d.message + " | " + d.notes.joined(separator: " | "))
      }
    }
    #expect(messages.count == 2 && messages[0] == messages[1], "\(messages)")
    #expect(messages.first?.contains("the rows per parent evaluated to -1") == true, "\(messages)")
  }

  @Test("a sparse column reads its kept rows and nothing else")
  func sparseColumn() {
    let index = RowIndex()
    var column = StoredColumn(for: ValueType(.float, nullable: true))
    column.index = index
    for r in [3, 8, 20] { index.append(r) }
    column.append(contentsOf: [.float(1.5), .null, .float(-2)])
    #expect(column[3] == .float(1.5))
    #expect(column[8] == .null)
    #expect(column[20] == .float(-2))
    #expect(column[4] == .null)
    #expect(column.position(of: 20) == 2)
    // A value of another kind moves the column to values, reading the entries it holds.
    index.append(30)
    column.append(contentsOf: [.text("x")])
    #expect(column[3] == .float(1.5) && column[8] == .null && column[20] == .float(-2) && column[30] == .text("x"))
    #expect(column.position(of: 0) == nil)
    #expect(index.position(of: 21) == nil)
  }
}

/// An output that discards every chunk (for engine tests that read the stores).
final class DiscardingOutput: OutputFactory, @unchecked Sendable {
  func begin(_ schema: TableSchema, totalRows: Int?) throws -> ChunkConsumer { Discard() }

  final class Discard: ChunkConsumer, @unchecked Sendable {
    func prepare(_ chunk: Chunk) throws -> [UInt8] { [] }
    func write(_ bytes: [UInt8], startRow: Int, count: Int) throws {}
    func finish() throws {}
  }
}
