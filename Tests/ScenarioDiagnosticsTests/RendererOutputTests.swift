import Testing

@testable import ScenarioDiagnostics

/// Colour, the short style, the cap on the number of diagnostics and the closing summary line.
@Suite struct RendererOutputTests {
  static let f = Fixture(lines: [3: #"  x = a ? 1 : "n""#])
  static let d = Diagnostic(
    code: .branchTypeMismatch, message: "branches differ", span: f.span(3, 15, length: 3),
    label: "string", secondary: [Label(f.span(3, 11), "int")], notes: ["n"], help: "h")

  // ANSI sequences: bold red, bold blue, bold, reset.
  static let red = "\u{1B}[1;31m"
  static let blue = "\u{1B}[1;34m"
  static let bold = "\u{1B}[1m"
  static let reset = "\u{1B}[0m"

  /// Removes ANSI SGR sequences.
  static func strip(_ s: String) -> String {
    var out = ""
    var inEscape = false
    for ch in s {
      if ch == "\u{1B}" {
        inEscape = true
      } else if inEscape {
        if ch == "m" { inEscape = false }
      } else {
        out.append(ch)
      }
    }
    return out
  }

  @Test func colourSnapshot() {
    let (r, b, w, z) = (Self.red, Self.blue, Self.bold, Self.reset)
    let got = DiagnosticRenderer(color: true, files: [Self.f.file]).render(Self.d)
    #expect(
      got == """
        \(r)error[E0402]\(z)\(w): branches differ\(z)
         \(b)-->\(z) scenarios/tutor_quality.scenario:3:15
          \(b)|\(z)
        \(b)3 |\(z)   x = a ? 1 : "n"
          \(b)|\(z)           \(b)-\(z)   \(r)^^^ string\(z)
          \(b)|\(z)           \(b)|\(z)
          \(b)|\(z)           \(b)int\(z)
          \(b)|\(z)
          \(b)=\(z) \(w)note\(z): n
          \(b)=\(z) \(w)help\(z): h

        """)
  }

  /// Colour changes nothing but the escape sequences; without colour there are none.
  @Test(arguments: [DiagnosticRenderer.Style.rich, .short])
  func colourOnlyAddsEscapes(_ style: DiagnosticRenderer.Style) {
    let warning = Diagnostic(
      .warning, code: .unusedDefinition, message: "unused", span: Self.f.span(3, 3))
    for d in [Self.d, warning] {
      let plain = DiagnosticRenderer(style: style, color: false, files: [Self.f.file]).render(d)
      let coloured = DiagnosticRenderer(style: style, color: true, files: [Self.f.file]).render(d)
      #expect(!plain.contains("\u{1B}"))
      #expect(coloured.contains("\u{1B}["))
      #expect(Self.strip(coloured) == plain)
    }
  }

  @Test func warningIsYellow() {
    let d = Diagnostic(.warning, code: .unusedDefinition, message: "m", span: Self.f.span(3, 3))
    let got = DiagnosticRenderer(color: true, files: [Self.f.file]).render(d)
    #expect(got.hasPrefix("\u{1B}[1;33mwarning[W0801]\u{1B}[0m"))
  }

  @Test func shortStyle() {
    expectRender(
      Self.d, in: [Self.f.file], style: .short,
      """
      scenarios/tutor_quality.scenario:3:15: error[E0402]: branches differ
      scenarios/tutor_quality.scenario:3:15: note: n
      scenarios/tutor_quality.scenario:3:15: help: h
      """)
  }

  @Test func shortStyleWithoutLocation() {
    let d = Diagnostic(code: .unknownMode, message: "unknown mode 'prod'", span: .none)
    expectRender(d, in: [], style: .short, "error[E0307]: unknown mode 'prod'")
  }

  /// Rich diagnostics are separated by blank lines; past the limit one line counts the rest.
  @Test func limitRich() {
    let f = Fixture(text: "a\nb\nc\n")
    let ds = (1...3).map {
      Diagnostic(code: .unknownName, message: "unknown name #\($0)", span: f.span($0, 1))
    }
    let got = DiagnosticRenderer(files: [f.file]).render(ds, limit: 2)
    #expect(
      got == """
        error[E0302]: unknown name #1
         --> t.scenario:1:1
          |
        1 | a
          | ^

        error[E0302]: unknown name #2
         --> t.scenario:2:1
          |
        2 | b
          | ^

        … and 1 more


        """)
  }

  @Test(arguments: [(0, 0), (2, 0), (3, 3), (5, 0), (50, 0)])
  func limitShort(_ count: Int, _ limit: Int) {
    let f = Fixture(text: "a\n")
    let ds = (0..<count).map { _ in
      Diagnostic(code: .unknownName, message: "m", span: f.span(1, 1))
    }
    let got = DiagnosticRenderer(style: .short, files: [f.file]).render(ds, limit: limit)
    let shown = min(count, limit)
    var expected = String(repeating: "t.scenario:1:1: error[E0302]: m\n", count: shown)
    if count > shown { expected += "… and \(count - shown) more\n" }
    #expect(got == expected)
  }

  @Test func defaultLimitIsFifty() {
    let f = Fixture(text: "a\n")
    let ds = Array(
      repeating: Diagnostic(code: .unknownName, message: "m", span: f.span(1, 1)), count: 53)
    let got = DiagnosticRenderer(style: .short, files: [f.file]).render(ds)
    #expect(got.hasSuffix("m\n… and 3 more\n"))
    #expect(got.split(separator: "\n").count == 51)
  }

  @Test(arguments: [
    (3, 0, false, "scenario: 3 errors in x; nothing was generated\n"),
    (1, 0, false, "scenario: 1 error in x; nothing was generated\n"),
    (1, 1, false, "scenario: 1 error and 1 warning in x; nothing was generated\n"),
    (2, 4, false, "scenario: 2 errors and 4 warnings in x; nothing was generated\n"),
    (0, 2, true, "scenario: 2 warnings in x\n"),
    (1, 0, true, "scenario: 1 error in x\n"),
    (0, 0, true, "scenario: no errors in x\n"),
  ])
  func summary(_ errors: Int, _ warnings: Int, _ generated: Bool, _ expected: String) {
    let r = DiagnosticRenderer(files: [])
    let got = r.summary(errors: errors, warnings: warnings, path: "x", generated: generated)
    #expect(got == expected)
  }

  @Test func summaryExampleFromStyleGuide() {
    let r = DiagnosticRenderer(files: [])
    #expect(
      r.summary(errors: 3, warnings: 0, path: "scenarios/tutor_quality.scenario", generated: false)
        == "scenario: 3 errors in scenarios/tutor_quality.scenario; nothing was generated\n")
  }
}
