import ScenarioKit
import Testing

/// The scenarios the real-engine tests load: the shipped tutoring platform, and an inline
/// scenario of awkward values (extreme integers, floats without a declared precision, text
/// with quotes, commas, line breaks and non-ASCII letters, the text "NULL" and the empty text,
/// nullable bools, old dates, negative durations).
enum EngineSubject: String, CaseIterable, CustomTestStringConvertible, Sendable {
  case tutoringPlatform = "tutoring_platform"
  case awkwardValues = "awkward_values"

  /// Dates reach back about 1,900 years, but not before 0001-01-01 (see
  /// `PostgresEngineTests.datesBeforeYearOne`).
  static let awkwardSource = #"""
    scenario awkward_values
    seed 11
    now 2024-02-29T23:59:59

    table things [400] {
      key id
      id = row + 1
      big = uniform_int(-9000000000000000000, 9000000000000000000)
      f = normal(0, 1000)
      tiny = exponential(1000000)
      whole: float = round(normal(0, 5))
      p: float(3)? = bernoulli(0.5) ? normal(0, 1) : null
      label = choice {
        "plain" 1, "comma, here" 1, "quote \"x\"" 1, "it's" 1, "line\nbreak" 1,
        "back\\slash" 1, "" 1, "NULL" 1, "Zoë 日本" 1, " padded " 1
      }
      maybe: text? = bernoulli(0.3) ? "x" : null
      flag: bool? = bernoulli(0.3) ? bernoulli(0.5) : null
      d = date(now - days(uniform_int(0, 700000)))
      t = now - hours(uniform_int(-1000, 1000000))
      len = minutes(uniform_int(-3000, 3000))
      len2: duration? = bernoulli(0.5) ? seconds(uniform_int(0, 200000)) : null
    }

    table notes [uniform_int(0, 3) per t in things] {
      key note_id
      note_id = row + 1
      thing = t.id
      body = choice { "a" 1, "b, c" 1, "d\"e" 1 }
    }

    """#

  /// Runs the subject into `folder` (or a temporary folder).
  func run(format: OutputFormat = .csv, into folder: TemporaryFolder? = nil) throws -> RunOutput {
    switch self {
    case .tutoringPlatform: try Harness.run(scenario: rawValue, format: format, into: folder)
    case .awkwardValues:
      try Harness.run(Harness.compile(source: Self.awkwardSource), format: format, into: folder)
    }
  }

  /// Queries that count violations of relations the data holds by construction.
  var invariants: [(label: String, sql: String)] {
    switch self {
    case .tutoringPlatform: TutoringInvariants.queries
    case .awkwardValues:
      [
        (
          "every note belongs to a thing",
          #"SELECT count(*) FROM "notes" n WHERE NOT EXISTS "#
            + #"(SELECT 1 FROM "things" t WHERE t."id" = n."thing")"#
        )
      ]
    }
  }

  /// The least number of values a full comparison must have looked at.
  var minimumValues: Int {
    switch self {
    case .tutoringPlatform: 5_000
    case .awkwardValues: 4_000
    }
  }

  var testDescription: String { rawValue }
}
