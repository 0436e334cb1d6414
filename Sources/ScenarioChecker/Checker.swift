import ScenarioAST
import ScenarioDiagnostics
import ScenarioIR
import ScenarioTimeZones

/// Options that change a scenario's parameters before checking.
public struct CheckOptions: Sendable {
  /// A `mode` to apply (its assignments override parameter defaults).
  public var mode: String?
  /// `--set NAME=VALUE` overrides, applied after the mode, as source text.
  public var overrides: [(name: String, value: String)]
  /// Replaces the scenario's `seed`.
  public var seed: UInt64?
  /// Replaces the scenario's `now` (seconds since the epoch).
  public var now: Int64?
  /// The run's budgets (`--max-text-bytes`, `--max-rows`); constants are folded under them too.
  public var limits: RunLimits
  /// The rows of source tables, by table name, read by the caller (ScenarioKit's
  /// `SourceLoader`). A source table without rows here is checked with no rows and marked
  /// unread (`Program.unreadSources`).
  public var sources: [String: SourceRows] = [:]

  public init(
    mode: String? = nil, overrides: [(name: String, value: String)] = [], seed: UInt64? = nil,
    now: Int64? = nil, limits: RunLimits = RunLimits()
  ) {
    self.mode = mode
    self.overrides = overrides
    self.seed = seed
    self.now = now
    self.limits = limits
  }
}

/// Turns an AST into a `Program`: resolves names, infers and checks types, substitutes
/// parameters, folds constants, orders columns and tables by their dependencies, and numbers
/// random draw sites. Reports every error it can; returns nil only when errors were reported.
public struct Checker {
  let source: SourceFile
  /// The files spans point into, by id: `source` and the files it includes.
  var files: [Int: SourceFile] = [:]
  let options: CheckOptions
  var diagnostics = DiagnosticBag()

  var scenarioName = "scenario"
  var seed: UInt64 = 0
  var now: Int64 = 0
  /// Global constants (parameters and top-level `let`s), by name.
  var globals: [String: GlobalValue] = [:]
  var globalOrder: [String] = []
  var globalSpans: [String: SourceSpan] = [:]
  var pendingLets: [String: (Name, TypeAnnotation?, Expr)] = [:]
  var letsInProgress: [String] = []
  var pendingPersonaDecls: [Int: [PersonaDecl]] = [:]
  /// Where each parameter's final value came from (default, mode or `--set`), for messages.
  var parameterValueSpans: [String: SourceSpan] = [:]
  /// Greater than zero while checking a branch that a constant condition never takes: errors
  /// that only matter when the code runs (division by a constant zero) are not reported there.
  var deadCodeDepth = 0
  /// How many more "did you mean" suggestions this compilation computes.
  var suggestionBudget = 100
  var deadCode: Bool { deadCodeDepth > 0 }
  var parameterNames: [String] = []
  var tables: [TableState] = []
  var tableIndex: [String: Int] = [:]
  /// Slots being checked right now, for cycle detection: (table, slot).
  var inProgress: [(table: Int, slot: Int)] = []
  /// Tables being ordered right now.
  var tableDependencies: [Set<Int>] = []
  var expectations: [ExpectationIR] = []
  /// Aggregates over other tables' rows, in the order they were checked.
  var aggregates: [AggregateIR] = []
  /// Reads of other tables' rows, for the order of self-summarising tables' two passes.
  var crossReads: [CrossRead] = []
  /// Tables that summarise their own rows: the tables they summarise, and the aggregates that do.
  var summarySources: [Int: Set<Int>] = [:]
  var selfSummaryAggregates: Set<Int> = []
  /// Correlated aggregates numbered so far (`CorrelatedAggregate.id`).
  var correlatedCount = 0
  /// Whether a pack function is called: the program then records the packs' version.
  var usesPacks = false
  /// Whether a time zone is used: the program then records the tz data's version.
  var usesTimeZones = false
  /// `timezone "NAME"`: the scenario's zone and where it is declared.
  var scenarioZone: (zone: ZoneRules, span: SourceSpan)? = nil

  init(source: SourceFile, options: CheckOptions) {
    self.source = source
    self.options = options
  }

  /// Checks a parsed file.
  public static func check(
    _ file: ScenarioFile, source: SourceFile, included: [SourceFile] = [], options: CheckOptions = CheckOptions(),
    diagnostics: inout DiagnosticBag
  ) -> Program? {
    var checker = Checker(source: source, options: options)
    for f in [source] + included { checker.files[f.id] = f }
    let program = checker.run(file)
    diagnostics.merge(checker.diagnostics)
    return diagnostics.hasErrors ? nil : program
  }

  mutating func run(_ file: ScenarioFile) -> Program? {
    checkHeader(file)
    checkTimezone(file)
    checkGlobals(file)
    registerTables(file)
    for t in tables.indices { checkTable(t) }
    checkExpectations(file)
    let unions = checkUnions()
    guard !diagnostics.hasErrors else { return nil }
    let (order, summaries) = tableOrder()
    guard !diagnostics.hasErrors else { return nil }
    guard var program = buildProgram(order: order) else { return nil }
    for (t, summary) in summaries { program.tables[t].summary = summary }
    warnUnstableGrowth(program)
    program.limits = options.limits
    for (t, part) in unions { program.tables[t].union = part }
    return program
  }
}

extension Checker {
  /// The file `span` points into (the scenario's own file, or a file it includes).
  func file(of span: SourceSpan) -> SourceFile { files[span.file] ?? source }
}

/// A global constant: a parameter or a top-level `let`.
struct GlobalValue {
  var value: Value
  var type: ValueType
  var span: SourceSpan
  var isParameter: Bool
}
