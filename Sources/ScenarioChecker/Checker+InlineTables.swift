import ScenarioAST
import ScenarioDiagnostics
import ScenarioIR
import ScenarioRandom

extension Checker {
  /// The columns of an inline table, checked now: every value is a constant, each column has
  /// one type, and the first column, which identifies the rows, has no repeated value.
  mutating func registerInlineTable(_ t: Int, _ spec: InlineTable) {
    let name = tables[t].name
    tables[t].isWritten = false
    tables[t].countChecked = true
    tables[t].count = .fixed(spec.rows.count)
    for column in spec.columns { _ = registerHeaderColumn(t, column) }
    if spec.columns.isEmpty {
      diagnostics.error(
        .invalidInlineTable, "table '\(name)' has no columns", at: tables[t].decl.name.span,
        label: "an inline table needs at least one column")
      return
    }
    // Every value, by column.
    var values = [[IRExpr]](repeating: [], count: spec.columns.count)
    var valid = true
    for row in spec.rows {
      guard row.values.count == spec.columns.count else {
        valid = false
        diagnostics.error(
          .invalidInlineTable,
          "this row of table '\(name)' has \(row.values.count) value\(row.values.count == 1 ? "" : "s"), but the table has \(spec.columns.count) column\(spec.columns.count == 1 ? "" : "s")",
          at: row.span, label: "\(row.values.count) value\(row.values.count == 1 ? "" : "s")",
          secondary: [Label(tables[t].decl.name.span, "columns declared here")])
        continue
      }
      for (c, e) in row.values.enumerated() {
        var ctx = ExprContext.global
        ctx.randomForbiddenReason = "the values of an inline table are constants"
        let ir = lower(e, &ctx)
        if ir.type.isError {
          valid = false
        } else if ir.constantValue == nil {
          valid = false
          diagnostics.error(
            .invalidInlineTable, "the values of table '\(name)' must be constants", at: e.span,
            label: "not a constant", help: "use literals, parameters and top-level 'let's")
        }
        values[c].append(ir)
      }
    }
    for (c, column) in spec.columns.enumerated() where c < tables[t].slots.count && tables[t].slots[c].name == column.name {
      var type: ValueType? = nil
      for ir in values[c] where !ir.type.isError {
        guard let u = type.map({ TypeRules.unify($0, ir.type) }) ?? ir.type else {
          valid = false
          diagnostics.error(
            .invalidInlineTable, "column '\(column.name.text)' of table '\(name)' mixes '\(type.map(\.description) ?? "")' and '\(ir.type)'",
            at: ir.span, label: "this is '\(ir.type)'", secondary: [Label(column.name.span, "the column")],
            help: "give every row of a column values of one type")
          type = .error
          break
        }
        type = u
      }
      if type == nil, valid {
        if let ann = column.type, let kind = TypeRules.annotated(ann.name.text) {
          type = ValueType(kind, nullable: ann.nullable)
        } else {
          valid = false
          diagnostics.error(
            .invalidInlineTable,
            spec.isList ? "the list '\(name)' has no values" : "table '\(name)' has no rows, so the type of column '\(column.name.text)' is unknown",
            at: column.name.span, label: spec.isList ? "an empty list" : "no type",
            help: spec.isList ? "give the list at least one value" : "annotate it, e.g. '\(column.name.text): text'")
          continue
        }
      }
      guard var type, !type.isError else { continue }
      var exprs = values[c]
      if let ann = column.type {
        let probe = applyAnnotation(ann, to: IRExpr(.constant(.null), type: type, span: column.name.span), what: "column '\(column.name.text)'")
        if probe.type.isError { valid = false; continue }
        type = probe.type
      } else if type.kind == .null {
        valid = false
        diagnostics.error(
          .annotationMismatch, "column '\(column.name.text)' of table '\(name)' is always null", at: column.name.span,
          label: "the type of this column cannot be inferred", help: "annotate it, e.g. '\(column.name.text): text?'")
        continue
      }
      exprs = exprs.map { coerce($0, to: type) }
      var rowValues: [Value] = []
      for e in exprs {
        guard var v = e.constantValue else { continue }
        if type.kind == .float, case .int(let i) = v { v = .float(Double(i)) }
        rowValues.append(v)
      }
      guard rowValues.count == spec.rows.count else { continue }
      tables[t].slots[c].checked = SlotIR(
        name: column.name.text, span: column.name.span, type: type, precision: column.type?.precision,
        expr: IRExpr(.inlineValue(rowValues), type: type, span: column.name.span), isOutput: true, role: .column)
    }
    tables[t].keySlots = [0]
    tables[t].keySpans = [spec.columns[0].name.span]
    guard valid, let first = tables[t].slots.first?.checked, case .inlineValue(let keys) = first.expr.kind else {
      // The slots that could not be checked are errors already reported.
      for s in tables[t].slots.indices where tables[t].slots[s].checked == nil {
        tables[t].slots[s].checked = SlotIR(
          name: tables[t].slots[s].name.text, span: tables[t].slots[s].name.span, type: .error, precision: nil,
          expr: IRExpr(.constant(.null), type: .error, span: tables[t].slots[s].name.span), isOutput: true, role: .column)
      }
      return
    }
    // The first column identifies the rows: its values are the row identities (§16).
    var seen: [String: Int] = [:]
    var identities: [UInt64] = []
    for (r, v) in keys.enumerated() {
      let text = Semantics.text(v)
      var shown = text
      if case .text = v { shown = "\"\(text)\"" }
      if v.isNull {
        diagnostics.error(
          .invalidInlineTable, "the first column of table '\(name)' identifies its rows and cannot be null",
          at: spec.rows[r].values[0].span, label: "null")
      } else if let earlier = seen[text] {
        diagnostics.error(
          .invalidInlineTable, "table '\(name)' has two rows with \(spec.columns[0].name.text) \(shown)",
          at: spec.rows[r].values[0].span, label: "second row",
          secondary: [Label(spec.rows[earlier].values[0].span, "first row")],
          help: "the first column identifies the rows: give every row its own value")
      }
      seen[text] = r
      identities.append(Self.rowIdentity(text))
    }
    tables[t].rowIdentity = .keys(identities)
  }

  /// A column of an inline or source table's header as a slot; nil (reported) when the
  /// header names it twice.
  mutating func registerHeaderColumn(_ t: Int, _ column: InlineColumn) -> Int? {
    if let first = tables[t].slotIndex[column.name.text] {
      diagnostics.error(
        .duplicateDefinition, "column '\(column.name.text)' is defined more than once in table '\(tables[t].name)'",
        at: column.name.span, label: "second definition",
        secondary: [Label(tables[t].slots[first].name.span, "first defined here")])
      return nil
    }
    tables[t].slotIndex[column.name.text] = tables[t].slots.count
    tables[t].slots.append(SlotState(name: column.name, annotation: column.type, value: nil, role: .column))
    return tables[t].slots.count - 1
  }

  /// The identity of a row of an inline or source table, from the text of its first column.
  static func rowIdentity(_ text: String) -> UInt64 {
    sipHash24(key: (0x696e_6c69_6e65_2072, 0x6f77_7320_6964), message: Array(text.utf8))
  }
}
