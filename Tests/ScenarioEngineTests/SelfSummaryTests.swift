import Foundation
import ScenarioIR
import ScenarioKit
import Testing

/// Tables that summarise their own children, or the rows that pick them (Language.md §12,
/// "A table summarising its own rows"): every summary is recomputed here from the written child
/// files, both engines give the same bytes at every chunk size, thread count and sparse setting,
/// the summaries add no draws, and the parent's file comes after its children's.
@Suite("Self-summaries")
struct SelfSummaryTests {
  static let source = #"""
    scenario summaries
    seed 19
    table students [40] {
      key student_id
      student_id = "S" ++ pad(row + 1, 3)
      n_sessions = count() over sessions
      first_start = min(started) over sessions
      active = n_sessions >= 3
    }
    table sessions [300] {
      key session_id
      session_id = row + 1
      student = pick students
      started = 2024-01-01T00:00:00Z + hours(uniform_int(0, 2000))
      let level = choice { "A" 1, "B" 2 }
      n_responses = count() over responses
      total_seconds = sum(seconds) over responses
      correct = count() over responses where correct
      mean_score: float(3)? = mean(score) over responses
      best: float(2)? = max(score) over responses
      accuracy: float(3)? = rate(correct) over responses at least 2
      share_of_time: float(4)? = share(seconds) over responses
      share_of_rows: float(5) = n_responses / (count() over all responses)
      passed = coalesce(mean_score, 0.0) >= 0.5
      order by total_seconds desc within student
      time_rank = rank()
    }
    table responses [poisson(4) per s in sessions] {
      key response_id
      response_id = row + 1
      session = s
      seconds = uniform_int(5, 60)
      score: float(2) = uniform(0, 1)
      correct = bernoulli(0.6)
      level = s.level
      started = s.started
    }
    table notes [1 per r in responses where r.score > 0.9] {
      response = r
      session_total = r.session.total_seconds
    }
    """#

  /// A column by key, as text.
  static func byKey(_ t: CSVTable, key: String, _ column: String) -> [String: String?] {
    Dictionary(uniqueKeysWithValues: zip(t.values(key), t.column(column)))
  }

  @Test("every summary matches the child rows read back from the files; both engines, any chunking", arguments: [1, 13, 4096])
  func recomputed(chunkSize: Int) throws {
    let program = try EngineFixture.compile(Self.source)
    let rows = try EngineFixture.run(program, chunkSize: chunkSize, columnWise: false, sparseParents: false)
    let columns = try EngineFixture.run(program, threads: 2, chunkSize: chunkSize)
    #expect(rows.files == columns.files, "the engines differ at chunk size \(chunkSize)")
    let sessions = try #require(columns.tables["sessions"])
    let responses = try #require(columns.tables["responses"])
    var children: [String: [Int]] = [:]
    for (i, s) in responses.values("session").enumerated() { children[s, default: []].append(i) }
    let seconds = responses.ints("seconds")
    let score = responses.doubles("score")
    let correct = responses.values("correct").map { $0 == "true" }
    let allRows = Double(responses.rows.count)
    let totalSeconds = Double(seconds.reduce(0, +))
    func fixed(_ x: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", x) }
    for (i, id) in sessions.values("session_id").enumerated() {
      let mine = children[id] ?? []
      let row = sessions.rows[i]
      func value(_ name: String) -> String? { row[sessions.header.firstIndex(of: name)!] }
      #expect(value("n_responses") == String(mine.count), "session \(id)")
      let total = mine.map { seconds[$0] }.reduce(0, +)
      #expect(value("total_seconds") == String(total), "session \(id)")
      #expect(value("correct") == String(mine.filter { correct[$0] }.count), "session \(id)")
      let mean = mine.isEmpty ? nil : mine.map { score[$0] }.reduce(0, +) / Double(mine.count)
      #expect(value("mean_score") == mean.map { fixed($0, 3) }, "session \(id)")
      #expect(value("best") == mine.map { score[$0] }.max().map { fixed($0, 2) }, "session \(id)")
      let accuracy = mine.count < 2 ? nil : Double(mine.filter { correct[$0] }.count) / Double(mine.count)
      #expect(value("accuracy") == accuracy.map { fixed($0, 3) }, "session \(id)")
      #expect(value("share_of_time") == (mine.isEmpty ? nil : fixed(Double(total) / totalSeconds, 4)), "session \(id)")
      #expect(value("share_of_rows") == fixed(Double(mine.count) / allRows, 5), "session \(id)")
      #expect(value("passed") == String((mean ?? 0) >= 0.5), "session \(id)")
    }
    // Students summarise the sessions that pick them.
    let students = try #require(columns.tables["students"])
    var picked: [String: [Int]] = [:]
    for (i, s) in sessions.values("student").enumerated() { picked[s, default: []].append(i) }
    let started = sessions.values("started")
    for (i, id) in students.values("student_id").enumerated() {
      let mine = picked[id] ?? []
      #expect(students.values("n_sessions")[i] == String(mine.count), "student \(id)")
      #expect(students.column("first_start")[i] == mine.map { started[$0] }.min(), "student \(id)")
      #expect(students.values("active")[i] == String(mine.count >= 3), "student \(id)")
    }
    // The order by a summary ranks each student's sessions by their total time.
    let totals = sessions.ints("total_seconds")
    let ranks = sessions.ints("time_rank")
    for (_, members) in picked {
      let sorted = members.sorted { totals[$0] != totals[$1] ? totals[$0] > totals[$1] : $0 < $1 }
      for (k, m) in sorted.enumerated() { #expect(ranks[m] == k + 1, "session \(m + 1)") }
    }
    // A grandchild reads the full pass's summary.
    let notes = try #require(columns.tables["notes"])
    let totalBy = Self.byKey(sessions, key: "session_id", "total_seconds")
    let sessionOf = Self.byKey(responses, key: "response_id", "session")
    #expect(!notes.rows.isEmpty)
    for (r, v) in zip(notes.values("response"), notes.values("session_total")) {
      #expect(totalBy[sessionOf[r]!! ] == v, "response \(r)")
    }
    // The base pass and the full pass agree: the children read the parent's columns as written.
    let level = Self.byKey(responses, key: "response_id", "level")
    let sessionStarted = Self.byKey(sessions, key: "session_id", "started")
    for (r, s) in sessionOf {
      #expect(responses.column("started")[Int(r)! - 1] == sessionStarted[s!]!, "response \(r)")
      #expect(level[r]! != nil)
    }
  }

  @Test("summaries add no draws: every other column is the bytes of the same tables without them")
  func sameDraws() throws {
    let with = try EngineFixture.run(Self.source)
    let summaryLines = ["n_sessions", "first_start", "active", "n_responses", "total_seconds", "correct =", "mean_score",
      "best", "accuracy", "share_of_time", "share_of_rows", "passed", "order by", "time_rank", "session_total"]
    let plain = Self.source.split(separator: "\n").filter { line in
      !summaryLines.contains { line.trimmingCharacters(in: .whitespaces).hasPrefix($0) }
    }.joined(separator: "\n")
    let without = try EngineFixture.run(plain)
    for table in ["students", "sessions", "responses"] {
      let a = try #require(with.tables[table])
      let b = try #require(without.tables[table])
      for column in b.header { #expect(a.column(column) == b.column(column), "\(table).\(column)") }
    }
  }

  @Test("the summarised tables come first: generation order, file list and run summary")
  func order() throws {
    let program = try EngineFixture.compile(Self.source)
    let names = program.generationOrder.map { program.tables[$0].name }
    #expect(names.firstIndex(of: "responses")! < names.firstIndex(of: "sessions")!)
    #expect(names.firstIndex(of: "sessions")! < names.firstIndex(of: "students")!)
    #expect(names.firstIndex(of: "sessions")! < names.firstIndex(of: "notes")!)
    let sessions = try #require(program.tableIndex("sessions"))
    let summary = try #require(program.tables[sessions].summary)
    #expect(summary.sources == [program.tableIndex("responses")!])
    // Base passes: students before sessions (which pick them), sessions before responses.
    let students = try #require(program.tables[program.tableIndex("students")!].summary)
    #expect(students.baseBefore <= names.firstIndex(of: "sessions")!)
    #expect(summary.baseBefore <= names.firstIndex(of: "responses")!)
    let files = ScenarioRunner.outputFiles(program, format: .csv)
    #expect(files.firstIndex(of: "responses.csv")! < files.firstIndex(of: "sessions.csv")!)
    let run = try EngineFixture.run(program)
    #expect(run.summary.tables.map(\.name).firstIndex(of: "responses")! < run.summary.tables.map(\.name).firstIndex(of: "sessions")!)
    // The row count counts each table once.
    #expect(run.summary.tables.map(\.rows).reduce(0, +) == run.tables.values.map(\.rows.count).reduce(0, +))
  }

  @Test("a table of a shared output, or a filter reading the summarising row, cannot summarise its children")
  func misplaced() throws {
    let cases: [(String, String)] = [
      ("""
        scenario m
        table a [3] into both { id = row
          n = count() over all c }
        table b [2] into both { id = row
          n = 0 }
        table c [2 per x in a] { v = 1 }
        """, "part of the shared output 'both'"),
      ("""
        scenario m
        table a [3] { id = row
          limit = 3
          n = count() over c where v < limit }
        table c [2 per x in a] { v = uniform_int(1, 5) }
        """, "cannot read the current row"),
    ]
    for (source, message) in cases {
      let result = ScenarioCompiler.compile(source: source, path: "m.scenario")
      let errors = result.diagnostics.filter { $0.severity == .error }
      #expect(errors.map(\.code) == [.misplacedConstruct], "\(errors.map(\.message))")
      #expect(errors.first?.message.contains(message) == true, "\(errors.map(\.message))")
    }
  }

  @Test("a child reading a column that waits for its own rows is a cycle naming the columns")
  func cycles() throws {
    let direct = ScenarioCompiler.compile(source: """
      scenario cyc
      table sessions [5] {
        total = sum(seconds) over responses
        doubled = total * 2
      }
      table responses [3 per s in sessions] {
        seconds = uniform_int(5, 60)
        share = seconds / s.doubled
      }
      """, path: "c.scenario")
    let e = try #require(direct.diagnostics.first { $0.severity == .error })
    #expect(e.code == .dependencyCycle)
    #expect(e.message == "table 'responses' reads 'sessions.doubled', which waits for the rows of 'responses'")
    #expect(e.notes.contains("the cycle: 'sessions.doubled' -> 'sessions.total' -> 'responses' -> 'sessions.doubled'"), "\(e.notes)")
    // A child's count reading the summary, a child of a child, and a table the base pass reads.
    for (source, cycle) in [
      ("""
        scenario cyc
        table s [5] { total = sum(v) over c }
        table c [s.total > 3 ? 1 : 2 per s in s] { v = 1 }
        """, "reads 's.total'"),
      ("""
        scenario cyc
        table s [5] { total = sum(v) over c }
        table c [2 per x in s] { let xs = x
          v = 1 }
        table g [2 per y in c] { w = y.xs.total }
        expect g: count() > 0
        table h [3] { q = pick g
          n = count() over all c }
        """, ""),
      ("""
        scenario cyc
        table s [5] { first = pick c
          total = sum(v) over c }
        table c [2 per x in s] { v = 1 }
        """, "tables depend on each other in a cycle: 's' -> 'c' -> 's'"),
    ] {
      let result = ScenarioCompiler.compile(source: source, path: "c.scenario")
      let errors = result.diagnostics.filter { $0.severity == .error }
      if cycle.isEmpty {
        #expect(errors.isEmpty, "\(errors.map(\.message))")
      } else {
        #expect(errors.map(\.code) == [.dependencyCycle], "\(errors.map(\.message))")
        #expect(errors.first?.message.contains(cycle) == true, "\(errors.map(\.message))")
      }
    }
  }
}
