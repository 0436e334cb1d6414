import Testing

@testable import ScenarioDiagnostics

/// Diagnostics stay proportionate to what they report: a long line is shown as a window of at
/// most 120 columns around its marks (the caret still under the right character), and one
/// rendering prints at most 100 KB, then how many diagnostics were left out.
@Suite("Long lines and many diagnostics")
struct LongLineTests {
  @Test("a long line shows a window around the span, with the caret under the character")
  func window() throws {
    let text = "  x = " + String(repeating: "a", count: 5000) + "Q" + String(repeating: "b", count: 5000)
    let f = Fixture(lines: [1: "table t [1] {", 2: text, 3: "}"])
    let column = 7 + 5000
    let d = Diagnostic(code: .unknownName, message: "unknown name 'Q'", span: f.span(2, column), label: "here")
    let out = DiagnosticRenderer(style: .rich, files: [f.file]).render(d)
    let lines = out.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let source = try #require(lines.first { $0.hasPrefix("2 | ") })
    let marker = try #require(lines.first { $0.contains("^") })
    #expect(source.count <= 4 + 120, "\(source.count) characters")
    #expect(source.contains("…"))
    let caret = marker.firstIndex(of: "^")!
    let offset = marker.distance(from: marker.startIndex, to: caret)
    #expect(Array(source)[offset] == "Q", "\(source)\n\(marker)")
    #expect(out.utf8.count < 1000)
  }

  @Test("a window at the start and at the end of a long line")
  func edges() throws {
    let text = "Q" + String(repeating: "c", count: 400) + "Z"
    let f = Fixture(lines: [1: text])
    for (column, char) in [(1, Character("Q")), (402, Character("Z"))] {
      let d = Diagnostic(code: .unknownName, message: "m", span: f.span(1, column), label: "x")
      let out = DiagnosticRenderer(style: .rich, files: [f.file]).render(d)
      let lines = out.split(separator: "\n").map(String.init)
      let source = try #require(lines.first { $0.hasPrefix("1 | ") })
      let marker = try #require(lines.first { $0.contains("^") })
      let offset = marker.distance(from: marker.startIndex, to: marker.firstIndex(of: "^")!)
      #expect(Array(source)[offset] == char, "\(source)\n\(marker)")
      #expect(source.count <= 4 + 120)
    }
  }

  @Test("at most 100 KB of diagnostics, then how many more")
  func byteLimit() {
    let line = String(repeating: "x", count: 3000)
    let f = Fixture(lines: [1: line])
    let many = (0..<500).map { k in
      Diagnostic(
        code: .unknownName, message: String(repeating: "m", count: 300) + "\(k)", span: f.span(1, k + 1),
        label: "x", notes: [String(repeating: "n", count: 300)])
    }
    let out = DiagnosticRenderer(style: .rich, files: [f.file]).render(many)
    #expect(out.utf8.count <= 100_000 + 200)
    #expect(out.contains("… and "), "the rest is counted")
    let shown = out.split(separator: "\n").filter { $0.hasPrefix("error[E0302]") }.count
    #expect(shown > 10)
    #expect(out.contains("… and \(500 - shown) more"))
  }

  @Test("a message that quotes a megabyte of input is cut, saying how much was left out")
  func longMessage() {
    let f = Fixture(lines: [1: "x"])
    let name = String(repeating: "m", count: 1_000_000)
    let d = Diagnostic(
      code: .unknownName, message: "unknown name '\(name)'", span: f.span(1, 1), label: "x",
      notes: ["short note", "long note " + name], help: "did you mean '\(name)'?")
    for style in [DiagnosticRenderer.Style.rich, .short] {
      let out = DiagnosticRenderer(style: style, files: [f.file]).render(d)
      #expect(out.utf8.count < 2_000, "\(style): \(out.utf8.count) bytes")
      #expect(out.contains("short note"))
      #expect(out.contains("… (\(1_000_000 + 15 - 400) more characters)"), "\(out)")
    }
  }
}
