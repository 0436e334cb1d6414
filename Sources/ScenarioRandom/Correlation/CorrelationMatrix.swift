/// An n×n correlation matrix candidate: symmetric, unit diagonal, off-diagonal entries in
/// [−1, 1], stored row-major. It need not be positive semi-definite: element-wise maps of a
/// Spearman or Pearson matrix can be indefinite (research/statistics.md §3.4), which
/// `isPositiveDefinite` detects and `nearestCorrelation` repairs.
public struct CorrelationMatrix: Sendable, Equatable {
  /// The number of rows (and columns).
  public let dimension: Int
  /// The entries, row-major: entry (i, j) is `entries[i * dimension + j]`.
  public let entries: [Double]

  /// Pivots at or below this make the Cholesky factorisation fail (research/statistics.md §3.4).
  public static let pivotThreshold = 1e-12

  /// Validates and wraps `entries`; nil unless there are n² finite entries, the matrix is exactly
  /// symmetric, its diagonal is exactly 1 and every off-diagonal entry lies in [−1, 1].
  public init?(dimension: Int, entries: [Double]) {
    guard dimension >= 0, entries.count == dimension * dimension else { return nil }
    for i in 0..<dimension {
      guard entries[i * dimension + i] == 1 else { return nil }
      for j in (i + 1)..<dimension {
        let value = entries[i * dimension + j]
        guard value.isFinite, abs(value) <= 1, value == entries[j * dimension + i] else {
          return nil
        }
      }
    }
    self.dimension = dimension
    self.entries = entries
  }

  /// Validates and wraps a matrix given as rows (see `init(dimension:entries:)`).
  public init?(rows: [[Double]]) {
    guard rows.allSatisfy({ $0.count == rows.count }) else { return nil }
    self.init(dimension: rows.count, entries: rows.flatMap { $0 })
  }

  /// Builds the matrix whose off-diagonal entries (i, j), i < j, are `offDiagonal(i, j)`, mirrored
  /// to (j, i); nil if an entry is not finite or lies outside [−1, 1].
  public init?(dimension: Int, offDiagonal: (Int, Int) -> Double) {
    guard dimension >= 0 else { return nil }
    var entries = [Double](repeating: 0, count: dimension * dimension)
    for i in 0..<dimension {
      entries[i * dimension + i] = 1
      for j in (i + 1)..<dimension {
        let value = offDiagonal(i, j)
        entries[i * dimension + j] = value
        entries[j * dimension + i] = value
      }
    }
    self.init(dimension: dimension, entries: entries)
  }

  /// Wraps entries already known to be valid (internal: the repair builds them so).
  init(validated entries: [Double], dimension: Int) {
    self.dimension = dimension
    self.entries = entries
  }

  /// The n×n identity (no correlation).
  public static func identity(_ dimension: Int) -> CorrelationMatrix {
    var entries = [Double](repeating: 0, count: dimension * dimension)
    for i in 0..<dimension { entries[i * dimension + i] = 1 }
    return CorrelationMatrix(validated: entries, dimension: dimension)
  }

  /// Entry (row, column).
  public subscript(_ row: Int, _ column: Int) -> Double {
    entries[row * dimension + column]
  }

  /// Whether the Cholesky factorisation succeeds (every pivot above `pivotThreshold`).
  public var isPositiveDefinite: Bool { cholesky() != nil }

  /// The lower-triangular Cholesky factor L with L·Lᵀ = self, row-major n×n (zeros above the
  /// diagonal), or nil if a pivot is ≤ `pivotThreshold` (not positive definite, or too close to
  /// singular to sample from). Sums run in increasing index order, so the bits are fixed.
  public func cholesky() -> [Double]? {
    Self.cholesky(entries, dimension)
  }

  /// The Cholesky–Banachiewicz factorisation of a symmetric row-major matrix (see `cholesky()`).
  static func cholesky(_ a: [Double], _ n: Int) -> [Double]? {
    var l = [Double](repeating: 0, count: n * n)
    for i in 0..<n {
      for j in 0...i {
        var sum = a[i * n + j]
        for k in 0..<j { sum -= l[i * n + k] * l[j * n + k] }
        if i == j {
          guard sum > pivotThreshold else { return nil }  // also rejects NaN
          l[i * n + i] = sum.squareRoot()
        } else {
          l[i * n + j] = sum / l[j * n + j]
        }
      }
    }
    return l
  }

  /// The eigenvalues in ascending order, by the cyclic Jacobi method (fixed sweep order).
  public func eigenvalues() -> [Double] {
    CorrSymmetricEigen(symmetric: entries, dimension: dimension).values
  }

  /// The largest |selfᵢⱼ − otherᵢⱼ| over the off-diagonal entries (0 for n ≤ 1).
  public func maxOffDiagonalDifference(from other: CorrelationMatrix) -> Double {
    precondition(other.dimension == dimension, "dimensions differ")
    var largest = 0.0
    for i in 0..<dimension {
      for j in 0..<dimension where j != i {
        largest = max(largest, abs(self[i, j] - other[i, j]))
      }
    }
    return largest
  }
}
