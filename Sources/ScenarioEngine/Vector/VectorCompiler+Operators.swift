import ScenarioDiagnostics
import ScenarioIR

extension VectorCompiler {
  /// Binary operators: `and`/`or` evaluate their right operand only for the rows the left one
  /// does not decide; the others evaluate both operands for every row of the mask.
  func compileBinary(_ op: IROperator, _ x: @escaping VectorEval, _ y: @escaping VectorEval) -> VectorEval {
    switch op {
    case .and, .or:
      let isAnd = op == .and
      return { f, mask throws(VectorBail) in
        let a = try x(f, mask).truth(f.n)
        let rest = mask.narrowed(a, isAnd)
        guard rest.contains(true) else { return Column(.bools(a)) }
        let b = try y(f, rest).truth(f.n)
        return Column(.bools(isAnd ? (0..<f.n).map { a[$0] && b[$0] } : (0..<f.n).map { a[$0] || b[$0] }))
      }
    default:
      return { f, mask throws(VectorBail) in
        let a = try x(f, mask)
        let b = try y(f, mask)
        if let c = try fastBinary(op, a, b, f.n, mask) { return c }
        let limit = rows.program.limits.textBytes
        return try perRow(f, mask) { r throws(EvalError) in
          try Semantics.binary(op, a.value(at: r), b.value(at: r), textLimit: limit)
        }
      }
    }
  }

  /// A chain of three or more texts joined with `++` (`a ++ b ++ c`, templates): every part
  /// evaluated once (integers as their decimal texts), then joined into one arena, instead of
  /// an arena per `++`. Null when any part is null, as each `++` is. When a part is neither a
  /// text nor an integer column, or the text would pass the budget, the chain is evaluated `++`
  /// by `++` as written (which reports the budget as the row interpreter does). Nil for a chain
  /// of two.
  func compileConcatChain(_ expr: IRExpr) -> VectorEval? {
    var parts: [IRExpr] = []
    func collect(_ e: IRExpr) {
      if case .binary(.concat, let a, let b) = e.kind {
        collect(a)
        collect(b)
      } else {
        parts.append(e)
      }
    }
    collect(expr)
    guard parts.count > 2, case .binary(.concat, let a, let b) = expr.kind else { return nil }
    let evals = parts.map(compile)
    let pairwise = compileBinary(.concat, compile(a), compile(b))
    let limit = rows.program.limits.textBytes
    return { f, mask throws(VectorBail) in
      let n = f.n
      var readers: [TextRows] = []
      readers.reserveCapacity(evals.count)
      for e in evals {
        guard let t = Column.concatOperand(try e(f, mask), n, mask) else { return try pairwise(f, mask) }
        readers.append(t)
      }
      if let joined = TextRows.concat(readers, n, mask, limit: limit) { return joined }
      return try pairwise(f, mask)
    }
  }

  /// The typed cases: numbers (ints widen to floats when the other operand is a float, as
  /// `Semantics` does), ints with ints, date-times and durations. Nil for any other case.
  func fastBinary(_ op: IROperator, _ a: Column, _ b: Column, _ n: Int, _ mask: Mask) throws(VectorBail) -> Column? {
    if let c = textBinary(op, a, b, n, mask) { return c }
    if let x = a.ints(n, kind: .int), let y = b.ints(n, kind: .int) {
      return try intBinary(op, x, y, a, b, n, mask)
    }
    if let x = numbers(a, n), let y = numbers(b, n) {
      return try floatBinary(op, x, y, a, b, n, mask)
    }
    for kind in [StoredColumn.IntKind.datetime, .date, .duration] {
      guard let x = a.ints(n, kind: kind), let y = b.ints(n, kind: kind) else { continue }
      if let c = compare(op, x, y, a, b, n) { return c }
      if kind == .datetime, op == .subtract {
        return Column(.ints((0..<n).map { x[$0] &- y[$0] }, .duration), nulls: Column.eitherNull(a, b, n))
      }
      return nil
    }
    if let x = a.ints(n, kind: .datetime), let y = b.ints(n, kind: .duration), op == .add || op == .subtract {
      let sum = op == .add ? (0..<n).map { x[$0] &+ y[$0] } : (0..<n).map { x[$0] &- y[$0] }
      return Column(.ints(sum, .datetime), nulls: Column.eitherNull(a, b, n))
    }
    return nil
  }

  /// Texts compared with a text constant (`==`, `!=`: null equals only null) and texts (or
  /// integers, as their decimal texts) joined with `++` (null when either side is null).
  func textBinary(_ op: IROperator, _ a: Column, _ b: Column, _ n: Int, _ mask: Mask) -> Column? {
    if op == .concat, let x = Column.concatOperand(a, n, mask), let y = Column.concatOperand(b, n, mask) {
      return TextRows.concat([x, y], n, mask, limit: rows.program.limits.textBytes)
    }
    switch (op, a.storage, b.storage) {
    case (.equal, .texts(let codes, let d), .constant(.text(let s))), (.equal, .constant(.text(let s)), .texts(let codes, let d)),
      (.notEqual, .texts(let codes, let d), .constant(.text(let s))), (.notEqual, .constant(.text(let s)), .texts(let codes, let d)):
      // Each distinct text is compared once; a null row equals no text.
      let want = op == .equal
      let matches = d.texts.map { ($0 == s) == want }
      let nulls = a.nulls ?? b.nulls
      return Column(.bools((0..<n).map { r in (nulls?[r] ?? false) ? !want : matches[Int(codes[r])] }))
    case (.equal, .values(let v), .constant(.text(let s))), (.equal, .constant(.text(let s)), .values(let v)),
      (.notEqual, .values(let v), .constant(.text(let s))), (.notEqual, .constant(.text(let s)), .values(let v)):
      let want = op == .equal
      return Column(.bools(v.map { x in
        if case .text(let t) = x { return (t == s) == want }
        return !want
      }))
    case (.concat, .constant(.text(let p)), .values(let v)):
      // A text over the budget is left to the row interpreter, which reports it.
      let room = rows.program.limits.textBytes - p.utf8.count
      var out = [Value](repeating: .null, count: n)
      for r in 0..<n where mask.has(r) {
        if case .text(let t) = v[r], t.utf8.count <= room { out[r] = .text(p + t) } else if !v[r].isNull { return nil }
      }
      return Column(.values(out))
    case (.concat, .values(let v), .constant(.text(let p))):
      let room = rows.program.limits.textBytes - p.utf8.count
      var out = [Value](repeating: .null, count: n)
      for r in 0..<n where mask.has(r) {
        if case .text(let t) = v[r], t.utf8.count <= room { out[r] = .text(t + p) } else if !v[r].isNull { return nil }
      }
      return Column(.values(out))
    default: return nil
    }
  }

  /// A float view of a numeric column: floats, or ints widened.
  func numbers(_ c: Column, _ n: Int) -> [Double]? {
    if let d = c.floats(n) { return d }
    if let i = c.ints(n, kind: .int) { return i.map { Double($0) } }
    return nil
  }

  func intBinary(
    _ op: IROperator, _ x: [Int64], _ y: [Int64], _ a: Column, _ b: Column, _ n: Int, _ mask: Mask
  ) throws(VectorBail) -> Column? {
    if let c = compare(op, x, y, a, b, n) { return c }
    let nulls = Column.eitherNull(a, b, n)
    switch op {
    case .add, .subtract, .multiply:
      var out = [Int64](repeating: 0, count: n)
      for r in 0..<n {
        let (v, overflow) =
          op == .add ? x[r].addingReportingOverflow(y[r])
          : op == .subtract ? x[r].subtractingReportingOverflow(y[r]) : x[r].multipliedReportingOverflow(by: y[r])
        // An overflow fails only in a row that is evaluated and not null.
        if overflow, mask.has(r), !(nulls?[r] ?? false) { throw VectorBail() }
        out[r] = v
      }
      return Column(.ints(out, .int), nulls: nulls)
    default: return nil
    }
  }

  func floatBinary(
    _ op: IROperator, _ x: [Double], _ y: [Double], _ a: Column, _ b: Column, _ n: Int, _ mask: Mask
  ) throws(VectorBail) -> Column? {
    if let c = compare(op, x, y, a, b, n) { return c }
    let nulls = Column.eitherNull(a, b, n)
    switch op {
    case .add: return Column(.floats((0..<n).map { x[$0] + y[$0] }), nulls: nulls)
    case .subtract: return Column(.floats((0..<n).map { x[$0] - y[$0] }), nulls: nulls)
    case .multiply: return Column(.floats((0..<n).map { x[$0] * y[$0] }), nulls: nulls)
    case .divide:
      for r in 0..<n where y[r] == 0 && mask.has(r) && !(nulls?[r] ?? false) { throw VectorBail() }
      return Column(.floats((0..<n).map { x[$0] / y[$0] }), nulls: nulls)
    default: return nil
    }
  }

  /// Comparisons of two columns of one ordered kind. `==` and `!=` treat null as a value (null
  /// equals only null); the orderings are null when either side is.
  func compare<T: Comparable>(_ op: IROperator, _ x: [T], _ y: [T], _ a: Column, _ b: Column, _ n: Int) -> Column? {
    let nulls = Column.eitherNull(a, b, n)
    switch op {
    case .equal, .notEqual:
      let want = op == .equal
      guard a.nulls != nil || b.nulls != nil else { return Column(.bools((0..<n).map { (x[$0] == y[$0]) == want })) }
      return Column(.bools((0..<n).map { r in
        let an = a.nulls?[r] ?? false
        let bn = b.nulls?[r] ?? false
        let same = an || bn ? an == bn : x[r] == y[r]
        return same == want
      }))
    // `Semantics.compare` orders NaN as equal to everything, so `<=` is "not greater" and `>=`
    // "not less" (Swift's own `<=` and `>=` are false for NaN).
    case .less: return Column(.bools((0..<n).map { x[$0] < y[$0] }), nulls: nulls)
    case .lessEqual: return Column(.bools((0..<n).map { !(x[$0] > y[$0]) }), nulls: nulls)
    case .greater: return Column(.bools((0..<n).map { x[$0] > y[$0] }), nulls: nulls)
    case .greaterEqual: return Column(.bools((0..<n).map { !(x[$0] < y[$0]) }), nulls: nulls)
    default: return nil
    }
  }

  /// Built-in calls: typed cases for the common numeric and date-time functions, `Semantics.call`
  /// per row for the rest.
  func compileCall(_ function: Builtin, _ args: [VectorEval]) -> VectorEval {
    let limit = rows.program.limits.textBytes
    return { f, mask throws(VectorBail) in
      var columns: [Column] = []
      columns.reserveCapacity(args.count)
      for a in args { columns.append(try a(f, mask)) }
      if let c = try fastCall(function, columns, f.n, mask) { return c }
      if let c = valueCall(function, columns, f.n, mask, limit: limit) { return c }
      if let c = dictionaryCall(function, columns, f.n, mask, limit: limit) { return c }
      if let c = bytesCall(function, columns, f, mask, limit: limit) { return c }
      var values = [Value](repeating: .null, count: columns.count)
      return try perRow(f, mask) { r throws(EvalError) in
        for i in columns.indices { values[i] = columns[i].value(at: r) }
        return try Semantics.call(function, values, textLimit: limit)
      }
    }
  }

  func fastCall(_ function: Builtin, _ c: [Column], _ n: Int, _ mask: Mask) throws(VectorBail) -> Column? {
    switch function {
    case .clamp:
      guard c.count == 3, let x = c[0].floats(n), let lo = c[1].floats(n), let hi = c[2].floats(n) else { return nil }
      let nulls = Column.anyNull(c, n)
      for r in 0..<n where lo[r] > hi[r] && mask.has(r) && !(nulls?[r] ?? false) { throw VectorBail() }
      return Column(.floats((0..<n).map { r in x[r] < lo[r] ? lo[r] : x[r] > hi[r] ? hi[r] : x[r] }), nulls: nulls)
    case .hour, .weekday, .date:
      guard c.count == 1, let t = c[0].ints(n, kind: .datetime) else { return nil }
      let days = t.map { CivilCalendar.floorDiv($0, 86_400) }
      switch function {
      case .hour: return Column(.ints((0..<n).map { (t[$0] &- days[$0] &* 86_400) / 3600 }, .int), nulls: c[0].nulls)
      case .weekday: return Column(.ints(days.map { CivilCalendar.weekday(fromDays: $0) }, .int), nulls: c[0].nulls)
      default: return Column(.ints(days, .date), nulls: c[0].nulls)
      }
    case .seconds, .minutes, .hours, .days, .weeks:
      guard c.count == 1, let x = numbers(c[0], n) else { return nil }
      let unit: Double =
        function == .seconds ? 1 : function == .minutes ? 60 : function == .hours ? 3600
        : function == .days ? 86_400 : 604_800
      let nulls = c[0].nulls
      var out = [Int64](repeating: 0, count: n)
      for r in 0..<n {
        // `Semantics.durationFromSeconds`.
        let s = x[r] * unit
        guard s.isFinite, s.magnitude < 9.2e18 else {
          if mask.has(r) && !(nulls?[r] ?? false) { throw VectorBail() }
          continue
        }
        out[r] = Int64(s.rounded(.toNearestOrAwayFromZero))
      }
      return Column(.ints(out, .duration), nulls: nulls)
    case .inSeconds, .inMinutes, .inHours, .inDays:
      guard c.count == 1, let d = c[0].ints(n, kind: .duration) else { return nil }
      let unit: Double = function == .inSeconds ? 1 : function == .inMinutes ? 60 : function == .inHours ? 3600 : 86_400
      return Column(.floats(d.map { Double($0) / unit }), nulls: c[0].nulls)
    case .round, .floor, .ceil:
      guard c.count == 1, let x = numbers(c[0], n) else { return nil }
      let rule: FloatingPointRoundingRule =
        function == .round ? .toNearestOrAwayFromZero : function == .floor ? .down : .up
      let nulls = c[0].nulls
      var out = [Int64](repeating: 0, count: n)
      for r in 0..<n {
        // `Semantics.toInt`.
        let d = x[r].rounded(rule)
        guard d.isFinite, d >= -9.2e18, d <= 9.2e18 else {
          if mask.has(r) && !(nulls?[r] ?? false) { throw VectorBail() }
          continue
        }
        out[r] = Int64(d)
      }
      return Column(.ints(out, .int), nulls: nulls)
    case .abs:
      guard c.count == 1, let x = c[0].floats(n) else { return nil }
      return Column(.floats(x.map { Swift.abs($0) }), nulls: c[0].nulls)
    case .min, .max:
      guard c.count == 2, let x = c[0].floats(n), let y = c[1].floats(n) else { return nil }
      let isMin = function == .min
      // `Semantics.extreme`: the first argument unless the second is strictly better.
      let out = (0..<n).map { r in isMin ? (y[r] < x[r] ? y[r] : x[r]) : (y[r] > x[r] ? y[r] : x[r]) }
      return Column(.floats(out), nulls: Column.eitherNull(c[0], c[1], n))
    default: return nil
    }
  }
}
