import Foundation
import Testing

/// A small scenario that exercises what determinism depends on: personas by exact count and by
/// share (with an override block), uniform, weighted and filtered picks, child tables with a
/// random count per parent (two levels deep), a filtered one-per-parent child table, weighted
/// choices, truncation and nullable columns.
///
/// `special_order` names an order that gets 9 items instead of a random count, so that one
/// parent's child count can change without touching the text.
enum SmallScenario {
  static let source = """
    scenario small
    seed 7
    now 2024-03-01T00:00:00

    param shop_count = 12
    param order_count = 300
    param special_order = "none"

    table regions [3] {
      key region_id
      region_id = "R" ++ pad(row + 1, 2)
      size = uniform_int(1, 9)
    }

    table shops [shop_count] {
      key shop_id
      persona flagship 2, outlet 25% { popularity = gamma(1, 1) }, kiosk 25%, standard rest
      shop_id = "SH" ++ pad(row + 1, 3)
      region = pick regions
      tier = persona
      rating: float(2) = normal(3.5, 0.6) truncate 1..5 | flagship: uniform(4.5, 5.0)
      open = bernoulli(0.8) | kiosk: bernoulli(0.5)
      popularity: float(3) = gamma(2, 1.5)
      opened_on = date(now - days(uniform_int(30, 2000)))
    }

    table orders [order_count] {
      key order_id
      order_id = "O" ++ pad(row + 1, 5)
      shop = pick shops where open weighted by popularity
      any_shop = pick shops
      channel = choice { "web" 50%, "app" 35%, "phone" 15% }
      amount: float(2) = lognormal(3, 0.5) truncate 5..500
      discount: float(2)? = bernoulli(30%) ? uniform(0.05, 0.3) : null
      placed_at = now - days(uniform_int(0, 60)) - minutes(uniform_int(0, 1439))
      note = channel == "phone" ? choice { "call back" 1, "urgent" 1 } : null
    }

    table items [(o.order_id == special_order ? 9 : uniform_int(0, 4)) per o in orders] {
      key item_id
      item_id = "I" ++ pad(row + 1, 6)
      order_id = o.order_id
      qty = 1 + poisson(1.2)
      price: float(2) = normal(20, 8) truncate 1..100
      gift = bernoulli(10%) ? true : null
    }

    table reviews [poisson(0.8) per i in items] {
      key review_id
      review_id = "V" ++ pad(row + 1, 6)
      item_id = i.item_id
      order_id = i.order_id
      stars = uniform_int(1, 5)
      text = choice { "ok" 1, "great" 2, "meh" 1 }
    }

    table callbacks [each o in orders where o.channel == "phone"] {
      key order_id
      order_id = o.order_id
      wait_minutes: float(1) = exponential(0.1)
      resolved = bernoulli(0.7)
    }

    """

  /// The source with `old` (which must occur exactly once) replaced by `new`.
  static func replacing(
    _ old: String, with new: String, in text: String = source,
    sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) -> String {
    let parts = text.components(separatedBy: old)
    #expect(
      parts.count == 2, "'\(old)' occurs \(parts.count - 1) times", sourceLocation: sourceLocation)
    return parts.joined(separator: new)
  }
}
