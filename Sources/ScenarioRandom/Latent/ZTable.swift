/// A function g(z) tabulated on a uniform grid over [−8.3125, 8.3125] with 32·2ʲ nodes per unit
/// (533 nodes at step 1/32, up to 4257 at step 1/256) and interpolated by monotone piecewise
/// cubic Hermite interpolation (Fritsch & Carlson, "Monotone piecewise cubic interpolation",
/// SIAM J. Numer. Anal. 17(2):238–246, 1980): three-point slopes inside, one-sided three-point
/// slopes at the two ends, then the Fritsch–Carlson limiter (zero slope at flat or reversing
/// data; slopes scaled onto the circle α² + β² ≤ 9). Non-decreasing data therefore give a
/// non-decreasing interpolant.
///
/// `adaptive` starts at step 1/32 (research/statistics.md §3.5) and halves the step until the
/// interpolant is within the tolerance at the first quarter point of every interval (or the step
/// is 1/256). Quarter points, not midpoints: with slopes estimated from the data the error of a
/// smooth function is about e·h·t(1 − t)(1 − 2t) for a slope error e, which vanishes at t = ½
/// and is near its largest at t = ¼.
///
/// Outside the grid z is clamped to its ends (the open uniforms of `CellRNG` never give a single
/// normal beyond ±8.21). Evaluation: one index computation, four table reads, one cubic.
@usableFromInline
struct ZTable: Sendable, Equatable {
  /// The first node.
  @usableFromInline static let zMin = -8.3125
  /// The last node.
  @usableFromInline static let zMax = 8.3125
  /// The finest grid `adaptive` goes to, in nodes per unit.
  static let finestPerUnit = 256.0

  /// Nodes per unit of z.
  @usableFromInline let perUnit: Double
  /// g at the nodes.
  @usableFromInline let values: [Double]
  /// dg/dz at the nodes, limited, premultiplied by the step.
  @usableFromInline let slopes: [Double]

  /// The node z values for a grid with `perUnit` nodes per unit.
  static func nodes(perUnit: Double) -> [Double] {
    let count = Int((zMax - zMin) * perUnit) + 1
    return (0..<count).map { zMin + Double($0) / perUnit }
  }

  /// Builds the table from g at the nodes of the grid (expected finite). The data are made
  /// non-decreasing first (a running maximum), since a quantile computed in two branches can be
  /// off by an ulp where they meet, and the monotone interpolant needs monotone data.
  init(values: [Double], perUnit: Double) {
    precondition(
      values.count == Int((ZTable.zMax - ZTable.zMin) * perUnit) + 1,
      "one z-table value per node")
    var monotone = values
    for i in monotone.indices.dropFirst() where monotone[i] < monotone[i - 1] {
      monotone[i] = monotone[i - 1]
    }
    self.perUnit = perUnit
    self.values = monotone
    self.slopes = fritschCarlsonSlopes(monotone, step: 1 / perUnit).map { $0 / perUnit }
  }

  /// A table of g refined until |table(z) − g(z)| ≤ tolerance·max(|g(z)|, floor) at the first
  /// quarter point of every interval (floor nil: the tolerance is absolute).
  static func adaptive(
    tolerance: Double, relativeAbove floor: Double? = nil, _ g: (Double) -> Double
  ) -> ZTable {
    let bound = { (e: Double) in floor.map { tolerance * max(abs(e), $0) } ?? tolerance }
    var perUnit = 32.0
    var values = nodes(perUnit: perUnit).map(g)
    while true {
      let table = ZTable(values: values, perUnit: perUnit)
      if perUnit >= finestPerUnit { return table }
      let fits = nodes(perUnit: perUnit).dropLast().allSatisfy { node in
        let z = node + 0.25 / perUnit
        let e = g(z)
        return abs(table(z) - e) <= bound(e)
      }
      if fits { return table }
      let midpoints = nodes(perUnit: perUnit).dropLast().map { $0 + 0.5 / perUnit }
      let exact = midpoints.map(g)
      var refined: [Double] = []
      refined.reserveCapacity(values.count + exact.count)
      for i in exact.indices {
        refined.append(values[i])
        refined.append(exact[i])
      }
      refined.append(values[values.count - 1])
      values = refined
      perUnit *= 2
    }
  }

  /// The interpolated g(z), z clamped to the grid.
  @inlinable
  func callAsFunction(_ z: Double) -> Double {
    let s = (min(max(z, ZTable.zMin), ZTable.zMax) - ZTable.zMin) * perUnit
    let i = min(Int(s), values.count - 2)
    let t = s - Double(i)
    let y0 = values[i]
    let y1 = values[i + 1]
    let m0 = slopes[i]
    let m1 = slopes[i + 1]
    // Cubic Hermite basis.
    let t2 = t * t
    let t3 = t2 * t
    let h00 = 2 * t3 - 3 * t2 + 1
    let h10 = t3 - 2 * t2 + t
    let h01 = -2 * t3 + 3 * t2
    let h11 = t3 - t2
    return h00 * y0 + h10 * m0 + h01 * y1 + h11 * m1
  }
}

/// Fritsch–Carlson slopes for values on a uniform grid of spacing `step`.
func fritschCarlsonSlopes(_ y: [Double], step: Double) -> [Double] {
  let n = y.count
  if n < 2 { return [Double](repeating: 0, count: n) }
  let delta = (0..<(n - 1)).map { (y[$0 + 1] - y[$0]) / step }
  var m = [Double](repeating: 0, count: n)
  if n == 2 {
    m[0] = delta[0]
    m[1] = delta[0]
    return m
  }
  // Three-point estimates: central inside, one-sided at the ends.
  m[0] = (3 * delta[0] - delta[1]) / 2
  m[n - 1] = (3 * delta[n - 2] - delta[n - 3]) / 2
  for i in 1..<(n - 1) { m[i] = (delta[i - 1] + delta[i]) / 2 }
  // End slopes must not point against the data.
  if m[0] * delta[0] <= 0 { m[0] = 0 }
  if m[n - 1] * delta[n - 2] <= 0 { m[n - 1] = 0 }
  for i in 1..<(n - 1) where delta[i - 1] * delta[i] <= 0 { m[i] = 0 }
  // The limiter, interval by interval.
  for i in 0..<(n - 1) {
    if delta[i] == 0 {
      m[i] = 0
      m[i + 1] = 0
      continue
    }
    let a = m[i] / delta[i]
    let b = m[i + 1] / delta[i]
    let r = a * a + b * b
    if r > 9 {
      let tau = 3 / r.squareRoot()
      m[i] = tau * a * delta[i]
      m[i + 1] = tau * b * delta[i]
    }
  }
  return m
}
