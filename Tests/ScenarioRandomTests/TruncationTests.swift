import Foundation
import Testing

@testable import ScenarioRandom

/// Truncation by capped rejection: bounds hold and the law is the conditional one.
@Suite struct TruncationTests {
  static let key = StreamKey.derive(seed: 11, ["trunc"])

  @Test func truncatedNormalMatchesConditionalLaw() {
    let (low, high) = (-0.5, 2.0)
    let s = Distribution.normal(mean: 0, sd: 1).sampler
    var values: [Double] = []
    for row in 0..<Stat.n {
      var rng = CellRNG(key: Self.key, row: UInt64(row))
      if let x = s.sampleTruncated(&rng, low: low, high: high) { values.append(x) }
    }
    #expect(values.count == Stat.n)
    #expect(values.allSatisfy { $0 >= low && $0 <= high })
    let (fa, fb) = (normalCDF(low), normalCDF(high))
    let d = Stat.ksStatistic(values) { (normalCDF(min(max($0, low), high)) - fa) / (fb - fa) }
    #expect(d <= Stat.dkwEpsilon(count: values.count), "KS statistic \(d)")
  }

  @Test func truncatedIntegersStayInBounds() {
    let d = Distribution.poisson(lambda: 20)
    var seen = Set<Double>()
    for row in 0..<5_000 {
      var rng = CellRNG(key: Self.key, row: UInt64(row))
      let x = d.sampleTruncated(&rng, low: 18, high: 22)
      #expect(x != nil && (18...22).contains(x ?? -1))
      seen.insert(x ?? -1)
    }
    #expect(seen == [18, 19, 20, 21, 22])
  }

  @Test func givesUpAfterMaxAttempts() {
    var rng = CellRNG(key: Self.key, row: 0)
    let d = Distribution.normal(mean: 0, sd: 1)
    #expect(d.sampleTruncated(&rng, low: 50, high: 60, maxAttempts: 1000) == nil)
    #expect(rng.blocksUsed == 500)
    #expect(d.sampleTruncated(&rng, low: 1, high: 0) == nil)
    #expect(d.sampleTruncated(&rng, low: .nan, high: 0) == nil)
    #expect(d.sampleTruncated(&rng, low: 0, high: 1, maxAttempts: 0) == nil)
  }

  @Test func truncationIsDeterministic() {
    let d = Distribution.gamma(shape: 2, scale: 1)
    for row in 0..<100 {
      var a = CellRNG(key: Self.key, row: UInt64(row))
      var b = CellRNG(key: Self.key, row: UInt64(row))
      #expect(d.sampleTruncated(&a, low: 3, high: 4) == d.sampleTruncated(&b, low: 3, high: 4))
    }
  }
}
