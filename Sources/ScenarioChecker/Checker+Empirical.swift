import ScenarioAST
import ScenarioDiagnostics
import ScenarioIR
import ScenarioRandom

extension Checker {
  /// `histogram { low..high weight, ... }`: contiguous bins with constant bounds and weights.
  mutating func lowerHistogram(_ bins: [HistogramBin], _ span: SourceSpan, _ ctx: inout ExprContext) -> IRExpr {
    guard ctx.allowRandom else {
      diagnostics.error(
        .misplacedConstruct, "random draws are not allowed here", at: span, label: "'histogram' draws a random value",
        notes: [ctx.randomForbiddenReason])
      return IRExpr(.constant(.null), type: .error, span: span)
    }
    var edges: [Double] = []
    var weights: [Double] = []
    for (i, bin) in bins.enumerated() {
      guard let lo = targetNumber(bin.low), let hi = targetNumber(bin.high), let w = targetNumber(bin.weight) else {
        return IRExpr(.constant(.null), type: .error, span: span)
      }
      if i == 0 {
        edges.append(lo)
      } else if lo != edges[edges.count - 1] {
        diagnostics.error(
          .invalidRange, "histogram bins must be contiguous: this bin starts at \(Semantics.text(.float(lo))), the previous one ends at \(Semantics.text(.float(edges[edges.count - 1])))",
          at: bin.low.span, label: "gap or overlap")
        return IRExpr(.constant(.null), type: .error, span: span)
      }
      edges.append(hi)
      weights.append(w)
    }
    if let problem = EmpiricalHistogram.validate(edges: edges, weights: weights) {
      diagnostics.error(.invalidWeights, "invalid histogram: \(problem)", at: span, label: "invalid bins")
      return IRExpr(.constant(.null), type: .error, span: span)
    }
    return IRExpr(.histogram(edges: edges, weights: weights, ctx.nextSite()), type: .float, span: span)
  }

  /// `mixture { distribution weight, ... }`: components are distribution calls with constant
  /// parameters; the result is an integer when every component draws integers.
  mutating func lowerMixture(_ arms: [ChoiceArm], _ span: SourceSpan, _ ctx: inout ExprContext) -> IRExpr {
    guard ctx.allowRandom else {
      diagnostics.error(
        .misplacedConstruct, "random draws are not allowed here", at: span, label: "'mixture' draws a random value",
        notes: [ctx.randomForbiddenReason])
      return IRExpr(.constant(.null), type: .error, span: span)
    }
    var components: [MixtureComponent] = []
    var weights: [Double] = []
    for arm in arms {
      guard case .call(let name, let args) = arm.value.kind, let r = RandomFunction(rawValue: name.text),
        r != .bernoulli
      else {
        diagnostics.error(
          .argumentTypeMismatch, "a mixture component must be a distribution call such as 'normal(10, 2)'",
          at: arm.value.span, label: "not a distribution")
        return IRExpr(.constant(.null), type: .error, span: span)
      }
      var params: [Double] = []
      for a in args {
        guard let v = targetNumber(a) else { return IRExpr(.constant(.null), type: .error, span: span) }
        params.append(v)
      }
      if let problem = Distribution.validate(name: r.rawValue, parameters: params) {
        let i = min(max(problem.index, 0), max(0, args.count - 1))
        diagnostics.error(
          .invalidDistributionParameter, "invalid parameter for '\(r.rawValue)': \(problem.message)",
          at: args.isEmpty ? arm.value.span : args[i].span, label: "invalid", notes: [problem.note])
        return IRExpr(.constant(.null), type: .error, span: span)
      }
      guard let w = targetNumber(arm.weight) else { return IRExpr(.constant(.null), type: .error, span: span) }
      components.append(MixtureComponent(function: r, parameters: params))
      weights.append(w)
    }
    if let problem = AliasTable.validate(weights: weights) {
      diagnostics.error(.invalidWeights, "invalid mixture weights: \(problem)", at: span, label: "invalid weights")
      return IRExpr(.constant(.null), type: .error, span: span)
    }
    let type: ValueType = components.allSatisfy { $0.function.drawsIntegers } ? .int : .float
    return IRExpr(.mixture(components: components, weights: weights, ctx.nextSite()), type: type, span: span)
  }
}

/// Prepared samplers for IR marginals, shared by the checker's correlation solver.
extension LatentMarginal {
  /// The mixture's prepared form.
  static func makeMixture(_ components: [MixtureComponent], _ weights: [Double]) -> Mixture? {
    let samplers = components.compactMap { c in
      Distribution.make(name: c.function.rawValue, parameters: c.parameters).map(Sampler.init)
    }
    guard samplers.count == components.count else { return nil }
    return Mixture(components: samplers, weights: weights)
  }
}
