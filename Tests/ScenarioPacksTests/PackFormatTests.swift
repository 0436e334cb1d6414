import ScenarioPacks
import Foundation
import ScenarioTestSupport
import Testing

/// The packs' tables: weighted draws follow the weights, every pack parses with the sections it
/// needs, and names have transliterations for emails.
@Suite("Pack tables")
struct PackFormatTests {
  @Test("a weighted table draws each value in proportion to its weight, over the whole 64-bit range")
  func weightedDraws() {
    let t = WeightedTable([("a", 1), ("b", 3), ("c", 0), ("d", 4)])
    #expect(t.total == 9 && t.weight(2) == 1, "a zero weight counts as 1")
    #expect(t.index(0) == 0 && t.index(.max) == 3)
    var counts = [0, 0, 0, 0]
    let n = 90_000
    for i in 0..<n { counts[t.index(UInt64(i) &* (UInt64.max / UInt64(n)))] += 1 }
    #expect(zip(counts, [10_000, 30_000, 10_000, 40_000]).allSatisfy { abs($0 - $1) <= 1 }, "\(counts)")
  }

  /// The plain definition of a draw: the first index whose running total is above the target.
  static func reference(_ totals: [UInt64], _ u: UInt64) -> Int {
    let target = u.multipliedFullWidth(by: totals.last!).high
    return totals.firstIndex { $0 > target }!
  }

  @Test("a byte index finds every text of its list, the first of a repeated one, and nothing else")
  func byteIndex() {
    // Texts of every length up to 40, differing in one byte at every position, with and without
    // bytes outside ASCII; and the empty text.
    var texts = [""]
    for length in 1...40 {
      let base = (0..<length).map { Character(UnicodeScalar(UInt8(97 + ($0 * 7 + length) % 26))) }
      texts.append(String(base))
      for position in 0..<length {
        var changed = base
        changed[position] = position % 2 == 0 ? "Z" : "é"
        texts.append(String(changed))
      }
    }
    texts.append(texts[5])  // a repeat: the first keeps the slot
    let list = ByteList(texts)
    let index = ByteIndex(list)
    for text in texts {
      var t = text
      let found = t.withUTF8 { index.index($0) }
      #expect(found == texts.firstIndex(of: text), "\(text)")
    }
    for miss in ["zz", "ab", String(repeating: "q", count: 17), "é", texts[40] + "x", String(texts[40].dropLast())] where !texts.contains(miss) {
      var m = miss
      #expect(m.withUTF8 { index.index($0) } == nil, "\(miss)")
    }
  }

  @Test("the guided search draws exactly the index of the plain search, for skewed and even tables; the byte draw its value")
  func guidedSearch() {
    var x: UInt64 = 0x2545_F491_4F6C_DD1D
    func next() -> UInt64 {
      x ^= x << 13
      x ^= x >> 7
      x ^= x << 17
      return x
    }
    let tables: [[UInt64]] = [
      [5], [1, 1], [1_000_000, 1, 1, 1], Array(repeating: 1, count: 1000),
      [1] + Array(repeating: 1, count: 3000) + [UInt64(1) << 40],
      (0..<2500).map { _ in next() % 100_000 }, (1...700).map { UInt64(100_000 / $0) },
    ]
    for weights in tables {
      let t = WeightedTable(weights.enumerated().map { ("v\($0.offset)", $0.element) })
      let totals = weights.reduce(into: [UInt64]()) { $0.append(($0.last ?? 0) + max($1, 1)) }
      // The edges of every range of the guide, and random draws.
      var draws: [UInt64] = [0, .max, 1 << 63, (1 << 63) - 1]
      for k in 0..<64 { draws.append(UInt64(1) << k) }
      for _ in 0..<2_000 { draws.append(next()) }
      for u in draws {
        let i = t.index(u)
        #expect(i == Self.reference(totals, u), "\(weights.count) weights, u \(u)")
        if i != Self.reference(totals, u) { return }
        // The byte draw searches its own packed entries: the same value.
        let drawn = String(decoding: t.drawBytes(u), as: UTF8.self)
        #expect(drawn == "v\(i)", "\(weights.count) weights, u \(u): \(drawn)")
        if drawn != "v\(i)" { return }
      }
    }
  }
}

/// Every shipped pack against the rules the functions rely on (Docs/Values.md, "Packs").
@Suite("Shipped packs")
struct ShippedPackTests {
  static let required = ["en_US", "en_GB", "de_DE", "fr_FR", "es_ES", "pt_BR", "it_IT", "nl_NL", "pl_PL", "ja_JP", "zh_CN", "hi_IN"]

  @Test("the twelve locales are there, each with its country, names of both sexes, cities and phone numbers")
  func locales() throws {
    #expect(Packs.localeNames == Self.required.sorted())
    for name in Self.required {
      let pack = try #require(Packs.locale(name), "\(name)")
      #expect(pack.locale == name && pack.version == Packs.version)
      #expect(pack.country == String(name.suffix(2)), "\(name)")
      #expect(Packs.locale(pack.country)?.locale == name, "the country names the locale")
      #expect(!pack.femaleFirstNames.isEmpty && !pack.maleFirstNames.isEmpty && !pack.lastNames.isEmpty, "\(name)")
      #expect(!pack.cities.isEmpty && !pack.mobilePhones.isEmpty && pack.postalFormat != nil, "\(name)")
      #expect(!pack.callingCode.isEmpty && pack.callingCode.allSatisfy(\.isNumber), "\(name)")
      #expect(pack.familyNameFirst == ["ja_JP", "zh_CN"].contains(name), "\(name)")
    }
  }

  @Test("en_US, en_GB, de_DE, fr_FR and es_ES have at least 500 first names and 500 last names")
  func sizes() throws {
    for name in ["en_US", "en_GB", "de_DE", "fr_FR", "es_ES"] {
      let pack = try #require(Packs.locale(name))
      let first = Set(pack.femaleFirstNames.values).union(pack.maleFirstNames.values)
      #expect(first.count >= 500, "\(name): \(first.count) first names")
      #expect(Set(pack.lastNames.values).count >= 500, "\(name): \(pack.lastNames.count) last names")
    }
  }

  @Test("no first name has 5% of its locale's weight, per sex or both together")
  func shares() throws {
    for name in Self.required {
      let pack = try #require(Packs.locale(name))
      for table in [pack.femaleFirstNames, pack.maleFirstNames] {
        let top = (0..<table.count).map { table.weight($0) }.max() ?? 0
        #expect(Double(top) < 0.05 * Double(table.total), "\(name)")
      }
    }
  }

  @Test("every name outside plain ASCII letters has an ASCII transliteration; user names are ASCII")
  func transliterations() throws {
    for name in Self.required {
      let pack = try #require(Packs.locale(name))
      for table in [pack.femaleFirstNames, pack.maleFirstNames, pack.lastNames] {
        for value in table.values {
          let latin = Packs.latin(value)
          #expect(!latin.isEmpty && latin.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x2D }, "\(name): \(value) -> \(latin)")
        }
      }
    }
    #expect(Packs.fold("Chloé Ødegård-Łukasz") == "chloeodegardlukasz")
  }

  @Test("phone entries: a digit prefix no longer than the number, and a template with one # per digit")
  func phonePlans() throws {
    for name in Self.required {
      let pack = try #require(Packs.locale(name))
      for plan in [pack.mobilePhones, pack.fixedPhones] {
        for e in plan.entries {
          #expect(e.prefix.allSatisfy(\.isNumber) && e.prefix.count <= e.length, "\(name) \(e.prefix)")
          #expect(e.template.filter { $0 == "#" }.count == e.length, "\(name) \(e.template)")
          #expect(plan.entry(for: e.prefix + String(repeating: "0", count: e.length - e.prefix.count)) != nil)
        }
      }
    }
  }

  @Test("the world: every ISO 3166-1 country once, by alpha-2 and alpha-3")
  func world() throws {
    let world = Packs.world
    #expect(world.countries.count >= 240)
    #expect(Set(world.countries.map(\.alpha2)).count == world.countries.count)
    #expect(world.country("DE")?.name == "Germany" && world.country("DEU")?.alpha2 == "DE")
    #expect(world.country("JP")?.numeric == "392")
    #expect(world.countries.allSatisfy { $0.alpha2.count == 2 && $0.alpha3.count == 3 && $0.numeric.count == 3 })
  }
}

/// The sizes table of Docs/Values.md ("Packs") is the packs' own counts.
@Suite("Pack sizes in the docs")
struct PackSizeDocTests {
  @Test("every locale's row of the sizes table in Docs/Values.md matches its pack")
  func sizesTable() throws {
    let path = RepoPaths.absolute("Docs/Values.md")
    let text = try String(contentsOfFile: path, encoding: .utf8)
    var seen: [String] = []
    for line in text.split(separator: "\n") where line.hasPrefix("| `") {
      let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
      guard cells.count == 9, let pack = Packs.locale(cells[0].replacingOccurrences(of: "`", with: "")) else { continue }
      let actual = [
        pack.femaleFirstNames.count, pack.maleFirstNames.count, pack.lastNames.count, pack.streets.count,
        pack.cities.count, pack.companies.count, pack.jobs.count, pack.words.count,
      ].map(String.init)
      #expect(Array(cells.dropFirst()) == actual, "\(pack.locale): the docs say \(cells.dropFirst()), the pack has \(actual)")
      seen.append(pack.locale)
    }
    #expect(seen == Packs.localeNames, "the table lists every locale once, in order")
  }
}
