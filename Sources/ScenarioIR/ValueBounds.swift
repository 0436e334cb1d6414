/// An interval holding every number an expression can produce, found from its form: the bounds
/// of `uniform`, `beta`, `clamp`, `truncate`, histograms, choices and inline or source values,
/// carried through arithmetic, `min`/`max`, conditions and fields. Used to size PostgreSQL's
/// `NUMERIC(p, k)` for a `float(k)` column (Databases.md). Unbounded draws (`normal`, `gamma`,
/// ...) and what the analysis does not follow give `.unknown`.
public enum ValueBounds: Equatable, Sendable {
  /// No number at all (only null).
  case none
  case range(Double, Double)
  case unknown

  /// The union of two bounds.
  public func union(_ other: ValueBounds) -> ValueBounds {
    switch (self, other) {
    case (.none, let b), (let b, .none): return b
    case (.range(let a, let b), .range(let c, let d)): return .range(Swift.min(a, c), Swift.max(b, d))
    default: return .unknown
    }
  }

  /// Applies `f` to every pair of end points (monotone in each argument on the interval).
  func combine(_ other: ValueBounds, _ f: (Double, Double) -> Double) -> ValueBounds {
    switch (self, other) {
    case (.none, _), (_, .none): return .none
    case (.range(let a, let b), .range(let c, let d)):
      let v = [f(a, c), f(a, d), f(b, c), f(b, d)]
      guard v.allSatisfy(\.isFinite) else { return .unknown }
      return .range(v.min()!, v.max()!)
    default: return .unknown
    }
  }

  /// The bounds of `e` in a row of `table` (slots and fields are followed into `program`'s
  /// tables, to a bounded depth, each slot once: `memo` keeps their bounds, and past
  /// `Memo.budget` visits everything is unknown, so that the analysis stays linear).
  public static func of(_ e: IRExpr, table: TableIR, program: Program) -> ValueBounds {
    var memo = Memo()
    return of(e, table: table, program: program, depth: 0, memo: &memo)
  }

  /// Bounds already found, by table and slot, and the visits left.
  public struct Memo {
    var slots: [Int: ValueBounds] = [:]
    var visits = 0
    static let budget = 20_000
    public init() {}
  }

  static func of(_ e: IRExpr, table: TableIR, program: Program, depth: Int, memo: inout Memo) -> ValueBounds {
    memo.visits += 1
    guard depth < 200, memo.visits < Memo.budget else { return .unknown }
    func sub(_ x: IRExpr) -> ValueBounds { of(x, table: table, program: program, depth: depth + 1, memo: &memo) }
    func slot(_ t: Int, _ s: Int) -> ValueBounds {
      let key = t << 20 | s
      if let known = memo.slots[key] { return known }
      memo.slots[key] = .unknown  // a cycle (there is none in a checked program) stays unknown
      let owner = program.tables[t]
      let b = of(owner.slots[s].expr, table: owner, program: program, depth: depth + 1, memo: &memo)
      memo.slots[key] = b
      return b
    }
    func constant(_ x: IRExpr) -> Double? { x.constantValue.flatMap(number) }
    switch e.kind {
    case .constant(let v):
      guard let n = number(v) else { return v.isNull ? .none : .unknown }
      return n.isFinite ? .range(n, n) : .unknown
    case .inlineValue(let values):
      var b = ValueBounds.none
      for v in values {
        if v.isNull { continue }
        guard let n = number(v), n.isFinite else { return .unknown }
        b = b.union(.range(n, n))
      }
      return b
    case .slot(let s):
      guard s < table.slots.count, let t = program.tableIndex(table.name) else { return .unknown }
      return slot(t, s)
    case .field(_, let t, let s):
      guard t < program.tables.count, s < program.tables[t].slots.count else { return .unknown }
      return slot(t, s)
    case .negate(let a):
      if case .range(let lo, let hi) = sub(a) { return .range(-hi, -lo) }
      return sub(a)
    case .binary(let op, let a, let b):
      let x = sub(a), y = sub(b)
      switch op {
      case .add: return x.combine(y, +)
      case .subtract: return x.combine(y, -)
      case .multiply: return x.combine(y, *)
      case .divide:
        if case .range(let lo, let hi) = y, lo > 0 || hi < 0 { return x.combine(y, /) }
        return .unknown
      default: return .unknown
      }
    case .conditional(_, let a, let b):
      return sub(a).union(sub(b))
    case .personaSwitch(let base, let overrides):
      return overrides.values.reduce(sub(base)) { $0.union(sub($1)) }
    case .emptyPickIsNull(let a), .grouped(let a, _):
      return sub(a)
    case .decimal(let a, let digits):
      return widen(sub(a), by: 0.5 * pow10(-digits))
    case .choice(let values, _, _):
      return values.reduce(ValueBounds.none) { $0.union(sub($1)) }
    case .histogram(let edges, _, _):
      guard let lo = edges.first, let hi = edges.last else { return .unknown }
      return .range(lo, hi)
    case .random(let f, let args, _):
      return distribution(f, args.map(constant))
    case .truncated(_, _, let low, let high, _):
      guard let lo = constant(low), let hi = constant(high) else { return .unknown }
      return .range(Swift.min(lo, hi), Swift.max(lo, hi))
    case .mixture(let components, _, _):
      return components.reduce(ValueBounds.none) { $0.union(distribution($1.function, $1.parameters.map { $0 })) }
    case .latent(_, let marginal):
      switch marginal {
      case .distribution(let f, let p): return distribution(f, p.map { $0 })
      case .choice(let values, _): return values.reduce(ValueBounds.none) { $0.union(sub($1)) }
      case .histogram(let edges, _):
        guard let lo = edges.first, let hi = edges.last else { return .unknown }
        return .range(lo, hi)
      case .mixture(let components, _):
        return components.reduce(ValueBounds.none) { $0.union(distribution($1.function, $1.parameters.map { $0 })) }
      }
    case .call(let f, let args):
      let b = args.map(sub)
      switch f {
      case .clamp where args.count == 3:
        guard let lo = constant(args[1]), let hi = constant(args[2]) else { return .unknown }
        return .range(lo, hi)
      case .min: return b.dropFirst().reduce(b.first ?? .unknown) { $0.combine($1, Swift.min) }
      case .max: return b.dropFirst().reduce(b.first ?? .unknown) { $0.combine($1, Swift.max) }
      case .coalesce: return b.reduce(ValueBounds.none) { $0.union($1) }
      case .abs:
        guard case .range(let lo, let hi) = b.first ?? .unknown else { return b.first ?? .unknown }
        return lo >= 0 ? .range(lo, hi) : hi <= 0 ? .range(-hi, -lo) : .range(0, Swift.max(-lo, hi))
      case .round, .floor, .ceil: return widen(b.first ?? .unknown, by: 1)
      case .roundTo where args.count == 2:
        guard let step = constant(args[1]) else { return .unknown }
        return widen(b[0], by: Swift.abs(step))
      case .float, .int: return b.first ?? .unknown
      case .sqrt:
        guard case .range(let lo, let hi) = b.first ?? .unknown, hi >= 0 else { return .unknown }
        return .range(Swift.max(0, lo).squareRoot(), hi.squareRoot())
      default: return .unknown
      }
    default:
      return .unknown
    }
  }

  /// The support of a distribution with constant parameters.
  static func distribution(_ f: RandomFunction, _ p: [Double?]) -> ValueBounds {
    func ends(_ i: Int, _ j: Int) -> ValueBounds {
      guard i < p.count, j < p.count, let a = p[i], let b = p[j] else { return .unknown }
      return .range(Swift.min(a, b), Swift.max(a, b))
    }
    switch f {
    case .uniform, .uniformInt: return ends(0, 1)
    case .beta, .bernoulli: return .range(0, 1)
    case .triangular:
      guard p.count == 3, let a = p[0], let b = p[1], let c = p[2] else { return .unknown }
      return .range(Swift.min(a, b, c), Swift.max(a, b, c))
    case .truncatedNormal: return ends(2, 3)
    case .binomial:
      guard let n = p.first ?? nil else { return .unknown }
      return .range(0, n)
    case .zipf:
      // zipf(s, n): ranks 1 to n.
      guard p.count == 2, let n = p[1] else { return .unknown }
      return .range(1, n)
    default: return .unknown
    }
  }

  static func widen(_ b: ValueBounds, by d: Double) -> ValueBounds {
    if case .range(let lo, let hi) = b { return .range(lo - d, hi + d) }
    return b
  }

  public static func number(_ v: Value) -> Double? {
    switch v {
    case .int(let i): Double(i)
    case .float(let d): d
    default: nil
    }
  }

  static func pow10(_ n: Int) -> Double {
    var r = 1.0
    for _ in 0..<Swift.abs(n) { r *= 10 }
    return n < 0 ? 1 / r : r
  }

  /// The total digits `p` of `NUMERIC(p, scale)` that hold every value in the bounds rounded
  /// to `scale` digits: the digits of the integer part of the largest magnitude, plus `scale`
  /// (at most 1000, PostgreSQL's limit). Unknown bounds give 38 digits (36 before the point at
  /// scale 2), the usual ceiling of decimal types; PostgreSQL reports a value that does not
  /// fit.
  public func numericPrecision(scale: Int) -> Int {
    let fallback = Swift.max(38, scale + 1)
    guard case .range(let lo, let hi) = self else { return self == .none ? scale + 1 : fallback }
    let magnitude = Swift.max(Swift.abs(lo), Swift.abs(hi))
    guard magnitude.isFinite else { return fallback }
    // Rounding to `scale` digits can carry into a new integer digit (9.996 -> 10.00).
    let rounded = (magnitude * Self.pow10(scale)).rounded(.up) / Self.pow10(scale)
    var digits = 1
    var limit = 10.0
    while rounded >= limit {
      digits += 1
      limit *= 10
    }
    return Swift.min(1000, digits + scale)
  }
}
