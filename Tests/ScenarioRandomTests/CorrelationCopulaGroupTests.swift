import Foundation
import Testing

#if canImport(ScenarioCorrelation)
  @testable import ScenarioCorrelation
#else
  @testable import ScenarioRandom
#endif

/// z = L·ε: structure, bit-level agreement of the three entry points, and a Monte-Carlo check of
/// the achieved latent correlations with Fisher-z bands (research/statistics.md §4.2).
@Suite struct CorrelationCopulaGroupTests {
  static let target: [[Double]] = [
    [1, 0.6, -0.3, 0.2],
    [0.6, 1, 0.1, 0.5],
    [-0.3, 0.1, 1, -0.4],
    [0.2, 0.5, -0.4, 1],
  ]

  static func group(_ rows: [[Double]]) throws -> CopulaGroup {
    let m = try #require(CorrelationMatrix(rows: rows))
    return try #require(CopulaGroup(latent: m))
  }

  @Test func latentIsLowerTriangularAndPrefixStable() throws {
    let full = try Self.group(Self.target)
    let eps = [0.3, -1.2, 0.7, 2.1]
    let z = full.latent(eps)
    #expect(z[0] == eps[0])  // L₀₀ = 1 exactly
    // The 3-member prefix group gives the same first three latents, bit for bit.
    let prefix = try Self.group(Self.target.prefix(3).map { Array($0.prefix(3)) })
    #expect(prefix.latent(Array(eps.prefix(3))) == Array(z.prefix(3)))
    // Changing ε₃ changes only z₃.
    let changed = full.latent([0.3, -1.2, 0.7, -0.5])
    #expect(Array(changed.prefix(3)) == Array(z.prefix(3)) && changed[3] != z[3])
    // Against a plain L·ε.
    let l = full.cholesky
    for i in 0..<4 {
      var sum = 0.0
      for j in 0...i { sum += l[i * 4 + j] * eps[j] }
      #expect(z[i] == sum)
      for j in (i + 1)..<4 { #expect(l[i * 4 + j] == 0) }
    }
  }

  @Test func bufferEntryPointsAgreeBitForBit() throws {
    let group = try Self.group(Self.target)
    let eps = [-0.25, 1.5, 0.125, -2.75]
    let expected = group.latent(eps)
    var output = [Double](repeating: .nan, count: 4)
    eps.withUnsafeBufferPointer { e in
      output.withUnsafeMutableBufferPointer { group.latent(e, into: $0) }
    }
    #expect(output == expected)
    var inPlace = eps
    inPlace.withUnsafeMutableBufferPointer { group.latentInPlace($0) }
    #expect(inPlace == expected)
  }

  @Test func choleskyRoundTripsThroughTheIRForm() throws {
    let group = try Self.group(Self.target)
    let rebuilt = try #require(CopulaGroup(cholesky: group.cholesky, dimension: 4))
    #expect(rebuilt == group)
    #expect(CopulaGroup(cholesky: [1, 0.5, 0, 1], dimension: 2) == nil)  // upper entry
    #expect(CopulaGroup(cholesky: [1, 0, 0.5, 0], dimension: 2) == nil)  // zero pivot
    #expect(CopulaGroup(cholesky: [1, 0, 0.5], dimension: 2) == nil)
  }

  @Test func prepareRepairsAnIndefiniteMatrix() throws {
    let bad = try #require(
      CorrelationMatrix(rows: [[1, 0.9, 0.2], [0.9, 1, 0.9], [0.2, 0.9, 1]]))
    #expect(CopulaGroup(latent: bad) == nil)
    let prepared = CopulaGroup.prepare(bad)
    let repair = try #require(prepared.repair)
    #expect(repair.maxChange > 0)
    #expect(prepared.matrix.isPositiveDefinite)
    #expect(prepared.group == CopulaGroup(latent: prepared.matrix))
    let good = try #require(CorrelationMatrix(rows: Self.target))
    let unchanged = CopulaGroup.prepare(good)
    #expect(unchanged.repair == nil && unchanged.matrix == good)
  }

  @Test func monteCarloCorrelationsWithinFisherBands() throws {
    let group = try Self.group(Self.target)
    let n = 100_000
    var rng = CorrTest.SplitMixNormal(state: 20_240_601)
    var columns = [[Double]](repeating: [], count: 4)
    for c in columns.indices { columns[c].reserveCapacity(n) }
    var eps = [Double](repeating: 0, count: 4)
    var z = [Double](repeating: 0, count: 4)
    for _ in 0..<n {
      (eps[0], eps[1]) = rng.nextNormalPair()
      (eps[2], eps[3]) = rng.nextNormalPair()
      eps.withUnsafeBufferPointer { e in
        z.withUnsafeMutableBufferPointer { group.latent(e, into: $0) }
      }
      for c in 0..<4 { columns[c].append(z[c]) }
    }
    for i in 0..<4 {
      // Unit variance: |s² − 1| ≤ 5·√(2/(n − 1)).
      let mean = columns[i].reduce(0, +) / Double(n)
      let variance = columns[i].reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1)
      #expect(abs(variance - 1) <= 5 * (2 / Double(n - 1)).squareRoot())
      for j in (i + 1)..<4 {
        let r = CorrTest.pearson(columns[i], columns[j])
        #expect(
          CorrTest.withinFisherBand(r, target: Self.target[i][j], count: n),
          "(\(i), \(j)): r = \(r), target \(Self.target[i][j])")
      }
    }
  }

  /// Average ranks (1-based) of `values`.
  static func ranks(_ values: [Double]) -> [Double] {
    let order = values.indices.sorted { values[$0] < values[$1] }
    var ranks = [Double](repeating: 0, count: values.count)
    var start = 0
    while start < order.count {
      var end = start
      while end + 1 < order.count && values[order[end + 1]] == values[order[start]] { end += 1 }
      for k in start...end { ranks[order[k]] = Double(start + end) / 2 + 1 }
      start = end + 1
    }
    return ranks
  }

  @Test func spearmanTargetsThroughTheLatentMap() throws {
    // Declared Spearman matrix → element-wise 2·sin(πρ/6) → L. Marginals are monotone, so the
    // sample Spearman of the outputs is that of the latents; band 5·√(1.06/(n − 3)) in atanh.
    let spearman: [[Double]] = [[1, 0.35, -0.5], [0.35, 1, 0.2], [-0.5, 0.2, 1]]
    let latent = try #require(
      CorrelationMatrix(dimension: 3) { i, j in CorrelationMath.latentFromSpearman(spearman[i][j]) }
    )
    let group = try #require(CopulaGroup(latent: latent))
    let n = 100_000
    var rng = CorrTest.SplitMixNormal(state: 7)
    var columns = [[Double]](repeating: [], count: 3)
    for _ in 0..<n {
      let (a, b) = rng.nextNormalPair()
      let (c, _) = rng.nextNormalPair()
      let z = group.latent([a, b, c])
      for k in 0..<3 { columns[k].append(z[k]) }
    }
    let ranked = columns.map(Self.ranks)
    let band = 5 * (1.06 / Double(n - 3)).squareRoot()
    for i in 0..<3 {
      for j in (i + 1)..<3 {
        let rs = CorrTest.pearson(ranked[i], ranked[j])
        #expect(abs(atanh(rs) - atanh(spearman[i][j])) <= band, "(\(i), \(j)): r_S = \(rs)")
      }
    }
  }
}
