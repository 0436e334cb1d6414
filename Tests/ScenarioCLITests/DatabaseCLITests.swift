import Foundation
import ScenarioTestSupport
import Testing

/// `scenario run --db sqlite:PATH` and `scenario purge` through the real executable: the
/// summary, exit code 3 and an untouched file for a schema mismatch or a lock, Ctrl-C rolling
/// back, and purge's report (Docs/CLI.md, Docs/Databases.md).
@Suite("Database commands", .serialized)
struct DatabaseCLITests {
  static let scenario = SeedScenarios.usersAndPosts

  /// Runs `sqlite3 DB` with `sql`.
  @discardableResult
  static func sqlite(_ db: String, _ sql: String) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["sqlite3", db, sql]
    let out = Pipe()
    process.standardOutput = out
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self)
  }

  static var hasSQLite: Bool { (try? sqlite(":memory:", "SELECT 1;")) == "1\n" }

  @Test("run into a new database, again, then purge with a dry run first")
  func runTwiceAndPurge() throws {
    try #require(Self.hasSQLite)
    let ws = try Workspace("db")
    defer { ws.remove() }
    let file = try ws.write("seed.scenario", Self.scenario)
    let first = try CLI.run(["run", file, "--db", "sqlite:app.db"], in: ws.path)
    #expect(first.status == 0, "\(first)")
    #expect(first.stdout.contains("created users, posts"), "\(first.stdout)")
    #expect(first.stdout.contains("posts  8 rows: 8 inserted, 0 updated, 0 already there"), "\(first.stdout)")
    let dump = try Self.sqlite(ws.path + "/app.db", ".dump")
    let second = try CLI.run(["run", file, "--db", "sqlite:app.db", "--quiet"], in: ws.path)
    #expect(second.status == 0 && second.stdout.isEmpty, "\(second)")
    #expect(try Self.sqlite(ws.path + "/app.db", ".dump") == dump)
    let dry = try CLI.run(["purge", file, "--db", "sqlite:app.db", "--dry-run"], in: ws.path)
    #expect(dry.status == 0, "\(dry)")
    #expect(dry.stdout == "scenario purge --dry-run: would delete from app.db\n  posts  8 rows\n  users  4 rows\n", "\(dry.stdout)")
    #expect(try Self.sqlite(ws.path + "/app.db", ".dump") == dump)
    let purge = try CLI.run(["purge", file, "--db", "sqlite:app.db"], in: ws.path)
    #expect(purge.status == 0, "\(purge)")
    #expect(try Self.sqlite(ws.path + "/app.db", "SELECT COUNT(*) FROM users; SELECT COUNT(*) FROM posts;") == "0\n0\n")
  }

  @Test("a schema mismatch and a locked file: exit 3, every problem listed, the file unchanged")
  func errorsExitThree() throws {
    try #require(Self.hasSQLite)
    let ws = try Workspace("db-errors")
    defer { ws.remove() }
    let file = try ws.write("seed.scenario", Self.scenario)
    let db = ws.path + "/app.db"
    try Self.sqlite(db, "CREATE TABLE users (user_id TEXT PRIMARY KEY, name TEXT NOT NULL);")
    let before = ws.bytes("app.db")
    let mismatch = try CLI.run(["run", file, "--db", "sqlite:app.db"], in: ws.path)
    #expect(mismatch.status == 3, "\(mismatch)")
    #expect(mismatch.stderr.contains("table 'users' has no column 'login'"), "\(mismatch.stderr)")
    #expect(mismatch.stderr.contains("column 'users.name' is NOT NULL without a default"), "\(mismatch.stderr)")
    #expect(mismatch.stderr.contains("column 'users.user_id' is 'TEXT'"), "\(mismatch.stderr)")
    #expect(ws.bytes("app.db") == before)

    // Another connection holds the write lock.
    try FileManager.default.removeItem(atPath: db)
    let holder = Process()
    holder.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    holder.arguments = ["sqlite3", db]
    let input = Pipe()
    let output = Pipe()
    holder.standardInput = input
    holder.standardOutput = output
    try holder.run()
    input.fileHandleForWriting.write(Data("CREATE TABLE other (x);\nBEGIN IMMEDIATE;\nINSERT INTO other VALUES (1);\nSELECT 'held';\n".utf8))
    var seen = Data()
    while !String(decoding: seen, as: UTF8.self).contains("held") { seen.append(output.fileHandleForReading.availableData) }
    let locked = try CLI.run(["run", file, "--db", "sqlite:app.db"], in: ws.path)
    #expect(locked.status == 3, "\(locked)")
    #expect(locked.stderr.contains("is locked by another connection"), "\(locked.stderr)")
    input.fileHandleForWriting.write(Data("ROLLBACK;\n".utf8))
    try input.fileHandleForWriting.close()
    holder.waitUntilExit()
    #expect(try Self.sqlite(db, ".tables") == "other\n", "the locked run created tables")
  }

  @Test("--table renames a SQLite table for run, check and purge; a bad mapping exits 3 before anything is written")
  func tableMapping() throws {
    try #require(Self.hasSQLite)
    let ws = try Workspace("db-map")
    defer { ws.remove() }
    let file = try ws.write("seed.scenario", Self.scenario)
    let run = try CLI.run(["run", file, "--db", "sqlite:app.db", "--table", "users=accounts"], in: ws.path)
    #expect(run.status == 0, "\(run)")
    #expect(run.stdout.contains("created accounts, posts"), "\(run.stdout)")
    #expect(run.stdout.contains("(in accounts)"), "\(run.stdout)")
    #expect(try Self.sqlite(ws.path + "/app.db", ".tables") == "accounts  posts   \n")
    #expect(try Self.sqlite(ws.path + "/app.db", "SELECT COUNT(*) FROM posts p JOIN accounts a ON a.user_id = p.author;") == "8\n")
    #expect(try Self.sqlite(ws.path + "/app.db", ".schema posts").contains("REFERENCES \"accounts\" (\"user_id\")"))
    let check = try CLI.run(["check", file, "--db", "sqlite:app.db", "--table", "users=accounts"], in: ws.path)
    #expect(check.status == 0, "\(check)")
    let dump = try Self.sqlite(ws.path + "/app.db", ".dump")
    for (arguments, message) in [
      (["--table", "nope=x"], "'--table nope=x' names no table the run writes (it writes users, posts)"),
      (["--table", "users=app.accounts"], "SQLite has no schemas"),
      (["--table", "users=posts"], "'--table' maps 'users' to 'posts', which the run writes as itself"),
    ] {
      let bad = try CLI.run(["run", file, "--db", "sqlite:app.db"] + arguments, in: ws.path)
      #expect(bad.status == 3 && bad.stderr.contains(message), "\(bad)")
    }
    let malformed = try CLI.run(["run", file, "--db", "sqlite:app.db", "--table", "users"], in: ws.path)
    #expect(malformed.status == 3 && malformed.stderr.contains("'--table' expects NAME=TARGET"), "\(malformed)")
    let noDB = try CLI.run(["run", file, "--table", "users=accounts"], in: ws.path)
    #expect(noDB.status == 3 && noDB.stderr.contains("it needs '--db'"), "\(noDB)")
    #expect(try Self.sqlite(ws.path + "/app.db", ".dump") == dump)
    let purge = try CLI.run(["purge", file, "--db", "sqlite:app.db", "--table", "users=accounts"], in: ws.path)
    #expect(purge.status == 0 && purge.stdout.contains("users  4 rows"), "\(purge)")
    #expect(try Self.sqlite(ws.path + "/app.db", "SELECT COUNT(*) FROM accounts;") == "0\n")
  }

  @Test("PostgreSQL: the password from PGPASSWORD; a wrong one, one in the URI or an unreachable server exit 3")
  func postgresPasswords() throws {
    guard let role = PostgresRole.available else { return }
    let ws = try Workspace("db-pg")
    defer { ws.remove() }
    let file = try ws.write("seed.scenario", Self.scenario)
    let uri = role.uri("postgres")
    let wrong = try CLI.run(["run", file, "--db", uri], in: ws.path, environment: ["PGPASSWORD": "not-the-password"])
    #expect(wrong.status == 3, "\(wrong)")
    #expect(wrong.stderr.contains("password authentication failed"), "\(wrong.stderr)")
    let inURI = try CLI.run(
      ["run", file, "--db", "postgresql://\(role.user):\(role.password)@127.0.0.1:\(role.port)/postgres"], in: ws.path)
    #expect(inURI.status == 3 && inURI.stderr.contains("PGPASSWORD or ~/.pgpass"), "\(inURI)")
    let unreachable = try CLI.run(["run", file, "--db", "postgresql://\(role.user)@127.0.0.1:1/postgres"], in: ws.path)
    #expect(unreachable.status == 3 && unreachable.stderr.contains("cannot connect to PostgreSQL"), "\(unreachable)")
    // The right password: a database of its own, seeded twice (the second run inserts nothing).
    let env = role.environment
    try role.withDatabase { database in
      let first = try CLI.run(["run", file, "--db", role.uri(database)], in: ws.path, environment: env)
      #expect(first.status == 0, "\(first)")
      #expect(first.stdout.contains("posts  8 rows: 8 inserted"), "\(first.stdout)")
      let second = try CLI.run(["run", file, "--db", role.uri(database)], in: ws.path, environment: env)
      #expect(second.status == 0 && second.stdout.contains("posts  8 rows: 0 inserted, 0 updated, 8 already there"), "\(second)")
      let purge = try CLI.run(["purge", file, "--db", role.uri(database)], in: ws.path, environment: env)
      #expect(purge.status == 0 && purge.stdout.contains("posts  8 rows"), "\(purge)")
    }
  }

  @Test("a read-only database file: exit 3, the file unchanged (as another user when run as root)")
  func readOnly() throws {
    try #require(Self.hasSQLite)
    let ws = try Workspace("db-readonly")
    defer { ws.remove() }
    let file = try ws.write("seed.scenario", Self.scenario)
    let db = ws.path + "/app.db"
    try Self.sqlite(db, "CREATE TABLE keep (x); INSERT INTO keep VALUES (1);")
    try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: db)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: ws.path)
    let before = ws.bytes("app.db")
    var exe = try #require(CLI.executable)
    // Root writes any file: run the executable as `nobody` then, from a copy in the workspace
    // (the build folder may not be reachable by other users; the binary is a single file).
    var command = [exe, "run", file, "--db", "sqlite:" + db]
    if geteuid() == 0 {
      let copy = ws.path + "/scenario"
      try FileManager.default.copyItem(atPath: exe, toPath: copy)
      try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: copy)
      exe = copy
      command[0] = copy
      let drop = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
      let probe = try ShellCommand.run(drop + [exe, "--version"])
      try #require(probe.status == 0, "cannot run the executable as another user here: \(probe.stderr)")
      command = drop + command
    }
    let result = try ShellCommand.run(command)
    #expect(result.status == 3, "\(result.stderr)")
    #expect(result.stderr.contains("cannot write database") && result.stderr.contains("read-only"), "\(result.stderr)")
    #expect(ws.bytes("app.db") == before)
  }

  @Test("Ctrl-C during a run into a database: exit 130, the database as it was")
  func interrupt() throws {
    try #require(Self.hasSQLite)
    let ws = try Workspace("db-sigint")
    defer { ws.remove() }
    let file = try ws.write("seed.scenario", Self.scenario.replacingOccurrences(of: "param n = 4", with: "param n = 2000000"))
    let db = ws.path + "/app.db"
    try Self.sqlite(db, "CREATE TABLE keep (x); INSERT INTO keep VALUES (42);")
    let dump = try Self.sqlite(db, ".dump")
    let exe = try #require(CLI.executable)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: exe)
    process.arguments = ["run", file, "--db", "sqlite:" + db, "--quiet"]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    // Until the run holds its transaction (a journal file beside the database), then SIGINT.
    for _ in 0..<500 where !FileManager.default.fileExists(atPath: db + "-journal") { Thread.sleep(forTimeInterval: 0.01) }
    Thread.sleep(forTimeInterval: 0.3)
    kill(process.processIdentifier, SIGINT)
    process.waitUntilExit()
    #expect(process.terminationStatus == 130)
    #expect(try Self.sqlite(db, ".dump") == dump)
  }
}

/// Runs a command found on PATH (or a path), returning its exit status and standard error.
enum ShellCommand {
  static func run(_ command: [String]) throws -> (status: Int32, stderr: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = command
    let errors = Pipe()
    process.standardError = errors
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    let data = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
  }
}

