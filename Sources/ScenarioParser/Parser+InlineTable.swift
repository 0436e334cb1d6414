import ScenarioAST
import ScenarioDiagnostics

extension Parser {
  /// `inlineTable = "(" inlineColumn { "," inlineColumn } ")" "{" { inlineRow [","] } "}"
  ///              | "=" list`
  ///
  /// The rows of a table written in the scenario: a header of columns, then one parenthesised
  /// row of values per line; or a list, whose values are the rows of its one column `value`.
  mutating func parseInlineTable(_ name: Name) -> InlineTable {
    if match(.assign) {
      let values = parseBracketList("of table '\(name.text)'")
      let column = InlineColumn(name: Name("value", span: name.span), type: nil)
      let rows = values.map { InlineRow(values: [$0], span: $0.span) }
      return InlineTable(columns: [column], rows: rows, isList: true)
    }
    let columns = parseInlineHeader(name)
    let open = current.span
    guard expect(.leftBrace, "to open the rows of table '\(name.text)'") else {
      synchronizeDeclaration()
      return InlineTable(columns: columns, rows: [], isList: false)
    }
    var rows: [InlineRow] = []
    while !check(.rightBrace), !atEnd {
      if atDeclarationStart, current.startsLine { break }
      let before = index
      let errorsBefore = diagnostics.errorCount
      if let row = parseInlineRow(name) { rows.append(row) }
      _ = match(.comma)
      if diagnostics.errorCount > errorsBefore || index == before {
        // Skip to the next row.
        if index == before { advance() }
        while !atEnd, !check(.rightBrace), !check(.leftParen), !(atDeclarationStart && current.startsLine) { advance() }
      }
    }
    closeBrace(open, "table '\(name.text)'")
    return InlineTable(columns: columns, rows: rows, isList: false)
  }

  /// `"(" IDENT [":" type] { "," IDENT [":" type] } ")"`
  mutating func parseInlineHeader(_ name: Name) -> [InlineColumn] {
    let open = current.span
    guard expect(.leftParen, "for the columns of table '\(name.text)'") else { return [] }
    var columns: [InlineColumn] = []
    repeat {
      if check(.rightParen) { break }
      guard let column = expectName("for a column of table '\(name.text)'") else { break }
      let type = match(.colon) ? parseType() : nil
      columns.append(InlineColumn(name: column, type: type))
    } while match(.comma)
    if !match(.rightParen) {
      report(
        .unclosedDelimiter, "expected ')' after the columns of table '\(name.text)'", at: previous.span.endPoint,
        label: "expected ')'", secondary: [Label(open, "opened here")])
    }
    return columns
  }

  /// `inlineRow = "(" expression { "," expression } ")"`
  mutating func parseInlineRow(_ name: Name) -> InlineRow? {
    let open = current.span
    guard check(.leftParen) else {
      report(
        .expectedTableItem, "expected a row of table '\(name.text)', found '\(current.text)'", at: current.span,
        label: "not a row", help: "write each row in parentheses, such as (\"A1\", 0.2)")
      return nil
    }
    advance()
    var values: [Expr] = []
    while !check(.rightParen), !atEnd {
      let before = index
      values.append(parseExpression())
      if !match(.comma) { break }
      if index == before { advance() }
    }
    if !match(.rightParen) {
      report(
        .unclosedDelimiter, "expected ')' to close the row", at: previous.span.endPoint,
        label: "expected ')'", secondary: [Label(open, "row opened here")])
      return nil
    }
    return InlineRow(values: values, span: open.merged(with: previous.span))
  }
}
