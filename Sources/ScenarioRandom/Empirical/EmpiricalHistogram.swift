/// A continuous empirical distribution given as a histogram: bin i is [edges[i], edges[i + 1])
/// with relative weight weights[i], uniform inside the bin.
///
/// Sampling picks a bin with a Walker/Vose `AliasTable` (one 64-bit word) and then places the
/// value uniformly in the bin with one open uniform (the spare word of the same Philox block), so
/// a draw costs exactly one Philox call and allocates nothing. All the distribution functions use
/// the alias table's probabilities (the weights rounded to multiples of 2⁻³², exact and
/// bit-identical everywhere), so they describe exactly what is sampled; cumulative sums are
/// exact integer sums.
public struct EmpiricalHistogram: Sendable, Equatable {
  /// The bin edges, strictly increasing.
  public let edges: [Double]
  /// The bin choice.
  public let table: AliasTable
  /// The probability of each bin (multiples of 2⁻³²).
  @usableFromInline let probabilities: [Double]
  /// P(X < edges[i]), exactly (multiples of 2⁻³²), for every edge.
  @usableFromInline let below: [Double]
  /// P(X ≥ edges[i]) = 1 − below[i], exactly.
  @usableFromInline let above: [Double]

  /// A histogram, or nil when `validate(edges:weights:)` reports a problem.
  public init?(edges: [Double], weights: [Double]) {
    guard EmpiricalHistogram.validate(edges: edges, weights: weights) == nil,
      let table = AliasTable(weights: weights)
    else { return nil }
    self.edges = edges
    self.table = table
    self.probabilities = table.scaledWeights.map { Double($0) * 0x1p-32 }
    var units: UInt64 = 0
    var below: [Double] = [0]
    var above: [Double] = [1]
    for w in table.scaledWeights {
      units += w
      below.append(Double(units) * 0x1p-32)
      above.append(Double((1 << 32) - units) * 0x1p-32)
    }
    self.below = below
    self.above = above
  }

  /// Why `edges` and `weights` cannot make a histogram (lowercase, no final period), or nil.
  /// Rules: at least two finite, strictly increasing edges spanning a finite range; one weight
  /// per bin (edges.count − 1); weights finite, ≥ 0 and not all zero.
  public static func validate(edges: [Double], weights: [Double]) -> String? {
    if edges.count < 2 { return "a histogram needs at least two edges" }
    for (i, e) in edges.enumerated() where !e.isFinite {
      return "edges must be finite numbers (found \(e) at index \(i))"
    }
    for i in 1..<edges.count where !(edges[i] > edges[i - 1]) {
      return "edges must be strictly increasing (index \(i) is not above index \(i - 1))"
    }
    if let first = edges.first, let last = edges.last, !(last - first).isFinite {
      return "edges must span a finite range"
    }
    if weights.count != edges.count - 1 {
      return "a histogram with \(edges.count) edges needs \(edges.count - 1) weights, "
        + "found \(weights.count)"
    }
    return AliasTable.validate(weights: weights)
  }

  /// The number of bins.
  public var binCount: Int { probabilities.count }

  /// One value: a bin by the alias table, then uniform in [edges[i], edges[i + 1]).
  @inlinable
  public func sample(_ rng: inout CellRNG) -> Double {
    let i = table.sample(&rng)
    return value(bin: i, fraction: rng.nextUniform())
  }

  /// edges[i] + fraction·width, kept inside [edges[i], edges[i + 1]).
  @inlinable
  func value(bin i: Int, fraction u: Double) -> Double {
    let low = edges[i]
    let high = edges[i + 1]
    let x = low + (high - low) * u
    return max(low, min(x, high.nextDown))
  }

  /// The index of the bin containing x: the last i with edges[i] ≤ x (x inside the range).
  @usableFromInline
  func bin(containing x: Double) -> Int {
    var lo = 0
    var hi = edges.count - 1  // edges[lo] <= x < edges[hi]
    while hi - lo > 1 {
      let mid = (lo + hi) / 2
      if edges[mid] <= x { lo = mid } else { hi = mid }
    }
    return lo
  }

  /// P(X ≤ x): piecewise linear between the edges.
  public func cdf(_ x: Double) -> Double {
    tails(x).lower
  }

  /// P(X > x), computed from the top so that upper tails keep their precision.
  public func survival(_ x: Double) -> Double {
    tails(x).upper
  }

  /// P(X ≤ x) and P(X > x), each from its own end of the cumulative table.
  @usableFromInline
  func tails(_ x: Double) -> TailPair {
    if x.isNaN { return .undefined }
    guard let first = edges.first, let last = edges.last else { return .undefined }
    if x < first { return .allAbove }
    if x >= last { return .allBelow }
    let i = bin(containing: x)
    let width = edges[i + 1] - edges[i]
    let lower = below[i] + probabilities[i] * ((x - edges[i]) / width)
    let upper = above[i + 1] + probabilities[i] * ((edges[i + 1] - x) / width)
    return TailPair(lower: min(1, lower), upper: min(1, upper))
  }

  /// The smallest x with cdf(x) ≥ p (linear inside the bin); NaN outside [0, 1].
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
    guard let first = edges.first, let last = edges.last else { return .nan }
    if p == 0 { return first }
    if q == 0 { return last }
    let n = probabilities.count
    // The first bin whose upper edge reaches p (it has positive probability, see below).
    var lo = 0
    var hi = n - 1
    if p <= q {
      while lo < hi {
        let mid = (lo + hi) / 2
        if below[mid + 1] >= p { hi = mid } else { lo = mid + 1 }
      }
      let width = edges[lo + 1] - edges[lo]
      return min(edges[lo] + (p - below[lo]) / probabilities[lo] * width, edges[lo + 1])
    }
    while lo < hi {
      let mid = (lo + hi) / 2
      if above[mid + 1] <= q { hi = mid } else { lo = mid + 1 }
    }
    let width = edges[lo + 1] - edges[lo]
    return max(edges[lo + 1] - (q - above[lo + 1]) / probabilities[lo] * width, edges[lo])
  }

  /// The mean Σ pᵢ·(eᵢ + eᵢ₊₁)/2.
  public var mean: Double {
    var sum = 0.0
    for i in probabilities.indices {
      sum += probabilities[i] * (0.5 * edges[i] + 0.5 * edges[i + 1])
    }
    return sum
  }

  /// The variance Σ pᵢ·((mᵢ − μ)² + wᵢ²/12) with bin midpoints mᵢ and widths wᵢ.
  public var variance: Double {
    let mu = mean
    var sum = 0.0
    for i in probabilities.indices {
      let mid = 0.5 * edges[i] + 0.5 * edges[i + 1]
      let width = edges[i + 1] - edges[i]
      sum += probabilities[i] * ((mid - mu) * (mid - mu) + width * width / 12)
    }
    return sum
  }

  /// [first edge, last edge].
  public var support: ClosedRange<Double> {
    (edges.first ?? 0)...(edges.last ?? 0)
  }
}
