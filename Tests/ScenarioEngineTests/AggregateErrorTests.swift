import Foundation
import ScenarioKit
import Testing

/// A run-time error in an aggregate names the row that caused it, whatever the chunk size.
@Suite("Aggregate errors")
struct AggregateErrorTests {
  static let source = """
    scenario o
    table tutors [2] {
      key id
      id = row
    }
    table sessions [5 per t in tutors] {
      tutor = t
      big = row >= 8 ? 9000000000000000000 : 1
    }
    table stats [each t in tutors] {
      total = sum(big) over sessions
    }
    """

  @Test("an integer sum overflow names its row", arguments: [1, 3, 4096])
  func overflowRow(chunkSize: Int) throws {
    let program = try EngineFixture.compile(Self.source)
    do {
      _ = try EngineFixture.run(program, threads: 2, chunkSize: chunkSize)
      Issue.record("the run did not fail")
    } catch let failure as EngineFixture.Failure {
      let d = try #require(failure.diagnostic)
      #expect(d.code == .runtimeArithmetic)
      #expect(d.notes.contains { $0.contains("row 9") }, "\(d.notes)")
      #expect(failure.leftover.isEmpty)
    }
  }
}
