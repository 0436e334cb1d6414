import ScenarioKit
import Testing

/// The scenarios the real-engine tests load: the shipped tutoring platform, and an inline
/// scenario of awkward values (extreme integers, floats without a declared precision, text
/// with quotes, commas, line breaks and non-ASCII letters, the text "NULL" and the empty text,
/// nullable bools, old dates, negative durations).
enum EngineSubject: String, CaseIterable, CustomTestStringConvertible, Sendable {
  case tutoringPlatform = "tutoring_platform"
  case awkwardValues = "awkward_values"
  case tutorQuality = "tutor_quality"
  case crmEdgeCases = "crm_edge_cases"

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
    case .tutoringPlatform, .crmEdgeCases: try Harness.run(scenario: rawValue, format: format, into: folder)
    case .tutorQuality:
      try Harness.run(scenario: rawValue, options: CheckOptions(mode: "dev"), format: format, into: folder)
    case .awkwardValues:
      try Harness.run(Harness.compile(source: Self.awkwardSource), format: format, into: folder)
    }
  }

  /// Queries that count violations of relations the data holds by construction.
  var invariants: [(label: String, sql: String)] {
    switch self {
    case .tutoringPlatform: TutoringInvariants.queries
    case .tutorQuality: TutorQualityInvariants.queries
    case .crmEdgeCases: CRMInvariants.queries
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
    case .tutorQuality: 35_000
    case .crmEdgeCases: 20_000
    case .awkwardValues: 4_000
    }
  }

  var testDescription: String { rawValue }
}

/// Relations the CRM fixture holds by construction, as SQL counting violations; its UNIQUE
/// constraints (emails, order ids, coupons) are enforced by the load itself. Portable SQL: the
/// same queries run in SQLite and PostgreSQL.
enum CRMInvariants {
  static let queries: [(label: String, sql: String)] = [
    (
      "every order's customer exists",
      #"SELECT count(*) FROM "orders" o WHERE NOT EXISTS (SELECT 1 FROM "customers" c WHERE c."customer_id" = o."customer_id")"#
    ),
    (
      "an order's shipping city is its customer's",
      #"SELECT count(*) FROM "orders" o JOIN "customers" c ON c."customer_id" = o."customer_id" "#
        + #"WHERE o."shipping_city" <> c."city" OR (o."shipping_city" IS NULL) <> (c."city" IS NULL)"#
    ),
    (
      "line totals are quantity times unit price",
      #"SELECT count(*) FROM "order_items" WHERE abs("line_total" - "quantity" * "unit_price") > 0.001"#
    ),
    (
      "every email has an @ and at most 254 octets",
      #"SELECT count(*) FROM "customers" WHERE "email" NOT LIKE '%@%' OR length("email") > 254"#
    ),
  ]
}

/// Relations the tutor-quality data holds by construction, as SQL counting violations.
enum TutorQualityInvariants {
  static let queries: [(label: String, sql: String)] = [
    (
      "every session's tutor exists and is active",
      #"SELECT count(*) FROM "sessions" s LEFT JOIN "tutor_profiles" t ON t."tutor_id" = s."tutor_id" "#
        + #"WHERE t."tutor_id" IS NULL OR NOT t."active_status""#
    ),
    (
      "one aggregate row per tutor",
      #"SELECT abs((SELECT count(*) FROM "tutor_aggregates") - (SELECT count(*) FROM "tutor_profiles"))"#
    ),
    (
      "total_sessions_30d counts the tutor's sessions",
      #"SELECT count(*) FROM "tutor_aggregates" a WHERE a."total_sessions_30d" <> "#
        + #"(SELECT count(*) FROM "sessions" s WHERE s."tutor_id" = a."tutor_id")"#
    ),
    (
      "first_session_count counts first sessions",
      #"SELECT count(*) FROM "tutor_aggregates" a WHERE a."first_session_count" <> "#
        + #"(SELECT count(*) FROM "sessions" s WHERE s."tutor_id" = a."tutor_id" AND s."is_first_session")"#
    ),
    (
      "interventions only for High or Medium churn risk",
      #"SELECT count(*) FROM "interventions" i JOIN "tutor_aggregates" a ON a."tutor_id" = i."tutor_id" "#
        + #"WHERE a."churn_risk_level" NOT IN ('High', 'Medium')"#
    ),
    (
      "at most 4 interventions per tutor",
      #"SELECT count(*) FROM (SELECT "tutor_id" FROM "interventions" GROUP BY "tutor_id" HAVING count(*) > 4) x"#
    ),
    (
      "every event's tutor exists",
      #"SELECT count(*) FROM "engagement_events" e WHERE NOT EXISTS "#
        + #"(SELECT 1 FROM "tutor_profiles" t WHERE t."tutor_id" = e."tutor_id")"#
    ),
    (
      "event ids are unique",
      #"SELECT count(*) - count(DISTINCT "event_id") FROM "engagement_events""#
    ),
    (
      "one email_opened event per opened intervention",
      #"SELECT abs((SELECT count(*) FROM "engagement_events" WHERE "event_type" = 'email_opened') - "#
        + #"(SELECT count(*) FROM "interventions" WHERE "opened_at" IS NOT NULL))"#
    ),
    (
      "assignments reference existing experiments",
      #"SELECT count(*) FROM "experiment_assignments" x WHERE x."experiment_id" NOT IN "#
        + #"(SELECT "experiment_id" FROM "experiments")"#
    ),
  ]
}
