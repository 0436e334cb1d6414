// swift-tools-version:6.0
// The scenario compiler and engine. No package dependencies: toolchain, Foundation and Dispatch only.
import PackageDescription

let package = Package(
  name: "scenario",
  platforms: [.macOS(.v13)],
  products: [
    .library(name: "ScenarioKit", targets: ["ScenarioKit"]),
    .executable(name: "scenario", targets: ["scenario"]),
  ],
  targets: [
    // Phases: each depends only on the phases before it (DESIGN.md §1).
    .target(name: "ScenarioDiagnostics"),
    .target(name: "ScenarioLexer", dependencies: ["ScenarioDiagnostics"]),
    .target(name: "ScenarioAST", dependencies: ["ScenarioDiagnostics"]),
    .target(name: "ScenarioParser", dependencies: ["ScenarioLexer", "ScenarioAST"]),
    // Digests and encodings written by hand (SHA-256, SHA-1, MD5, Base64): the manifest's
    // hashes and the identifier and digest functions of the language.
    .target(name: "ScenarioDigests", dependencies: ["CScenarioDigests"]),
    // SHA-256 with the CPU's SHA instructions (x86-64 SHA-NI) behind a run-time check: C, no
    // package; other CPUs use the Swift compression.
    .target(name: "CScenarioDigests", cSettings: [.unsafeFlags(["-O2"])]),
    // The value packs (names, addresses, phone plans, companies, countries) as text blobs
    // compiled into the binary and parsed on first use (Docs/Data.md).
    .target(name: "ScenarioPacks"),
    // The IANA time-zone rules (tzdata, pinned) compiled in as text, decoded per zone on first
    // use, so that local times do not depend on the machine's tz data.
    .target(name: "ScenarioTimeZones"),
    .target(
      name: "ScenarioIR", dependencies: ["ScenarioDiagnostics", "ScenarioDigests", "ScenarioPacks", "ScenarioTimeZones"]),
    .target(name: "ScenarioRandom", dependencies: ["ScenarioTimeZones"]),
    .target(
      name: "ScenarioChecker",
      dependencies: ["ScenarioAST", "ScenarioParser", "ScenarioIR", "ScenarioRandom", "ScenarioPacks", "ScenarioTimeZones"]),
    .target(
      name: "ScenarioEngine", dependencies: ["ScenarioIR", "ScenarioRandom", "ScenarioTimeZones"],
      // Release builds skip the run-time exclusivity checks of the hot loops (every array read
      // through a class property pays one otherwise); debug builds, and so the tests, keep them.
      swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]),
    // The system calls Swift's modules do not export (renameat2, signal handlers): C, no package.
    .target(name: "CScenarioSystem"),
    .target(name: "ScenarioSinks", dependencies: ["ScenarioIR", "ScenarioDigests", "CScenarioSystem"]),
    // The output folder as a transaction: staging, lock, atomic switch, manifest, verify.
    .target(name: "ScenarioOutputSet", dependencies: ["ScenarioSinks", "ScenarioDigests", "CScenarioSystem"]),
    .target(name: "ScenarioExpectations", dependencies: ["ScenarioIR"]),
    // Facade: the public API an embedder uses.
    .target(
      name: "ScenarioKit",
      dependencies: [
        "ScenarioDiagnostics", "ScenarioParser", "ScenarioChecker", "ScenarioEngine",
        "ScenarioSinks", "ScenarioExpectations", "ScenarioOutputSet",
      ]),
    // Database targets, in their own targets so that embedding ScenarioKit does not link them.
    // The system SQLite library (libsqlite3-dev) through a system-library target: no package.
    .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
    .target(name: "ScenarioSQLite", dependencies: ["CSQLite", "ScenarioKit", "ScenarioEngine", "ScenarioSinks", "ScenarioIR", "ScenarioDiagnostics"]),
    // The system PostgreSQL client library (libpq-dev) through a system-library target.
    .systemLibrary(name: "CLibPQ", providers: [.apt(["libpq-dev"])]),
    .target(name: "ScenarioPostgres", dependencies: ["CLibPQ", "ScenarioKit", "ScenarioEngine", "ScenarioSinks", "ScenarioIR"]),
    // CLI: a thin adapter over ScenarioKit and the database targets.
    .executableTarget(name: "scenario", dependencies: ["ScenarioKit", "ScenarioSQLite", "ScenarioPostgres"]),
    // Test support.
    .target(name: "ScenarioTestSupport", path: "Sources/ScenarioTestSupport"),
    // Tests.
    .testTarget(name: "ScenarioDiagnosticsTests", dependencies: ["ScenarioDiagnostics"]),
    .testTarget(name: "ScenarioLexerTests", dependencies: ["ScenarioLexer"]),
    .testTarget(name: "ScenarioParserTests", dependencies: ["ScenarioParser", "ScenarioTestSupport"]),
    .testTarget(
      name: "ScenarioCheckerTests",
      dependencies: ["ScenarioChecker", "ScenarioParser", "ScenarioKit", "ScenarioTestSupport"]),
    .testTarget(name: "ScenarioRandomTests", dependencies: ["ScenarioRandom"]),
    .testTarget(name: "ScenarioTimeZonesTests", dependencies: ["ScenarioTimeZones"]),
    .testTarget(
      name: "ScenarioEngineTests",
      dependencies: ["ScenarioEngine", "ScenarioKit", "ScenarioTestSupport"]),
    .testTarget(name: "ScenarioSinksTests", dependencies: ["ScenarioSinks", "ScenarioDigests", "ScenarioTestSupport"]),
    .testTarget(name: "ScenarioExpectationsTests", dependencies: ["ScenarioExpectations"]),
    .testTarget(name: "ScenarioPacksTests", dependencies: ["ScenarioPacks", "ScenarioKit", "ScenarioTestSupport"]),
    .testTarget(
      name: "ScenarioGoldenTests", dependencies: ["ScenarioKit", "ScenarioTestSupport"]),
    .testTarget(name: "ScenarioCLITests", dependencies: ["ScenarioTestSupport"]),
    .testTarget(name: "ScenarioSQLiteTests", dependencies: ["ScenarioSQLite", "ScenarioKit", "ScenarioTestSupport"]),
    .testTarget(name: "ScenarioPostgresTests", dependencies: ["ScenarioPostgres", "ScenarioKit", "ScenarioTestSupport"]),
  ]
)
