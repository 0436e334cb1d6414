import ScenarioDiagnostics
import ScenarioIR

extension Checker {
  /// Folds an expression whose operands are constants into a constant, using the same
  /// `Semantics` the engine uses. Random draws, slots and references are never folded.
  mutating func fold(_ ir: IRExpr) -> IRExpr {
    func constant(_ v: Value) -> IRExpr { IRExpr(.constant(v), type: ir.type, span: ir.span) }
    do {
      switch ir.kind {
      case .binary(let op, let a, let b):
        // Short-circuit constants fold even when the other side is not constant.
        if op == .and, a.constantValue == .bool(false) || b.constantValue == .bool(false) { return constant(.bool(false)) }
        if op == .or, a.constantValue == .bool(true) || b.constantValue == .bool(true) { return constant(.bool(true)) }
        guard let x = a.constantValue, let y = b.constantValue else { return ir }
        return constant(try Semantics.binary(op, x, y, textLimit: options.limits.textBytes))
      case .negate(let a):
        guard let x = a.constantValue else { return ir }
        return constant(try Semantics.negate(x))
      case .not(let a):
        guard let x = a.constantValue else { return ir }
        return constant(.bool(!x.isTrue))
      case .isNull(let a):
        guard let x = a.constantValue else { return ir }
        return constant(.bool(x.isNull))
      case .conditional(let c, let x, let y):
        guard let cv = c.constantValue else { return ir }
        let chosen = cv.isTrue ? x : y
        return IRExpr(chosen.kind, type: ir.type, span: ir.span)
      case .call(let f, let args):
        let values = args.compactMap(\.constantValue)
        guard values.count == args.count else { return ir }
        return constant(try Semantics.call(f, values, textLimit: options.limits.textBytes))
      default:
        return ir
      }
    } catch {
      let isDivision = error.message.contains("by zero") || error.message.contains("by a zero")
      if !deadCode {
        diagnostics.error(
          isDivision ? .divisionByZero : .invalidConstant,
          "this constant expression cannot be evaluated: \(error.message)", at: ir.span, label: error.message)
      }
      return IRExpr(.constant(.null), type: .error, span: ir.span)
    }
  }
}
