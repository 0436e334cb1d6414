/// A minimal JSON writer for reports: keys are written in the order given (never from a
/// dictionary), numbers through `NumberText.json`, so the output is byte-for-byte deterministic.
package struct JSONText {
  private var out = ""
  private var indent = 0
  /// Whether the current container already holds an item (a comma is needed).
  private var hasItem: [Bool] = []
  /// Whether the current container is written on one line.
  private var isInline: [Bool] = []

  package init() {}

  /// The text written so far, with a final newline.
  package var text: String { out + "\n" }

  /// Opens an object, as an array item or after `key`; an `inline` object is written on one
  /// line (for small records such as histogram bins).
  package mutating func beginObject(_ key: String? = nil, inline: Bool = false) {
    open(key, "{", inline: inline)
  }
  /// Closes the innermost object.
  package mutating func endObject() { close("}") }
  /// Opens an array, as an array item or after `key`.
  package mutating func beginArray(_ key: String? = nil) { open(key, "[", inline: false) }
  /// Closes the innermost array.
  package mutating func endArray() { close("]") }

  /// Writes a string member (or array item when `key` is nil); nil writes `null`.
  package mutating func string(_ key: String?, _ value: String?) {
    item(key, value.map(Self.quote) ?? "null")
  }
  /// Writes a number member.
  package mutating func number(_ key: String?, _ value: Double) {
    item(key, NumberText.json(value))
  }
  /// Writes an integer member.
  package mutating func int(_ key: String?, _ value: some BinaryInteger) {
    item(key, String(value))
  }
  /// Writes a boolean member.
  package mutating func bool(_ key: String?, _ value: Bool) { item(key, value ? "true" : "false") }

  private mutating func item(_ key: String?, _ raw: String) {
    startItem(key)
    out += raw
  }

  private mutating func open(_ key: String?, _ bracket: String, inline: Bool) {
    startItem(key)
    out += bracket
    indent += 1
    hasItem.append(false)
    isInline.append(inline || isInline.last == true)
  }

  private mutating func close(_ bracket: String) {
    indent -= 1
    let inline = isInline.popLast() == true
    if hasItem.popLast() == true, !inline {
      out += "\n" + String(repeating: "  ", count: indent)
    }
    out += bracket
  }

  private mutating func startItem(_ key: String?) {
    if let last = hasItem.indices.last {
      if isInline[last] {
        if hasItem[last] { out += ", " }
      } else {
        if hasItem[last] { out += "," }
        out += "\n" + String(repeating: "  ", count: indent)
      }
      hasItem[last] = true
    }
    if let key { out += Self.quote(key) + ": " }
  }

  /// A JSON string literal: `"`, `\` and control characters escaped; everything else as UTF-8.
  package static func quote(_ s: String) -> String {
    var r = "\""
    for u in s.unicodeScalars {
      switch u {
      case "\"": r += "\\\""
      case "\\": r += "\\\\"
      case "\n": r += "\\n"
      case "\r": r += "\\r"
      case "\t": r += "\\t"
      default:
        if u.value < 0x20 {
          let hex = String(u.value, radix: 16)
          r += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        } else {
          r.unicodeScalars.append(u)
        }
      }
    }
    return r + "\""
  }
}
