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
    switch f {
    case .packFirstName:
      var rng = try packRandom(args[2])
      let pack = try locale(args[0], "first_name")
      let female = try sex(text(args[1]), &rng)
      return try .text(nonEmpty(pack.firstNames(female: female), pack, "first names").draw(rng.next()))
    case .packLastName:
      var rng = try packRandom(args[1])
      let pack = try locale(args[0], "last_name")
      return try .text(nonEmpty(pack.lastNames, pack, "last names").draw(rng.next()))
    case .packFullName:
      var rng = try packRandom(args[1])
      let pack = try locale(args[0], "full_name")
      let female = try sex("", &rng)
      let first = try nonEmpty(pack.firstNames(female: female), pack, "first names").draw(rng.next())
      let last = try nonEmpty(pack.lastNames, pack, "last names").draw(rng.next())
      return .text(pack.familyNameFirst ? last + pack.nameSeparator + first : first + pack.nameSeparator + last)
    case .packUsername:
      var rng = try packRandom(args[2])
      return .text(username(text(args[0]), text(args[1]), &rng))
    case .packEmailDomain:
      var rng = try packRandom(args[0])
      return .text(emailDomainTable.draw(rng.next()))
    case .packPhone:
      var rng = try packRandom(args[2])
      let pack = try locale(args[0], "phone")
      return .text(try phone(pack, type: text(args[1]), &rng))
    case .phoneNational:
      return nationalPhone(text(args[0])).map(Value.text) ?? .null
    case .packStreetAddress:
      var rng = try packRandom(args[1])
      let pack = try locale(args[0], "street_address")
      let street = try nonEmpty(pack.streets, pack, "streets").draw(rng.next())
      let number = 1 + Int64(rng.next().multipliedFullWidth(by: UInt64(pack.buildingNumberMax)).high)
      return .text(pack.streetFormat.replacingAll("{street}", street).replacingAll("{number}", String(number)))
    case .packCity:
      var rng = try packRandom(args[1])
      let pack = try locale(args[0], "city")
      return .text(try nonEmpty(pack.cities, pack, "cities").draw(rng.next()))
    case .region, .regionCode:
      let pack = try locale(args[0], f.rawValue)
      guard let city = pack.city(named: text(args[1])) else { return .null }
      let r = pack.cityRegions[city]
      return .text(f == .region ? pack.regionNames[r] : pack.country + "-" + pack.regionCodes[r])
    case .packPostalCode:
      var rng = try packRandom(args[2])
      let pack = try locale(args[0], "postal_code")
      var pattern = pack.postalFormat
      if let city = pack.city(named: text(args[1])), let own = pack.postalRegions[pack.regionCodes[pack.cityRegions[city]]] {
        pattern = own
      }
      guard let pattern else { throw invalid("the pack of \(pack.locale) has no postal codes") }
      do throws(Pattern.SyntaxError) {
        return .text(try PatternCache.shared.pattern(pattern).draw(seed: rng.next()))
      } catch {
        throw invalid("the pack of \(pack.locale) has an invalid postal code pattern: \(error.message)")
      }
    case .packCountryCode:
      var rng = try packRandom(args[0])
      return .text(Packs.world.byPopulation.draw(rng.next()))
    case .countryName, .countryCode3:
      let code = text(args[0])
      guard let country = Packs.world.country(code) else {
        throw invalid("'\(code)' is not an ISO 3166-1 country code (two or three capital letters, as DE or DEU)")
      }
      return .text(f == .countryName ? country.name : country.alpha3)
    case .localeCountry:
      return .text(try locale(args[0], "locale_country").country)
    case .packCompany:
      var rng = try packRandom(args[1])
      let pack = try locale(args[0], "company")
      let form = try nonEmpty(pack.companies, pack, "companies").draw(rng.next())
      var out = ""
      var rest = Substring(form)
      while let r = rest.range(of: "{last_name}") {
        out += rest[..<r.lowerBound]
        out += try nonEmpty(pack.lastNames, pack, "last names").draw(rng.next())
        rest = rest[r.upperBound...]
      }
      return .text(out + rest)
    case .packJobTitle:
      var rng = try packRandom(args[1])
      let pack = try locale(args[0], "job_title")
      return .text(try nonEmpty(pack.jobs, pack, "job titles").draw(rng.next()))
    case .packWord:
      var rng = try packRandom(args[1])
      let pack = try locale(args[0], "word")
      return .text(try nonEmpty(pack.words, pack, "words").draw(rng.next()))
    default: return nil
    }
  }

  static func packRandom(_ seed: Value) throws(EvalError) -> SplitMix64 {
    guard case .int(let s) = seed else { throw invalid("a pack function needs its draw") }
    return SplitMix64(UInt64(bitPattern: s))
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

  static func nonEmpty(_ t: WeightedTable, _ pack: LocalePack, _ what: String) throws(EvalError) -> WeightedTable {
    if t.isEmpty { throw invalid("the pack of \(pack.locale) has no \(what)") }
    return t
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
    guard e164.hasPrefix("+") else { return nil }
    let digits = e164.dropFirst()
    for name in Packs.localeNames {
      guard let pack = Packs.locale(name), !pack.callingCode.isEmpty, digits.hasPrefix(pack.callingCode) else { continue }
      let nsn = String(digits.dropFirst(pack.callingCode.count))
      if let e = pack.mobilePhones.entry(for: nsn) ?? pack.fixedPhones.entry(for: nsn) {
        return PhonePlan.national(nsn, e.template)
      }
    }
    return nil
  }
}

extension String {
  /// Every occurrence of `target` replaced by `replacement` (no Foundation).
  func replacingAll(_ target: String, _ replacement: String) -> String {
    var out = ""
    var rest = Substring(self)
    while let r = rest.range(of: target) {
      out += rest[..<r.lowerBound]
      out += replacement
      rest = rest[r.upperBound...]
    }
    return out + rest
  }
}
