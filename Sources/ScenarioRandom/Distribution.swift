/// A probability distribution the language can name, with its parameters.
///
/// Each case names its sampling algorithm; `Sampler` holds the prepared form with the per-
/// distribution constants computed once. Parameters are assumed valid (see `validate`); invalid
/// ones never crash but give unspecified values.
public enum Distribution: Sendable, Equatable {
  /// Continuous uniform on [low, high]: `low + (high − low)·u`, clamped to `high`.
  case uniform(low: Double, high: Double)
  /// Integer uniform on `low...high` (inclusive) by Lemire's bounded draw with rejection.
  case uniformInt(low: Int64, high: Int64)
  /// Normal by Wichura's AS 241 inversion of one open uniform (monotone, exactly one draw).
  case normal(mean: Double, sd: Double)
  /// Lognormal: `exp(mu + sigma·Z)` with Z from AS 241 inversion.
  case lognormal(mu: Double, sigma: Double)
  /// Exponential by inversion: `−log(u)/rate`.
  case exponential(rate: Double)
  /// Gamma by Marsaglia & Tsang (2000), with the `u^(1/k)` boost for shape < 1.
  case gamma(shape: Double, scale: Double)
  /// Beta as `Ga/(Ga + Gb)` from two unit-scale gammas.
  case beta(alpha: Double, beta: Double)
  /// Poisson: sequential-search inversion for lambda < 10, PTRS (Hörmann 1993) otherwise.
  case poisson(lambda: Double)
  /// Bernoulli: true when `u < p`.
  case bernoulli(p: Double)

  /// Every distribution name, in the order of the cases.
  public static let names = [
    "uniform", "uniform_int", "normal", "lognormal", "exponential", "gamma", "beta", "poisson",
    "bernoulli",
  ]

  /// The name used in the language, e.g. `"uniform_int"`.
  public var name: String {
    switch self {
    case .uniform: return "uniform"
    case .uniformInt: return "uniform_int"
    case .normal: return "normal"
    case .lognormal: return "lognormal"
    case .exponential: return "exponential"
    case .gamma: return "gamma"
    case .beta: return "beta"
    case .poisson: return "poisson"
    case .bernoulli: return "bernoulli"
    }
  }

  /// The parameters in declaration order (the order `make` takes them).
  public var parameters: [Double] {
    switch self {
    case .uniform(let low, let high): return [low, high]
    case .uniformInt(let low, let high): return [Double(low), Double(high)]
    case .normal(let mean, let sd): return [mean, sd]
    case .lognormal(let mu, let sigma): return [mu, sigma]
    case .exponential(let rate): return [rate]
    case .gamma(let shape, let scale): return [shape, scale]
    case .beta(let alpha, let beta): return [alpha, beta]
    case .poisson(let lambda): return [lambda]
    case .bernoulli(let p): return [p]
    }
  }

  /// Whether values are floats, integers or booleans: `uniform_int` and `poisson` give integers,
  /// `bernoulli` booleans, the rest floats.
  public var resultKind: ResultKind {
    switch self {
    case .uniformInt, .poisson: return .int
    case .bernoulli: return .bool
    case .uniform, .normal, .lognormal, .exponential, .gamma, .beta: return .float
    }
  }

  /// The closed range that contains every value `sample` can return (booleans as 0...1).
  public var support: ClosedRange<Double> {
    switch self {
    case .uniform(let low, let high): return low...max(low, high)
    case .uniformInt(let low, let high): return Double(low)...Double(max(low, high))
    case .normal(let mean, let sd):
      return sd == 0 ? mean...mean : -Double.infinity...Double.infinity
    case .lognormal, .exponential, .gamma, .poisson: return 0...Double.infinity
    case .beta, .bernoulli: return 0...1
    }
  }

  /// The distribution for a name and its parameters, or nil if the name is unknown or
  /// `validate(name:parameters:)` reports a problem.
  public static func make(name: String, parameters: [Double]) -> Distribution? {
    guard validate(name: name, parameters: parameters) == nil else { return nil }
    let p = parameters
    switch name {
    case "uniform": return .uniform(low: p[0], high: p[1])
    case "uniform_int": return .uniformInt(low: Int64(p[0]), high: Int64(p[1]))
    case "normal": return .normal(mean: p[0], sd: p[1])
    case "lognormal": return .lognormal(mu: p[0], sigma: p[1])
    case "exponential": return .exponential(rate: p[0])
    case "gamma": return .gamma(shape: p[0], scale: p[1])
    case "beta": return .beta(alpha: p[0], beta: p[1])
    case "poisson": return .poisson(lambda: p[0])
    case "bernoulli": return .bernoulli(p: p[0])
    default: return nil
    }
  }

  /// The prepared sampler (per-distribution constants computed once). Build it once per column
  /// and reuse it; `sample(_:)` on the enum rebuilds it on every call.
  @inlinable
  public var sampler: Sampler { Sampler(self) }

  /// One value as a `Double`: integers as exact whole numbers (below 2⁵³ in magnitude), booleans
  /// as 0 or 1. Convenience over `sampler.sample(_:)`.
  @inlinable
  public func sample(_ rng: inout CellRNG) -> Double {
    Sampler(self).sample(&rng)
  }
}

/// The kind of value a distribution produces.
public enum ResultKind: Sendable, Equatable {
  /// A `Double`.
  case float
  /// A whole number: exact from `Sampler.sampleInt`, a whole `Double` from `sample`.
  case int
  /// A boolean: `Sampler.sampleBool`, or 0/1 from `sample`.
  case bool
}
