import Foundation
import ScenarioKit
import ScenarioTestSupport
import Testing

/// The tutor-quality port (seeds 003 and 004): its files and fields, its expectations in both
/// modes, its aggregates against a direct recomputation from sessions.csv, and its invariance
/// under threads and chunk sizes.
@Suite("tutor_quality scenario")
struct TutorQualityTests {
  static var source: String {
    get throws {
      try String(contentsOfFile: RepoPaths.absolute("scenarios/tutor_quality.scenario"), encoding: .utf8)
    }
  }

  static func compile(_ options: CheckOptions) throws -> Program {
    try EngineFixture.compile(try source, options: options)
  }

  /// Seed 004's files and their fields, in its order.
  static let fields: [String: [String]] = [
    "tutor_profiles.csv": [
      "tutor_id", "months_experience", "total_sessions_completed", "certification_level",
      "avg_historical_rating", "reliability_score", "reschedule_rate", "no_show_count", "subjects_taught",
      "primary_subject", "active_status",
    ],
    "sessions.csv": [
      "session_id", "tutor_id", "session_datetime", "scheduled_duration_min", "actual_duration_min", "subject",
      "grade_level", "is_first_session", "session_completed", "student_showed", "tutor_showed",
      "connection_quality", "had_technical_issues", "student_attention_pct", "tutor_camera_on_pct",
      "tutor_speak_ratio", "screen_share_pct", "overall_sentiment", "student_sentiment", "tutor_sentiment",
      "empathy_score", "clarity_score", "engagement_score", "student_rating", "student_satisfaction",
      "would_recommend",
    ],
    "tutor_aggregates.csv": [
      "tutor_id", "total_sessions_30d", "total_sessions_7d", "avg_rating_30d", "avg_rating_7d",
      "avg_engagement_score", "avg_empathy_score", "avg_clarity_score", "avg_student_satisfaction",
      "first_session_count", "first_session_avg_rating", "poor_first_session_flag", "recommendation_rate",
      "technical_issue_rate", "sentiment_trend_7d", "churn_signals_detected", "churn_probability",
      "churn_risk_level",
    ],
    "engagement_events.csv": ["event_id", "tutor_id", "event_type", "event_data", "timestamp"],
    "interventions.csv": [
      "intervention_id", "tutor_id", "intervention_type", "channel", "subject", "content", "template_id",
      "experiment_id", "experiment_variant", "sent_at", "delivered_at", "opened_at", "clicked_at",
      "responded_at", "status", "engagement_before", "engagement_after", "sessions_before_count",
      "sessions_after_count",
    ],
    "experiments.csv": [
      "experiment_id", "name", "hypothesis", "description", "variants", "target_segment", "primary_metric",
      "secondary_metrics", "start_date", "end_date", "status", "sample_size", "significance", "winner",
    ],
    "experiment_assignments.csv": [
      "experiment_id", "tutor_id", "variant", "assigned_at", "exposed_at", "converted_at", "conversion_value",
    ],
  ]

  static let dev: Result<EngineFixture.Output, any Error> = Result {
    try EngineFixture.run(try compile(CheckOptions(mode: "dev")), threads: 2)
  }

  @Test("dev mode writes the seven files of seed 004 with exactly its fields")
  func filesAndFields() throws {
    let out = try Self.dev.get()
    #expect(Set(out.files.keys) == Set(Self.fields.keys))
    for (file, expected) in Self.fields {
      let name = String(file.dropLast(4))
      #expect(out.table(name).header == expected, "\(file)")
    }
  }

  @Test("every expectation passes", arguments: ["dev", "production"])
  func expectationsPass(mode: String) throws {
    let program = try Self.compile(CheckOptions(mode: mode))
    let checker = ExpectationChecker(program: program)
    _ = try ObservedRun.run(program, threads: 2, observers: [checker], keepFiles: false)
    #expect(checker.results.count >= 150)
    #expect(checker.results.filter(\.reportOnly).count >= 20)
    for r in checker.results where r.failed {
      Issue.record("\(mode): \(r.text): measured \(r.measuredText), target \(r.target) \(r.detail ?? "")")
    }
  }

  /// Aggregates read the columns' full values (`float(N)` only rounds the output), so the
  /// recomputation runs on a copy of the scenario that writes every float in full.
  @Test("aggregates equal a direct recomputation from sessions.csv")
  func aggregatesRecomputed() throws {
    let full = try Self.source.replacingOccurrences(of: #"float\(\d+\)"#, with: "float", options: .regularExpression)
    #expect(!full.contains("float(1)"))
    let out = try EngineFixture.run(try EngineFixture.compile(full, options: CheckOptions(mode: "dev")), threads: 2)
    let sessions = out.table("sessions")
    let aggregates = out.table("tutor_aggregates")
    let formatter = ISO8601DateFormatter()
    let now = try #require(formatter.date(from: "2024-07-01T00:00:00Z"))
    struct Row {
      var at: Date
      var rating: Double?
      var engagement: Double?
      var first: Bool
      var recommend: Bool?
      var technical: Bool
    }
    var byTutor: [String: [Row]] = [:]
    let tutor = sessions.values("tutor_id")
    let at = sessions.values("session_datetime")
    let rating = sessions.column("student_rating")
    let engagement = sessions.column("engagement_score")
    let first = sessions.values("is_first_session")
    let recommend = sessions.column("would_recommend")
    let technical = sessions.values("had_technical_issues")
    for i in tutor.indices {
      byTutor[tutor[i], default: []].append(
        Row(
          at: try #require(formatter.date(from: at[i])), rating: rating[i].flatMap(Double.init),
          engagement: engagement[i].flatMap(Double.init), first: first[i] == "true",
          recommend: recommend[i].map { $0 == "true" }, technical: technical[i] == "true"))
    }
    func mean(_ xs: [Double]) -> Double? { xs.isEmpty ? nil : xs.reduce(0, +) / Double(xs.count) }
    func close(_ written: String?, _ direct: Double?, decimals _: Int, _ what: String, _ id: String) {
      switch (written.flatMap(Double.init), direct) {
      case (nil, nil): break
      case (let w?, let d?):
        #expect(abs(w - d) <= 1e-12 * max(1, abs(d)), "\(id) \(what): written \(w), direct \(d)")
      default: Issue.record("\(id) \(what): written \(written ?? "null"), direct \(direct.map { "\($0)" } ?? "null")")
      }
    }
    let ids = aggregates.values("tutor_id")
    #expect(ids.count == 25)
    let day = 86_400.0
    for (k, id) in ids.enumerated() {
      let rows = byTutor[id] ?? []
      let last30 = rows.filter { now.timeIntervalSince($0.at) <= 30 * day }
      let last7 = rows.filter { now.timeIntervalSince($0.at) <= 7 * day }
      #expect(aggregates.ints("total_sessions_30d")[k] == last30.count, "\(id)")
      #expect(aggregates.ints("total_sessions_7d")[k] == last7.count, "\(id)")
      close(aggregates.column("avg_rating_30d")[k], mean(last30.compactMap(\.rating)), decimals: 2, "avg_rating_30d", id)
      let r7 = last7.compactMap(\.rating)
      close(aggregates.column("avg_rating_7d")[k], r7.count >= 3 ? mean(r7) : nil, decimals: 2, "avg_rating_7d", id)
      close(aggregates.column("avg_engagement_score")[k], mean(rows.compactMap(\.engagement)), decimals: 2, "engagement", id)
      let firsts = rows.filter(\.first)
      #expect(aggregates.ints("first_session_count")[k] == firsts.count, "\(id)")
      let firstMean = mean(firsts.compactMap(\.rating))
      close(aggregates.column("first_session_avg_rating")[k], firstMean, decimals: 2, "first_session_avg_rating", id)
      #expect(aggregates.values("poor_first_session_flag")[k] == String((firstMean ?? 5) < 3.5), "\(id)")
      let recs = rows.compactMap(\.recommend)
      close(
        aggregates.column("recommendation_rate")[k], recs.isEmpty ? nil : Double(recs.filter { $0 }.count) / Double(recs.count),
        decimals: 3, "recommendation_rate", id)
      close(
        aggregates.column("technical_issue_rate")[k],
        rows.isEmpty ? nil : Double(rows.filter(\.technical).count) / Double(rows.count), decimals: 3,
        "technical_issue_rate", id)
    }
  }

  @Test("every file is the same for 1 or 2 threads and any chunk size")
  func threadAndChunkInvariance() throws {
    let program = try Self.compile(CheckOptions(mode: "dev"))
    let reference = try Self.dev.get()
    for (threads, chunk) in [(1, 4096), (2, 7), (1, 1)] {
      let other = try EngineFixture.run(program, threads: threads, chunkSize: chunk)
      #expect(Set(other.files.keys) == Set(reference.files.keys))
      for (name, bytes) in reference.files {
        #expect(other.files[name] == bytes, "\(name) differs with \(threads) threads, chunk \(chunk)")
      }
    }
  }

  @Test("--set tutors, days and sessions_per_day size the run")
  func overrides() throws {
    let program = try Self.compile(
      CheckOptions(overrides: [("tutors", "40"), ("days", "7"), ("sessions_per_day", "60")]))
    let out = try EngineFixture.run(program, threads: 2)
    #expect(out.table("tutor_profiles").rows.count == 40)
    #expect(out.table("sessions").rows.count == 420)
    #expect(out.table("tutor_aggregates").rows.count == 40)
    let formatter = ISO8601DateFormatter()
    let start = try #require(formatter.date(from: "2024-06-24T00:00:00Z"))
    for t in out.table("sessions").values("session_datetime") {
      let d = try #require(formatter.date(from: t))
      #expect(d >= start)
    }
  }
}

extension TutorQualityTests {
  /// The persona lists give each persona's empathy range, a figure over its sessions; with 3,000
  /// tutors each persona's mean empathy score lies in its range. (Dev mode can have a persona
  /// with no tutor, so the scenario only reports these.) The persona is written through a copy
  /// of the scenario whose hidden persona name becomes a column.
  @Test("each persona's mean empathy lies in its stated range (3,000 tutors)")
  func personaEmpathyRanges() throws {
    var source = try Self.source
    let hidden = "  let persona_name = persona\n"
    #expect(source.contains(hidden))
    source = source.replacingOccurrences(of: hidden, with: "  persona_name = persona\n")
    let program = try EngineFixture.compile(source, options: CheckOptions(overrides: [("tutors", "3000")]))
    let out = try EngineFixture.run(program, threads: 2)
    let profiles = out.table("tutor_profiles")
    let persona = Dictionary(
      uniqueKeysWithValues: zip(profiles.values("tutor_id"), profiles.values("persona_name")))
    let sessions = out.table("sessions")
    var empathy: [String: [Double]] = [:]
    for (id, e) in zip(sessions.values("tutor_id"), sessions.column("empathy_score")) {
      guard let e else { continue }  // a session that did not take place
      empathy[persona[id] ?? "?", default: []].append(try #require(Double(e)))
    }
    let ranges: [String: ClosedRange<Double>] = [
      "rock_star": 8...10, "solid_performer": 6...8, "struggling_newbie": 4...6,
    ]
    for (name, range) in ranges {
      let values = try #require(empathy[name], "no \(name) session")
      #expect(values.count >= 100, "\(name): \(values.count) sessions")
      let mean = values.reduce(0, +) / Double(values.count)
      #expect(range.contains(mean), "\(name): mean empathy \(mean), stated \(range)")
    }
  }
}

extension TutorQualityTests {
  /// `--expectations off` drops the expectations' probes but keeps the aggregates' ones, so
  /// every file is unchanged.
  @Test("without expectations, every file is the same")
  func withoutExpectations() throws {
    let program = try Self.compile(CheckOptions(mode: "dev"))
    let stripped = program.withoutExpectations()
    #expect(stripped.expectations.isEmpty)
    #expect(stripped.tables.map(\.probes.count).reduce(0, +) < program.tables.map(\.probes.count).reduce(0, +))
    #expect(stripped.aggregates.count == program.aggregates.count)
    let reference = try Self.dev.get()
    let other = try EngineFixture.run(stripped, threads: 2)
    for (name, bytes) in reference.files {
      #expect(other.files[name] == bytes, "\(name) differs without expectations")
    }
  }
}
