import ScenarioAST
import ScenarioDiagnostics
import ScenarioLexer

extension Parser {
  /// `sourceTable = "(" inlineColumn { "," inlineColumn } ")" "from" ( "csv" | "table" | "query" ) STRING`
  ///
  /// Nil (nothing consumed) when the header is not followed by `from`: an inline table.
  mutating func parseSourceTable(_ name: Name) -> SourceTable? {
    // Look past the header for `from`.
    var depth = 0
    var offset = 0
    while true {
      let t = peek(offset)
      if t.kind == .endOfFile { return nil }
      if t.kind == .leftParen { depth += 1 }
      if t.kind == .rightParen {
        depth -= 1
        if depth == 0 { break }
      }
      offset += 1
    }
    let after = peek(offset + 1)
    guard after.kind == .identifier, after.text == "from" else { return nil }
    let columns = parseInlineHeader(name)
    advance()  // from
    let kindToken = current
    let kind: String
    switch kindToken.kind {
    case .keyword(.table): kind = "table"
    case .identifier where kindToken.text == "csv" || kindToken.text == "query": kind = kindToken.text
    default:
      report(
        .expectedToken, "expected csv, table or query after 'from' in table '\(name.text)'",
        at: kindToken.span, label: "not a source",
        help: "read a CSV file with from csv \"PATH\", or the target database with from table \"NAME\" or from query \"SELECT ...\"")
      synchronizeDeclaration()
      return SourceTable(columns: columns, origin: .csv(path: ""), originSpan: kindToken.span)
    }
    advance()
    let text = current
    guard text.kind == .string else {
      reportExpected("a string", "after 'from \(kind)' (the \(kind == "csv" ? "file's path" : kind == "table" ? "table's name" : "query"))")
      synchronizeDeclaration()
      return SourceTable(columns: columns, origin: .csv(path: ""), originSpan: kindToken.span)
    }
    advance()
    let origin: SourceOrigin = switch kind {
    case "csv": .csv(path: text.text)
    case "table": .table(name: text.text)
    default: .query(sql: text.text)
    }
    return SourceTable(columns: columns, origin: origin, originSpan: text.span)
  }
}
