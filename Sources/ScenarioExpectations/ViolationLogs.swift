import ScenarioIR

// Accumulators for the rule-like statistics (every-row, unique, resolves): they count violations
// and remember the first few, so the report can point at rows. Row numbers are 0-based, the same
// numbers as the language's `row` and the engine's run-time errors.

/// How many violating rows or values a report names.
package let shownViolations = 5

// MARK: - Every row

/// Rows on which a condition does not hold (false or null), and the first few of them.
package struct ViolationLog: Sendable, Equatable {
  package private(set) var rows = 0
  package private(set) var violations = 0
  /// The first `shownViolations` violating rows, ascending.
  package private(set) var firstRows: [Int] = []

  package init() {}

  /// Counts row `row`, a violation unless `holds`.
  package mutating func add(row: Int, holds: Bool) {
    rows += 1
    guard !holds else { return }
    violations += 1
    if firstRows.count < shownViolations { firstRows.append(row) }
  }

  /// Adds the rows counted by `other` (which come after the rows seen so far).
  package mutating func merge(_ other: ViolationLog) {
    rows += other.rows
    violations += other.violations
    firstRows = Array((firstRows + other.firstRows).prefix(shownViolations))
  }
}

// MARK: - Unique

/// A value seen again: where it first occurred and where it occurred again.
package struct Duplicate: Sendable, Equatable {
  package var value: Value
  package var firstRow: Int
  package var row: Int
}

/// The non-null values of a probe with the row of their first occurrence, the number of
/// occurrences that repeat an earlier value, and the first few repeated values. Keeps one entry
/// per distinct value.
package struct DuplicateLog: Sendable, Equatable {
  private var firstRows = FirstRows()
  /// Non-null values seen.
  package private(set) var count = 0
  /// Occurrences of a value that already occurred (count − distinct values).
  package private(set) var duplicates = 0
  /// The first `shownViolations` repeated values, one entry per value, by the row of their
  /// second occurrence.
  package private(set) var examples: [Duplicate] = []

  package init() {}

  /// Adds `value` (not null) seen at `row`.
  package mutating func add(_ value: Value, row: Int) {
    count += 1
    let key = value.equalityKey
    if let first = firstRows.insert(key, row: row) {
      duplicates += 1
      if examples.count < shownViolations, !examples.contains(where: { $0.value == key }) {
        examples.append(Duplicate(value: key, firstRow: first, row: row))
      }
    }
  }

  /// Adds the values of `other` (whose rows come after the rows seen so far).
  package mutating func merge(_ other: DuplicateLog) {
    var found: [Duplicate] = []
    // Walk `other` in row order so that the result does not depend on dictionary order.
    for (key, row) in other.firstRows.entries.sorted(by: { $0.row < $1.row }) {
      if let first = firstRows.insert(key, row: row) {
        duplicates += 1
        found.append(Duplicate(value: key, firstRow: first, row: row))
      }
    }
    count += other.count
    duplicates += other.duplicates
    // The earliest repeat of each value; `other`'s own repeats of a value that also occurs here
    // come after its first occurrence in `other`, which `found` already holds.
    var merged: [Duplicate] = []
    for d in (examples + found + other.examples).sorted(by: { $0.row < $1.row })
    where !merged.contains(where: { $0.value == d.value }) {
      merged.append(d)
    }
    examples = Array(merged.prefix(shownViolations))
  }

  /// Number of distinct non-null values.
  package var distinct: Int { firstRows.count }
}

/// The row of each distinct value's first occurrence. Ints and texts, the usual key types,
/// have dictionaries of their own: hashing an `Int64` or a `String` directly is much faster
/// than hashing the `Value` enum.
private struct FirstRows: Sendable, Equatable {
  private var ints: [Int64: Int] = [:]
  private var texts: [String: Int] = [:]
  private var others: [Value: Int] = [:]

  /// The first row of `key` if it was seen before; otherwise records `row` and returns nil.
  mutating func insert(_ key: Value, row: Int) -> Int? {
    switch key {
    case .int(let i):
      if let first = ints[i] { return first }
      ints[i] = row
    case .text(let t):
      if let first = texts[t] { return first }
      texts[t] = row
    case .null, .float, .bool, .date, .datetime, .duration, .ref:
      if let first = others[key] { return first }
      others[key] = row
    }
    return nil
  }

  /// Number of distinct values.
  var count: Int { ints.count + texts.count + others.count }

  /// Every value with its first row, in no particular order.
  var entries: [(value: Value, row: Int)] {
    ints.map { (Value.int($0.key), $0.value) } + texts.map { (Value.text($0.key), $0.value) }
      + others.map { ($0.key, $0.value) }
  }
}

// MARK: - Resolves

/// A value that does not occur in the referenced column, and its row.
package struct Miss: Sendable, Equatable {
  package var value: Value
  package var row: Int
}

/// Values checked against a referenced column: how many, how many were missing, and the first
/// few missing ones.
package struct MembershipLog: Sendable, Equatable {
  /// Non-null values checked.
  package private(set) var count = 0
  package private(set) var misses = 0
  /// The first `shownViolations` missing values, in row order.
  package private(set) var examples: [Miss] = []

  package init() {}

  /// Counts `value` at `row`, a miss unless `found`.
  package mutating func add(_ value: Value, row: Int, found: Bool) {
    count += 1
    guard !found else { return }
    misses += 1
    if examples.count < shownViolations { examples.append(Miss(value: value, row: row)) }
  }

  /// Adds the values counted by `other` (whose rows come after the rows seen so far).
  package mutating func merge(_ other: MembershipLog) {
    count += other.count
    misses += other.misses
    examples = Array((examples + other.examples).prefix(shownViolations))
  }
}
