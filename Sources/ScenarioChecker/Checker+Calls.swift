import ScenarioAST
import ScenarioDiagnostics
import ScenarioIR
import ScenarioRandom

extension Checker {
  /// A call of a built-in or a distribution.
  mutating func lowerCall(_ name: Name, _ args: [Expr], _ span: SourceSpan, _ ctx: inout ExprContext) -> IRExpr {
    if let r = RandomFunction(rawValue: name.text) {
      let params = args.map { lower($0, &ctx) }
      return lowerRandom(r, params, args, name, span, &ctx)
    }
    if name.text == "uuid_v4" || name.text == "uuid_v7" {
      return lowerRandomUUID(name, args, span, &ctx)
    }
    if name.text == "pattern" || name.text == "unique_pattern" { return lowerPattern(name, args, span, &ctx) }
    if name.text == "unique_int" { return lowerUniqueInt(name, args, span, &ctx) }
    if name.text == "unique_text" { return lowerUniqueText(name, args, span, &ctx) }
    if let call = lowerPackCall(name, args, span, &ctx) { return call }
    if let call = lowerOrderCall(name, args, span, &ctx) { return call }
    if name.text == "local" || name.text == "local_text" {
      return lowerLocal(name.text == "local" ? .local : .localText, name, args, span, &ctx)
    }
    if let f = [("words", Builtin.loremWords), ("sentence", .loremSentence), ("paragraph", .loremParagraph)]
      .first(where: { $0.0 == name.text })?.1
    {
      return lowerLorem(f, name, args, span, &ctx)
    }
    guard let f = BuiltinSignature.lookup(name.text, arity: args.count) else {
      if AggregateFunction(rawValue: name.text) != nil {
        diagnostics.error(
          .unknownFunction, "'\(name.text)' is an aggregate, which can only be measured directly by an expectation",
          at: name.span, label: "aggregate inside an expression",
          help: "write one expectation per comparison, e.g. 'expect t: \(name.text)(x) in 3..5'")
        for a in args { _ = lower(a, &ctx) }
        return IRExpr(.constant(.null), type: .error, span: span)
      }
      diagnostics.error(
        .unknownFunction, "unknown function '\(name.text)'", at: name.span, label: "no such function",
        help: suggest(name.text, BuiltinSignature.allNames))
      for a in args { _ = lower(a, &ctx) }
      return IRExpr(.constant(.null), type: .error, span: span)
    }
    let ir = args.map { lower($0, &ctx) }
    let range = BuiltinSignature.arity(f)
    guard range.contains(args.count) else {
      let expected = range.lowerBound == range.upperBound ? "\(range.lowerBound)" : "\(range.lowerBound) to \(range.upperBound)"
      diagnostics.error(
        .wrongArgumentCount, "'\(name.text)' takes \(expected) argument\(range.upperBound == 1 ? "" : "s"), found \(args.count)",
        at: span, label: "wrong number of arguments")
      return IRExpr(.constant(.null), type: .error, span: span)
    }
    if ir.contains(where: { $0.type.isError }) { return IRExpr(.constant(.null), type: .error, span: span) }
    guard let type = builtinType(f, ir, args, name) else { return IRExpr(.constant(.null), type: .error, span: span) }
    let nullable =
      f == .coalesce ? type.isNullable
      : f == .join ? ir[0].type.isNullable  // null values are skipped, a null separator is null
      : type.isNullable || ir.contains { $0.type.isNullable }
    let coerced = f == .min || f == .max || f == .clamp || f == .coalesce ? ir.map { coerce($0, to: type) } : ir
    if f == .clamp, let lo = ir[1].constantValue, let hi = ir[2].constantValue, !lo.isNull, !hi.isNull,
      Semantics.compare(lo, hi) > 0
    {
      diagnostics.error(
        .invalidRange, "the lower bound of 'clamp' is greater than its upper bound", at: args[1].span.merged(with: args[2].span),
        label: "\(Semantics.text(lo)) > \(Semantics.text(hi))")
      return IRExpr(.constant(.null), type: .error, span: span)
    }
    if !checkConstantArguments(f, ir, args, name) || !checkPackBuiltinConstants(f, ir, args, name) {
      return IRExpr(.constant(.null), type: .error, span: span)
    }
    return fold(IRExpr(.call(f, coerced), type: ValueType(type.kind, nullable: nullable), span: span))
  }

  /// Arguments of text built-ins that are constant while the others are not: a count, position,
  /// width, fill or number of decimals that can never work is reported now (E0509), not at the
  /// first row. Returns false after reporting.
  mutating func checkConstantArguments(_ f: Builtin, _ ir: [IRExpr], _ args: [Expr], _ name: Name) -> Bool {
    func int(_ i: Int) -> Int64? {
      guard i < ir.count, case .int(let v)? = ir[i].constantValue else { return nil }
      return v
    }
    func report(_ i: Int, _ rule: String) -> Bool {
      let shown = Semantics.text(ir[i].constantValue ?? .null)
      diagnostics.error(
        .invalidConstant, "argument \(i + 1) of '\(name.text)' \(rule), found \(shown)", at: args[i].span,
        label: "this is \(shown)")
      return false
    }
    switch f {
    case .repeat:
      if let n = int(1), n < 0 { return report(1, "must be at least 0") }
    case .substring:
      if let start = int(1), start < 1 { return report(1, "counts from 1") }
      if let count = int(2), count < 0 { return report(2, "must not be negative") }
    case .padLeft, .padRight:
      if let width = int(1), width < 0 { return report(1, "must not be negative") }
      if ir.count > 2, case .text("")? = ir[2].constantValue { return report(2, "must not be empty") }
    case .formatNumber:
      if let d = int(1), d < 0 || d > Semantics.maxFormatDecimals {
        return report(1, "must be from 0 to \(Semantics.maxFormatDecimals) (decimals)")
      }
    default: break
    }
    return true
  }

  /// The result type of a built-in, or nil after reporting a bad argument.
  mutating func builtinType(_ f: Builtin, _ ir: [IRExpr], _ args: [Expr], _ name: Name) -> ValueType? {
    func need(_ i: Int, _ ok: (ValueType) -> Bool, _ what: String) -> Bool {
      if ok(ir[i].type) { return true }
      diagnostics.error(
        .argumentTypeMismatch, "argument \(i + 1) of '\(name.text)' must be \(what), found '\(ir[i].type)'",
        at: args[i].span, label: "this is '\(ir[i].type)'")
      return false
    }
    let numeric: (ValueType) -> Bool = { $0.isNumeric || $0.kind == .null }
    let calendar: (ValueType) -> Bool = { $0.kind == .date || $0.kind == .datetime }
    switch f {
    case .min, .max, .clamp, .coalesce:
      var type = ir[0].type
      for (i, x) in ir.enumerated().dropFirst() {
        guard let u = TypeRules.unify(type, x.type),
          f == .coalesce || TypeRules.comparable(type, x.type, ordered: true)
        else {
          diagnostics.error(
            .argumentTypeMismatch, "the arguments of '\(name.text)' have different types", at: args[i].span,
            label: "this is '\(x.type)'", secondary: [Label(args[0].span, "this is '\(ir[0].type)'")])
          return nil
        }
        type = u
      }
      if f == .coalesce { return ValueType(type.kind, nullable: ir.last?.type.isNullable ?? true) }
      guard type.isNumeric || type.kind == .duration || calendar(type) || type.isTextual else {
        _ = need(0, { _ in false }, "a number, duration or date")
        return nil
      }
      return type
    case .abs:
      guard need(0, { numeric($0) || $0.kind == .duration }, "a number or duration") else { return nil }
      return ir[0].type
    case .round, .floor, .ceil, .int:
      return need(0, numeric, "a number") ? .int : nil
    case .roundTo:
      guard need(0, numeric, "a number"), need(1, { $0.kind == .int }, "an integer") else { return nil }
      return .float
    case .sqrt, .exp, .log, .float:
      return need(0, numeric, "a number") ? .float : nil
    case .pow:
      return need(0, numeric, "a number") && need(1, numeric, "a number") ? .float : nil
    case .pad:
      return need(0, { $0.kind == .int }, "an integer") && need(1, { $0.kind == .int }, "an integer") ? .text : nil
    case .text:
      return need(0, { !TypeRules.isRef($0) }, "a value that is not a reference (read a column of it)") ? .text : nil
    case .lower, .upper:
      return need(0, { $0.isTextual }, "a text") ? .text : nil
    case .length, .wordCount, .sentenceCount, .distinctWordCount, .countOf, .indexOf:
      guard need(0, { $0.isTextual }, "a text") else { return nil }
      if ir.count > 1, !need(1, { $0.isTextual }, "a text") { return nil }
      return .int
    case .meanWordLength:
      return need(0, { $0.isTextual }, "a text") ? .float : nil
    case .trim, .sha256, .sha1, .md5, .base64, .luhnDigit, .mod97Digits:
      return need(0, { $0.isTextual }, "a text") ? .text : nil
    case .uniqueInt:
      return .int  // built by lowerUniqueInt, never called by name
    case .uniquePattern:
      return .text  // built by lowerPattern, never called by name
    case .uniqueText:
      return .text  // built by lowerUniqueText, never called by name
    case .packFirstName, .packLastName, .packFullName, .packUsername, .packEmailDomain, .packPhone,
      .packStreetAddress, .packCity, .packPostalCode, .packCountryCode, .packCompany, .packJobTitle, .packWord:
      return .text  // built by lowerPackCall, never called by name
    case .phoneNational:
      return need(0, { $0.isTextual }, "a text (a number in E.164 form, as +4930123456)") ? ValueType(.text, nullable: true) : nil
    case .region, .regionCode:
      return need(0, { $0.isTextual }, "a text (a locale such as \"en_US\")") && need(1, { $0.isTextual }, "a text (a city)")
        ? ValueType(.text, nullable: true) : nil
    case .countryName, .countryCode3:
      return need(0, { $0.isTextual }, "a text (a country code such as \"DE\")") ? .text : nil
    case .localeCountry:
      return need(0, { $0.isTextual }, "a text (a locale such as \"en_US\")") ? .text : nil
    case .loremWords, .loremSentence, .loremParagraph:
      return .text  // built by lowerLorem, never called by name
    case .uuidV4Bits, .uuidV7Bits, .patternDraw:
      return .text  // built by lowerRandomUUID, never called by name
    case .uuidV5:
      return need(0, { $0.isTextual }, "a text (a UUID, or dns, url, oid or x500)")
        && need(1, { $0.isTextual }, "a text") ? .text : nil
    case .contains, .startsWith, .endsWith:
      return need(0, { $0.isTextual }, "a text") && need(1, { $0.isTextual }, "a text") ? .bool : nil
    case .replace:
      return need(0, { $0.isTextual }, "a text") && need(1, { $0.isTextual }, "a text")
        && need(2, { $0.isTextual }, "a text") ? .text : nil
    case .substring:
      guard need(0, { $0.isTextual }, "a text"), need(1, { $0.kind == .int }, "an integer") else { return nil }
      if ir.count > 2, !need(2, { $0.kind == .int }, "an integer") { return nil }
      return .text
    case .repeat:
      return need(0, { $0.isTextual }, "a text") && need(1, { $0.kind == .int }, "an integer") ? .text : nil
    case .padLeft, .padRight:
      guard need(0, { $0.isTextual }, "a text"), need(1, { $0.kind == .int }, "an integer") else { return nil }
      if ir.count > 2, !need(2, { $0.isTextual }, "a text") { return nil }
      return .text
    case .join:
      guard need(0, { $0.isTextual }, "a text (the separator)") else { return nil }
      for i in ir.indices.dropFirst() where !need(i, { !TypeRules.isRef($0) }, "a value that is not a reference (read a column of it)") {
        return nil
      }
      return .text
    case .formatNumber:
      guard need(0, numeric, "a number"), need(1, { $0.kind == .int }, "an integer") else { return nil }
      if ir.count > 2, !need(2, { $0.isTextual }, "a text (the thousands separator)") { return nil }
      return .text
    case .local:  // lowered by lowerLocal; here only for exhaustiveness
      return .datetime
    case .localText:
      return .text
    case .date:
      return need(0, calendar, "a date or date-time") ? .date : nil
    case .datetime:
      return need(0, calendar, "a date or date-time") ? .datetime : nil
    case .year, .month, .day, .weekday, .daysInMonth, .dayOfYear:
      return need(0, calendar, "a date or date-time") ? .int : nil
    case .startOfMonth:
      return need(0, calendar, "a date or date-time") ? .date : nil
    case .addMonths:
      guard need(0, calendar, "a date or date-time"), need(1, { $0.kind == .int }, "an integer") else { return nil }
      return ir[0].type.kind == .date ? .date : .datetime
    case .hour, .minute:
      return need(0, calendar, "a date or date-time") ? .int : nil
    case .seconds, .minutes, .hours, .days, .weeks:
      return need(0, numeric, "a number") ? .duration : nil
    case .inSeconds, .inMinutes, .inHours, .inDays:
      return need(0, { $0.kind == .duration }, "a duration") ? .float : nil
    }
  }

  /// A distribution call: checks arguments, validates constant parameters, numbers the draw site.
  mutating func lowerRandom(
    _ r: RandomFunction, _ params: [IRExpr], _ args: [Expr], _ name: Name, _ span: SourceSpan,
    _ ctx: inout ExprContext
  ) -> IRExpr {
    let expected = r.arity
    guard params.count == expected else {
      diagnostics.error(
        .wrongArgumentCount, "'\(r.rawValue)' takes \(expected) argument\(expected == 1 ? "" : "s"), found \(params.count)",
        at: span, label: "wrong number of arguments", notes: [Self.signature(r)])
      return IRExpr(.constant(.null), type: .error, span: span)
    }
    guard ctx.allowRandom else {
      diagnostics.error(
        .misplacedConstruct, "random draws are not allowed here", at: span, label: "'\(r.rawValue)' draws a random value",
        notes: [ctx.randomForbiddenReason])
      return IRExpr(.constant(.null), type: .error, span: span)
    }
    if params.contains(where: { $0.type.isError }) { return IRExpr(.constant(.null), type: .error, span: span) }
    for (i, p) in params.enumerated() {
      let wantsInt = r.isIntegerParameter(i)
      let ok = wantsInt ? p.type.kind == .int : p.type.isNumeric
      if !ok || p.type.isNullable {
        diagnostics.error(
          .argumentTypeMismatch,
          "argument \(i + 1) of '\(r.rawValue)' must be \(wantsInt ? "an integer" : "a number")\(p.type.isNullable ? " that is never null" : ""), found '\(p.type)'",
          at: args[i].span, label: "this is '\(p.type)'", notes: [Self.signature(r)])
        return IRExpr(.constant(.null), type: .error, span: span)
      }
    }
    let constants = params.compactMap { $0.constantValue?.asDouble }
    let integers = params.map { $0.constantValue?.exactInt }
    if constants.count == params.count,
      let problem = Distribution.validate(name: r.rawValue, parameters: constants, integers: integers)
    {
      let i = min(max(problem.index, 0), args.count - 1)
      diagnostics.error(
        .invalidDistributionParameter, "invalid parameter for '\(r.rawValue)': \(problem.message)",
        at: args[i].span, label: "this is \(Semantics.text(params[i].constantValue ?? .null))", notes: [problem.note])
      return IRExpr(.constant(.null), type: .error, span: span)
    }
    let type: ValueType = r.drawsIntegers ? .int : r == .bernoulli ? .bool : .float
    let coerced = params.enumerated().map { i, p in r.isIntegerParameter(i) ? p : coerce(p, to: .float) }
    return IRExpr(.random(r, coerced, ctx.nextSite()), type: type, span: span)
  }

  /// The documented parameters of a distribution, for notes.
  static func signature(_ r: RandomFunction) -> String {
    switch r {
    case .uniform: "uniform(low, high) draws a float between low and high"
    case .uniformInt: "uniform_int(low, high) draws an integer in low...high"
    case .normal: "normal(mean, sd)"
    case .lognormal: "lognormal(mu, sigma) is exp(normal(mu, sigma))"
    case .exponential: "exponential(rate) has mean 1/rate"
    case .gamma: "gamma(shape, scale) has mean shape*scale"
    case .beta: "beta(alpha, beta) draws in (0, 1)"
    case .poisson: "poisson(lambda) draws an integer with mean lambda"
    case .bernoulli: "bernoulli(p) is true with probability p"
    case .binomial: "binomial(n, p) counts successes in n trials of probability p"
    case .geometric: "geometric(p) counts failures before the first success"
    case .negativeBinomial: "negative_binomial(r, p) counts failures before r successes"
    case .weibull: "weibull(shape, scale)"
    case .triangular: "triangular(low, mode, high)"
    case .zipf: "zipf(s, n) draws a rank in 1...n with probability proportional to 1/rank^s"
    case .truncatedNormal: "truncated_normal(mean, sd, low, high) is normal(mean, sd) conditioned on low..high"
    }
  }

  /// `dist(...) truncate lo..hi`: resample the distribution until the value is within bounds.
  mutating func lowerTruncate(_ x: Expr, _ lo: Expr, _ hi: Expr, _ span: SourceSpan, _ ctx: inout ExprContext) -> IRExpr {
    guard case .call(let name, _) = x.kind, let r = RandomFunction(rawValue: name.text), r != .bernoulli else {
      diagnostics.error(
        .truncateNeedsDistribution, "'truncate' applies only to a distribution", at: x.span,
        label: "not a distribution call", help: "use 'clamp' to limit any value, or write e.g. 'normal(5, 2) truncate 0..10'")
      _ = lower(x, &ctx)
      return IRExpr(.constant(.null), type: .error, span: span)
    }
    let inner = lower(x, &ctx)
    let l = lower(lo, &ctx)
    let h = lower(hi, &ctx)
    guard case .random(let rf, let params, let site) = inner.kind else { return IRExpr(.constant(.null), type: .error, span: span) }
    for (b, e) in [(l, lo), (h, hi)] where !b.type.isError {
      if !b.type.isNumeric || b.type.isNullable {
        diagnostics.error(.argumentTypeMismatch, "the bounds of 'truncate' must be numbers", at: e.span, label: "this is '\(b.type)'")
        return IRExpr(.constant(.null), type: .error, span: span)
      }
    }
    if l.type.isError || h.type.isError { return IRExpr(.constant(.null), type: .error, span: span) }
    if let a = l.constantValue?.asDouble, let b = h.constantValue?.asDouble, a > b {
      diagnostics.error(
        .invalidRange, "the lower bound of 'truncate' is greater than its upper bound", at: lo.span.merged(with: hi.span),
        label: "\(Semantics.text(l.constantValue ?? .null)) > \(Semantics.text(h.constantValue ?? .null))")
      return IRExpr(.constant(.null), type: .error, span: span)
    }
    return IRExpr(
      .truncated(rf, params, low: coerce(l, to: .float), high: coerce(h, to: .float), site), type: inner.type, span: span)
  }
}
