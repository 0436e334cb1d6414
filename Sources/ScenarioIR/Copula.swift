import ScenarioDiagnostics

/// A group of columns of one table whose marginal draws are coupled by a Gaussian copula
/// (NORTA): each member's draw site takes its value from a latent normal `z_i = (L·ε)_i`, where
/// `ε_i` comes from the member's own latent stream and `L` is the Cholesky factor of the latent
/// correlation matrix solved at compile time.
public struct CopulaIR: Sendable {
  /// The member columns (slot indices), in Cholesky order (declaration order of the columns).
  public var members: [Int]
  /// Lower-triangular Cholesky factor, row-major, `members.count²` entries.
  public var cholesky: [Double]
  public init(members: [Int], cholesky: [Double]) {
    self.members = members
    self.cholesky = cholesky
  }
}
