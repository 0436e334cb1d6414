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
  /// Binomial(n, p), the number of successes in n trials: inversion by sequential search when
  /// n·min(p, 1 − p) < 30, otherwise BTPE (Kachitvichyanukul & Schmeiser, "Binomial random
  /// variate generation", CACM 31(2):216–222, 1988). See `BinomialSampler`.
  case binomial(n: Int64, p: Double)
  /// Geometric(p), the number of failures before the first success (support 0, 1, …), by
  /// inversion: ⌊log u / log(1 − p)⌋.
  case geometric(p: Double)
  /// Negative binomial(r, p), the number of failures before the r-th success (r > 0 real), as
  /// the gamma–Poisson mixture Poisson(Gamma(r, (1 − p)/p)).
  case negativeBinomial(r: Double, p: Double)
  /// Weibull(shape k, scale λ) by inversion: λ·(−log u)^(1/k).
  case weibull(shape: Double, scale: Double)
  /// Triangular(low, mode, high) by closed-form inversion (two square-root branches).
  case triangular(low: Double, mode: Double, high: Double)
  /// Zipf(s, n) on 1...n with P(k) ∝ k^(−s), s > 0, by rejection-inversion (Hörmann & Derflinger,
  /// ACM TOMACS 6(3):169–184, 1996), as in Apache Commons RNG `RejectionInversionZipfSampler`.
  case zipf(s: Double, n: Int64)
  /// Normal(mean, sd) conditioned on [low, high], by exact inversion with one uniform:
  /// Φ⁻¹(Φ(a) + u(Φ(b) − Φ(a))), through the complementary tails when that is more precise.
  case truncatedNormal(mean: Double, sd: Double, low: Double, high: Double)

  /// Every distribution name, in the order of the cases.
  public static let names = [
    "uniform", "uniform_int", "normal", "lognormal", "exponential", "gamma", "beta", "poisson",
    "bernoulli", "binomial", "geometric", "negative_binomial", "weibull", "triangular", "zipf",
    "truncated_normal",
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
    case .binomial: return "binomial"
    case .geometric: return "geometric"
    case .negativeBinomial: return "negative_binomial"
    case .weibull: return "weibull"
    case .triangular: return "triangular"
    case .zipf: return "zipf"
    case .truncatedNormal: return "truncated_normal"
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
    case .binomial(let n, let p): return [Double(n), p]
    case .geometric(let p): return [p]
    case .negativeBinomial(let r, let p): return [r, p]
    case .weibull(let shape, let scale): return [shape, scale]
    case .triangular(let low, let mode, let high): return [low, mode, high]
    case .zipf(let s, let n): return [s, Double(n)]
    case .truncatedNormal(let mean, let sd, let low, let high): return [mean, sd, low, high]
    }
  }

  /// Whether values are floats, integers or booleans: `uniform_int`, `poisson`, `binomial`,
  /// `geometric`, `negative_binomial` and `zipf` give integers, `bernoulli` booleans, the rest
  /// floats.
  public var resultKind: ResultKind {
    switch self {
    case .uniformInt, .poisson, .binomial, .geometric, .negativeBinomial, .zipf: return .int
    case .bernoulli: return .bool
    case .uniform, .normal, .lognormal, .exponential, .gamma, .beta, .weibull, .triangular,
      .truncatedNormal:
      return .float
    }
  }

  /// The closed range that contains every value `sample` can return (booleans as 0...1).
  public var support: ClosedRange<Double> {
    switch self {
    case .uniform(let low, let high): return low...max(low, high)
    case .uniformInt(let low, let high): return Double(low)...Double(max(low, high))
    case .normal(let mean, let sd):
      return sd == 0 ? mean...mean : -Double.infinity...Double.infinity
    case .lognormal, .exponential, .gamma, .poisson, .geometric, .negativeBinomial, .weibull:
      return 0...Double.infinity
    case .beta, .bernoulli: return 0...1
    case .binomial(let n, _): return 0...Double(max(0, n))
    case .triangular(let low, _, let high): return low...max(low, high)
    case .zipf(_, let n): return 1...Double(max(1, n))
    case .truncatedNormal(_, _, let low, let high): return low...max(low, high)
    }
  }

  /// The distribution for a name and its parameters, or nil if the name is unknown or
  /// `validate(name:parameters:)` reports a problem.
  /// `integers` as for `validate`: exact values of integer parameters, where known.
  public static func make(name: String, parameters: [Double], integers: [Int64?] = []) -> Distribution? {
    guard validate(name: name, parameters: parameters, integers: integers) == nil else { return nil }
    let p = parameters
    func int(_ i: Int) -> Int64 { (i < integers.count ? integers[i] : nil) ?? Int64(p[i]) }
    switch name {
    case "uniform": return .uniform(low: p[0], high: p[1])
    case "uniform_int": return .uniformInt(low: int(0), high: int(1))
    case "normal": return .normal(mean: p[0], sd: p[1])
    case "lognormal": return .lognormal(mu: p[0], sigma: p[1])
    case "exponential": return .exponential(rate: p[0])
    case "gamma": return .gamma(shape: p[0], scale: p[1])
    case "beta": return .beta(alpha: p[0], beta: p[1])
    case "poisson": return .poisson(lambda: p[0])
    case "bernoulli": return .bernoulli(p: p[0])
    case "binomial": return .binomial(n: int(0), p: p[1])
    case "geometric": return .geometric(p: p[0])
    case "negative_binomial": return .negativeBinomial(r: p[0], p: p[1])
    case "weibull": return .weibull(shape: p[0], scale: p[1])
    case "triangular": return .triangular(low: p[0], mode: p[1], high: p[2])
    case "zipf": return .zipf(s: p[0], n: int(1))
    case "truncated_normal":
      return .truncatedNormal(mean: p[0], sd: p[1], low: p[2], high: p[3])
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
