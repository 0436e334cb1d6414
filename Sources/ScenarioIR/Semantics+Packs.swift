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
  /// has fewer), `seed` its keyed draw (when it draws). Nil is a null result. The row
  /// interpreter's form of `packWrite`, which both engines run.
  public static func packText(
    _ f: Builtin, _ pack: LocalePack, _ t0: String, _ t1: String, seed: UInt64
  ) throws(EvalError) -> String? {
    var a = t0
    var b = t1
    var out = TextArenaBuilder(rows: 1, bytesPerRow: 64)
    defer { out.discard() }
    var scratch = PackScratch()
    let written: Bool
    do {
      written = try a.withUTF8 { pa in
        try b.withUTF8 { pb in try packWrite(f, pack, pa, pb, seed: seed, into: &out, scratch: &scratch) }
      }
    } catch let error as EvalError {
      throw error
    } catch {
      throw invalid("\(error)")
    }
    return written ? out.pendingText() : nil
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
}
