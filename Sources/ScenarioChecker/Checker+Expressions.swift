import ScenarioAST
import ScenarioDiagnostics
import ScenarioIR

extension Checker {
  /// Checks and lowers an expression. Never fails: a broken expression gets the type `.error`,
  /// and nothing built on an `.error` is reported again (STYLE.md §1.5).
  mutating func lower(_ e: Expr, _ ctx: inout ExprContext) -> IRExpr {
    switch e.kind {
    case .invalid: return poisoned(e)
    case .literal(let lit): return literal(lit, e.span)
    case .name(let n):
      let ir = resolveName(n, e.span, &ctx)
      // In the branch of `n is null ? a : b` where `n` is not null, it reads as non-null.
      if ctx.nonNull.contains(n), ir.type.isNullable, ir.type.kind != .null {
        return IRExpr(ir.kind, type: ValueType(ir.type.kind, nullable: false), span: ir.span)
      }
      return ir
    case .now: return IRExpr(.constant(.datetime(now)), type: .datetime, span: e.span)
    case .persona:
      if let source = ctx.candidate {
        diagnostics.error(
          .misplacedConstruct, "the persona of '\(tables[source].name)' cannot be read in a filter that also reads the current row",
          at: e.span, label: "not available in a correlated aggregate")
        return poisoned(e)
      }
      guard ctx.slotsVisible, let t = ctx.table, let ps = tables[t].personaSlot else {
        diagnostics.error(
          .misplacedConstruct, "'persona' is used where there are no personas", at: e.span,
          label: "no persona here", help: "declare personas in the table with 'persona NAME SHARE, ...'")
        return poisoned(e)
      }
      ctx.dependencies.insert(ps)
      return IRExpr(.slot(ps), type: ValueType(.choice(tables[t].personaNames)), span: e.span)
    case .unary(let op, let operand): return lowerUnary(op, operand, e.span, &ctx)
    case .binary(let op, let a, let b): return lowerBinary(op, a, b, e.span, &ctx)
    case .conditional(let c, let a, let b):
      let cond = condition(c, &ctx, "the condition of '?'")
      let constant = cond.constantValue.map { $0.isTrue }
      // `n is null ? a : b` reads `n` as non-null in `b`; `n is not null ? a : b` in `a`.
      var narrowed: (name: String, inThen: Bool)? = nil
      if case .isNull(let subject, let negated) = c.kind, case .name(let n) = subject.kind { narrowed = (n, negated) }
      let saved = ctx.nonNull
      if constant == false { deadCodeDepth += 1 }
      if let narrowed, narrowed.inThen { ctx.nonNull.insert(narrowed.name) }
      let x = lower(a, &ctx)
      ctx.nonNull = saved
      if constant == false { deadCodeDepth -= 1 }
      if constant == true { deadCodeDepth += 1 }
      if let narrowed, !narrowed.inThen { ctx.nonNull.insert(narrowed.name) }
      let y = lower(b, &ctx)
      ctx.nonNull = saved
      if constant == true { deadCodeDepth -= 1 }
      return conditional(cond, x, y, e.span, thenSpan: a.span, elseSpan: b.span)
    case .call(let name, let args): return lowerCall(name, args, e.span, &ctx)
    case .field(let base, let name): return lowerField(base, name, e.span, &ctx)
    case .isNull(let x, let negated):
      let ir = lower(x, &ctx)
      let test = fold(IRExpr(.isNull(ir), type: .bool, span: e.span))
      return negated ? fold(IRExpr(.not(test), type: .bool, span: e.span)) : test
    case .inList(let x, let items):
      let subject = lower(x, &ctx)
      let tests = items.map { equality(subject, lower($0, &ctx), $0.span, &ctx) }
      // A balanced tree of `or`s: as deep as log2 of the list, so that a list of 20,000 items
      // does not make every later walker (folding, the engines) recurse 20,000 deep.
      return balancedOr(tests, e.span) ?? IRExpr(.constant(.bool(false)), type: .bool, span: e.span)
    case .inRange(let x, let lo, let hi):
      let subject = lower(x, &ctx)
      return rangeTest(subject, lo, hi, e.span, &ctx)
    case .clamp(let x, let lo, let hi):
      return lowerCall(Name("clamp", span: e.span), [x, lo, hi], e.span, &ctx)
    case .truncate(let x, let lo, let hi): return lowerTruncate(x, lo, hi, e.span, &ctx)
    case .choice(let arms): return lowerChoice(arms, e.span, &ctx)
    case .histogram(let bins): return lowerHistogram(bins, e.span, &ctx)
    case .mixture(let arms): return lowerMixture(arms, e.span, &ctx)
    case .match(let subject, let arms): return lowerMatch(subject, arms, e.span, &ctx)
    case .pick(let table, let filter, let weight, let distinct):
      return lowerPick(table, filter, weight, distinct: distinct, e.span, &ctx)
    case .grouped(let inner, let key): return lowerGrouped(inner, key, e.span, &ctx)
    case .calendar(let spec): return lowerCalendar(spec, e.span, &ctx)
    case .aggregate(let spec): return lowerAggregate(spec, e.span, &ctx)
    }
  }

  func poisoned(_ e: Expr) -> IRExpr { IRExpr(.constant(.null), type: .error, span: e.span) }

  /// `inner per key`: the draws of `inner` are shared by every row with the same key.
  mutating func lowerGrouped(_ inner: Expr, _ key: Expr, _ span: SourceSpan, _ ctx: inout ExprContext) -> IRExpr {
    let k = lower(key, &ctx)
    let x = lower(inner, &ctx)
    if k.type.isError || x.type.isError { return IRExpr(.constant(.null), type: .error, span: span) }
    if k.type.kind == .null {
      diagnostics.error(
        .argumentTypeMismatch, "the key after 'per' is always null", at: key.span, label: "no key to group by")
      return IRExpr(.constant(.null), type: .error, span: span)
    }
    if !ctx.allowRandom {
      diagnostics.error(
        .misplacedConstruct, "'per' groups random draws, which are not allowed here", at: span,
        label: "grouped draws", notes: [ctx.randomForbiddenReason])
      return IRExpr(.constant(.null), type: .error, span: span)
    }
    // A row of an inline table is grouped by its first value, its identity, so that inserting
    // a row does not move the groups of the others.
    if case .ref(let name) = k.type.kind, let t = tableIndex[name], !tables[t].isWritten,
      let first = tables[t].slots.first?.checked
    {
      let byValue = IRExpr(.field(base: k, table: t, slot: 0), type: first.type, span: k.span)
      tables[t].stored.insert(0)
      return IRExpr(.grouped(x, key: byValue), type: x.type, span: span)
    }
    return IRExpr(.grouped(x, key: k), type: x.type, span: span)
  }

  func literal(_ lit: Literal, _ span: SourceSpan) -> IRExpr {
    switch lit {
    case .int(let v): IRExpr(.constant(.int(v)), type: .int, span: span)
    case .float(let v): IRExpr(.constant(.float(v)), type: .float, span: span)
    case .percent(let v): IRExpr(.constant(.float(v)), type: .float, span: span)
    case .duration(let v): IRExpr(.constant(.duration(v)), type: .duration, span: span)
    case .string(let s): IRExpr(.constant(.text(s)), type: .text, span: span)
    case .bool(let b): IRExpr(.constant(.bool(b)), type: .bool, span: span)
    case .date(let d): IRExpr(.constant(.date(d)), type: .date, span: span)
    case .datetime(let t): IRExpr(.constant(.datetime(t)), type: .datetime, span: span)
    case .null: IRExpr(.constant(.null), type: .null, span: span)
    }
  }

  /// Resolves a bare name: a column of the table, `row`, the parent variable, or a constant.
  mutating func resolveName(_ n: String, _ span: SourceSpan, _ ctx: inout ExprContext) -> IRExpr {
    // A correlated aggregate's filter: the aggregated table's columns first, read on the row
    // being tested.
    if let source = ctx.candidate {
      if let s = tables[source].slotIndex[n], tables[source].slots[s].role != .persona {
        return candidateField(source, s, span, &ctx)
      }
      if n == "row" || tables[source].parent?.name == n {
        diagnostics.error(
          .misplacedConstruct, "'\(n)' of '\(tables[source].name)' cannot be read in a filter that also reads the current row",
          at: span, label: "not available in a filter that reads the current row",
          help: "give '\(tables[source].name)' a column that holds it, and read that column")
        return IRExpr(.constant(.null), type: .error, span: span)
      }
    }
    if ctx.slotsVisible, let t = ctx.table, let s = tables[t].slotIndex[n] {
      let type = ensureSlot(t, s)
      ctx.dependencies.insert(s)
      return IRExpr(.slot(s), type: type, span: span)
    }
    if let cell = resolveCellName(n, span, ctx) { return cell }
    if let p = ctx.parent, p.name == n {
      return IRExpr(.parentRow, type: ValueType(.ref(tables[p.table].name)), span: span)
    }
    if n == "row", ctx.slotsVisible, ctx.table != nil {
      return IRExpr(.rowNumber, type: .int, span: span)
    }
    // An aggregate's filter, on the aggregated table's rows: a name of the row being computed.
    if let outer = ctx.outer, outer.resolves(n, in: self) {
      outer.used = true
      return resolveName(n, span, &outer.ctx)
    }
    if globals[n] == nil, pendingLets[n] != nil { resolveLet(n) }
    if let g = globals[n] {
      return IRExpr(.constant(g.value), type: g.type, span: span)
    }
    var candidates = globalOrder
    if ctx.slotsVisible, let t = ctx.table {
      candidates = tables[t].slots.filter { $0.role != .persona }.map(\.name.text) + candidates
    }
    if let p = ctx.parent, !p.name.hasPrefix("#") { candidates.append(p.name) }
    if let t = ctx.table { candidates += tables[t].cellVariables.keys.sorted() }
    if let t = ctx.table, ctx.slotsVisible {
      diagnostics.error(
        .unknownColumn, "unknown column '\(n)' in table '\(tables[t].name)'", at: span,
        label: "not a column of '\(tables[t].name)'", help: suggest(n, candidates))
    } else if n == "row" {
      diagnostics.error(
        .misplacedConstruct, "'row' is only available in a column of a table", at: span,
        label: "no row here")
    } else {
      diagnostics.error(
        .unknownName, "unknown name '\(n)'", at: span, label: "not a parameter or constant",
        help: suggest(n, candidates))
    }
    return IRExpr(.constant(.null), type: .error, span: span)
  }

  mutating func lowerUnary(_ op: UnaryOperator, _ operand: Expr, _ span: SourceSpan, _ ctx: inout ExprContext) -> IRExpr {
    let x = lower(operand, &ctx)
    if x.type.isError { return IRExpr(.constant(.null), type: .error, span: span) }
    switch op {
    case .negate:
      guard x.type.isNumeric || x.type.kind == .duration else {
        diagnostics.error(
          .operatorTypeMismatch, "cannot negate a value of type '\(x.type)'", at: operand.span,
          label: "this is '\(x.type)'")
        return IRExpr(.constant(.null), type: .error, span: span)
      }
      return fold(IRExpr(.negate(x), type: x.type, span: span))
    case .not:
      guard TypeRules.isBoolish(x.type) else {
        diagnostics.error(
          .conditionNotBool, "'not' needs a boolean, found '\(x.type)'", at: operand.span,
          label: "this is '\(x.type)'")
        return IRExpr(.constant(.null), type: .error, span: span)
      }
      return fold(IRExpr(.not(x), type: .bool, span: span))
    }
  }

  mutating func lowerBinary(_ op: BinaryOperator, _ a: Expr, _ b: Expr, _ span: SourceSpan, _ ctx: inout ExprContext) -> IRExpr {
    if op == .implies {
      // `a implies b` is `not a or b`.
      let x = condition(a, &ctx, "the left side of 'implies'")
      let y = condition(b, &ctx, "the right side of 'implies'")
      if x.type.isError || y.type.isError { return IRExpr(.constant(.null), type: .error, span: span) }
      let notX = fold(IRExpr(.not(x), type: .bool, span: a.span))
      return fold(IRExpr(.binary(.or, notX, y), type: .bool, span: span))
    }
    let x = lower(a, &ctx)
    let y = lower(b, &ctx)
    if op == .equal || op == .notEqual {
      let eq = equality(x, y, span, &ctx)
      return op == .equal ? eq : fold(IRExpr(.not(eq), type: .bool, span: span))
    }
    guard let type = TypeRules.binary(op, x.type, y.type) else {
      let verb = op == .and || op == .or ? "'\(op.rawValue)' needs booleans" : "operator '\(op.rawValue)' cannot combine these types"
      diagnostics.error(
        op == .and || op == .or ? .conditionNotBool : .operatorTypeMismatch,
        "\(verb): '\(x.type)' and '\(y.type)'", at: b.span, label: "this is '\(y.type)'",
        secondary: [Label(a.span, "this is '\(x.type)'")],
        help: op == .add && (x.type.isTextual || y.type.isTextual) ? "use '++' to join texts"
          : op == .concat ? "a reference has no text form; read one of its columns, e.g. 'ref.id'" : nil)
      return IRExpr(.constant(.null), type: .error, span: span)
    }
    if type.isError { return IRExpr(.constant(.null), type: .error, span: span) }
    if op == .divide || op == .modulo, let v = y.constantValue, Semantics.equal(v, .int(0)) || v == .duration(0) {
      if deadCode { return IRExpr(.constant(.null), type: type, span: span) }
      diagnostics.error(.divisionByZero, "division by zero", at: b.span, label: "this is zero")
      return IRExpr(.constant(.null), type: .error, span: span)
    }
    let irOp: IROperator
    switch op {
    case .or, .implies: irOp = .or
    case .and: irOp = .and
    case .less: irOp = .less
    case .lessEqual: irOp = .lessEqual
    case .greater: irOp = .greater
    case .greaterEqual: irOp = .greaterEqual
    case .concat: irOp = .concat
    case .add: irOp = .add
    case .subtract: irOp = .subtract
    case .multiply: irOp = .multiply
    case .divide: irOp = .divide
    case .modulo: irOp = .modulo
    case .equal: irOp = .equal
    case .notEqual: irOp = .notEqual
    }
    return fold(IRExpr(.binary(irOp, x, y), type: type, span: span))
  }

  /// `a == b`, checking that a text literal compared with a choice is one of its values.
  mutating func equality(_ x: IRExpr, _ y: IRExpr, _ span: SourceSpan, _ ctx: inout ExprContext) -> IRExpr {
    if x.type.isError || y.type.isError { return IRExpr(.constant(.null), type: .error, span: span) }
    guard TypeRules.comparable(x.type, y.type, ordered: false) else {
      diagnostics.error(
        .operatorTypeMismatch, "cannot compare '\(x.type)' with '\(y.type)'", at: y.span,
        label: "this is '\(y.type)'", secondary: [Label(x.span, "this is '\(x.type)'")])
      return IRExpr(.constant(.null), type: .error, span: span)
    }
    checkChoiceLiteral(x, y)
    checkChoiceLiteral(y, x)
    return fold(IRExpr(.binary(.equal, x, y), type: .bool, span: span))
  }

  /// Reports a text constant compared with a choice it can never equal.
  mutating func checkChoiceLiteral(_ choice: IRExpr, _ other: IRExpr) {
    guard case .choice(let cases) = choice.type.kind, case .text(let s) = other.constantValue,
      !cases.contains(s)
    else { return }
    diagnostics.error(
      .notAChoiceValue, "\"\(s)\" is not one of the values of this choice", at: other.span,
      label: "never equal", secondary: [Label(choice.span, "this is one of \(cases.map { "\"\($0)\"" }.joined(separator: ", "))")],
      help: Suggestions.closest(to: s, among: cases).map { "did you mean \"\($0)\"?" })
  }

  /// `x in lo..hi` as `x >= lo and x <= hi`.
  mutating func rangeTest(_ x: IRExpr, _ lo: Expr, _ hi: Expr, _ span: SourceSpan, _ ctx: inout ExprContext) -> IRExpr {
    let l = lower(lo, &ctx)
    let h = lower(hi, &ctx)
    for (bound, e) in [(l, lo), (h, hi)] where !bound.type.isError && !x.type.isError {
      if !TypeRules.comparable(x.type, bound.type, ordered: true) {
        diagnostics.error(
          .operatorTypeMismatch, "cannot compare '\(x.type)' with the bound '\(bound.type)'", at: e.span,
          label: "this is '\(bound.type)'")
        return IRExpr(.constant(.null), type: .error, span: span)
      }
    }
    if x.type.isError || l.type.isError || h.type.isError { return IRExpr(.constant(.null), type: .error, span: span) }
    let ge = fold(IRExpr(.binary(.greaterEqual, x, l), type: .bool, span: span))
    let le = fold(IRExpr(.binary(.lessEqual, x, h), type: .bool, span: span))
    return fold(IRExpr(.binary(.and, ge, le), type: .bool, span: span))
  }

  /// Checks that an expression is a boolean condition.
  mutating func condition(_ e: Expr, _ ctx: inout ExprContext, _ what: String) -> IRExpr {
    let ir = lower(e, &ctx)
    if ir.type.isError || TypeRules.isBoolish(ir.type) { return ir }
    diagnostics.error(
      .conditionNotBool, "\(what) must be a boolean, found '\(ir.type)'", at: e.span,
      label: "this is '\(ir.type)'")
    return IRExpr(ir.kind, type: .error, span: ir.span)
  }

  /// `c ? x : y` with unified branch types.
  mutating func conditional(
    _ c: IRExpr, _ x: IRExpr, _ y: IRExpr, _ span: SourceSpan, thenSpan: SourceSpan, elseSpan: SourceSpan
  ) -> IRExpr {
    if c.type.isError || x.type.isError || y.type.isError {
      return IRExpr(.constant(.null), type: .error, span: span)
    }
    guard let type = TypeRules.unify(x.type, y.type) else {
      diagnostics.error(
        .branchTypeMismatch, "the branches of this conditional have different types", at: elseSpan,
        label: "this is '\(y.type)'", secondary: [Label(thenSpan, "this is '\(x.type)'")],
        help: "use 'null' for a missing value; the column then becomes '\(x.type.nullable)'")
      return IRExpr(.constant(.null), type: .error, span: span)
    }
    return fold(IRExpr(.conditional(c, coerce(x, to: type), coerce(y, to: type)), type: type, span: span))
  }
}

extension OuterScope {
  /// Whether `n` names a column of the row being computed or its parent variable.
  func resolves(_ n: String, in checker: Checker) -> Bool {
    if let t = ctx.table, let s = checker.tables[t].slotIndex[n], checker.tables[t].slots[s].role != .persona { return true }
    // A variable of a cross product's cell (`sec` of `[... per s in sessions, sec in sections]`).
    if let t = ctx.table, let c = checker.tables[t].cells, ctx.parent?.table == c, checker.tables[t].cellVariables[n] != nil {
      return true
    }
    return ctx.parent?.name == n
  }
}

extension Checker {
  /// Column `s` of the aggregated table, read on the row a correlated aggregate tests.
  mutating func candidateField(_ source: Int, _ s: Int, _ span: SourceSpan, _ ctx: inout ExprContext) -> IRExpr {
    let type = ensureSlot(source, s)
    if type.isError { return IRExpr(.constant(.null), type: .error, span: span) }
    tables[source].stored.insert(s)
    if let current = ctx.table, current != source {
      tableDependencies[current].insert(source)
      crossReads.append(CrossRead(reader: current, target: source, slot: s, span: span))
    }
    let row = IRExpr(.candidate, type: ValueType(.ref(tables[source].name)), span: span)
    return IRExpr(.field(base: row, table: source, slot: s), type: type, span: span)
  }

  /// `TABLE.column` in an aggregate's filter, where TABLE is the table being generated: the
  /// current row's column, even when the aggregated table has a column of the same name. Nil
  /// when `base` is not such a name.
  mutating func currentRowField(_ base: Expr, _ field: Name, _ ctx: inout ExprContext) -> IRExpr? {
    guard case .name(let n) = base.kind else { return nil }
    if let outer = ctx.outer, outer.tableName == n, let t = outer.ctx.table, tables[t].slotIndex[field.text] != nil,
      !(ctx.table.map { tables[$0].slotIndex[n] != nil } ?? false), ctx.parent?.name != n, globals[n] == nil
    {
      outer.used = true
      return resolveName(field.text, field.span, &outer.ctx)
    }
    if let source = ctx.candidate, let t = ctx.table, tables[t].name == n, tables[t].slotIndex[field.text] != nil,
      tables[source].slotIndex[n] == nil, ctx.parent?.name != n, globals[n] == nil
    {
      ctx.candidate = nil
      defer { ctx.candidate = source }
      return resolveName(field.text, field.span, &ctx)
    }
    return nil
  }
}
