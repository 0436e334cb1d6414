/// The text form of one pack blob: a header line `pack<TAB>name<TAB>version`, then sections
/// that start with a line `#name`, whose lines hold fields separated by tabs (Docs/Data.md).
struct PackText {
  let name: String
  let version: String
  /// The lines of each section, split into fields, in order.
  let sections: [String: [[String]]]

  init(_ blob: StaticString) {
    // Split by bytes, not by Characters: tabs and line feeds are single UTF-8 bytes that never
    // occur inside another character's encoding, and the blobs are megabytes long.
    var name = ""
    var version = ""
    var sections: [String: [[String]]] = [:]
    blob.withUTF8Buffer { bytes in
      let n = bytes.count
      var current: String? = nil
      var currentRows: [[String]] = []
      var start = 0
      var first = true
      func flush() {
        if let current { sections[current, default: []].append(contentsOf: currentRows) }
        currentRows = []
      }
      while start < n {
        var end = start
        while end < n && bytes[end] != 0x0A { end += 1 }
        if end > start {
          var fields: [String] = []
          var f = start
          for i in start...end where i == end || bytes[i] == 0x09 {
            fields.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[f..<i]), as: UTF8.self))
            f = i + 1
          }
          if first {
            first = false
            precondition(fields.count == 3 && fields[0] == "pack", "a pack blob starts with 'pack<TAB>name<TAB>version'")
            name = fields[1]
            version = fields[2]
          } else if bytes[start] == UInt8(ascii: "#") {
            flush()
            let section = String(decoding: UnsafeBufferPointer(rebasing: bytes[(start + 1)..<end]), as: UTF8.self)
            current = section
            if sections[section] == nil { sections[section] = [] }
          } else if current != nil {
            currentRows.append(fields)
          }
        }
        start = end + 1
      }
      flush()
    }
    self.name = name
    self.version = version
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
