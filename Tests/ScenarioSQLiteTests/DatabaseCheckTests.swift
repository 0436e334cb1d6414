import Foundation
import ScenarioKit
import ScenarioSQLite
import ScenarioTestSupport
import Testing

/// `scenario check FILE --db sqlite:PATH` (Docs/Databases.md): the expectations measured on the
/// rows in the database give the run's figures digit for digit, count only the rows the
/// scenario owns, and fail when a seeded row is edited.
@Suite("check --db", .enabled(if: SQLiteShell.available))
struct DatabaseCheckTests {
  @Test("run and check --db measure the same; real rows do not count; an edit is caught")
  func sameFigures() throws {
    let folder = try ScratchFolder("check-db")
    defer { folder.remove() }
    let db = folder.file("user_data.db")
    try ToeflSeedingTests.fixture(db)
    let program = try ToeflSeedingTests.compile(count: 8)
    let generated = ExpectationChecker(program: program)
    _ = try SQLiteTarget.run(program, path: db, observers: [generated])
    // The expectations a database can answer, as `check --db` keeps them.
    var checkable = program
    let skipped = Set(DataReplay.uncheckable(program).map(\.index))
    let kept = program.expectations.indices.filter { !skipped.contains($0) }
    checkable.expectations = DataReplay.forFiles(kept.map { program.expectations[$0] })
    #expect(kept.count >= 10)
    let read = ExpectationChecker(program: checkable)
    try SQLiteTarget.check(checkable, path: db, observers: [read])
    for (k, i) in kept.enumerated() {
      let a = generated.results[i]
      let b = read.results[k]
      #expect(a.measuredText == b.measuredText && a.n == b.n && a.passed == b.passed, "\(a.text): run \(a.measuredText) (n \(a.n)), check --db \(b.measuredText) (n \(b.n))")
    }
    #expect(read.allPassed)
    try SQLiteShell.run(db, "UPDATE sessions SET notes = 'edited' WHERE session_id = (SELECT MAX(session_id) FROM sessions);")
    let edited = ExpectationChecker(program: checkable)
    try SQLiteTarget.check(checkable, path: db, observers: [edited])
    #expect(edited.results.filter(\.failed).map(\.text) == ["rate(notes == \"SYNTHETIC\") == 1"])
  }
}
