import Foundation
import Testing

@testable import ScenarioRandom

@Suite struct ZZExplore {
  @Test func explore() {
    let t0 = Date()
    for d: Distribution in [.gamma(shape: 2, scale: 12), .gamma(shape: 1, scale: 1), .gamma(shape: 0.05, scale: 1), .gamma(shape: 50, scale: 0.1), .beta(alpha: 8, beta: 2), .beta(alpha: 0.5, beta: 0.5), .beta(alpha: 0.2, beta: 3), .truncatedNormal(mean: 0, sd: 1, low: -0.5, high: 2), .truncatedNormal(mean: 0, sd: 1, low: 5, high: 6), .gamma(shape: 0.001, scale: 1), .gamma(shape: 1e6, scale: 1), .beta(alpha: 1e4, beta: 1e-2), .beta(alpha: 2, beta: 5)] {
      let t1 = Date()
      let lt = LatentTransform(d)
      let build = Date().timeIntervalSince(t1)
      var worst = 0.0
      var worstZ = 0.0
      var z = -8.3
      while z <= 8.3 {
        let exact = d.quantile(lower: normalCDF(z), upper: normalCDF(-z))
        let v = lt.value(z)
        let e = abs(v - exact) / max(abs(exact), d.standardDeviation * 1e-3, 1e-300)
        if e > worst { worst = e; worstZ = z }
        z += 0.00731
      }
      var perUnit = 0.0
      if case .table(let t, _) = lt.kind { perUnit = t.perUnit }
      print(d, "build", build, "perUnit", perUnit, "worst rel", worst, "at", worstZ)
    }
    print("total", Date().timeIntervalSince(t0))
    for d: Distribution in [.poisson(lambda: 3), .poisson(lambda: 1e6), .binomial(n: 100, p: 0.3), .negativeBinomial(r: 2.5, p: 0.3), .negativeBinomial(r: 0.5, p: 1e-6), .zipf(s: 1.1, n: 1_000_000), .zipf(s: 1.1, n: 1_000_000_000),.geometric(p: 0.2), .uniformInt(low: -3, high: 7)] {
      let t1 = Date()
      let lt = LatentTransform(d)
      let build = Date().timeIntervalSince(t1)
      var bad = 0
      var worstK = 0.0
      var z = -8.3
      while z <= 8.3 {
        let k = lt.value(z)
        let u = normalCDF(z), v = normalCDF(-z)
        // check k is quantile
        let tk = d.tails(k), tk1 = d.tails(k - 1)
        let ok = u <= v ? (tk.lower >= u * (1 - 1e-9) && tk1.lower < u * (1 + 1e-9)) : (tk.upper <= v * (1 + 1e-9) && tk1.upper > v * (1 - 1e-9))
        if !ok { bad += 1; let ex = d.quantile(lower: u, upper: v); worstK = max(worstK, abs(ex - k) / ex) }
        z += 0.0731
      }
      print(d, "build", build, "bad", bad, worstK)
    }
  }
}
