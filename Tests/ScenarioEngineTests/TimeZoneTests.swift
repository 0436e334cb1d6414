import Foundation
import ScenarioKit
import Testing

/// Time zones (Language.md §13): calendars whose hours and weekdays are local across daylight
/// saving changes, `local` and `local_text`, and the tz version in the program. Every local time
/// is recomputed from the written files with Foundation's TimeZone, which does not share code
/// with the embedded rules (the 2024 rules of these zones are the same in every tz release).
@Suite("Time zones")
struct TimeZoneTests {
  /// An independent reading of an instant in a zone: its local hour, day, ISO weekday and offset.
  struct Local {
    let hour: Int
    let day: Int
    let month: Int
    let weekday: Int
    let offset: Int
  }

  static func local(_ utcText: String, _ zone: String) throws -> Local {
    let tz = try #require(TimeZone(identifier: zone))
    let date = try #require(ISO8601DateFormatter().date(from: utcText))
    var cal = Calendar(identifier: .gregorian)
    cal.timeZone = tz
    let c = cal.dateComponents([.hour, .day, .month, .weekday], from: date)
    // Foundation's weekday: 1 = Sunday; ISO: 1 = Monday.
    let iso = (c.weekday! + 5) % 7 + 1
    return Local(hour: c.hour!, day: c.day!, month: c.month!, weekday: iso, offset: tz.secondsFromGMT(for: date))
  }

  static let newYork = #"""
    scenario evening
    seed 5
    table visits [40000] {
      at = calendar {
        within 2024-03-01 .. 2024-03-31
        hours { 0..14 0.5, 15..20 9, 21..23 0.5 }
        weekdays { 1..5 1, 6..7 3 }
        zone "America/New_York"
        step 1m
      }
      shown = local_text(at, "America/New_York")
    }
    """#

  @Test("A New York calendar keeps its 3-9 PM local peak and its local weekend on both sides of the March DST change")
  func eveningPeakAcrossDST() throws {
    let program = try EngineFixture.compile(Self.newYork)
    #expect(program.dataPacks["tzdata"]?.isEmpty == false, "the program names the tz data it used")
    let columns = try EngineFixture.run(program, threads: 2, chunkSize: 1000)
    let rows = try EngineFixture.run(program, columnWise: false)
    #expect(rows.files == columns.files, "the engines differ")
    let t = try #require(columns.tables["visits"])
    var peak = [0, 0]
    var total = [0, 0]
    var weekend = [0, 0]
    for (at, shown) in zip(t.values("at"), t.values("shown")) {
      let l = try Self.local(at, "America/New_York")
      #expect(l.month == 3, "\(at) is outside the local window")
      // March 10, 2024 at 2 AM: EST (-5 h) becomes EDT (-4 h).
      let side = l.day >= 10 ? 1 : 0
      #expect(l.offset == (side == 1 && !(l.day == 10 && l.hour < 3) ? -4 : -5) * 3600)
      total[side] += 1
      if (15...20).contains(l.hour) { peak[side] += 1 }
      if l.weekday >= 6 { weekend[side] += 1 }
      #expect(shown.hasSuffix(l.offset == -14400 ? "-04:00" : "-05:00"), "\(shown) for \(at)")
    }
    // Each side: 90% of a day's weight is in 15..20 local.
    for side in 0..<2 {
      Stat.expectBinomial(peak[side], n: total[side], p: 0.9, "peak share, side \(side)")
    }
    // Weekends weigh 3: March 1-9 has 2 weekend days of 9 (Sat 2, Sun 3; Sat 9 is the 9th),
    // hence 3 weekend days: 2, 3, 9 -> 9 / (6 + 9); March 10-30 (local) holds Sun 10, 16, 17,
    // 23, 24, 30 = 6 of 21 days -> 18 / (15 + 18). Sun 10 has 23 hours: its share is 23/24.
    Stat.expectBinomial(weekend[0], n: total[0], p: 9.0 / 15.0, "weekend share before")
    let w1 = 3 * (5 + 23.0 / 24)
    Stat.expectBinomial(weekend[1], n: total[1], p: w1 / (w1 + 15), "weekend share after")
  }

  @Test("The window's dates are local midnights; instants fall on local multiples of the step")
  func localWindowAndStep() throws {
    let out = try EngineFixture.run(
      #"""
      scenario kolkata
      seed 3
      table t [3000] {
        at = calendar { within 2024-01-01 .. 2024-01-03, zone "Asia/Kolkata", step 1h }
      }
      """#)
    let values = try #require(out.tables["t"]).values("at")
    // Local midnight of 2024-01-01 in India (+05:30) is 2023-12-31T18:30:00Z.
    #expect(values.min() == "2023-12-31T18:30:00Z")
    #expect(values.max() == "2024-01-02T17:30:00Z")
    #expect(values.allSatisfy { $0.hasSuffix(":30:00Z") }, "local whole hours are UTC half hours")
    #expect(Set(values).count == 48)
  }

  @Test("local and local_text agree with Foundation in several zones, across transitions; both engines")
  func localFunctions() throws {
    let zones = ["America/New_York", "Europe/Berlin", "Australia/Lord_Howe", "Asia/Kathmandu", "America/Sao_Paulo"]
    let columns = zones.enumerated().map { i, z in "  l\(i) = local_text(at, \"\(z)\")\n  w\(i) = local(at, \"\(z)\")" }
    let source = """
      scenario zones
      seed 9
      table t [5000] {
        at = calendar { within 2018-01-01T00:00:00Z .. 2025-01-01T00:00:00Z, step 15m }
      \(columns.joined(separator: "\n"))
      }
      """
    let program = try EngineFixture.compile(source)
    let columnWise = try EngineFixture.run(program, chunkSize: 333)
    let rows = try EngineFixture.run(program, columnWise: false)
    #expect(rows.files == columnWise.files, "the engines differ")
    let t = try #require(columnWise.tables["t"])
    let iso = ISO8601DateFormatter()
    for (i, zone) in zones.enumerated() {
      let tz = try #require(TimeZone(identifier: zone))
      for (at, (text, wall)) in zip(t.values("at"), zip(t.values("l\(i)"), t.values("w\(i)"))) {
        let date = try #require(iso.date(from: at))
        let offset = tz.secondsFromGMT(for: date)
        let sign = offset < 0 ? "-" : "+"
        let m = abs(offset) / 60
        let expected = iso.string(from: date.addingTimeInterval(TimeInterval(offset))).dropLast()
          + sign + String(format: "%02d:%02d", m / 60, m % 60)
        #expect(text == expected, "\(zone) at \(at)")
        #expect(wall == iso.string(from: date.addingTimeInterval(TimeInterval(offset))), "\(zone) at \(at)")
      }
    }
  }

  @Test("timezone \"NAME\" is the default zone of calendars and of local()")
  func scenarioZone() throws {
    let out = try EngineFixture.run(
      #"""
      scenario berlin
      seed 4
      timezone "Europe/Berlin"
      table t [2000] {
        at = calendar { within 2024-10-26 .. 2024-10-28, hours { 2 1 }, step 1m }
        h = hour(local(at))
        shown = local_text(at)
      }
      """#)
    let t = try #require(out.tables["t"])
    // 2 AM local on Oct 26 (+02:00) and twice on Oct 27 (+02:00, then +01:00 after the clocks
    // went back at 3 AM): three hours of equal weight.
    var byOffset: [String: Int] = [:]
    for (h, shown) in zip(t.values("h"), t.values("shown")) {
      #expect(h == "2")
      byOffset[String(shown.prefix(10)) + String(shown.suffix(6)), default: 0] += 1
    }
    #expect(Set(byOffset.keys) == ["2024-10-26+02:00", "2024-10-27+02:00", "2024-10-27+01:00"])
    for (k, n) in byOffset { Stat.expectBinomial(n, n: 2000, p: 1.0 / 3, k) }
  }

  @Test("The skipped hour of spring forward has no instants: that day loses its 2 AM")
  func springGap() throws {
    let out = try EngineFixture.run(
      #"""
      scenario gap
      seed 8
      table t [3000] {
        at = calendar { within 2024-03-09 .. 2024-03-12, hours { 2 1 }, zone "America/New_York", step 1m }
        shown = local_text(at, "America/New_York")
      }
      """#)
    let days = Stat.counts(try #require(out.tables["t"]).values("shown").map { String($0.prefix(13)) })
    #expect(Set(days.keys) == ["2024-03-09T02", "2024-03-11T02"])
    for (k, n) in days { Stat.expectBinomial(n, n: 3000, p: 0.5, k) }
  }

  @Test("An unknown zone is E0513 with a suggestion; local without a zone names the fix")
  func unknownZone() {
    let bad = ScenarioCompiler.compile(
      source: """
        scenario z
        table t [1] {
          at = calendar { within 2024-01-01 .. 2024-01-02, zone "America/New_Yrok" }
        }
        """, path: "z.scenario")
    #expect(bad.diagnostics.map(\.code.rawValue) == ["E0513"])
    #expect(bad.diagnostics.first?.help?.contains("America/New_York") == true)
    let missing = ScenarioCompiler.compile(
      source: """
        scenario z
        table t [1] {
          x = local(2024-01-01T00:00:00Z)
        }
        """, path: "z.scenario")
    #expect(missing.diagnostics.map(\.code.rawValue) == ["E0513"])
    #expect(missing.diagnostics.first?.message.contains("needs a time zone") == true)
  }
}
