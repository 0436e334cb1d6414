import ScenarioDiagnostics

/// A typed, resolved expression.
public struct IRExpr: Sendable {
  public var kind: IRExprKind
  public var type: ValueType
  public var span: SourceSpan
  public init(_ kind: IRExprKind, type: ValueType, span: SourceSpan) {
    self.kind = kind
    self.type = type
    self.span = span
  }

  /// The constant value, if this expression is a constant.
  public var constantValue: Value? {
    if case .constant(let v) = kind { return v }
    return nil
  }
}

/// A random draw site: the stream key parts that make its values independent of every other
/// site, so editing one column never moves another column's values (DESIGN.md §2).
public struct DrawSite: Sendable, Equatable {
  /// Stream key parts, e.g. `["sessions", "duration", "v", "0"]`.
  public var keyParts: [String]
  public init(keyParts: [String]) { self.keyParts = keyParts }
}

/// Resolved operators (the operand types decide the variant).
public enum IROperator: String, Sendable {
  case add, subtract, multiply, divide, modulo
  case equal, notEqual, less, lessEqual, greater, greaterEqual
  case and, or, concat
}

/// The kinds of IR expressions. Passes switch over them exhaustively.
public indirect enum IRExprKind: Sendable {
  case constant(Value)
  /// A slot of the current row.
  case slot(Int)
  /// The 0-based row number in the table.
  case rowNumber
  /// The current row's parent (child tables), as `.ref(parentRow)`.
  case parentRow
  /// The persona name of the current row.
  case persona
  /// A field of the row a reference points to: `base` yields `.ref(row)` in table `table`.
  case field(base: IRExpr, table: Int, slot: Int)
  case negate(IRExpr)
  case not(IRExpr)
  case binary(IROperator, IRExpr, IRExpr)
  case conditional(IRExpr, IRExpr, IRExpr)
  case isNull(IRExpr)
  case call(Builtin, [IRExpr])
  /// A draw from a distribution; `parameters` follow the builtin's order.
  case random(RandomFunction, [IRExpr], DrawSite)
  /// Resample within bounds (truncation).
  case truncated(RandomFunction, [IRExpr], low: IRExpr, high: IRExpr, DrawSite)
  /// A histogram: a bin by weight, then uniform within it (`edges` has one more entry than
  /// `weights`).
  case histogram(edges: [Double], weights: [Double], DrawSite)
  /// A mixture of distributions with constant parameters.
  case mixture(components: [MixtureComponent], weights: [Double], DrawSite)
  /// Weighted choice among values.
  case choice(values: [IRExpr], weights: [IRExpr], DrawSite)
  /// Pick a row of a table (uniform, filtered and/or weighted).
  case pick(table: Int, filter: IRExpr?, weight: IRExpr?, DrawSite, distinct: Bool)
  /// The marginal draw of a correlated column: the value of latent normal number `latent` of the
  /// row (see `CopulaIR`), turned into a value of `marginal` by its quantile function.
  case latent(Int, LatentMarginal)
  /// `inner per key`: random draws inside `inner` use the key's value as their row identity.
  case grouped(IRExpr, key: IRExpr)
  /// A pick whose filter reads the current row.
  case keyedPick(KeyedPick, DrawSite)
  /// The value of `inner` (a pick), or null for a row where it has nothing to pick (no row
  /// passes the filter, every weight is 0, or a distinct pick's group has used every row): the
  /// value of a column annotated `ref(T)?`. Without it, those rows are R0703.
  case emptyPickIsNull(IRExpr)
  /// A position of the row in its group (`rank()`, `previous(x)`, `running sum(x)` ...), read
  /// from the order computed before the table (`TableIR.order`).
  case orderValue(OrderValue)
  /// The value for the row's persona: `overrides[p]` when present, else `base`.
  case personaSwitch(base: IRExpr, overrides: [Int: IRExpr])
  /// An instant drawn from a calendar model (`.datetime`).
  case calendar(CalendarIR, DrawSite)
  /// The result of aggregate `Program.aggregates[index]` for the parent row `of` points to.
  case aggregate(Int, of: IRExpr)
  /// The value of a `float(digits)` column: `inner` as `printf("%.*f", digits, x)` writes it,
  /// read back as a double (`FixedDecimal`). Null stays null; NaN and infinities are a run-time
  /// error. The checker wraps every slot declared with a number of decimals in it, so every
  /// reader of the slot sees what the files show.
  case decimal(IRExpr, digits: Int)
  /// A correlated aggregate, computed per row (see `CorrelatedAggregate`).
  case correlated(CorrelatedAggregate)
  /// Inside a correlated aggregate's filter, argument and key: the source row being tested, as
  /// `.ref(row)` of `CorrelatedAggregate.source`.
  case candidate
  /// A column of an inline table: `values[row]`.
  case inlineValue([Value])
  /// A factor of a cross product's cell: `.ref((row / stride) % size)` of the factor's table,
  /// for the cell numbered `row` (the first factor varies slowest).
  case cellFactor(stride: Int, size: Int)
}

/// One component of a mixture: a distribution with constant parameters.
public struct MixtureComponent: Sendable, Equatable {
  public var function: RandomFunction
  public var parameters: [Double]
  public init(function: RandomFunction, parameters: [Double]) {
    self.function = function
    self.parameters = parameters
  }
}

/// Distributions callable in expressions.
public enum RandomFunction: String, Sendable, CaseIterable {
  case uniform, uniformInt = "uniform_int", normal, lognormal, exponential, gamma, beta, poisson
  case bernoulli, binomial, geometric, negativeBinomial = "negative_binomial", weibull, triangular
  case zipf, truncatedNormal = "truncated_normal"

  /// Number of parameters.
  public var arity: Int {
    switch self {
    case .exponential, .poisson, .bernoulli, .geometric: 1
    case .triangular: 3
    case .truncatedNormal: 4
    default: 2
    }
  }

  /// Whether parameter `i` must be an integer.
  public func isIntegerParameter(_ i: Int) -> Bool {
    switch self {
    case .uniformInt: true
    case .binomial: i == 0
    case .zipf: i == 1
    default: false
    }
  }

  /// Whether the function draws integers.
  public var drawsIntegers: Bool {
    switch self {
    case .uniformInt, .poisson, .binomial, .geometric, .negativeBinomial, .zipf: true
    default: false
    }
  }
}

/// Deterministic built-in functions.
public enum Builtin: String, Sendable, CaseIterable {
  case min, max, abs, round, roundTo = "round_to", floor, ceil, clamp, sqrt, exp, log, pow
  case pad, text, lower, upper, length, int, float, coalesce
  case date, datetime, year, month, day, hour, minute, weekday
  case seconds, minutes, hours, days, weeks
  case addMonths = "add_months", daysInMonth = "days_in_month", dayOfYear = "day_of_year"
  case startOfMonth = "start_of_month"
  case inSeconds = "in_seconds", inMinutes = "in_minutes", inHours = "in_hours", inDays = "in_days"
  // Text (Semantics+Text.swift).
  case trim, substring, replace, contains, `repeat`, join
  case startsWith = "starts_with", endsWith = "ends_with", indexOf = "index_of", countOf = "count_of"
  case padLeft = "pad_left", padRight = "pad_right"
  case wordCount = "word_count", sentenceCount = "sentence_count"
  case distinctWordCount = "distinct_word_count", meanWordLength = "mean_word_length"
  case formatNumber = "format_number"
  /// `local(t[, zone])`: the wall-clock date-time of instant t in a time zone;
  /// `local_text(t[, zone])`: it as text with its UTC offset. The zone is always given in IR.
  case local, localText = "local_text"
  // Digests, encodings, name-based UUIDs and check digits (Semantics+ValueFunctions.swift).
  case sha256, sha1, md5, base64
  case uuidV5 = "uuid_v5", luhnDigit = "luhn_digit", mod97Digits = "mod97_digits"
  // The random UUIDs: `uuid_v4()` and `uuid_v7(t)` lower to these over two keyed 63-bit draws.
  // Their names start with '#', which no call can spell (it starts a comment).
  case uuidV4Bits = "#uuid_v4", uuidV7Bits = "#uuid_v7"
  // `pattern(p)` lowers to this over the constant pattern text and one keyed 63-bit draw.
  case patternDraw = "#pattern"
  // `unique_int(low, high)` lowers to this over the row number, the bounds and one key drawn
  // once per column (a draw grouped by a constant).
  case uniqueInt = "#unique_int"
  // `words(n)`, `sentence(n)`, `paragraph(n)` lower to these over the count and one keyed draw.
  case loremWords = "#words", loremSentence = "#sentence", loremParagraph = "#paragraph"
  // `unique_pattern(p)` lowers to this over the pattern, the row number and a column key.
  case uniquePattern = "#unique_pattern"
  // `unique_text(base, digits)` lowers to this over the base, the row number, the digits and a
  // column key.
  case uniqueText = "#unique_text"
  // Packs (Semantics+Packs.swift): lookups by name...
  case phoneNational = "phone_national", region, regionCode = "region_code"
  case countryName = "country_name", countryCode3 = "country_code3", localeCountry = "locale_country"
  // ... and draws, which lower to these over their arguments and one keyed draw (an absent
  // optional argument is the empty text).
  case packFirstName = "#first_name", packLastName = "#last_name", packFullName = "#full_name"
  case packUsername = "#username", packEmailDomain = "#email_domain", packPhone = "#phone"
  case packStreetAddress = "#street_address", packCity = "#city", packPostalCode = "#postal_code"
  case packCountryCode = "#country_code", packCompany = "#company", packJobTitle = "#job_title"
  case packWord = "#word"
}
