import ScenarioAST
import ScenarioDiagnostics
import ScenarioIR

extension Checker {
  /// The slot a database item names, or nil after reporting an unknown column.
  mutating func databaseItemColumn(_ t: Int, _ n: Name) -> Int? {
    let table = tables[t]
    guard let s = table.slotIndex[n.text], table.slots[s].role != .persona else {
      diagnostics.error(
        .unknownColumn, "unknown column '\(n.text)' in table '\(table.name)'", at: n.span, label: "not a column of '\(table.name)'",
        help: suggest(n.text, table.slots.filter { $0.role == .column }.map(\.name.text)))
      return nil
    }
    return s
  }

  /// The database items of table `t` (`key ... assigned`, `natural key`, `on conflict`,
  /// `owned`), checked once its columns are (Databases.md).
  mutating func databaseIR(_ t: Int) -> DatabaseIR {
    var db = DatabaseIR()
    let table = tables[t]
    var seen: [String: SourceSpan] = [:]
    func once(_ what: String, _ span: SourceSpan) -> Bool {
      if let first = seen[what] {
        diagnostics.error(
          .invalidDatabaseItem, "table '\(table.name)' has more than one '\(what)'", at: span, label: "second '\(what)'",
          secondary: [Label(first, "first here")])
        return false
      }
      seen[what] = span
      return true
    }
    var assignedSpan: SourceSpan? = nil
    var conflictSpan: SourceSpan? = nil
    for item in table.decl.items {
      switch item.kind {
      case .key(_, let assigned?):
        assignedSpan = assigned
        guard table.keySlots.count == 1, let slot = table.slots[table.keySlots[0]].checked else {
          diagnostics.error(
            .invalidDatabaseItem, "an assigned key is one integer column; table '\(table.name)' has \(table.keySlots.count) key columns",
            at: assigned, label: "assigned by the database", help: "key the table by one integer column, and name the columns that identify a row with 'natural key ...'")
          continue
        }
        guard slot.type.kind == .int else {
          diagnostics.error(
            .invalidDatabaseItem, "an assigned key is an integer; '\(slot.name)' is '\(slot.type)'",
            at: assigned, label: "assigned by the database", secondary: [Label(table.slots[table.keySlots[0]].name.span, "this is '\(slot.type)'")],
            help: "key the table by an integer column (its value is what file outputs show, for example 'row + 1')")
          continue
        }
        db.assignedKey = true
      case .naturalKey(let names):
        guard once("natural key", item.span) else { continue }
        for n in names {
          guard let s = databaseItemColumn(t, n) else { continue }
          guard table.slots[s].role == .column else {
            diagnostics.error(
              .invalidDatabaseItem, "a natural key is made of written columns; '\(n.text)' is hidden", at: n.span,
              label: "a 'let' column", help: "drop 'let' to write '\(n.text)'")
            continue
          }
          if db.naturalKey.contains(s) {
            diagnostics.error(.invalidDatabaseItem, "'\(n.text)' is named twice in the natural key", at: n.span, label: "named again")
            continue
          }
          if let type = table.slots[s].checked?.type, type.isNullable {
            diagnostics.error(
              .invalidDatabaseItem, "natural key column '\(n.text)' of table '\(table.name)' can be null", at: n.span,
              label: "this is '\(type)'", help: "a natural key needs a value on every row")
            continue
          }
          db.naturalKey.append(s)
        }
      case .conflict(let policy):
        guard once("on conflict", item.span) else { continue }
        conflictSpan = policy.span
        db.conflict = ConflictPolicy(rawValue: policy.text) ?? .fail
      case .owned(let ownership):
        guard once("owned", item.span) else { continue }
        db.ownership = lowerOwnership(t, ownership)
      case .doublePrecision(let names):
        for n in names {
          guard let s = databaseItemColumn(t, n) else { continue }
          guard table.slots[s].role == .column, let slot = table.slots[s].checked, slot.type.kind == .float, slot.precision != nil else {
            let what = table.slots[s].role != .column ? "a hidden column" : "'\(table.slots[s].checked?.type.description ?? "")'"
            diagnostics.error(
              .invalidDatabaseItem, "'double precision' names written float(N) columns; '\(n.text)' is \(what)", at: n.span,
              label: "not a float(N) column", help: "a float column without digits is DOUBLE PRECISION already")
            continue
          }
          if db.doublePrecision.contains(s) {
            diagnostics.error(.invalidDatabaseItem, "'\(n.text)' is named twice in 'double precision'", at: n.span, label: "named again")
            continue
          }
          db.doublePrecision.insert(s)
        }
      default: continue
      }
    }
    if let span = assignedSpan, db.assignedKey, db.naturalKey.isEmpty {
      diagnostics.error(
        .invalidDatabaseItem, "table '\(table.name)' leaves its key to the database, but has no natural key",
        at: span, label: "assigned by the database",
        notes: ["the rows of other tables, and a second run, find this table's rows by their natural key"],
        help: "name the columns that identify a row: 'natural key username', or 'natural key student, number'")
    }
    if let span = conflictSpan, db.conflict != .fail, db.identity(keySlots: table.keySlots).isEmpty {
      diagnostics.error(
        .invalidDatabaseItem, "'on conflict' needs a key that identifies a row of '\(table.name)'", at: span,
        label: "no natural or primary key", help: "declare 'natural key ...' or 'key ...'")
    }
    return db
  }

  /// `owned where CONDITION` (a condition SQL can evaluate on the written columns) or `owned
  /// through COLUMN` (a written reference to a table with an ownership of its own).
  mutating func lowerOwnership(_ t: Int, _ decl: OwnershipDecl) -> OwnershipIR? {
    let table = tables[t]
    switch decl {
    case .through(let name):
      guard let s = table.slotIndex[name.text], table.slots[s].role == .column, let slot = table.slots[s].checked,
        case .ref(let targetName) = slot.type.kind, let target = tableIndex[targetName]
      else {
        diagnostics.error(
          .invalidDatabaseItem, "'owned through' names a written column that refers to another table; '\(name.text)' is not one",
          at: name.span, label: "not a written reference column",
          help: "write the parent as a column ('student = s') and name it: 'owned through student'")
        return nil
      }
      guard tables[target].decl.items.contains(where: { if case .owned = $0.kind { return true } else { return false } }) else {
        diagnostics.error(
          .invalidDatabaseItem, "'\(name.text)' refers to '\(targetName)', which declares no rows it owns", at: name.span,
          label: "'\(targetName)' has no 'owned' item", help: "declare 'owned where ...' in table '\(targetName)'")
        return nil
      }
      return .through(slot: s, table: target)
    case .condition(let expr):
      var ctx = ExprContext(
        table: t, slotsVisible: true, parent: nil, allowRandom: false,
        randomForbiddenReason: "'owned where' is evaluated by the database on the rows already there", sitePrefix: [])
      let ir = condition(expr, &ctx, "the condition of 'owned where'")
      if ir.type.isError { return nil }
      if let problem = Self.notSQL(ir, table) {
        diagnostics.error(
          .invalidDatabaseItem, "the condition of 'owned where' must be one the database can evaluate: \(problem.message)",
          at: problem.span, label: "not SQL",
          help: "compare written columns with constants: 'starts_with(username, \"SYN_\")', 'notes == \"SYNTHETIC\"', combined with 'and', 'or', 'not'")
        return nil
      }
      return .condition(ir)
    }
  }

  /// Why an ownership condition cannot be translated to SQL, or nil: it may read written
  /// columns (not references), constants, comparisons, `and`, `or`, `not`, `is null`, `++` and
  /// the text functions `starts_with`, `ends_with`, `contains`, `lower`, `upper`, `length`.
  static func notSQL(_ e: IRExpr, _ table: TableState) -> (message: String, span: SourceSpan)? {
    switch e.kind {
    case .constant(let v):
      switch v {
      case .int, .float, .text, .bool, .null: return nil
      default: return ("a constant of type '\(e.type)'", e.span)
      }
    case .slot(let s):
      let slot = table.slots[s]
      if slot.role != .column { return ("'\(slot.name.text)' is not written", e.span) }
      if case .ref = e.type.kind { return ("'\(slot.name.text)' is a reference; use 'owned through \(slot.name.text)'", e.span) }
      switch e.type.kind {
      case .int, .float, .text, .bool, .choice: return nil
      default: return ("'\(slot.name.text)' is '\(e.type)'", e.span)
      }
    case .not(let a), .isNull(let a): return notSQL(a, table)
    case .binary(let op, let a, let b):
      switch op {
      case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual, .and, .or, .concat:
        return notSQL(a, table) ?? notSQL(b, table)
      default: return ("the operator '\(op)'", e.span)
      }
    case .call(let f, let args):
      switch f {
      case .startsWith, .endsWith, .contains, .lower, .upper, .length:
        return args.lazy.compactMap { notSQL($0, table) }.first
      default: return ("the function '\(f.rawValue)'", e.span)
      }
    default: return ("this expression", e.span)
    }
  }
}

extension Checker {
  /// W0805: in a table seeded idempotently (`on conflict skip` or `update`), what a larger count
  /// would change in rows already written: a pick from a table whose count can grow (the picks
  /// spread over the new rows too), and exact-count personas in a table whose own count can grow
  /// (the persona rows are chosen among all rows).
  mutating func warnUnstableGrowth(_ program: Program) {
    for (t, table) in program.tables.enumerated() where table.database.conflict != .fail {
      var warned = Set<Int>()
      for slot in table.slots where slot.role != .persona {
        Self.walk(slot.expr) { node in
          let target: Int
          switch node.kind {
          case .pick(let p, _, _, _, _): target = p
          // A pick keyed on one equality finds the same row however the table grows.
          case .keyedPick(let k, _) where !k.keyOnly: target = k.rows.source
          default: return
          }
          guard canGrow(target), warned.insert(target).inserted else { return }
          diagnostics.warning(
            .unstableGrowth, "a pick from '\(program.tables[target].name)', whose count can grow, changes rows of '\(table.name)' that are already written",
            at: node.span, label: "spreads over every row of '\(program.tables[target].name)'",
            notes: ["with 'on conflict \(table.database.conflict.rawValue)', a second run with a larger count keeps the rows already there, whose picks then differ from the new run's"],
            help: "pick from a table with a constant count, or key the pick on a column of this row ('pick \(program.tables[target].name) where ...')")
        }
      }
      if let plan = table.personas, plan.exactCounts.contains(where: { $0 != nil }), canGrow(t) {
        diagnostics.warning(
          .unstableGrowth, "table '\(table.name)' has exact-count personas and a count that can grow: a larger count moves them to other rows",
          at: tables[t].decl.name.span, label: "seeded with 'on conflict \(table.database.conflict.rawValue)'",
          help: "give the personas percentages, drawn row by row, or keep the count constant")
      }
    }
  }

  /// Whether table `t`'s row count can change with a parameter: a count that names a parameter
  /// or a top-level `let` (which may derive from one), or rows per parent of such a table.
  func canGrow(_ t: Int, depth: Int = 0) -> Bool {
    guard depth < 32 else { return false }
    switch tables[t].decl.count {
    case .fixed(let e):
      return Self.names(in: e).contains { globals[$0] != nil }
    case .perParent(let spec):
      if let c = spec.count, Self.names(in: c).contains(where: { globals[$0] != nil }) { return true }
      return tableIndex[spec.parent.text].map { canGrow($0, depth: depth + 1) } ?? false
    default: return false
    }
  }

  /// The bare names an expression reads (through reflection over the syntax tree).
  static func names(in e: Expr) -> Set<String> {
    var found = Set<String>()
    func visit(_ any: Any) {
      if let e = any as? Expr, case .name(let n) = e.kind { found.insert(n) }
      for child in Mirror(reflecting: any).children { visit(child.value) }
    }
    visit(e)
    return found
  }
}
