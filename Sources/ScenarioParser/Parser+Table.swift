import ScenarioAST
import ScenarioDiagnostics
import ScenarioLexer

extension Parser {
  /// `tableDecl = "table" IDENT tableCount ["into" IDENT] "{" { tableItem } "}"`
  mutating func parseTable() -> DeclarationKind {
    advance()
    guard let name = expectName("after 'table'") else { return .invalid }
    if check(.leftParen) || check(.assign) {
      if check(.leftParen), let source = parseSourceTable(name) {
        return .table(TableDecl(name: name, count: .source(source), items: [], bodyOpen: name.span))
      }
      let inline = parseInlineTable(name)
      return .table(TableDecl(name: name, count: .inline(inline), items: [], bodyOpen: name.span))
    }
    let count = parseTableCount(name.text)
    var into: Name? = nil
    if check(.identifier), current.text == "into" {
      advance()
      into = expectName("after 'into' (the output the rows are written to)")
    }
    let open = current.span
    guard expect(.leftBrace, "to open the body of table '\(name.text)'") else {
      synchronizeDeclaration()
      return .table(TableDecl(name: name, count: count, items: [], bodyOpen: open))
    }
    var items: [TableItem] = []
    while !check(.rightBrace), !atEnd {
      if atDeclarationStartInBody, !check(.let) { break }
      if current.kind == .invalid {
        // Already reported by the lexer: skip the rest of the item without a follow-on error.
        advance()
        synchronizeTableItem()
        continue
      }
      let before = index
      let errorsBefore = diagnostics.errorCount
      if let item = parseTableItem(table: name.text) { items.append(item) }
      if diagnostics.errorCount > errorsBefore || index == before {
        if index == before { advance() }
        synchronizeTableItem()
      }
    }
    closeBrace(open, "table '\(name.text)'")
    var decl = TableDecl(name: name, count: count, items: items, bodyOpen: open)
    decl.into = into
    return .table(decl)
  }

  /// `tableCount = "[" ( "each" factors ["where" expr] | expr ["per" factors ["where" expr]] ) "]"`
  mutating func parseTableCount(_ table: String) -> TableCount {
    let open = current.span
    guard expect(.leftBracket, "for the row count of table '\(table)'") else {
      return .invalid(open)
    }
    var result: TableCount
    if match(.each) {
      result = parseChildSpec(count: nil, open: open)
    } else {
      inTableCount = true
      let count = parseExpression()
      inTableCount = false
      result = match(.per) ? parseChildSpec(count: count, open: open) : .fixed(count)
    }
    if !match(.rightBracket) {
      report(
        .unclosedDelimiter, "expected ']' after the row count of table '\(table)'",
        at: previous.span.endPoint, label: "expected ']'", secondary: [Label(open, "opened here")])
      // Skip to the body so that its items are still parsed.
      while !atEnd, !check(.leftBrace), !(atDeclarationStart && current.startsLine) {
        if match(.rightBracket) { break }
        advance()
      }
    }
    return result
  }

  /// The `IDENT "in" IDENT { "," IDENT "in" IDENT } ["where" expr]` part of a child-table
  /// count; more than one binding is a cross product.
  mutating func parseChildSpec(count: Expr?, open: SourceSpan) -> TableCount {
    guard let variable = expectName("for the parent row") else { return .invalid(open) }
    expect(.in, "after '\(variable.text)'")
    guard let parent = expectName("for the parent table") else { return .invalid(open) }
    var product: [ChildBinding] = []
    while match(.comma) {
      guard let v = expectName("for the next factor of the product") else { return .invalid(open) }
      expect(.in, "after '\(v.text)'")
      guard let t = expectName("for the table of '\(v.text)'") else { return .invalid(open) }
      product.append(ChildBinding(variable: v, table: t))
    }
    let filter = match(.where) ? parseExpression() : nil
    return .perParent(ChildSpec(count: count, variable: variable, parent: parent, filter: filter, product: product))
  }

  /// `tableItem = columnDef | "let" columnDef | "persona" personaList | "key" IDENT {"," IDENT}`
  mutating func parseTableItem(table: String) -> TableItem? {
    let start = current.span
    switch current.kind {
    case .keyword(.let):
      advance()
      guard let column = parseColumn() else { return nil }
      return TableItem(.hidden(column), span: start.merged(with: previous.span))
    case .keyword(.persona):
      advance()
      var personas: [PersonaDecl] = []
      repeat {
        guard let p = parsePersona() else { break }
        personas.append(p)
      } while match(.comma)
      return TableItem(.personas(personas), span: start.merged(with: previous.span))
    case .keyword(.correlate):
      advance()
      guard let c = parseCorrelate() else { return nil }
      return TableItem(.correlate(c), span: start.merged(with: previous.span))
    case .keyword(.key):
      advance()
      var names: [Name] = []
      repeat {
        guard let n = expectName("in the key") else { break }
        names.append(n)
      } while match(.comma)
      var assigned: SourceSpan? = nil
      if case .identifier = current.kind, current.text == "assigned", !current.startsLine {
        assigned = current.span
        advance()
      }
      return TableItem(.key(names, assigned: assigned), span: start.merged(with: previous.span))
    case .identifier where current.text == "natural" && peek().kind == .keyword(.key):
      advance()
      advance()
      var names: [Name] = []
      repeat {
        guard let n = expectName("in the natural key") else { break }
        names.append(n)
      } while match(.comma)
      return TableItem(.naturalKey(names), span: start.merged(with: previous.span))
    case .identifier where current.text == "double" && peek().kind == .identifier && peek().text == "precision":
      advance()
      advance()
      var names: [Name] = []
      repeat {
        guard let n = expectName("after 'double precision' (a float(N) column)") else { break }
        names.append(n)
      } while match(.comma)
      return TableItem(.doublePrecision(names), span: start.merged(with: previous.span))
    case .identifier where current.text == "on" && peek().kind == .identifier && peek().text == "conflict":
      advance()
      advance()
      guard case .identifier = current.kind, ["skip", "update", "fail"].contains(current.text) else {
        report(
          .expectedTableItem, "expected 'skip', 'update' or 'fail' after 'on conflict', found '\(current.text)'",
          at: current.span, label: "not a conflict policy",
          help: "'on conflict skip' keeps the rows already there, 'update' rewrites them, 'fail' (the default) stops the run")
        return nil
      }
      let policy = Name(current.text, span: current.span)
      advance()
      return TableItem(.conflict(policy), span: start.merged(with: previous.span))
    case .identifier
    where current.text == "owned" && (peek().kind == .keyword(.where) || (peek().kind == .identifier && peek().text == "through")):
      advance()
      if match(.keyword(.where)) {
        let condition = parseOr()
        return TableItem(.owned(.condition(condition)), span: start.merged(with: previous.span))
      }
      advance()
      guard let column = expectName("naming the reference column to an owned table") else { return nil }
      return TableItem(.owned(.through(column)), span: start.merged(with: previous.span))
    case .identifier where current.text == "order" && peek().kind == .keyword(.by):
      advance()
      advance()
      var keys: [OrderDecl.Key] = []
      repeat {
        let e = parseOr()
        var descending = false
        if case .identifier = current.kind, current.text == "desc" || current.text == "asc", !current.startsLine {
          descending = current.text == "desc"
          advance()
        }
        keys.append(OrderDecl.Key(expr: e, descending: descending))
      } while match(.comma)
      var group: Name? = nil
      if case .identifier = current.kind, current.text == "within" {
        advance()
        if case .keyword(.persona) = current.kind {
          group = Name("persona", span: current.span)
          advance()
        } else {
          group = expectName("naming the group (a column, the parent variable or persona)")
        }
      }
      return TableItem(.order(OrderDecl(keys: keys, group: group)), span: start.merged(with: previous.span))
    case .identifier:
      guard let column = parseColumn() else { return nil }
      return TableItem(.column(column), span: start.merged(with: previous.span))
    default:
      if case .keyword(let k) = current.kind, peek().kind == .assign || peek().kind == .colon {
        _ = expectName("")  // reports the reserved word
        _ = k
        return nil
      }
      report(
        .expectedTableItem, "expected a column definition in table '\(table)', found '\(current.text)'",
        at: current.span, label: "not a table item",
        help: "a table body holds 'name = expr', 'let name = expr', 'persona ...', 'key ...', 'order by ...' and the database items 'natural key ...', 'on conflict ...', 'owned ...'")
      return nil
    }
  }

  /// `columnDef = IDENT [":" type] "=" expr { "|" IDENT {"," IDENT} ":" expr }`
  mutating func parseColumn() -> ColumnDecl? {
    guard let name = expectName("for the column") else { return nil }
    let type = match(.colon) ? parseType() : nil
    guard expect(.assign, "after column '\(name.text)'") else { return nil }
    let value = parseExpression()
    var overrides: [PersonaOverride] = []
    while match(.pipe) {
      var personas: [Name] = []
      repeat {
        guard let p = expectName("naming a persona after '|'") else { break }
        personas.append(p)
      } while match(.comma)
      expect(.colon, "after the persona names")
      overrides.append(PersonaOverride(personas: personas, value: parseExpression()))
    }
    return ColumnDecl(name: name, type: type, value: value, overrides: overrides)
  }

  /// `correlateItem = "correlate" IDENT "," IDENT ":" ["rank" | "pearson"] additive ["repair"]`
  mutating func parseCorrelate() -> CorrelateDecl? {
    guard let a = expectName("for the first correlated column") else { return nil }
    expect(.comma, "between the correlated columns")
    guard let b = expectName("for the second correlated column") else { return nil }
    expect(.colon, "before the correlation")
    var method: Name? = nil
    if check(.identifier), current.text == "rank" || current.text == "pearson" {
      method = Name(current.text, span: current.span)
      advance()
    }
    let value = parseAdditive()
    var repair: Name? = nil
    if check(.identifier), current.text == "repair", !current.startsLine {
      repair = Name("repair", span: current.span)
      advance()
    }
    return CorrelateDecl(first: a, second: b, method: method, value: value, repair: repair)
  }

  /// `personaEntry = IDENT (PERCENT | "rest" | expr) ["{" assignments "}"]`
  mutating func parsePersona() -> PersonaDecl? {
    guard let name = expectName("for the persona") else { return nil }
    let share: PersonaShare
    if case .percent(let p) = current.kind {
      share = .percent(p, current.span)
      advance()
    } else if check(.rest) {
      share = .rest(current.span)
      advance()
    } else {
      share = .count(parseExpression())
    }
    var overrides: [Assignment] = []
    if check(.leftBrace) {
      overrides = parseAssignmentBlock("persona '\(name.text)'")
    }
    return PersonaDecl(name: name, share: share, overrides: overrides)
  }
}
