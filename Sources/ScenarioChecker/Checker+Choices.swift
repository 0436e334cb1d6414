import ScenarioAST
import ScenarioDiagnostics
import ScenarioIR
import ScenarioRandom

extension Checker {
  /// `choice { value weight, ... }`: all-text constant values make a choice type.
  mutating func lowerChoice(_ arms: [ChoiceArm], _ span: SourceSpan, _ ctx: inout ExprContext) -> IRExpr {
    guard !arms.isEmpty else {
      diagnostics.error(.invalidWeights, "a 'choice' needs at least one value", at: span, label: "empty choice")
      return IRExpr(.constant(.null), type: .error, span: span)
    }
    guard ctx.allowRandom else {
      diagnostics.error(
        .misplacedConstruct, "random draws are not allowed here", at: span, label: "'choice' draws a random value",
        notes: [ctx.randomForbiddenReason])
      return IRExpr(.constant(.null), type: .error, span: span)
    }
    let site = ctx.nextSite()
    var values: [IRExpr] = []
    var weights: [IRExpr] = []
    var type: ValueType? = nil
    var failed = false
    for arm in arms {
      let v = lower(arm.value, &ctx)
      let w = lower(arm.weight, &ctx)
      if v.type.isError || w.type.isError {
        failed = true
        continue
      }
      if !w.type.isNumeric || w.type.isNullable {
        diagnostics.error(
          .argumentTypeMismatch, "a choice weight must be a number, found '\(w.type)'", at: arm.weight.span,
          label: "this is '\(w.type)'", help: "write each value followed by its weight, e.g. \"a\" 30%")
        failed = true
        continue
      }
      if let c = w.constantValue?.asDouble, c < 0 || !c.isFinite {
        diagnostics.error(.invalidWeights, "a choice weight must not be negative", at: arm.weight.span, label: "this is \(Semantics.text(w.constantValue ?? .null))")
        failed = true
        continue
      }
      if let t = type {
        guard let u = TypeRules.unify(t, v.type) else {
          diagnostics.error(
            .branchTypeMismatch, "the values of this choice have different types", at: arm.value.span,
            label: "this is '\(v.type)'", secondary: [Label(arms[0].value.span, "this is '\(t)'")])
          failed = true
          continue
        }
        type = u
      } else {
        type = v.type
      }
      values.append(v)
      weights.append(coerce(w, to: .float))
    }
    if failed { return IRExpr(.constant(.null), type: .error, span: span) }
    let constantWeights = weights.compactMap { $0.constantValue?.asDouble }
    if constantWeights.count == weights.count, constantWeights.allSatisfy({ $0 == 0 }) {
      diagnostics.error(.invalidWeights, "all weights of this choice are zero", at: span, label: "nothing can be chosen")
      return IRExpr(.constant(.null), type: .error, span: span)
    }
    var resultType = type ?? .error
    let texts = values.compactMap { v -> String? in
      if case .text(let s) = v.constantValue { return s }
      return nil
    }
    if texts.count == values.count {
      var cases: [String] = []
      for s in texts where !cases.contains(s) { cases.append(s) }
      resultType = ValueType(.choice(cases))
    }
    return IRExpr(
      .choice(values: values.map { coerce($0, to: resultType) }, weights: weights, site), type: resultType, span: span)
  }

  /// `match [subject] { pattern | pattern => value, ..., _ => value }` as nested conditionals.
  mutating func lowerMatch(_ subject: Expr?, _ arms: [MatchArm], _ span: SourceSpan, _ ctx: inout ExprContext) -> IRExpr {
    let subj = subject.map { lower($0, &ctx) }
    var lowered: [(test: IRExpr?, value: IRExpr, span: SourceSpan)] = []
    var failed = subj?.type.isError ?? false
    var seenDefault = false
    for arm in arms {
      var test: IRExpr? = nil
      for p in arm.patterns {
        var t: IRExpr
        switch p {
        case .value(let e):
          if let s = subj {
            t = equality(s, lower(e, &ctx), e.span, &ctx)
          } else {
            t = condition(e, &ctx, "a 'match' arm without a subject")
          }
        case .range(let lo, let hi):
          guard let s = subj else {
            diagnostics.error(
              .misplacedConstruct, "a range pattern needs a 'match' subject", at: lo.span.merged(with: hi.span),
              label: "nothing to compare", help: "write 'match value { 1..3 => ... }'")
            failed = true
            continue
          }
          t = rangeTest(s, lo, hi, lo.span.merged(with: hi.span), &ctx)
        }
        if t.type.isError { failed = true }
        test = test.map { fold(IRExpr(.binary(.or, $0, t), type: .bool, span: arm.span)) } ?? t
      }
      if !arm.patterns.isEmpty, test == nil {
        // Every pattern of this arm failed (already reported): it is not a default arm.
        test = IRExpr(.constant(.bool(false)), type: .error, span: arm.span)
      }
      let v = lower(arm.value, &ctx)
      if v.type.isError { failed = true }
      if seenDefault {
        diagnostics.warning(
          .unreachableArm, "this arm comes after the default arm '_' and is never chosen", at: arm.span,
          label: "unreachable arm", help: "move the '_' arm to the end")
      }
      lowered.append((test, v, arm.value.span))
      if test == nil { seenDefault = true }
    }
    if failed || lowered.isEmpty {
      if lowered.isEmpty {
        diagnostics.error(.expectedExpression, "a 'match' needs at least one arm", at: span, label: "empty match")
      }
      return IRExpr(.constant(.null), type: .error, span: span)
    }
    var type = lowered[0].value.type
    for arm in lowered.dropFirst() {
      guard let u = TypeRules.unify(type, arm.value.type) else {
        diagnostics.error(
          .branchTypeMismatch, "the arms of this match have different types", at: arm.span,
          label: "this is '\(arm.value.type)'", secondary: [Label(lowered[0].span, "this is '\(type)'")])
        return IRExpr(.constant(.null), type: .error, span: span)
      }
      type = u
    }
    let hasDefault = lowered.contains { $0.test == nil }
    if !hasDefault { type = type.nullable }
    // The arms up to the default one, as (test, value); the default is the fallback.
    var arms: [(test: IRExpr, value: IRExpr)] = []
    var fallback = IRExpr(.constant(.null), type: type, span: span)
    for arm in lowered {
      guard let test = arm.test else {
        fallback = coerce(arm.value, to: type)
        break
      }
      arms.append((test, coerce(arm.value, to: type)))
    }
    let result = matchTree(arms[...], fallback: fallback, type: type, span: span)
    return IRExpr(result.kind, type: type, span: span)
  }

  /// The arms as conditionals, first match wins. Up to 16 arms (or when a test draws a random
  /// value) this is the chain `t1 ? v1 : t2 ? v2 : ... : fallback`; a longer match is split in
  /// halves, `(any test of the first half) ? first half : second half`, which chooses the same
  /// arm (an arm of the first half comes before every arm of the second) while keeping the
  /// expression as deep as log2 of the arms, not one level per arm.
  mutating func matchTree(
    _ arms: ArraySlice<(test: IRExpr, value: IRExpr)>, fallback: IRExpr, type: ValueType, span: SourceSpan
  ) -> IRExpr {
    if arms.count <= 16 || arms.contains(where: { Self.draws($0.test) }) {
      var result = fallback
      for arm in arms.reversed() {
        result = fold(IRExpr(.conditional(arm.test, arm.value, result), type: type, span: span))
      }
      return result
    }
    let middle = arms.startIndex + arms.count / 2
    let first = arms[..<middle]
    let rest = matchTree(arms[middle...], fallback: fallback, type: type, span: span)
    let any = balancedOr(first.map(\.test), span) ?? IRExpr(.constant(.bool(false)), type: .bool, span: span)
    // Within the first half some test holds, so its chain never reaches its fallback: the last
    // arm's value stands there (one copy of `rest` only, else the tree would double per level).
    let inner = matchTree(first, fallback: first.last!.value, type: type, span: span)
    return fold(IRExpr(.conditional(any, inner, rest), type: type, span: span))
  }

  /// Whether an expression draws a random value (so that it must be evaluated exactly once).
  static func draws(_ e: IRExpr) -> Bool {
    var found = false
    walk(e) { node in
      switch node.kind {
      case .random, .choice, .pick, .keyedPick, .histogram, .mixture, .calendar, .truncated: found = true
      default: break
      }
    }
    return found
  }

  /// `t1 or t2 or ...` as a balanced tree (depth log2 of the count); nil for no tests.
  mutating func balancedOr(_ tests: [IRExpr], _ span: SourceSpan) -> IRExpr? {
    guard !tests.isEmpty else { return nil }
    if tests.count == 1 { return tests[0] }
    let middle = tests.count / 2
    let a = balancedOr(Array(tests[..<middle]), span)!
    let b = balancedOr(Array(tests[middle...]), span)!
    return fold(IRExpr(.binary(.or, a, b), type: .bool, span: span))
  }

  /// `pick TABLE [where cond] [weighted by expr]`: a reference to a row of another table.
  mutating func lowerPick(
    _ table: Name, _ filter: Expr?, _ weight: Expr?, distinct: Bool, _ span: SourceSpan, _ ctx: inout ExprContext
  ) -> IRExpr {
    guard let current = ctx.table else {
      diagnostics.error(.misplacedConstruct, "'pick' is only available in a column of a table", at: span, label: "no row here")
      return IRExpr(.constant(.null), type: .error, span: span)
    }
    guard let target = tableIndex[table.text] else {
      diagnostics.error(
        .unknownTable, "unknown table '\(table.text)'", at: table.span, label: "no table has this name",
        help: suggest(table.text, tables.map(\.name)))
      return IRExpr(.constant(.null), type: .error, span: span)
    }
    if target == current {
      diagnostics.error(.selfReference, "table '\(table.text)' cannot pick its own rows", at: table.span, label: "the table being generated")
      return IRExpr(.constant(.null), type: .error, span: span)
    }
    guard ctx.allowRandom else {
      diagnostics.error(.misplacedConstruct, "random draws are not allowed here", at: span, label: "'pick' draws a random row", notes: [ctx.randomForbiddenReason])
      return IRExpr(.constant(.null), type: .error, span: span)
    }
    tableDependencies[current].insert(target)
    // First, on the picked table's rows; names of the current row are found through `outer`.
    let outer = OuterScope(ctx, tableName: tables[current].name)
    var inner = ExprContext(
      table: target, slotsVisible: true, parent: nil, allowRandom: false,
      randomForbiddenReason: "'where' and 'weighted by' of a pick are evaluated once per candidate row",
      sitePrefix: [])
    inner.outer = outer
    let targetReads = tableDependencies[target]
    var f: IRExpr? = nil
    var w: IRExpr? = nil
    if let filter { f = condition(filter, &inner, "the filter of 'pick'") }
    if let weight {
      let ir = lower(weight, &inner)
      if !ir.type.isError, !ir.type.isNumeric {
        diagnostics.error(.argumentTypeMismatch, "the weight of 'pick' must be a number, found '\(ir.type)'", at: weight.span, label: "this is '\(ir.type)'")
        return IRExpr(.constant(.null), type: .error, span: span)
      }
      w = coerce(ir, to: ValueType(.float, nullable: ir.type.isNullable))
    }
    if f?.type.isError == true || w?.type.isError == true { return IRExpr(.constant(.null), type: .error, span: span) }
    if distinct, weight != nil {
      diagnostics.error(
        .misplacedConstruct, "a distinct pick cannot be weighted",
        at: span, label: "'pick distinct' draws each candidate once per group, uniformly",
        help: "remove 'weighted by', or drop 'distinct'")
      return IRExpr(.constant(.null), type: .error, span: span)
    }
    if outer.used {
      tableDependencies[target] = targetReads
      return lowerKeyedPick(table, target, filter, weight, distinct: distinct, span, &ctx)
    }
    tables[target].stored.formUnion(inner.dependencies)
    for s in inner.dependencies.sorted() { crossReads.append(CrossRead(reader: current, target: target, slot: s, span: span)) }
    return IRExpr(
      .pick(table: target, filter: f, weight: w, ctx.nextSite(), distinct: distinct), type: ValueType(.ref(table.text)),
      span: span)
  }

  /// A pick whose filter or weight reads the current row (Language.md §12, keyed picks): checked
  /// again on the current row, with the picked table's columns as fields of the candidate row,
  /// as a correlated aggregate's filter is; the filter's first equality between a candidate
  /// column and a current-row value becomes the index key.
  mutating func lowerKeyedPick(
    _ table: Name, _ target: Int, _ filter: Expr?, _ weight: Expr?, distinct: Bool = false, _ span: SourceSpan,
    _ ctx: inout ExprContext
  ) -> IRExpr {
    let bad = IRExpr(.constant(.null), type: .error, span: span)
    guard
      let lowered = lowerOnCurrentRow(
        filter, weight, candidate: target, filterName: "the filter of 'pick'",
        reason: "'where' and 'weighted by' of a pick are evaluated once per candidate row", &ctx)
    else { return bad }
    let f = lowered.filter
    var w = lowered.other
    if let ir = w {
      guard ir.type.isNumeric else { return bad }  // reported by the first pass
      w = coerce(ir, to: ValueType(.float, nullable: ir.type.isNullable))
    }
    let key = f.flatMap(Self.indexKey)
    var keyOnly = false
    if let f, case .binary(.equal, _, _) = f.kind, key != nil { keyOnly = true }
    if distinct, !keyOnly {
      diagnostics.error(
        .misplacedConstruct, "a distinct pick that reads the current row must filter on one equality only",
        at: filter?.span ?? span, label: "more than 'column == value of this row'",
        notes: ["every row of a group must choose among the same candidates, so that no two rows pick the same one"],
        help: "write 'pick distinct \(table.text) where COLUMN == VALUE', with COLUMN a column of '\(table.text)' and VALUE one of this row")
      return bad
    }
    let rows = CorrelatedAggregate(
      id: correlatedCount, function: .count, source: target, filter: f, argument: nil, key: key, atLeast: 0)
    correlatedCount += 1
    tableDependencies[ctx.table ?? target].insert(target)
    return IRExpr(
      .keyedPick(KeyedPick(rows: rows, weight: w, keyOnly: keyOnly, distinct: distinct), ctx.nextSite()), type: ValueType(.ref(table.text)),
      span: span)
  }

  /// `base.field`: reads a column of the row a reference points to.
  mutating func lowerField(_ base: Expr, _ field: Name, _ span: SourceSpan, _ ctx: inout ExprContext) -> IRExpr {
    if let current = currentRowField(base, field, &ctx) { return current }
    let b = lower(base, &ctx)
    if b.type.isError { return IRExpr(.constant(.null), type: .error, span: span) }
    guard case .ref(let tableName) = b.type.kind, let target = tableIndex[tableName] else {
      diagnostics.error(
        .notAReference, "'.\(field.text)' needs a reference to a row, found '\(b.type)'", at: base.span,
        label: "this is '\(b.type)'", help: "references come from 'pick TABLE' or a child table's parent variable")
      return IRExpr(.constant(.null), type: .error, span: span)
    }
    guard let s = tables[target].slotIndex[field.text] else {
      diagnostics.error(
        .unknownField, "table '\(tableName)' has no column '\(field.text)'", at: field.span,
        label: "not a column of '\(tableName)'", help: suggest(field.text, tables[target].slots.filter { $0.role != .persona }.map(\.name.text)))
      return IRExpr(.constant(.null), type: .error, span: span)
    }
    let type = ensureSlot(target, s)
    if type.isError { return IRExpr(.constant(.null), type: .error, span: span) }
    tables[target].stored.insert(s)
    if let current = ctx.table, current != target {
      tableDependencies[current].insert(target)
      crossReads.append(CrossRead(reader: current, target: target, slot: s, span: span))
    }
    return IRExpr(.field(base: b, table: target, slot: s), type: ValueType(type.kind, nullable: type.isNullable || b.type.isNullable), span: span)
  }
}
