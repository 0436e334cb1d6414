import Testing

@testable import ScenarioDiagnostics

/// A source file built line by line, with spans addressed by line and column as a reader sees them.
struct Fixture {
  let file: SourceFile

  /// A file whose line `n` is `lines[n]` and whose other lines, up to `total`, are empty.
  init(
    path: String = "scenarios/tutor_quality.scenario", id: Int = 0, lines: [Int: String],
    total: Int? = nil
  ) {
    let count = total ?? (lines.keys.max() ?? 1)
    let text = (1...count).map { lines[$0] ?? "" }.joined(separator: "\n") + "\n"
    file = SourceFile(id: id, path: path, text: text)
  }

  /// A file with exactly this text.
  init(path: String = "t.scenario", id: Int = 0, text: String) {
    file = SourceFile(id: id, path: path, text: text)
  }

  /// The span starting at 1-based `line` and `column` (Unicode scalars) covering `length` scalars.
  func span(_ line: Int, _ column: Int, length: Int = 1) -> SourceSpan {
    let start = offset(line, column)
    var end = start
    var left = length
    while left > 0, end < file.bytes.count {
      end += 1
      while end < file.bytes.count, file.bytes[end] & 0xC0 == 0x80 { end += 1 }
      left -= 1
    }
    return SourceSpan(file: file.id, start: start, end: end)
  }

  /// The byte offset of 1-based `line` and `column`.
  func offset(_ line: Int, _ column: Int) -> Int {
    var o = file.lineStarts[line - 1]
    var c = 1
    while c < column {
      o += 1
      while o < file.bytes.count, file.bytes[o] & 0xC0 == 0x80 { o += 1 }
      c += 1
    }
    return o
  }
}

/// Checks a rendering against an expected text given without its final newline.
func expectRender(
  _ d: Diagnostic, in files: [SourceFile], style: DiagnosticRenderer.Style = .rich,
  _ expected: String, sourceLocation: Testing.SourceLocation = #_sourceLocation
) {
  let got = DiagnosticRenderer(style: style, files: files).render(d)
  #expect(got == expected + "\n", sourceLocation: sourceLocation)
}
