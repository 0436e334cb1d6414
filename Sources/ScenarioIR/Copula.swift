import ScenarioDiagnostics

/// The marginal of a correlated column: a distribution with constant parameters, or a choice
/// with constant weights (its values in declaration order are the categories).
public enum LatentMarginal: Sendable {
  case distribution(RandomFunction, [Double])
  case choice(values: [IRExpr], weights: [Double])
  case histogram(edges: [Double], weights: [Double])
  case mixture(components: [MixtureComponent], weights: [Double])
}

/// A group of columns of one table whose marginal draws are coupled by a Gaussian copula
/// (NORTA): each member's draw site takes its value from a latent normal `z_i = (L·ε)_i`, where
/// `ε_i` comes from the member's own latent stream and `L` is the Cholesky factor of the latent
/// correlation matrix solved at compile time.
public struct CopulaIR: Sendable {
  /// The member columns (slot indices), in Cholesky order (declaration order of the columns).
  public var members: [Int]
  /// Index of the group's first latent number in the row's latent array; member `i` is
  /// `firstLatent + i`.
  public var firstLatent: Int
  /// Lower-triangular Cholesky factor, row-major, `members.count²` entries.
  public var cholesky: [Double]
  public init(members: [Int], firstLatent: Int, cholesky: [Double]) {
    self.members = members
    self.firstLatent = firstLatent
    self.cholesky = cholesky
  }
}
