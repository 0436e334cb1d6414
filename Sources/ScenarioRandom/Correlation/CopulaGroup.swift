/// A Gaussian-copula group prepared at compile time: the Cholesky factor L of its latent
/// correlation matrix, which turns each row's independent standard normals ε (one per member,
/// from the member's own stream) into correlated latent normals z = L·ε (research/statistics.md
/// §3.1).
///
/// L is lower triangular, so zᵢ = Σ_{j ≤ i} Lᵢⱼ·εⱼ depends only on ε₀…εᵢ: appending a member
/// leaves the earlier members' latents unchanged, and z₀ = 1·ε₀ = ε₀ exactly. Each sum runs over
/// j in increasing order, so the bits are fixed.
public struct CopulaGroup: Sendable, Equatable {
  /// The number of members.
  public let dimension: Int
  /// L packed by rows: row i is `packed[i(i+1)/2 ..< i(i+1)/2 + i + 1]`.
  @usableFromInline let packed: [Double]

  /// The group for a latent correlation matrix; nil if its Cholesky factorisation fails (repair
  /// it first with `CorrelationMatrix.nearestCorrelation`, or use `prepare`).
  public init?(latent: CorrelationMatrix) {
    guard let l = latent.cholesky() else { return nil }
    self.init(validatedCholesky: l, dimension: latent.dimension)
  }

  /// The group for a Cholesky factor stored row-major n×n (as `CopulaIR.cholesky` holds it); nil
  /// unless it has n² finite entries, zeros above the diagonal and positive diagonal entries.
  public init?(cholesky: [Double], dimension n: Int) {
    guard n >= 0, cholesky.count == n * n, cholesky.allSatisfy(\.isFinite) else { return nil }
    for i in 0..<n {
      guard cholesky[i * n + i] > 0 else { return nil }
      for j in (i + 1)..<n where cholesky[i * n + j] != 0 { return nil }
    }
    self.init(validatedCholesky: cholesky, dimension: n)
  }

  private init(validatedCholesky l: [Double], dimension n: Int) {
    var packed: [Double] = []
    packed.reserveCapacity(n * (n + 1) / 2)
    for i in 0..<n {
      for j in 0...i { packed.append(l[i * n + j]) }
    }
    self.dimension = n
    self.packed = packed
  }

  /// L as a row-major n×n matrix with zeros above the diagonal (the form `CopulaIR` stores).
  public var cholesky: [Double] {
    var l = [Double](repeating: 0, count: dimension * dimension)
    for i in 0..<dimension {
      for j in 0...i { l[i * dimension + j] = packed[i * (i + 1) / 2 + j] }
    }
    return l
  }

  /// Writes z = L·ε into `output`. Both buffers need at least `dimension` elements and must not
  /// overlap (use `latentInPlace` for that). Allocation-free.
  @inlinable
  public func latent(
    _ eps: UnsafeBufferPointer<Double>, into output: UnsafeMutableBufferPointer<Double>
  ) {
    precondition(eps.count >= dimension && output.count >= dimension, "buffer too short")
    packed.withUnsafeBufferPointer { l in
      var start = 0
      for i in 0..<dimension {
        var sum = 0.0
        for j in 0...i { sum += l[start + j] * eps[j] }
        output[i] = sum
        start += i + 1
      }
    }
  }

  /// Replaces ε by z = L·ε in place. Rows are computed from the last to the first, so each zᵢ
  /// still reads the original ε₀…εᵢ; every zᵢ is the same sum, in the same order, as in
  /// `latent(_:into:)`, so the two give identical bits. Allocation-free.
  @inlinable
  public func latentInPlace(_ values: UnsafeMutableBufferPointer<Double>) {
    precondition(values.count >= dimension, "buffer too short")
    packed.withUnsafeBufferPointer { l in
      var i = dimension - 1
      while i >= 0 {
        let start = i * (i + 1) / 2
        var sum = 0.0
        for j in 0...i { sum += l[start + j] * values[j] }
        values[i] = sum
        i -= 1
      }
    }
  }

  /// z = L·ε for an array of `dimension` independent standard normals.
  public func latent(_ eps: [Double]) -> [Double] {
    precondition(eps.count == dimension, "one ε per member")
    var output = [Double](repeating: 0, count: dimension)
    eps.withUnsafeBufferPointer { e in
      output.withUnsafeMutableBufferPointer { latent(e, into: $0) }
    }
    return output
  }

  // MARK: - Preparation

  /// Prepares a group from a latent matrix, repairing it first (`nearestCorrelation`) if its
  /// Cholesky factorisation fails.
  public static func prepare(_ latent: CorrelationMatrix) -> CopulaPreparation {
    if let group = CopulaGroup(latent: latent) {
      return CopulaPreparation(group: group, matrix: latent, repair: nil)
    }
    let repaired = latent.nearestCorrelation()
    let report = CorrelationRepair(
      maxChange: repaired.maxChange, iterations: repaired.iterations)
    if let group = CopulaGroup(latent: repaired.matrix) {
      return CopulaPreparation(group: group, matrix: repaired.matrix, repair: report)
    }
    // Unreachable with finite entries (the repair floors the eigenvalues until Cholesky succeeds);
    // fall back to independence rather than trap.
    let identity = CorrelationMatrix.identity(latent.dimension)
    let group = CopulaGroup(validatedCholesky: identity.entries, dimension: latent.dimension)
    return CopulaPreparation(group: group, matrix: identity, repair: report)
  }
}

/// The result of `CopulaGroup.prepare`.
public struct CopulaPreparation: Sendable, Equatable {
  /// The group to sample with.
  public let group: CopulaGroup
  /// The latent matrix actually used (the input, or its repair).
  public let matrix: CorrelationMatrix
  /// Nil if the input was used as given. A repair may change the top-left block, and so the
  /// values of earlier members too; the compiler should warn with `maxChange`.
  public let repair: CorrelationRepair?
}

/// What a nearest-correlation repair changed.
public struct CorrelationRepair: Sendable, Equatable {
  /// The largest absolute change of an off-diagonal entry.
  public let maxChange: Double
  /// The number of alternating-projection iterations used.
  public let iterations: Int
}
