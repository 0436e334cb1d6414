import ScenarioAST
import ScenarioDiagnostics
import ScenarioParser
import Testing

/// Swift Testing has its own `SourceLocation`.
typealias TestLocation = Testing.SourceLocation

/// A parsed file with its diagnostics, sorted by position.
struct Parsed {
  let file: SourceFile
  let ast: ScenarioFile
  let diagnostics: [Diagnostic]

  /// Codes of the diagnostics, in source order.
  var codes: [DiagnosticCode] { diagnostics.map(\.code) }

  /// Every table, by name.
  var tables: [String: TableDecl] {
    var out: [String: TableDecl] = [:]
    for d in ast.declarations {
      if case .table(let t) = d.kind { out[t.name.text] = t }
    }
    return out
  }

  /// Names of the columns (visible and `let`) of a table, in order.
  func columns(_ table: String) -> [String] {
    (tables[table]?.items ?? []).compactMap { columnDecl($0)?.name.text }
  }

  /// A column's value expression.
  func column(_ table: String, _ name: String) -> Expr? {
    (tables[table]?.items ?? []).lazy.compactMap(columnDecl).first { $0.name.text == name }?.value
  }

  /// The column of a column or `let` item. (Not a `switch`: other item kinds do not matter
  /// here, and `ASTDump` is the place that must list them all.)
  private func columnDecl(_ item: TableItem) -> ColumnDecl? {
    if case .column(let c) = item.kind { return c }
    if case .hidden(let c) = item.kind { return c }
    return nil
  }

  /// `line:col` of a diagnostic's primary span start.
  func location(_ d: Diagnostic) -> String { file.location(of: d.span.start).description }

  /// Diagnostics rendered one per line as `line:col code message`, for readable failures.
  var summary: String {
    diagnostics.map { "\(location($0)) \($0.code.rawValue) \($0.message)" }.joined(separator: "\n")
  }
}

/// Parses text with the real lexer and parser.
func parse(_ text: String) -> Parsed { parse(bytes: Array(text.utf8)) }

/// Parses bytes with the real lexer and parser.
func parse(bytes: [UInt8]) -> Parsed {
  let file = SourceFile(id: 0, path: "test.scenario", bytes: bytes)
  var bag = DiagnosticBag()
  let ast = Parser.parse(file, diagnostics: &bag)
  return Parsed(file: file, ast: ast, diagnostics: bag.sorted())
}

/// The expression of column `x` in `table t [1] { x = <source> }`, in compact form.
func parseColumnExpr(_ source: String) -> (String, [DiagnosticCode]) {
  let p = parse("table t [1] {\n  x = \(source)\n}\n")
  return (p.column("t", "x").map(sexpr) ?? "<missing>", p.codes)
}
