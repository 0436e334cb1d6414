import ScenarioIR
import ScenarioPacks

extension VectorCompiler {
  /// A pack built-in column by column: its locale is resolved once per distinct locale of the
  /// chunk (once per dictionary entry for a choice of locales), then `Semantics.packValue`
  /// computes each row exactly as the row interpreter does. Nil when `f` is not a pack built-in.
  func compilePackCall(_ f: Builtin, _ args: [IRExpr]) -> VectorEval? {
    guard Semantics.isPackBuiltin(f) else { return nil }
    let evals = args.map(compile)
    let takesLocale = Semantics.packTakesLocale(f)
    return { frame, mask throws(VectorBail) in
      let n = frame.n
      var columns: [Column] = []
      columns.reserveCapacity(evals.count)
      for e in evals { columns.append(try e(frame, mask)) }
      var packsByCode: [LocalePack?]? = nil
      var codes: [Int32] = []
      if takesLocale, case .texts(let c, let dictionary) = columns[0].storage {
        packsByCode = dictionary.texts.map(Packs.locale)
        codes = c
      }
      var values = [Value](repeating: .null, count: columns.count)
      var out = [Value](repeating: .null, count: n)
      var lastName = ""
      var lastPack: LocalePack? = nil
      rows: for r in 0..<n where mask.has(r) {
        for i in columns.indices {
          values[i] = columns[i].value(at: r)
          if values[i].isNull { continue rows }  // null in, null out
        }
        var pack: LocalePack? = nil
        if takesLocale {
          if let packsByCode {
            pack = packsByCode[Int(codes[r])]
          } else {
            let name = Semantics.text(values[0])
            if name != lastName || lastPack == nil {
              lastName = name
              lastPack = Packs.locale(name)
            }
            pack = lastPack
          }
          // An unknown locale: the row loop reports it.
          guard pack != nil else { throw VectorBail("unknown locale") }
        }
        do { out[r] = try Semantics.packValue(f, pack, values) } catch { throw VectorBail("\(error)") }
      }
      return Column.compacting(out, mask)
    }
  }
}
