import ScenarioAST
import ScenarioDiagnostics
import ScenarioIR

/// The value functions that draw (random UUIDs, patterns, generated text) or number rows
/// (unique values): each lowers to a hidden built-in over keyed draws, so both engines evaluate
/// it through `Semantics.call` and need no IR node of their own (Docs/Values.md).
extension Checker {
  /// One keyed 63-bit draw of the row: the seed of a text or of a UUID's random bits.
  mutating func rowSeed(_ span: SourceSpan, _ ctx: inout ExprContext) -> IRExpr {
    let bounds = [IRExpr(.constant(.int(0)), type: .int, span: span), IRExpr(.constant(.int(.max)), type: .int, span: span)]
    return IRExpr(.random(.uniformInt, bounds, ctx.nextSite()), type: .int, span: span)
  }

  /// One keyed 63-bit draw shared by every row of the column (grouped by a constant): the key of
  /// a unique column's bijection, which follows the seed.
  mutating func columnKey(_ span: SourceSpan, _ ctx: inout ExprContext) -> IRExpr {
    let draw = rowSeed(span, &ctx)
    return IRExpr(.grouped(draw, key: IRExpr(.constant(.int(0)), type: .int, span: span)), type: .int, span: span)
  }

  /// Whether a draw is allowed here; reports E0605 when not.
  mutating func allowsDraw(_ span: SourceSpan, _ ctx: ExprContext, label: String) -> Bool {
    if ctx.allowRandom { return true }
    diagnostics.error(
      .misplacedConstruct, "random draws are not allowed here", at: span, label: label,
      notes: [ctx.randomForbiddenReason])
    return false
  }

  /// `uuid_v4()` and `uuid_v7(t)`: random UUIDs (RFC 9562 §5.4 and §5.7) built from two 63-bit
  /// draws of `uniform_int(0, 2^63 - 1)` on their own keyed streams, so they are reproducible
  /// like any draw and identical in both engines.
  mutating func lowerRandomUUID(_ name: Name, _ args: [Expr], _ span: SourceSpan, _ ctx: inout ExprContext) -> IRExpr {
    let isV7 = name.text == "uuid_v7"
    let ir = args.map { lower($0, &ctx) }
    guard ir.count == (isV7 ? 1 : 0) else {
      diagnostics.error(
        .wrongArgumentCount, "'\(name.text)' takes \(isV7 ? "1 argument" : "no arguments"), found \(ir.count)",
        at: span, label: "wrong number of arguments",
        notes: [isV7 ? "uuid_v7(t) draws a time-ordered UUID for the date-time t" : "uuid_v4() draws a random UUID"])
      return IRExpr(.constant(.null), type: .error, span: span)
    }
    guard allowsDraw(span, ctx, label: "'\(name.text)' draws a random value") else { return IRExpr(.constant(.null), type: .error, span: span) }
    if ir.contains(where: { $0.type.isError }) { return IRExpr(.constant(.null), type: .error, span: span) }
    if isV7, ir[0].type.kind != .datetime && ir[0].type.kind != .date {
      diagnostics.error(
        .argumentTypeMismatch, "argument 1 of 'uuid_v7' must be a date or date-time, found '\(ir[0].type)'",
        at: args[0].span, label: "this is '\(ir[0].type)'")
      return IRExpr(.constant(.null), type: .error, span: span)
    }
    let draws = [rowSeed(span, &ctx), rowSeed(span, &ctx)]
    if isV7 {
      return IRExpr(.call(.uuidV7Bits, [ir[0]] + draws), type: ValueType(.text, nullable: ir[0].type.isNullable), span: span)
    }
    return IRExpr(.call(.uuidV4Bits, draws), type: .text, span: span)
  }

  /// The table whose rows a unique value function numbers: a column of a table that is not a
  /// part of a shared output (where `row` counts across the parts); nil after reporting E0605.
  mutating func uniqueColumnTable(_ name: Name, _ span: SourceSpan, _ ctx: ExprContext) -> Int? {
    guard ctx.allowRandom, let table = ctx.table, ctx.slotsVisible else {
      diagnostics.error(
        .misplacedConstruct, "'\(name.text)' is only available in a column of a table", at: span,
        label: "unique per row of a table", notes: ctx.allowRandom ? [] : [ctx.randomForbiddenReason])
      return nil
    }
    if let into = tables[table].decl.into {
      diagnostics.error(
        .misplacedConstruct, "'\(name.text)' is not available in a part of a shared output", at: span,
        label: "table '\(tables[table].name)' writes into '\(into.text)'",
        notes: ["in a part, 'row' counts on after the parts before it, and each part would draw its own order"],
        help: "declare the unique column in a table of its own, or build it from 'row' (\"E\" ++ pad(row + 1, 6))")
      return nil
    }
    return table
  }

  /// `unique_text(base)` and `unique_text(base, digits)`: `base` followed by a suffix of exactly
  /// `digits` decimal digits that no other row of the table has (the row's number through the
  /// keyed bijection of `unique_int` over 0 ..< 10^digits). The suffix has a fixed width, so the
  /// text is unique whatever the bases are: two rows' texts could only be equal with equal
  /// suffixes. Without `digits`, the table's constant row count chooses the fewest digits that
  /// suffice (at least 1); too few digits for a constant count is E0511.
  mutating func lowerUniqueText(_ name: Name, _ args: [Expr], _ span: SourceSpan, _ ctx: inout ExprContext) -> IRExpr {
    let ir = args.map { lower($0, &ctx) }
    guard (1...2).contains(ir.count) else {
      diagnostics.error(
        .wrongArgumentCount, "'unique_text' takes 1 or 2 arguments, found \(ir.count)", at: span,
        label: "wrong number of arguments",
        notes: ["unique_text(base) appends to base a number that no other row has; unique_text(base, 6) makes it 6 digits"])
      return IRExpr(.constant(.null), type: .error, span: span)
    }
    if ir.contains(where: { $0.type.isError }) { return IRExpr(.constant(.null), type: .error, span: span) }
    guard ir[0].type.isTextual else {
      diagnostics.error(
        .argumentTypeMismatch, "argument 1 of 'unique_text' must be a text, found '\(ir[0].type)'", at: args[0].span,
        label: "this is '\(ir[0].type)'", help: "convert it with text(...)")
      return IRExpr(.constant(.null), type: .error, span: span)
    }
    return uniqueSuffixed(ir[0], digits: ir.count == 2 ? (ir[1], args[1]) : nil, name, span, &ctx)
  }

  /// `base` followed by a fixed-width unique suffix (`unique_text`, `unique_username`,
  /// `unique_email`): `digits` is the constant width and its expression, or nil to choose it
  /// from the table's constant row count. Nil-typed error expression after reporting.
  mutating func uniqueSuffixed(
    _ base: IRExpr, digits digitsArg: (IRExpr, Expr)?, _ name: Name, _ span: SourceSpan, _ ctx: inout ExprContext
  ) -> IRExpr {
    guard let table = uniqueColumnTable(name, span, ctx) else { return IRExpr(.constant(.null), type: .error, span: span) }
    let rows: Int64? = if case .fixed(let n) = tables[table].count { Int64(n) } else { nil }
    let digits: Int64
    if let (digitsIR, digitsExpr) = digitsArg {
      guard case .int(let d)? = digitsIR.constantValue else {
        diagnostics.error(
          .invalidConstant, "the number of digits of '\(name.text)' must be a constant integer",
          at: digitsExpr.span, label: digitsIR.type.kind == .int ? "this varies by row" : "this is '\(digitsIR.type)'")
        return IRExpr(.constant(.null), type: .error, span: span)
      }
      guard (1...Self.uniqueTextMaxDigits).contains(d) else {
        diagnostics.error(
          .invalidConstant, "the number of digits of '\(name.text)' must be from 1 to \(Self.uniqueTextMaxDigits), found \(d)",
          at: digitsExpr.span, label: "this is \(d)")
        return IRExpr(.constant(.null), type: .error, span: span)
      }
      digits = d
    } else if let rows {
      var d: Int64 = 1
      var capacity: Int64 = 10
      while capacity < rows && d < Self.uniqueTextMaxDigits { d += 1; capacity *= 10 }
      digits = d
    } else {
      diagnostics.error(
        .tooFewUniqueValues, "'\(name.text)' needs its number of digits here: the row count of table '\(tables[table].name)' is not a constant",
        at: span, label: "how many digits?", help: "give the digits as the last argument, as 6 for up to 1,000,000 rows")
      return IRExpr(.constant(.null), type: .error, span: span)
    }
    if let rows, Self.power10(digits) < rows {
      diagnostics.error(
        .tooFewUniqueValues,
        "'\(name.text)' with \(digits) digit\(digits == 1 ? "" : "s") has \(Self.power10(digits)) suffixes, but table '\(tables[table].name)' has \(rows) rows",
        at: span, label: "\(Self.power10(digits)) suffixes for \(rows) rows",
        help: "use at least \(String(rows - 1).count) digits, or lower the row count")
      return IRExpr(.constant(.null), type: .error, span: span)
    }
    let key = columnKey(span, &ctx)
    let row = IRExpr(.rowNumber, type: .int, span: span)
    let width = IRExpr(.constant(.int(digits)), type: .int, span: span)
    return IRExpr(.call(.uniqueText, [base, row, width, key]), type: ValueType(.text, nullable: base.type.isNullable), span: span)
  }

  /// The most digits a `unique_text` suffix may have (10^18 numbers fit in 63 bits).
  static let uniqueTextMaxDigits: Int64 = 18

  static func power10(_ n: Int64) -> Int64 { (0..<n).reduce(1) { r, _ in r * 10 } }

  /// `unique_int(low, high)`: the row's number sent through a keyed bijection of `low...high`
  /// (Semantics.uniquePermutation), so no two rows of the table share a value. The key is one
  /// draw shared by the whole column (grouped by a constant), so it follows the seed. With a
  /// constant range and row count, too few values is E0511; otherwise R0701 at the first row
  /// past the range.
  mutating func lowerUniqueInt(_ name: Name, _ args: [Expr], _ span: SourceSpan, _ ctx: inout ExprContext) -> IRExpr {
    let ir = args.map { lower($0, &ctx) }
    guard ir.count == 2 else {
      diagnostics.error(
        .wrongArgumentCount, "'unique_int' takes 2 arguments, found \(ir.count)", at: span, label: "wrong number of arguments",
        notes: ["unique_int(low, high) gives each row a different integer of low...high"])
      return IRExpr(.constant(.null), type: .error, span: span)
    }
    if ir.contains(where: { $0.type.isError }) { return IRExpr(.constant(.null), type: .error, span: span) }
    for i in 0..<2 where ir[i].type.kind != .int || ir[i].type.isNullable {
      diagnostics.error(
        .argumentTypeMismatch, "argument \(i + 1) of 'unique_int' must be an integer that is never null, found '\(ir[i].type)'",
        at: args[i].span, label: "this is '\(ir[i].type)'")
      return IRExpr(.constant(.null), type: .error, span: span)
    }
    guard let table = uniqueColumnTable(name, span, ctx) else { return IRExpr(.constant(.null), type: .error, span: span) }
    if case .int(let low)? = ir[0].constantValue, case .int(let high)? = ir[1].constantValue {
      if low > high {
        diagnostics.error(
          .invalidRange, "the range of 'unique_int' is reversed: \(low) > \(high)", at: args[0].span.merged(with: args[1].span),
          label: "\(low) > \(high)")
        return IRExpr(.constant(.null), type: .error, span: span)
      }
      let values = UInt64(bitPattern: high &- low) &+ 1  // 0 means all 2^64
      if case .fixed(let rows) = tables[table].count, values != 0, UInt64(rows) > values {
        diagnostics.error(
          .tooFewUniqueValues, "'unique_int(\(low), \(high))' has \(values) values, but table '\(tables[table].name)' has \(rows) rows",
          at: span, label: "\(values) values for \(rows) rows",
          help: "widen the range to at least \(rows) values, or lower the row count")
        return IRExpr(.constant(.null), type: .error, span: span)
      }
    }
    let key = columnKey(span, &ctx)
    let row = IRExpr(.rowNumber, type: .int, span: span)
    return IRExpr(.call(.uniqueInt, [row, ir[0], ir[1], key]), type: .int, span: span)
  }

  /// `words(n)`, `sentence(n)`, `paragraph(n)`: generated Latin text (LoremText) of `n` words or
  /// sentences; `n` may vary by row or be drawn (`sentence(uniform_int(5, 12))`). One keyed draw
  /// per row seeds the words.
  mutating func lowerLorem(_ f: Builtin, _ name: Name, _ args: [Expr], _ span: SourceSpan, _ ctx: inout ExprContext) -> IRExpr {
    let ir = args.map { lower($0, &ctx) }
    let unit = f == .loremParagraph ? "sentences" : "words"
    guard ir.count == 1 else {
      diagnostics.error(
        .wrongArgumentCount, "'\(name.text)' takes 1 argument, found \(ir.count)", at: span, label: "wrong number of arguments",
        notes: ["\(name.text)(n) writes n \(unit); n may be drawn, as in \(name.text)(uniform_int(3, 8))"])
      return IRExpr(.constant(.null), type: .error, span: span)
    }
    if ir[0].type.isError { return IRExpr(.constant(.null), type: .error, span: span) }
    guard ir[0].type.kind == .int else {
      diagnostics.error(
        .argumentTypeMismatch, "argument 1 of '\(name.text)' must be an integer (the number of \(unit)), found '\(ir[0].type)'",
        at: args[0].span, label: "this is '\(ir[0].type)'")
      return IRExpr(.constant(.null), type: .error, span: span)
    }
    if case .int(let n)? = ir[0].constantValue, n < 0 || n > LoremText.maxCount {
      diagnostics.error(
        .invalidConstant, "argument 1 of '\(name.text)' must be from 0 to \(LoremText.maxCount), found \(n)", at: args[0].span,
        label: "this is \(n)")
      return IRExpr(.constant(.null), type: .error, span: span)
    }
    guard allowsDraw(span, ctx, label: "'\(name.text)' draws random words") else { return IRExpr(.constant(.null), type: .error, span: span) }
    let seed = rowSeed(span, &ctx)
    return IRExpr(.call(f, [ir[0], seed]), type: ValueType(.text, nullable: ir[0].type.isNullable), span: span)
  }

  /// `pattern(p)`: `p` is a constant text in the pattern subset, checked now (E0510, pointing
  /// into the pattern); each row draws one keyed 63-bit seed that fixes all of the text's choices.
  mutating func lowerPattern(_ name: Name, _ args: [Expr], _ span: SourceSpan, _ ctx: inout ExprContext) -> IRExpr {
    let ir = args.map { lower($0, &ctx) }
    let unique = name.text == "unique_pattern"
    guard ir.count == 1 else {
      diagnostics.error(
        .wrongArgumentCount, "'\(name.text)' takes 1 argument, found \(ir.count)", at: span, label: "wrong number of arguments",
        notes: ["pattern(r\"[A-Z]{3}-\\d{4}\") draws a text that the pattern matches"])
      return IRExpr(.constant(.null), type: .error, span: span)
    }
    if ir[0].type.isError { return IRExpr(.constant(.null), type: .error, span: span) }
    guard case .text(let text)? = ir[0].constantValue else {
      diagnostics.error(
        .invalidPattern, "the pattern of '\(name.text)' must be a constant text", at: args[0].span,
        label: ir[0].type.isTextual ? "this varies by row" : "this is '\(ir[0].type)'",
        help: "write the pattern as a raw string: pattern(r\"[A-Z]{3}-\\d{4}\")")
      return IRExpr(.constant(.null), type: .error, span: span)
    }
    let pattern: Pattern
    do throws(Pattern.SyntaxError) {
      pattern = try Pattern.parse(text)
    } catch {
      diagnostics.error(
        .invalidPattern, "invalid pattern: \(error.message)", at: patternSpan(args[0], error.offset, error.length),
        label: error.message)
      return IRExpr(.constant(.null), type: .error, span: span)
    }
    if pattern.maxBytes > options.limits.textBytes {
      diagnostics.error(
        .invalidPattern,
        "the pattern can draw texts of up to \(pattern.maxBytes == .max ? "unbounded" : String(pattern.maxBytes)) bytes, more than the text budget of \(RunLimits.bytesText(options.limits.textBytes))",
        at: args[0].span, label: "too long", help: "lower the largest counts, or raise the budget with '--max-text-bytes N'")
      return IRExpr(.constant(.null), type: .error, span: span)
    }
    guard allowsDraw(span, ctx, label: "'\(name.text)' draws a random value") else { return IRExpr(.constant(.null), type: .error, span: span) }
    if unique { return lowerUniquePattern(pattern, ir[0], args[0], span, &ctx) }
    let seed = rowSeed(span, &ctx)
    return IRExpr(.call(.patternDraw, [ir[0], seed]), type: .text, span: span)
  }

  /// `unique_pattern(p)`: a fixed-shape pattern (no alternation, exact counts), whose texts are
  /// numbered by mixed radix; the row's number goes through the keyed bijection of
  /// `unique_int`, so no two rows share a text. Too few texts for a constant row count is E0511.
  mutating func lowerUniquePattern(
    _ pattern: Pattern, _ text: IRExpr, _ arg: Expr, _ span: SourceSpan, _ ctx: inout ExprContext
  ) -> IRExpr {
    guard let shape = pattern.fixedShape else {
      diagnostics.error(
        .invalidPattern, "a unique pattern needs a fixed shape: no '|', and exact counts such as {3}", at: arg.span,
        label: "this pattern has alternatives or variable counts",
        help: "each text must have one derivation, so that texts can be numbered; write e.g. r\"[A-Z]{3}-\\d{4}\"")
      return IRExpr(.constant(.null), type: .error, span: span)
    }
    guard let table = ctx.table, ctx.slotsVisible, tables[table].decl.into == nil else {
      diagnostics.error(
        .misplacedConstruct, "'unique_pattern' is only available in a column of a table that is not part of a shared output",
        at: span, label: "unique per row of a table")
      return IRExpr(.constant(.null), type: .error, span: span)
    }
    let texts = Pattern.textCount(shape)
    if texts != 0, case .fixed(let rows) = tables[table].count, UInt64(rows) > texts {
      diagnostics.error(
        .tooFewUniqueValues, "the pattern has \(texts) texts, but table '\(tables[table].name)' has \(rows) rows", at: span,
        label: "\(texts) texts for \(rows) rows", help: "lengthen the pattern or widen its classes, or lower the row count")
      return IRExpr(.constant(.null), type: .error, span: span)
    }
    let key = columnKey(span, &ctx)
    let row = IRExpr(.rowNumber, type: .int, span: span)
    return IRExpr(.call(.uniquePattern, [text, row, key]), type: .text, span: span)
  }

  /// The span of bytes `offset ..< offset + length` of a pattern written as a literal: exact in a
  /// raw string (`r"..."`, `r#"..."#`), whose text is its source; the whole argument otherwise.
  func patternSpan(_ arg: Expr, _ offset: Int, _ length: Int) -> SourceSpan {
    let bytes = file(of: arg.span).bytes
    var i = arg.span.start
    guard i < bytes.count, bytes[i] == UInt8(ascii: "r") else { return arg.span }
    i += 1
    while i < bytes.count, bytes[i] == UInt8(ascii: "#") { i += 1 }
    guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { return arg.span }
    let start = i + 1 + offset
    return SourceSpan(file: arg.span.file, start: start, end: min(start + max(length, 1), arg.span.end))
  }
}
