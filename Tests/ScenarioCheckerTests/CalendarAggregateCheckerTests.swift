import ScenarioDiagnostics
import ScenarioIR
import ScenarioKit
import Testing

/// The checker's side of `calendar { }`, aggregates `AGG(x) over T`, shared outputs `into NAME`
/// and the month built-ins: what each lowers to, and every diagnostic they report.
@Suite("Calendar, aggregates, shared outputs and month built-ins in the checker")
struct CalendarAggregateCheckerTests {
  // MARK: - Helpers

  static func compile(_ source: String) -> CompileResult {
    ScenarioCompiler.compile(source: source, path: "new.scenario")
  }

  static func errors(_ source: String) -> [Diagnostic] {
    compile(source).diagnostics.filter { $0.severity == .error }
  }

  static func program(_ source: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> Program {
    let result = compile(source)
    let errors = result.diagnostics.filter { $0.severity == .error }
    #expect(errors.isEmpty, "unexpected errors: \(errors.map(\.message))", sourceLocation: sourceLocation)
    return try #require(result.program, sourceLocation: sourceLocation)
  }

  static func slot(
    _ p: Program, _ table: String, _ name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) throws -> SlotIR {
    let t = try #require(p.tableIndex(table), "no table \(table)", sourceLocation: sourceLocation)
    return try #require(p.tables[t].slots.first { $0.name == name }, "no slot \(name)", sourceLocation: sourceLocation)
  }

  /// Exactly one error, with this code, whose message contains `message`; returns it.
  @discardableResult
  static func single(
    _ source: String, _ code: DiagnosticCode, _ message: String,
    sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) -> Diagnostic? {
    let errs = errors(source)
    #expect(errs.count == 1, "\(errs.map { "\($0.code.rawValue) \($0.message)" })", sourceLocation: sourceLocation)
    guard let d = errs.first else { return nil }
    #expect(d.code == code, "\(d.code.rawValue) \(d.message)", sourceLocation: sourceLocation)
    #expect(d.message.contains(message), "'\(d.message)' lacks '\(message)'", sourceLocation: sourceLocation)
    return d
  }

  /// `line:col` of a diagnostic.
  static func location(_ d: Diagnostic?, in source: String) -> String {
    guard let d else { return "-" }
    return compile(source).file.location(of: d.span.start).description
  }

  /// A one-table scenario around a calendar expression.
  static func cal(_ body: String) -> String {
    "scenario cal\nnow 2024-06-30T00:00:00\nparam n_days = 30\ntable t [3] {\n  at = \(body)\n}\n"
  }

  // MARK: - calendar: lowering

  @Test func calendarLowersToItsConstantModel() throws {
    let p = try Self.program(
      Self.cal(
        """
        calendar {
            within now - days(n_days) .. now
            hours { 8..11 70%, 0..7 10%, 12..23 20% }
            weekend_hours { 10..13 1 }
            weekdays { 1..5 1, 6..7 0.7 }
            trend 0.5
            step 15m
          }
        """))
    let s = try Self.slot(p, "t", "at")
    #expect(s.type == .datetime)
    guard case .calendar(let c, _) = s.expr.kind else {
      Issue.record("not a calendar: \(s.expr.kind)")
      return
    }
    let now: Int64 = 1_719_705_600  // 2024-06-30T00:00:00Z
    #expect(c.start == now - 30 * 86_400)
    #expect(c.end == now)
    for h in 0..<24 {
      let expected = h < 8 ? 0.1 / 8 : h < 12 ? 0.7 / 4 : 0.2 / 12
      #expect(abs(c.hourWeights[h] - expected) < 1e-15, "hour \(h): \(c.hourWeights[h])")
    }
    let weekend = try #require(c.weekendHourWeights)
    #expect(weekend == (0..<24).map { (10...13).contains($0) ? 0.25 : 0 })
    #expect(c.weekdayWeights == [1, 1, 1, 1, 1, 0.7, 0.7])
    #expect(c.trend == 0.5)
    #expect(c.step == 900)
  }

  @Test func calendarDefaults() throws {
    let p = try Self.program(Self.cal("calendar { within 2024-01-01 .. 2024-01-02T12:00 }"))
    guard case .calendar(let c, _) = try Self.slot(p, "t", "at").expr.kind else {
      Issue.record("not a calendar")
      return
    }
    #expect(c.start == 19_723 * 86_400, "a date window bound is its midnight")
    #expect(c.end == 19_724 * 86_400 + 12 * 3600)
    #expect(c.hourWeights == [Double](repeating: 1, count: 24))
    #expect(c.weekendHourWeights == nil)
    #expect(c.weekdayWeights == [Double](repeating: 1, count: 7))
    #expect(c.trend == 0)
    #expect(c.step == 1)
  }

  @Test func unlistedUnitsWeighZero() throws {
    let p = try Self.program(Self.cal("calendar { within now - 30d .. now, hours { 9 2 }, weekdays { 3 5 } }"))
    guard case .calendar(let c, _) = try Self.slot(p, "t", "at").expr.kind else {
      Issue.record("not a calendar")
      return
    }
    #expect(c.hourWeights == (0..<24).map { $0 == 9 ? 2 : 0 })
    #expect(c.weekdayWeights == [0, 0, 5, 0, 0, 0, 0], "a weekday entry gives each listed day its weight")
  }

  @Test func calendarWorksOnDerivedColumnsAndIsNotFolded() throws {
    let p = try Self.program(
      """
      scenario derived
      now 2024-06-30T00:00:00
      table t [3] {
        at = calendar { within now - 7d .. now, step 1h }
        day = date(at)
        weekend = weekday(at) >= 6
        hour = hour(at)
      }
      """)
    #expect(try Self.slot(p, "t", "at").expr.constantValue == nil)
    #expect(try Self.slot(p, "t", "day").type == .date)
    #expect(try Self.slot(p, "t", "hour").type == .int)
  }

  // MARK: - calendar: diagnostics

  @Test func missingWithin() {
    let d = Self.single(Self.cal("calendar { hours { 8..11 70% } }"), .expectedToken, "a calendar needs a window")
    #expect(d?.primary.message == "no 'within' item")
    #expect(d?.help?.contains("within") == true)
  }

  @Test func repeatedItems() {
    let source = Self.cal("calendar { within now - 1d .. now, step 1m, within now - 2d .. now }")
    let d = Self.single(source, .duplicateDefinition, "'within' is given twice in this calendar")
    #expect(Self.location(d, in: source) == "5:52", "reported at the second 'within'")
    for item in ["hours { 1 1 }", "weekend_hours { 1 1 }", "weekdays { 1 1 }", "trend 1", "step 1m"] {
      let word = String(item.prefix { $0 != " " })
      Self.single(
        Self.cal("calendar { within now - 1d .. now, \(item), \(item) }"), .duplicateDefinition,
        "'\(word)' is given twice")
    }
  }

  @Test(arguments: [
    ("hours { 24 1 }", "hour 24 is outside 0..23"),
    ("hours { 20..24 1 }", "hour 24 is outside 0..23"),
    ("hours { -1..3 1 }", "hour -1 is outside 0..23"),
    ("weekend_hours { 0..25 1 }", "hour 25 is outside 0..23"),
    ("weekdays { 0 1 }", "weekday 0 is outside 1..7"),
    ("weekdays { 6..8 1 }", "weekday 8 is outside 1..7"),
  ])
  func unitsOutOfRange(_ item: String, _ message: String) {
    let d = Self.single(Self.cal("calendar { within now - 1d .. now, \(item) }"), .invalidRange, message)
    #expect(d?.primary.message.contains(message.contains("hour") ? "0..23" : "Monday") == true)
  }

  @Test func emptyUnitRangeAndUnitsListedTwice() {
    Self.single(Self.cal("calendar { within now - 1d .. now, hours { 5..3 1 } }"), .invalidRange, "5 is after 3")
    Self.single(
      Self.cal("calendar { within now - 1d .. now, hours { 1 1, 0..2 1 } }"), .duplicateDefinition,
      "hour 1 is listed twice")
    Self.single(
      Self.cal("calendar { within now - 1d .. now, weekdays { 1..5 1, 5..7 1 } }"), .duplicateDefinition,
      "weekday 5 is listed twice")
  }

  @Test func unitsAndWeightsMustBeConstantNumbers() {
    Self.single(
      Self.cal("calendar { within now - 1d .. now, hours { 1.5 1 } }"), .argumentTypeMismatch,
      "a calendar hour must be a constant integer")
    Self.single(
      Self.cal("calendar { within now - 1d .. now, hours { 1 (-1) } }"), .invalidWeights,
      "a calendar weight must be finite and not negative")
    #expect(!Self.errors(Self.cal("calendar { within now - 1d .. now, hours { 1 \"x\" } }")).isEmpty)
    #expect(!Self.errors(Self.cal("calendar { within now - 1d .. now, hours { 1 uniform(0, 1) } }")).isEmpty)
  }

  @Test func nonConstantWindows() {
    // A random bound.
    Self.single(
      Self.cal("calendar { within now - uniform(0, 1) * 1d .. now }"), .misplacedConstruct,
      "random draws are not allowed here")
    // A column of the row: not visible to a constant window.
    let column = """
      scenario cal
      now 2024-06-30T00:00:00
      table t [3] {
        created = now - 3d
        at = calendar { within created .. now }
      }
      """
    Self.single(column, .unknownName, "unknown name 'created'")
    // Not a date.
    let numbers = Self.errors(Self.cal("calendar { within 1 .. 2 }"))
    #expect(numbers.count == 2, "\(numbers.map(\.message))")
    #expect(numbers.allSatisfy { $0.code == .argumentTypeMismatch && $0.message.contains("constant dates or date-times") })
    // Parameters and 'now' are constants.
    #expect(Self.errors(Self.cal("calendar { within now - days(n_days) .. now }")).isEmpty)
  }

  @Test(arguments: [
    ("calendar { within now .. now }", "the window is empty"),
    ("calendar { within now .. now - 1d }", "the window is empty"),
    ("calendar { within now - 1d .. now, step 7s }", "the step must divide an hour"),
    ("calendar { within now - 1d .. now, step 2h }", "the step must divide an hour"),
    ("calendar { within now - 1d .. now, trend -1.5 }", "the trend must be at least -1"),
    ("calendar { within now - 1d .. now, weekdays { 1..7 0 } }", "every weekday has weight 0"),
    ("calendar { within now - 1d .. now, hours { 0..23 0 } }", "every hour has weight 0"),
    ("calendar { within now - 1d .. now, weekend_hours { 3 0 } }", "every weekend hour has weight 0"),
    // 2024-06-29 is a Saturday: a one-day window with only weekdays weighted has no volume.
    ("calendar { within 2024-06-29 .. 2024-06-30, weekdays { 1..5 1 } }", "no hour of the window has a positive weight"),
  ])
  func invalidModels(_ body: String, _ message: String) {
    let d = Self.single(Self.cal(body), .invalidWeights, "invalid calendar: " + message)
    #expect(d?.primary.message == "this calendar")
  }

  @Test func trendMinusOneIsValid() {
    #expect(Self.errors(Self.cal("calendar { within now - 30d .. now, trend -1 }")).isEmpty)
  }

  @Test func stepMustBeAConstantDuration() {
    Self.single(
      Self.cal("calendar { within now - 1d .. now, step 5 }"), .argumentTypeMismatch,
      "the step of a calendar must be a constant duration")
  }

  @Test func calendarsAreRandomDrawsAndNotAllowedInConstants() {
    Self.single(
      "scenario c\nlet w = calendar { within 2024-01-01 .. 2024-02-01 }\ntable t [1] { x = 1 }\n",
      .misplacedConstruct, "random draws are not allowed here")
    Self.single(
      "scenario c\ntable p [3] { v = row }\ntable t [1] { x = pick p where calendar { within 2024-01-01 .. 2024-02-01 } > 2024-01-10 }\n",
      .misplacedConstruct, "random draws are not allowed here")
  }

  // MARK: - Aggregates: types

  static let aggregateSource = """
    scenario agg
    now 2024-06-30T00:00:00
    table tutors [10] {
      key tutor_id
      tutor_id = "T" ++ pad(row + 1, 3)
    }
    table sessions [100] {
      tutor = pick tutors
      backup = bernoulli(0.5) ? pick tutors : null
      rating = uniform_int(1, 5)
      score = bernoulli(0.9) ? normal(3, 1) : null
      at = calendar { within now - 30d .. now, step 1m }
      length = minutes(uniform_int(10, 90))
      completed = bernoulli(0.8)
      let secret = uniform(0, 1)
    }
    table reviews [uniform_int(0, 3) per t in tutors] {
      stars = uniform_int(1, 5)
    }
    table stats [each t in tutors] {
      tutor = t
      n = count() over sessions.tutor
      n3 = count() over sessions.tutor at least 3
      n_score = count(score) over sessions.tutor
      sum_int = sum(rating) over sessions.tutor
      sum_float = sum(score) over sessions.tutor
      sum_least = sum(rating) over sessions.tutor at least 2
      mean_rating = mean(rating) over sessions.tutor where completed
      min_at = min(at) over sessions.tutor
      max_length = max(length) over sessions.tutor
      max_rating = max(rating) over sessions.tutor
      done = rate(completed) over sessions.tutor
      part = share(secret) over sessions.tutor where secret > 0.5
      as_backup = count() over sessions.backup
      stars = mean(stars) over reviews
      n_reviews = count() over reviews
    }
    """

  @Test(arguments: [
    ("n", ValueType.int),
    ("n3", ValueType(.int, nullable: true)),
    ("n_score", ValueType.int),
    ("sum_int", ValueType.int),
    ("sum_float", ValueType.float),
    ("sum_least", ValueType(.int, nullable: true)),
    ("mean_rating", ValueType(.float, nullable: true)),
    ("min_at", ValueType(.datetime, nullable: true)),
    ("max_length", ValueType(.duration, nullable: true)),
    ("max_rating", ValueType(.int, nullable: true)),
    ("done", ValueType(.float, nullable: true)),
    ("part", ValueType(.float, nullable: true)),
    ("as_backup", ValueType.int),
    ("stars", ValueType(.float, nullable: true)),
    ("n_reviews", ValueType.int),
  ])
  func aggregateResultTypes(_ column: String, _ type: ValueType) throws {
    let p = try Self.program(Self.aggregateSource)
    #expect(try Self.slot(p, "stats", column).type == type)
  }

  @Test func aggregatesAreRegisteredWithTheirProbes() throws {
    let p = try Self.program(Self.aggregateSource)
    #expect(p.aggregates.count == 15)
    let sessions = try #require(p.tableIndex("sessions"))
    let tutors = try #require(p.tableIndex("tutors"))
    let reviews = try #require(p.tableIndex("reviews"))
    let stats = try #require(p.tableIndex("stats"))
    for a in p.aggregates {
      #expect(a.parent == tutors)
      #expect([sessions, reviews].contains(a.source))
      #expect(a.linkProbe < p.tables[a.source].probes.count)
      if let f = a.filterProbe { #expect(p.tables[a.source].probes[f].type.kind == .bool) }
    }
    #expect(p.aggregates.map(\.atLeast).filter { $0 > 0 }.sorted() == [2, 3])
    #expect(Set(p.aggregates.map(\.function)) == Set(RowAggregate.allCases))
    // The aggregating table comes after the aggregated ones.
    let order = p.generationOrder
    let position = { (t: Int) in order.firstIndex(of: t) ?? -1 }
    #expect(position(stats) > position(sessions))
    #expect(position(stats) > position(reviews))
  }

  @Test func aggregatesAreAllowedInChildCountsAndFilters() throws {
    let p = try Self.program(
      """
      scenario counts
      table tutors [5] { id = row }
      table sessions [30] { tutor = pick tutors }
      table busy [each t in tutors where (count() over sessions) >= 6] { tutor = t }
      table slots [(count() over sessions) per t in tutors] { tutor = t }
      """)
    let sessions = try #require(p.tableIndex("sessions"))
    for name in ["busy", "slots"] {
      let t = try #require(p.tableIndex(name))
      #expect(p.generationOrder.firstIndex(of: t)! > p.generationOrder.firstIndex(of: sessions)!, "\(name)")
    }
  }

  @Test func filtersSeeHiddenColumnsAndTheSourceParent() throws {
    _ = try Self.program(
      """
      scenario hidden
      table schools [2] { name = "S" ++ row }
      table tutors [each s in schools] { senior = bernoulli(0.5) }
      table sessions [40] {
        tutor = pick tutors
        let minutes = uniform_int(10, 90)
      }
      table stats [each t in tutors] {
        long = count() over sessions where minutes > 60
        share_long = share(minutes) over sessions where minutes > 60 and row % 2 == 0
      }
      table per_school [each s in schools] {
        tutors = count() over tutors
        seniors = count() over tutors where senior and s.name != ""
      }
      """)
  }

  // MARK: - Aggregates: diagnostics

  static func agg(_ column: String, table: String = "table stats [each t in tutors] {") -> String {
    """
    scenario aggerr
    table tutors [5] {
      key tutor_id
      tutor_id = row
    }
    table other [5] { v = row }
    table sessions [30] {
      tutor = pick tutors
      backup = pick tutors
      rating = uniform_int(1, 5)
      label = "x"
      done = bernoulli(0.5)
    }
    \(table)
      \(column)
    }
    """
  }

  @Test func aggregateOutsideATableWithAParent() {
    let d = Self.single(
      Self.agg("n = count() over sessions.tutor", table: "table lonely [5] {"), .misplacedConstruct,
      "'count(...) over sessions' needs a row of a parent table to aggregate for")
    #expect(d?.help?.contains("[each t in tutors]") == true)
    Self.single(
      "scenario x\ntable p [3] { v = row }\ntable s [9] { r = pick p }\nlet n = count() over s\ntable t [1] { v = 1 }\n",
      .misplacedConstruct, "needs a row of a parent table")
  }

  @Test func aggregateOverAnUnknownTable() {
    let d = Self.single(Self.agg("n = count() over sesions"), .unknownTable, "unknown table 'sesions'")
    #expect(d?.help?.contains("sessions") == true, "\(d?.help ?? "no help")")
  }

  @Test func aggregateWithoutALinkingColumn() {
    let d = Self.single(Self.agg("n = count() over other"), .notAReference, "no column of 'other' refers to 'tutors'")
    #expect(d?.help?.contains("pick tutors") == true)
  }

  @Test func aggregateWithAnAmbiguousLink() {
    let d = Self.single(
      Self.agg("n = count() over sessions"), .misplacedConstruct, "several columns of 'sessions' refer to 'tutors'")
    #expect(d?.help?.contains("'tutor', 'backup'") == true, "\(d?.help ?? "no help")")
    // Naming the column resolves it, for either column.
    #expect(Self.errors(Self.agg("n = count() over sessions.backup")).isEmpty)
    #expect(Self.errors(Self.agg("n = count() over sessions.tutor")).isEmpty)
  }

  @Test func aggregateWithABadLinkColumn() {
    Self.single(Self.agg("n = count() over sessions.nosuch"), .unknownField, "table 'sessions' has no column 'nosuch'")
    Self.single(Self.agg("n = count() over sessions.rating"), .notAReference, "'rating' does not refer to 'tutors'")
  }

  @Test(arguments: [
    ("n = mean(label) over sessions.tutor", "the argument of 'mean ... over' must be a number, found 'text'"),
    ("n = share(done) over sessions.tutor", "the argument of 'share ... over' must be a number, found 'bool'"),
    ("n = sum(done) over sessions.tutor", "the argument of 'sum ... over' must be a number, found 'bool'"),
    ("n = rate(rating) over sessions.tutor", "the argument of 'rate ... over' must be a condition (a bool), found 'int'"),
    ("n = min(label) over sessions.tutor", "must be a number, date, date-time or duration, found 'text'"),
    ("n = max(done) over sessions.tutor", "must be a number, date, date-time or duration, found 'bool'"),
  ])
  func aggregateArgumentTypes(_ column: String, _ message: String) {
    Self.single(Self.agg(column), .argumentTypeMismatch, message)
  }

  @Test func aggregateArgumentCounts() {
    Self.single(Self.agg("n = mean(rating, rating) over sessions.tutor"), .wrongArgumentCount, "takes 1 argument, found 2")
    Self.single(Self.agg("n = mean() over sessions.tutor"), .wrongArgumentCount, "takes 1 argument, found 0")
    Self.single(Self.agg("n = count(rating, rating) over sessions.tutor"), .wrongArgumentCount, "takes 0 or 1 argument, found 2")
  }

  @Test func aggregateFiltersAndAtLeast() {
    Self.single(Self.agg("n = count() over sessions.tutor where rating"), .conditionNotBool, "the filter of 'count'")
    Self.single(
      Self.agg("n = count() over sessions.tutor where uniform(0, 1) > 0.5"), .misplacedConstruct,
      "random draws are not allowed here")
    Self.single(
      Self.agg("n = count() over sessions.tutor at least -1"), .argumentTypeMismatch,
      "'at least' needs a constant integer that is not negative")
    Self.single(
      Self.agg("n = count() over sessions.tutor at least 1.5"), .argumentTypeMismatch,
      "'at least' needs a constant integer")
    // The filter sees the aggregated table's columns first, then the aggregating row's (a
    // correlated aggregate, computed per row).
    #expect(Self.errors(Self.agg("n = count() over sessions.tutor where t.tutor_id > 2")).isEmpty)
    #expect(Self.errors(Self.agg("n = count() over sessions.tutor at least 0")).isEmpty)
  }

  @Test func aggregateOverItself() {
    Self.single(Self.agg("n = count() over stats"), .selfReference, "table 'stats' cannot aggregate its own rows")
  }

  /// A child table that also writes its parent variable as a column (`tutor = t`, the pattern
  /// the language reference uses for children) has two links to the parent, both the same row.
  /// KNOWN ISSUE: the checker reports "several columns ... refer to 'tutors'" and its help lists
  /// a single column; `over reviews.tutor` is the workaround.
  @Test func aChildTableWithItsParentAsAColumn() {
    let source = """
      scenario childcol
      table tutors [5] { id = row }
      table reviews [uniform_int(0, 3) per t in tutors] {
        tutor = t
        stars = uniform_int(1, 5)
      }
      table stats [each t in tutors] {
        n = count() over reviews
        linked = count() over reviews.tutor
      }
      """
    let errs = Self.errors(source)
    #expect(errs.allSatisfy { $0.primary.span != .none })
    #expect(errs.isEmpty, "\(errs.map { "\($0.message) / \($0.help ?? "")" })")
  }

  // MARK: - Shared outputs

  @Test func intoNamingAnExistingTable() {
    let source = "scenario u\ntable a [2] into b { x = 1 }\ntable b [2] { x = 1 }\n"
    let d = Self.single(source, .duplicateDefinition, "'b' is a table; 'into' needs the name of a shared output")
    #expect(Self.location(d, in: source) == "2:18")
    Self.single("scenario u\ntable a [2] into a { x = 1 }\n", .duplicateDefinition, "'a' is a table")
  }

  @Test(arguments: [
    ("x = 1\n y = 2", "y = 1\n x = 2"),  // order
    ("x = 1", "x = \"s\""),  // type
    ("x = 1", "x = 1.5"),  // int vs float
    ("x = 1", "x = 1\n y = 2"),  // count
    ("x = 1", "z = 1"),  // name
    ("x = 1\n let y = 2", "x = 1\n y = 2"),  // a hidden column is not written
    ("x: float(1) = 1.25", "x: float(3) = 2.5"),  // precision
  ])
  func mismatchedPartColumns(_ first: String, _ second: String) throws {
    let source = "scenario u\ntable a [2] into out {\n \(first)\n}\ntable b [2] into out {\n \(second)\n}\n"
    let d = Self.single(source, .annotationMismatch, "table 'b' is written into 'out' but its columns differ from those of 'a'")
    #expect(d?.secondary.first?.message == "the first part of 'out'")
    #expect(d?.notes.count == 2)
    #expect(d?.notes.first?.hasPrefix("'a': ") == true)
  }

  @Test func matchingPartsCompileIntoAUnion() throws {
    let p = try Self.program(
      """
      scenario u
      table users [4] { id = row }
      table a [2] into out {
        x = 1
        let hidden = "only here"
        y = "a"
      }
      table c [each u in users] into other { v = u.id }
      table b [3] into out {
        x = bernoulli(0.5) ? 2 : null
        y = "b"
      }
      """)
    let a = try #require(p.tableIndex("a"))
    let b = try #require(p.tableIndex("b"))
    let c = try #require(p.tableIndex("c"))
    #expect(p.tables[a].union == UnionPart(output: "out", parts: [a, b], index: 0))
    #expect(p.tables[b].union == UnionPart(output: "out", parts: [a, b], index: 1))
    #expect(p.tables[c].union == UnionPart(output: "other", parts: [c], index: 0))
    #expect(p.tables[p.tableIndex("users")!].union == nil)
    #expect(p.generationOrder.firstIndex(of: a)! < p.generationOrder.firstIndex(of: b)!)
  }

  @Test func theFirstPartWaitsForWhatAnyPartReads() throws {
    // 'a' reads nothing, but 'b' reads 'users', declared last: the output's row count must be
    // known before its first row is written, so 'users' is generated before 'a'.
    let p = try Self.program(
      """
      scenario u
      table a [2] into out { v = 0 }
      table b [each u in users] into out { v = u.id }
      table users [3] { id = row }
      """)
    let order = p.generationOrder.map { p.tables[$0].name }
    let index = { (name: String) in order.firstIndex(of: name) ?? -1 }
    #expect(index("users") < index("a"), "\(order)")
    #expect(index("a") < index("b"), "\(order)")
  }

  @Test func aPartCanReadEarlierPartsOnly() throws {
    // 'h' reads 'g', declared before it: allowed, 'g' is complete when 'h' starts.
    let p = try Self.program(
      "scenario u\ntable g [2] into out { x = 1 }\ntable h [each e in g] into out { x = e.x + 1\n let z = pick g }\n")
    let order = p.generationOrder.map { p.tables[$0].name }
    #expect(order == ["g", "h"])
    // 'g' reading 'h', declared after it, is a cycle in the output's order.
    let source = "scenario u\ntable g [2] into out { x = 1\n let z = pick h }\ntable h [2] into out { x = 2 }\n"
    let d = Self.single(source, .dependencyCycle, "table 'g' reads 'h', a later part of 'out'")
    #expect(d?.primary.message == "a part can read only the parts declared before it")
  }

  @Test func partsMustDeclareTheSameKeys() {
    Self.single(
      "scenario u\ntable i [2] into out { key x\n x = row }\ntable j [2] into out { x = row }\n", .annotationMismatch,
      "the parts of 'out' declare different keys")
    #expect(
      Self.errors("scenario u\ntable i [2] into out { key x\n x = row }\ntable j [2] into out { key x\n x = row + 2 }\n")
        .isEmpty)
  }

  /// A part whose column already failed to check has the type `.error`, which is meant to
  /// silence follow-on errors. KNOWN ISSUE: the part comparison still reports E0407.
  @Test func aBrokenPartColumnReportsOneError() {
    for source in [
      "scenario u\ntable a [2] into out { x = nosuch }\ntable b [2] into out { x = 1 }\n",
      "scenario u\ntable a [2] into out { x = 1 }\ntable b [2] into out { x = nosuch + 1 }\n",
    ] {
      let errs = Self.errors(source)
      #expect(errs.first?.code == .unknownColumn || errs.contains { $0.code == .unknownColumn })
      #expect(errs.map(\.code) == [.unknownColumn], "\(errs.map { "\($0.code.rawValue) \($0.message)" })")
    }
  }

  // MARK: - Month built-ins

  /// Each case: an expression and the literal it must fold to.
  static let monthCases: [(String, String)] = [
    // add_months keeps the day of month, or clamps to the month's last day.
    ("add_months(2024-01-31, 1)", "2024-02-29"),
    ("add_months(2023-01-31, 1)", "2023-02-28"),
    ("add_months(2024-01-31, 2)", "2024-03-31"),
    ("add_months(2024-01-31, 3)", "2024-04-30"),
    ("add_months(2024-03-31, -1)", "2024-02-29"),
    ("add_months(2023-03-31, -1)", "2023-02-28"),
    ("add_months(2024-02-29, 12)", "2025-02-28"),
    ("add_months(2024-02-29, -12)", "2023-02-28"),
    ("add_months(2024-02-29, 48)", "2028-02-29"),
    ("add_months(2024-02-29, -48)", "2020-02-29"),
    ("add_months(1900-01-31, 1)", "1900-02-28"),
    ("add_months(2000-01-31, 1)", "2000-02-29"),
    ("add_months(2024-12-31, 2)", "2025-02-28"),
    ("add_months(2024-12-15, 1)", "2025-01-15"),
    ("add_months(2024-01-15, -1)", "2023-12-15"),
    ("add_months(2024-01-15, -13)", "2022-12-15"),
    ("add_months(2024-01-15, -24)", "2022-01-15"),
    ("add_months(2024-05-31, 0)", "2024-05-31"),
    ("add_months(1970-01-31, -1)", "1969-12-31"),
    ("add_months(1969-12-31, 2)", "1970-02-28"),
    ("add_months(2024-05-17, 1200)", "2124-05-17"),
    // Date-times keep their time of day.
    ("add_months(2024-01-31T13:45:10, 1)", "2024-02-29T13:45:10"),
    ("add_months(2024-03-31T23:59:59, -1)", "2024-02-29T23:59:59"),
    ("add_months(2023-12-31T00:00:01, 2)", "2024-02-29T00:00:01"),
    // Month lengths.
    ("days_in_month(2023-02-01)", "28"),
    ("days_in_month(2024-02-10)", "29"),
    ("days_in_month(1900-02-01)", "28"),
    ("days_in_month(2000-02-01)", "29"),
    ("days_in_month(2100-02-01)", "28"),
    ("days_in_month(2024-04-30)", "30"),
    ("days_in_month(2024-12-31T23:59:59)", "31"),
    ("days_in_month(1969-12-01)", "31"),
    // Day of year.
    ("day_of_year(2024-01-01)", "1"),
    ("day_of_year(2024-12-31)", "366"),
    ("day_of_year(2023-12-31)", "365"),
    ("day_of_year(2024-12-31T23:59:59)", "366"),
    ("day_of_year(2024-03-01)", "61"),
    ("day_of_year(2023-03-01)", "60"),
    ("day_of_year(2000-12-31)", "366"),
    ("day_of_year(1900-12-31)", "365"),
    ("day_of_year(1969-12-31)", "365"),
    // Start of month: always a date.
    ("start_of_month(2024-02-29)", "2024-02-01"),
    ("start_of_month(2024-02-29T12:30:00)", "2024-02-01"),
    ("start_of_month(2024-01-01)", "2024-01-01"),
    ("start_of_month(1969-12-31T23:59:59)", "1969-12-01"),
    // Combinations: the last day of next month.
    ("add_months(start_of_month(2024-01-20), 2) - 1d", "2024-02-29T00:00:00"),
  ]

  @Test(arguments: monthCases)
  func monthBuiltins(_ expression: String, _ literal: String) throws {
    let p = try Self.program("scenario m\ntable t [1] {\n  got = \(expression)\n  want = \(literal)\n}\n")
    let got = try Self.slot(p, "t", "got")
    let want = try Self.slot(p, "t", "want")
    #expect(got.type == want.type, "\(got.type) vs \(want.type)")
    let g = try #require(got.expr.constantValue, "not folded")
    #expect(g == want.expr.constantValue)
  }

  @Test func monthBuiltinTypes() throws {
    let p = try Self.program(
      """
      scenario m
      now 2024-06-30T10:00:00
      table t [1] {
        d = date(calendar { within now - 30d .. now })
        a = add_months(d, 1)
        b = add_months(now - 1h, -1)
        c = days_in_month(d)
        e = day_of_year(now)
        f = start_of_month(now)
        g = add_months(bernoulli(0.5) ? d : null, 1)
      }
      """)
    #expect(try Self.slot(p, "t", "a").type == .date)
    #expect(try Self.slot(p, "t", "b").type == .datetime)
    #expect(try Self.slot(p, "t", "c").type == .int)
    #expect(try Self.slot(p, "t", "e").type == .int)
    #expect(try Self.slot(p, "t", "f").type == .date)
    #expect(try Self.slot(p, "t", "g").type == ValueType(.date, nullable: true))
  }

  @Test func monthBuiltinErrors() {
    func one(_ e: String, _ code: DiagnosticCode, _ message: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
      Self.single("scenario m\ntable t [1] {\n  x = \(e)\n}\n", code, message, sourceLocation: sourceLocation)
    }
    one("add_months(2024-01-01, 1.5)", .argumentTypeMismatch, "argument 2 of 'add_months' must be an integer, found 'float'")
    one("add_months(2024-01-01)", .wrongArgumentCount, "'add_months' takes 2 arguments, found 1")
    one("add_months(\"2024-01-01\", 1)", .argumentTypeMismatch, "argument 1 of 'add_months' must be a date or date-time")
    one("days_in_month(3)", .argumentTypeMismatch, "argument 1 of 'days_in_month' must be a date or date-time, found 'int'")
    one("day_of_year(1d)", .argumentTypeMismatch, "argument 1 of 'day_of_year' must be a date or date-time")
    one("start_of_month(2024-01-01, 2)", .wrongArgumentCount, "'start_of_month' takes 1 argument")
    one("add_months(2024-01-01, 9223372036854775807)", .invalidConstant, "the date is out of range")
    one("add_months(2024-01-01, -9223372036854775807)", .invalidConstant, "the date is out of range")
    one("add_months(2024-01-01, 100000000)", .invalidConstant, "the date is out of range")
  }
}
