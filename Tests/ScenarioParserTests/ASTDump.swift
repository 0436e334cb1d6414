import ScenarioAST
import ScenarioDiagnostics

/// A deterministic, indented dump of an AST for golden tests: one node per line, two spaces per
/// level, each node followed by its span as `@line:col-line:col` (1-based, columns in Unicode
/// scalars, the end exclusive). Lives in the test target so that the dump format can change
/// without touching the compiler.
struct ASTDump {
  private let file: SourceFile
  private var lines: [String] = []
  private var depth = 0

  /// Dumps a parsed file.
  static func dump(_ ast: ScenarioFile, in file: SourceFile) -> String {
    var d = ASTDump(file: file)
    d.line("file")
    d.nested { for decl in ast.declarations { $0.declaration(decl) } }
    return d.lines.joined(separator: "\n") + "\n"
  }

  /// Dumps one expression.
  static func dump(_ expr: Expr, in file: SourceFile) -> String {
    var d = ASTDump(file: file)
    d.expr(expr)
    return d.lines.joined(separator: "\n") + "\n"
  }

  private init(file: SourceFile) { self.file = file }

  // MARK: - Output

  private mutating func line(_ text: String, _ span: SourceSpan? = nil) {
    let at = span.map { " " + spanText($0) } ?? ""
    lines.append(String(repeating: "  ", count: depth) + text + at)
  }

  private mutating func nested(_ body: (inout ASTDump) -> Void) {
    depth += 1
    body(&self)
    depth -= 1
  }

  /// `@line:col-line:col`, or `@none` for a synthesised span, or `@file N` for another file.
  private func spanText(_ span: SourceSpan) -> String {
    if span == .none { return "@none" }
    if span.file != file.id { return "@file\(span.file):\(span.start)-\(span.end)" }
    return "@\(file.location(of: span.start))-\(file.location(of: span.end))"
  }

  private func name(_ n: Name) -> String { "'\(n.text)' \(spanText(n.span))" }

  // MARK: - Declarations

  private mutating func declaration(_ d: Declaration) {
    switch d.kind {
    case .scenario(let n): line("scenario \(name(n))", d.span)
    case .timezone(let z, let span): line("timezone \"\(z)\" \(spanText(span))", d.span)
    case .include(let i):
      line("include \"\(i.path)\" \(spanText(i.pathSpan))" + (i.prefix.map { " as \(name($0))" } ?? ""), d.span)
    case .seed(let v, let span): line("seed \(v) (value \(spanText(span)))", d.span)
    case .now(let e):
      line("now", d.span)
      nested { $0.expr(e) }
    case .param(let p):
      line("param \(name(p.name))", d.span)
      nested {
        if let t = p.type { $0.type(t) }
        $0.line("default")
        $0.nested { $0.expr(p.defaultValue) }
        if let allowed = p.allowed {
          $0.line("allowed")
          $0.nested { for a in allowed { $0.expr(a) } }
        }
      }
    case .letConstant(let n, let t, let e):
      line("let \(name(n))", d.span)
      nested {
        if let t { $0.type(t) }
        $0.expr(e)
      }
    case .mode(let m):
      line("mode \(name(m.name))", d.span)
      nested { for a in m.assignments { $0.assignment(a) } }
    case .table(let t): table(t, d.span)
    case .expect(let e):
      line("\(e.reportOnly ? "report" : "expect") \(name(e.table))", d.span)
      nested {
        $0.expr(e.condition)
        if let approximately = e.approximately {
          $0.line("approximately")
          $0.nested {
            $0.expr(approximately.value)
            $0.expr(approximately.tolerance)
          }
        }
      }
    case .invalid: line("invalid-declaration", d.span)
    }
  }

  private mutating func type(_ t: TypeAnnotation) {
    let precision = t.precision.map { "(\($0))" } ?? ""
    line("type \(t.name.text)\(precision)\(t.nullable ? "?" : "")", t.span)
  }

  private mutating func assignment(_ a: Assignment) {
    line("set \(name(a.name))")
    nested { $0.expr(a.value) }
  }

  // MARK: - Tables

  private mutating func table(_ t: TableDecl, _ span: SourceSpan) {
    line("table \(name(t.name)) (body \(spanText(t.bodyOpen)))", span)
    nested {
      $0.count(t.count)
      for item in t.items { $0.item(item) }
    }
  }

  private mutating func count(_ c: TableCount) {
    switch c {
    case .fixed(let e):
      line("count")
      nested { $0.expr(e) }
    case .perParent(let spec):
      let more = spec.product.map { ", \(name($0.variable)) in \(name($0.table))" }.joined()
      line("count per \(name(spec.variable)) in \(name(spec.parent))\(more)")
      nested {
        if let n = spec.count {
          $0.line("rows")
          $0.nested { $0.expr(n) }
        }
        if let f = spec.filter {
          $0.line("where")
          $0.nested { $0.expr(f) }
        }
      }
    case .inline(let table):
      line(table.isList ? "list" : "inline")
      nested {
        for c in table.columns {
          $0.line("column \($0.name(c.name))" + (c.type.map { " : \($0.name.text)" } ?? ""))
        }
        for r in table.rows {
          $0.line("row", r.span)
          $0.nested { for v in r.values { $0.expr(v) } }
        }
      }
    case .source(let source):
      line("source \(source.origin.declared)", source.originSpan)
      nested {
        for c in source.columns {
          $0.line("column \($0.name(c.name))" + (c.type.map { " : \($0.name.text)\($0.nullable ? "?" : "")" } ?? ""))
        }
      }
    case .invalid(let span): line("count invalid", span)
    }
  }

  private mutating func item(_ item: TableItem) {
    switch item.kind {
    case .column(let c): column("column", c, item.span)
    case .hidden(let c): column("let", c, item.span)
    case .personas(let list):
      line("personas", item.span)
      nested { for p in list { $0.persona(p) } }
    case .key(let names, let assigned):
      line("key " + names.map(name).joined(separator: ", ") + (assigned == nil ? "" : " assigned"), item.span)
    case .naturalKey(let names): line("natural key " + names.map(name).joined(separator: ", "), item.span)
    case .doublePrecision(let names): line("double precision " + names.map(name).joined(separator: ", "), item.span)
    case .conflict(let policy): line("on conflict \(name(policy))", item.span)
    case .owned(.through(let c)): line("owned through \(name(c))", item.span)
    case .owned(.condition(let e)):
      line("owned where", item.span)
      nested { $0.expr(e) }
    case .correlate(let c):
      let method = c.method.map { " method \(name($0))" } ?? ""
      let repair = c.repair.map { " repair \(spanText($0.span))" } ?? ""
      line("correlate \(name(c.first)), \(name(c.second))\(method)\(repair)", item.span)
      nested { $0.expr(c.value) }
    case .order(let o):
      line("order" + (o.group.map { " within \(name($0))" } ?? ""), item.span)
      nested {
        for k in o.keys {
          $0.line(k.descending ? "key desc" : "key")
          $0.nested { $0.expr(k.expr) }
        }
      }
    case .invalid: line("invalid-item", item.span)
    }
  }

  private mutating func column(_ label: String, _ c: ColumnDecl, _ span: SourceSpan) {
    line("\(label) \(name(c.name))", span)
    let overrides = c.overrides.map { o in
      ("override " + o.personas.map(name).joined(separator: ", "), o.value)
    }
    nested {
      if let t = c.type { $0.type(t) }
      $0.expr(c.value)
      for (text, value) in overrides {
        $0.line(text)
        $0.nested { $0.expr(value) }
      }
    }
  }

  private mutating func persona(_ p: PersonaDecl) {
    switch p.share {
    case .count(let e):
      line("persona \(name(p.name)) count")
      nested { $0.expr(e) }
    case .percent(let v, let span): line("persona \(name(p.name)) percent \(v) \(spanText(span))")
    case .rest(let span): line("persona \(name(p.name)) rest \(spanText(span))")
    }
    nested { for a in p.overrides { $0.assignment(a) } }
  }

  // MARK: - Expressions

  private mutating func expr(_ e: Expr) {
    switch e.kind {
    case .literal(let lit): line(literal(lit), e.span)
    case .name(let n): line("name \(n)", e.span)
    case .now: line("now", e.span)
    case .persona: line("persona", e.span)
    case .unary(let op, let operand):
      line("unary \(op.rawValue)", e.span)
      nested { $0.expr(operand) }
    case .binary(let op, let l, let r):
      line("binary \(op.rawValue)", e.span)
      nested {
        $0.expr(l)
        $0.expr(r)
      }
    case .conditional(let c, let t, let f):
      line("conditional", e.span)
      nested { for x in [c, t, f] { $0.expr(x) } }
    case .call(let f, let args):
      line("call \(name(f))", e.span)
      nested { for a in args { $0.expr(a) } }
    case .field(let base, let f):
      line("field \(name(f))", e.span)
      nested { $0.expr(base) }
    case .isNull(let x, let negated):
      line(negated ? "is-not-null" : "is-null", e.span)
      nested { $0.expr(x) }
    case .inList(let x, let items):
      line("in-list", e.span)
      nested {
        $0.expr(x)
        for i in items { $0.expr(i) }
      }
    case .inRange(let x, let lo, let hi): ternary("in-range", e.span, x, lo, hi)
    case .clamp(let x, let lo, let hi): ternary("clamp", e.span, x, lo, hi)
    case .truncate(let x, let lo, let hi): ternary("truncate", e.span, x, lo, hi)
    case .choice(let arms):
      line("choice", e.span)
      nested {
        for a in arms {
          $0.line("arm")
          $0.nested {
            $0.expr(a.value)
            $0.expr(a.weight)
          }
        }
      }
    case .histogram(let bins):
      line("histogram", e.span)
      nested {
        for b in bins {
          $0.line("bin")
          $0.nested { for x in [b.low, b.high, b.weight] { $0.expr(x) } }
        }
      }
    case .calendar(let spec):
      line("calendar", e.span)
      nested {
        if let w = spec.window {
          $0.line("within")
          $0.nested { $0.expr(w.start); $0.expr(w.end) }
        }
        for (word, entries) in [("hours", spec.hours), ("weekend_hours", spec.weekendHours), ("weekdays", spec.weekdays)] {
          guard let entries else { continue }
          $0.line(word)
          $0.nested {
            for u in entries {
              $0.expr(u.low)
              if let h = u.high { $0.expr(h) }
              $0.expr(u.weight)
            }
          }
        }
        if let t = spec.trend {
          $0.line("trend")
          $0.nested { $0.expr(t) }
        }
        if let t = spec.step {
          $0.line("step")
          $0.nested { $0.expr(t) }
        }
        if let z = spec.zone {
          $0.line("zone")
          $0.nested { $0.expr(z) }
        }
      }
    case .aggregate(let a):
      line("aggregate \(a.function.text) over \(a.table.text)\(a.link.map { "." + $0.text } ?? "")", e.span)
      nested {
        for x in a.arguments { $0.expr(x) }
        if let f = a.filter {
          $0.line("where")
          $0.nested { $0.expr(f) }
        }
        if let n = a.atLeast {
          $0.line("at least")
          $0.nested { $0.expr(n) }
        }
      }
    case .mixture(let arms):
      line("mixture", e.span)
      nested {
        for a in arms {
          $0.line("arm")
          $0.nested {
            $0.expr(a.value)
            $0.expr(a.weight)
          }
        }
      }
    case .match(let subject, let arms):
      line("match", e.span)
      nested {
        if let subject {
          $0.line("subject")
          $0.nested { $0.expr(subject) }
        }
        for a in arms { $0.matchArm(a) }
      }
    case .grouped(let x, let key):
      line("grouped", e.span)
      nested {
        $0.expr(x)
        $0.line("per")
        $0.nested { $0.expr(key) }
      }
    case .pick(let t, let filter, let weight, let distinct):
      line("pick \(distinct ? "distinct " : "")\(name(t))", e.span)
      nested {
        if let filter {
          $0.line("where")
          $0.nested { $0.expr(filter) }
        }
        if let weight {
          $0.line("weighted-by")
          $0.nested { $0.expr(weight) }
        }
      }
    case .invalid: line("invalid", e.span)
    }
  }

  private mutating func ternary(
    _ label: String, _ span: SourceSpan, _ a: Expr, _ b: Expr, _ c: Expr
  ) {
    line(label, span)
    nested { for x in [a, b, c] { $0.expr(x) } }
  }

  private mutating func matchArm(_ a: MatchArm) {
    line(a.patterns.isEmpty ? "arm _" : "arm", a.span)
    nested {
      for p in a.patterns {
        switch p {
        case .value(let v):
          $0.line("pattern")
          $0.nested { $0.expr(v) }
        case .range(let lo, let hi):
          $0.line("pattern-range")
          $0.nested {
            $0.expr(lo)
            $0.expr(hi)
          }
        }
      }
      $0.line("=>")
      $0.nested { $0.expr(a.value) }
    }
  }

  private func literal(_ lit: Literal) -> String {
    switch lit {
    case .int(let v): "int \(v)"
    case .float(let v): "float \(v)"
    case .percent(let v): "percent \(v)"
    case .duration(let v): "duration \(v)s"
    case .string(let s): "string \(quoted(s))"
    case .bool(let b): "bool \(b)"
    case .date(let d): "date \(d)"
    case .datetime(let t): "datetime \(t)"
    case .null: "null"
    }
  }
}

/// A string in double quotes with `\n`, `\t`, `\r`, `\\`, `\"` and `\u{X}` for other control
/// characters, so that a dump is always one line per node and plain ASCII where the input was.
func quoted(_ s: String) -> String {
  var out = "\""
  for scalar in s.unicodeScalars {
    switch scalar {
    case "\n": out += "\\n"
    case "\t": out += "\\t"
    case "\r": out += "\\r"
    case "\\": out += "\\\\"
    case "\"": out += "\\\""
    default:
      if scalar.value < 0x20 || scalar.value == 0x7F {
        out += "\\u{\(String(scalar.value, radix: 16))}"
      } else {
        out.unicodeScalars.append(scalar)
      }
    }
  }
  return out + "\""
}

/// A compact one-line form of an expression, for precedence tests: `(+ 1 (* 2 3))`.
func sexpr(_ e: Expr) -> String {
  switch e.kind {
  case .literal(let lit):
    switch lit {
    case .int(let v): return "\(v)"
    case .float(let v): return "\(v)"
    case .percent(let v): return "\((v * 100 * 1e9).rounded() / 1e9)%"  // 0.3 * 100 is not 30
    case .duration(let v): return "\(v)s"
    case .string(let s): return quoted(s)
    case .bool(let b): return "\(b)"
    case .date(let d): return "date:\(d)"
    case .datetime(let t): return "datetime:\(t)"
    case .null: return "null"
    }
  case .name(let n): return n
  case .now: return "now"
  case .persona: return "persona"
  case .unary(let op, let x): return "(\(op.rawValue) \(sexpr(x)))"
  case .binary(let op, let l, let r): return "(\(op.rawValue) \(sexpr(l)) \(sexpr(r)))"
  case .conditional(let c, let t, let f): return "(? \(sexpr(c)) \(sexpr(t)) \(sexpr(f)))"
  case .call(let f, let args): return "(\(f.text)(\(args.map(sexpr).joined(separator: " "))))"
  case .field(let b, let f): return "(. \(sexpr(b)) \(f.text))"
  case .isNull(let x, let negated): return "(\(negated ? "is-not-null" : "is-null") \(sexpr(x)))"
  case .inList(let x, let items):
    return "(in \(sexpr(x)) [\(items.map(sexpr).joined(separator: " "))])"
  case .inRange(let x, let lo, let hi): return "(in \(sexpr(x)) \(sexpr(lo))..\(sexpr(hi)))"
  case .clamp(let x, let lo, let hi): return "(clamp \(sexpr(x)) \(sexpr(lo))..\(sexpr(hi)))"
  case .truncate(let x, let lo, let hi): return "(truncate \(sexpr(x)) \(sexpr(lo))..\(sexpr(hi)))"
  case .choice(let arms):
    return
      "(choice \(arms.map { "\(sexpr($0.value)):\(sexpr($0.weight))" }.joined(separator: " ")))"
  case .histogram(let bins):
    let b = bins.map { "\(sexpr($0.low))..\(sexpr($0.high)):\(sexpr($0.weight))" }
    return "(histogram \(b.joined(separator: " ")))"
  case .calendar(let spec):
    var parts: [String] = []
    if let w = spec.window { parts.append("within \(sexpr(w.start))..\(sexpr(w.end))") }
    for (word, entries) in [("hours", spec.hours), ("weekend_hours", spec.weekendHours), ("weekdays", spec.weekdays)] {
      guard let entries else { continue }
      let e = entries.map { "\(sexpr($0.low))\($0.high.map { ".." + sexpr($0) } ?? ""):\(sexpr($0.weight))" }
      parts.append("\(word) \(e.joined(separator: " "))")
    }
    if let t = spec.trend { parts.append("trend \(sexpr(t))") }
    if let t = spec.step { parts.append("step \(sexpr(t))") }
    if let z = spec.zone { parts.append("zone \(sexpr(z))") }
    return "(calendar \(parts.map { "[\($0)]" }.joined(separator: " ")))"
  case .aggregate(let a):
    let args = a.arguments.map(sexpr).joined(separator: " ")
    let link = a.link.map { "." + $0.text } ?? ""
    let filter = a.filter.map { " where " + sexpr($0) } ?? ""
    let least = a.atLeast.map { " at-least " + sexpr($0) } ?? ""
    return "(\(a.function.text) \(args) over \(a.table.text)\(link)\(filter)\(least))"
  case .mixture(let arms):
    return
      "(mixture \(arms.map { "\(sexpr($0.value)):\(sexpr($0.weight))" }.joined(separator: " ")))"
  case .match(let subject, let arms):
    let s = subject.map { sexpr($0) + " " } ?? ""
    let a = arms.map { arm -> String in
      let p =
        arm.patterns.isEmpty
        ? "_"
        : arm.patterns.map { p -> String in
          switch p {
          case .value(let v): return sexpr(v)
          case .range(let lo, let hi): return "\(sexpr(lo))..\(sexpr(hi))"
          }
        }.joined(separator: "|")
      return "\(p)=>\(sexpr(arm.value))"
    }
    return "(match \(s)\(a.joined(separator: " ")))"
  case .grouped(let x, let key): return "(per \(sexpr(x)) \(sexpr(key)))"
  case .pick(let t, let filter, let weight, let distinct):
    var out = "(pick \(distinct ? "distinct " : "")\(t.text)"
    if let filter { out += " where \(sexpr(filter))" }
    if let weight { out += " by \(sexpr(weight))" }
    return out + ")"
  case .invalid: return "<invalid>"
  }
}
