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

  /// The largest n accepted for `binomial` (and the largest mean and r for `negative_binomial`),
  /// the same bound as Poisson's lambda, so every CDF evaluation stays fast and every latent
  /// threshold table stays below 2²⁰ entries.
  public static let maxCountParameter = 1e9

  /// The largest n accepted for `zipf`: 2⁵³, so that every k is exact as a `Double`.
  public static let maxZipfN = 0x1p53

  /// How far, in standard deviations, `truncated_normal` bounds may lie from the mean on the
  /// side of the interval: beyond 37σ the normal tail probability is no longer a normal
  /// binary64 number.
  public static let maxTruncationDeviations = 37.0

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
    case "bernoulli", "geometric": return ["p"]
    case "binomial": return ["n", "p"]
    case "negative_binomial": return ["r", "p"]
    case "weibull": return ["shape", "scale"]
    case "triangular": return ["low", "mode", "high"]
    case "zipf": return ["s", "n"]
    case "truncated_normal": return ["mean", "sd", "low", "high"]
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
    case "binomial": return "binomial(n, p) is defined for integers 0 <= n <= 1e9 and 0 <= p <= 1"
    case "geometric": return "geometric(p) is defined for 0 < p <= 1"
    case "negative_binomial":
      return
        "negative_binomial(r, p) is defined for 0 < r <= 1e9 and 0 < p <= 1 with mean r*(1-p)/p <= 1e9"
    case "weibull": return "weibull(shape, scale) is defined for shape > 0 and scale > 0"
    case "triangular":
      return "triangular(low, mode, high) is defined for finite low <= mode <= high with low < high"
    case "zipf": return "zipf(s, n) is defined for s > 0 and integers 1 <= n <= 2^53"
    case "truncated_normal":
      return
        "truncated_normal(mean, sd, low, high) is defined for sd > 0 and low < high within 37 sd of the mean"
    default: return "known distributions: " + names.joined(separator: ", ")
    }
  }

  /// Checks a distribution name and its parameters; nil when they are valid.
  ///
  /// Parameters are checked left to right and the first problem is reported: unknown name
  /// (index -1), wrong count (index of the first missing or extra parameter), NaN or infinity,
  /// then the domain. Rules: `uniform` low <= high (equal allowed); `uniform_int` integers that
  /// fit in Int64 with low <= high; `normal` sd >= 0; `lognormal` sigma >= 0; rates, shapes,
  /// scales, alpha and beta > 0; `poisson` 0 <= lambda <= 1e9; `bernoulli` 0 <= p <= 1;
  /// `binomial` integer 0 <= n <= 1e9 and 0 <= p <= 1; `geometric` 0 < p <= 1;
  /// `negative_binomial` 0 < r <= 1e9, 0 < p <= 1 and mean r(1 − p)/p <= 1e9; `weibull` shape and
  /// scale > 0; `triangular` low <= mode <= high with low < high and a finite high − low; `zipf` s > 0 and integer
  /// 1 <= n <= 2⁵³; `truncated_normal` sd > 0, low < high, low <= mean + 37·sd and
  /// high >= mean − 37·sd.
  ///
  /// `integers[i]`, when given, is parameter i's exact integer value: integer parameters are
  /// then checked on it rather than on the double (which rounds above 2⁵³), so that
  /// `uniform_int(0, 9223372036854775807)` is valid and `zipf(1.5, 2^53 + 1)` is not.
  public static func validate(name: String, parameters: [Double], integers: [Int64?] = []) -> ParameterProblem? {
    guard let names = parameterNames(of: name) else {
      return ParameterProblem(
        index: -1, message: "unknown distribution '\(name)'", note: domainNote(of: name))
    }
    let check = ParameterCheck(values: parameters, integers: integers, names: names, note: domainNote(of: name))
    if let problem = check.arity(distribution: name) { return problem }
    if let problem = check.allFinite() { return problem }
    switch name {
    case "uniform":
      return check.ordered()
    case "uniform_int":
      return check.integer(0) ?? check.integer(1) ?? check.orderedIntegers()
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
      return validateAdded(name: name, check)
    }
  }

  /// The rules of the distributions added after the first nine (split out to keep `validate`
  /// short).
  private static func validateAdded(name: String, _ check: ParameterCheck) -> ParameterProblem? {
    switch name {
    case "binomial":
      return check.integer(0) ?? check.nonNegative(0)
        ?? check.atMost(0, maxCountParameter, text: "1e9") ?? check.probability(1)
    case "geometric":
      return check.positive(0) ?? check.atMost(0, 1, text: "1")
    case "negative_binomial":
      return check.positive(0) ?? check.atMost(0, maxCountParameter, text: "1e9")
        ?? check.positive(1) ?? check.atMost(1, 1, text: "1") ?? check.negativeBinomialMean()
    case "weibull":
      return check.positive(0) ?? check.positive(1)
    case "triangular":
      return check.notBelow(1, 0) ?? check.notBelow(2, 1) ?? check.above(2, 0)
        ?? check.finiteSpan(0, 2)
    case "zipf":
      return check.positive(0) ?? check.integer(1) ?? check.atLeast(1, 1, text: "1")
        ?? check.atMostInteger(1, Int64(maxZipfN), text: "2^53 (9007199254740992)")
    case "truncated_normal":
      return check.positive(1) ?? check.above(3, 2) ?? check.truncationWithinReach()
    default:
      return nil  // unreachable: parameterNames(of:) already rejected unknown names
    }
  }
}

/// The individual parameter rules, each producing the problem for one parameter.
private struct ParameterCheck {
  let values: [Double]
  /// Exact integer values, where known (see `Distribution.validate`).
  let integers: [Int64?]
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

  /// Parameter i's exact integer value, if known.
  func exact(_ i: Int) -> Int64? { i < integers.count ? integers[i] : nil }

  /// Parameter i is at most `limit`, compared exactly when its integer value is known.
  func atMostInteger(_ i: Int, _ limit: Int64, text: String) -> ParameterProblem? {
    if let x = exact(i) { return x <= limit ? nil : problem(i, "\(names[i]) must be at most \(text)") }
    return atMost(i, Double(limit), text: text)
  }

  /// `uniform_int`: high >= low, compared exactly when both integers are known.
  func orderedIntegers() -> ParameterProblem? {
    if let low = exact(0), let high = exact(1) {
      return high >= low ? nil : problem(1, "\(names[1]) must be greater than or equal to \(names[0])")
    }
    return ordered()
  }

  /// Whole and within Int64: -2⁶³ <= v < 2⁶³ (both bounds are exact doubles); an exact integer
  /// always is.
  func integer(_ i: Int) -> ParameterProblem? {
    if exact(i) != nil { return nil }
    let v = values[i]
    if v.rounded(.towardZero) != v { return problem(i, "\(names[i]) must be an integer") }
    if v < -0x1p63 || v >= 0x1p63 {
      return problem(i, "\(names[i]) must fit in a 64-bit integer")
    }
    return nil
  }

  /// The second parameter must not be below the first.
  func ordered() -> ParameterProblem? {
    notBelow(1, 0)
  }

  /// Parameter i must not be below parameter j.
  func notBelow(_ i: Int, _ j: Int) -> ParameterProblem? {
    values[i] >= values[j]
      ? nil : problem(i, "\(names[i]) must be greater than or equal to \(names[j])")
  }

  /// Parameter i must be strictly above parameter j.
  func above(_ i: Int, _ j: Int) -> ParameterProblem? {
    values[i] > values[j] ? nil : problem(i, "\(names[i]) must be greater than \(names[j])")
  }

  /// values[j] − values[i] must not overflow (blamed on j).
  func finiteSpan(_ i: Int, _ j: Int) -> ParameterProblem? {
    (values[j] - values[i]).isFinite
      ? nil : problem(j, "\(names[j]) - \(names[i]) must be a finite number")
  }

  /// Parameter i must be at least `limit` (spelled `text` in the message).
  func atLeast(_ i: Int, _ limit: Double, text: String) -> ParameterProblem? {
    values[i] >= limit ? nil : problem(i, "\(names[i]) must be at least \(text)")
  }

  /// `negative_binomial`: the mean r(1 − p)/p must be at most 1e9 (blamed on p).
  func negativeBinomialMean() -> ParameterProblem? {
    let (r, p) = (values[0], values[1])
    return r * (1 - p) / p <= Distribution.maxCountParameter
      ? nil : problem(1, "p is too small: the mean r*(1-p)/p must be at most 1e9")
  }

  /// `truncated_normal`: the interval must reach within 37 sd of the mean (otherwise its normal
  /// probability is not representable).
  func truncationWithinReach() -> ParameterProblem? {
    let (mean, sd, low, high) = (values[0], values[1], values[2], values[3])
    let limit = Distribution.maxTruncationDeviations
    if (low - mean) / sd > limit {
      return problem(2, "low must be at most mean + 37*sd")
    }
    if (mean - high) / sd > limit {
      return problem(3, "high must be at least mean - 37*sd")
    }
    return nil
  }
}
