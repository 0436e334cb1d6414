import Foundation
import Testing

/// The test server's password role on 127.0.0.1 (`scripts/postgres.sh`), for CLI tests that
/// reach PostgreSQL over TCP with PGPASSWORD.
struct PostgresRole {
  var user: String
  var password: String
  var port: String

  /// The role, or nil without a test server (recorded as an issue when SCENARIO_REQUIRE_PG=1).
  static var available: PostgresRole? {
    let env = ProcessInfo.processInfo.environment
    guard let user = env["SCENARIO_PGTCPUSER"], let password = env["SCENARIO_PGTCPPASSWORD"], !user.isEmpty else {
      if env["SCENARIO_REQUIRE_PG"] == "1" {
        Issue.record("SCENARIO_REQUIRE_PG=1 but SCENARIO_PGTCPUSER is not set (scripts/postgres.sh prints it)")
      }
      return nil
    }
    return PostgresRole(user: user, password: password, port: env["SCENARIO_PGPORT"] ?? "5432")
  }

  /// The environment a client needs for the password.
  var environment: [String: String] { ["PGPASSWORD": password] }

  /// A URI for `database` (no password: it comes from PGPASSWORD).
  func uri(_ database: String) -> String { "postgresql://\(user)@127.0.0.1:\(port)/\(database)" }

  /// Runs psql on `database`; returns its output (unaligned, tuples only) and status.
  @discardableResult
  func psql(_ database: String, _ sql: String) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["psql", "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", port, "-U", user, "-d", database, "-c", sql]
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    let out = Pipe()
    process.standardOutput = out
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
  }

  /// Runs `body` with a new, empty database of its own, dropped afterwards.
  func withDatabase(_ body: (String) throws -> Void) throws {
    let database = "scenario_cli_\(getpid())_\(UInt32.random(in: 0...UInt32.max))"
    try #require(try psql("postgres", "CREATE DATABASE \(database)").status == 0)
    defer { _ = try? psql("postgres", "DROP DATABASE IF EXISTS \(database) WITH (FORCE)") }
    try body(database)
  }
}
