import ScenarioIR
import ScenarioPacks
import Testing

/// User names (`username(first, last)`, Docs/Values.md "Packs") against a reader written here:
/// each name's ASCII form (lower-case letters and digits; other scripts through the packs'
/// transliteration), one of the five forms, cut to 40 bytes.
@Suite("User names")
struct UsernameTests {
  /// The ASCII form of a name, as the docs state it.
  static func ascii(_ name: String) -> String {
    guard name.unicodeScalars.allSatisfy(\.isASCII) else { return Packs.latin(name) }
    return String(String.UnicodeScalarView(name.lowercased().unicodeScalars.filter {
      ($0.value >= 0x61 && $0.value <= 0x7A) || ($0.value >= 0x30 && $0.value <= 0x39)
    }))
  }

  /// Every user name the forms allow for these names, before the cut.
  static func candidates(_ first: String, _ last: String) -> Set<String> {
    let f = ascii(first)
    let l = ascii(last)
    let twoDigits = (10...99).map(String.init)
    if f.isEmpty || l.isEmpty {
      let base = f.isEmpty && l.isEmpty ? "user" : f + l
      return Set([base] + twoDigits.map { base + $0 })
    }
    return Set([f + "." + l, f + l, f + "_" + l, String(f.prefix(1)) + l] + twoDigits.map { f + "." + l + $0 })
  }

  @Test("every user name is one of the forms of its names' ASCII forms, at most 40 bytes", arguments: [
    ("Anna", "Schmidt"), ("O'Brien", "Mary-Jane"), ("Jean Luc", "d'Arc"), ("R2D2", "C3PO"), ("", "Smith"),
    ("Smith", ""), ("", ""), ("Ünal", "Müller-Lüdenscheidt"), ("José", "Núñez"), ("翔太", "佐藤"),
    (String(repeating: "Abcdefghij", count: 5), "Long"), ("Zoë", String(repeating: "x", count: 60)),
    ("---", "!!!"), ("ANNA", "VON DER LEYEN"),
  ])
  func forms(_ first: String, _ last: String) throws {
    let pack = try #require(Packs.locale("en_US"))
    let allowed = Self.candidates(first, last)
    var seen = Set<String>()
    for seed in 0..<400 as Range<UInt64> {
      let name = try #require(try Semantics.packText(.packUsername, pack, first, last, seed: seed &* 0x9E37_79B9_7F4A_7C15))
      seen.insert(name)
      #expect(name.utf8.count <= Semantics.maxUsernameBytes, "\(name)")
      let ok = allowed.contains(name) || allowed.contains { $0.utf8.count > Semantics.maxUsernameBytes && $0.hasPrefix(name) }
      #expect(ok, "\(first) \(last) -> \(name)")
      if !ok { return }
    }
    let cut = Set(allowed.map { String(decoding: Array($0.utf8.prefix(Semantics.maxUsernameBytes)), as: UTF8.self) })
    #expect(seen.count >= min(3, cut.count), "the forms vary: \(seen)")
  }
}
