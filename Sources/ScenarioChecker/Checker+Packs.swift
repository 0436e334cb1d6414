import ScenarioAST
import ScenarioDiagnostics
import ScenarioIR
import ScenarioPacks

/// The pack functions that draw (Docs/Values.md, "Packs"): each lowers to a hidden built-in
/// over its arguments (an absent optional one is the empty text) and one keyed draw of the row.
/// A constant locale, sex or phone type that no pack knows is E0512, with the choices.
extension Checker {
  /// What one argument of a pack function is.
  enum PackArgument {
    /// A locale (`de_DE`) or a country with one locale (`DE`).
    case locale
    /// `F` or `M` (or `female`, `male`).
    case sex
    /// `mobile` or `fixed`.
    case phoneType
    /// Any text (a name, a city, a domain).
    case text(String)
  }

  /// The drawing pack functions: hidden built-in, required and optional arguments.
  static let packFunctions: [String: (Builtin, [PackArgument], [PackArgument])] = [
    "first_name": (.packFirstName, [.locale], [.sex]),
    "last_name": (.packLastName, [.locale], []),
    "full_name": (.packFullName, [.locale], []),
    "street_address": (.packStreetAddress, [.locale], []),
    "city": (.packCity, [.locale], []),
    "postal_code": (.packPostalCode, [.locale], [.text("city")]),
    "phone": (.packPhone, [.locale], [.phoneType]),
    "company": (.packCompany, [.locale], []),
    "job_title": (.packJobTitle, [.locale], []),
    "word": (.packWord, [.locale], []),
    "country_code": (.packCountryCode, [], []),
    "username": (.packUsername, [.text("first name"), .text("last name")], []),
  ]

  /// The names of the drawing pack functions and of the emails, for "did you mean".
  static var packFunctionNames: [String] {
    Array(packFunctions.keys) + ["email", "unique_email", "unique_username"]
  }

  /// A call of a drawing pack function, or nil when `name` is not one.
  mutating func lowerPackCall(_ name: Name, _ args: [Expr], _ span: SourceSpan, _ ctx: inout ExprContext) -> IRExpr? {
    if name.text == "email" || name.text == "unique_email" || name.text == "unique_username" {
      return lowerEmail(name, args, span, &ctx)
    }
    guard let (f, required, optional) = Self.packFunctions[name.text] else { return nil }
    usesPacks = true
    let error = IRExpr(.constant(.null), type: .error, span: span)
    guard let ir = packArguments(name, args, required, optional, span, &ctx) else { return error }
    guard allowsDraw(span, ctx, label: "'\(name.text)' draws a random value") else { return error }
    let seed = rowSeed(span, &ctx)
    let nullable = ir.contains { $0.type.isNullable }
    return IRExpr(.call(f, ir + [seed]), type: ValueType(.text, nullable: nullable), span: span)
  }

  /// The lowered arguments, with absent optional ones as empty texts, or nil after reporting.
  mutating func packArguments(
    _ name: Name, _ args: [Expr], _ required: [PackArgument], _ optional: [PackArgument], _ span: SourceSpan,
    _ ctx: inout ExprContext
  ) -> [IRExpr]? {
    let ir = args.map { lower($0, &ctx) }
    let all = required + optional
    guard (required.count...all.count).contains(ir.count) else {
      let expected = optional.isEmpty ? "\(required.count)" : "\(required.count) to \(all.count)"
      diagnostics.error(
        .wrongArgumentCount, "'\(name.text)' takes \(expected) argument\(all.count == 1 ? "" : "s"), found \(ir.count)",
        at: span, label: "wrong number of arguments", notes: [Self.packUsage(name.text)])
      return nil
    }
    if ir.contains(where: { $0.type.isError }) { return nil }
    for (i, kind) in all.enumerated() where i < ir.count {
      guard ir[i].type.isTextual || ir[i].type.kind == .null else {
        diagnostics.error(
          .argumentTypeMismatch, "argument \(i + 1) of '\(name.text)' must be a text (\(Self.describe(kind))), found '\(ir[i].type)'",
          at: args[i].span, label: "this is '\(ir[i].type)'", notes: [Self.packUsage(name.text)])
        return nil
      }
      guard case .text(let value)? = ir[i].constantValue else { continue }
      if !checkPackConstant(kind, value, name, args[i].span) { return nil }
    }
    return ir + all.dropFirst(ir.count).map { _ in IRExpr(.constant(.text("")), type: .text, span: span) }
  }

  /// Reports E0512 for a constant that no pack knows; false after reporting.
  mutating func checkPackConstant(_ kind: PackArgument, _ value: String, _ name: Name, _ span: SourceSpan) -> Bool {
    switch kind {
    case .locale:
      if Packs.knows(value) { return true }
      diagnostics.error(
        .unknownPackValue, "no pack has the locale '\(value)'", at: span, label: "unknown locale",
        notes: ["the locales are \(Packs.localeNames.joined(separator: ", ")); a country with one locale (DE) names it too"],
        help: suggest(value, Packs.localeNames) ?? sameLanguage(value))
      return false
    case .sex:
      if Semantics.sexValue(value) != nil { return true }
      diagnostics.error(
        .unknownPackValue, "the sex of '\(name.text)' is F or M (or female or male), found '\(value)'", at: span,
        label: "not F or M")
      return false
    case .phoneType:
      if value == "mobile" || value == "fixed" { return true }
      diagnostics.error(
        .unknownPackValue, "the type of '\(name.text)' is mobile or fixed, found '\(value)'", at: span,
        label: "not mobile or fixed", help: suggest(value, ["mobile", "fixed"]))
      return false
    case .text: return true
    }
  }

  /// For a locale no pack has, the locales of its language (`de_AT` -> `de_DE`), if any.
  func sameLanguage(_ locale: String) -> String? {
    guard let language = locale.split(separator: "_").first, !language.isEmpty else { return nil }
    let same = Packs.localeNames.filter { $0.hasPrefix(language.lowercased() + "_") }
    guard !same.isEmpty else { return nil }
    return "the packs have \(same.map { "'\($0)'" }.joined(separator: " and ")) for this language"
  }

  /// A locale argument of a deterministic pack built-in (`region`, `region_code`,
  /// `locale_country`) or a country code (`country_name`, `country_code3`), checked when constant.
  mutating func checkPackBuiltinConstants(_ f: Builtin, _ ir: [IRExpr], _ args: [Expr], _ name: Name) -> Bool {
    if Semantics.isPackBuiltin(f) { usesPacks = true }
    switch f {
    case .region, .regionCode, .localeCountry:
      guard case .text(let value)? = ir[0].constantValue else { return true }
      return checkPackConstant(.locale, value, name, args[0].span)
    case .countryName, .countryCode3:
      guard case .text(let value)? = ir[0].constantValue, Packs.world.country(value) == nil else { return true }
      diagnostics.error(
        .unknownPackValue, "'\(value)' is not an ISO 3166-1 country code", at: args[0].span, label: "unknown country",
        notes: ["a country code has two or three capital letters, as DE or DEU"])
      return false
    default: return true
    }
  }

  /// `username(first, last)`'s relatives: `email(first, last)`, `email(first, last, domain)`,
  /// `unique_username(first, last[, digits])`, `unique_email(first, last[, domain[, digits]])`.
  /// An email is a user name, `@`, and the domain (drawn among the reserved ones when absent);
  /// the unique forms put a fixed-width unique suffix (as `unique_text`) after the user name.
  mutating func lowerEmail(_ name: Name, _ args: [Expr], _ span: SourceSpan, _ ctx: inout ExprContext) -> IRExpr {
    usesPacks = true
    let error = IRExpr(.constant(.null), type: .error, span: span)
    let isEmail = name.text != "unique_username"
    let unique = name.text != "email"
    let maxArgs = 2 + (isEmail ? 1 : 0) + (unique ? 1 : 0)
    let ir = args.map { lower($0, &ctx) }
    guard (2...maxArgs).contains(ir.count) else {
      diagnostics.error(
        .wrongArgumentCount, "'\(name.text)' takes 2 to \(maxArgs) arguments, found \(ir.count)", at: span,
        label: "wrong number of arguments", notes: [Self.packUsage(name.text)])
      return error
    }
    if ir.contains(where: { $0.type.isError }) { return error }
    let textCount = isEmail ? min(ir.count, 3) : 2
    for i in 0..<textCount where !(ir[i].type.isTextual || ir[i].type.kind == .null) {
      diagnostics.error(
        .argumentTypeMismatch, "argument \(i + 1) of '\(name.text)' must be a text, found '\(ir[i].type)'", at: args[i].span,
        label: "this is '\(ir[i].type)'", notes: [Self.packUsage(name.text)])
      return error
    }
    guard allowsDraw(span, ctx, label: "'\(name.text)' draws a random value") else { return error }
    let nullable = ir.prefix(textCount).contains { $0.type.isNullable }
    var local = IRExpr(.call(.packUsername, [ir[0], ir[1], rowSeed(span, &ctx)]), type: ValueType(.text, nullable: nullable), span: span)
    if unique {
      let digitsIndex = isEmail ? 3 : 2
      local = uniqueSuffixed(local, digits: ir.count > digitsIndex ? (ir[digitsIndex], args[digitsIndex]) : nil, name, span, &ctx)
      if local.type.isError { return error }
    }
    guard isEmail else { return local }
    let domain =
      ir.count > 2 ? ir[2] : IRExpr(.call(.packEmailDomain, [rowSeed(span, &ctx)]), type: .text, span: span)
    let at = IRExpr(.constant(.text("@")), type: .text, span: span)
    let tail = IRExpr(.binary(.concat, at, domain), type: ValueType(.text, nullable: domain.type.isNullable), span: span)
    return IRExpr(.binary(.concat, local, tail), type: ValueType(.text, nullable: nullable || domain.type.isNullable), span: span)
  }

  static func describe(_ kind: PackArgument) -> String {
    switch kind {
    case .locale: "a locale such as \"de_DE\""
    case .sex: "\"F\" or \"M\""
    case .phoneType: "\"mobile\" or \"fixed\""
    case .text(let what): "the \(what)"
    }
  }

  /// How a pack function is called, for notes.
  static func packUsage(_ name: String) -> String {
    switch name {
    case "first_name": "first_name(locale) or first_name(locale, sex), as first_name(\"de_DE\", \"F\")"
    case "postal_code": "postal_code(locale) or postal_code(locale, city), as postal_code(\"en_US\", city)"
    case "phone": "phone(locale) or phone(locale, \"mobile\" or \"fixed\"), as phone(\"fr_FR\")"
    case "country_code": "country_code() draws a country by population"
    case "username": "username(first, last) builds a user name from the row's names"
    case "email": "email(first, last) or email(first, last, domain)"
    case "unique_username": "unique_username(first, last) or unique_username(first, last, digits)"
    case "unique_email": "unique_email(first, last), unique_email(first, last, domain) or unique_email(first, last, domain, digits)"
    default: "\(name)(locale), as \(name)(\"en_GB\")"
    }
  }
}
