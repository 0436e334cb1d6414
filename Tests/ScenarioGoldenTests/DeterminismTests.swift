import Foundation
import ScenarioKit
import Testing

/// The determinism contract (DESIGN.md §2) on whole runs: output is a pure function of the
/// scenario, the seed, the parameters and `now`; never of the thread count or chunk size.
@Suite("Determinism of whole runs")
struct DeterminismTests {
  /// A scenario under test: a shipped file or the inline `SmallScenario`.
  enum Subject: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case tutoringPlatform = "tutoring_platform"
    case small

    /// Compiles and runs the subject.
    func run(
      _ options: CheckOptions = CheckOptions(), form: OutputForm = .csv, threads: Int = 0,
      chunkSize: Int = 4096
    ) throws -> RunOutput {
      switch self {
      case .tutoringPlatform:
        try Harness.run(
          scenario: rawValue, options: options, format: form.format, threads: threads,
          chunkSize: chunkSize)
      case .small:
        try Harness.run(
          source: SmallScenario.source, options: options, format: form.format, threads: threads,
          chunkSize: chunkSize)
      }
    }

    /// Tables whose every value is a constant or a function of the row number, so a new seed
    /// leaves them as they are.
    var seedIndependentTables: Set<String> {
      switch self {
      case .tutoringPlatform: ["users"]
      case .small: []
      }
    }

    /// Parameters that make the run big enough to span many chunks of every size tested.
    var bigRun: CheckOptions {
      switch self {
      case .tutoringPlatform: CheckOptions(overrides: [("total_sessions", "5000")])
      case .small: CheckOptions(overrides: [("order_count", "3000"), ("shop_count", "40")])
      }
    }

    var testDescription: String { rawValue }
  }

  @Test(
    "the same seed twice gives identical bytes", arguments: Subject.allCases, OutputForm.allCases)
  func sameSeedSameBytes(subject: Subject, form: OutputForm) throws {
    let first = try subject.run(form: form)
    let second = try subject.run(form: form)
    expectIdentical(first, second, "second run")
    // An explicit seed equal to the scenario's own changes nothing either.
    let explicit = try subject.run(CheckOptions(seed: subject == .small ? 7 : 42), form: form)
    expectIdentical(first, explicit, "explicit seed")
  }

  @Test("another seed gives other values", arguments: Subject.allCases)
  func otherSeedOtherBytes(subject: Subject) throws {
    let base = try subject.run()
    let other = try subject.run(CheckOptions(seed: 43))
    #expect(base.names == other.names)
    for table in base.tables {
      let changed = other.table(table.name)?.bytes != table.bytes
      if subject.seedIndependentTables.contains(table.name) {
        #expect(!changed, "\(table.name) has no random values, yet changed with the seed")
      } else {
        #expect(changed, "\(table.name) is identical under seed 43")
      }
    }
    // The same holds through the other sink: a new seed is not only a CSV matter.
    let sqlBase = try subject.run(form: .sqlite)
    let sqlOther = try subject.run(CheckOptions(seed: 43), form: .sqlite)
    #expect(sqlBase != sqlOther)
  }

  /// Big runs with 1 thread and one 4096-row chunk per table step, the reference for the
  /// thread and chunk matrix; computed once per subject.
  static let references: [Subject: Result<RunOutput, HarnessError>] = {
    var out: [Subject: Result<RunOutput, HarnessError>] = [:]
    for subject in Subject.allCases {
      do {
        out[subject] = .success(try subject.run(subject.bigRun, threads: 1, chunkSize: 4096))
      } catch {
        out[subject] = .failure(HarnessError(description: "\(error)"))
      }
    }
    return out
  }()

  @Test(
    "threads and chunk sizes never change CSV output",
    arguments: Subject.allCases,
    [
      (1, 1), (1, 7), (1, 100), (2, 1), (2, 7), (2, 100), (2, 4096),
      (4, 1), (4, 7), (4, 100), (4, 4096),
    ])
  func threadsAndChunksCSV(subject: Subject, setting: (threads: Int, chunkSize: Int)) throws {
    let reference = try #require(Self.references[subject]).get()
    let run = try subject.run(
      subject.bigRun, threads: setting.threads, chunkSize: setting.chunkSize)
    expectIdentical(reference, run, "\(setting.threads) threads, chunks of \(setting.chunkSize)")
  }

  @Test(
    "threads and chunk sizes never change SQL output",
    arguments: [OutputForm.sqlite, .postgres])
  func threadsAndChunksSQL(form: OutputForm) throws {
    let subject = Subject.tutoringPlatform
    let reference = try subject.run(subject.bigRun, form: form, threads: 1, chunkSize: 4096)
    for (threads, chunkSize) in [(2, 1), (4, 7), (3, 100)] {
      let run = try subject.run(subject.bigRun, form: form, threads: threads, chunkSize: chunkSize)
      expectIdentical(reference, run, "\(form), \(threads) threads, chunks of \(chunkSize)")
    }
  }

  @Test("the big runs really span many chunks")
  func bigRunsAreBig() throws {
    let reference = try #require(Self.references[.tutoringPlatform]).get()
    // More than one 4096-row chunk in the biggest table, so chunk boundaries are crossed even
    // with the default size.
    #expect(reference.table("sessions")?.rows == 5000)
    #expect((reference.table("transcript_highlights")?.rows ?? 0) > 4096)
  }
}

/// Records an issue for every table whose name, row count or bytes differ between two runs,
/// naming the first differing line.
func expectIdentical(
  _ expected: RunOutput, _ actual: RunOutput, _ what: String,
  sourceLocation: Testing.SourceLocation = #_sourceLocation
) {
  #expect(expected.names == actual.names, "\(what): tables", sourceLocation: sourceLocation)
  for table in expected.tables {
    guard let other = actual.table(table.name) else { continue }
    #expect(
      other.rows == table.rows, "\(what): rows of \(table.name)", sourceLocation: sourceLocation)
    if other.bytes != table.bytes {
      let a = String(decoding: table.bytes, as: UTF8.self).split(
        separator: "\n", omittingEmptySubsequences: false)
      let b = String(decoding: other.bytes, as: UTF8.self).split(
        separator: "\n", omittingEmptySubsequences: false)
      let line =
        zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }?.offset
        ?? min(a.count, b.count)
      let message =
        "\(what): \(table.fileName) differs first at line \(line + 1):\n- "
        + (line < a.count ? String(a[line]) : "<end>") + "\n+ "
        + (line < b.count ? String(b[line]) : "<end>")
      Issue.record(Comment(rawValue: message), sourceLocation: sourceLocation)
    }
  }
}
