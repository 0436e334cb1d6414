import Foundation
import ScenarioDiagnostics
import ScenarioKit
import Testing

/// Correlated aggregates (the filter reads the current row) and whole-table aggregates
/// (`over all`), recomputed from the written files; both engines, every chunk size and thread
/// count agree; the index gives what a full scan gives; misuse is a located error.
@Suite("Correlated and whole-table aggregates")
struct CorrelatedAggregateTests {
  static let source = """
    scenario corr
    seed 5
    now 2024-07-01T00:00:00
    table tutors [6] {
      key tutor_id
      tutor_id = "T" ++ pad(row + 1, 2)
    }
    table sessions [400] {
      key session_id
      session_id = row + 1
      tutor_id = pick tutors
      at = now - hours(uniform_int(1, 24 * 20))
      rating: float(1)? = bernoulli(0.9) ? uniform(1, 5) : null
      code: int? = bernoulli(0.2) ? null : uniform_int(0, 3)
    }
    table interventions [uniform_int(1, 3) per t in tutors] {
      key id
      id = row + 1
      tutor_id = t
      sent_at = now - hours(uniform_int(24, 24 * 15))
      code: int? = bernoulli(0.3) ? null : uniform_int(0, 3)
      before = count() over all sessions where tutor_id == t and at >= sent_at - 7d and at < sent_at
      scanned = count() over all sessions where not (tutor_id != t) and at >= sent_at - 7d and at < sent_at
      linked = count() over sessions where at >= sent_at - 7d and at < sent_at
      mean_before: float(2)? = mean(rating) over all sessions where tutor_id == t and at < sent_at at least 3
      best_before: float? = max(rating) over all sessions where tutor_id == t and at < sent_at
      same_code = count() over all sessions where code == interventions.code
      all_sessions = count() over all sessions
      rated = rate(rating >= 3) over all sessions
    }
    table experiments [4] {
      key eid
      eid = row
      busier = count() over all interventions where before > eid * 3
    }
    """

  /// Seconds since 1970 of a written date-time.
  static func instant(_ text: String?) -> Int {
    guard let text else { return .min }
    let f = ISO8601DateFormatter()
    return Int(f.date(from: text)!.timeIntervalSince1970)
  }

  @Test("every aggregate equals its recomputation from the written rows")
  func recomputed() throws {
    let out = try EngineFixture.run(Self.source)
    let s = out.table("sessions")
    let i = out.table("interventions")
    let tutor = s.values("tutor_id")
    let at = s.column("at").map(Self.instant)
    let rating = s.column("rating").map { $0.flatMap(Double.init) }
    let code = s.column("code")
    #expect(i.rows.count >= 6)
    for r in i.rows.indices {
      let t = i.values("tutor_id")[r]
      let sent = Self.instant(i.column("sent_at")[r])
      let week = s.rows.indices.filter { tutor[$0] == t && at[$0] >= sent - 7 * 86_400 && at[$0] < sent }
      #expect(i.ints("before")[r] == week.count, "row \(r)")
      #expect(i.ints("scanned")[r] == week.count, "row \(r): a full scan gives the index's answer")
      #expect(i.ints("linked")[r] == week.count, "row \(r): the link is the tutor")
      let earlier = s.rows.indices.filter { tutor[$0] == t && at[$0] < sent }.compactMap { rating[$0] }
      if earlier.count < 3 {
        #expect(i.column("mean_before")[r] == nil)
      } else {
        let mean = earlier.reduce(0, +) / Double(earlier.count)
        #expect(abs(Double(i.column("mean_before")[r] ?? "")! - mean) <= 0.005 + 1e-9, "row \(r)")
      }
      #expect(i.column("best_before")[r].flatMap(Double.init) == earlier.max(), "row \(r)")
      // `==` between nulls holds (null equals only null), and the index agrees.
      let c = i.column("code")[r]
      #expect(i.ints("same_code")[r] == code.filter { $0 == c }.count, "row \(r): code \(c ?? "null")")
      #expect(i.ints("all_sessions")[r] == 400)
      let rated = rating.compactMap { $0 }
      let rate = Double(rated.filter { $0 >= 3 }.count) / Double(rated.count)
      #expect(i.doubles("rated")[r] == rate)
    }
    let before = i.ints("before")
    for (e, busier) in out.table("experiments").ints("busier").enumerated() {
      #expect(busier == before.filter { $0 > e * 3 }.count)
    }
  }

  @Test("both engines, chunk sizes and thread counts write the same bytes")
  func enginesAgree() throws {
    let program = try EngineFixture.compile(Self.source)
    let reference = try EngineFixture.run(program, chunkSize: 4096, columnWise: false).files
    for chunk in [1, 5, 2048] {
      #expect(try EngineFixture.run(program, threads: 2, chunkSize: chunk, columnWise: true).files == reference)
      #expect(try EngineFixture.run(program, threads: 1, chunkSize: chunk, columnWise: false).files == reference)
    }
  }

  /// The single error of a scenario that declares `column` in `table stats [each t in tutors]`.
  static func error(_ column: String, table: String = "table stats [each t in tutors] {") -> Diagnostic? {
    let text = """
      scenario e
      seed 1
      table tutors [3] {
        key tutor_id
        tutor_id = row
      }
      table sessions [10] {
        tutor = pick tutors
        n = row
      }
      table kids [2 per t in tutors] {
        k = row
      }
      \(table)
        \(column)
      }
      """
    let result = ScenarioCompiler.compile(source: text, path: "e.scenario")
    let errors = result.diagnostics.filter { $0.severity == .error }
    #expect(errors.count == 1, "\(errors.map(\.message))")
    return errors.first
  }

  @Test("misuse is a located error with a way out")
  func errors() {
    var d = Self.error("x = count() over all sessions.tutor")
    #expect(d?.code == .misplacedConstruct && d?.message.contains("takes no link column") == true)
    d = Self.error("x = count() over sessions where (count() over sessions) > n")
    #expect(d?.message.contains("cannot be nested") == true, "\(d?.message ?? "")")
    d = Self.error("x = share(n) over all sessions")
    #expect(d?.message.contains("'share' over all rows") == true, "\(d?.message ?? "")")
    d = Self.error("let m = 2\n  x = share(n) over sessions where n > m")
    #expect(d?.message.contains("'share' cannot read the current row") == true, "\(d?.message ?? "")")
    d = Self.error("let m = 2\n  x = count() over all sessions where row > m")
    #expect(d?.message.contains("'row' of 'sessions' cannot be read") == true, "\(d?.message ?? "")")
    d = Self.error("let m = 2\n  x = count() over kids where k > m")
    #expect(d?.message.contains("cannot link 'kids' through its parent variable") == true, "\(d?.message ?? "")")
    d = Self.error("x = count() over sessions", table: "table lonely [2] {")
    #expect(d?.help?.contains("over all sessions") == true, "\(d?.help ?? "")")
  }

  @Test("over all works in a table without a parent, and orders the aggregated table first")
  func wholeTableWithoutParent() throws {
    let out = try EngineFixture.run(
      """
      scenario w
      seed 2
      table summary [1] {
        n = count() over all items where size > 5
        total = sum(size) over all items
      }
      table items [50] {
        size = row % 10
      }
      """)
    #expect(out.summary.tables.map(\.name) == ["items", "summary"])
    #expect(out.table("summary").ints("n") == [20])
    #expect(out.table("summary").ints("total") == [225])
  }

  /// A filter may read the current row through its parent variable's fields (`a.tutor_id`) even
  /// when the parent table itself aggregates the source: the source does not come to depend on
  /// the parent (which would be a cycle).
  @Test("a filter may read the current row through a parent's field")
  func throughParentField() throws {
    let out = try EngineFixture.run(
      """
      scenario p
      seed 3
      now 2024-07-01T00:00:00
      table tutors [5] {
        key tutor_id
        tutor_id = "T" ++ (row + 1)
      }
      table sessions [300] {
        tutor_id = pick tutors
        at = now - hours(uniform_int(1, 24 * 20))
      }
      table stats [each t in tutors] {
        tutor_id = t
        total = count() over sessions
      }
      table notes [2 per a in stats] {
        tutor_id = a.tutor_id
        sent_at = now - days(uniform_int(8, 12))
        before = count() over all sessions where tutor_id == a.tutor_id and at >= sent_at - 7d and at < sent_at
      }
      """)
    #expect(out.summary.tables.map(\.name) == ["tutors", "sessions", "stats", "notes"])
    let sessions = out.table("sessions")
    let pairs = zip(sessions.values("tutor_id"), sessions.values("at").map { Self.instant($0) })
    let notes = out.table("notes")
    for (k, tutor) in notes.values("tutor_id").enumerated() {
      let sent = Self.instant(notes.values("sent_at")[k])
      let expected = pairs.filter { $0.0 == tutor && $0.1 >= sent - 7 * 86_400 && $0.1 < sent }.count
      #expect(notes.ints("before")[k] == expected, "note \(k + 1)")
    }
  }
}
