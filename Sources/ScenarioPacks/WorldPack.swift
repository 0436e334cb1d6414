/// The countries of ISO 3166-1: alpha-2, alpha-3 and numeric codes, English names, and
/// populations, by which `country_code()` draws.
public final class WorldPack: Sendable {
  public struct Country: Sendable {
    public let alpha2: String
    public let alpha3: String
    public let numeric: String
    public let name: String
  }

  public let version: String
  public let countries: [Country]
  /// Alpha-2 codes weighted by population.
  public let byPopulation: WeightedTable
  let index: [String: Int]
  /// The countries' codes, names and alpha-3 codes as bytes, for lookups that make no
  /// `String`: process-lifetime lists, read without a reference count.
  public let bytes: Bytes

  public struct Bytes: Sendable {
    /// Alpha-2 and alpha-3 code -> country index.
    let codes: ByteIndex
    public let names: ByteList
    public let alpha3: ByteList

    /// The index of the country with alpha-2 or alpha-3 code `code` (UTF-8, upper case).
    @inline(__always)
    public func country(_ code: UnsafeBufferPointer<UInt8>) -> Int? {
      codes.index(code).map { $0 % names.count }
    }
  }

  init(_ text: PackText) {
    version = text.version
    var countries: [Country] = []
    var weights: [(String, UInt64)] = []
    var index: [String: Int] = [:]
    for f in text.rows("country") where f.count >= 5 {
      let c = Country(alpha2: f[0], alpha3: f[1], numeric: f[2], name: f[3])
      index[c.alpha2] = countries.count
      index[c.alpha3] = countries.count
      countries.append(c)
      weights.append((c.alpha2, max(1, UInt64(f[4]) ?? 1)))
    }
    self.countries = countries
    byPopulation = WeightedTable(weights)
    self.index = index
    let codes = ByteList(countries.map(\.alpha2) + countries.map(\.alpha3))
    bytes = Bytes(codes: ByteIndex(codes), names: ByteList(countries.map(\.name)), alpha3: ByteList(countries.map(\.alpha3)))
  }

  /// The country with alpha-2 or alpha-3 code `code` (upper case), if any.
  public func country(_ code: String) -> Country? { index[code].map { countries[$0] } }
}
