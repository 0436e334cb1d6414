import ScenarioAST
import ScenarioDiagnostics
import ScenarioIR

extension Checker {
  /// A table read from a CSV file or the target database (`from csv|table|query`): every column
  /// is declared with its type, the rows come typed in `options.sources` (read by ScenarioKit's
  /// `SourceLoader`), and the first column identifies them, as in an inline table. Without rows
  /// the table is checked with none and marked unread, so the program cannot run.
  mutating func registerSourceTable(_ t: Int, _ spec: SourceTable) {
    let name = tables[t].name
    let rows = options.sources[name]
    tables[t].isWritten = false
    tables[t].countChecked = true
    tables[t].count = .fixed(rows?.count ?? 0)
    tables[t].source = SourceIR(declared: spec.origin.declared, origin: rows?.origin, fromDatabase: spec.origin.isDatabase,
      databaseTable: { if case .table(let n) = spec.origin { return n } else { return nil } }())
    tables[t].source?.digest = rows?.digest
    if spec.columns.isEmpty {
      diagnostics.error(
        .invalidSource, "table '\(name)' has no columns", at: tables[t].decl.name.span,
        label: "a source table declares the columns it reads")
    }
    for (c, column) in spec.columns.enumerated() {
      guard let slot = registerHeaderColumn(t, column) else { continue }
      var type = ValueType.error
      if let ann = column.type, let kind = TypeRules.annotated(ann.name.text) {
        let probe = applyAnnotation(ann, to: IRExpr(.constant(.null), type: ValueType(kind, nullable: ann.nullable), span: column.name.span), what: "column '\(column.name.text)'")
        type = probe.type.isError ? .error : ValueType(kind, nullable: ann.nullable)
      } else {
        diagnostics.error(
          .invalidSource, "column '\(column.name.text)' of table '\(name)' needs a type",
          at: column.type?.span ?? column.name.span, label: column.type == nil ? "no type" : "not a type a source can hold",
          help: "declare it as int, float, float(N), bool, text, date, datetime or duration, with '?' when it can be empty")
      }
      let values = rows.map { c < $0.columns.count ? $0.columns[c] : [] } ?? []
      tables[t].slots[slot].checked = SlotIR(
        name: column.name.text, span: column.name.span, type: type, precision: column.type?.precision,
        expr: IRExpr(.inlineValue(values), type: type, span: column.name.span), isOutput: true, role: .column)
    }
    guard !spec.columns.isEmpty else { return }
    tables[t].keySlots = [0]
    tables[t].keySpans = [spec.columns[0].name.span]
    if let first = spec.columns[0].type, first.nullable {
      diagnostics.error(
        .invalidSource, "the first column of table '\(name)' identifies its rows and cannot be nullable",
        at: first.span, label: "nullable", help: "drop the '?'")
    }
    guard let rows, let keys = rows.columns.first else { return }
    // The first column identifies the rows (§16): no null, no value twice.
    var seen: [String: Int] = [:]
    var identities: [UInt64] = []
    identities.reserveCapacity(keys.count)
    var reported = 0
    for (r, v) in keys.enumerated() {
      let text = Semantics.text(v)
      if v.isNull, reported < 10 {
        reported += 1
        diagnostics.error(
          .invalidSource, "\(rows.locate(r)): the first column of table '\(name)', '\(spec.columns[0].name.text)', is empty",
          at: spec.originSpan, label: "read here", help: "the first column identifies the rows: every row needs a value")
      } else if let earlier = seen[text], reported < 10 {
        reported += 1
        diagnostics.error(
          .invalidSource,
          "table '\(name)' has two rows with \(spec.columns[0].name.text) \(text) (\(rows.locate(earlier)) and \(rows.positionUnit) \(rows.positions[r]))",
          at: spec.originSpan, label: "read here", help: "the first column identifies the rows: give every row its own value")
      }
      seen[text] = r
      identities.append(Self.rowIdentity(text))
    }
    tables[t].rowIdentity = .keys(identities)
  }
}
