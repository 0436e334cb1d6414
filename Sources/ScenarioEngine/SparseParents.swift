import ScenarioIR
import ScenarioRandom

/// Parent tables whose children are laid out while the parent streams, so that the parent keeps
/// only the rows that have children.
///
/// A child table (`[each s in sessions where s.has_login]`, `[n per s in P]`) needs, for every
/// parent row, its number of rows, and then the parent's values for the rows that have children.
/// By default the parent keeps every stored value and the layout is computed from them after
/// the parent is complete: memory grows with the parent's rows. When the children's counts and
/// filters read only the parent row's own values (and constants, draws, earlier tables) and
/// cannot fail, and nothing else reads the parent's rows (no `pick`, no reference from another
/// table), the counts are evaluated as probes of the parent while it streams; the parent then
/// stores only the rows with children, and each child's layout lists only those. Memory then
/// follows the children, not the parent: a million sessions with a few thousand events keep a
/// few thousand rows.
///
/// The result is the same in every byte: the counts draw from the same `#count` streams with the
/// same row identities (a base table's row `r` is identity `(r, 0)` in both places), and a count
/// that is invalid (null, negative, too large) is reported when the child's turn comes, with the
/// same message as before.
struct SparseParents {
  /// A child laid out while its parent streams.
  struct Child {
    let table: Int
    /// Indices into the parent's probes.
    let filterProbe: Int?
    let countProbe: Int?
  }

  /// The program with the counting probes appended to the sparse parents' probes.
  let program: Program
  /// By parent table index: its children laid out while it streams.
  let children: [Int: [Child]]

  /// Plans `program`: decides which parents are sparse and appends their children's count and
  /// filter expressions (rewritten to read the parent's own slots) to the parents' probes.
  init(_ program: Program, enabled: Bool = true) {
    var program = program
    var children: [Int: [Child]] = [:]
    // Only tables with children can be sparse; asking first keeps planning linear in the number
    // of tables when few of them are parents (isCandidate reads every table's expressions).
    var parents = Set<Int>()
    for table in program.tables {
      if case .perParent(let q, _, _) = table.count { parents.insert(q) }
    }
    for p in program.tables.indices where enabled && parents.contains(p) && Self.isCandidate(p, in: program) {
      var planned: [Child] = []
      var probes = program.tables[p].probes
      for c in program.tables.indices {
        guard case .perParent(let parent, let count, let filter) = program.tables[c].count, parent == p else { continue }
        let filterProbe = filter.map { e -> Int in
          probes.append(Self.rewrite(e, parent: p))
          return probes.count - 1
        }
        let countProbe = count.map { e -> Int in
          probes.append(Self.rewrite(e, parent: p))
          return probes.count - 1
        }
        planned.append(Child(table: c, filterProbe: filterProbe, countProbe: countProbe))
      }
      program.tables[p].probes = probes
      children[p] = planned
    }
    self.program = program
    self.children = children
  }

  /// Whether table `p` can keep only the rows with children: a base table, not part of a shared
  /// output, with children whose counts and filters qualify, and whose rows nothing else reads.
  static func isCandidate(_ p: Int, in program: Program) -> Bool {
    let parent = program.tables[p]
    guard case .fixed = parent.count, parent.union == nil, parent.rowIdentity == nil, parent.summary == nil else { return false }
    guard let position = program.generationOrder.firstIndex(of: p) else { return false }
    let earlier = Set(program.generationOrder[..<position])
    var hasChild = false
    for table in program.tables {
      var expressions = table.slots.map(\.expr) + table.probes
      if case .perParent(let q, let count, let filter) = table.count {
        if q == p {
          hasChild = true
          // The counting expressions must read only the parent row and earlier tables, and
          // must not be able to fail while the parent streams.
          for e in [count, filter].compactMap({ $0 }) {
            guard countable(e, parent: p, earlier: earlier) else { return false }
          }
        } else {
          expressions += [count, filter].compactMap { $0 }
        }
      }
      // Elsewhere, the parent's rows may be read only through a child's own parent row.
      let isChild: Bool
      if case .perParent(let q, _, _) = table.count, q == p { isChild = true } else { isChild = false }
      for e in expressions where !readsOnlyOwnParent(e, parent: p, name: parent.name, isChild: isChild) { return false }
    }
    return hasChild
  }

  /// Whether `e` reads table `p`'s rows only as `parent.field` in a child of `p` (or not at all):
  /// no pick of `p`, and elsewhere no value that refers to a row of `p` (such a row might not be
  /// kept). In a child, a field of `p` that refers to `p` again is refused too.
  static func readsOnlyOwnParent(_ e: IRExpr, parent p: Int, name: String, isChild: Bool) -> Bool {
    var ok = true
    visit(e) { node in
      switch node.kind {
      case .pick(let t, _, _, _, _) where t == p: ok = false
      case .keyedPick(let k, _) where k.rows.source == p: ok = false
      case .field(let base, let t, _) where t == p:
        if !isChild { ok = false }
        if case .parentRow = base.kind {} else { ok = false }
        if case .ref(let target) = node.type.kind, target == name { ok = false }
      default:
        if !isChild, case .ref(let target) = node.type.kind, target == name { ok = false }
      }
    }
    return ok
  }

  /// Whether a count or filter can be evaluated as a probe of the parent and never fails:
  /// constants, the parent row's fields, fields of earlier tables, comparisons, logic,
  /// conditionals, float arithmetic, constant-weight choices and draws with valid constant
  /// parameters.
  static func countable(_ e: IRExpr, parent p: Int, earlier: Set<Int>) -> Bool {
    var ok = true
    visit(e) { node in
      switch node.kind {
      case .constant, .rowNumber, .not, .isNull, .conditional: break
      case .parentRow: break  // only as a field's base; `rewrite` checks the rest
      case .field(let base, let t, _):
        if t == p {
          if case .parentRow = base.kind {} else { ok = false }
        } else if !earlier.contains(t) {
          ok = false
        }
      case .binary(let op, let a, let b):
        switch op {
        case .and, .or, .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual: break
        case .add, .subtract, .multiply:
          if !(a.type.kind == .float && b.type.kind == .float) { ok = false }
        default: ok = false
        }
      case .choice(_, let weights, _):
        let constants = weights.compactMap { $0.constantValue?.asDouble }
        if constants.count != weights.count || AliasTable(weights: constants) == nil { ok = false }
      case .random(let r, let params, _):
        let constants = params.compactMap { $0.constantValue?.asDouble }
        if constants.count != params.count || Distribution.make(name: r.rawValue, parameters: constants) == nil { ok = false }
      default: ok = false
      }
    }
    // `.parentRow` is allowed only as the base of the parent's fields.
    return ok && !hasBareParentRow(e)
  }

  /// Whether `e` uses the parent row other than as the base of a field.
  static func hasBareParentRow(_ e: IRExpr) -> Bool {
    switch e.kind {
    case .parentRow: return true
    case .field(let base, _, _):
      if case .parentRow = base.kind { return false }
      return hasBareParentRow(base)
    default:
      return children(of: e).contains(where: hasBareParentRow)
    }
  }

  /// `e` with the parent's fields read as the parent's own slots.
  static func rewrite(_ e: IRExpr, parent p: Int) -> IRExpr {
    var e = e
    switch e.kind {
    case .field(let base, let t, let slot):
      if t == p, case .parentRow = base.kind { return IRExpr(.slot(slot), type: e.type, span: e.span) }
      e.kind = .field(base: rewrite(base, parent: p), table: t, slot: slot)
    case .not(let a): e.kind = .not(rewrite(a, parent: p))
    case .isNull(let a): e.kind = .isNull(rewrite(a, parent: p))
    case .binary(let op, let a, let b): e.kind = .binary(op, rewrite(a, parent: p), rewrite(b, parent: p))
    case .conditional(let c, let a, let b):
      e.kind = .conditional(rewrite(c, parent: p), rewrite(a, parent: p), rewrite(b, parent: p))
    case .choice(let values, let weights, let site):
      e.kind = .choice(values: values.map { rewrite($0, parent: p) }, weights: weights, site)
    default: break
    }
    return e
  }

  /// Calls `body` for `e` and every sub-expression (a pick's filter and weight, which read the
  /// picked table's rows, are visited too).
  static func visit(_ e: IRExpr, _ body: (IRExpr) -> Void) {
    body(e)
    for c in children(of: e) { visit(c, body) }
  }

  /// The direct sub-expressions of `e`.
  static func children(of e: IRExpr) -> [IRExpr] {
    switch e.kind {
    case .constant, .slot, .rowNumber, .parentRow, .persona, .histogram, .mixture, .calendar, .candidate, .inlineValue,
      .cellFactor, .orderValue:
      return []
    case .correlated(let c): return [c.filter, c.argument, c.key?.source, c.key?.current].compactMap { $0 }
    case .keyedPick(let p, _): return [p.rows.filter, p.weight, p.rows.key?.source, p.rows.key?.current].compactMap { $0 }
    case .field(let base, _, _), .emptyPickIsNull(let base): return [base]
    case .negate(let a), .not(let a), .isNull(let a), .aggregate(_, let a), .decimal(let a, _): return [a]
    case .binary(_, let a, let b), .grouped(let a, let b): return [a, b]
    case .conditional(let c, let a, let b): return [c, a, b]
    case .call(_, let args), .random(_, let args, _): return args
    case .truncated(_, let args, let low, let high, _): return args + [low, high]
    case .choice(let values, let weights, _): return values + weights
    case .pick(_, let filter, let weight, _, _): return [filter, weight].compactMap { $0 }
    case .latent(_, let marginal):
      if case .choice(let values, _) = marginal { return values }
      return []
    case .personaSwitch(let base, let overrides): return [base] + overrides.keys.sorted().compactMap { overrides[$0] }
    }
  }
}

/// Counts the rows of a sparse parent's children chunk by chunk, from the counting probes.
final class ChildCounter {
  let program: Program
  let parent: Int
  let children: [SparseParents.Child]
  /// Per child: the parent rows with children and their counts, the running total, and the
  /// first failure (reported at the child's turn, as the layout would report it).
  private var entries: [[(row: Int, count: Int)]]
  private var totals: [Int]
  private var failures: [EngineError?]

  init(program: Program, parent: Int, children: [SparseParents.Child]) {
    self.program = program
    self.parent = parent
    self.children = children
    entries = Array(repeating: [], count: children.count)
    totals = Array(repeating: 0, count: children.count)
    failures = Array(repeating: nil, count: children.count)
  }

  /// Counts one chunk's rows; returns the chunk positions of the rows with children.
  func count(_ g: GeneratedChunk) -> [Int] {
    let n = g.chunk.count
    var keep = [Bool](repeating: false, count: n)
    let parentName = program.tables[parent].name
    for (k, child) in children.enumerated() where failures[k] == nil {
      let table = program.tables[child.table]
      guard case .perParent(_, let countExpr, _) = table.count else { continue }
      let filters = child.filterProbe.map { g.probes[$0] }
      let counts = child.countProbe.map { g.probes[$0] }
      // The common case: a filter of typed bools and no count.
      var passes: [Bool]? = nil
      if let filters, counts == nil, case .bools(let b) = filters.storage {
        passes = filters.nulls.map { nulls in (0..<n).map { b[$0] && !nulls[$0] } } ?? b
      }
      for i in 0..<n {
        let rows: Int
        if let passes {
          guard passes[i] else { continue }
          rows = 1
        } else {
          let filter = filters?[i]
          let count = filter == nil || filter!.isTrue ? counts?[i] : nil
          do throws(RuntimeFailure) {
            rows = try RowLayout.rowsPerParent(filter: filter, count: count, countSpan: countExpr?.span ?? table.span)
          } catch {
            failures[k] = EngineError(error, table: table.name, parentTable: parentName, parentRow: g.chunk.startRow + i, seed: program.seed)
            break
          }
          guard rows > 0 else { continue }
        }
        totals[k] += rows
        if totals[k] > RowLayout.maxRows {
          failures[k] = EngineError(
            RowLayout.tooManyRows(table, count: countExpr), table: table.name, parentTable: parentName,
            parentRow: g.chunk.startRow + i, seed: program.seed)
          break
        }
        entries[k].append((g.chunk.startRow + i, rows))
        keep[i] = true
      }
    }
    return keep.indices.filter { keep[$0] }
  }

  /// Every child's layout, or its failure.
  func layouts(store: TableStore) -> [(Int, Result<RowLayout, Error>)] {
    children.indices.map { k in
      if let failure = failures[k] { return (children[k].table, .failure(failure)) }
      return (children[k].table, .success(RowLayout(sparse: entries[k], parent: parent, store: store)))
    }
  }
}
