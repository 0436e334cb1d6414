import ScenarioIR
import ScenarioRandom

/// The value of a correlated column as a function of its marginal draw, for solving correlation
/// targets on the column itself (`round(gamma(2, 12)) clamp 1..120`, `10 - gamma(2.25, 0.8)`)
/// rather than on the bare draw. Works when everything around the draw is constant; otherwise
/// the caller falls back to the draw alone.
enum ColumnShape {
  /// Evaluates `e` with its marginal draw replaced by `draw`; nil if `e` depends on anything but
  /// the draw and constants.
  static func value(_ e: IRExpr, draw: Value) -> Value? {
    switch e.kind {
    case .constant(let v): return v
    case .random, .choice, .histogram, .mixture, .latent: return draw
    case .negate(let a):
      guard let x = value(a, draw: draw) else { return nil }
      return try? Semantics.negate(x)
    case .not(let a): return value(a, draw: draw).map { .bool(!$0.isTrue) }
    case .decimal(let a, let digits):
      guard let x = value(a, draw: draw) else { return nil }
      return try? Semantics.decimal(x, digits: digits)
    case .isNull(let a): return value(a, draw: draw).map { .bool($0.isNull) }
    case .binary(let op, let a, let b):
      guard let x = value(a, draw: draw), let y = value(b, draw: draw) else { return nil }
      return try? Semantics.binary(op, x, y, textLimit: RunLimits.defaultTextBytes)
    case .conditional(let c, let a, let b):
      guard let cv = value(c, draw: draw) else { return nil }
      return value(cv.isTrue ? a : b, draw: draw)
    case .call(let f, let args):
      var values: [Value] = []
      for a in args {
        guard let v = value(a, draw: draw) else { return nil }
        values.append(v)
      }
      return try? Semantics.call(f, values)
    case .slot, .rowNumber, .parentRow, .persona, .field, .truncated, .pick, .keyedPick, .emptyPickIsNull, .grouped, .personaSwitch, .orderValue,
      .calendar, .aggregate, .correlated, .candidate, .inlineValue, .cellFactor:
      return nil
    }
  }

  /// z ↦ the column's value as a number, composing the marginal's latent transform with the
  /// column expression; nil if the expression is not a function of the draw alone. Choice
  /// columns are measured by their category index (declaration order).
  static func transform(_ e: IRExpr, marginal: LatentMarginal, latent: LatentTransform) -> ((Double) -> Double)? {
    if case .choice = marginal { return latent.value }
    let wrap: (Double) -> Value
    switch marginal {
    case .distribution(let r, _):
      wrap = r.drawsIntegers ? { .int(Int64($0.rounded())) } : r == .bernoulli ? { .bool($0 != 0) } : { .float($0) }
    case .mixture(let components, _):
      let ints = components.allSatisfy { $0.function.drawsIntegers }
      wrap = ints ? { .int(Int64($0.rounded())) } : { .float($0) }
    case .histogram, .choice: wrap = { .float($0) }
    }
    guard value(e, draw: wrap(latent.value(0))) != nil else { return nil }
    return { z in
      switch value(e, draw: wrap(latent.value(z))) {
      case .int(let i): return Double(i)
      case .float(let d): return d
      case .bool(let b): return b ? 1 : 0
      case .date(let d): return Double(d)
      case .datetime(let t), .duration(let t): return Double(t)
      default: return .nan
      }
    }
  }
}
