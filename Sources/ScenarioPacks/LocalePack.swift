/// One locale's values (Docs/Values.md, "Packs"): names by sex with their frequencies, streets,
/// cities with their regions, postal code rules, the telephone numbering plan, companies, job
/// titles and words. Built once from its blob, on first use, and shared by every thread.
public final class LocalePack: Sendable {
  public let locale: String
  public let version: String
  /// ISO 3166-1 alpha-2 code of the locale's country, as `DE`.
  public let country: String
  /// Whether the family name comes first in a full name (ja_JP, zh_CN).
  public let familyNameFirst: Bool
  /// Between the two names of a full name: a space, or nothing.
  public let nameSeparator: String
  /// `{number} {street}` or `{street} {number}`.
  public let streetFormat: String
  public let buildingNumberMax: Int64
  /// The country calling code, as `49`.
  public let callingCode: String
  /// The pattern (the `pattern(...)` subset) of the country's postal codes.
  public let postalFormat: String?

  public let femaleFirstNames: WeightedTable
  public let maleFirstNames: WeightedTable
  public let lastNames: WeightedTable
  public let streets: WeightedTable
  public let companies: WeightedTable
  public let jobs: WeightedTable
  public let words: WeightedTable
  /// The ASCII transliteration of each name that is not plain ASCII (for emails).
  public let latin: [String: String]

  /// Cities weighted by population.
  public let cities: WeightedTable
  /// The region of each city, as an index into `regionCodes` and `regionNames`.
  public let cityRegions: [Int]
  /// ISO 3166-2 subdivision codes without the country prefix (`BY`), and their names.
  public let regionCodes: [String]
  public let regionNames: [String]
  /// The most populous city of each name.
  let cityByName: [String: Int]
  /// Postal code patterns by region code, where the region has its own rule.
  public let postalRegions: [String: String]

  public let mobilePhones: PhonePlan
  public let fixedPhones: PhonePlan

  /// A format cut at its placeholders.
  public enum FormatPart: Sendable, Equatable {
    case literal(String), street, number, lastName
  }
  /// `streetFormat` in parts.
  public let streetParts: [FormatPart]
  /// Each company form in parts (`{last_name}` placeholders).
  public let companyParts: [[FormatPart]]

  /// UTF-8 forms of the texts above, in process-lifetime storage, for the column-wise engine:
  /// every thread reads them per row without a reference count.
  public struct Bytes: @unchecked Sendable {
    /// `country`, `nameSeparator`, `callingCode`, in that order.
    public let fixed: ByteList
    public let regionNames: ByteList
    public let regionCodes: ByteList
    /// The index of each city name (the most populous city of that name), as `city(named:)`.
    public let cityIndex: ByteIndex
    /// `cityRegions`.
    public let cityRegions: UnsafeBufferPointer<Int>
    public let street: ByteTemplate
    /// `companyParts`, one per company form.
    public let companies: UnsafeBufferPointer<ByteTemplate>
    /// The postal code patterns: `postalSources[0]` the country's (`postalFormat`, nil when
    /// none), then the regions' own rules; `regionPostal[r]` is region `r`'s index into them.
    public let postalSources: [String?]
    public let regionPostal: UnsafeBufferPointer<Int>
  }
  public let bytes: Bytes

  /// `format` cut at the placeholders of `names`.
  static func parts(_ format: String, _ names: [(String, FormatPart)]) -> [FormatPart] {
    var out: [FormatPart] = []
    var literal = ""
    var rest = Substring(format)
    outer: while !rest.isEmpty {
      for (name, part) in names where rest.hasPrefix(name) {
        if !literal.isEmpty { out.append(.literal(literal)) }
        literal = ""
        out.append(part)
        rest = rest.dropFirst(name.count)
        continue outer
      }
      literal.append(rest.removeFirst())
    }
    if !literal.isEmpty { out.append(.literal(literal)) }
    return out
  }

  init(_ text: PackText) {
    locale = text.name
    version = text.version
    let meta = text.meta
    country = meta["country"] ?? String(text.name.split(separator: "_").last ?? "")
    familyNameFirst = meta["name_order"] == "family-given"
    nameSeparator = meta["name_separator"] == "none" ? "" : " "
    streetFormat = meta["street_format"] ?? "{number} {street}"
    buildingNumberMax = max(1, Int64(meta["building_number_max"] ?? "") ?? 100)
    callingCode = meta["calling_code"] ?? ""
    postalFormat = meta["postal_format"].flatMap { $0.isEmpty ? nil : $0 }
    femaleFirstNames = text.table("first_name_female")
    maleFirstNames = text.table("first_name_male")
    lastNames = text.table("last_name")
    streets = text.table("street")
    companies = text.table("company")
    jobs = text.table("job")
    words = text.table("word")
    var latin: [String: String] = [:]
    for section in ["first_name_female", "first_name_male", "last_name"] {
      for (name, ascii) in text.thirdFields(section) { latin[name] = ascii }
    }
    self.latin = latin
    var codes: [String] = []
    var names: [String] = []
    var regionIndex: [String: Int] = [:]
    var cityRows: [(String, UInt64)] = []
    var cityRegions: [Int] = []
    var byName: [String: Int] = [:]
    for f in text.rows("city") where f.count >= 4 {
      let region: Int
      if let r = regionIndex[f[1]] {
        region = r
      } else {
        region = codes.count
        regionIndex[f[1]] = region
        codes.append(f[1])
        names.append(f[2])
      }
      let population = UInt64(f[3]) ?? 1
      if let other = byName[f[0]] {
        if cityRows[other].1 < population { byName[f[0]] = cityRows.count }
      } else {
        byName[f[0]] = cityRows.count
      }
      cityRows.append((f[0], population))
      cityRegions.append(region)
    }
    cities = WeightedTable(cityRows)
    self.cityRegions = cityRegions
    regionCodes = codes
    regionNames = names
    cityByName = byName
    var postal: [String: String] = [:]
    for f in text.rows("postal_region") where f.count >= 2 { postal[f[0]] = f[1] }
    postalRegions = postal
    streetParts = Self.parts(streetFormat, [("{street}", .street), ("{number}", .number)])
    companyParts = companies.values.map { Self.parts($0, [("{last_name}", .lastName)]) }
    let populations = cityRows.map(\.1)
    var postalSources: [String?] = [postalFormat]
    var regionPostal: [Int] = []
    for code in codes {
      if let own = postal[code] {
        regionPostal.append(postalSources.count)
        postalSources.append(own)
      } else {
        regionPostal.append(0)
      }
    }
    bytes = Bytes(
      fixed: ByteList([country, nameSeparator, callingCode]), regionNames: ByteList(names), regionCodes: ByteList(codes),
      cityIndex: ByteIndex(cities.utf8) { old, new in populations[old] >= populations[new] },
      cityRegions: Immortal.buffer(cityRegions), street: ByteTemplate(streetParts),
      companies: Immortal.buffer(companyParts.map(ByteTemplate.init)), postalSources: postalSources,
      regionPostal: Immortal.buffer(regionPostal))
    let phones = text.rows("phone")
    mobilePhones = PhonePlan(phones.filter { $0.first == "mobile" })
    fixedPhones = PhonePlan(phones.filter { $0.first == "fixed" })
  }

  /// The index of the city named `name` (the most populous one of that name), if the pack has it.
  public func city(named name: String) -> Int? { cityByName[name] }

  /// The names of one sex: `female` true for female names.
  public func firstNames(female: Bool) -> WeightedTable { female ? femaleFirstNames : maleFirstNames }
}
