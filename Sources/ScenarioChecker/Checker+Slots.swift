import ScenarioAST
import ScenarioDiagnostics
import ScenarioIR

extension Checker {
  /// Checks a table's count, personas and every slot.
  mutating func checkTable(_ t: Int) {
    if !tables[t].countChecked { checkCount(t) }
    if let decls = pendingPersonaDecls[t] { checkPersonaPlan(t, decls) }
    for s in tables[t].slots.indices { _ = ensureSlot(t, s) }
    checkCorrelations(t)
  }

  /// `[expr]` must be a constant non-negative integer; `[... per v in parent]` names a parent.
  mutating func checkCount(_ t: Int) {
    if tables[t].countChecked { return }
    tables[t].countChecked = true
    switch tables[t].decl.count {
    case .invalid: tables[t].count = .fixed(0)
    case .fixed(let expr):
      let ir = lowerGlobal(expr)
      tables[t].count = .fixed(0)
      if ir.type.isError { return }
      guard case .int(let n) = ir.constantValue, n >= 0, n <= 1_000_000_000_000 else {
        let shown = ir.constantValue.map { v -> String in
          if case .text(let s) = v { return "\"\(s)\"" }
          return Semantics.text(v)
        } ?? "'\(ir.type)'"
        diagnostics.error(
          .invalidCount, "the row count of table '\(tables[t].name)' must be a non-negative integer",
          at: expr.span, label: "this is \(shown)",
          help: ir.type.kind == .float ? "use round(...) to make it an integer" : nil)
        return
      }
      tables[t].count = .fixed(Int(n))
    case .inline, .source: break  // counted when registered
    case .perParent(let spec) where !spec.product.isEmpty:
      checkProductCount(t, spec)
    case .perParent(let spec):
      guard let p = tableIndex[spec.parent.text] else {
        diagnostics.error(
          .unknownTable, "unknown table '\(spec.parent.text)'", at: spec.parent.span,
          label: "no table has this name", help: suggest(spec.parent.text, tables.filter(\.isWritten).map(\.name)))
        return
      }
      if p == t {
        diagnostics.error(
          .selfReference, "table '\(tables[t].name)' cannot have itself as its parent",
          at: spec.parent.span, label: "the table being declared")
        return
      }
      tables[t].parent = (spec.variable.text, p)
      tableDependencies[t].insert(p)
      let (count, filter) = lowerChildCount(t, spec, parent: (spec.variable.text, p))
      tables[t].count = .perParent(parent: p, count: count, filter: filter)
    }
  }

  /// The rows per parent (or per cell) and the filter of a child table, checked in the parent
  /// row's context with the table's `#count` stream.
  mutating func lowerChildCount(_ t: Int, _ spec: ChildSpec, parent: (String, Int)) -> (IRExpr?, IRExpr?) {
    var ctx = ExprContext(
      table: t, slotsVisible: false, parent: parent, allowRandom: true,
      randomForbiddenReason: "", sitePrefix: [tables[t].name, "#count"])
    var count: IRExpr? = nil
    if let c = spec.count {
      let ir = lower(c, &ctx)
      if !ir.type.isError, ir.type.kind != .int {
        diagnostics.error(
          .argumentTypeMismatch, "the rows per parent of table '\(tables[t].name)' must be an integer",
          at: c.span, label: "this is '\(ir.type)'", help: "use round(...) or a discrete distribution such as poisson(...)")
      }
      if case .int(let n) = ir.constantValue, n < 0 {
        diagnostics.error(
          .invalidCount, "the rows per parent of table '\(tables[t].name)' must not be negative", at: c.span,
          label: "this is \(n)")
      }
      count = ir
    }
    var filter: IRExpr? = nil
    if let f = spec.filter {
      filter = condition(f, &ctx, "the filter of table '\(tables[t].name)'")
    }
    return (count, filter)
  }

  /// Turns the persona list into a plan: exact counts first, percentages for the rest.
  mutating func checkPersonaPlan(_ t: Int, _ decls: [PersonaDecl]) {
    var exact: [Int?] = []
    var weights: [Double] = []
    var restIndex: Int? = nil
    var percentTotal = 0.0
    var exactTotal = 0
    var percentSpans: [SourceSpan] = []
    var seenNames: Set<String> = []
    let unique = decls.filter { seenNames.insert($0.name.text).inserted }
    for (i, p) in unique.enumerated() {
      switch p.share {
      case .count(let e):
        let ir = lowerGlobal(e)
        guard case .int(let n) = ir.constantValue, n >= 0 else {
          if !ir.type.isError {
            diagnostics.error(
              .invalidPersonaShares, "the size of persona '\(p.name.text)' must be a non-negative integer or a percentage",
              at: e.span, label: "this is '\(ir.type)'", help: "write e.g. '\(p.name.text) 10%' or '\(p.name.text) 3'")
          }
          exact.append(0)
          weights.append(0)
          continue
        }
        if case .perParent = tables[t].decl.count {
          diagnostics.error(
            .invalidPersonaShares, "persona '\(p.name.text)' has an exact count, but table '\(tables[t].name)' has rows per parent",
            at: e.span, label: "exact count", help: "use a percentage")
        }
        let c = Int(min(n, 1_000_000_000_000))
        exact.append(c)
        exactTotal += c
        weights.append(0)
      case .percent(let v, let span):
        if v < 0 {
          diagnostics.error(.invalidPersonaShares, "persona shares must not be negative", at: span, label: "negative share")
        }
        exact.append(nil)
        weights.append(max(0, v))
        percentTotal += max(0, v)
        percentSpans.append(span)
      case .rest(let span):
        if restIndex != nil {
          diagnostics.error(.invalidPersonaList, "only one persona can take the 'rest'", at: span, label: "second 'rest'")
        }
        restIndex = i
        exact.append(nil)
        weights.append(0)
      }
    }
    let spanAll = decls[0].name.span.merged(with: decls[decls.count - 1].name.span)
    if percentTotal > 1 + 1e-9 {
      diagnostics.error(
        .invalidPersonaShares, "persona shares of table '\(tables[t].name)' add up to more than 100%",
        at: percentSpans.first ?? spanAll, label: "shares total \(Semantics.text(.float((percentTotal * 1e6).rounded() / 1e4)))%")
    }
    if let r = restIndex { weights[r] = max(0, 1 - percentTotal) }
    if case .fixed(let n) = tables[t].count {
      if exactTotal > n {
        diagnostics.error(
          .invalidPersonaShares, "persona counts of table '\(tables[t].name)' add up to \(exactTotal), more than its \(n) rows",
          at: spanAll, label: "exact counts")
      } else if exactTotal < n, percentTotal == 0, restIndex == nil {
        diagnostics.error(
          .invalidPersonaShares, "persona counts of table '\(tables[t].name)' add up to \(exactTotal), fewer than its \(n) rows",
          at: spanAll, label: "exact counts", help: "add a 'rest' persona or make the counts add up to \(n)")
      }
    }
    // (A persona declared twice is reported on its own; the shares of such a list are not.)
    let duplicated = unique.count < decls.count
    if percentTotal > 0, restIndex == nil, !duplicated, abs(percentTotal - 1) > 1e-9, percentTotal <= 1 {
      diagnostics.error(
        .invalidPersonaShares, "persona shares of table '\(tables[t].name)' add up to less than 100%",
        at: percentSpans.first ?? spanAll, label: "shares total \(Semantics.text(.float((percentTotal * 1e6).rounded() / 1e4)))%",
        help: "add a persona with 'rest' to take the remainder")
    }
    tables[t].personaPlan = PersonaPlan(names: tables[t].personaNames, exactCounts: exact, weights: weights)
    warnUnreachableOverrides(t, exact: exact, weights: weights)
  }

  /// W0802: an override for a persona that can never have a row (an exact count of 0, or a
  /// share of 0%).
  mutating func warnUnreachableOverrides(_ t: Int, exact: [Int?], weights: [Double]) {
    for p in exact.indices where p < tables[t].personaNames.count {
      let empty = exact[p].map { $0 == 0 } ?? (weights[p] == 0)
      guard empty else { continue }
      for slot in tables[t].slots {
        guard let e = slot.overrides[p] else { continue }
        diagnostics.warning(
          .unreachablePersona,
          "persona '\(tables[t].personaNames[p])' has no rows, so this override of '\(slot.name.text)' is never used",
          at: e.span, label: "never used", help: "give the persona a share, or remove the override")
      }
    }
  }

  /// Checks a slot on first use and returns its type; reports a dependency cycle.
  mutating func ensureSlot(_ t: Int, _ s: Int) -> ValueType {
    if let done = tables[t].slots[s].checked { return done.type }
    if let i = inProgress.firstIndex(where: { $0.table == t && $0.slot == s }) {
      let path = (inProgress[i...].map { $0 } + [(table: t, slot: s)]).map { entry in
        entry.table == t ? "'\(tables[entry.table].slots[entry.slot].name.text)'"
          : "'\(tables[entry.table].name).\(tables[entry.table].slots[entry.slot].name.text)'"
      }
      let slot = tables[t].slots[s]
      diagnostics.error(
        .dependencyCycle, "column '\(slot.name.text)' depends on itself: \(path.joined(separator: " -> "))",
        at: slot.name.span, label: "part of a cycle",
        help: "break the cycle by computing one of these columns without the others")
      return .error
    }
    // A table with rows per cell of a product declares its variables when its count is
    // checked; a column read before that (by a parent's summary of it) checks the count first.
    if !tables[t].countChecked, case .perParent(let spec) = tables[t].decl.count, !spec.product.isEmpty {
      checkCount(t)
      if let done = tables[t].slots[s].checked { return done.type }
    }
    inProgress.append((t, s))
    defer { inProgress.removeLast() }
    let slot = tables[t].slots[s]
    guard let valueExpr = slot.value else { return .error }
    let parent = tables[t].parent.map { ($0.name, $0.table) }
    var ctx = ExprContext.column(
      table: t, tableName: tables[t].name, column: slot.name.text, scope: "v", parent: parent)
    var base = lower(valueExpr, &ctx)
    var type = base.type
    var overrides: [Int: IRExpr] = [:]
    var deps = ctx.dependencies
    for (p, e) in slot.overrides.sorted(by: { $0.key < $1.key }) {
      var octx = ExprContext.column(
        table: t, tableName: tables[t].name, column: slot.name.text,
        scope: "p:" + tables[t].personaNames[p], parent: parent)
      let ir = lower(e, &octx)
      deps.formUnion(octx.dependencies)
      guard let u = TypeRules.unify(type, ir.type) else {
        diagnostics.error(
          .branchTypeMismatch, "the override for persona '\(tables[t].personaNames[p])' has a different type than column '\(slot.name.text)'",
          at: e.span, label: "this is '\(ir.type)'", secondary: [Label(valueExpr.span, "this is '\(type)'")])
        type = .error
        continue
      }
      type = u
      overrides[p] = ir
    }
    if let personaSlot = tables[t].personaSlot, !overrides.isEmpty { deps.insert(personaSlot) }
    if !type.isError, !overrides.isEmpty {
      // The base and every override take the unified type (an int base under a float override
      // is written as a float).
      base = coerce(base, to: type)
      overrides = overrides.mapValues { coerce($0, to: type) }
    }
    var precision: Int? = nil
    if let ann = slot.annotation {
      let probe = applyAnnotation(ann, to: IRExpr(base.kind, type: type, span: base.span), what: "column '\(slot.name.text)'")
      precision = ann.precision
      if probe.type != type {
        base = coerce(base, to: probe.type)
        overrides = overrides.mapValues { coerce($0, to: probe.type) }
      }
      type = probe.type
      if ann.table != nil, ann.nullable, !type.isError {
        base = Self.emptyPicksAreNull(base)
        overrides = overrides.mapValues(Self.emptyPicksAreNull)
      }
    }
    if type.kind == .null {
      diagnostics.error(
        .annotationMismatch, "column '\(slot.name.text)' is always null", at: valueExpr.span,
        label: "the type of this column cannot be inferred", help: "annotate it, e.g. '\(slot.name.text): text? = null'")
      type = .error
    }
    let expr = overrides.isEmpty ? base : IRExpr(.personaSwitch(base: base, overrides: overrides), type: type, span: base.span)
    tables[t].slots[s].checked = SlotIR(
      name: slot.name.text, span: slot.name.span, type: type, precision: precision, expr: expr,
      isOutput: slot.role == .column, role: slot.role)
    tables[t].slots[s].dependencies = deps
    return type
  }

  /// Checks an annotation against a value and returns the value typed as annotated.
  mutating func applyAnnotation(_ ann: TypeAnnotation?, to ir: IRExpr, what: String) -> IRExpr {
    guard let ann else { return ir }
    if ann.name.text == "ref" { return applyRefAnnotation(ann, to: ir, what: what) }
    guard let kind = TypeRules.annotated(ann.name.text) else {
      diagnostics.error(
        .annotationMismatch, "unknown type '\(ann.name.text)'", at: ann.name.span, label: "not a type",
        help: suggest(ann.name.text, ["int", "float", "bool", "text", "date", "datetime", "duration"]))
      return ir
    }
    if let p = ann.precision, kind != .float || p < 0 || p > 12 {
      diagnostics.error(
        .annotationMismatch, kind != .float ? "only 'float' takes a number of decimals" : "a float may have 0 to 12 decimals",
        at: ann.span, label: "invalid precision")
    }
    if ir.type.isError { return ir }
    let target = ValueType(kind, nullable: ann.nullable || (ir.type.isNullable && ann.nullable))
    if ir.type.isNullable && !ann.nullable && ir.type.kind != .null {
      diagnostics.error(
        .annotationMismatch, "\(what) may be null, but its type '\(ann.name.text)' does not allow null",
        at: ir.span, label: "this is '\(ir.type)'", help: "write '\(ann.name.text)?' to allow null")
      return IRExpr(ir.kind, type: .error, span: ir.span)
    }
    if ir.type.kind == .null { return IRExpr(ir.kind, type: target.nullable, span: ir.span) }
    let wanted = ValueType(kind, nullable: ir.type.isNullable)
    // A choice annotated as text keeps its checked values for comparisons.
    if case .choice = ir.type.kind, kind == .text { return ir }
    if !TypeRules.assignable(ir.type.nonNull, to: wanted.nonNull) {
      diagnostics.error(
        .annotationMismatch, "\(what) is declared '\(ann.name.text)' but its value is '\(ir.type)'",
        at: ir.span, label: "this is '\(ir.type)'",
        help: ir.type.kind == .float && kind == .int ? "use round(...) to make an integer" : nil)
      return IRExpr(ir.kind, type: .error, span: ir.span)
    }
    return coerce(ir, to: ValueType(kind, nullable: ir.type.isNullable || ann.nullable))
  }

  /// `ref(TABLE)` and `ref(TABLE)?`: the value must be a reference to TABLE (or null). The
  /// nullable form makes a pick with nothing to pick null (`emptyPicksAreNull`, applied by the
  /// caller to every branch).
  mutating func applyRefAnnotation(_ ann: TypeAnnotation, to ir: IRExpr, what: String) -> IRExpr {
    guard let table = ann.table else {
      diagnostics.error(
        .annotationMismatch, "a reference type names its table", at: ann.span, label: "'ref' without a table",
        help: "write 'ref(TABLE)' or 'ref(TABLE)?'")
      return IRExpr(ir.kind, type: .error, span: ir.span)
    }
    guard tableIndex[table.text] != nil else {
      diagnostics.error(
        .unknownTable, "unknown table '\(table.text)'", at: table.span, label: "no such table",
        help: suggest(table.text, tables.map(\.name)))
      return IRExpr(ir.kind, type: .error, span: ir.span)
    }
    if ann.precision != nil {
      diagnostics.error(.annotationMismatch, "only 'float' takes a number of decimals", at: ann.span, label: "invalid precision")
    }
    if ir.type.isError { return ir }
    let shown = "ref(\(table.text))" + (ann.nullable ? "?" : "")
    if ir.type.kind == .null { return IRExpr(ir.kind, type: ValueType(.ref(table.text), nullable: true), span: ir.span) }
    guard case .ref(let actual) = ir.type.kind, actual == table.text else {
      diagnostics.error(
        .annotationMismatch, "\(what) is declared '\(shown)' but its value is '\(ir.type)'", at: ir.span,
        label: "this is '\(ir.type)'")
      return IRExpr(ir.kind, type: .error, span: ir.span)
    }
    if ir.type.isNullable && !ann.nullable {
      diagnostics.error(
        .annotationMismatch, "\(what) may be null, but its type '\(shown)' does not allow null",
        at: ir.span, label: "this is '\(ir.type)'", help: "write 'ref(\(table.text))?' to allow null")
      return IRExpr(ir.kind, type: .error, span: ir.span)
    }
    return IRExpr(ir.kind, type: ValueType(ir.type.kind, nullable: ann.nullable), span: ir.span)
  }

  /// Every pick of `e` that is its value (itself, or a branch of `?:`, `match` or a persona
  /// switch) wrapped so that a row with nothing to pick gets null instead of R0703.
  static func emptyPicksAreNull(_ e: IRExpr) -> IRExpr {
    var out = e
    switch e.kind {
    case .pick, .keyedPick:
      return IRExpr(.emptyPickIsNull(e), type: e.type.nullable, span: e.span)
    case .conditional(let c, let a, let b):
      out.kind = .conditional(c, emptyPicksAreNull(a), emptyPicksAreNull(b))
    case .personaSwitch(let base, let overrides):
      out.kind = .personaSwitch(base: emptyPicksAreNull(base), overrides: overrides.mapValues(emptyPicksAreNull))
    case .grouped(let inner, let key):
      out.kind = .grouped(emptyPicksAreNull(inner), key: key)
    default:
      return e
    }
    out.type = e.type.nullable
    return out
  }

  /// Converts an int expression to float where a float is expected; otherwise retypes.
  func coerce(_ ir: IRExpr, to type: ValueType) -> IRExpr {
    guard !type.isError else { return ir }
    if ir.type.kind == .int, type.kind == .float {
      if case .int(let i) = ir.constantValue { return IRExpr(.constant(.float(Double(i))), type: type, span: ir.span) }
      return IRExpr(.call(.float, [ir]), type: type, span: ir.span)
    }
    return IRExpr(ir.kind, type: ValueType(ir.type.kind == .null ? type.kind : ir.type.kind, nullable: type.isNullable || ir.type.isNullable), span: ir.span)
  }
}
