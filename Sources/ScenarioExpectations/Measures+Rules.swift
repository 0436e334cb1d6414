import ScenarioIR

// Measures whose value is a count of violations (every-row, unique, resolves). Their target is
// "no violations"; the detail names the first few offending rows or values.

/// `every row`: the number of rows where the condition is false or null.
final class EveryRowMeasure: Measure {
  private var log = ViolationLog()
  func observe(startRow: Int, count: Int, probes: [ValueColumn]) {
    if case .bools(let b) = probes[0].storage {
      let nulls = probes[0].nulls
      for i in 0..<count { log.add(row: startRow + i, holds: b[i] && !(nulls?[i] ?? false)) }
      return
    }
    for (i, v) in probes[0].enumerated() { log.add(row: startRow + i, holds: v.isTrue) }
  }
  func measurement() -> Measurement {
    var detail: String? = nil
    if log.violations > 0 {
      let verb = log.violations == 1 ? "violates" : "violate"
      let lead = "\(log.violations) of \(log.rows) rows \(verb) it"
      let rows = rowList(log.firstRows)
      detail =
        log.violations > log.firstRows.count ? lead + ", first at " + rows : lead + ": " + rows
    }
    return Measurement(value: Double(log.violations), n: log.rows, detail: detail)
  }
}

/// `unique`: the number of non-null values that repeat an earlier value.
final class UniqueMeasure: Measure {
  private var log = DuplicateLog()
  func observe(startRow: Int, count: Int, probes: [ValueColumn]) {
    for (i, v) in probes[0].enumerated() where !v.isNull { log.add(v, row: startRow + i) }
  }
  func measurement() -> Measurement {
    var detail: String? = nil
    if log.duplicates > 0 {
      let shown = log.examples.map {
        "\(quotedValue($0.value)) (rows \($0.firstRow) and \($0.row))"
      }
      // More repeats than shown examples means more values may repeat than are named.
      let more = log.duplicates > log.examples.count && log.examples.count == shownViolations
      detail = "duplicates: " + shown.joined(separator: ", ") + (more ? ", …" : "")
    }
    return Measurement(value: Double(log.duplicates), n: log.count, detail: detail)
  }
}

/// `unique` of a value computed injectively from the row number: no value can repeat, so the
/// measure only counts the non-null values (0 violations, and no memory per row).
final class ByConstructionMeasure: Measure {
  private var rows = 0
  func observe(startRow: Int, count: Int, probes: [ValueColumn]) {
    for v in probes[0] where !v.isNull { rows += 1 }
  }
  func measurement() -> Measurement { Measurement(value: 0, n: rows, detail: nil) }
}

/// The values of one written column of a table that references point to, collected while that
/// table is generated (it always comes before the tables that reference it).
final class KeySet {
  let table: String
  let column: String
  /// False when the column is not written, so its values never reach the observers.
  var available = true
  /// True once the table is complete.
  var complete = false
  /// Rows of the table seen so far; a probe that yields a row index resolves below it.
  var rows = 0
  private var values: Set<Value> = []

  init(table: String, column: String) {
    self.table = table
    self.column = column
  }

  /// Adds a column value (nulls are never a target).
  func add(_ v: Value) { if !v.isNull { values.insert(v.equalityKey) } }

  /// Whether a probe value resolves: a key value that occurs in the column, or a row index of
  /// the table.
  func contains(_ v: Value) -> Bool {
    if case .ref(let r) = v { return r >= 0 && r < rows }
    return values.contains(v.equalityKey)
  }
}

/// `resolves`: the number of non-null values that do not occur in the referenced column.
/// Values seen before the referenced table is complete (which the generation order rules out)
/// wait until it is.
final class ResolvesMeasure: Measure {
  private let keys: KeySet
  private var log = MembershipLog()
  private var pending: [(value: Value, row: Int)] = []
  /// Whether a key value could not be checked because the referenced column is not written.
  private var unchecked = false

  init(keys: KeySet) { self.keys = keys }

  func observe(startRow: Int, count: Int, probes: [ValueColumn]) {
    for (i, v) in probes[0].enumerated() where !v.isNull {
      if keys.complete { check(v, row: startRow + i) } else { pending.append((v, startRow + i)) }
    }
  }

  private func check(_ v: Value, row: Int) {
    if case .ref = v {
    } else if !keys.available {
      unchecked = true
      return
    }
    log.add(v, row: row, found: keys.contains(v))
  }

  func measurement() -> Measurement {
    for p in pending { check(p.value, row: p.row) }
    pending = []
    if unchecked {
      return Measurement(
        value: .nan, n: log.count,
        detail: "column '\(keys.column)' of table '\(keys.table)' is not written, "
          + "so values cannot be checked against it")
    }
    var detail: String? = nil
    if log.misses > 0 {
      let verb = log.misses == 1 ? "does not resolve" : "do not resolve"
      let lead = "\(log.misses) of \(log.count) values \(verb)"
      let shown = log.examples.map { "\(quotedValue($0.value)) (row \($0.row))" }
        .joined(separator: ", ")
      detail = log.misses > log.examples.count ? lead + ", first: " + shown : lead + ": " + shown
    }
    return Measurement(value: Double(log.misses), n: log.count, detail: detail)
  }
}

/// "row 4" or "rows 4, 17, 90".
func rowList(_ rows: [Int]) -> String {
  (rows.count == 1 ? "row " : "rows ") + rows.map(String.init).joined(separator: ", ")
}
