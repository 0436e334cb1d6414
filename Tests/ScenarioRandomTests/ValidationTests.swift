import Testing

@testable import ScenarioRandom

/// Parameter validation: each bad case names the right parameter and message.
@Suite struct ValidationTests {
  struct Case: Sendable, CustomTestStringConvertible {
    let name: String
    let parameters: [Double]
    let index: Int
    let message: String
    var testDescription: String { "\(name)\(parameters)" }
  }

  static let invalid: [Case] = [
    Case(
      name: "uniform", parameters: [2, 1], index: 1,
      message: "high must be greater than or equal to low"),
    Case(name: "uniform", parameters: [.nan, 1], index: 0, message: "low must be a finite number"),
    Case(
      name: "uniform", parameters: [0, .infinity], index: 1, message: "high must be a finite number"
    ),
    Case(name: "uniform_int", parameters: [1.5, 3], index: 0, message: "low must be an integer"),
    Case(name: "uniform_int", parameters: [1, 3.25], index: 1, message: "high must be an integer"),
    Case(
      name: "uniform_int", parameters: [5, 4], index: 1,
      message: "high must be greater than or equal to low"),
    Case(
      name: "uniform_int", parameters: [0, 0x1p63], index: 1,
      message: "high must fit in a 64-bit integer"),
    Case(
      name: "normal", parameters: [0, -1], index: 1,
      message: "sd must be greater than or equal to 0"),
    Case(
      name: "normal", parameters: [-.infinity, 1], index: 0, message: "mean must be a finite number"
    ),
    Case(
      name: "lognormal", parameters: [0, -0.1], index: 1,
      message: "sigma must be greater than or equal to 0"),
    Case(name: "exponential", parameters: [0], index: 0, message: "rate must be greater than 0"),
    Case(
      name: "exponential", parameters: [.nan], index: 0, message: "rate must be a finite number"),
    Case(name: "gamma", parameters: [0, 1], index: 0, message: "shape must be greater than 0"),
    Case(name: "gamma", parameters: [2, -3], index: 1, message: "scale must be greater than 0"),
    Case(name: "beta", parameters: [-1, 2], index: 0, message: "alpha must be greater than 0"),
    Case(name: "beta", parameters: [1, 0], index: 1, message: "beta must be greater than 0"),
    Case(
      name: "poisson", parameters: [-1], index: 0,
      message: "lambda must be greater than or equal to 0"),
    Case(name: "poisson", parameters: [2e9], index: 0, message: "lambda must be at most 1e9"),
    Case(name: "bernoulli", parameters: [1.5], index: 0, message: "p must be between 0 and 1"),
    Case(name: "bernoulli", parameters: [-0.01], index: 0, message: "p must be between 0 and 1"),
    Case(
      name: "normal", parameters: [1], index: 1,
      message: "normal takes 2 parameters but 1 was given"),
    Case(
      name: "poisson", parameters: [1, 2], index: 1,
      message: "poisson takes 1 parameter but 2 were given"),
    Case(
      name: "gaussian", parameters: [0, 1], index: -1, message: "unknown distribution 'gaussian'"),
  ]

  @Test(arguments: invalid)
  func invalidParameters(_ c: Case) throws {
    let problem = try #require(Distribution.validate(name: c.name, parameters: c.parameters))
    #expect(problem.index == c.index)
    #expect(problem.message == c.message)
    #expect(!problem.note.isEmpty)
    #expect(Distribution.make(name: c.name, parameters: c.parameters) == nil)
  }

  @Test func notesStateTheDomain() {
    let beta = Distribution.validate(name: "beta", parameters: [-1, 2])
    #expect(beta?.note == "beta(alpha, beta) is defined for alpha > 0 and beta > 0")
    let gamma = Distribution.validate(name: "gamma", parameters: [1, 0])
    #expect(gamma?.note == "gamma(shape, scale) is defined for shape > 0 and scale > 0")
  }

  @Test func validParametersMakeTheRightCase() {
    let made: [(String, [Double], Distribution)] = [
      ("uniform", [1, 1], .uniform(low: 1, high: 1)),
      ("uniform_int", [-3, 7], .uniformInt(low: -3, high: 7)),
      ("uniform_int", [-0x1p63, 0], .uniformInt(low: .min, high: 0)),
      ("normal", [0, 0], .normal(mean: 0, sd: 0)),
      ("lognormal", [1, 2], .lognormal(mu: 1, sigma: 2)),
      ("exponential", [0.5], .exponential(rate: 0.5)),
      ("gamma", [2, 12], .gamma(shape: 2, scale: 12)),
      ("beta", [8, 2], .beta(alpha: 8, beta: 2)),
      ("poisson", [0], .poisson(lambda: 0)),
      ("poisson", [1e9], .poisson(lambda: 1e9)),
      ("bernoulli", [0], .bernoulli(p: 0)),
      ("bernoulli", [1], .bernoulli(p: 1)),
    ]
    for (name, parameters, expected) in made {
      #expect(Distribution.validate(name: name, parameters: parameters) == nil)
      let d = Distribution.make(name: name, parameters: parameters)
      #expect(d == expected)
      #expect(d?.name == name)
      #expect(d?.parameters == parameters)
    }
  }

  @Test func namesKindsAndSupport() {
    for name in Distribution.names {
      #expect(Distribution.parameterNames(of: name) != nil)
    }
    #expect(Distribution.uniformInt(low: 0, high: 1).resultKind == .int)
    #expect(Distribution.poisson(lambda: 1).resultKind == .int)
    #expect(Distribution.bernoulli(p: 0.5).resultKind == .bool)
    #expect(Distribution.gamma(shape: 1, scale: 1).resultKind == .float)
    #expect(Distribution.beta(alpha: 1, beta: 1).support == 0...1)
    #expect(Distribution.gamma(shape: 1, scale: 1).support == 0...Double.infinity)
    #expect(Distribution.normal(mean: 0, sd: 1).support == -Double.infinity...Double.infinity)
    #expect(Distribution.uniform(low: -2, high: 3).support == -2...3)
  }
}
