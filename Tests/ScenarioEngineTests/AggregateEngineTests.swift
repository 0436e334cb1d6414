import Foundation
import ScenarioDiagnostics
import ScenarioKit
import ScenarioSinks
import Testing

/// Aggregates (`AGG(x) over T[.link] [where c] [at least n]`) recomputed from the generated rows,
/// calendar instants in a full run, shared outputs (`into NAME`), and invariance of all of them
/// under threads and chunk sizes.
@Suite("Aggregates, calendars and shared outputs in runs")
struct AggregateEngineTests {
  // MARK: - The scenario

  /// Tutors (four rare ones, four never picked), sessions that pick them, reviews as a child
  /// of tutors, a stats table of aggregates, child tables whose counts and filters use
  /// aggregates, and a shared output of two parts.
  static let source = """
    scenario aggregates
    seed 20240630
    now 2024-06-30T00:00:00

    table tutors [40] {
      key tutor_id
      tutor_id = "T" ++ pad(row + 1, 3)
      let weight = row < 4 ? 0.05 : 1
    }

    table sessions [4000] {
      key session_id
      session_id = row + 1
      tutor = pick tutors where row < 36 weighted by weight
      backup = bernoulli(0.3) ? pick tutors : null
      rating = uniform_int(1, 5)
      score = bernoulli(0.85) ? normal(3, 1) : null
      at = calendar {
        within now - 30d .. now
        hours { 8..11 70%, 0..7 10%, 12..23 20% }
        weekdays { 1..5 1, 6..7 0.7 }
        step 1m
      }
      completed = bernoulli(0.8)
      minutes = uniform_int(10, 90)
      let length = minutes(minutes)
      let long = minutes > 60
    }

    table reviews [uniform_int(0, 3) per t in tutors] {
      tutor_code = t.tutor_id
      stars = uniform_int(1, 5)
    }

    table stats [each t in tutors] {
      tutor = t
      n = count() over sessions.tutor
      n_done = count() over sessions.tutor where completed
      n_score = count(score) over sessions.tutor
      n_backup = count() over sessions.backup
      total_rating = sum(rating) over sessions.tutor
      total_score = sum(score) over sessions.tutor
      mean_rating = mean(rating) over sessions.tutor
      mean_score_done = mean(score) over sessions.tutor where completed
      recent_n = count() over sessions.tutor where at >= now - 7d
      recent_mean = mean(rating) over sessions.tutor where at >= now - 7d
      recent3 = mean(rating) over sessions.tutor where at >= now - 7d at least 3
      last2_n3 = count() over sessions.tutor where at >= now - 2d at least 3
      first_at = min(at) over sessions.tutor
      last_done_at = max(at) over sessions.tutor where completed
      longest = max(length) over sessions.tutor
      min_score = min(score) over sessions.tutor
      max_rating = max(rating) over sessions.tutor where not completed
      done_rate = rate(completed) over sessions.tutor
      long_rate = rate(long) over sessions.tutor where rating >= 3
      rating_share = share(rating) over sessions.tutor
      score_share = share(score) over sessions.tutor where not completed
      n_reviews = count() over reviews
      mean_stars = mean(stars) over reviews
    }

    table busy [each t in tutors where (count() over sessions.tutor) >= 120] {
      tutor = t
    }

    table review_slots [(count() over reviews) per t in tutors] {
      tutor = t
    }

    table logins [2 per t in tutors] into events {
      event_id = "EV" ++ pad(row + 1, 6)
      tutor = t
      kind = "login"
      at = calendar { within now - 30d .. now, step 1s }
    }

    table bookings [each s in sessions where s.completed] into events {
      event_id = "EV" ++ pad(row + 1, 6)
      tutor = s.tutor
      kind = "booking"
      at = s.at
    }
    """

  // MARK: - Reading rows back

  struct Session {
    var tutor: String
    var backup: String?
    var rating: Int
    var score: Double?
    var at: String
    var completed: Bool
    var minutes: Int
  }

  static func sessions(_ t: CSVTable) throws -> [Session] {
    let tutor = t.values("tutor")
    let backup = t.column("backup")
    let rating = t.ints("rating")
    let score = t.column("score")
    let at = t.values("at")
    let completed = t.values("completed")
    let minutes = t.ints("minutes")
    return tutor.indices.map { i in
      Session(
        tutor: tutor[i], backup: backup[i], rating: rating[i], score: score[i].flatMap(Double.init),
        at: at[i], completed: completed[i] == "true", minutes: minutes[i])
    }
  }

  /// Seconds of an ISO 8601 duration as the CSV writes them (`PT1H30M`, `P1DT2H`, `PT0S`).
  static func durationSeconds(_ text: String) -> Int? {
    var s = Substring(text)
    guard s.hasPrefix("P") else { return nil }
    s = s.dropFirst()
    var total = 0
    var number = ""
    var inTime = false
    for c in s {
      if c.isNumber {
        number.append(c)
        continue
      }
      if c == "T" {
        inTime = true
        continue
      }
      guard let n = Int(number) else { return nil }
      number = ""
      switch (c, inTime) {
      case ("D", false): total += n * 86_400
      case ("H", true): total += n * 3600
      case ("M", true): total += n * 60
      case ("S", true): total += n
      default: return nil
      }
    }
    return number.isEmpty ? total : nil
  }

  /// Two floats agree to 1e-12 (relative, or absolute near 0).
  static func close(_ a: Double?, _ b: Double?) -> Bool {
    switch (a, b) {
    case (nil, nil): return true
    case (let x?, let y?): return abs(x - y) <= 1e-12 * max(1, abs(y))
    default: return false
    }
  }

  // MARK: - Every aggregate, recomputed

  @Test("every aggregate equals its recomputation from the session rows")
  func aggregatesMatchTheRows() throws {
    let out = try EngineFixture.run(Self.source)
    let rows = try Self.sessions(out.table("sessions"))
    let stats = out.table("stats")
    let tutors = out.table("tutors").values("tutor_id")
    #expect(rows.count == 4000)
    #expect(stats.values("tutor") == tutors, "one stats row per tutor, in tutor order")
    let recentStart = "2024-06-23T00:00:00Z"
    let twoDays = "2024-06-28T00:00:00Z"

    func col(_ name: String) -> [String?] { stats.column(name) }
    func int(_ v: String?) -> Int? { v.flatMap { Int($0) } }
    func dbl(_ v: String?) -> Double? { v.flatMap { Double($0) } }

    // Running sums exactly as the engine adds them: per parent in row order, and for `share` a
    // grand total in row order.
    func sums(_ filter: (Session) -> Bool, _ value: (Session) -> Double?) -> (per: [String: (n: Int, s: Double)], total: Double) {
      var per: [String: (n: Int, s: Double)] = [:]
      var total = 0.0
      for r in rows where filter(r) {
        guard let v = value(r) else { continue }
        var e = per[r.tutor] ?? (0, 0)
        e.n += 1
        e.s += v
        per[r.tutor] = e
        total += v
      }
      return (per, total)
    }

    var nullRecent3 = 0
    var valueRecent3 = 0
    var nullLast2 = 0
    var valueLast2 = 0
    var emptyTutors = 0
    let ratingSums = sums({ _ in true }, { Double($0.rating) })
    let scoreNotDone = sums({ !$0.completed }, { $0.score })
    for (i, code) in tutors.enumerated() {
      let mine = rows.filter { $0.tutor == code }
      let label = "tutor \(code)"
      if mine.isEmpty { emptyTutors += 1 }

      // count
      #expect(int(col("n")[i]) == mine.count, "\(label) n")
      #expect(int(col("n_done")[i]) == mine.filter(\.completed).count, "\(label) n_done")
      #expect(int(col("n_score")[i]) == mine.filter { $0.score != nil }.count, "\(label) n_score")
      #expect(int(col("n_backup")[i]) == rows.filter { $0.backup == code }.count, "\(label) n_backup")

      // sum: exact for ints, row-order sum for floats; 0 without rows.
      #expect(int(col("total_rating")[i]) == mine.reduce(0) { $0 + $1.rating }, "\(label) total_rating")
      let scoreSum = mine.reduce(0.0) { $0 + ($1.score ?? 0) }
      #expect(Self.close(dbl(col("total_score")[i]), scoreSum), "\(label) total_score \(col("total_score")[i] ?? "null") vs \(scoreSum)")
      if mine.isEmpty {
        #expect(col("total_score")[i] == "0.0" && col("total_rating")[i] == "0", "\(label): sums without rows are 0")
      }

      // mean: null without contributing rows.
      let meanRating = mine.isEmpty ? nil : Double(mine.reduce(0) { $0 + $1.rating }) / Double(mine.count)
      #expect(Self.close(dbl(col("mean_rating")[i]), meanRating), "\(label) mean_rating")
      let doneScores = mine.filter(\.completed).compactMap(\.score)
      let meanDone = doneScores.isEmpty ? nil : doneScores.reduce(0, +) / Double(doneScores.count)
      #expect(Self.close(dbl(col("mean_score_done")[i]), meanDone), "\(label) mean_score_done")

      // A window relative to `now` (date-times in the CSV compare as text).
      let recent = mine.filter { $0.at >= recentStart }
      #expect(int(col("recent_n")[i]) == recent.count, "\(label) recent_n")
      let recentMean = recent.isEmpty ? nil : Double(recent.reduce(0) { $0 + $1.rating }) / Double(recent.count)
      #expect(Self.close(dbl(col("recent_mean")[i]), recentMean), "\(label) recent_mean")

      // at least 3: null with fewer contributing rows, else the plain value.
      let expected3 = recent.count < 3 ? nil : recentMean
      #expect(Self.close(dbl(col("recent3")[i]), expected3), "\(label) recent3")
      if expected3 == nil { nullRecent3 += 1 } else { valueRecent3 += 1 }
      let last2 = mine.filter { $0.at >= twoDays }.count
      #expect(int(col("last2_n3")[i]) == (last2 < 3 ? nil : last2), "\(label) last2_n3")
      if last2 < 3 { nullLast2 += 1 } else { valueLast2 += 1 }

      // min / max on date-times, durations, floats and ints.
      #expect(col("first_at")[i] == mine.map(\.at).min(), "\(label) first_at")
      #expect(col("last_done_at")[i] == mine.filter(\.completed).map(\.at).max(), "\(label) last_done_at")
      let longest = col("longest")[i].flatMap { Self.durationSeconds($0) }
      #expect(longest == mine.map(\.minutes).max().map { $0 * 60 }, "\(label) longest \(col("longest")[i] ?? "null")")
      #expect(dbl(col("min_score")[i]) == mine.compactMap(\.score).min(), "\(label) min_score")
      #expect(int(col("max_rating")[i]) == mine.filter { !$0.completed }.map(\.rating).max(), "\(label) max_rating")

      // rate: the fraction of contributing rows that are true.
      let doneRate = mine.isEmpty ? nil : Double(mine.filter(\.completed).count) / Double(mine.count)
      #expect(Self.close(dbl(col("done_rate")[i]), doneRate), "\(label) done_rate")
      let rated = mine.filter { $0.rating >= 3 }
      let longRate = rated.isEmpty ? nil : Double(rated.filter { $0.minutes > 60 }.count) / Double(rated.count)
      #expect(Self.close(dbl(col("long_rate")[i]), longRate), "\(label) long_rate (a hidden column)")

      // share: this parent's sum over the sum across all parents (see shareWithoutRows).
      if let mineSum = ratingSums.per[code] {
        #expect(Self.close(dbl(col("rating_share")[i]), mineSum.s / ratingSums.total), "\(label) rating_share")
      }
      if let mineSum = scoreNotDone.per[code] {
        #expect(Self.close(dbl(col("score_share")[i]), mineSum.s / scoreNotDone.total), "\(label) score_share")
      }
    }
    #expect(emptyTutors == 4, "tutors 37..40 are never picked")
    #expect(nullRecent3 > 0 && valueRecent3 > 0, "recent3: \(nullRecent3) null, \(valueRecent3) values")
    #expect(nullLast2 > 0 && valueLast2 > 0, "last2_n3: \(nullLast2) null, \(valueLast2) values")

    // Shares add up to 1 over the tutors with rows.
    let shareTotal = col("rating_share").compactMap(dbl).reduce(0, +)
    #expect(abs(shareTotal - 1) < 1e-9)
  }

  @Test("aggregates over a child table link through the parent relation")
  func childTableAggregates() throws {
    let out = try EngineFixture.run(Self.source)
    let reviews = out.table("reviews")
    let stats = out.table("stats")
    let codes = reviews.values("tutor_code")
    let stars = reviews.ints("stars")
    for (i, code) in out.table("tutors").values("tutor_id").enumerated() {
      let mine = zip(codes, stars).filter { $0.0 == code }.map(\.1)
      #expect(stats.column("n_reviews")[i].flatMap { Int($0) } == mine.count, "\(code) n_reviews")
      let mean = mine.isEmpty ? nil : Double(mine.reduce(0, +)) / Double(mine.count)
      #expect(Self.close(stats.column("mean_stars")[i].flatMap { Double($0) }, mean), "\(code) mean_stars")
    }
    #expect(stats.column("mean_stars").contains(nil), "some tutor has no review (uniform_int(0, 3))")
  }

  @Test("child counts and filters can use aggregates")
  func aggregatesInChildCounts() throws {
    let out = try EngineFixture.run(Self.source)
    let stats = out.table("stats")
    let tutors = stats.values("tutor")
    let n = stats.ints("n")
    let busy = zip(tutors, n).filter { $0.1 >= 120 }.map(\.0)
    #expect(out.table("busy").values("tutor") == busy)
    #expect(!busy.isEmpty && busy.count < tutors.count, "\(busy.count) busy tutors")

    var expected: [String] = []
    for (t, k) in zip(tutors, stats.ints("n_reviews")) { expected += Array(repeating: t, count: k) }
    #expect(out.table("review_slots").values("tutor") == expected)
    #expect(out.table("review_slots").rows.count == out.table("reviews").rows.count)
  }

  // MARK: - Share without rows, nullable links

  /// The brief for `share` says: nullable, null when the parent has no contributing rows (like
  /// mean, min, max and rate). KNOWN ISSUE: `AggregateAccumulator.results()` only checks the
  /// grand total, so a parent without rows gets 0.0.
  @Test("share is null for a parent without contributing rows")
  func shareWithoutRows() throws {
    let out = try EngineFixture.run(
      """
      scenario share
      seed 3
      table tutors [4] { id = row }
      table sessions [50] {
        tutor = pick tutors where row < 2
        minutes = uniform_int(10, 90)
      }
      table stats [each t in tutors] {
        id = t.id
        part = share(minutes) over sessions
        avg = mean(minutes) over sessions
      }
      """)
    let stats = out.table("stats")
    #expect(stats.column("avg")[2] == nil && stats.column("avg")[3] == nil)
    let parts = stats.column("part")
    #expect(parts[0] != nil && parts[1] != nil)
    #expect(parts[2] == nil, "got \(parts[2] ?? "null")")
    #expect(parts[3] == nil, "got \(parts[3] ?? "null")")
  }

  @Test("a filter that nothing passes gives count 0, sum 0 and null for the rest")
  func nothingPasses() throws {
    let out = try EngineFixture.run(
      """
      scenario none
      seed 3
      now 2024-06-30T00:00:00
      table tutors [3] { id = row }
      table sessions [30] {
        tutor = pick tutors
        rating = uniform_int(1, 5)
        at = calendar { within now - 30d .. now - 10d }
        done = bernoulli(0.5)
      }
      table stats [each t in tutors] {
        n = count() over sessions where at >= now - 7d
        s = sum(rating) over sessions where rating > 5
        m = mean(rating) over sessions where rating > 5
        lo = min(at) over sessions where at >= now
        r = rate(done) over sessions where rating > 5
        n0 = count() over sessions where rating > 5 at least 0
      }
      """)
    let s = out.table("stats")
    #expect(s.values("n") == ["0", "0", "0"])
    #expect(s.values("s") == ["0", "0", "0"])
    #expect(s.column("m") == [nil, nil, nil])
    #expect(s.column("lo") == [nil, nil, nil])
    #expect(s.column("r") == [nil, nil, nil])
    #expect(s.values("n0") == ["0", "0", "0"], "'at least 0' never nulls")
  }

  @Test("an integer sum that overflows stops the run, naming the aggregated table")
  func sumOverflow() throws {
    let f = try EngineFixture.failure(
      """
      scenario overflow
      table p [2] { id = row }
      table c [6] {
        parent = pick p
        big = 9223372036854775807 - uniform_int(0, 1)
      }
      table stats [each x in p] { total = sum(big) over c }
      """)
    let d = try #require(f.diagnostic)
    #expect(d.code == .runtimeArithmetic)
    #expect(d.message == "the sum overflows 64-bit integers")
    #expect(d.notes.first?.contains("table 'c'") == true, "\(d.notes)")
    #expect(f.leftover.isEmpty)
  }

  // MARK: - Calendar instants in a run

  @Test("calendar instants in a run stay in the window, on the step, with the hour shares")
  func calendarInARun() throws {
    let out = try EngineFixture.run(Self.source)
    let at = out.table("sessions").values("at")
    let start = try #require(parseInstant("2024-05-31T00:00:00Z"))
    let end = try #require(parseInstant("2024-06-30T00:00:00Z"))
    let instants = at.compactMap(parseInstant)
    #expect(instants.count == at.count)
    #expect(instants.allSatisfy { $0 >= start && $0 < end && $0 % 60 == 0 })
    // 8..11 holds 70% of a day's volume whatever the weekday weights.
    let morning = instants.filter { (8...11).contains(Int(($0 % 86_400) / 3600)) }.count
    Stat.expectBinomial(morning, n: instants.count, p: 0.7, "hours 8..11")
    // Weekends (ISO 6, 7) get 0.7 of a weekday's volume. 30 days from Friday 2024-05-31 to
    // Saturday 2024-06-29: 9 weekend days and 21 weekdays.
    let weekend = instants.filter {
      let dayOfWeek = (($0 / 86_400) + 3) % 7  // 0 = Monday
      return dayOfWeek >= 5
    }.count
    Stat.expectBinomial(weekend, n: instants.count, p: 9 * 0.7 / (9 * 0.7 + 21), "weekend share")
    let seconds = out.table("events").values("at").compactMap(parseInstant)
    #expect(seconds.contains { $0 % 60 != 0 }, "step 1s gives instants off the minute")
  }

  @Test("calendar draws work in 'per' groups and persona overrides")
  func calendarGroupsAndPersonas() throws {
    let out = try EngineFixture.run(
      """
      scenario calgroups
      seed 6
      now 2024-06-30T00:00:00
      table t [400] {
        persona recent 50%, old rest
        kind = persona
        g = row % 3
        shared = calendar { within now - 30d .. now, step 1h } per g
        at = calendar { within now - 30d .. now - 20d } | recent: calendar { within now - 1d .. now }
      }
      """)
    let t = out.table("t")
    var byGroup: [String: Set<String>] = [:]
    for (g, v) in zip(t.values("g"), t.values("shared")) { byGroup[g, default: []].insert(v) }
    #expect(byGroup.count == 3 && byGroup.values.allSatisfy { $0.count == 1 }, "\(byGroup)")
    #expect(Set(byGroup.values.compactMap(\.first)).count == 3)
    for (kind, at) in zip(t.values("kind"), t.values("at")) {
      if kind == "recent" {
        #expect(at >= "2024-06-29T00:00:00Z" && at < "2024-06-30T00:00:00Z", "\(at)")
      } else {
        #expect(at >= "2024-05-31T00:00:00Z" && at < "2024-06-10T00:00:00Z", "\(at)")
      }
    }
    #expect(Set(t.values("kind")) == ["recent", "old"])
  }

  // MARK: - Threads and chunk sizes

  @Test(
    "every table, the aggregates and the shared output are identical for any threads and chunk size",
    arguments: [(1, 1), (2, 1), (2, 7), (1, 7), (2, 4096)])
  func threadAndChunkInvariance(_ threads: Int, _ chunkSize: Int) throws {
    let program = try EngineFixture.compile(Self.source)
    let reference = try EngineFixture.run(program, threads: 1, chunkSize: 4096)
    let other = try EngineFixture.run(program, threads: threads, chunkSize: chunkSize)
    #expect(
      reference.files.keys.sorted() == [
        "busy.csv", "events.csv", "review_slots.csv", "reviews.csv", "sessions.csv", "stats.csv", "tutors.csv",
      ])
    for name in reference.files.keys.sorted() {
      #expect(reference.files[name] == other.files[name], "\(name) differs (threads \(threads), chunk \(chunkSize))")
    }
    #expect(reference.summary.tables.map(\.rows) == other.summary.tables.map(\.rows))
    #expect(reference.summary.tables.map(\.name) == other.summary.tables.map(\.name))
  }

  // MARK: - Shared outputs

  @Test("a shared output holds its parts in declaration order with sequential ids")
  func sharedOutputContents() throws {
    let out = try EngineFixture.run(Self.source)
    let events = out.table("events")
    #expect(events.header == ["event_id", "tutor", "kind", "at"])
    let completed = out.table("sessions").values("completed").filter { $0 == "true" }.count
    let total = 80 + completed
    #expect(events.rows.count == total)
    #expect(events.values("event_id") == (1...total).map { "EV" + String(format: "%06d", $0) })
    #expect(events.values("kind") == Array(repeating: "login", count: 80) + Array(repeating: "booking", count: completed))
    // Parts keep their own rows: logins per tutor, bookings follow the completed sessions.
    let tutors = out.table("tutors").values("tutor_id")
    #expect(Array(events.values("tutor").prefix(80)) == tutors.flatMap { [$0, $0] })
    let sessions = out.table("sessions")
    let done = zip(zip(sessions.values("tutor"), sessions.values("at")), sessions.values("completed")).filter { $0.1 == "true" }
    #expect(Array(events.values("tutor").dropFirst(80)) == done.map(\.0.0))
    #expect(Array(events.values("at").dropFirst(80)) == done.map(\.0.1))

    // The summary and the files name the output, never its parts.
    #expect(out.files["logins.csv"] == nil && out.files["bookings.csv"] == nil)
    let names = out.summary.tables.map(\.name)
    #expect(names.contains("events") && !names.contains("logins") && !names.contains("bookings"), "\(names)")
    #expect(out.summary.tables.first { $0.name == "events" }?.rows == total)
    #expect(names.count == Set(names).count)
  }

  static let unionSource = """
    scenario shared
    seed 5
    table users [7] {
      key user_id
      user_id = row + 1
    }
    table logins [uniform_int(0, 4) per u in users] into events {
      key event_id
      event_id = "EV" ++ pad(row + 1, 6)
      user = u
      kind = "login"
      amount: float? = null
    }
    table buys [600] into events {
      key event_id
      event_id = "EV" ++ pad(row + 1, 6)
      user = pick users
      kind = "buy"
      amount = round(uniform(1, 100), 2)
    }
    table refunds [3] into events {
      key event_id
      event_id = "EV" ++ pad(row + 1, 6)
      user = pick users
      kind = "refund"
      amount = -1.5
    }
    """

  @Test("three parts: row counts, sequential ids and one header")
  func threeParts() throws {
    let out = try EngineFixture.run(Self.unionSource)
    let events = out.table("events")
    #expect(out.files.keys.sorted() == ["events.csv", "users.csv"])
    let total = events.rows.count
    #expect(total >= 603)
    #expect(events.values("event_id") == (1...total).map { "EV" + String(format: "%06d", $0) })
    let kinds = events.values("kind")
    let logins = kinds.filter { $0 == "login" }.count
    #expect(kinds == Array(repeating: "login", count: logins) + Array(repeating: "buy", count: 600) + Array(repeating: "refund", count: 3))
    #expect(events.text.components(separatedBy: "event_id,").count == 2, "one header line")
    #expect(events.column("amount").prefix(logins).allSatisfy { $0 == nil })
    #expect(events.column("amount").suffix(3).allSatisfy { $0 == "-1.5" })
    #expect(out.summary.tables.map(\.name) == ["users", "events"])
    #expect(out.summary.tables.map(\.rows) == [7, total])
  }

  @Test("SQL output of a shared output: one CREATE TABLE, batches over the whole output", arguments: [SQLDialect.sqlite, .postgres])
  func sharedOutputSQL(_ dialect: SQLDialect) throws {
    let program = try EngineFixture.compile(Self.unionSource)
    let csv = try EngineFixture.run(program)
    let sql = try EngineFixture.run(program, format: .sql(dialect))
    #expect(sql.files.keys.sorted() == ["events.sql", "scenario-load.sql", "users.sql"])
    let text = String(decoding: try #require(sql.files["events.sql"]), as: UTF8.self)
    #expect(text.components(separatedBy: "CREATE TABLE").count == 2, "exactly one CREATE TABLE")
    #expect(text.contains("CREATE TABLE IF NOT EXISTS \"events\""))
    #expect(!text.contains("\"logins\"") && !text.contains("\"buys\"") && !text.contains("\"refunds\""))
    #expect(text.components(separatedBy: "PRIMARY KEY").count == 2)
    // 'amount' is null in the first part only: nullable in the shared schema.
    let amountLine = text.split(separator: "\n").first { $0.contains("\"amount\"") && !$0.contains("INSERT") }
    #expect(amountLine.map { !$0.contains("NOT NULL") } == true, "\(amountLine ?? "no amount column")")
    // Batches of 500 rows break at fixed indices of the whole output.
    let total = csv.table("events").rows.count
    let inserts = text.components(separatedBy: "INSERT INTO").count - 1
    #expect(inserts == (total + 499) / 500, "\(inserts) INSERT statements for \(total) rows")
    for i in [1, total / 2, total] {
      #expect(text.contains("'EV" + String(format: "%06d", i) + "'"), "EV\(i)")
    }
    #expect(text.components(separatedBy: "'EV").count - 1 == total)
    // Threads and chunk sizes do not change the script.
    let other = try EngineFixture.run(program, threads: 2, chunkSize: 7, format: .sql(dialect))
    #expect(other.files == sql.files)
  }

  @Test("a shared output loads into SQLite as one table holding every part", .enabled(if: sqlite3Available))
  func sharedOutputInSQLite() throws {
    let program = try EngineFixture.compile(Self.unionSource)
    let csv = try EngineFixture.run(program).table("events")
    let sql = try EngineFixture.run(program, format: .sql(.sqlite))
    let script = ["users.sql", "events.sql"].map { String(decoding: sql.files[$0] ?? [], as: UTF8.self) }.joined()
    let result = try Self.sqlite(script + "\nSELECT count(*), count(DISTINCT event_id), min(event_id), max(event_id) FROM events;\nSELECT kind, count(*) FROM events GROUP BY kind ORDER BY kind;\n")
    let total = csv.rows.count
    let logins = csv.values("kind").filter { $0 == "login" }.count
    #expect(
      result == "\(total)|\(total)|EV000001|EV\(String(format: "%06d", total))\nbuy|600\n" + (logins > 0 ? "login|\(logins)\n" : "")
        + "refund|3\n")
  }

  static var sqlite3Available: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3") }

  /// Runs a script through `sqlite3 :memory:` and returns its standard output.
  static func sqlite(_ script: String) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
    process.arguments = [":memory:"]
    let input = Pipe()
    let output = Pipe()
    let errors = Pipe()
    process.standardInput = input
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    input.fileHandleForWriting.write(Data(script.utf8))
    try input.fileHandleForWriting.close()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    let err = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    if !err.isEmpty { Issue.record("sqlite3: \(String(decoding: err, as: UTF8.self))") }
    return String(decoding: data, as: UTF8.self)
  }

  @Test("parts with texts and different choices meet as one text column")
  func textualParts() throws {
    let source = """
      scenario textual
      seed 2
      table a [20] into out { kind = choice { "x" 1, "y" 1 } }
      table b [20] into out { kind = choice { "z" 1 } }
      table c [5] into out { kind = "free " ++ row }
      """
    let program = try EngineFixture.compile(source)
    let csv = try EngineFixture.run(program).table("out")
    let kinds = csv.values("kind")
    #expect(Set(kinds.prefix(20)).isSubset(of: ["x", "y"]))
    #expect(Set(kinds.dropFirst(20).prefix(20)) == ["z"])
    #expect(Array(kinds.suffix(5)) == (40..<45).map { "free \($0)" })
    let sql = try EngineFixture.run(program, format: .sql(.sqlite))
    let text = String(decoding: sql.files["out.sql"] ?? [], as: UTF8.self)
    #expect(!text.contains("CHECK"), "no choice constraint on a shared text column: \(text.prefix(200))")
  }

  @Test("a single table 'into' a name writes under that name")
  func singlePartOutput() throws {
    let out = try EngineFixture.run("scenario one\ntable a [3] into renamed { id = row + 1 }\n")
    #expect(out.files.keys.sorted() == ["renamed.csv"])
    #expect(out.table("renamed").values("id") == ["1", "2", "3"])
    #expect(out.summary.tables.map(\.name) == ["renamed"])
  }

  @Test("tables declared between parts keep their own files and summary lines")
  func tablesBetweenParts() throws {
    let out = try EngineFixture.run(
      """
      scenario mix
      seed 1
      table a [2] into out { id = row + 1 }
      table x [5] { v = row }
      table b [3] into out { id = row + 1 }
      table y [each r in x] { w = r.v * 2 }
      """)
    #expect(out.files.keys.sorted() == ["out.csv", "x.csv", "y.csv"])
    for entry in out.summary.tables {
      #expect(entry.path.hasSuffix("/" + entry.name + ".csv"), "\(entry.name) -> \(entry.path)")
      #expect(out.table(entry.name).rows.count == entry.rows, "\(entry.name)")
    }
    #expect(out.table("out").values("id") == ["1", "2", "3", "4", "5"])
    #expect(out.table("y").values("w") == ["0", "2", "4", "6", "8"])
  }

  @Test("empty parts contribute no rows; 'row' still continues")
  func emptyParts() throws {
    let out = try EngineFixture.run(
      """
      scenario empty
      table a [0] into out { id = row + 1 }
      table b [2] into out { id = row + 1 }
      table c [0] into out { id = row + 1 }
      table d [2] into out { id = row + 1 }
      """)
    #expect(out.table("out").values("id") == ["1", "2", "3", "4"])
    #expect(out.summary.tables.map(\.rows) == [4])
  }

  @Test("a part's random values do not depend on the parts before it")
  func partIsolation() throws {
    let one = try EngineFixture.run(
      "scenario iso\nseed 4\ntable a [3] into out { x = uniform(0, 1) }\ntable b [5] into out { x = uniform(0, 1) }\n")
    let two = try EngineFixture.run(
      "scenario iso\nseed 4\ntable a [10] into out { x = uniform(0, 1) }\ntable b [5] into out { x = uniform(0, 1) }\n")
    #expect(Array(one.table("out").values("x").suffix(5)) == Array(two.table("out").values("x").suffix(5)))
    #expect(Array(one.table("out").values("x").prefix(3)) == Array(two.table("out").values("x").prefix(3)))
  }

  // MARK: - References to parts

  /// A reference to a row of a part without a key is written as a 1-based row number. Only the
  /// shared output exists as a file, so the number must be the row's position in that output.
  /// KNOWN ISSUE: it is the row's number within its part (`pick buys` writes 2 for the second
  /// buy, which is row 2 of 'events', a login).
  @Test("references to a part without a key are rows of the shared output")
  func referencesToKeylessParts() throws {
    let out = try EngineFixture.run(
      """
      scenario refs
      seed 3
      table logins [8] into events {
        event_id = "EV" ++ pad(row + 1, 6)
        kind = "login"
      }
      table buys [3] into events {
        event_id = "EV" ++ pad(row + 1, 6)
        kind = "buy"
      }
      table refs [6] {
        e = pick buys
        e_id = e.event_id
      }
      """)
    let events = out.table("events")
    let refs = out.table("refs")
    let targets = refs.ints("e").map { $0 - 1 }
    #expect(targets.allSatisfy { $0 >= 0 && $0 < events.rows.count })
    let ids = events.values("event_id")
    let wrong = zip(targets, refs.values("e_id")).filter { t, id in t < 0 || t >= ids.count || ids[t] != id }
    #expect(wrong.isEmpty, "written row -> picked id: \(wrong.map { "\($0.0 + 1) -> \($0.1)" })")
  }

  /// With a key, a reference to a part is written as the part row's key, and SQL declares the
  /// foreign key on the shared output (the part is no table in the database); a table that
  /// reads a part is generated, and listed, after the whole output.
  @Test("SQL references to a part name the shared output")
  func sqlReferencesToParts() throws {
    let source = """
      scenario refs
      seed 3
      table refs [5] { e = pick buys }
      table logins [4] into events {
        key event_id
        event_id = "EV" ++ pad(row + 1, 6)
      }
      table buys [3] into events {
        key event_id
        event_id = "EV" ++ pad(row + 1, 6)
      }
      """
    let program = try EngineFixture.compile(source)
    let csv = try EngineFixture.run(program)
    #expect(Set(csv.table("refs").values("e")).isSubset(of: ["EV000005", "EV000006", "EV000007"]), "keys are the output's ids")
    #expect(csv.summary.tables.map(\.name) == ["events", "refs"])
    let sql = try EngineFixture.run(program, format: .sql(.sqlite))
    let text = String(decoding: sql.files["refs.sql"] ?? [], as: UTF8.self)
    #expect(text.contains("REFERENCES \"events\" (\"event_id\")"), "\(text)")
    #expect(!text.contains("REFERENCES \"buys\""))
    if Self.sqlite3Available {
      let script = ["events.sql", "refs.sql"].map { String(decoding: sql.files[$0] ?? [], as: UTF8.self) }.joined()
      let check = try Self.sqlite(
        "PRAGMA foreign_keys = ON;\n" + script
          + "\nPRAGMA foreign_key_check;\nSELECT count(*) FROM refs JOIN events ON refs.e = events.event_id;\n")
      #expect(check == "5\n", "\(check)")
    }
  }
}
