/// A finite mixture Σ wᵢ·Fᵢ of prepared samplers.
///
/// Sampling picks a component with a Walker/Vose `AliasTable` (one 64-bit word) and returns that
/// component's draw from the same `CellRNG`, so the value stays a pure function of the cell and
/// nothing is allocated. As for `EmpiricalHistogram`, the distribution functions use the alias
/// table's exact probabilities (weights rounded to multiples of 2⁻³²).
///
/// The quantile has no closed form: it is found by bisection on the mixture CDF inside the
/// bracket [minᵢ Qᵢ(p), maxᵢ Qᵢ(p)], which always contains it (below the smallest component
/// quantile every Fᵢ < p; at the largest every Fᵢ ≥ p). When every component is a count or
/// boolean distribution the search runs over the integers, so the quantile is exact.
public struct Mixture: Sendable, Equatable {
  /// The components, in the order of the weights.
  public let components: [Sampler]
  /// The component choice.
  public let table: AliasTable
  /// The probability of each component (multiples of 2⁻³²).
  @usableFromInline let probabilities: [Double]

  /// A mixture, or nil when `validate(components:weights:)` reports a problem.
  public init?(components: [Sampler], weights: [Double]) {
    guard Mixture.validate(components: components, weights: weights) == nil,
      let table = AliasTable(weights: weights)
    else { return nil }
    self.components = components
    self.table = table
    self.probabilities = table.scaledWeights.map { Double($0) * 0x1p-32 }
  }

  /// Why these components and weights cannot make a mixture (lowercase, no final period), or
  /// nil: at least one component, one weight per component, weights valid for `AliasTable`.
  public static func validate(components: [Sampler], weights: [Double]) -> String? {
    if components.isEmpty { return "a mixture needs at least one component" }
    if weights.count != components.count {
      return "a mixture of \(components.count) components needs \(components.count) weights, "
        + "found \(weights.count)"
    }
    return AliasTable.validate(weights: weights)
  }

  /// One value: a component by the alias table, then that component's draw.
  @inlinable
  public func sample(_ rng: inout CellRNG) -> Double {
    components[table.sample(&rng)].sample(&rng)
  }

  /// Whether every component takes only whole values (count and boolean distributions).
  public var isDiscrete: Bool {
    components.allSatisfy { $0.distribution.resultKind != .float }
  }

  /// The hull of the components' supports.
  public var support: ClosedRange<Double> {
    var low = Double.infinity
    var high = -Double.infinity
    for (c, p) in zip(components, probabilities) where p > 0 {
      low = min(low, c.distribution.support.lowerBound)
      high = max(high, c.distribution.support.upperBound)
    }
    return low...max(low, high)
  }

  /// Σ pᵢ·μᵢ.
  public var mean: Double {
    var sum = 0.0
    for (c, p) in zip(components, probabilities) where p > 0 { sum += p * c.distribution.mean }
    return sum
  }

  /// Σ pᵢ·(σᵢ² + (μᵢ − μ)²), the law of total variance.
  public var variance: Double {
    let mu = mean
    var sum = 0.0
    for (c, p) in zip(components, probabilities) where p > 0 {
      let d = c.distribution
      let shift = d.mean - mu
      sum += p * (d.variance + shift * shift)
    }
    return sum
  }

  /// P(X ≤ x) = Σ pᵢ·Fᵢ(x).
  public func cdf(_ x: Double) -> Double {
    tails(x).lower
  }

  /// P(X > x) = Σ pᵢ·(1 − Fᵢ(x)), summed from the components' own upper tails.
  public func survival(_ x: Double) -> Double {
    tails(x).upper
  }

  /// P(X ≤ x) and P(X > x), each summed from the components' own tails.
  @usableFromInline
  func tails(_ x: Double) -> TailPair {
    if x.isNaN { return .undefined }
    var lower = 0.0
    var upper = 0.0
    for (c, p) in zip(components, probabilities) where p > 0 {
      let t = c.distribution.tails(x)
      lower += p * t.lower
      upper += p * t.upper
    }
    return TailPair(lower: min(1, lower), upper: min(1, upper))
  }

  /// The smallest x with cdf(x) ≥ p; NaN outside [0, 1].
  public func quantile(_ p: Double) -> Double {
    quantile(lower: p, upper: 1 - p)
  }

  /// The quantile at upper-tail probability q, without rounding 1 − q.
  public func quantile(upper q: Double) -> Double {
    quantile(lower: 1 - q, upper: q)
  }

  /// The quantile for the tail pair (p, q = 1 − p); the smaller one drives the search.
  @usableFromInline
  func quantile(lower p: Double, upper q: Double) -> Double {
    if !(p >= 0 && p <= 1 && q >= 0 && q <= 1) { return .nan }
    if p == 0 { return support.lowerBound }
    if q == 0 { return support.upperBound }
    var low = Double.infinity
    var high = -Double.infinity
    for (c, w) in zip(components, probabilities) where w > 0 {
      let x = c.distribution.quantile(lower: p, upper: q)
      low = min(low, x)
      high = max(high, x)
    }
    let reaches: (Double) -> Bool = { x in
      let t = self.tails(x)
      return p <= q ? t.lower >= p : t.upper <= q
    }
    if low >= high || reaches(low) { return low }
    if isDiscrete && low >= -0x1p62 && high <= 0x1p62 {
      let k = smallestIntegerSatisfying(
        lower: Int64(low), upper: Int64(high), guess: Int64(low)
      ) { reaches(Double($0)) }
      return Double(k)
    }
    // Bisection with reaches(high) true and reaches(low) false.
    for _ in 0..<200 {
      let mid = 0.5 * low + 0.5 * high
      if mid <= low || mid >= high { break }
      if reaches(mid) { high = mid } else { low = mid }
      if high - low <= 1e-15 * max(abs(low), abs(high)) { break }
    }
    return high
  }
}
