import ScenarioAST
import ScenarioDiagnostics
import ScenarioIR

extension Checker {
  /// The functions that read a row's position in its group (Language.md §6, "Order within a
  /// group"); `running sum(x)` is parsed as `running_sum(x)`.
  static let orderFunctions: Set<String> = [
    "rank", "is_first", "is_last", "group_size", "previous",
    "running_sum", "running_mean", "running_min", "running_max", "running_count",
  ]

  /// A call of an order function, or nil for any other name.
  mutating func lowerOrderCall(_ name: Name, _ args: [Expr], _ span: SourceSpan, _ ctx: inout ExprContext) -> IRExpr? {
    guard Self.orderFunctions.contains(name.text) else { return nil }
    let bad = IRExpr(.constant(.null), type: .error, span: span)
    let shown = name.text.hasPrefix("running_") ? "running " + name.text.dropFirst("running_".count) : name.text
    guard let t = ctx.table, ctx.slotsVisible, ctx.allowRandom, ctx.candidate == nil, ctx.outer == nil else {
      diagnostics.error(
        .misplacedConstruct, "'\(shown)' is only available in a column of a table with 'order by'", at: span,
        label: "a row's position in its group is not known here",
        notes: ["expectations, filters of picks and aggregates, counts and parameters cannot read positions"])
      return bad
    }
    guard tables[t].order != nil else {
      diagnostics.error(
        .misplacedConstruct, "'\(shown)' needs an 'order by' item in table '\(tables[t].name)'", at: span,
        label: "table '\(tables[t].name)' has no order",
        help: "add e.g. 'order by started_at within student' to the table")
      return bad
    }
    func count(_ n: Int) -> Bool {
      guard args.count != n else { return true }
      diagnostics.error(
        .wrongArgumentCount, "'\(shown)' takes \(n == 0 ? "no arguments" : "1 argument"), found \(args.count)",
        at: span, label: "wrong number of arguments")
      return false
    }
    switch name.text {
    case "rank", "group_size", "is_first", "is_last", "running_count":
      guard count(0) else { return bad }
      switch name.text {
      case "rank": return IRExpr(.orderValue(.rank), type: .int, span: span)
      case "group_size": return IRExpr(.orderValue(.groupSize), type: .int, span: span)
      case "is_first": return IRExpr(.orderValue(.isFirst), type: .bool, span: span)
      case "is_last": return IRExpr(.orderValue(.isLast), type: .bool, span: span)
      default: return IRExpr(.orderValue(.running(runningIndex(t, RunningIR(function: .count, slot: nil, span: span)))), type: .int, span: span)
      }
    default:
      guard count(1) else { return bad }
    }
    guard case .name(let n) = args[0].kind, let s = tables[t].slotIndex[n], tables[t].slots[s].role != .persona else {
      diagnostics.error(
        .argumentTypeMismatch, "the argument of '\(shown)' must be a column of table '\(tables[t].name)'",
        at: args[0].span, label: "not a column name",
        help: "compute the expression in a column (or a 'let' column) and name it here")
      return bad
    }
    let type = ensureSlot(t, s)
    if type.isError { return bad }
    ctx.dependencies.insert(s)
    if name.text == "previous" {
      if !tables[t].orderTracked.contains(s) { tables[t].orderTracked.append(s) }
      let i = tables[t].orderTracked.firstIndex(of: s)!
      return IRExpr(.orderValue(.previous(i)), type: type.nullable, span: span)
    }
    let function = RunningIR.Function(rawValue: String(name.text.dropFirst("running_".count)))!
    if function == .sum || function == .mean {
      guard type.isNumeric else {
        diagnostics.error(
          .argumentTypeMismatch, "the argument of '\(shown)' must be a number, found '\(type)'", at: args[0].span,
          label: "this is '\(type)'")
        return bad
      }
    } else if !(type.isNumeric || type.isTextual || [.date, .datetime, .duration].contains(type.kind)) {
      diagnostics.error(
        .argumentTypeMismatch, "the argument of '\(shown)' must be a number, text, date or duration, found '\(type)'",
        at: args[0].span, label: "this is '\(type)'")
      return bad
    }
    let i = runningIndex(t, RunningIR(function: function, slot: s, span: span))
    let result: ValueType
    switch function {
    case .sum: result = ValueType(type.kind, nullable: false)
    case .mean: result = ValueType(.float, nullable: type.isNullable)
    default: result = type
    }
    return IRExpr(.orderValue(.running(i)), type: result, span: span)
  }

  mutating func runningIndex(_ t: Int, _ r: RunningIR) -> Int {
    // The same aggregate written twice is computed once.
    if let i = tables[t].orderRunning.firstIndex(where: { $0.function == r.function && $0.slot == r.slot }) { return i }
    tables[t].orderRunning.append(r)
    return tables[t].orderRunning.count - 1
  }

  /// The checked order of table `t`: its group, keys and first-pass slots, none of which may
  /// read a position (E0601 naming the column).
  mutating func orderIR(_ t: Int) -> OrderIR? {
    guard let (decl, span, keySlots) = tables[t].order else { return nil }
    var group = OrderIR.Group.table
    var needed = keySlots + tables[t].orderTracked + tables[t].orderRunning.compactMap(\.slot)
    if let g = decl.group {
      if let p = tables[t].parent, p.name == g.text {
        group = .parent
      } else if g.text == "persona", let s = tables[t].personaSlot {
        group = .slot(s)
        needed.append(s)
      } else if let s = tables[t].slotIndex[g.text], tables[t].slots[s].role != .persona {
        group = .slot(s)
        needed.append(s)
      } else {
        diagnostics.error(
          .unknownColumn, "unknown column '\(g.text)' in table '\(tables[t].name)'", at: g.span,
          label: "the group of the order: a column, or the parent variable",
          help: suggest(g.text, tables[t].slots.filter { !$0.name.text.hasPrefix("#") }.map(\.name.text) + [tables[t].parent?.name].compactMap { $0 }))
        return nil
      }
    } else if tables[t].parent != nil {
      group = .parent
    }
    // The first pass: the needed slots and everything they read.
    var closure = Set<Int>()
    var stack = needed
    while let s = stack.popLast() {
      guard closure.insert(s).inserted else { continue }
      stack.append(contentsOf: tables[t].slots[s].dependencies)
    }
    if let p = tables[t].personaSlot { closure.insert(p) }
    for s in closure.sorted() {
      guard let expr = tables[t].slots[s].checked?.expr else { continue }
      var reads = false
      Self.walk(expr) { if case .orderValue = $0.kind { reads = true } }
      if reads {
        let slot = tables[t].slots[s]
        let what = slot.name.text.hasPrefix("#") ? "a key of the order" : "column '\(slot.name.text)'"
        diagnostics.error(
          .dependencyCycle, "the order of table '\(tables[t].name)' depends on the positions it computes: \(what) reads them",
          at: slot.name.text.hasPrefix("#") ? expr.span : slot.name.span, label: "reads a position in the group",
          secondary: [Label(span, "the order")],
          help: "the keys, the group and the columns read by 'previous' and 'running' must not read 'rank()', 'previous', 'running' ...")
        return nil
      }
    }
    let keys = zip(keySlots, decl.keys).map { OrderIR.Key(slot: $0, descending: $1.descending) }
    return OrderIR(
      group: group, keys: keys, tracked: tables[t].orderTracked, running: tables[t].orderRunning,
      prepassSlots: closure.sorted())
  }
}
