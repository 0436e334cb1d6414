import ScenarioIR

extension VectorCompiler {
  /// `persona`: the row's persona name, as codes into the table's persona names (null for a row
  /// without a persona).
  func compilePersona() -> VectorEval {
    let names = rows.program.tables[rows.table].personas?.names ?? []
    let dictionary = TextDictionary(names)
    return { f, _ in
      guard !names.isEmpty else { return .constant(.null) }
      let personas = f.personas
      let codes = personas.map { Int32($0 >= 0 && $0 < names.count ? $0 : 0) }
      let missing = personas.contains { $0 < 0 || $0 >= names.count }
      return Column(.texts(codes, dictionary), nulls: missing ? personas.map { $0 < 0 || $0 >= names.count } : nil)
    }
  }

  /// A column with persona overrides (`x = base | star: 9.0`), column by column: the base for
  /// the rows whose persona has no override, each override for its persona's rows (the rows the
  /// row interpreter evaluates each for, so draws and failures happen for the same rows), then
  /// the results merged by row.
  func compilePersonaSwitch(_ base: IRExpr, _ overrides: [Int: IRExpr]) -> VectorEval {
    let b = compile(base)
    let branches = overrides.sorted { $0.key < $1.key }.map { (persona: $0.key, eval: compile($0.value)) }
    // Whether persona p has an override: `overridden[p + 1]` (index 0: no persona).
    let top = max(overrides.keys.max() ?? 0, 0)
    let overridden = (-1...top).map { overrides[$0] != nil }
    return { f, mask throws(VectorBail) in
      let n = f.n
      let personas = f.personas
      let usesBase = mask.narrowed(
        personas.prefix(n).map { p in !(p >= -1 && p <= top && overridden[p + 1]) }, true)
      var result: Column = usesBase.contains(true) ? try b(f, usesBase) : .constant(.null)
      for branch in branches {
        let mine = personas.prefix(n).map { $0 == branch.persona }
        let rows = mask.narrowed(mine, true)
        guard rows.contains(true) else { continue }
        result = Column.select(rows, try branch.eval(f, rows), result, n)
      }
      return result
    }
  }
}
