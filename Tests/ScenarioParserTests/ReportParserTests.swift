import ScenarioAST
import Testing

/// `report TABLE: ...`: an expectation that is reported, never failing; `report` is a word only
/// at the start of a declaration.
@Suite("report declarations")
struct ReportParserTests {
  func expectations(_ p: Parsed) -> [ExpectDecl] {
    p.ast.declarations.compactMap { d in
      if case .expect(let e) = d.kind { return e }
      return nil
    }
  }

  @Test("report parses like expect, marked report-only")
  func reportParses() {
    let p = parse(
      """
      table t [3] {
        x = row
      }
      expect t: mean(x) ~ 1 +- 1
      report t: mean(x) ~ 7 +- 0.5
      report t: x >= 0
      """)
    #expect(p.diagnostics.isEmpty, "\(p.summary)")
    let e = expectations(p)
    #expect(e.map(\.reportOnly) == [false, true, true])
    #expect(e[1].approximately != nil)
    #expect(e[1].table.text == "t")
  }

  @Test("a column, a let and a parameter may still be called report")
  func reportIsNotReserved() {
    let p = parse(
      """
      param report = 3
      table t [3] {
        report = row
        let r2 = report + 1
      }
      expect t: report >= 0
      """)
    #expect(p.diagnostics.isEmpty, "\(p.summary)")
    #expect(p.columns("t") == ["report", "r2"])
    #expect(expectations(p).map(\.reportOnly) == [false])
  }

  @Test("a broken declaration resynchronises at a report")
  func recoversAtReport() {
    let p = parse(
      """
      table t [3] {
        x = row
      }
      seed twelve
      report t: mean(x) ~ 1 +- 1
      """)
    #expect(!p.diagnostics.isEmpty)
    #expect(expectations(p).contains { $0.reportOnly })
  }
}
