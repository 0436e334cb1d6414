import Foundation
import ScenarioTestSupport
import Testing

/// Source tables through the real executable (issue 18, item 2; Docs/Databases.md "Sources"):
/// the documentation's example, which picks from a CSV file and from a table of the database,
/// run twice into SQLite and PostgreSQL and read back with their own clients; bad data stopped
/// with the line; a database source without a database.
@Suite("Source tables", .serialized)
struct SourceCLITests {
  /// The example of Docs/Databases.md and the CSV file it reads, both taken from the page.
  static func documentedExample() throws -> (scenario: String, csv: String) {
    let page = try String(contentsOfFile: RepoPaths.root + "/Docs/Databases.md", encoding: .utf8)
    let blocks = page.components(separatedBy: "```")
    let scenario = try #require(blocks.first { $0.hasPrefix("scenario\nscenario practice") })
    let csvIndex = try #require(blocks.firstIndex { $0.hasPrefix("text\nlevel,min_score,label") })
    return (String(scenario.dropFirst("scenario\n".count)), String(blocks[csvIndex].dropFirst("text\n".count)))
  }

  /// 40 real questions, 30 of them reading (ids 501-540, not a run's row numbers).
  static let questions = (1...40).map { i in
    "(\(500 + i), '\(i <= 30 ? "reading" : "listening")', 'Real question \(i)')"
  }.joined(separator: ", ")

  static func workspace(_ label: String) throws -> (Workspace, String) {
    let ws = try Workspace(label)
    let (scenario, csv) = try documentedExample()
    let file = try ws.write("practice.scenario", scenario)
    try FileManager.default.createDirectory(atPath: ws.path + "/data", withIntermediateDirectories: true)
    try ws.write("data/rubric.csv", csv)
    return (ws, file)
  }

  @Test("the documented example into SQLite: picks real rows and rubric rows, writes neither, twice the same")
  func documentedSQLite() throws {
    try #require(DatabaseCLITests.hasSQLite)
    let (ws, file) = try Self.workspace("src-sqlite")
    defer { ws.remove() }
    let db = ws.path + "/app.db"
    try DatabaseCLITests.sqlite(db, """
      CREATE TABLE questions (question_id INTEGER PRIMARY KEY, section TEXT NOT NULL, prompt TEXT NOT NULL);
      INSERT INTO questions VALUES \(Self.questions);
      """)
    let questionsBefore = try DatabaseCLITests.sqlite(db, "SELECT * FROM questions ORDER BY 1;")
    let first = try CLI.run(["run", file, "--db", "sqlite:app.db"], in: ws.path)
    #expect(first.status == 0, "\(first)")
    #expect(first.stdout.contains("read rubric: 4 rows from data/rubric.csv"), "\(first.stdout)")
    #expect(first.stdout.contains("read bank: 40 rows from table questions of app.db"), "\(first.stdout)")
    #expect(first.stdout.contains("attempts  12 rows: 12 inserted"), "\(first.stdout)")
    #expect(!first.stdout.contains("rubric  ") && !first.stdout.contains("bank  "), "a source was written: \(first.stdout)")
    // Read back with sqlite3: every attempt answers a real reading question, every level is
    // one of the rubric's with min_score <= 20, the real rows are untouched.
    #expect(try DatabaseCLITests.sqlite(db, """
      SELECT COUNT(*) FROM attempts a JOIN questions q ON q.question_id = a.question WHERE q.section = 'reading';
      """) == "12\n")
    #expect(try DatabaseCLITests.sqlite(db, "SELECT DISTINCT level FROM learners WHERE level NOT IN ('A2', 'B1', 'B2');") == "")
    #expect(try DatabaseCLITests.sqlite(db, "SELECT COUNT(DISTINCT question) > 1 FROM attempts;") == "1\n")
    #expect(try DatabaseCLITests.sqlite(db, "SELECT * FROM questions ORDER BY 1;") == questionsBefore)
    #expect(try DatabaseCLITests.sqlite(db, ".tables") == "attempts   learners   questions\n")
    #expect(try DatabaseCLITests.sqlite(db, ".schema attempts").contains("REFERENCES \"questions\" (\"question_id\")"))
    let dump = try DatabaseCLITests.sqlite(db, ".dump")
    let second = try CLI.run(["run", file, "--db", "sqlite:app.db"], in: ws.path)
    #expect(second.status == 0 && second.stdout.contains("attempts  12 rows: 0 inserted, 0 updated, 12 already there"), "\(second)")
    #expect(try DatabaseCLITests.sqlite(db, ".dump") == dump)
    // The expectations and figures of the database hold without re-reading anything by hand.
    let check = try CLI.run(["check", file, "--db", "sqlite:app.db"], in: ws.path)
    #expect(check.status == 0, "\(check)")
  }

  @Test("the documented example into PostgreSQL, twice: identical pg_dump, sequences unchanged")
  func documentedPostgres() throws {
    guard let role = PostgresRole.available else { return }
    let (ws, file) = try Self.workspace("src-pg")
    defer { ws.remove() }
    try role.withDatabase { database in
      try #require(try role.psql(database, """
        CREATE TABLE questions (question_id BIGINT PRIMARY KEY, section TEXT NOT NULL, prompt TEXT NOT NULL);
        INSERT INTO questions VALUES \(Self.questions);
        """).status == 0)
      let first = try CLI.run(["run", file, "--db", role.uri(database)], in: ws.path, environment: role.environment)
      #expect(first.status == 0, "\(first)")
      #expect(first.stdout.contains("read bank: 40 rows from table questions"), "\(first.stdout)")
      #expect(try role.psql(database, """
        SELECT COUNT(*) FROM attempts a JOIN questions q ON q.question_id = a.question WHERE q.section = 'reading'
        """).output == "12\n")
      #expect(try role.psql(database, "SELECT COUNT(*) FROM questions").output == "40\n")
      let rows = try role.psql(database, "SELECT * FROM learners ORDER BY 1; SELECT * FROM attempts ORDER BY 1; SELECT sequencename, last_value FROM pg_sequences ORDER BY 1")
      let second = try CLI.run(["run", file, "--db", role.uri(database)], in: ws.path, environment: role.environment)
      #expect(second.status == 0 && second.stdout.contains("attempts  12 rows: 0 inserted"), "\(second)")
      #expect(try role.psql(database, "SELECT * FROM learners ORDER BY 1; SELECT * FROM attempts ORDER BY 1; SELECT sequencename, last_value FROM pg_sequences ORDER BY 1") == rows)
      // A schema mismatch: exit 3, nothing changed.
      try #require(try role.psql(database, "ALTER TABLE attempts ADD COLUMN extra TEXT NOT NULL DEFAULT 'x'; ALTER TABLE attempts ALTER COLUMN extra DROP DEFAULT").status == 0)
      let before = try role.psql(database, "SELECT * FROM attempts ORDER BY 1").output
      let bad = try CLI.run(["run", file, "--db", role.uri(database), "--set", "count=6"], in: ws.path, environment: role.environment)
      #expect(bad.status == 3 && bad.stderr.contains("does not match the scenario"), "\(bad)")
      #expect(try role.psql(database, "SELECT * FROM attempts ORDER BY 1").output == before)
    }
  }

  @Test("a CSV value of the wrong type, a missing file, a database source without --db: located errors, nothing written")
  func badSources() throws {
    let (ws, file) = try Self.workspace("src-bad")
    defer { ws.remove() }
    try ws.write("data/rubric.csv", "level,min_score,label\nA2,0,Elementary\nB1,twelve,Intermediate\n")
    let bad = try CLI.run(["run", file, "--db", "sqlite:app.db"], in: ws.path)
    #expect(bad.status == 2, "\(bad)")
    #expect(bad.stderr.contains("error[E0614]: 'data/rubric.csv' line 3, column 'min_score': 'twelve' is not an int"), "\(bad.stderr)")
    #expect(!FileManager.default.fileExists(atPath: ws.path + "/app.db"))
    try FileManager.default.removeItem(atPath: ws.path + "/data/rubric.csv")
    let missing = try CLI.run(["check", file], in: ws.path)
    #expect(missing.status == 2 && missing.stderr.contains("cannot read 'data/rubric.csv': no such file"), "\(missing)")
    try ws.write("data/rubric.csv", "level,min_score,label\nA2,0,Elementary\n")
    // A static check needs no database; a run into files has none to read from.
    let check = try CLI.run(["check", file], in: ws.path)
    #expect(check.status == 0, "\(check)")
    let toFiles = try CLI.run(["run", file, "--out", "out"], in: ws.path)
    #expect(toFiles.status == 2 && toFiles.stderr.contains("table 'bank' reads the target database, and this run has none"), "\(toFiles)")
    #expect(!FileManager.default.fileExists(atPath: ws.path + "/out"))
  }

  static func manifest(_ ws: Workspace) throws -> [String: Any] {
    let data = try #require(ws.bytes("out/scenario-manifest.json"))
    return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
  }

  @Test("a run into files names each CSV source in its manifest, with the file's SHA-256; other data, another run")
  func manifest() throws {
    let ws = try Workspace("src-manifest")
    defer { ws.remove() }
    let file = try ws.write("m.scenario", """
      scenario m
      seed 2
      table rubric (level: text, min_score: int) from csv "rubric.csv"
      table learners [20] {
        level = pick rubric
      }
      """)
    let csv = "\u{FEFF}level,min_score\nA2,0\nB1,12\n"
    try ws.write("rubric.csv", csv)
    let run = try CLI.run(["run", file, "--out", "out"], in: ws.path)
    #expect(run.status == 0 && run.stdout.contains("read rubric: 2 rows from rubric.csv"), "\(run)")
    // The digest, computed by sha256sum from the file's bytes (the byte-order mark included).
    let sum = Process()
    sum.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    sum.arguments = ["sha256sum", ws.path + "/rubric.csv"]
    let pipe = Pipe()
    sum.standardOutput = pipe
    try sum.run()
    let digest = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).prefix(64)
    sum.waitUntilExit()
    let manifest = try Self.manifest(ws)
    let source = try #require(manifest["source"] as? [String: Any])
    #expect(source["sources"] as? [String: String] == ["rubric": "csv \"rubric.csv\", 2 rows, sha256 \(digest)"], "\(source)")
    let firstRun = manifest["run"] as? String
    try ws.write("rubric.csv", csv + "C1,26\n")
    #expect(try CLI.run(["run", file, "--out", "out"], in: ws.path).status == 0)
    let again = try Self.manifest(ws)
    #expect(again["run"] as? String != firstRun)
  }
}
