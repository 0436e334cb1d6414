import Foundation
import ScenarioKit
import Testing

/// Editing one column's definition leaves every other column's values unchanged
/// (DESIGN.md §2): random draws are keyed by column, never by evaluation order or by how many
/// draws other columns made.
@Suite("Column-edit isolation")
struct ColumnIsolationTests {
  /// One edit of the small scenario's text and what it may change.
  struct Edit: CustomTestStringConvertible, Sendable {
    var label: String
    var old: String
    var new: String
    /// `table.column` names that must change.
    var changes: Set<String>
    /// Further `table.column` names that may change (columns computed from a changed one).
    var mayChange: Set<String> = []

    var testDescription: String { label }
  }

  static let edits: [Edit] = [
    Edit(
      label: "distribution parameters of orders.amount",
      old: "lognormal(3, 0.5) truncate 5..500", new: "lognormal(3.4, 0.3) truncate 5..500",
      changes: ["orders.amount"]),
    Edit(
      label: "truncation bounds of orders.amount",
      old: "lognormal(3, 0.5) truncate 5..500", new: "lognormal(3, 0.5) truncate 15..40",
      changes: ["orders.amount"]),
    Edit(
      label: "probability inside the nullable orders.discount",
      old: "bernoulli(30%) ? uniform(0.05, 0.3)", new: "bernoulli(60%) ? uniform(0.05, 0.3)",
      changes: ["orders.discount"]),
    Edit(
      label: "mean of items.price in a child table",
      old: "normal(20, 8) truncate 1..100", new: "normal(26, 5) truncate 1..100",
      changes: ["items.price"]),
    Edit(
      label: "choice weights of reviews.text in a grandchild table",
      old: #"choice { "ok" 1, "great" 2, "meh" 1 }"#,
      new: #"choice { "ok" 5, "great" 1, "meh" 1 }"#,
      changes: ["reviews.text"]),
    Edit(
      label: "rate of callbacks.wait_minutes in a filtered child table",
      old: "exponential(0.1)", new: "exponential(0.5)", changes: ["callbacks.wait_minutes"]),
    Edit(
      label: "range of regions.size",
      old: "uniform_int(1, 9)", new: "uniform_int(10, 20)", changes: ["regions.size"]),
    Edit(
      label: "default branch of shops.rating (not the flagship override)",
      old: "normal(3.5, 0.6) truncate 1..5", new: "normal(3.0, 0.9) truncate 1..5",
      changes: ["shops.rating"]),
    Edit(
      label: "shops.popularity, which a weighted pick reads",
      old: "popularity: float(3) = gamma(2, 1.5)", new: "popularity: float(3) = gamma(3, 1.0)",
      changes: ["shops.popularity"], mayChange: ["orders.shop"]),
  ]

  @Test("one edited column changes alone", arguments: edits)
  func editChangesOnlyItsColumn(edit: Edit) throws {
    let base = try Harness.run(source: SmallScenario.source)
    let edited = try Harness.run(source: SmallScenario.replacing(edit.old, with: edit.new))
    let changed = try changedColumns(base, edited)
    #expect(
      changed.isSuperset(of: edit.changes),
      "the edit changed nothing in \(edit.changes.subtracting(changed))")
    let unexpected = changed.subtracting(edit.changes).subtracting(edit.mayChange)
    #expect(unexpected.isEmpty, "columns that changed without being edited: \(unexpected.sorted())")
  }

  @Test("a persona override changes only that persona's rows")
  func personaOverrideChangesOnlyItsRows() throws {
    let base = try Harness.run(source: SmallScenario.source)
    let edited = try Harness.run(
      source: SmallScenario.replacing(
        "flagship: uniform(4.5, 5.0)", with: "flagship: uniform(1.0, 1.5)"))
    #expect(try changedColumns(base, edited) == ["shops.rating"])
    try expectRowsChange(base, edited, column: "rating", onlyFor: "flagship")
  }

  @Test("a persona's override block changes only that persona's rows")
  func personaBlockChangesOnlyItsRows() throws {
    let base = try Harness.run(source: SmallScenario.source)
    let edited = try Harness.run(
      source: SmallScenario.replacing(
        "outlet 25% { popularity = gamma(1, 1) }", with: "outlet 25% { popularity = gamma(9, 1) }"))
    let changed = try changedColumns(base, edited)
    #expect(changed.contains("shops.popularity"))
    // Orders pick shops weighted by popularity; nothing else may move.
    #expect(
      changed.subtracting(["shops.popularity", "orders.shop"]).isEmpty, "\(changed.sorted())")
    try expectRowsChange(base, edited, column: "popularity", onlyFor: "outlet")
  }

  @Test("the default branch edit leaves the overridden persona's rows alone")
  func defaultEditKeepsOverriddenRows() throws {
    let base = try Harness.run(source: SmallScenario.source)
    let edited = try Harness.run(
      source: SmallScenario.replacing(
        "normal(3.5, 0.6) truncate 1..5", with: "normal(2.0, 0.9) truncate 1..5"))
    try expectRowsChange(base, edited, column: "rating", onlyFor: "outlet", "kiosk", "standard")
  }

  @Test("adding columns and a table leaves existing columns identical")
  func addingLeavesExistingColumns() throws {
    var text = SmallScenario.replacing(
      "  order_id = \"O\" ++ pad(row + 1, 5)\n",
      with: "  let hidden = normal(0, 1)\n  extra: float(3) = hidden * 2 + uniform(0, 1)\n"
        + "  order_id = \"O\" ++ pad(row + 1, 5)\n")
    text = SmallScenario.replacing(
      "  shop_id = \"SH\" ++ pad(row + 1, 3)\n",
      with: "  first_new = bernoulli(0.5)\n  shop_id = \"SH\" ++ pad(row + 1, 3)\n", in: text)
    text = SmallScenario.replacing(
      "  gift = bernoulli(10%) ? true : null\n",
      with: "  gift = bernoulli(10%) ? true : null\n"
        + "  weight: float(1)? = bernoulli(0.5) ? gamma(2, 2) : null\n",
      in: text)
    text = SmallScenario.replacing(
      "table regions [3] {",
      with: "table warehouses [5] {\n  key wid\n  wid = row + 1\n"
        + "  capacity = uniform_int(1, 100)\n}\n\ntable regions [3] {",
      in: text)
    let base = try Harness.run(source: SmallScenario.source)
    let extended = try Harness.run(source: text)
    #expect(try changedColumns(base, extended).isEmpty)
    #expect(extended.csv("orders")?.header.contains("extra") == true)
    #expect(extended.csv("shops")?.header.contains("first_new") == true)
    #expect(extended.csv("items")?.header.contains("weight") == true)
    #expect(extended.names == ["warehouses"] + base.names)
  }

  @Test("reordering column definitions changes no value")
  func reorderingKeepsValues() throws {
    var text = SmallScenario.replacing(
      "  shop = pick shops where open weighted by popularity\n  any_shop = pick shops\n",
      with: "  any_shop = pick shops\n")
    text = SmallScenario.replacing(
      "  note = channel == \"phone\"",
      with: "  shop = pick shops where open weighted by popularity\n  note = channel == \"phone\"",
      in: text)
    text = SmallScenario.replacing(
      "  qty = 1 + poisson(1.2)\n  price: float(2) = normal(20, 8) truncate 1..100\n",
      with: "  price: float(2) = normal(20, 8) truncate 1..100\n  qty = 1 + poisson(1.2)\n",
      in: text)
    let base = try Harness.run(source: SmallScenario.source)
    let reordered = try Harness.run(source: text)
    #expect(try changedColumns(base, reordered).isEmpty)
    #expect(reordered.csv("items")?.header != base.csv("items")?.header)
  }

  // MARK: - Helpers

  /// The `table.column` names whose values differ between two CSV runs; every table and
  /// column of `base` must be in `other` with the same number of rows.
  func changedColumns(
    _ base: RunOutput, _ other: RunOutput, sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) throws -> Set<String> {
    var changed: Set<String> = []
    for table in base.tables {
      let a = try #require(base.csv(table.name), sourceLocation: sourceLocation)
      let b = try #require(
        other.csv(table.name), "no table \(table.name)", sourceLocation: sourceLocation)
      try #require(
        a.rows.count == b.rows.count, "rows of \(table.name)", sourceLocation: sourceLocation)
      for name in a.header {
        let column = try #require(
          b.column(name), "no column \(table.name).\(name)", sourceLocation: sourceLocation)
        if a.column(name) != column { changed.insert("\(table.name).\(name)") }
      }
    }
    return changed
  }

  /// Checks that `shops.<column>` differs on every row of the given personas and on no other.
  func expectRowsChange(
    _ base: RunOutput, _ edited: RunOutput, column: String, onlyFor personas: String...,
    sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) throws {
    let a = try #require(base.csv("shops"), sourceLocation: sourceLocation)
    let b = try #require(edited.csv("shops"), sourceLocation: sourceLocation)
    let tiers = try #require(a.column("tier"), sourceLocation: sourceLocation)
    let before = try #require(a.column(column), sourceLocation: sourceLocation)
    let after = try #require(b.column(column), sourceLocation: sourceLocation)
    #expect(b.column("tier") == tiers, "personas moved", sourceLocation: sourceLocation)
    var seen = 0
    for (row, tier) in tiers.enumerated() {
      let isTarget = personas.contains(tier ?? "")
      seen += isTarget ? 1 : 0
      let message =
        "row \(row) (\(tier ?? "nil")): \(before[row] ?? "nil") -> \(after[row] ?? "nil")"
      #expect(
        (before[row] != after[row]) == isTarget, Comment(rawValue: message),
        sourceLocation: sourceLocation)
    }
    #expect(seen > 0, "no rows of \(personas)", sourceLocation: sourceLocation)
  }
}
