import Foundation
import ScenarioDiagnostics
import ScenarioParser
import Testing

/// Each `Tests/Golden/parse/NAME.scenario` parses to the AST dump in `NAME.ast`, followed by
/// its diagnostics (code, span, message and labels), so that recovery is pinned as well.
@Suite struct ParseGoldenTests {
  static let names = GoldenFiles.names("parse")

  @Test func fixturesExist() {
    #expect(Self.names.count >= 4)
  }

  @Test(arguments: names)
  func golden(_ name: String) throws {
    let bytes = try GoldenFiles.bytes("parse", name + ".scenario")
    let p = parse(bytes: bytes)
    GoldenFiles.check(render(p), "parse", name + ".ast")
  }

  /// The dump plus one block per diagnostic.
  func render(_ p: Parsed) -> String {
    var out = ASTDump.dump(p.ast, in: p.file)
    if p.diagnostics.isEmpty { return out }
    out += "diagnostics\n"
    for d in p.diagnostics {
      out += "  \(d.code.rawValue) \(span(d.span, p.file)) \(d.message)\n"
      if !d.primary.message.isEmpty { out += "    label: \(d.primary.message)\n" }
      for l in d.secondary { out += "    secondary \(span(l.span, p.file)): \(l.message)\n" }
    }
    return out
  }

  func span(_ s: SourceSpan, _ file: SourceFile) -> String {
    "@\(file.location(of: s.start))-\(file.location(of: s.end))"
  }
}
