import ScenarioIR

/// The signature families of deterministic built-ins, for argument checking.
enum BuiltinSignature {
  static func lookup(_ name: String, arity: Int) -> Builtin? {
    if name == "round" && arity == 2 { return .roundTo }
    if name == "round_to" || name.hasPrefix("#") { return nil }
    return Builtin(rawValue: name)
  }

  /// Allowed argument counts.
  static func arity(_ f: Builtin) -> ClosedRange<Int> {
    switch f {
    case .min, .max: 2...16
    case .coalesce: 2...16
    case .roundTo, .pow, .pad, .addMonths: 2...2
    case .contains, .startsWith, .endsWith, .indexOf, .countOf, .repeat: 2...2
    case .substring, .padLeft, .padRight, .formatNumber: 2...3
    case .replace: 3...3
    case .uuidV5, .uuidV4Bits, .patternDraw: 2...2
    case .uuidV7Bits: 3...3
    case .uniqueInt, .uniqueText: 4...4
    case .loremWords, .loremSentence, .loremParagraph: 2...2
    case .uniquePattern: 3...3
    case .join: 2...16
    case .region, .regionCode: 2...2
    case .packFirstName, .packUsername, .packPhone, .packPostalCode: 3...3
    case .packLastName, .packFullName, .packStreetAddress, .packCity, .packCompany, .packJobTitle, .packWord: 2...2
    case .clamp: 3...3
    default: 1...1
    }
  }

  /// Every name that can be called, for "did you mean".
  static var allNames: [String] {
    Builtin.allCases.filter { $0 != .roundTo && !$0.rawValue.hasPrefix("#") }.map(\.rawValue)
      + RandomFunction.allCases.map(\.rawValue) + ["uuid_v4", "uuid_v7", "pattern", "unique_int", "words", "sentence", "paragraph", "unique_pattern", "unique_text"]
      + Checker.packFunctionNames
  }
}
