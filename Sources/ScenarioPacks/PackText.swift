/// The text form of one pack blob: a header line `pack<TAB>name<TAB>version`, then sections
/// that start with a line `#name`, whose lines hold fields separated by tabs (Docs/Data.md).
struct PackText {
  let name: String
  let version: String
  /// The lines of each section, split into fields, in order.
  let sections: [String: [[String]]]

  init(_ blob: StaticString) {
    let text = blob.withUTF8Buffer { String(decoding: $0, as: UTF8.self) }
    var lines = text.split(separator: "\n", omittingEmptySubsequences: true).makeIterator()
    let header = lines.next().map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) } ?? []
    precondition(header.count == 3 && header[0] == "pack", "a pack blob starts with 'pack<TAB>name<TAB>version'")
    name = header[1]
    version = header[2]
    var sections: [String: [[String]]] = [:]
    var current: String? = nil
    while let line = lines.next() {
      if line.first == "#" {
        current = String(line.dropFirst())
        sections[current!, default: []] = sections[current!] ?? []
        continue
      }
      guard let current else { continue }
      sections[current, default: []].append(line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init))
    }
    self.sections = sections
  }

  func rows(_ section: String) -> [[String]] { sections[section] ?? [] }

  /// A section of `value<TAB>weight[...]` lines as a table (weights that do not parse count 1).
  func table(_ section: String) -> WeightedTable {
    WeightedTable(rows(section).compactMap { f in
      guard let value = f.first, !value.isEmpty else { return nil }
      return (value, f.count > 1 ? UInt64(f[1]) ?? 1 : 1)
    })
  }

  /// The `key<TAB>value` lines of `#meta`.
  var meta: [String: String] {
    var out: [String: String] = [:]
    for f in rows("meta") where f.count >= 2 { out[f[0]] = f[1] }
    return out
  }
}
