import ScenarioAST
import ScenarioDiagnostics
import ScenarioIR
import ScenarioParser

extension Checker {
  /// `scenario`, `seed` and `now`: each at most once.
  mutating func checkHeader(_ file: ScenarioFile) {
    var seen: [String: SourceSpan] = [:]
    func once(_ what: String, _ span: SourceSpan) -> Bool {
      if let first = seen[what] {
        diagnostics.error(
          .invalidHeader, "'\(what)' is declared more than once", at: span, label: "second declaration",
          secondary: [Label(first, "first declared here")])
        return false
      }
      seen[what] = span
      return true
    }
    var sawNow = false
    for d in file.declarations {
      switch d.kind {
      case .scenario(let name):
        if once("scenario", d.span) { scenarioName = name.text }
      case .seed(let value, _):
        if once("seed", d.span) { seed = value }
      case .now(let expr):
        guard once("now", d.span) else { continue }
        sawNow = true
        let ir = lowerGlobal(expr)
        switch ir.constantValue {
        case .datetime(let t): now = t
        case .date(let day): now = day &* 86_400
        default:
          if !ir.type.isError {
            diagnostics.error(
              .invalidHeader, "'now' must be a constant date or date-time", at: expr.span,
              label: "this is '\(ir.type)'", help: "write e.g. 'now 2024-06-30T00:00:00'")
          }
        }
      default: break
      }
    }
    if let s = options.seed { seed = s }
    if let t = options.now {
      now = t
    } else if !sawNow {
      // Without `now`, the epoch of the scenario is fixed (never the wall clock).
      now = 1_704_067_200  // 2024-01-01T00:00:00Z
    }
  }

  /// Parameters (defaults, then the mode, then `--set`) and top-level `let`s.
  mutating func checkGlobals(_ file: ScenarioFile) {
    var params: [String: ParamDecl] = [:]
    var modes: [String: ModeDecl] = [:]
    var lets: [(Name, TypeAnnotation?, Expr)] = []
    for d in file.declarations {
      switch d.kind {
      case .param(let p):
        guard declareGlobal(p.name) else { continue }
        params[p.name.text] = p
        parameterNames.append(p.name.text)
        var v = lowerGlobal(p.defaultValue)
        v = applyAnnotation(p.type, to: v, what: "parameter '\(p.name.text)'")
        define(p.name, v, isParameter: true)
      case .letConstant(let name, let type, let expr):
        guard declareGlobal(name) else { continue }
        lets.append((name, type, expr))
      case .mode(let m):
        if let first = modes[m.name.text] {
          diagnostics.error(
            .duplicateDefinition, "mode '\(m.name.text)' is declared more than once",
            at: m.name.span, label: "second declaration", secondary: [Label(first.name.span, "first declared here")])
        }
        modes[m.name.text] = m
      default: break
      }
    }
    applyMode(modes: modes, params: params)
    applyOverrides(params: params)
    for (name, p) in params { checkAllowed(p, value: globals[name]) }
    // `let`s may refer to each other in any order: each is resolved on first use.
    for (name, type, expr) in lets { pendingLets[name.text] = (name, type, expr) }
    for (name, _, _) in lets { resolveLet(name.text) }
  }

  /// Checks a top-level `let` (once), reporting a cycle if it depends on itself.
  mutating func resolveLet(_ name: String) {
    guard globals[name] == nil, let (n, type, expr) = pendingLets[name] else { return }
    if let i = letsInProgress.firstIndex(of: name) {
      let cycle = (letsInProgress[i...] + [name]).map { "'\($0)'" }.joined(separator: " -> ")
      diagnostics.error(
        .dependencyCycle, "constants depend on each other in a cycle: \(cycle)", at: n.span,
        label: "part of the cycle")
      globals[name] = GlobalValue(value: .null, type: .error, span: n.span, isParameter: false)
      return
    }
    letsInProgress.append(name)
    var v = lowerGlobal(expr)
    v = applyAnnotation(type, to: v, what: "'\(name)'")
    letsInProgress.removeLast()
    if globals[name] == nil { define(n, v, isParameter: false) }
  }

  /// Records a global name; reports a duplicate.
  mutating func declareGlobal(_ name: Name) -> Bool {
    if let existing = globalSpans[name.text] {
      diagnostics.error(
        .duplicateDefinition, "'\(name.text)' is declared more than once", at: name.span,
        label: "second declaration", secondary: [Label(existing, "first declared here")])
      return false
    }
    globalSpans[name.text] = name.span
    globalOrder.append(name.text)
    return true
  }

  /// Stores a checked global; it must be a constant.
  mutating func define(_ name: Name, _ ir: IRExpr, isParameter: Bool) {
    var value = ir.constantValue ?? .null
    var type = ir.type
    if ir.constantValue == nil, !ir.type.isError {
      diagnostics.error(
        .invalidParameterValue, "'\(name.text)' must be a constant", at: ir.span,
        label: "this depends on random draws or rows",
        help: "parameters and top-level 'let's are computed once; use a column for per-row values")
      type = .error
      value = .null
    }
    globals[name.text] = GlobalValue(value: value, type: type, span: name.span, isParameter: isParameter)
  }

  /// Applies a `mode` block's assignments.
  mutating func applyMode(modes: [String: ModeDecl], params: [String: ParamDecl]) {
    for m in modes.values.sorted(by: { $0.name.span.start < $1.name.span.start }) {
      for a in m.assignments where params[a.name.text] == nil {
        diagnostics.error(
          .unknownMode, "mode '\(m.name.text)' sets '\(a.name.text)', which is not a parameter",
          at: a.name.span, label: "not a parameter",
          help: suggest(a.name.text, Array(params.keys).sorted()))
      }
    }
    guard let modeName = options.mode else { return }
    guard let mode = modes[modeName] else {
      let known = modes.keys.sorted()
      diagnostics.error(
        .unknownMode, "unknown mode '\(modeName)'", at: .none,
        notes: [known.isEmpty ? "the scenario declares no modes" : "modes: " + known.joined(separator: ", ")])
      return
    }
    for a in mode.assignments {
      guard let p = params[a.name.text] else { continue }
      var v = lowerGlobal(a.value)
      v = applyAnnotation(p.type, to: v, what: "parameter '\(p.name.text)'")
      let declared = globals[p.name.text]?.type ?? .error
      if !v.type.isError, !declared.isError, !TypeRules.assignable(v.type, to: declared) {
        diagnostics.error(
          .invalidParameterValue,
          "mode '\(modeName)' gives parameter '\(p.name.text)' a '\(v.type)' value, but it is '\(declared)'",
          at: a.value.span, label: "this is '\(v.type)'")
        continue
      }
      define(p.name, coerce(v, to: declared), isParameter: true)
      parameterValueSpans[p.name.text] = a.value.span
    }
  }

  /// Applies `--set NAME=VALUE`.
  mutating func applyOverrides(params: [String: ParamDecl]) {
    for (name, text) in options.overrides {
      guard let p = params[name], let declared = globals[name]?.type else {
        diagnostics.error(
          .invalidParameterValue, "'--set \(name)' names no parameter of this scenario", at: .none,
          help: suggest(name, parameterNames))
        continue
      }
      let expr: Expr
      if declared.isTextual {
        expr = Expr(.literal(.string(text)), span: .none)
      } else if let e = Parser.parseExpression(text), case .literal = e.kind {
        expr = e
      } else {
        diagnostics.error(
          .invalidParameterValue, "'--set \(name)=\(text)': '\(text)' is not a valid \(declared) value",
          at: .none)
        continue
      }
      let v = lowerGlobal(expr)
      if v.type.isError || v.constantValue == nil || !TypeRules.assignable(v.type, to: declared) {
        diagnostics.error(
          .invalidParameterValue, "'--set \(name)=\(text)': parameter '\(name)' is '\(declared)'",
          at: .none, notes: ["declared at line \(source.location(of: p.name.span.start).line)"])
        continue
      }
      define(p.name, coerce(v, to: declared), isParameter: true)
      parameterValueSpans[p.name.text] = SourceSpan.none
    }
  }

  /// Checks a parameter's final value against its `in [...]` list.
  mutating func checkAllowed(_ p: ParamDecl, value: GlobalValue?) {
    guard let allowed = p.allowed, let value, !value.type.isError else { return }
    let values = allowed.map { lowerGlobal($0).constantValue ?? .null }
    if !values.contains(where: { Semantics.equal($0, value.value) }) {
      let shown = values.map { Semantics.text($0) }.joined(separator: ", ")
      let span = parameterValueSpans[p.name.text] ?? p.defaultValue.span
      let source = span == .none ? " (set with --set)" : ""
      diagnostics.error(
        .invalidParameterValue,
        "parameter '\(p.name.text)' is '\(Semantics.text(value.value))'\(source), which is not one of its allowed values",
        at: span, label: "allowed: \(shown)", notes: span == .none ? ["allowed: \(shown)"] : [])
    }
  }

  /// Lowers an expression in the global scope (no table, no randomness) and folds it.
  mutating func lowerGlobal(_ expr: Expr) -> IRExpr {
    var ctx = ExprContext.global
    return lower(expr, &ctx)
  }

}
