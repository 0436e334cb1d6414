import Foundation
import ScenarioKit
import Testing

/// Child rows are keyed by their parent's identity and their index under that parent
/// (hierarchical row identity), not by their position in the table: when one parent gets more
/// or fewer children, every other parent's children keep their values, and so do their own
/// children.
///
/// Child keys in the small scenario are built from the row number (`"I" ++ pad(row + 1, 6)`),
/// which shifts by design; rows are therefore matched on their natural key, the parent's key
/// plus the position under that parent.
@Suite("Hierarchical row identity")
struct RowIdentityTests {
  @Test(
    "another parent's child count leaves a child row's values alone",
    arguments: ["O00002", "O00150", "O00300"])
  func otherParentsChildrenKeepValues(special: String) throws {
    let base = try Harness.run(source: SmallScenario.source)
    let changed = try Harness.run(
      source: SmallScenario.source, options: CheckOptions(overrides: [("special_order", special)]))
    for table in ["regions", "shops", "orders", "callbacks"] {
      #expect(base.table(table)?.bytes == changed.table(table)?.bytes, "\(table) changed")
    }

    let itemsBefore = try Children(
      try #require(base.csv("items")), parent: "order_id", own: "item_id")
    let itemsAfter = try Children(
      try #require(changed.csv("items")), parent: "order_id", own: "item_id")
    #expect(itemsAfter.groups[special]?.count == 9)
    #expect(itemsBefore.groups.count >= 200, "too few orders with items to mean anything")
    for (order, rows) in itemsBefore.groups {
      let after = itemsAfter.groups[order] ?? []
      if order == special {
        // The special order's first children are the same rows; the rest are new.
        #expect(Array(after.prefix(rows.count)) == rows, "\(order): first items changed")
      } else {
        #expect(after == rows, "items of \(order) changed")
      }
    }
    for order in itemsAfter.groups.keys where itemsBefore.groups[order] == nil {
      #expect(order == special, "\(order) gained items")
    }

    // Grandchildren: reviews under the item at (order, position).
    let reviewsBefore = try reviewsByItem(base, items: itemsBefore)
    let reviewsAfter = try reviewsByItem(changed, items: itemsAfter)
    var compared = 0
    for (item, rows) in reviewsBefore {
      #expect(reviewsAfter[item] == rows, "reviews of item \(item) changed")
      compared += rows.count
    }
    for (item, _) in reviewsAfter where reviewsBefore[item] == nil {
      #expect(item.order == special, "\(item) gained reviews")
    }
    #expect(compared > 300)
  }

  /// Reviews grouped by the natural key of their item, with the row-numbered columns left out.
  private func reviewsByItem(_ run: RunOutput, items: Children) throws -> [ItemKey: [[String?]]] {
    let reviews = try Children(
      try #require(run.csv("reviews")), parent: "item_id", own: "review_id", drop: ["order_id"])
    var out: [ItemKey: [[String?]]] = [:]
    for (itemID, rows) in reviews.groups {
      let key = try #require(items.naturalKey[itemID], "review of an unknown item \(itemID)")
      out[key] = rows
    }
    return out
  }
}

/// An item's natural key: its order and its position among the order's items.
struct ItemKey: Hashable, CustomStringConvertible {
  var order: String
  var position: Int
  var description: String { "\(order)#\(position)" }
}

/// The rows of a child table grouped by parent, in order, without the columns derived from the
/// row number.
struct Children {
  /// Parent key -> the children's remaining values, in table order.
  var groups: [String: [[String?]]] = [:]
  /// Own (row-numbered) key -> natural key.
  var naturalKey: [String: ItemKey] = [:]

  init(_ table: CSVTable, parent: String, own: String, drop: Set<String> = []) throws {
    let p = try #require(table.header.firstIndex(of: parent))
    let o = try #require(table.header.firstIndex(of: own))
    let keep = table.header.indices.filter {
      $0 != o && $0 != p && !drop.contains(table.header[$0])
    }
    var lastParent: String? = nil
    for row in table.rows {
      let parentKey = try #require(row[p])
      // Children of one parent are contiguous, in parent order.
      if parentKey != lastParent {
        #expect(groups[parentKey] == nil, "children of \(parentKey) are not contiguous")
        lastParent = parentKey
      }
      let position = groups[parentKey, default: []].count
      groups[parentKey, default: []].append(keep.map { row[$0] })
      naturalKey[try #require(row[o])] = ItemKey(order: parentKey, position: position)
    }
  }
}
