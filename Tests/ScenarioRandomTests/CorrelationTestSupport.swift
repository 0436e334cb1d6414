import Foundation

#if canImport(ScenarioCorrelation)
  @testable import ScenarioCorrelation
#else
  @testable import ScenarioRandom
#endif

/// Test-only marginals and generators for the correlation tests. Everything here uses Foundation's
/// libm freely: it checks the library, it does not feed generation.
enum CorrTest {
  // MARK: - Normal helpers

  /// Φ(z) by Foundation's erfc (accurate in both tails).
  static func phi(_ z: Double) -> Double { 0.5 * erfc(-z / 2.0.squareRoot()) }

  /// The standard normal density.
  static func density(_ z: Double) -> Double { exp(-0.5 * z * z) / (2 * Double.pi).squareRoot() }

  /// P(Z₁ > a, Z₂ > b) for standard normals with correlation ρ (|ρ| < 1), by Simpson's rule on
  /// ∫ₐ^∞ φ(z)·Φ((ρz − b)/√(1−ρ²)) dz (error far below 1e-9 with 4000 panels on [a, 10]).
  static func upperOrthant(_ a: Double, _ b: Double, _ rho: Double) -> Double {
    let s = (1 - rho * rho).squareRoot()
    let upper = 10.0
    let panels = 4000
    let h = (upper - a) / Double(panels)
    func f(_ z: Double) -> Double { density(z) * phi((rho * z - b) / s) }
    var sum = f(a) + f(upper)
    for k in 1..<panels { sum += f(a + Double(k) * h) * (k % 2 == 1 ? 4 : 2) }
    return sum * h / 3
  }

  // MARK: - Marginals as z ↦ Q(Φ(z))

  /// Bisection for the t in [lo, hi] where the monotone `g` crosses `target` (g increasing).
  static func bisect(_ lo: Double, _ hi: Double, _ target: Double, _ g: (Double) -> Double)
    -> Double
  {
    var lo = lo
    var hi = hi
    for _ in 0..<200 {
      let mid = 0.5 * (lo + hi)
      if mid == lo || mid == hi { break }
      if g(mid) < target { lo = mid } else { hi = mid }
    }
    return 0.5 * (lo + hi)
  }

  /// Gamma(shape 2, `scale`): F(t) = 1 − e⁻ᵗ(1 + t) with t = x/scale (a series for t < 1 to avoid
  /// cancellation) and survival e⁻ᵗ(1 + t) for the upper tail.
  static func gamma2(_ z: Double, scale: Double) -> Double {
    if z <= 0 {
      let p = phi(z)
      let cdf: (Double) -> Double = { t in
        if t >= 1 { return 1 - exp(-t) * (1 + t) }
        var term = t * t / 2
        var sum = term
        for k in 3..<40 {
          term *= t / Double(k)
          sum += term
        }
        return exp(-t) * sum
      }
      var hi = 1.0
      while cdf(hi) < p { hi *= 2 }
      return scale * bisect(0, hi, p, cdf)
    }
    let q = phi(-z)
    let survival: (Double) -> Double = { t in exp(-t) * (1 + t) }
    var hi = 1.0
    while survival(hi) > q { hi *= 2 }
    // Solve survival(t) = q: −survival is increasing.
    return scale * bisect(0, hi, -q) { -survival($0) }
  }

  /// Beta(8, 2): F(x) = x⁸(9 − 8x); survival in y = 1 − x is
  /// 36y² − 168y³ + 378y⁴ − 504y⁵ + 420y⁶ − 216y⁷ + 63y⁸ − 8y⁹ (no cancellation near x = 1).
  static func beta82(_ z: Double) -> Double {
    if z <= 0 {
      let p = phi(z)
      return bisect(0, 1, p) { x in x * x * x * x * x * x * x * x * (9 - 8 * x) }
    }
    let q = phi(-z)
    let y = bisect(0, 1, q) { y in
      y * y * (36 + y * (-168 + y * (378 + y * (-504 + y * (420 + y * (-216 + y * (63 - 8 * y)))))))
    }
    return 1 - y
  }

  /// Bernoulli(p) as a step function of z: 1 when z > Φ⁻¹(1 − p).
  static func bernoulli(threshold: Double) -> (Double) -> Double {
    { z in z > threshold ? 1 : 0 }
  }

  // MARK: - A simple generator

  /// SplitMix64 (Steele, Lea & Flood 2014) with Box–Muller normals: an independent test source.
  struct SplitMixNormal {
    var state: UInt64

    mutating func nextUInt64() -> UInt64 {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }

    /// A uniform in (0, 1).
    mutating func nextUniform() -> Double {
      (Double(nextUInt64() >> 11) + 0.5) * 0x1p-53
    }

    /// A pair of independent standard normals.
    mutating func nextNormalPair() -> (Double, Double) {
      let r = (-2 * log(nextUniform())).squareRoot()
      let angle = 2 * Double.pi * nextUniform()
      return (r * cos(angle), r * sin(angle))
    }
  }

  // MARK: - Statistics

  /// The sample Pearson correlation.
  static func pearson(_ a: [Double], _ b: [Double]) -> Double {
    let n = Double(a.count)
    let ma = a.reduce(0, +) / n
    let mb = b.reduce(0, +) / n
    var sab = 0.0
    var saa = 0.0
    var sbb = 0.0
    for k in a.indices {
      sab += (a[k] - ma) * (b[k] - mb)
      saa += (a[k] - ma) * (a[k] - ma)
      sbb += (b[k] - mb) * (b[k] - mb)
    }
    return sab / (saa * sbb).squareRoot()
  }

  /// Whether the sample correlation r of n normal pairs is within the Fisher-z band
  /// |atanh r − atanh ρ| ≤ 5/√(n − 3) (research/statistics.md §4.2).
  static func withinFisherBand(_ r: Double, target rho: Double, count n: Int) -> Bool {
    abs(atanh(r) - atanh(rho)) <= 5 / Double(n - 3).squareRoot()
  }

  /// The Frobenius distance between two row-major matrices.
  static func frobenius(_ a: [Double], _ b: [Double]) -> Double {
    var sum = 0.0
    for k in a.indices { sum += (a[k] - b[k]) * (a[k] - b[k]) }
    return sum.squareRoot()
  }
}
