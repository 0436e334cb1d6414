import Foundation
import Testing

@testable import ScenarioRandom

/// The module's own special functions against high-precision references (mpmath at 50 digits,
/// scipy where mpmath does not converge), both tails, and the quantile solvers.
@Suite struct SpecialFunctionTests {
  static func relative(_ a: Double, _ b: Double) -> Double {
    a == b ? 0 : abs(a - b) / max(abs(b), Double.leastNormalMagnitude)
  }

  @Test(arguments: [
    (1e-300, 690.77552789821371), (1e-10, 23.025850929882735), (0.1, 2.2527126517342059),
    (0.5, 0.57236494292470009), (1.5, -0.12078223763524522), (2.5, 0.28468287047291916),
    (7.5, 7.534364236758733), (9.999, 12.799575780077414), (10, 12.80182748008147),
    (33.3, 82.603723581654943), (1000.0, 5905.2204232091812), (1e6, 12815504.569147612),
    (1e15, 33538776394910669.0),
  ])
  func logGammaAgainstMpmath(x: Double, expected: Double) {
    // Absolute accuracy is what the callers need (the result feeds exp).
    #expect(abs(lnGamma(x) - expected) <= 4e-15 * max(1, abs(expected)))
    #expect(lnGamma(1) == stirlingLnGamma(10) - kernelLog(362_880))
    #expect(lnGamma(0).isNaN && lnGamma(-1).isNaN && lnGamma(.infinity) == .infinity)
  }

  @Test(arguments: [
    (0.5, 0.1, 0.34527915398142298, 0.65472084601857702),
    (2, 3, 0.80085172652854423, 0.19914827347145577),
    (50, 40, 0.070335066659394954, 0.92966493334060505),
    (0.05, 2, 0.99736145729120347, 0.0026385427087965347),
    (10000.0, 10100.0, 0.84134875044717962, 0.15865124955282038),
    (1000000.0, 997000.0, 0.0013381041673135997, 0.9986618958326864),
    (3, 100, 1.0, 1.8976107553682284e-40),
    (0.001, 0.5, 0.99943993334352925, 0.00056006665647074989),
    (0.001, 5, 0.99999884901866027, 1.1509813397308609e-6),
    (7.5, 0.01, 7.0627551614261433e-20, 1.0),
    (250, 400, 0.99999999999999968, 3.1770076592385689e-16),
    (1e9, 1e9 + 1e5, 0.9992170438380417, 0.0007829561619583263),
  ])
  func incompleteGammaAgainstMpmath(a: Double, x: Double, p: Double, q: Double) {
    let t = regularizedGamma(a, x: x)
    // The smaller tail is computed directly and must be accurate relatively.
    let tolerance = a >= 1e6 ? 1e-10 : (a < 0.01 ? 1e-11 : 2e-13)
    if p <= q {
      #expect(Self.relative(t.lower, p) <= tolerance, "P = \(t.lower)")
    } else {
      #expect(Self.relative(t.upper, q) <= tolerance, "Q = \(t.upper)")
    }
    #expect(abs(t.lower + t.upper - 1) <= 1e-15)
    #expect(abs(t.logLower - log(p)) <= tolerance * max(1, abs(log(p))))
    #expect(abs(t.logUpper - log(q)) <= tolerance * max(1, abs(log(q))))
  }

  @Test(arguments: [
    (2, 5, 0.3, 0.57982499999999998, 0.42017500000000002),
    (0.5, 0.5, 0.01, 0.063768560858519849, 0.93623143914148015),
    (8, 2, 0.9, 0.77484097800000008, 0.22515902199999992),
    (200, 300, 0.35, 0.010341770254687591, 0.98965822974531241),
    (1e4, 2e4, 0.34, 0.9927137480100278, 0.007286251989972617),
    (0.2, 3, 1e-05, 0.13199956000119999, 0.86800043999880001),
    (30, 0.7, 0.999, 0.90690940624811321, 0.093090593751886786),
    (1e6, 1e6, 0.5007, 0.9761426004909658, 0.023857399509038736),
    (3, 1e5, 2e-05, 0.32333441073884157, 0.67666558926115843),
    (50, 50, 0.2, 1.3286199631860364e-11, 0.9999999999867138),
  ])
  func incompleteBetaAgainstMpmath(a: Double, b: Double, x: Double, p: Double, q: Double) {
    let t = regularizedBeta(a, b, x: x, y: 1 - x)
    let tolerance = max(a, b) >= 1e6 ? 1e-10 : 2e-13
    #expect(Self.relative(min(t.lower, t.upper), min(p, q)) <= tolerance, "\(t)")
    #expect(abs(t.lower + t.upper - 1) <= 1e-15)
  }

  @Test func log1pmxIsAccurateAcrossTheSwitch() {
    for t in [-0.9, -0.3, -0.25, -0.2499, -0.1, -1e-5, 1e-8, 1e-3, 0.2, 0.2499, 0.25, 3.0] {
      let reference = t < 0.25 && t > -0.25 ? seriesReference(t) : log1p(t) - t
      #expect(Self.relative(log1pmx(t), reference) <= 1e-14, "t = \(t)")
    }
    #expect(log1pmx(0) == 0)
  }

  /// Σ (−1)^(k+1) t^k/k from k = 2 in extended steps (test-side reference).
  func seriesReference(_ t: Double) -> Double {
    var sum = 0.0
    var power = t
    for k in 2..<200 {
      power *= t
      sum += (k % 2 == 0 ? -1 : 1) * power / Double(k)
    }
    return sum
  }

  @Test func zipfSumsMatchBruteForce() {
    for s in [0.3, 1, 1.1, 2.5] {
      for (a, b) in [(1, 10), (1, 999), (1, 5000), (7, 20_000), (1000, 1100), (1500, 90_000)] {
        var brute = 0.0
        for i in stride(from: b, through: a, by: -1) { brute += pow(Double(i), -s) }
        let sum = zipfPowerSum(s, from: Int64(a), to: Int64(b))
        #expect(Self.relative(sum, brute) <= 1e-13, "s \(s) a \(a) b \(b)")
      }
    }
    // Negative exponents (moments) too.
    var brute = 0.0
    for i in 1...50_000 { brute += pow(Double(i), 0.5) }
    #expect(Self.relative(zipfPowerSum(-0.5, from: 1, to: 50_000), brute) <= 1e-12)
  }

  @Test func monotoneSolverFindsRoots() {
    let root = solveIncreasing(start: 100, maxStep: 4, tolerance: 1e-14) { t in
      let f = t * t * t - 2
      return (f, -f / (3 * t * t))
    }
    #expect(abs(root - pow(2, 1.0 / 3)) <= 1e-13)
    // A step function with no usable Newton step still converges by bisection.
    let edge = solveIncreasing(start: -50, maxStep: 1, tolerance: 1e-12) { t in
      (t < 0.3 ? -1 : 1, .nan)
    }
    #expect(abs(edge - 0.3) <= 1e-11)
    #expect(
      smallestIntegerSatisfying(lower: 0, upper: 1 << 40, guess: 5) { $0 >= 123_456_789 }
        == 123_456_789)
    #expect(smallestIntegerSatisfying(lower: 3, upper: 100, guess: 90) { $0 >= 1 } == 3)
    #expect(smallestIntegerSatisfying(lower: 3, upper: 100, guess: 4) { _ in false } == 100)
  }
}
