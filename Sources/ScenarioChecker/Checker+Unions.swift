import ScenarioDiagnostics
import ScenarioIR

extension Checker {
  /// Tables declared `into NAME` share one output: their written columns must match by name,
  /// order and type, NAME must not be a table, and the parts are generated in declaration
  /// order, each after everything that any part reads except the parts themselves; a part may
  /// read the parts declared before it.
  mutating func checkUnions() -> [Int: UnionPart] {
    var groups: [String: [Int]] = [:]
    var order: [String] = []
    for t in tables.indices {
      guard let into = tables[t].decl.into else { continue }
      if tableIndex[into.text] != nil {
        diagnostics.error(
          .duplicateDefinition, "'\(into.text)' is a table; 'into' needs the name of a shared output",
          at: into.span, label: "already a table", help: "choose another name for the shared output")
        continue
      }
      if groups[into.text] == nil { order.append(into.text) }
      groups[into.text, default: []].append(t)
    }
    var result: [Int: UnionPart] = [:]
    for name in order {
      guard let parts = groups[name] else { continue }
      let first = parts[0]
      let columns = writtenColumns(first)
      for t in parts.dropFirst() {
        let other = writtenColumns(t)
        // A column that failed to check was reported already.
        if (columns + other).contains(where: { $0.type.isError }) { continue }
        let same = other.count == columns.count && zip(other, columns).allSatisfy { a, b in
          a.name == b.name && a.precision == b.precision
            && (a.type.kind == b.type.kind || a.type.kind == .null || b.type.kind == .null
              || (a.type.isTextual && b.type.isTextual))
        }
        if !same {
          diagnostics.error(
            .annotationMismatch,
            "table '\(tables[t].name)' is written into '\(name)' but its columns differ from those of '\(tables[first].name)'",
            at: tables[t].decl.into?.span ?? tables[t].decl.name.span, label: "columns differ",
            secondary: [Label(tables[first].decl.name.span, "the first part of '\(name)'")],
            notes: [
              "'\(tables[first].name)': \(columns.map(Self.describe).joined(separator: ", "))",
              "'\(tables[t].name)': \(other.map(Self.describe).joined(separator: ", "))",
            ],
            help: "every part of a shared output writes the same columns, in the same order, with the same types")
        }
        if tables[t].keySlots.map({ tables[t].slots[$0].name.text }) != tables[first].keySlots.map({ tables[first].slots[$0].name.text }) {
          diagnostics.error(
            .annotationMismatch, "the parts of '\(name)' declare different keys", at: tables[t].decl.name.span,
            label: "key differs from '\(tables[first].name)'")
        }
      }
      // Ordering: each part after the previous one, the first after everything any part reads
      // (other than the parts themselves). A part may read the parts declared before it, which
      // are complete by then (login events, then the scheduling that follows each login).
      var reads = Set<Int>()
      for t in parts { reads.formUnion(tableDependencies[t]) }
      reads.subtract(parts)
      for (i, t) in parts.enumerated() {
        for (j, other) in parts.enumerated() where j >= i && tableDependencies[t].contains(other) {
          diagnostics.error(
            .dependencyCycle,
            other == t
              ? "table '\(tables[t].name)' reads itself"
              : "table '\(tables[t].name)' reads '\(tables[other].name)', a later part of '\(name)'",
            at: tables[t].decl.name.span, label: "a part can read only the parts declared before it",
            help: "declare '\(tables[other].name)' before '\(tables[t].name)' in the file")
        }
        tableDependencies[t].formUnion(reads)
        if i > 0 { tableDependencies[t].insert(parts[i - 1]) }
        result[t] = UnionPart(output: name, parts: parts, index: i)
      }
      // A table that reads a part comes after the whole output, so that the files are listed
      // (and SQL scripts can be loaded) in an order where references point backwards.
      let last = parts[parts.count - 1]
      for t in tables.indices where !parts.contains(t) && !tableDependencies[t].isDisjoint(with: parts) {
        tableDependencies[t].insert(last)
      }
    }
    return result
  }

  static func describe(_ c: (name: String, type: ValueType, precision: Int?)) -> String {
    "\(c.name) \(c.type)" + (c.precision.map { " (\($0) decimals)" } ?? "")
  }

  /// The written columns of a table: names and types.
  func writtenColumns(_ t: Int) -> [(name: String, type: ValueType, precision: Int?)] {
    tables[t].slots.compactMap { s in
      guard s.role == .column else { return nil }
      guard let ir = s.checked else { return (s.name.text, .error, nil) }
      return ir.isOutput ? (s.name.text, ir.type, ir.precision) : nil
    }
  }
}
