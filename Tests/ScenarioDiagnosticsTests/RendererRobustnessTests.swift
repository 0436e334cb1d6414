import Testing

@testable import ScenarioDiagnostics

/// The renderer must never crash, whatever the bytes and spans (DESIGN.md §4: "never crashes").
@Suite struct RendererRobustnessTests {
  /// SplitMix64, so the cases are the same on every run and platform.
  struct Generator {
    var state: UInt64
    mutating func next() -> UInt64 {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    /// A value in `0..<n` (modulo bias is irrelevant for a fuzz test).
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(1, n))) }
  }

  /// Bytes that stress the layout: newlines, CR, tabs, controls, multibyte and malformed UTF-8.
  static let alphabet: [[UInt8]] = [
    [0x61], [0x20], [0x0A], [0x0D], [0x0D, 0x0A], [0x09], [0x1B], [0x7F], [0xC3, 0xA9],
    [0xE5, 0x90, 0x8D], [0xF0, 0x9F, 0x98, 0x80], [0xFF], [0x80], [0xE5, 0x90], [0xCC, 0x81],
  ]

  @Test(arguments: 0..<200)
  func randomInputsRender(_ seed: Int) {
    var g = Generator(state: UInt64(seed))
    var bytes: [UInt8] = []
    for _ in 0..<g.below(60) { bytes += Self.alphabet[g.below(Self.alphabet.count)] }
    let file = SourceFile(id: 0, path: "f.scenario", bytes: bytes)
    func span() -> SourceSpan {
      let a = g.below(bytes.count + 3) - 1
      return SourceSpan(file: g.below(5) == 0 ? -1 : 0, start: a, end: a + g.below(12))
    }
    let d = Diagnostic(
      code: .unexpectedCharacter, message: "m", span: span(), label: g.below(2) == 0 ? "" : "p",
      secondary: (0..<g.below(4)).map { _ in Label(span(), g.below(2) == 0 ? "" : "s é") },
      notes: ["n"])
    for style in [DiagnosticRenderer.Style.rich, .short] {
      let plain = DiagnosticRenderer(style: style, files: [file]).render([d, d])
      _ = DiagnosticRenderer(style: style, color: true, files: [file]).render([d, d])
      for line in plain.split(separator: "\n") {
        #expect(line.last != " ", "trailing space in \(line.debugDescription)")
      }
    }
  }
}
