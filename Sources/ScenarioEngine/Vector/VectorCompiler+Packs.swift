import ScenarioIR
import ScenarioPacks

extension VectorCompiler {
  /// A pack built-in column by column: its locale is resolved once per distinct locale of the
  /// chunk (once per dictionary entry for a choice of locales), its text arguments and its
  /// keyed draw are read from their typed columns, and `Semantics.packText` computes each row
  /// exactly as the row interpreter does. Nil when `f` is not a pack built-in.
  func compilePackCall(_ f: Builtin, _ args: [IRExpr]) -> VectorEval? {
    guard Semantics.isPackBuiltin(f) else { return nil }
    let evals = args.map(compile)
    let takesLocale = Semantics.packTakesLocale(f)
    let draws = Semantics.packDraws(f)
    let firstText = takesLocale ? 1 : 0
    let textCount = args.count - firstText - (draws ? 1 : 0)
    return { frame, mask throws(VectorBail) in
      let n = frame.n
      var columns: [Column] = []
      columns.reserveCapacity(evals.count)
      for e in evals { columns.append(try e(frame, mask)) }
      // Each argument is read into a plain per-row array first (a row any argument is null for
      // is skipped: null in, null out), so that the row loop below touches no column.
      var skip = [Bool](repeating: false, count: n)
      for r in 0..<n where !mask.has(r) { skip[r] = true }
      var packOf = [Int32](repeating: 0, count: n)
      var packs = [Packs.placeholder]
      if takesLocale { packs = try LocaleReader.read(columns[0], n, &skip, into: &packOf) }
      let a = textCount > 0 ? TextReader.read(columns[firstText], n, &skip) : TextArena(bytes: [], ends: [])
      let b = textCount > 1 ? TextReader.read(columns[firstText + 1], n, &skip) : TextArena(bytes: [], ends: [])
      let seeds = draws ? try SeedReader.read(columns[columns.count - 1], n, &skip) : []
      // The texts go into bytes end to end; skipped rows and null results are null.
      var out = TextArenaBuilder(rows: n)
      defer { out.discard() }
      var nulls = skip
      var scratch = Semantics.PackScratch()
      // The packs live as long as the process (the pack cache holds them), so the rows use them
      // without counting references: every thread would write the same counts otherwise.
      let unretained = packs.map { Unmanaged.passUnretained($0) }
      do {
        try a.withUnsafeParts { pa, _ in
          try b.withUnsafeParts { pb, _ in
            for r in 0..<n {
              if !skip[r] {
                let x = textCount > 0 ? a.row(r, in: pa) : pa
                let y = textCount > 1 ? b.row(r, in: pb) : pb
                let seed = draws ? seeds[r] : 0
                let written = try unretained[Int(packOf[r])]._withUnsafeGuaranteedRef { pack in
                  try Semantics.packWrite(f, pack, x, y, seed: seed, into: &out, scratch: &scratch)
                }
                if !written { nulls[r] = true }
              }
              out.endRow()
            }
          }
        }
      } catch { throw VectorBail("\(error)") }
      withExtendedLifetime(packs) {}
      return Column(.arena(out.finish()), nulls: nulls.contains(true) ? nulls : nil)
    }
  }
}

/// A pack built-in's locale argument: each distinct locale resolved once (a choice of locales
/// by its dictionary; any other column while the name repeats).
private enum LocaleReader {
  /// The packs of the chunk's locales, with `packOf[r]` row `r`'s; null rows are skipped.
  static func read(_ column: Column, _ n: Int, _ skip: inout [Bool], into packOf: inout [Int32]) throws(VectorBail)
    -> [LocalePack]
  {
    var packs: [LocalePack] = []
    func resolve(_ name: String) throws(VectorBail) -> LocalePack {
      // An unknown locale: the row interpreter reports it.
      guard let pack = Packs.locale(name) else { throw VectorBail("unknown locale") }
      return pack
    }
    switch column.storage {
    case .constant(let v):
      if v.isNull {
        skip = [Bool](repeating: true, count: n)
        return [Packs.placeholder]
      }
      guard skip.contains(false) else { return [Packs.placeholder] }
      return [try resolve(Semantics.text(v))]
    case .texts(let codes, let dictionary):
      var index = [Int32](repeating: -1, count: dictionary.texts.count)
      for r in 0..<n where !skip[r] {
        if column.isNull(r) {
          skip[r] = true
          continue
        }
        let code = Int(codes[r])
        if index[code] < 0 {
          index[code] = Int32(packs.count)
          packs.append(try resolve(dictionary.texts[code]))
        }
        packOf[r] = index[code]
      }
    default:
      var lastName: String? = nil
      for r in 0..<n where !skip[r] {
        let v = column.value(at: r)
        if v.isNull {
          skip[r] = true
          continue
        }
        let name = Semantics.text(v)
        if name != lastName {
          lastName = name
          packs.append(try resolve(name))
        }
        packOf[r] = Int32(packs.count - 1)
      }
    }
    return packs.isEmpty ? [Packs.placeholder] : packs
  }
}

/// A text argument read into UTF-8 bytes per row (null rows skipped, and left empty).
private enum TextReader {
  static func read(_ column: Column, _ n: Int, _ skip: inout [Bool]) -> TextArena {
    if case .arena(let arena) = column.storage {
      for r in 0..<n where !skip[r] && column.isNull(r) { skip[r] = true }
      return arena
    }
    var out = TextArenaBuilder(rows: n)
    if let rows = TextRows(column, n) {
      for r in 0..<n {
        if !skip[r] {
          if rows.isNull(r) { skip[r] = true } else { rows.extend(r, &out) }
        }
        out.endRow()
      }
      return out.finish()
    }
    // Not a text column: each value's text.
    for r in 0..<n {
      if !skip[r] {
        let v = column.value(at: r)
        if v.isNull { skip[r] = true } else { out.append(Semantics.text(v)) }
      }
      out.endRow()
    }
    return out.finish()
  }
}

/// The keyed draw argument (an integer column) read as 64 bits per row (null rows skipped).
private enum SeedReader {
  static func read(_ column: Column, _ n: Int, _ skip: inout [Bool]) throws(VectorBail) -> [UInt64] {
    var out = [UInt64](repeating: 0, count: n)
    if case .ints(let ints, _) = column.storage {
      for r in 0..<n where !skip[r] {
        if column.isNull(r) { skip[r] = true } else { out[r] = UInt64(bitPattern: ints[r]) }
      }
      return out
    }
    for r in 0..<n where !skip[r] {
      switch column.value(at: r) {
      case .null: skip[r] = true
      case .int(let s): out[r] = UInt64(bitPattern: s)
      default: throw VectorBail("a pack function needs its draw")
      }
    }
    return out
  }
}
