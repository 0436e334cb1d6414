import Foundation
import ScenarioDiagnostics
import ScenarioKit
import Testing

/// A part of a shared output may read the parts declared before it (login events, then the
/// scheduling that follows some of them): the rows come in part order, `row` counts on over the
/// output, each child row reads its parent part's row, and every engine setting and format
/// writes the same rows.
@Suite("Parts that read earlier parts")
struct PartChainTests {
  static let source = """
    scenario chain
    seed 8
    now 2024-07-01T00:00:00
    table users [30] {
      key user_id
      user_id = "U" ++ pad(row + 1, 3)
    }
    table logins [poisson(2) per u in users] into events {
      key event_id
      event_id = "E" ++ pad(row + 1, 5)
      user = u
      kind = "login"
      at = now - minutes(uniform_int(120, 20000))
      follows: text? = null
      let schedules = bernoulli(0.7)
    }
    table scheduled [each l in logins where l.schedules] into events {
      key event_id
      event_id = "E" ++ pad(row + 1, 5)
      user = l.user
      kind = "scheduled"
      at = l.at + minutes(uniform_int(30, 60))
      follows: text? = l.event_id
    }
    table replies [each s in scheduled where s.at > now - 5d] into events {
      key event_id
      event_id = "E" ++ pad(row + 1, 5)
      user = s.user
      kind = "reply"
      at = s.at + 1m
      follows: text? = s.event_id
    }
    expect events: unique(event_id)
    expect scheduled: at >= l.at + 30m and at <= l.at + 1h
    """

  @Test("rows in part order, numbered over the output, each following its parent part's row")
  func chained() throws {
    let out = try EngineFixture.run(Self.source)
    #expect(out.summary.tables.map(\.name) == ["users", "events"])
    let events = out.table("events")
    let ids = events.values("event_id")
    let expectedIDs: [String] = (1...ids.count).map { (k: Int) -> String in
      let digits = String(k)
      return "E" + String(repeating: "0", count: 5 - digits.count) + digits
    }
    #expect(ids == expectedIDs)
    let kinds = events.values("kind")
    // Every login, then every scheduling, then every reply.
    let order: [String: Int] = ["login": 0, "scheduled": 1, "reply": 2]
    let ranks: [Int] = kinds.map { order[$0] ?? -1 }
    #expect(ranks == ranks.sorted())
    let logins = kinds.filter { $0 == "login" }.count
    let scheduled = kinds.filter { $0 == "scheduled" }.count
    #expect(logins > 30 && scheduled > 0 && scheduled < logins)
    #expect(kinds.contains("reply"))
    // Each follower names an earlier event of the same user, 30-60 minutes (or 1 minute) later.
    let at = Dictionary(uniqueKeysWithValues: zip(ids, events.values("at").map { CorrelatedAggregateTests.instant($0) }))
    let user = Dictionary(uniqueKeysWithValues: zip(ids, events.values("user")))
    for (k, follows) in events.column("follows").enumerated() {
      guard let followed = follows else {
        #expect(kinds[k] == "login")
        continue
      }
      let gap = try #require(at[ids[k]]) - (try #require(at[followed], "\(followed)"))
      #expect(user[followed] == user[ids[k]], "\(ids[k])")
      let expectedGap: ClosedRange<Int> = kinds[k] == "scheduled" ? 1800...3600 : 60...60
      #expect(expectedGap.contains(gap), "\(ids[k]): \(gap) s")
      #expect(followed < ids[k])
    }
  }

  @Test("both engines, chunk sizes and thread counts write the same bytes, in CSV and SQL")
  func enginesAgree() throws {
    let program = try EngineFixture.compile(Self.source)
    for format in [OutputFormat.csv, .sql(.sqlite), .sql(.postgres)] {
      let reference = try EngineFixture.run(program, chunkSize: 4096, format: format, columnWise: false).files
      for chunk in [1, 7, 2048] {
        #expect(try EngineFixture.run(program, threads: 2, chunkSize: chunk, format: format).files == reference)
      }
      if case .sql = format {
        // The last INSERT statement is closed (the load script holds the transaction).
        let text = String(decoding: try #require(reference["events.sql"]), as: UTF8.self)
        #expect(text.hasSuffix(");\n"))
      }
    }
  }

  @Test("a part that reads a later part is a located error")
  func laterPart() {
    let result = ScenarioCompiler.compile(
      source: """
        scenario bad
        table a [2] into out { x = 1
          let y = pick b }
        table b [2] into out { x = 2 }
        """, path: "bad.scenario")
    let errors = result.diagnostics.filter { $0.severity == .error }
    #expect(errors.map(\.message) == ["table 'a' reads 'b', a later part of 'out'"])
    #expect(errors.first?.code == .dependencyCycle)
  }
}
