/// The text form of one pack blob: a header line `pack<TAB>name<TAB>version`, then sections
/// that start with a line `#name`, whose lines hold fields separated by tabs (Docs/Data.md).
struct PackText {
  let name: String
  let version: String
  /// The blob's bytes (a string literal's, which live as long as the process).
  private let bytes: UnsafeBufferPointer<UInt8>
  /// The lines of each section, as byte ranges of `bytes`, in order.
  private let sections: [String: [Range<Int>]]

  init(_ blob: StaticString) {
    // Split by bytes, not by Characters: tabs and line feeds are single UTF-8 bytes that never
    // occur inside another character's encoding, and the blobs are megabytes long. Fields are
    // made into strings only when a section is read (`rows`), or not at all (`table`).
    precondition(blob.hasPointerRepresentation, "a pack blob is a string literal")
    let bytes = UnsafeBufferPointer(start: blob.utf8Start, count: blob.utf8CodeUnitCount)
    var name = ""
    var version = ""
    var sections: [String: [Range<Int>]] = [:]
    let n = bytes.count
    var current: String? = nil
    var currentLines: [Range<Int>] = []
    func flush() {
      if let current { sections[current, default: []].append(contentsOf: currentLines) }
      currentLines = []
    }
    var start = 0
    var first = true
    while start < n {
      var end = start
      while end < n && bytes[end] != 0x0A { end += 1 }
      if end > start {
        if first {
          first = false
          let fields = Self.fields(bytes, start..<end)
          precondition(fields.count == 3 && fields[0] == "pack", "a pack blob starts with 'pack<TAB>name<TAB>version'")
          name = fields[1]
          version = fields[2]
        } else if bytes[start] == UInt8(ascii: "#") {
          flush()
          let section = String(decoding: UnsafeBufferPointer(rebasing: bytes[(start + 1)..<end]), as: UTF8.self)
          current = section
          if sections[section] == nil { sections[section] = [] }
        } else if current != nil {
          currentLines.append(start..<end)
        }
      }
      start = end + 1
    }
    flush()
    self.name = name
    self.version = version
    self.bytes = bytes
    self.sections = sections
  }

  /// The tab-separated fields of the line at `range`.
  private static func fields(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> [String] {
    var fields: [String] = []
    var f = range.lowerBound
    for i in range.lowerBound...range.upperBound where i == range.upperBound || bytes[i] == 0x09 {
      fields.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[f..<i]), as: UTF8.self))
      f = i + 1
    }
    return fields
  }

  func rows(_ section: String) -> [[String]] { (sections[section] ?? []).map { Self.fields(bytes, $0) } }

  /// The lines of a section that have a non-empty third field, as (first, third) fields: the
  /// names with a transliteration, without a string for the others.
  func thirdFields(_ section: String) -> [(String, String)] {
    var out: [(String, String)] = []
    for line in sections[section] ?? [] {
      var tabs = 0
      for i in line where bytes[i] == 0x09 { tabs += 1 }
      guard tabs >= 2 else { continue }
      let f = Self.fields(bytes, line)
      if f.count > 2 && !f[2].isEmpty { out.append((f[0], f[2])) }
    }
    return out
  }

  /// A section of `value<TAB>weight[...]` lines as a table (weights that do not parse count 1),
  /// read from the bytes without a string per value.
  func table(_ section: String) -> WeightedTable {
    var values: [UnsafeBufferPointer<UInt8>] = []
    var weights: [UInt64] = []
    for line in sections[section] ?? [] {
      var tab = line.lowerBound
      while tab < line.upperBound && bytes[tab] != 0x09 { tab += 1 }
      guard tab > line.lowerBound else { continue }  // an empty value
      values.append(UnsafeBufferPointer(rebasing: bytes[line.lowerBound..<tab]))
      guard tab < line.upperBound else {
        weights.append(1)
        continue
      }
      var end = tab + 1
      while end < line.upperBound && bytes[end] != 0x09 { end += 1 }
      weights.append(Self.weight(UnsafeBufferPointer(rebasing: bytes[(tab + 1)..<end])))
    }
    return WeightedTable(utf8: ByteList(slices: values), weights: weights)
  }

  /// `UInt64(field) ?? 1`, for plain digits without making a string.
  private static func weight(_ field: UnsafeBufferPointer<UInt8>) -> UInt64 {
    var w: UInt64 = 0
    for d in field {
      guard d >= 0x30 && d <= 0x39, field.count <= 18 else {
        return UInt64(String(decoding: field, as: UTF8.self)) ?? 1
      }
      w = w * 10 + UInt64(d - 0x30)
    }
    return field.isEmpty ? 1 : w
  }

  /// The `key<TAB>value` lines of `#meta`.
  var meta: [String: String] {
    var out: [String: String] = [:]
    for f in rows("meta") where f.count >= 2 { out[f[0]] = f[1] }
    return out
  }
}
