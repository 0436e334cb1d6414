import ScenarioExpectations
import ScenarioIR
import Testing

/// Each accumulator against a direct two-pass computation on the same data, and its merge
/// against feeding the same values in one pass.
@Suite("Streaming accumulators")
struct AccumulatorTests {
  /// 1000 values with a large offset, where the textbook sum-of-squares formula loses digits.
  static let xs = Fixture.uniforms(1000, seed: 7).map { 1e6 + $0 * 10 }
  static let ys = zip(xs, Fixture.uniforms(1000, seed: 8)).map { 0.5 * $0 + $1 * 3 }

  static func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-12) -> Bool {
    abs(a - b) <= tolerance * max(1, abs(a), abs(b))
  }

  static func directMean(_ v: [Double]) -> Double { v.reduce(0, +) / Double(v.count) }

  static func directVariance(_ v: [Double]) -> Double {
    let m = directMean(v)
    return v.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(v.count - 1)
  }

  @Test("Welford mean and sd match the two-pass formulas")
  func moments() {
    var m = Moments()
    for x in Self.xs { m.add(x) }
    #expect(m.count == 1000)
    #expect(Self.close(m.mean, Self.directMean(Self.xs)))
    #expect(Self.close(m.sampleVariance, Self.directVariance(Self.xs), 1e-9))
    #expect(Self.close(m.sampleSD, Self.directVariance(Self.xs).squareRoot(), 1e-9))
  }

  @Test("moments of no values and one value are undefined where they should be")
  func momentsEdges() {
    var m = Moments()
    #expect(m.meanOrNaN.isNaN)
    #expect(m.sampleSD.isNaN)
    m.add(4)
    #expect(m.meanOrNaN == 4)
    #expect(m.sampleSD.isNaN)
    m.add(6)
    #expect(m.sampleSD == 2.squareRoot())
  }

  @Test("Chan's merge of split moments agrees with one pass", arguments: [1, 7, 500, 999])
  func momentsMerge(split: Int) {
    var whole = Moments()
    for x in Self.xs { whole.add(x) }
    var left = Moments()
    var right = Moments()
    for x in Self.xs[..<split] { left.add(x) }
    for x in Self.xs[split...] { right.add(x) }
    left.merge(right)
    #expect(left.count == whole.count)
    #expect(Self.close(left.mean, whole.mean))
    #expect(Self.close(left.m2, whole.m2, 1e-9))
    // Merging into or from an empty accumulator is exact.
    var empty = Moments()
    empty.merge(whole)
    #expect(empty == whole)
    whole.merge(Moments())
    #expect(empty == whole)
  }

  @Test("extrema and rate")
  func extremaAndRate() {
    var e = Extrema()
    #expect(e.minOrNaN.isNaN && e.maxOrNaN.isNaN)
    for x in [3.0, -1, 7, 2] { e.add(x) }
    var f = Extrema()
    f.add(9)
    e.merge(f)
    #expect(e.min == -1 && e.max == 9 && e.count == 5)
    var r = RateAccumulator()
    #expect(r.rate.isNaN)
    for b in [true, false, true, true] { r.add(b) }
    var s = RateAccumulator()
    s.add(false)
    r.merge(s)
    #expect(r.hits == 3 && r.total == 5 && r.rate == 0.6)
  }

  @Test("streaming Pearson matches the two-pass formula, and merges")
  func pearson() {
    let mx = Self.directMean(Self.xs)
    let my = Self.directMean(Self.ys)
    var sxy = 0.0
    var sxx = 0.0
    var syy = 0.0
    for (x, y) in zip(Self.xs, Self.ys) {
      sxy += (x - mx) * (y - my)
      sxx += (x - mx) * (x - mx)
      syy += (y - my) * (y - my)
    }
    let direct = sxy / (sxx * syy).squareRoot()
    var c = CoMoments()
    for (x, y) in zip(Self.xs, Self.ys) { c.add(x, y) }
    #expect(Self.close(c.pearson, direct, 1e-9))
    var a = CoMoments()
    var b = CoMoments()
    for i in 0..<300 { a.add(Self.xs[i], Self.ys[i]) }
    for i in 300..<1000 { b.add(Self.xs[i], Self.ys[i]) }
    a.merge(b)
    #expect(Self.close(a.pearson, c.pearson, 1e-9))
    #expect(a.count == 1000)
  }

  @Test("Pearson is undefined for a constant side or fewer than two pairs")
  func pearsonEdges() {
    var c = CoMoments()
    c.add(1, 2)
    #expect(c.pearson.isNaN)
    c.add(1, 3)
    #expect(c.pearson.isNaN)
    var d = CoMoments()
    for i in 0..<5 { d.add(Double(i), Double(2 * i + 1)) }
    #expect(d.pearson == 1)
  }

  @Test(
    "type-7 quantiles equal NumPy's defaults bit for bit",
    arguments: [
      (0.0, -2.5), (0.1, -1.15), (0.25, 0.775), (0.33, 3.0070000000000006), (0.5, 4.4),
      (0.9, 10.024999999999999), (0.95, 11.262499999999998), (1.0, 12.5),
    ])
  func quantiles(p: Double, numpy: Double) {
    var s = QuantileSample()
    for x in [3.1, -2.5, 7.25, 0.0, 12.5, 4.4, 4.4, 9.75, -1.0, 6.0] { s.add(x) }
    #expect(s.quantile(p) == numpy)
  }

  @Test("type-7 quantiles: textbook cases and edges")
  func quantileEdges() {
    #expect(quantileType7([1, 2, 3, 4], 0.25) == 1.75)  // np.percentile([1,2,3,4], 25)
    #expect(quantileType7([15, 20, 35, 40, 50], 0.4) == 29)  // np.percentile(..., 40)
    #expect(quantileType7(Array(1...10).map(Double.init), 0.1) == 1.9)
    #expect(quantileType7([5], 0.3) == 5)
    #expect(quantileType7([], 0.5).isNaN)
    #expect(quantileType7([1, 2], -1) == 1)
    #expect(quantileType7([1, 2], 2) == 2)
  }

  @Test("mid-ranks share the mean rank of a tie")
  func ranks() {
    #expect(midRanks([10, 20, 20, 30].map { .number($0) }) == [1, 2.5, 2.5, 4])
    #expect(midRanks([3, 1, 3, 3, 2].map { .number($0) }) == [4, 1, 4, 4, 2])
    #expect(midRanks(["b", "a", "c", "a"].map { .text($0) }) == [3, 1.5, 4, 1.5])
    #expect(midRanks([]) == [])
  }

  @Test("Spearman with ties matches the hand computation (29/38, as scipy.stats.spearmanr)")
  func spearmanTies() {
    // x ranks [1, 2.5, 2.5, 4, 5], y ranks [1, 4, 2.5, 2.5, 5]: deviations from 3 give
    // Σdxdy = 7.25 and Σdx² = Σdy² = 9.5, so r = 7.25 / 9.5 = 29/38.
    var s = RankSample()
    for (x, y) in zip([1.0, 2, 2, 3, 4], [1.0, 3, 2, 2, 5]) { s.add(.number(x), .number(y)) }
    #expect(Self.close(s.spearman, 29.0 / 38.0, 1e-15))
    #expect(Self.close(s.spearman, 0.7631578947368421, 1e-15))
  }

  @Test("Spearman ranks texts lexicographically")
  func spearmanText() {
    // scipy.stats.spearmanr(x, [ord(c) for c in y]) = 0.8571593913749194
    let x = [5.0, 1, 3, 3, 8, 2, 3, 7]
    let y = ["b", "a", "c", "c", "e", "a", "b", "d"]
    var s = RankSample()
    for (a, b) in zip(x, y) { s.add(.number(a), .text(b)) }
    #expect(Self.close(s.spearman, 0.8571593913749194, 1e-14))
    var m = RankSample()
    var n = RankSample()
    for (a, b) in zip(x, y).prefix(3) { m.add(.number(a), .text(b)) }
    for (a, b) in zip(x, y).dropFirst(3) { n.add(.number(a), .text(b)) }
    m.merge(n)
    #expect(m == s)
  }

  @Test("violation, duplicate and membership logs merge to the one-pass result")
  func logsMerge() {
    let holds = (0..<40).map { $0 % 7 != 3 }
    var one = ViolationLog()
    for (i, h) in holds.enumerated() { one.add(row: i, holds: h) }
    #expect(one.violations == 6 && one.firstRows == [3, 10, 17, 24, 31])
    var a = ViolationLog()
    var b = ViolationLog()
    for (i, h) in holds.enumerated() { i < 12 ? a.add(row: i, holds: h) : b.add(row: i, holds: h) }
    a.merge(b)
    #expect(a == one)

    let values: [Value] = [1, 2, 3, 2, 4, 5, 1, 6, 2, 7, 3].map { .int($0) }
    var d = DuplicateLog()
    for (i, v) in values.enumerated() { d.add(v, row: i) }
    #expect(d.count == 11 && d.duplicates == 4 && d.distinct == 7)
    #expect(d.examples.map(\.row) == [3, 6, 10])
    for split in 1..<values.count {
      var left = DuplicateLog()
      var right = DuplicateLog()
      for (i, v) in values.enumerated() { i < split ? left.add(v, row: i) : right.add(v, row: i) }
      left.merge(right)
      #expect(left.duplicates == d.duplicates && left.distinct == d.distinct)
      #expect(left.examples == d.examples, "split at \(split)")
    }

    var m = MembershipLog()
    for i in 0..<9 { m.add(.int(Int64(i)), row: i, found: i % 2 == 0) }
    var m1 = MembershipLog()
    var m2 = MembershipLog()
    for i in 0..<9 {
      if i < 4 {
        m1.add(.int(Int64(i)), row: i, found: i % 2 == 0)
      } else {
        m2.add(.int(Int64(i)), row: i, found: i % 2 == 0)
      }
    }
    m1.merge(m2)
    #expect(m1 == m && m.misses == 4 && m.examples.map(\.row) == [1, 3, 5, 7])
  }

  @Test("numeric views of values")
  func numericViews() {
    #expect(Value.int(3).statisticNumber == 3)
    #expect(Value.bool(true).statisticNumber == 1)
    #expect(Value.date(19_000).statisticNumber == 19_000)
    #expect(Value.duration(90).statisticNumber == 90)
    #expect(Value.text("3").statisticNumber == nil)
    #expect(Value.null.statisticNumber == nil)
    #expect(Value.float(.nan).statisticNumber == nil)
    #expect(Value.float(2).equalityKey == .int(2))
    #expect(Value.float(2.5).equalityKey == .float(2.5))
  }
}
