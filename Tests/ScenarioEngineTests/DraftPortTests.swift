import Foundation
import ScenarioKit
import Testing

/// Draft ports of seed 000 (the TOEFL student-session seeder) and seed 002 (the skill training
/// data pipeline), written as a new user would with the relations of Language.md §6 and §12:
/// the shared profiles come in by `include`, the per-section question counts and the
/// skill × level × grade design are cross products, accuracies are keyed lookups, and questions
/// are distinct picks per session and section. No `row %` arithmetic and no pick per key value.
/// Every figure below is recomputed from the written CSV files. One wall remains and is written
/// around here: a child table cannot be a factor of a product (sessions are a top-level table
/// that picks distinct students).
@Suite("Draft ports of seeds 000 and 002")
struct DraftPortTests {
  static var toeflInclude: String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("scenarios/common/toefl.scenario").path
  }

  /// Seed 000: `--count N` sessions, each by its own `SYN_` student of a profile drawn for the
  /// `mixed` mix; 93 scored responses per session (35 reading, 35 listening, 12 writing, 11
  /// speaking); objective answers correct at the profile's accuracy ± gaussian noise; rated
  /// ones banded within the profile's range.
  static var toefl: String {
    """
    scenario toefl_draft
    seed 000
    now 2024-06-30T00:00:00Z
    include "\(toeflInclude)"

    param count = 40

    table questions [400] {
      key question_id
      question_id = "Q" ++ pad(row + 1, 4)
      section = choice { "reading" 3, "listening" 3, "writing" 1, "speaking" 1 }
    }

    table students [count] {
      key username
      username = "SYN_" ++ pad(row + 1, 5)
      password_hash = sha256("synthetic:" ++ username)
      cefr = choice { "A2" 1, "B1" 1, "B2" 1, "C1" 1, "C2" 1 }
      created_at = now - days(uniform_int(1, 60))
    }

    table sessions [count] {
      key session_id
      student = pick distinct students      # each session its own student
      session_id = "SES_" ++ student.username
      status = "completed"
      notes = "SYNTHETIC"
      created_at = student.created_at + hours(uniform_int(1, 48))
      completed_at = created_at + minutes(round(uniform(100, 130)))
    }

    table responses [sec.questions per s in sessions, sec in sections] {
      session = s
      section = sec.section
      question = pick distinct questions where section == sec.section
      level = s.student.cefr
      profile = pick profiles where cefr == level
      accuracy = match section {
        "reading" => profile.reading_accuracy,
        "listening" => profile.listening_accuracy,
        _ => null
      }
      correct: bool? = accuracy is null ? null : bernoulli(clamp(accuracy + normal(0, 0.05), 0, 1))
      band: int? = match section {
        "writing" => uniform_int(profile.writing_band_low, profile.writing_band_high),
        "speaking" => uniform_int(profile.speaking_band_low, profile.speaking_band_high),
        _ => null
      }
    }
    """
  }

  @Test("seed 000 draft: 93 responses per session, distinct questions per section, accuracy and bands per CEFR profile")
  func toeflDraft() throws {
    #expect(!Self.toefl.contains("row %"), "the draft needs no row arithmetic")
    let program = try EngineFixture.compile(Self.toefl)
    let rows = try EngineFixture.run(program, columnWise: false)
    let columns = try EngineFixture.run(program, threads: 2, chunkSize: 500)
    #expect(rows.files == columns.files, "the engines differ")
    #expect(Set(columns.files.keys) == ["questions.csv", "students.csv", "sessions.csv", "responses.csv"])
    let students = try #require(columns.tables["students"])
    #expect(students.values("username").allSatisfy { $0.hasPrefix("SYN_") })
    let sessions = try #require(columns.tables["sessions"])
    #expect(sessions.rows.count == 40)
    let questions = try #require(columns.tables["questions"])
    let sectionOf = Dictionary(uniqueKeysWithValues: zip(questions.values("question_id"), questions.values("section")))
    let r = try #require(columns.tables["responses"])
    #expect(r.rows.count == 40 * 93)
    // Per session: 35 + 35 + 12 + 11, each question of its own section, none twice.
    var perSession: [String: [String: Int]] = [:]
    var seen: [String: Set<String>] = [:]
    for (session, (section, question)) in zip(r.values("session"), zip(r.values("section"), r.values("question"))) {
      perSession[session, default: [:]][section, default: 0] += 1
      #expect(sectionOf[question] == section)
      #expect(seen[session, default: []].insert(question).inserted, "\(session) asks \(question) twice")
    }
    for counts in perSession.values {
      #expect(counts == ["reading": 35, "listening": 35, "writing": 12, "speaking": 11])
    }
    // Accuracy per CEFR level (seed 000, step 1), from the files: reading and listening.
    let accuracy: [String: (reading: Double, listening: Double)] = [
      "A2": (0.40, 0.35), "B1": (0.60, 0.55), "B2": (0.75, 0.70), "C1": (0.88, 0.85), "C2": (0.95, 0.93),
    ]
    let bands: [String: ClosedRange<Int>] = ["A2": 1...2, "B1": 3...3, "B2": 4...4, "C1": 5...5, "C2": 5...6]
    var hits: [String: (correct: Int, n: Int)] = [:]
    let correct = r.column("correct")
    let band = r.column("band")
    for (i, (level, section)) in zip(r.values("level"), r.values("section")).enumerated() {
      switch section {
      case "reading", "listening":
        let c = try #require(correct[i], "row \(i) of an objective section has an answer")
        hits[level + "/" + section, default: (0, 0)].correct += c == "true" ? 1 : 0
        hits[level + "/" + section, default: (0, 0)].n += 1
        #expect(band[i] == nil)
      default:
        #expect(correct[i] == nil)
        let b = try #require(Int(band[i] ?? ""), "row \(i) of a rated section has a band")
        #expect(bands[level]?.contains(b) == true, "band \(b) for \(level)")
      }
    }
    for (key, h) in hits where h.n > 0 {
      let parts = key.split(separator: "/")
      let a = try #require(accuracy[String(parts[0])])
      let p = parts[1] == "reading" ? a.reading : a.listening
      // The noise is symmetric; clamping at 1 lowers the C2 mean by less than 0.001.
      Stat.expectBinomial(h.correct, n: h.n, p: p, "accuracy \(key)")
    }
  }

  /// Seed 002: `--count` samples spread over 4 skills × 3 levels × 7 grades as evenly as
  /// possible (cells differ by at most one; the default 84 is one per cell), each labelled
  /// within its level's band (HIGH 0.62–0.64, MEDIUM 0.50–0.51, DEVELOPING 0.38–0.40).
  static let skills = """
    scenario skills_draft
    seed 2
    param count = 84

    table skills = ["communication", "collaboration", "critical_thinking", "empathy"]
    table levels (level, low: float, high: float) {
      ("HIGH", 0.62, 0.64)
      ("MEDIUM", 0.50, 0.51)
      ("DEVELOPING", 0.38, 0.40)
    }
    table grades = [6, 7, 8, 9, 10, 11, 12]

    table samples [floor(count / cells) + (cell < count % cells ? 1 : 0) per s in skills, l in levels, g in grades] {
      key sample_id
      sample_id = uuid_v4()
      skill = s.value
      skill_level = l.level
      grade = g.value
      label = uniform(l.low, l.high)
    }
    """

  @Test("seed 002 draft: the skill x level x grade design spreads any count evenly; labels stay in their level's band", arguments: [84, 100, 1000])
  func skillsDraft(count: Int) throws {
    // `count % cells` spreads the remainder over the cells; no row arithmetic decodes the design.
    #expect(!Self.skills.contains("row %"))
    let program = try EngineFixture.compile(Self.skills, options: CheckOptions(overrides: [(name: "count", value: "\(count)")]))
    let columns = try EngineFixture.run(program, chunkSize: 17)
    let rows = try EngineFixture.run(program, columnWise: false)
    #expect(rows.files == columns.files, "the engines differ")
    let t = try #require(columns.tables["samples"])
    #expect(t.rows.count == count)
    var cells: [String: Int] = [:]
    for (s, (l, g)) in zip(t.values("skill"), zip(t.values("skill_level"), t.values("grade"))) { cells["\(s)|\(l)|\(g)", default: 0] += 1 }
    #expect(cells.count == 84)
    #expect((cells.values.max() ?? 0) - (cells.values.min() ?? 0) <= 1, "cells differ by at most one")
    let band = ["HIGH": 0.62...0.64, "MEDIUM": 0.50...0.51, "DEVELOPING": 0.38...0.40]
    for (l, x) in zip(t.values("skill_level"), t.doubles("label")) { #expect(band[l]?.contains(x) == true) }
    #expect(Set(t.values("sample_id")).count == count)
  }
}
