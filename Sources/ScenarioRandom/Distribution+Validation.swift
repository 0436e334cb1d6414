/// Why a distribution's parameters are invalid: which parameter, what is wrong, and the domain of
/// the distribution, phrased for a compiler diagnostic (lowercase, no final period).
public struct ParameterProblem: Sendable, Equatable {
  /// The 0-based index of the offending parameter; -1 when the name itself is unknown.
  public var index: Int
  /// What is wrong, e.g. "alpha must be greater than 0".
  public var message: String
  /// The distribution's domain, e.g. "beta(alpha, beta) is defined for alpha > 0 and beta > 0".
  public var note: String

  /// A problem with the given parts.
  public init(index: Int, message: String, note: String) {
    self.index = index
    self.message = message
    self.note = note
  }
}

extension Distribution {
  /// The largest lambda accepted for `poisson`; beyond it PTRS loses too much precision.
  public static let maxPoissonLambda = 1e9

  /// The parameter names of a distribution in order, or nil for an unknown name.
  public static func parameterNames(of name: String) -> [String]? {
    switch name {
    case "uniform", "uniform_int": return ["low", "high"]
    case "normal": return ["mean", "sd"]
    case "lognormal": return ["mu", "sigma"]
    case "exponential": return ["rate"]
    case "gamma": return ["shape", "scale"]
    case "beta": return ["alpha", "beta"]
    case "poisson": return ["lambda"]
    case "bernoulli": return ["p"]
    default: return nil
    }
  }

  /// The one-line domain statement used as the note of every problem with `name`.
  static func domainNote(of name: String) -> String {
    switch name {
    case "uniform": return "uniform(low, high) is defined for finite low <= high"
    case "uniform_int": return "uniform_int(low, high) is defined for integers low <= high"
    case "normal": return "normal(mean, sd) is defined for finite mean and sd >= 0"
    case "lognormal": return "lognormal(mu, sigma) is defined for finite mu and sigma >= 0"
    case "exponential": return "exponential(rate) is defined for rate > 0"
    case "gamma": return "gamma(shape, scale) is defined for shape > 0 and scale > 0"
    case "beta": return "beta(alpha, beta) is defined for alpha > 0 and beta > 0"
    case "poisson": return "poisson(lambda) is defined for 0 <= lambda <= 1e9"
    case "bernoulli": return "bernoulli(p) is defined for 0 <= p <= 1"
    default: return "known distributions: " + names.joined(separator: ", ")
    }
  }

  /// Checks a distribution name and its parameters; nil when they are valid.
  ///
  /// Parameters are checked left to right and the first problem is reported: unknown name
  /// (index -1), wrong count (index of the first missing or extra parameter), NaN or infinity,
  /// then the domain. Rules: `uniform` low <= high (equal allowed); `uniform_int` integers that
  /// fit in Int64 with low <= high; `normal` sd >= 0; `lognormal` sigma >= 0; rates, shapes,
  /// scales, alpha and beta > 0; `poisson` 0 <= lambda <= 1e9; `bernoulli` 0 <= p <= 1.
  public static func validate(name: String, parameters: [Double]) -> ParameterProblem? {
    guard let names = parameterNames(of: name) else {
      return ParameterProblem(
        index: -1, message: "unknown distribution '\(name)'", note: domainNote(of: name))
    }
    let check = ParameterCheck(values: parameters, names: names, note: domainNote(of: name))
    if let problem = check.arity(distribution: name) { return problem }
    if let problem = check.allFinite() { return problem }
    switch name {
    case "uniform":
      return check.ordered()
    case "uniform_int":
      return check.integer(0) ?? check.integer(1) ?? check.ordered()
    case "normal", "lognormal":
      return check.nonNegative(1)
    case "exponential":
      return check.positive(0)
    case "gamma", "beta":
      return check.positive(0) ?? check.positive(1)
    case "poisson":
      return check.nonNegative(0) ?? check.atMost(0, maxPoissonLambda, text: "1e9")
    case "bernoulli":
      return check.probability(0)
    default:
      return nil  // unreachable: parameterNames(of:) already rejected unknown names
    }
  }
}

/// The individual parameter rules, each producing the problem for one parameter.
private struct ParameterCheck {
  let values: [Double]
  let names: [String]
  let note: String

  func problem(_ index: Int, _ message: String) -> ParameterProblem {
    ParameterProblem(index: index, message: message, note: note)
  }

  func arity(distribution: String) -> ParameterProblem? {
    if values.count == names.count { return nil }
    let noun = names.count == 1 ? "parameter" : "parameters"
    let verb = values.count == 1 ? "was" : "were"
    return problem(
      min(values.count, names.count),
      "\(distribution) takes \(names.count) \(noun) but \(values.count) \(verb) given")
  }

  func allFinite() -> ParameterProblem? {
    for (i, v) in values.enumerated() where !v.isFinite {
      return problem(i, "\(names[i]) must be a finite number")
    }
    return nil
  }

  func positive(_ i: Int) -> ParameterProblem? {
    values[i] > 0 ? nil : problem(i, "\(names[i]) must be greater than 0")
  }

  func nonNegative(_ i: Int) -> ParameterProblem? {
    values[i] >= 0 ? nil : problem(i, "\(names[i]) must be greater than or equal to 0")
  }

  func atMost(_ i: Int, _ limit: Double, text: String) -> ParameterProblem? {
    values[i] <= limit ? nil : problem(i, "\(names[i]) must be at most \(text)")
  }

  func probability(_ i: Int) -> ParameterProblem? {
    (0...1).contains(values[i]) ? nil : problem(i, "\(names[i]) must be between 0 and 1")
  }

  /// Whole and within Int64: -2⁶³ <= v < 2⁶³ (both bounds are exact doubles).
  func integer(_ i: Int) -> ParameterProblem? {
    let v = values[i]
    if v.rounded(.towardZero) != v { return problem(i, "\(names[i]) must be an integer") }
    if v < -0x1p63 || v >= 0x1p63 {
      return problem(i, "\(names[i]) must fit in a 64-bit integer")
    }
    return nil
  }

  /// The second parameter must not be below the first.
  func ordered() -> ParameterProblem? {
    values[1] >= values[0]
      ? nil : problem(1, "\(names[1]) must be greater than or equal to \(names[0])")
  }
}
