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
      // The overrides whose persona has rows in this chunk (the others change nothing).
      let present = branches.filter { f.rows(ofPersona: $0.persona).any }
      let usesBase: Mask
      if present.isEmpty {
        usesBase = mask
      } else {
        let personas = f.personas
        usesBase = mask.narrowed(personas.prefix(n).map { p in !(p >= -1 && p <= top && overridden[p + 1]) }, true)
      }
      let baseHasRows = usesBase.map { $0.contains(true) } ?? (n > 0)
      var result: Column = baseHasRows ? try b(f, usesBase) : .constant(.null)
      for branch in present {
        let rows = mask.narrowed(f.rows(ofPersona: branch.persona).rows, true)
        guard mask == nil || rows.contains(true) else { continue }
        result = Column.select(rows, try branch.eval(f, rows), result, n)
      }
      return result
    }
  }
}
