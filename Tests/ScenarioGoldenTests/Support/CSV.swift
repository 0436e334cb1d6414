/// A parsed CSV file: the header and the rows, with SQL NULL kept apart from the empty string.
struct CSVTable: Equatable, Sendable {
  var header: [String]
  var rows: [[String?]]

  /// Parses CSV text whose first row is the header (see `CSVReader.parse`).
  init(text: String, nullMarker: String = "") {
    let all = CSVReader.parse(text, nullMarker: nullMarker)
    header = all.first.map { $0.map { $0 ?? "" } } ?? []
    rows = Array(all.dropFirst())
  }

  /// Parses CSV bytes (UTF-8).
  init(bytes: [UInt8]) {
    self.init(text: String(decoding: bytes, as: UTF8.self))
  }

  /// The values of the named column, top to bottom; nil if there is no such column.
  func column(_ name: String) -> [String?]? {
    guard let i = header.firstIndex(of: name) else { return nil }
    return rows.map { $0[i] }
  }

  /// Every column by name.
  var columns: [String: [String?]] {
    var out: [String: [String?]] = [:]
    for (i, name) in header.enumerated() { out[name] = rows.map { $0[i] } }
    return out
  }
}

/// A minimal CSV reader (RFC 4180 plus the encoder's NULL convention), for comparing files by
/// value.
enum CSVReader {
  /// Splits CSV text into rows of fields. A quoted field is always text (so `""` is the empty
  /// string); an unquoted field equal to `nullMarker` (by default the empty field) is nil. Rows
  /// end at LF or CRLF outside quotes.
  static func parse(_ text: String, nullMarker: String = "") -> [[String?]] {
    var rows: [[String?]] = []
    var row: [String?] = []
    var field = ""
    var quoted = false
    var inQuotes = false
    var scalars = Array(text.unicodeScalars)[...]
    func endField() {
      row.append(!quoted && field == nullMarker ? nil : field)
      field = ""
      quoted = false
    }
    while let c = scalars.popFirst() {
      if inQuotes {
        if c == "\"" {
          if scalars.first == "\"" {
            field.unicodeScalars.append(c)
            scalars.removeFirst()
          } else {
            inQuotes = false
          }
        } else {
          field.unicodeScalars.append(c)
        }
      } else if c == "\"" {
        inQuotes = true
        quoted = true
      } else if c == "," {
        endField()
      } else if c == "\n" || (c == "\r" && scalars.first == "\n") {
        if c == "\r" { scalars.removeFirst() }
        endField()
        rows.append(row)
        row = []
      } else {
        field.unicodeScalars.append(c)
      }
    }
    if !row.isEmpty || !field.isEmpty || quoted {
      endField()
      rows.append(row)
    }
    return rows
  }
}
