import Testing

@testable import ScenarioRandom

/// Parameter validation of the added distributions: each bad case names the right parameter
/// and message, and valid parameters make the right case.
@Suite struct AddedValidationTests {
  typealias Case = ValidationTests.Case

  static let invalid: [Case] = [
    Case(name: "binomial", parameters: [2.5, 0.5], index: 0, message: "n must be an integer"),
    Case(
      name: "binomial", parameters: [-1, 0.5], index: 0,
      message: "n must be greater than or equal to 0"),
    Case(name: "binomial", parameters: [2e9, 0.5], index: 0, message: "n must be at most 1e9"),
    Case(name: "binomial", parameters: [10, 1.5], index: 1, message: "p must be between 0 and 1"),
    Case(
      name: "binomial", parameters: [10], index: 1,
      message: "binomial takes 2 parameters but 1 was given"),
    Case(name: "geometric", parameters: [0], index: 0, message: "p must be greater than 0"),
    Case(name: "geometric", parameters: [1.01], index: 0, message: "p must be at most 1"),
    Case(name: "geometric", parameters: [.nan], index: 0, message: "p must be a finite number"),
    Case(
      name: "negative_binomial", parameters: [0, 0.5], index: 0, message: "r must be greater than 0"
    ),
    Case(
      name: "negative_binomial", parameters: [2e9, 0.5], index: 0, message: "r must be at most 1e9"),
    Case(
      name: "negative_binomial", parameters: [3, 0], index: 1, message: "p must be greater than 0"),
    Case(name: "negative_binomial", parameters: [3, 2], index: 1, message: "p must be at most 1"),
    Case(
      name: "negative_binomial", parameters: [10, 1e-9], index: 1,
      message: "p is too small: the mean r*(1-p)/p must be at most 1e9"),
    Case(name: "weibull", parameters: [0, 1], index: 0, message: "shape must be greater than 0"),
    Case(name: "weibull", parameters: [1, -1], index: 1, message: "scale must be greater than 0"),
    Case(
      name: "triangular", parameters: [0, -1, 5], index: 1,
      message: "mode must be greater than or equal to low"),
    Case(
      name: "triangular", parameters: [0, 6, 5], index: 2,
      message: "high must be greater than or equal to mode"),
    Case(
      name: "triangular", parameters: [2, 2, 2], index: 2, message: "high must be greater than low"),
    Case(
      name: "triangular", parameters: [-1e308, 0, 1e308], index: 2,
      message: "high - low must be a finite number"),
    Case(
      name: "triangular", parameters: [0, .infinity, 1], index: 1,
      message: "mode must be a finite number"),
    Case(name: "zipf", parameters: [0, 10], index: 0, message: "s must be greater than 0"),
    Case(name: "zipf", parameters: [1, 10.5], index: 1, message: "n must be an integer"),
    Case(name: "zipf", parameters: [1, 0], index: 1, message: "n must be at least 1"),
    Case(name: "zipf", parameters: [1, 0x1p60], index: 1, message: "n must be at most 2^53 (9007199254740992)"),
    Case(
      name: "truncated_normal", parameters: [0, 0, -1, 1], index: 1,
      message: "sd must be greater than 0"),
    Case(
      name: "truncated_normal", parameters: [0, 1, 1, 1], index: 3,
      message: "high must be greater than low"),
    Case(
      name: "truncated_normal", parameters: [0, 1, 40, 50], index: 2,
      message: "low must be at most mean + 37*sd"),
    Case(
      name: "truncated_normal", parameters: [0, 2, -100, -75], index: 3,
      message: "high must be at least mean - 37*sd"),
    Case(
      name: "truncated_normal", parameters: [0, 1, -1], index: 3,
      message: "truncated_normal takes 4 parameters but 3 were given"),
  ]

  @Test(arguments: invalid)
  func invalidParameters(_ c: Case) throws {
    let problem = try #require(Distribution.validate(name: c.name, parameters: c.parameters))
    #expect(problem.index == c.index)
    #expect(problem.message == c.message)
    #expect(problem.note.hasPrefix(c.name + "("))
    #expect(Distribution.make(name: c.name, parameters: c.parameters) == nil)
  }

  @Test func validParametersMakeTheRightCase() {
    let made: [(String, [Double], Distribution)] = [
      ("binomial", [0, 0], .binomial(n: 0, p: 0)),
      ("binomial", [1e9, 1], .binomial(n: 1_000_000_000, p: 1)),
      ("geometric", [1], .geometric(p: 1)),
      ("negative_binomial", [2.5, 0.3], .negativeBinomial(r: 2.5, p: 0.3)),
      ("negative_binomial", [1, 1], .negativeBinomial(r: 1, p: 1)),
      ("weibull", [1.5, 2], .weibull(shape: 1.5, scale: 2)),
      ("triangular", [0, 0, 1], .triangular(low: 0, mode: 0, high: 1)),
      ("triangular", [0, 1, 1], .triangular(low: 0, mode: 1, high: 1)),
      ("zipf", [1.1, 1], .zipf(s: 1.1, n: 1)),
      ("zipf", [0.5, 0x1p53], .zipf(s: 0.5, n: 1 << 53)),
      ("truncated_normal", [0, 1, -1, 2], .truncatedNormal(mean: 0, sd: 1, low: -1, high: 2)),
      (
        "truncated_normal", [0, 1, 37, 1e300],
        .truncatedNormal(mean: 0, sd: 1, low: 37, high: 1e300)
      ),
    ]
    for (name, parameters, expected) in made {
      #expect(Distribution.validate(name: name, parameters: parameters) == nil, "\(name)")
      let d = Distribution.make(name: name, parameters: parameters)
      #expect(d == expected)
      #expect(d?.name == name)
      #expect(d?.parameters == parameters)
    }
  }

  @Test func namesKindsAndSupport() {
    #expect(Distribution.names.count == 16)
    for name in Distribution.names {
      #expect(Distribution.parameterNames(of: name) != nil)
      #expect(Distribution.domainNote(of: name).hasPrefix(name + "("))
    }
    for d: Distribution in [
      .binomial(n: 3, p: 0.5), .geometric(p: 0.5), .negativeBinomial(r: 1, p: 0.5),
      .zipf(s: 1, n: 3),
    ] {
      #expect(d.resultKind == .int)
    }
    for d: Distribution in [
      .weibull(shape: 1, scale: 1), .triangular(low: 0, mode: 1, high: 2),
      .truncatedNormal(mean: 0, sd: 1, low: 0, high: 1),
    ] {
      #expect(d.resultKind == .float)
    }
    #expect(Distribution.binomial(n: 7, p: 0.5).support == 0...7)
    #expect(Distribution.zipf(s: 1, n: 9).support == 1...9)
    #expect(Distribution.geometric(p: 0.5).support == 0...Double.infinity)
    #expect(Distribution.triangular(low: -1, mode: 0, high: 2).support == -1...2)
    #expect(Distribution.truncatedNormal(mean: 0, sd: 1, low: -1, high: 3).support == -1...3)
    #expect(Distribution.parameterNames(of: "truncated_normal") == ["mean", "sd", "low", "high"])
    #expect(Distribution.parameterNames(of: "negative_binomial") == ["r", "p"])
  }

  /// Integer parameters are checked on their exact values when known: a double rounds
  /// 2^53 + 1 down to 2^53 and Int64.max up to 2^63.
  @Test func exactIntegers() {
    let above = Int64(1) << 53 + 1
    #expect(Distribution.validate(name: "zipf", parameters: [1.5, Double(above)], integers: [nil, above]) != nil)
    #expect(Distribution.validate(name: "zipf", parameters: [1.5, 0x1p53], integers: [nil, 1 << 53]) == nil)
    #expect(Distribution.validate(name: "uniform_int", parameters: [0, 0x1p63], integers: [0, .max]) == nil)
    #expect(Distribution.validate(name: "uniform_int", parameters: [0, 0x1p63]) != nil, "without the exact value, 2^63 does not fit")
    #expect(Distribution.make(name: "uniform_int", parameters: [-0x1p63, 0x1p63], integers: [.min, .max]) == .uniformInt(low: .min, high: .max))
    let close = Int64.max - 1
    #expect(Distribution.validate(name: "uniform_int", parameters: [0x1p63, 0x1p63], integers: [.max, close]) != nil, "high below low by one")
  }
}
