/// The stable catalog of diagnostic codes. A code is never reused or renumbered; new codes go at
/// the end of their range. Ranges: E01xx lexer, E02xx parser, E03xx names, E04xx types,
/// E05xx constants and parameters, E06xx structure, R07xx run time, W08xx warnings.
/// Every code has an entry in `Docs/Diagnostics.md` and a fixture in `Tests/Golden/errors/`.
public enum DiagnosticCode: String, Sendable, Equatable, CaseIterable {
  // MARK: - Lexer
  /// A byte that starts no token: `x = 3 $ 4`.
  case unexpectedCharacter = "E0101"
  /// A string literal without its closing quote: `name = "abc`.
  case unterminatedString = "E0102"
  /// An unknown escape in a string: `"a\q"`.
  case invalidEscape = "E0103"
  /// A malformed number: `1e`, `3x`, `99999999999999999999`.
  case invalidNumber = "E0104"
  /// A malformed date or date-time literal: `2024-13-01`.
  case invalidDateTime = "E0105"
  /// Bytes that are not valid UTF-8 inside a string or comment.
  case invalidUTF8 = "E0106"

  // MARK: - Parser
  /// An expression was expected: `x = * 3`.
  case expectedExpression = "E0201"
  /// A specific token was expected: `table t [3 {`.
  case expectedToken = "E0202"
  /// Something that is not a declaration at the top level: `42`.
  case expectedDeclaration = "E0203"
  /// A `{`, `(` or `[` that is never closed.
  case unclosedDelimiter = "E0204"
  /// Expressions or blocks nested deeper than the parser allows.
  case nestingTooDeep = "E0205"
  /// Something that is not a column, persona or other table item inside a table body.
  case expectedTableItem = "E0206"
  /// A flat operator chain longer than the parser allows: `1 + 1 + ...` with 201 terms.
  case chainTooLong = "E0207"

  // MARK: - Names
  /// A name in a table body that is not a column of that table: `y = z + 1`.
  case unknownColumn = "E0301"
  /// A name that is neither a column, a `let`, nor a parameter.
  case unknownName = "E0302"
  /// A table name that is not declared: `t = pick tutorz`.
  case unknownTable = "E0303"
  /// Two declarations with the same name in one scope.
  case duplicateDefinition = "E0304"
  /// A call of a function that does not exist: `x = unifrom(1, 2)`.
  case unknownFunction = "E0305"
  /// A persona override or comparison naming an undeclared persona.
  case unknownPersona = "E0306"
  /// A `mode` block or `--mode` naming an undeclared mode, or a mode that sets an unknown parameter.
  case unknownMode = "E0307"
  /// A field read through a reference that the referenced table does not define: `t.nme`.
  case unknownField = "E0308"

  // MARK: - Types
  /// Operands of an operator have types it does not accept: `"a" * 2`.
  case operatorTypeMismatch = "E0401"
  /// The branches of a conditional or match have different types.
  case branchTypeMismatch = "E0402"
  /// A function was called with the wrong number of arguments.
  case wrongArgumentCount = "E0403"
  /// A function argument has the wrong type.
  case argumentTypeMismatch = "E0404"
  /// A condition (`?:`, `where`, `and`) that is not a boolean.
  case conditionNotBool = "E0405"
  /// A field access on something that is not a reference: `3.x`.
  case notAReference = "E0406"
  /// A type annotation that is unknown or does not fit the value: `x: int = 1.5`.
  case annotationMismatch = "E0407"
  /// A comparison of a choice column with a text that is not one of its values.
  case notAChoiceValue = "E0408"

  // MARK: - Constants and parameters
  /// Division or modulo by a constant zero.
  case divisionByZero = "E0501"
  /// A table count that is negative or not an integer.
  case invalidCount = "E0502"
  /// An invalid constant distribution parameter: `beta(-1, 2)`.
  case invalidDistributionParameter = "E0503"
  /// A range whose lower bound exceeds its upper bound: `clamp 5..1`.
  case invalidRange = "E0504"
  /// Persona shares above 100% or exact counts above the table's count.
  case invalidPersonaShares = "E0505"
  /// `truncate` applied to something that is not a distribution.
  case truncateNeedsDistribution = "E0506"
  /// A parameter value that does not fit its declared type or allowed values.
  case invalidParameterValue = "E0507"
  /// Choice weights that are negative or all zero.
  case invalidWeights = "E0508"
  /// A constant expression that cannot be evaluated: `9223372036854775807 + 1`, `sqrt(-1)`.
  case invalidConstant = "E0509"
  /// A `pattern(...)` whose pattern is not constant, not in the subset, or unbounded.
  case invalidPattern = "E0510"
  /// `unique_int(low, high)` with fewer values than the table has rows.
  case tooFewUniqueValues = "E0511"
  /// A pack function given a locale, country, sex or phone type that no pack has.
  case unknownPackValue = "E0512"
  /// A time zone that the embedded IANA data does not know, or a local time without a zone.
  case unknownTimeZone = "E0513"

  // MARK: - Structure
  /// Columns or tables that depend on each other in a cycle.
  case dependencyCycle = "E0601"
  /// A header declaration (`scenario`, `seed`, `now`) given twice or in the wrong form.
  case invalidHeader = "E0602"
  /// More than one `rest` persona, or a persona declared twice.
  case invalidPersonaList = "E0603"
  /// A table that picks from or iterates over itself.
  case selfReference = "E0604"
  /// A construct that is valid only in certain places: `row` outside a table, `persona` without personas.
  case misplacedConstruct = "E0605"
  /// A `correlate` item that names a column which is not a single marginal draw, or a value
  /// outside -1...1: `correlate a, b: 1.5`.
  case invalidCorrelation = "E0606"
  /// A correlation target the two marginals cannot reach: `correlate a, b: pearson 0.99` for a
  /// gamma and a beta column.
  case infeasibleCorrelation = "E0607"
  /// Pairwise correlations that no joint distribution has (the latent matrix is not positive
  /// definite) and no `repair` was asked for.
  case correlationNotPositiveDefinite = "E0608"
  /// A `key` column whose type can be null: databases reject NULL in a primary key.
  case nullableKey = "E0609"
  /// An inline table that is not a table of constants: a row with the wrong number of values, a
  /// value that is not constant, a column of mixed types, or a repeated first-column value.
  case invalidInlineTable = "E0610"
  /// A cross product that cannot be built: a factor without a fixed row count, or a variable
  /// named twice.
  case invalidProduct = "E0611"
  /// An `include` that cannot be followed: the file is missing or a folder, or it includes the
  /// including file back.
  case invalidInclude = "E0612"
  /// A database item that cannot be honoured: an assigned key that is not one integer column or
  /// has no natural key, a natural key naming an unknown or hidden column, an ownership
  /// condition that SQL cannot evaluate, an item given twice.
  case invalidDatabaseItem = "E0613"
  /// A source table that cannot be read as declared: a column without a type a source can
  /// hold, a file or database table that cannot be read, a header or result without a declared
  /// column, a value that is not of its column's type, a missing value in a column that is not
  /// nullable, a repeated or null first-column value, `from table` or `from query` without a
  /// database.
  case invalidSource = "E0614"

  // MARK: - Run time
  /// A distribution parameter computed for a row is invalid.
  case runtimeInvalidParameter = "R0701"
  /// A row count computed at run time is negative or too large.
  case runtimeInvalidCount = "R0702"
  /// A `pick` found no candidate row.
  case runtimeEmptyPick = "R0703"
  /// A text value the output format cannot store (NUL for PostgreSQL).
  case runtimeUnstorableText = "R0704"
  /// Integer overflow or division by zero while evaluating a row.
  case runtimeArithmetic = "R0705"
  /// Truncation rejected too many draws: the bounds hold almost no probability mass.
  case runtimeTruncationFailed = "R0706"
  /// A `float(k)` column's value is NaN or infinite, which no fixed-point text can show.
  case runtimeNotFinite = "R0707"
  /// A date or date-time outside the years 1 to 9999, which databases reject.
  case runtimeDateOutOfRange = "R0708"
  /// A text value longer than the run's text budget (1 MiB unless `--max-text-bytes` says).
  case runtimeTextTooLong = "R0709"
  /// A run that would write more rows than its row budget (`--max-rows`).
  case runtimeRowBudget = "R0710"

  // MARK: - Warnings
  /// A column or `let` that nothing uses and is not written.
  case unusedDefinition = "W0801"
  /// A persona override for a column that the persona's share makes unreachable (0%).
  case unreachablePersona = "W0802"
  /// A `match` arm after the default arm `_`, which can never be chosen.
  case unreachableArm = "W0803"
  /// Inconsistent correlations replaced by the nearest consistent matrix (`repair`).
  case correlationRepaired = "W0804"
  /// A table seeded into a database whose rows can change when a count grows (a pick from a
  /// table whose count is a parameter, exact-count personas): re-seeding with a larger count
  /// then skips or updates rows that differ.
  case unstableGrowth = "W0805"
}
