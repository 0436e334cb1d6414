import ScenarioAST

/// Renames tables in declarations (`include ... as prefix`): every place a table is named, its
/// declaration, a parent or factor, `pick`, `over`, `expect`, `into`, gets `prefix` in front when
/// the name is one of `tables`. Other names (columns, parameters, `let`s) are left alone.
struct TableRenamer {
  let prefix: String
  var tables: Set<String> = []

  init(prefix: String) { self.prefix = prefix }

  func rename(_ n: Name) -> Name { tables.contains(n.text) ? Name(prefix + n.text, span: n.span) : n }

  func rename(_ d: Declaration) -> Declaration {
    var d = d
    switch d.kind {
    case .table(var t):
      t.name = rename(t.name)
      if let into = t.into { t.into = rename(into) }
      switch t.count {
      case .fixed(let e): t.count = .fixed(rename(e))
      case .perParent(var spec):
        spec.parent = rename(spec.parent)
        spec.product = spec.product.map { ChildBinding(variable: $0.variable, table: rename($0.table)) }
        spec.count = spec.count.map(rename)
        spec.filter = spec.filter.map(rename)
        t.count = .perParent(spec)
      case .inline, .source, .invalid: break
      }
      t.items = t.items.map(rename)
      d.kind = .table(t)
    case .expect(var e):
      e.table = rename(e.table)
      e.condition = rename(e.condition)
      d.kind = .expect(e)
    case .param(var p):
      p.defaultValue = rename(p.defaultValue)
      d.kind = .param(p)
    case .letConstant(let n, let t, let e): d.kind = .letConstant(n, t, rename(e))
    case .mode, .scenario, .seed, .now, .include, .timezone, .invalid: break
    }
    return d
  }

  func rename(_ item: TableItem) -> TableItem {
    var item = item
    switch item.kind {
    case .column(let c): item.kind = .column(rename(c))
    case .hidden(let c): item.kind = .hidden(rename(c))
    case .personas(let ps):
      item.kind = .personas(ps.map { p in
        var p = p
        p.overrides = p.overrides.map { Assignment(name: $0.name, value: rename($0.value)) }
        return p
      })
    case .order(let o):
      item.kind = .order(OrderDecl(keys: o.keys.map { .init(expr: rename($0.expr), descending: $0.descending) }, group: o.group))
    case .owned(.condition(let e)): item.kind = .owned(.condition(rename(e)))
    case .key, .correlate, .invalid, .naturalKey, .conflict, .owned(.through), .doublePrecision: break
    }
    return item
  }

  func rename(_ c: ColumnDecl) -> ColumnDecl {
    var c = c
    c.value = rename(c.value)
    if let table = c.type?.table { c.type?.table = rename(table) }
    c.overrides = c.overrides.map { PersonaOverride(personas: $0.personas, value: rename($0.value)) }
    return c
  }

  func rename(_ e: Expr) -> Expr {
    let r: (Expr) -> Expr = { rename($0) }
    var e = e
    switch e.kind {
    case .literal, .name, .now, .persona, .calendar, .invalid: break
    case .unary(let op, let a): e.kind = .unary(op, r(a))
    case .binary(let op, let a, let b): e.kind = .binary(op, r(a), r(b))
    case .conditional(let c, let a, let b): e.kind = .conditional(r(c), r(a), r(b))
    case .call(let f, let args): e.kind = .call(f, args.map(r))
    case .field(let base, let n): e.kind = .field(r(base), n)
    case .isNull(let a, let negated): e.kind = .isNull(r(a), negated: negated)
    case .inList(let a, let list): e.kind = .inList(r(a), list.map(r))
    case .inRange(let a, let lo, let hi): e.kind = .inRange(r(a), r(lo), r(hi))
    case .clamp(let a, let lo, let hi): e.kind = .clamp(r(a), r(lo), r(hi))
    case .truncate(let a, let lo, let hi): e.kind = .truncate(r(a), r(lo), r(hi))
    case .choice(let arms): e.kind = .choice(arms.map { ChoiceArm(value: r($0.value), weight: r($0.weight)) })
    case .mixture(let arms): e.kind = .mixture(arms.map { ChoiceArm(value: r($0.value), weight: r($0.weight)) })
    case .histogram(let bins):
      e.kind = .histogram(bins.map { HistogramBin(low: r($0.low), high: r($0.high), weight: r($0.weight)) })
    case .match(let subject, let arms):
      e.kind = .match(subject.map(r), arms.map { arm in
        MatchArm(
          patterns: arm.patterns.map { p in
            switch p {
            case .value(let v): return .value(r(v))
            case .range(let lo, let hi): return .range(r(lo), r(hi))
            }
          }, value: r(arm.value), span: arm.span)
      })
    case .grouped(let a, let key): e.kind = .grouped(r(a), key: r(key))
    case .pick(let t, let filter, let weight, let distinct):
      e.kind = .pick(rename(t), filter: filter.map(r), weight: weight.map(r), distinct: distinct)
    case .aggregate(var spec):
      spec.table = rename(spec.table)
      spec.arguments = spec.arguments.map(r)
      spec.filter = spec.filter.map(r)
      spec.atLeast = spec.atLeast.map(r)
      e.kind = .aggregate(spec)
    }
    return e
  }
}
