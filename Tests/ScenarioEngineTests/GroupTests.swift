import Foundation
import Testing

/// Shared random groups, `expr per key`: every row with the same key gets the same draws, keyed
/// by the key's value (not by a row), so a group's value does not depend on which rows have the
/// key, their order, the threads or the chunk size (DESIGN.md: "one daily variance per day, one
/// trend per tutor").
@Suite("Shared random groups ('per')")
struct GroupTests {
  /// Sessions over 21 days, 300 tutors and three cities, with groups keyed by a date, a pick and a
  /// text. `offset` decides each session's time; the variants below reorder it.
  static func source(offset: String = "uniform(0, 21)", rows: Int = 3000) -> String {
    """
    scenario groups
    seed 8
    now 2024-06-30T00:00:00
    table tutors [300] {
      key tutor_id
      tutor_id = "T" ++ pad(row, 3)
    }
    table sessions [\(rows)] {
      ts = now - days(\(offset))
      day = date(ts)
      factor = uniform(0.85, 1.15) per date(ts)
      let tutor = pick tutors
      tutor_id = tutor
      trend = normal(0, 1) per tutor
      trend2 = normal(0, 1) per tutor
      city = choice { "Oslo" 1, "Lima" 1, "Pune" 1 }
      bonus = uniform(0, 1) per city
      level = (uniform(0, 10) per city) + uniform(0, 1)
      daily_tutor = pick tutors per day
      tone = choice { "warm" 1, "cold" 1, "flat" 1 } per day
    }
    """
  }

  /// `values` grouped by `keys`: the distinct values seen for each key.
  static func valuesByKey(_ keys: [String], _ values: [String]) -> [String: Set<String>] {
    var map: [String: Set<String>] = [:]
    for (k, v) in zip(keys, values) { map[k, default: []].insert(v) }
    return map
  }

  @Test("'uniform(0.85, 1.15) per date(ts)' gives one value per date, different across dates")
  func onePerDate() throws {
    let t = try EngineFixture.run(Self.source()).table("sessions")
    let byDay = Self.valuesByKey(t.values("day"), t.values("factor"))
    #expect(byDay.count >= 21, "days: \(byDay.keys.sorted())")
    for (day, values) in byDay {
      #expect(values.count == 1, "\(day) has \(values.count) factors")
    }
    let factors = byDay.values.compactMap(\.first)
    #expect(Set(factors).count == byDay.count, "two dates share a factor")
    #expect(factors.compactMap(Double.init).allSatisfy { $0 >= 0.85 && $0 <= 1.15 })
  }

  @Test("a date's value does not depend on row order, row count, threads or chunk size")
  func sameWhateverTheOrder() throws {
    let program = try EngineFixture.compile(Self.source())
    let reference = try EngineFixture.run(program)
    let base = reference.table("sessions")
    let map = Self.valuesByKey(base.values("day"), base.values("factor"))
    for (threads, chunk) in [(2, 7), (1, 1), (2, 4096)] {
      let other = try EngineFixture.run(program, threads: threads, chunkSize: chunk)
      #expect(other.files == reference.files, "threads \(threads), chunk size \(chunk)")
    }
    // The same dates in another order (days counted down by row instead of drawn), and fewer
    // rows: every date keeps its factor.
    let reordered = try EngineFixture.run(Self.source(offset: "21 - row % 21", rows: 500))
      .table("sessions")
    let other = Self.valuesByKey(reordered.values("day"), reordered.values("factor"))
    #expect(other.count == 21)
    for (day, values) in other {
      #expect(values == map[day], "\(day): \(values) vs \(map[day] ?? [])")
    }
  }

  @Test("picks and choices can be grouped too: one tutor and one tone per day")
  func groupedPickAndChoice() throws {
    let t = try EngineFixture.run(Self.source()).table("sessions")
    let tutors = Self.valuesByKey(t.values("day"), t.values("daily_tutor"))
    let tones = Self.valuesByKey(t.values("day"), t.values("tone"))
    #expect(tutors.values.allSatisfy { $0.count == 1 }, "\(tutors)")
    #expect(tones.values.allSatisfy { $0.count == 1 }, "\(tones)")
    #expect(Set(tutors.values.compactMap(\.first)).count > 10, "days share one tutor")
    #expect(Set(tones.values.compactMap(\.first)).count == 3)
  }

  @Test("'normal(0, 1) per tutor' with a pick: one value per tutor, N(0, 1) across tutors")
  func perTutor() throws {
    let t = try EngineFixture.run(Self.source()).table("sessions")
    let byTutor = Self.valuesByKey(t.values("tutor_id"), t.values("trend"))
    #expect(byTutor.count >= 290, "tutors with sessions: \(byTutor.count)")
    for (tutor, values) in byTutor {
      #expect(values.count == 1, "\(tutor) has \(values.count) trends")
    }
    let trends = byTutor.keys.sorted().compactMap { byTutor[$0]?.first.flatMap(Double.init) }
    let d = RunStats.ksStatistic(trends, cdf: Exact.normalCDF)
    let eps = RunStats.dkwBand(n: trends.count)
    #expect(d <= eps, "per-tutor trends vs N(0, 1): KS \(d), band \(eps)")
  }

  @Test("two columns grouped by the same key draw independently")
  func sameKeyIndependent() throws {
    let t = try EngineFixture.run(Self.source()).table("sessions")
    let one = Self.valuesByKey(t.values("tutor_id"), t.values("trend"))
    let two = Self.valuesByKey(t.values("tutor_id"), t.values("trend2"))
    let tutors = one.keys.sorted()
    let x = tutors.compactMap { one[$0]?.first.flatMap(Double.init) }
    let y = tutors.compactMap { two[$0]?.first.flatMap(Double.init) }
    try #require(x.count == tutors.count && y.count == tutors.count)
    for (tutor, values) in two { #expect(values.count == 1, "\(tutor) has \(values.count) trend2") }
    #expect(zip(x, y).allSatisfy { $0 != $1 }, "trend and trend2 coincide for a tutor")
    // Independent standard normals: |r| <= 5/√(n − 3) with overwhelming probability.
    let r = RunStats.pearson(x, y)
    #expect(abs(r) <= 5 / Double(x.count - 3).squareRoot(), "trend ~ trend2: r = \(r)")
  }

  @Test("text keys: one value per city; a group inside a larger expression")
  func textKeys() throws {
    let t = try EngineFixture.run(Self.source()).table("sessions")
    let byCity = Self.valuesByKey(t.values("city"), t.values("bonus"))
    #expect(byCity.keys.sorted() == ["Lima", "Oslo", "Pune"])
    for (city, values) in byCity { #expect(values.count == 1, "\(city): \(values)") }
    #expect(Set(byCity.values.compactMap(\.first)).count == 3)
    // `(uniform(0, 10) per city) + uniform(0, 1)`: the grouped part is the city's, the other
    // part the row's own, so each city's values lie within one unit and differ row by row.
    let level = t.doubles("level")
    let city = t.values("city")
    for c in ["Lima", "Oslo", "Pune"] {
      let values = level.indices.filter { city[$0] == c }.map { level[$0] }
      let spread = (values.max() ?? 0) - (values.min() ?? 0)
      #expect(spread < 1 && spread > 0.9, "\(c): spread \(spread)")
      #expect(Set(values).count == values.count, "\(c): the ungrouped draw repeats")
    }
  }
}
