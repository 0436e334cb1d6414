import ScenarioPacks

/// The pack built-ins as UTF-8 bytes: the one implementation both engines run (`packText` wraps
/// it for the row interpreter). A draw copies a value's bytes out of the pack's process-lifetime
/// lists (`ByteList`), and cities, regions and phone plans are looked up by bytes, so a row
/// makes no `String` and touches no reference count that other threads share.
extension Semantics {
  /// State a run of pack draws keeps between rows: scratch bytes, and the postal code patterns
  /// of the packs met so far (their programs, read per row without a lock or a reference
  /// count; the patterns come parsed from the process's pattern cache).
  public struct PackScratch {
    var first: [UInt8] = []
    var last: [UInt8] = []
    var postal: [PostalPatterns] = []

    public init() {}
  }

  /// Appends pack built-in `f`'s text for one row to `out`: `pack` is the locale's pack (any
  /// pack when `f` takes none), `t0` and `t1` its text arguments after the locale as UTF-8
  /// (empty when it has fewer), `seed` its keyed draw. False for a null result (nothing
  /// appended).
  public static func packWrite(
    _ f: Builtin, _ pack: LocalePack, _ t0: UnsafeBufferPointer<UInt8>, _ t1: UnsafeBufferPointer<UInt8>,
    seed: UInt64, into out: inout TextArenaBuilder, scratch: inout PackScratch
  ) throws(EvalError) -> Bool {
    var rng = SplitMix64(seed)
    switch f {
    case .packFirstName:
      let female = try sex(t0, &rng)
      let table = female ? pack.femaleFirstNames : pack.maleFirstNames
      try requireEntries(table, pack, "first names")
      out.append(table.drawBytes(rng.next()))
    case .packLastName:
      try requireEntries(pack.lastNames, pack, "last names")
      out.append(pack.lastNames.drawBytes(rng.next()))
    case .packFullName:
      let female = rng.next() >> 63 == 0
      let table = female ? pack.femaleFirstNames : pack.maleFirstNames
      try requireEntries(table, pack, "first names")
      let first = table.drawBytes(rng.next())
      try requireEntries(pack.lastNames, pack, "last names")
      let last = pack.lastNames.drawBytes(rng.next())
      out.append(pack.familyNameFirst ? last : first)
      out.append(pack.bytes.fixed[1])
      out.append(pack.familyNameFirst ? first : last)
    case .packUsername:
      username(t0, t1, &rng, into: &out, &scratch)
    case .packEmailDomain:
      out.append(emailDomainTable.drawBytes(rng.next()))
    case .packPhone:
      try phone(pack, type: t0, &rng, into: &out)
    case .phoneNational:
      return nationalPhone(t0, into: &out)
    case .packStreetAddress:
      try requireEntries(pack.streets, pack, "streets")
      let street = pack.streets.drawBytes(rng.next())
      let number = 1 + Int64(rng.next().multipliedFullWidth(by: UInt64(pack.buildingNumberMax)).high)
      let template = pack.bytes.street
      for i in 0..<template.kinds.count {
        switch template.kinds[i] {
        case .street: out.append(street)
        case .number: appendDecimal(number, &out)
        case .literal: out.append(template.literals[i])
        case .lastName: break  // not a street placeholder
        }
      }
    case .packCity:
      try requireEntries(pack.cities, pack, "cities")
      out.append(pack.cities.drawBytes(rng.next()))
    case .region, .regionCode:
      guard let city = cityIndex(pack, t0) else { return false }
      let r = pack.bytes.cityRegions[city]
      if f == .region {
        out.append(pack.bytes.regionNames[r])
      } else {
        out.append(pack.bytes.fixed[0])
        out.append(UInt8(ascii: "-"))
        out.append(pack.bytes.regionCodes[r])
      }
    case .packPostalCode:
      let source = cityIndex(pack, t0).map { pack.bytes.regionPostal[pack.bytes.cityRegions[$0]] } ?? 0
      let program = try postalPattern(pack, source, &scratch)
      var draw = SplitMix64(rng.next())
      program.draw(&draw, into: &out)
    case .packCountryCode:
      out.append(Packs.world.byPopulation.drawBytes(rng.next()))
    case .countryName, .countryCode3:
      let world = worldBytes
      if let i = world.country(t0) {
        out.append(f == .countryName ? world.names[i] : world.alpha3[i])
      } else {
        // A code outside ASCII that the bytes miss may still equal one as a String (U+212A
        // KELVIN SIGN is K), as the checker's lookup finds it.
        let code = String(decoding: t0, as: UTF8.self)
        guard t0.contains(where: { $0 >= 0x80 }), let country = Packs.world.country(code) else {
          throw invalid("'\(code)' is not an ISO 3166-1 country code (two or three capital letters, as DE or DEU)")
        }
        appendString(f == .countryName ? country.name : country.alpha3, &out)
      }
    case .localeCountry:
      out.append(pack.bytes.fixed[0])
    case .packCompany:
      try requireEntries(pack.companies, pack, "companies")
      let template = pack.bytes.companies[pack.companies.index(rng.next())]
      for i in 0..<template.kinds.count {
        if template.kinds[i] == .literal {
          out.append(template.literals[i])
        } else {
          try requireEntries(pack.lastNames, pack, "last names")
          out.append(pack.lastNames.drawBytes(rng.next()))
        }
      }
    case .packJobTitle:
      try requireEntries(pack.jobs, pack, "job titles")
      out.append(pack.jobs.drawBytes(rng.next()))
    case .packWord:
      try requireEntries(pack.words, pack, "words")
      out.append(pack.words.drawBytes(rng.next()))
    default: return false
    }
    return true
  }

  /// The world pack's byte lists (a struct of process-lifetime pointers: read without touching
  /// the pack's reference count).
  static let worldBytes = Packs.world.bytes

  /// The pack's city named by UTF-8 `name` (`LocalePack.city(named:)`): by its bytes, and for a
  /// name outside ASCII that the bytes miss, by `String` equality, which also finds a city
  /// spelled in another normalisation form (`Mu\u{308}nchen` for `München`).
  @inline(__always)
  static func cityIndex(_ pack: LocalePack, _ name: UnsafeBufferPointer<UInt8>) -> Int? {
    if let i = pack.bytes.cityIndex.index(name) { return i }
    guard name.contains(where: { $0 >= 0x80 }) else { return nil }
    return pack.city(named: String(decoding: name, as: UTF8.self))
  }

  @inline(__always)
  static func appendString(_ s: String, _ out: inout TextArenaBuilder) { out.append(s) }

  @inline(__always)
  static func appendString(_ s: String, _ out: inout [UInt8]) {
    var s = s
    s.withUTF8 { out.append(contentsOf: $0) }
  }

  /// `String(x)`'s digits.
  @inline(__always)
  public static func appendDecimal(_ x: Int64, _ out: inout TextArenaBuilder) {
    var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
      UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    var n = x.magnitude
    var count = 0
    withUnsafeMutableBytes(of: &digits) { d in
      repeat {
        d[19 - count] = UInt8(ascii: "0") + UInt8(n % 10)
        n /= 10
        count += 1
      } while n > 0
      if x < 0 { out.append(UInt8(ascii: "-")) }
      out.append(UnsafeBufferPointer(rebasing: d.bindMemory(to: UInt8.self)[(20 - count)...]))
    }
  }

  /// The two digits of `x` (10...99).
  @inline(__always)
  static func appendTwoDigits(_ x: UInt64, _ out: inout TextArenaBuilder) {
    out.append(UInt8(ascii: "0") + UInt8(x / 10))
    out.append(UInt8(ascii: "0") + UInt8(x % 10))
  }

  /// Female (true) or male: `F`/`female` or `M`/`male` in any case; the empty text draws
  /// either, half and half.
  static func sex(_ s: UnsafeBufferPointer<UInt8>, _ rng: inout SplitMix64) throws(EvalError) -> Bool {
    if s.isEmpty { return rng.next() >> 63 == 0 }
    // One ASCII letter, the common case: F or M in either case.
    if s.count == 1 {
      switch s[0] | 0x20 {
      case UInt8(ascii: "f"): return true
      case UInt8(ascii: "m"): return false
      default: break
      }
    }
    let text = String(decoding: s, as: UTF8.self)
    if let female = sexValue(text) { return female }
    throw invalid("the sex of 'first_name' is F or M (or female or male), found '\(text)'")
  }

  /// Whether `s` names the female (true) or male (false) sex; nil when it names neither.
  public static func sexValue(_ s: String) -> Bool? {
    switch s.lowercased() {
    case "f", "female": true
    case "m", "male": false
    default: nil
    }
  }

  /// The user name forms, by weight: 0 first.last, 1 firstlast, 2 first_last, 3 flast,
  /// 4 first.last and two digits.
  static let usernameForms = WeightedTable([("0", 40), ("1", 15), ("2", 10), ("3", 20), ("4", 15)])

  /// `name`'s ASCII form for a user name (`Packs.latin`), as bytes.
  static func latin(_ name: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
    out.removeAll(keepingCapacity: true)
    var ascii = true
    for b in name where b >= 0x80 {
      ascii = false
      break
    }
    guard ascii else {
      // A pack's name was transliterated once; any other name now.
      let index = Packs.latinIndex
      if let i = index.names.index(name) {
        out.append(contentsOf: index.latin[i])
      } else {
        appendString(Packs.latin(String(decoding: name, as: UTF8.self)), &out)
      }
      return
    }
    // ASCII: letters in lower case and digits (a name of lower-case letters is itself). A name
    // of letters and digits only, the usual case, is copied whole and lowered in place.
    var alphanumeric = true
    for b in name where !((b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A) && !(b >= 0x30 && b <= 0x39) {
      alphanumeric = false
      break
    }
    if alphanumeric {
      out.append(contentsOf: name)
      out.withUnsafeMutableBufferPointer { p in
        for i in p.indices where p[i] >= 0x41 && p[i] <= 0x5A { p[i] += 0x20 }
      }
      return
    }
    for b in name {
      if b >= 0x41 && b <= 0x5A {
        out.append(b + 0x20)
      } else if (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) {
        out.append(b)
      }
    }
  }

  /// A user name from a first and a last name: their ASCII letters (`Packs.latin`) in one of
  /// the forms, at most `maxUsernameBytes` long; `user` when neither name has a letter.
  static func username(
    _ first: UnsafeBufferPointer<UInt8>, _ last: UnsafeBufferPointer<UInt8>, _ rng: inout SplitMix64,
    into out: inout TextArenaBuilder, _ scratch: inout PackScratch
  ) {
    latin(first, into: &scratch.first)
    latin(last, into: &scratch.last)
    let form = usernameForms.index(rng.next())
    let digits = 10 + rng.next().multipliedFullWidth(by: 90).high
    let start = out.pendingLength
    scratch.first.withUnsafeBufferPointer { f in
      scratch.last.withUnsafeBufferPointer { l in
        if f.isEmpty || l.isEmpty {
          if f.isEmpty && l.isEmpty { out.append(userBytes) } else { out.append(f); out.append(l) }
          if form == 4 { appendTwoDigits(digits, &out) }
        } else {
          switch form {
          case 0, 4:
            out.append(f)
            out.append(UInt8(ascii: "."))
            out.append(l)
            if form == 4 { appendTwoDigits(digits, &out) }
          case 1:
            out.append(f)
            out.append(l)
          case 2:
            out.append(f)
            out.append(UInt8(ascii: "_"))
            out.append(l)
          default:
            // The first character of the first name.
            out.append(UnsafeBufferPointer(rebasing: f[0..<firstCharacterLength(f)]))
            out.append(l)
          }
        }
      }
    }
    let length = out.pendingLength - start
    guard length > maxUsernameBytes else { return }
    let name = UnsafeBufferPointer(rebasing: out.pendingBytes()[start...])
    if name.allSatisfy({ $0 < 0x80 }) {
      out.dropLast(length - maxUsernameBytes)
    } else {
      // The first characters, as many as the bytes allow.
      let text = String(String(decoding: name, as: UTF8.self).prefix(maxUsernameBytes))
      out.dropLast(length)
      appendString(text, &out)
    }
  }

  private static let userBytes: [UInt8] = Array("user".utf8)

  /// The UTF-8 length of the first character of `bytes` (one byte for ASCII text).
  static func firstCharacterLength(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
    guard let first = bytes.first else { return 0 }
    if first < 0x80 && (bytes.count < 2 || bytes[1] < 0x80) && first != 0x0D { return 1 }
    return String(decoding: bytes, as: UTF8.self).first.map { String($0).utf8.count } ?? 0
  }

  /// A valid number of the pack's country in E.164 form (`+4915123456789`): a type (mobile or
  /// fixed line, half and half when `type` is empty), an entry of its plan by the numbers it
  /// covers, and uniform digits after the entry's prefix.
  static func phone(
    _ pack: LocalePack, type: UnsafeBufferPointer<UInt8>, _ rng: inout SplitMix64, into out: inout TextArenaBuilder
  ) throws(EvalError) {
    let mobile: Bool
    if type.isEmpty {
      mobile = pack.fixedPhones.isEmpty || (!pack.mobilePhones.isEmpty && rng.next() >> 63 == 0)
    } else if type.elementsEqual("mobile".utf8) {
      mobile = true
    } else if type.elementsEqual("fixed".utf8) {
      mobile = false
    } else {
      throw invalid("the type of 'phone' is mobile or fixed, found '\(String(decoding: type, as: UTF8.self))'")
    }
    let plan = mobile ? pack.mobilePhones : pack.fixedPhones
    if plan.isEmpty {
      let named = type.isEmpty ? "" : String(decoding: type, as: UTF8.self) + " "
      throw invalid("the pack of \(pack.locale) has no \(named)phone numbers")
    }
    let entry = plan.table.index(rng.next())
    out.append(UInt8(ascii: "+"))
    out.append(pack.bytes.fixed[2])
    let prefix = plan.prefixBytes[entry]
    out.append(prefix)
    for _ in prefix.count..<plan.lengths[entry] {
      out.append(UInt8(48 + rng.next().multipliedFullWidth(by: 10).high))
    }
  }

  /// An E.164 number in its country's national format, when a pack's plan has the number;
  /// false (nothing appended) otherwise.
  static func nationalPhone(_ bytes: UnsafeBufferPointer<UInt8>, into out: inout TextArenaBuilder) -> Bool {
    guard bytes.first == UInt8(ascii: "+") else { return false }
    var code = 0
    for k in 1...3 where k < bytes.count - 1 {
      let d = bytes[k]
      guard d >= 0x30 && d <= 0x39 else { return false }
      code = code * 10 + Int(d - 0x30)
      let nsn = UnsafeBufferPointer(rebasing: bytes[(k + 1)...])
      for p in Packs.callingCodeStarts[code]..<Packs.callingCodeStarts[code + 1] {
        let found = Packs.callingCodePacks[p]._withUnsafeGuaranteedRef { pack -> Bool in
          if let e = pack.mobilePhones.entryIndex(nsn) {
            national(nsn, pack.mobilePhones.templateBytes[e], &out)
            return true
          }
          if let e = pack.fixedPhones.entryIndex(nsn) {
            national(nsn, pack.fixedPhones.templateBytes[e], &out)
            return true
          }
          return false
        }
        if found { return true }
      }
    }
    return false
  }

  /// `digits` (a national significant number) in a national format: `#` takes the next digit.
  @inline(__always)
  static func national(_ digits: UnsafeBufferPointer<UInt8>, _ template: UnsafeBufferPointer<UInt8>, _ out: inout TextArenaBuilder) {
    var next = 0
    for c in template {
      if c == UInt8(ascii: "#") {
        if next < digits.count {
          out.append(digits[next])
          next += 1
        }
      } else {
        out.append(c)
      }
    }
  }

  /// Postal code pattern `source` of `pack` (`LocalePack.Bytes.postalSources`).
  static func postalPattern(_ pack: LocalePack, _ source: Int, _ scratch: inout PackScratch) throws(EvalError) -> PatternProgram {
    let id = ObjectIdentifier(pack)
    var slot = -1
    for i in scratch.postal.indices where scratch.postal[i].pack == id {
      slot = i
      break
    }
    if slot < 0 {
      let count = pack.bytes.postalSources.count
      scratch.postal.append(PostalPatterns(pack: id, parsed: [Pattern?](repeating: nil, count: count), programs: [PatternProgram?](repeating: nil, count: count)))
      slot = scratch.postal.count - 1
    }
    if let p = scratch.postal[slot].programs[source] { return p }
    guard let text = pack.bytes.postalSources[source] else { throw invalid("the pack of \(pack.locale) has no postal codes") }
    do throws(Pattern.SyntaxError) {
      let p = try PatternCache.shared.pattern(text)
      // The scratch holds the pattern, so its program stays valid while the scratch lives.
      scratch.postal[slot].parsed[source] = p
      scratch.postal[slot].programs[source] = p.code.program
      return p.code.program
    } catch {
      throw invalid("the pack of \(pack.locale) has an invalid postal code pattern: \(error.message)")
    }
  }
}

/// One pack's postal code patterns as parsed so far (by `LocalePack.Bytes.postalSources` index).
struct PostalPatterns {
  let pack: ObjectIdentifier
  /// The patterns, held so that their programs stay valid.
  var parsed: [Pattern?]
  /// Their programs, which a row reads without touching a reference count.
  var programs: [PatternProgram?]
}
