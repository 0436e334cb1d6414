import ScenarioDiagnostics
import ScenarioIR

extension Checker {
  /// The marginal draws of a correlated column: one per branch (the base and each persona
  /// override), each a distribution with constant parameters or a choice with constant weights,
  /// and no other random draw. Reports the column otherwise.
  mutating func extractMarginals(_ t: Int, _ s: Int) -> [LatentMarginal]? {
    guard let slot = tables[t].slots[s].checked else { return nil }
    if slot.type.isError { return nil }
    var branches: [IRExpr] = [slot.expr]
    if case .personaSwitch(let base, let overrides) = slot.expr.kind {
      branches = [base] + overrides.keys.sorted().compactMap { overrides[$0] }
    }
    var result: [LatentMarginal] = []
    for b in branches {
      var found: [LatentMarginal] = []
      var problem: String? = nil
      visitDraws(b, &found, &problem)
      if let problem {
        diagnostics.error(
          .invalidCorrelation, "column '\(slot.name)' cannot be correlated: \(problem)", at: slot.span,
          label: "correlated column",
          help: "a correlated column draws exactly one value from a distribution or choice with constant parameters, e.g. 'gamma(2, 12)' or 'round(normal(50, 10)) clamp 0..100'")
        return nil
      }
      if found.count != 1 {
        diagnostics.error(
          .invalidCorrelation,
          "column '\(slot.name)' cannot be correlated: it has \(found.isEmpty ? "no random draw" : "\(found.count) random draws")",
          at: slot.span, label: "correlated column",
          help: "a correlated column draws exactly one value from a distribution or choice with constant parameters, e.g. 'gamma(2, 12)' or 'round(normal(50, 10)) clamp 0..100'")
        return nil
      }
      result.append(found[0])
    }
    return result
  }

  /// Collects the marginal draws of an expression; sets `problem` for a draw that cannot be one.
  func visitDraws(_ e: IRExpr, _ found: inout [LatentMarginal], _ problem: inout String?) {
    switch e.kind {
    case .random(let r, let params, _):
      let values = params.compactMap { $0.constantValue?.asDouble }
      if values.count == params.count {
        found.append(.distribution(r, values))
      } else {
        problem = "the parameters of '\(r.rawValue)' are not constant"
      }
      for p in params { visitDraws(p, &found, &problem) }
    case .choice(let values, let weights, _):
      let ws = weights.compactMap { $0.constantValue?.asDouble }
      if ws.count == weights.count {
        found.append(.choice(values: values, weights: ws))
      } else {
        problem = "the weights of its 'choice' are not constant"
      }
      for v in values { visitDraws(v, &found, &problem) }
    case .histogram(let edges, let weights, _): found.append(.histogram(edges: edges, weights: weights))
    case .mixture(let components, let weights, _): found.append(.mixture(components: components, weights: weights))
    case .truncated(let r, _, _, _, _):
      problem = "'truncate' is not supported in a correlated column (use 'truncated_normal' or 'clamp')"
      _ = r
    case .pick, .keyedPick, .emptyPickIsNull: problem = "'pick' is not supported in a correlated column"
    case .calendar: problem = "'calendar' is not supported in a correlated column"
    case .aggregate(_, let of): visitDraws(of, &found, &problem)
    case .grouped: problem = "'per' groups are not supported in a correlated column"
    case .latent: problem = "the column is already correlated"
    case .constant, .slot, .rowNumber, .parentRow, .persona, .candidate, .inlineValue, .cellFactor, .orderValue: break
    case .correlated: problem = "an aggregate is not a random draw"
    case .field(let base, _, _): visitDraws(base, &found, &problem)
    case .negate(let a), .not(let a), .isNull(let a), .decimal(let a, _): visitDraws(a, &found, &problem)
    case .binary(_, let a, let b):
      visitDraws(a, &found, &problem)
      visitDraws(b, &found, &problem)
    case .conditional(let c, let a, let b):
      visitDraws(c, &found, &problem)
      visitDraws(a, &found, &problem)
      visitDraws(b, &found, &problem)
    case .call(_, let args): for a in args { visitDraws(a, &found, &problem) }
    case .personaSwitch: problem = "nested persona overrides"
    }
  }

  /// Replaces every marginal draw (one per branch) with the latent draw.
  func replaceMarginal(_ e: IRExpr, latent: Int) -> IRExpr {
    func r(_ x: IRExpr) -> IRExpr { replaceMarginal(x, latent: latent) }
    var out = e
    switch e.kind {
    case .random(let f, let params, _):
      out.kind = .latent(latent, .distribution(f, params.compactMap { $0.constantValue?.asDouble }))
    case .choice(let values, let weights, _):
      out.kind = .latent(latent, .choice(values: values, weights: weights.compactMap { $0.constantValue?.asDouble }))
    case .histogram(let edges, let weights, _):
      out.kind = .latent(latent, .histogram(edges: edges, weights: weights))
    case .mixture(let components, let weights, _):
      out.kind = .latent(latent, .mixture(components: components, weights: weights))
    case .personaSwitch(let base, let overrides):
      out.kind = .personaSwitch(base: r(base), overrides: overrides.mapValues(r))
    case .negate(let a): out.kind = .negate(r(a))
    case .not(let a): out.kind = .not(r(a))
    case .isNull(let a): out.kind = .isNull(r(a))
    case .decimal(let a, let digits): out.kind = .decimal(r(a), digits: digits)
    case .binary(let op, let a, let b): out.kind = .binary(op, r(a), r(b))
    case .conditional(let c, let a, let b): out.kind = .conditional(r(c), r(a), r(b))
    case .call(let f, let args): out.kind = .call(f, args.map(r))
    case .field(let base, let table, let slot): out.kind = .field(base: r(base), table: table, slot: slot)
    case .constant, .slot, .rowNumber, .parentRow, .persona, .truncated, .pick, .keyedPick, .emptyPickIsNull, .grouped, .latent, .orderValue,
      .calendar, .aggregate, .correlated, .candidate, .inlineValue, .cellFactor:
      break
    }
    return out
  }
}
