import ScenarioPacks

/// The pack functions (Docs/Values.md, "Packs"): names, user names and emails, phone numbers,
/// addresses, countries, companies, job titles and words. The drawing ones take one keyed 63-bit
/// draw of the row (their last argument), from which SplitMix64 derives every choice they make,
/// so both engines give the same text. An optional argument that is absent is the empty text.
extension Semantics {
  /// The reserved domains (RFC 2606, RFC 6761) an email is given when none is named, by weight.
  public static let emailDomains: [(String, UInt64)] = [
    ("example.com", 50), ("example.net", 20), ("example.org", 20), ("mail.test", 10),
  ]
  static let emailDomainTable = WeightedTable(emailDomains)

  /// The longest user name before a unique suffix: an email's local part may have 64 bytes.
  public static let maxUsernameBytes = 40

  /// Applies a pack built-in; nil when `f` is not one.
  static func packCall(_ f: Builtin, _ args: [Value]) throws(EvalError) -> Value? {
    guard isPackBuiltin(f) else { return nil }
    let pack = packTakesLocale(f) ? try locale(args[0], packFunctionName(f)) : nil
    return try packValue(f, pack, args)
  }

  /// Whether `f` is a pack built-in.
  public static func isPackBuiltin(_ f: Builtin) -> Bool {
    switch f {
    case .packFirstName, .packLastName, .packFullName, .packUsername, .packEmailDomain, .packPhone, .phoneNational,
      .packStreetAddress, .packCity, .region, .regionCode, .packPostalCode, .packCountryCode, .countryName,
      .countryCode3, .localeCountry, .packCompany, .packJobTitle, .packWord:
      true
    default: false
    }
  }

  /// Whether the first argument of pack built-in `f` is a locale.
  public static func packTakesLocale(_ f: Builtin) -> Bool {
    switch f {
    case .packUsername, .packEmailDomain, .phoneNational, .packCountryCode, .countryName, .countryCode3: false
    default: isPackBuiltin(f)
    }
  }

  /// The name a pack built-in is called by, for messages.
  static func packFunctionName(_ f: Builtin) -> String {
    f.rawValue.hasPrefix("#") ? String(f.rawValue.dropFirst()) : f.rawValue
  }

  /// Whether pack built-in `f` draws: its last argument is then the row's keyed draw.
  public static func packDraws(_ f: Builtin) -> Bool {
    switch f {
    case .phoneNational, .region, .regionCode, .countryName, .countryCode3, .localeCountry: false
    default: isPackBuiltin(f)
    }
  }

  /// Pack built-in `f` on non-null `args`, whose locale (when `f` takes one) is `pack`: the
  /// row interpreter resolves it per row, the column-wise engine once per distinct locale.
  public static func packValue(_ f: Builtin, _ pack: LocalePack?, _ args: [Value]) throws(EvalError) -> Value {
    let draws = packDraws(f)
    var seed: UInt64 = 0
    if draws {
      guard case .int(let s) = args[args.count - 1] else { throw invalid("a pack function needs its draw") }
      seed = UInt64(bitPattern: s)
    }
    let first = packTakesLocale(f) ? 1 : 0
    let end = args.count - (draws ? 1 : 0)
    let t0 = first < end ? text(args[first]) : ""
    let t1 = first + 1 < end ? text(args[first + 1]) : ""
    return try packText(f, pack ?? Packs.placeholder, t0, t1, seed: seed).map(Value.text) ?? .null
  }

  /// Pack built-in `f` with its arguments apart: `pack` the locale's pack (any pack when `f`
  /// takes none), `t0` and `t1` its text arguments after the locale (the empty text when it
  /// has fewer), `seed` its keyed draw (when it draws). Nil is a null result. Both engines
  /// call it, the column-wise one with each argument read from its typed column.
  public static func packText(
    _ f: Builtin, _ pack: LocalePack, _ t0: String, _ t1: String, seed: UInt64
  ) throws(EvalError) -> String? {
    var rng = SplitMix64(seed)
    switch f {
    case .packFirstName:
      let female = try sex(t0, &rng)
      let table = female ? pack.femaleFirstNames : pack.maleFirstNames
      try requireEntries(table, pack, "first names")
      return table.draw(rng.next())
    case .packLastName:
      try requireEntries(pack.lastNames, pack, "last names")
      return pack.lastNames.draw(rng.next())
    case .packFullName:
      let female = try sex("", &rng)
      let table = female ? pack.femaleFirstNames : pack.maleFirstNames
      try requireEntries(table, pack, "first names")
      let first = table.draw(rng.next())
      try requireEntries(pack.lastNames, pack, "last names")
      let last = pack.lastNames.draw(rng.next())
      return pack.familyNameFirst ? last + pack.nameSeparator + first : first + pack.nameSeparator + last
    case .packUsername:
      return username(t0, t1, &rng)
    case .packEmailDomain:
      return emailDomainTable.draw(rng.next())
    case .packPhone:
      return try phone(pack, type: t0, &rng)
    case .phoneNational:
      return nationalPhone(t0)
    case .packStreetAddress:
      try requireEntries(pack.streets, pack, "streets")
      let street = pack.streets.draw(rng.next())
      let number = 1 + Int64(rng.next().multipliedFullWidth(by: UInt64(pack.buildingNumberMax)).high)
      var out = ""
      for part in pack.streetParts {
        switch part {
        case .street: out += street
        case .number: out += String(number)
        case .literal(let text): out += text
        case .lastName: break  // not a street placeholder
        }
      }
      return out
    case .packCity:
      try requireEntries(pack.cities, pack, "cities")
      return pack.cities.draw(rng.next())
    case .region, .regionCode:
      guard let city = pack.city(named: t0) else { return nil }
      let r = pack.cityRegions[city]
      return f == .region ? pack.regionNames[r] : pack.country + "-" + pack.regionCodes[r]
    case .packPostalCode:
      var pattern = pack.postalFormat
      if let city = pack.city(named: t0), let own = pack.postalRegions[pack.regionCodes[pack.cityRegions[city]]] {
        pattern = own
      }
      guard let pattern else { throw invalid("the pack of \(pack.locale) has no postal codes") }
      do throws(Pattern.SyntaxError) {
        return try PatternCache.shared.pattern(pattern).draw(seed: rng.next())
      } catch {
        throw invalid("the pack of \(pack.locale) has an invalid postal code pattern: \(error.message)")
      }
    case .packCountryCode:
      return Packs.world.byPopulation.draw(rng.next())
    case .countryName, .countryCode3:
      guard let country = Packs.world.country(t0) else {
        throw invalid("'\(t0)' is not an ISO 3166-1 country code (two or three capital letters, as DE or DEU)")
      }
      return f == .countryName ? country.name : country.alpha3
    case .localeCountry:
      return pack.country
    case .packCompany:
      try requireEntries(pack.companies, pack, "companies")
      let form = pack.companies.index(rng.next())
      var out = ""
      for part in pack.companyParts[form] {
        if case .literal(let text) = part {
          out += text
        } else {
          try requireEntries(pack.lastNames, pack, "last names")
          out += pack.lastNames.draw(rng.next())
        }
      }
      return out
    case .packJobTitle:
      try requireEntries(pack.jobs, pack, "job titles")
      return pack.jobs.draw(rng.next())
    case .packWord:
      try requireEntries(pack.words, pack, "words")
      return pack.words.draw(rng.next())
    default: return nil
    }
  }

  /// The pack of a locale (`de_DE`) or of a country with one locale (`DE`).
  static func locale(_ v: Value, _ function: String) throws(EvalError) -> LocalePack {
    let name = text(v)
    guard let pack = Packs.locale(name) else { throw unknownLocale(name, function) }
    return pack
  }

  public static func unknownLocale(_ name: String, _ function: String) -> EvalError {
    EvalError(
      "'\(function)' has no pack for '\(name)'; the locales are \(Packs.localeNames.joined(separator: ", "))",
      code: .runtimeInvalidParameter)
  }

  @inline(__always)
  static func requireEntries(_ t: borrowing WeightedTable, _ pack: LocalePack, _ what: String) throws(EvalError) {
    if t.isEmpty { throw invalid("the pack of \(pack.locale) has no \(what)") }
  }

  /// Female (true) or male: `F`/`female` or `M`/`male` in any case; the empty text draws
  /// either, half and half.
  static func sex(_ s: String, _ rng: inout SplitMix64) throws(EvalError) -> Bool {
    if s.isEmpty { return rng.next() >> 63 == 0 }
    if let female = sexValue(s) { return female }
    throw invalid("the sex of 'first_name' is F or M (or female or male), found '\(s)'")
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

  /// A user name from a first and a last name: their ASCII letters (`Packs.latin`) in one of
  /// the forms, at most `maxUsernameBytes` long; `user` when neither name has a letter.
  static func username(_ first: String, _ last: String, _ rng: inout SplitMix64) -> String {
    let f = Packs.latin(first)
    let l = Packs.latin(last)
    let form = usernameForms.index(rng.next())
    let digits = 10 + rng.next().multipliedFullWidth(by: 90).high
    var name: String
    if f.isEmpty || l.isEmpty {
      name = f.isEmpty && l.isEmpty ? "user" : f + l
      if form == 4 { name += String(digits) }
    } else {
      switch form {
      case 0: name = f + "." + l
      case 1: name = f + l
      case 2: name = f + "_" + l
      case 3: name = String(f.prefix(1)) + l
      default: name = f + "." + l + String(digits)
      }
    }
    return name.utf8.count > maxUsernameBytes ? String(name.prefix(maxUsernameBytes)) : name
  }

  /// A valid number of the pack's country in E.164 form (`+4915123456789`): a type (mobile or
  /// fixed line, half and half when `type` is empty), an entry of its plan by the numbers it
  /// covers, and uniform digits after the entry's prefix.
  static func phone(_ pack: LocalePack, type: String, _ rng: inout SplitMix64) throws(EvalError) -> String {
    let plan: PhonePlan
    switch type {
    case "": plan = pack.fixedPhones.isEmpty || (!pack.mobilePhones.isEmpty && rng.next() >> 63 == 0) ? pack.mobilePhones : pack.fixedPhones
    case "mobile": plan = pack.mobilePhones
    case "fixed": plan = pack.fixedPhones
    default: throw invalid("the type of 'phone' is mobile or fixed, found '\(type)'")
    }
    if plan.isEmpty { throw invalid("the pack of \(pack.locale) has no \(type.isEmpty ? "" : type + " ")phone numbers") }
    let entry = plan.entries[plan.table.index(rng.next())]
    var out = "+" + pack.callingCode + entry.prefix
    for _ in entry.prefix.utf8.count..<entry.length {
      out.unicodeScalars.append(Unicode.Scalar(UInt8(48 + rng.next().multipliedFullWidth(by: 10).high)))
    }
    return out
  }

  /// An E.164 number in its country's national format, when a pack's plan has the number; nil
  /// otherwise.
  static func nationalPhone(_ e164: String) -> String? {
    let bytes = Array(e164.utf8)
    guard bytes.first == UInt8(ascii: "+") else { return nil }
    var code = 0
    for k in 1...3 where k < bytes.count - 1 {
      let d = bytes[k]
      guard d >= 0x30 && d <= 0x39 else { return nil }
      code = code * 10 + Int(d - 0x30)
      guard let packs = Packs.byCallingCodeNumber[code] else { continue }
      let nsn = bytes[(k + 1)...]
      for pack in packs {
        if let e = pack.mobilePhones.entry(for: nsn) ?? pack.fixedPhones.entry(for: nsn) {
          return PhonePlan.national(nsn, e.template)
        }
      }
    }
    return nil
  }
}
