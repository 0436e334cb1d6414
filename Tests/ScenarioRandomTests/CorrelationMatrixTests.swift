import Foundation
import Testing

#if canImport(ScenarioCorrelation)
  @testable import ScenarioCorrelation
#else
  @testable import ScenarioRandom
#endif

/// Validation, Cholesky, eigenvalues and nearest-correlation repair (research/statistics.md §3.4).
@Suite struct CorrelationMatrixTests {
  static func matrix(_ rows: [[Double]]) -> CorrelationMatrix {
    guard let m = CorrelationMatrix(rows: rows) else {
      Issue.record("invalid test matrix")
      return .identity(rows.count)
    }
    return m
  }

  /// Checks symmetry, unit diagonal, entries in [−1, 1] and a successful Cholesky.
  static func expectValidCorrelation(
    _ m: CorrelationMatrix, sourceLocation: SourceLocation = #_sourceLocation
  ) {
    let n = m.dimension
    for i in 0..<n {
      #expect(m[i, i] == 1, sourceLocation: sourceLocation)
      for j in 0..<n {
        #expect(m[i, j] == m[j, i], sourceLocation: sourceLocation)
        #expect(abs(m[i, j]) <= 1, sourceLocation: sourceLocation)
      }
    }
    #expect(m.isPositiveDefinite, sourceLocation: sourceLocation)
    #expect(m.eigenvalues()[0] > 0, sourceLocation: sourceLocation)
  }

  @Test func validationRejectsNonCorrelationInput() {
    #expect(CorrelationMatrix(rows: [[1, 0.5], [0.4, 1]]) == nil)  // not symmetric
    #expect(CorrelationMatrix(rows: [[2, 0.5], [0.5, 1]]) == nil)  // diagonal ≠ 1
    #expect(CorrelationMatrix(rows: [[1, 1.5], [1.5, 1]]) == nil)  // |entry| > 1
    #expect(CorrelationMatrix(rows: [[1, .nan], [.nan, 1]]) == nil)
    #expect(CorrelationMatrix(rows: [[1, 0.5]]) == nil)  // not square
    #expect(CorrelationMatrix(dimension: 2, entries: [1, 0, 0]) == nil)
    let built = CorrelationMatrix(dimension: 3) { i, j in Double(i + j) / 10 }
    #expect(built == Self.matrix([[1, 0.1, 0.2], [0.1, 1, 0.3], [0.2, 0.3, 1]]))
    #expect(CorrelationMatrix.identity(3).entries == [1, 0, 0, 0, 1, 0, 0, 0, 1])
  }

  @Test func choleskyOfAKnownMatrix() throws {
    let m = Self.matrix([[1, 0.5, 0.3], [0.5, 1, 0.2], [0.3, 0.2, 1]])
    let l = try #require(m.cholesky())
    // Hand values: L₁₀ = 0.5, L₁₁ = √0.75, L₂₀ = 0.3, L₂₁ = (0.2 − 0.15)/√0.75.
    #expect(l[0] == 1 && l[1] == 0 && l[2] == 0 && l[5] == 0)
    #expect(l[3] == 0.5 && abs(l[4] - 0.75.squareRoot()) < 1e-16)
    #expect(abs(l[7] - 0.05 / 0.75.squareRoot()) < 1e-16)
    for i in 0..<3 {
      for j in 0..<3 {
        var sum = 0.0
        for k in 0..<3 { sum += l[i * 3 + k] * l[j * 3 + k] }
        #expect(abs(sum - m[i, j]) < 1e-15)
      }
    }
    // Singular (ρ = 1) fails: its second pivot is 0.
    #expect(Self.matrix([[1, 1], [1, 1]]).cholesky() == nil)
  }

  @Test func indefiniteMatrixIsDetectedAndRepaired() {
    let m = Self.matrix([[1, 0.9, 0.2], [0.9, 1, 0.9], [0.2, 0.9, 1]])
    #expect(!m.isPositiveDefinite)
    #expect(m.eigenvalues()[0] < 0)
    let (repaired, maxChange, iterations) = m.nearestCorrelation()
    Self.expectValidCorrelation(repaired)
    #expect(iterations > 0 && iterations < 1000)
    #expect(maxChange > 0.01 && maxChange < 0.5)
    #expect(maxChange == repaired.maxOffDiagonalDifference(from: m))
    // The repair is (nearly) singular: its smallest eigenvalue sits at the floor.
    #expect(repaired.eigenvalues()[0] < 1e-6)
    // Deterministic: the same bits on a second run, and known-answer bits (no libm is involved,
    // so these hold on every platform).
    #expect(m.nearestCorrelation().matrix.entries == repaired.entries)
    #expect(repaired[0, 1].bitPattern == 0x3FE9_74D2_BC88_CDA9)
    #expect(repaired[0, 2].bitPattern == 0x3FD1_00CF_27B5_96AF)
    #expect(repaired[1, 2].bitPattern == 0x3FE9_74D2_BC88_CDA8)
  }

  @Test func classicThreeByThree() {
    let m = Self.matrix([[1, 1, 0], [1, 1, 1], [0, 1, 1]])
    #expect(!m.isPositiveDefinite)
    let (repaired, maxChange, _) = m.nearestCorrelation()
    Self.expectValidCorrelation(repaired)
    #expect(maxChange > 0.1)
  }

  /// NAG's g02aa example (Qi–Sun Newton method) for G = tridiag(−1, 2, −1), 4×4: the nearest
  /// correlation matrix, printed to four decimals.
  static let nagResult: [Double] = [
    1.0000, -0.8084, 0.1916, 0.1068,
    -0.8084, 1.0000, -0.6562, 0.1916,
    0.1916, -0.6562, 1.0000, -0.8084,
    0.1068, 0.1916, -0.8084, 1.0000,
  ]

  @Test func matchesThePublishedNearestCorrelationMatrix() throws {
    let g: [Double] = [2, -1, 0, 0, -1, 2, -1, 0, 0, -1, 2, -1, 0, 0, -1, 2]
    let result = try #require(CorrelationMatrix.nearestCorrelation(toMatrix: g, dimension: 4))
    Self.expectValidCorrelation(result.matrix)
    for k in 0..<16 { #expect(abs(result.matrix.entries[k] - Self.nagResult[k]) < 1e-4, "\(k)") }
  }

  @Test func highamsExampleBeatsEigenvalueClipping() {
    // Higham (2002)'s A = [[1,1,0,0],[1,1,1,0],[0,1,1,1],[0,0,1,1]] is D·G·D (G as above with unit
    // diagonal, D = diag(1, −1, 1, −1)), so its nearest correlation matrix is D·X·D.
    let a = Self.matrix([[1, 1, 0, 0], [1, 1, 1, 0], [0, 1, 1, 1], [0, 0, 1, 1]])
    #expect(!a.isPositiveDefinite)
    let (nearest, maxChange, _) = a.nearestCorrelation()
    Self.expectValidCorrelation(nearest)
    let signs: [Double] = [1, -1, 1, -1]
    for i in 0..<4 {
      for j in 0..<4 {
        #expect(abs(nearest[i, j] - signs[i] * signs[j] * Self.nagResult[i * 4 + j]) < 1e-4)
      }
    }
    #expect(abs(maxChange - (1 - 0.6562)) < 1e-4)  // the middle entry moves most
    // Eigenvalue clipping plus diagonal rescaling (Rebonato–Jäckel) is farther from A.
    let eigen = CorrSymmetricEigen(symmetric: a.entries, dimension: 4)
    let clipped = CorrelationMatrix.reconstruct(eigen, 4) { max($0, 0) }
    var rescaled = clipped
    for i in 0..<4 {
      for j in 0..<4 {
        rescaled[i * 4 + j] =
          clipped[i * 4 + j] / (clipped[i * 4 + i] * clipped[j * 4 + j]).squareRoot()
      }
    }
    let nearestDistance = CorrTest.frobenius(nearest.entries, a.entries)
    let clippedDistance = CorrTest.frobenius(rescaled, a.entries)
    #expect(nearestDistance < clippedDistance - 1e-3, "\(nearestDistance) vs \(clippedDistance)")
  }

  @Test func validMatricesAreLeftAlone() {
    let m = Self.matrix([[1, 0.3, -0.2], [0.3, 1, 0.4], [-0.2, 0.4, 1]])
    let (same, maxChange, iterations) = m.nearestCorrelation()
    #expect(same == m && maxChange == 0 && iterations == 0)
  }

  @Test func singularMatrixGetsTheEigenvalueFloor() {
    let m = Self.matrix([[1, 1, 0.5], [1, 1, 0.5], [0.5, 0.5, 1]])
    #expect(!m.isPositiveDefinite)
    let (repaired, maxChange, _) = m.nearestCorrelation()
    Self.expectValidCorrelation(repaired)
    #expect(maxChange < 1e-7)
  }

  @Test func largerRandomIndefiniteMatrix() {
    // A 12×12 matrix with entries from a fixed generator: usually indefinite; repaired and valid.
    var rng = CorrTest.SplitMixNormal(state: 99)
    guard
      let m = CorrelationMatrix(dimension: 12, offDiagonal: { _, _ in 2 * rng.nextUniform() - 1 })
    else {
      Issue.record("construction failed")
      return
    }
    #expect(!m.isPositiveDefinite)
    let (repaired, maxChange, iterations) = m.nearestCorrelation()
    Self.expectValidCorrelation(repaired)
    #expect(maxChange > 0 && iterations < 1000)
    let eigen = m.eigenvalues()
    #expect(eigen == eigen.sorted())
  }
}
