import ScenarioAST
import ScenarioDiagnostics
import ScenarioIR

/// Cross products (`[5 per s in skills, l in levels]`): the rows are per cell of the product of
/// the factor tables. The cells are a table of their own, `NAME#cells`, never written: one row
/// per combination of the factors' rows (the first factor varies slowest), with one reference
/// column per factor variable, and row identities made of the factors' row identities. The
/// declared table is a child of its cells, and its factor variables read the cell's columns.
extension Checker {
  /// Adds the cells table of every cross product, after the declared tables.
  mutating func registerProducts() {
    for t in tables.indices {
      guard case .perParent(let spec) = tables[t].decl.count, !spec.product.isEmpty else { continue }
      let span = tables[t].decl.name.span
      let c = tables.count
      var cells = TableState(decl: TableDecl(
        name: Name(tables[t].name + "#cells", span: span), count: .invalid(span), items: [], bodyOpen: span))
      cells.isWritten = false
      cells.cellsOf = t
      cells.countChecked = true
      tables.append(cells)
      tableDependencies.append([])
      tables[t].cells = c
      for b in spec.factors {
        if let first = tables[c].slotIndex[b.variable.text] {
          diagnostics.error(
            .invalidProduct, "'\(b.variable.text)' names two factors of the product of table '\(tables[t].name)'",
            at: b.variable.span, label: "second factor", secondary: [Label(tables[c].slots[first].name.span, "first factor")],
            help: "give each factor its own name")
          continue
        }
        let s = tables[c].slots.count
        tables[c].slotIndex[b.variable.text] = s
        var slot = SlotState(name: b.variable, annotation: nil, value: nil, role: .column)
        let type = tableIndex[b.table.text] == nil ? ValueType.error : ValueType(.ref(b.table.text))
        slot.checked = SlotIR(
          name: b.variable.text, span: b.variable.span, type: type, precision: nil,
          expr: IRExpr(.constant(.null), type: type, span: b.variable.span), isOutput: false, role: .hidden)
        tables[c].slots.append(slot)
        tables[t].cellVariables[b.variable.text] = s
      }
    }
  }

  /// The count of a table with rows per cell: checks the factors, lays out the cells, then
  /// checks the count and the filter, which read the factor variables, `cell` (the cell's number)
  /// and `cells` (their number).
  mutating func checkProductCount(_ t: Int, _ spec: ChildSpec) {
    guard let c = tables[t].cells else { return }
    // The factor variables resolve even when the product is invalid (no follow-on errors).
    tables[t].parent = ("#cells", c)
    var factors: [Int] = []
    var sizes: [Int] = []
    for b in spec.factors {
      guard let f = tableIndex[b.table.text] else {
        diagnostics.error(
          .unknownTable, "unknown table '\(b.table.text)'", at: b.table.span,
          label: "no table has this name", help: suggest(b.table.text, tables.filter(\.isWritten).map(\.name)))
        return
      }
      if f == t {
        diagnostics.error(
          .selfReference, "table '\(tables[t].name)' cannot be a factor of its own product",
          at: b.table.span, label: "the table being declared")
        return
      }
      if !tables[f].countChecked { checkCount(f) }
      guard case .fixed(let n) = tables[f].count, tables[f].parent == nil else {
        diagnostics.error(
          .invalidProduct, "table '\(b.table.text)' has rows per parent, so it cannot be a factor of a product",
          at: b.table.span, label: "its row count is known only when it is generated",
          help: "a factor needs a fixed row count: an inline table, a list, or a table with a constant count")
        return
      }
      factors.append(f)
      sizes.append(n)
    }
    var total = 1
    for n in sizes {
      let (m, overflow) = total.multipliedReportingOverflow(by: n)
      guard !overflow, m <= RowLayoutLimit.maxRows else {
        diagnostics.error(
          .invalidCount, "the product of table '\(tables[t].name)' has more than \(RowLayoutLimit.maxRows) cells",
          at: spec.parent.span.merged(with: spec.factors.last!.table.span), label: "too many cells")
        return
      }
      total = m
    }
    // A variable named twice was reported when the cells were registered.
    guard tables[c].slots.count == factors.count else { return }
    var stride = total
    for (i, f) in factors.enumerated() {
      stride /= max(1, sizes[i])
      let type = ValueType(.ref(tables[f].name))
      tables[c].slots[i].checked?.expr = IRExpr(.cellFactor(stride: max(1, stride), size: max(1, sizes[i])), type: type, span: spec.factors[i].variable.span)
    }
    tables[c].count = .fixed(total)
    tables[c].factors = factors
    tables[c].rowIdentity = .cells(sizes: sizes, keys: factors.map { f -> [UInt64]? in
      if case .keys(let k) = tables[f].rowIdentity { return k }
      return nil
    })
    tableDependencies[c].formUnion(factors)
    tables[t].parent = ("#cells", c)
    tableDependencies[t].insert(c)
    let (count, filter) = lowerChildCount(t, spec, parent: ("#cells", c))
    tables[t].count = .perParent(parent: c, count: count, filter: filter)
  }

  /// A factor variable, `cell` or `cells` in a table with rows per cell; nil for other names.
  mutating func resolveCellName(_ n: String, _ span: SourceSpan, _ ctx: ExprContext) -> IRExpr? {
    guard let t = ctx.table, let c = tables[t].cells, ctx.parent?.table == c else { return nil }
    if let s = tables[t].cellVariables[n], let slot = tables[c].slots[s].checked {
      tables[c].stored.insert(s)
      let cell = IRExpr(.parentRow, type: ValueType(.ref(tables[c].name)), span: span)
      return IRExpr(.field(base: cell, table: c, slot: s), type: slot.type, span: span)
    }
    guard !ctx.slotsVisible, case .fixed(let total) = tables[c].count else { return nil }
    if n == "cell" { return IRExpr(.rowNumber, type: .int, span: span) }
    if n == "cells" { return IRExpr(.constant(.int(Int64(total))), type: .int, span: span) }
    return nil
  }
}

/// The largest row count of a table (RowLayout.maxRows in the engine).
enum RowLayoutLimit {
  static let maxRows = 1_000_000_000_000
}
