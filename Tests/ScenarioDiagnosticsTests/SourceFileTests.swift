import Testing

@testable import ScenarioDiagnostics

/// Swift Testing has its own `SourceLocation`.
private typealias Location = ScenarioDiagnostics.SourceLocation

/// Offsets to 1-based line and column; columns count Unicode scalars.
@Suite struct SourceFileTests {
  struct Case: CustomTestStringConvertible, Sendable {
    let name: String
    let text: String
    let offset: Int
    let line: Int
    let column: Int
    var testDescription: String { name }
  }

  static let cases: [Case] = [
    Case(name: "ASCII start", text: "ab\ncd", offset: 0, line: 1, column: 1),
    Case(name: "ASCII mid line", text: "ab\ncd", offset: 1, line: 1, column: 2),
    Case(name: "ASCII at newline", text: "ab\ncd", offset: 2, line: 1, column: 3),
    Case(name: "ASCII second line", text: "ab\ncd", offset: 4, line: 2, column: 2),
    // "é" is 2 bytes, "€" 3 and "😀" 4; each counts as one column.
    Case(name: "two-byte scalar", text: "é=1", offset: 2, line: 1, column: 2),
    Case(name: "three-byte scalar", text: "x€y", offset: 4, line: 1, column: 3),
    Case(name: "four-byte scalar", text: "😀😀z", offset: 8, line: 1, column: 3),
    Case(name: "CJK", text: "名前 = 1", offset: 6, line: 1, column: 3),
    Case(name: "CRLF second line", text: "ab\r\ncd", offset: 4, line: 2, column: 1),
    Case(name: "CRLF before CR", text: "ab\r\ncd", offset: 2, line: 1, column: 3),
    Case(name: "EOF without newline", text: "ab\ncd", offset: 5, line: 2, column: 3),
    Case(name: "EOF after newline", text: "ab\n", offset: 3, line: 2, column: 1),
    Case(name: "past EOF is clamped", text: "ab", offset: 99, line: 1, column: 3),
    Case(name: "negative is clamped", text: "ab", offset: -4, line: 1, column: 1),
    Case(name: "empty file", text: "", offset: 0, line: 1, column: 1),
  ]

  @Test(arguments: cases)
  func location(_ c: Case) {
    let file = SourceFile(path: "t", text: c.text)
    #expect(file.location(of: c.offset) == Location(line: c.line, column: c.column))
  }

  /// `reportLocation` differs from `location` only at EOF after a final line terminator.
  @Test(arguments: [
    ("ab\n", 3, 1, 3), ("ab\r\n", 4, 1, 3), ("ab\n\n", 4, 2, 1), ("ab", 2, 1, 3), ("", 0, 1, 1),
    ("ab\ncd", 1, 1, 2),
  ])
  func reportLocation(_ text: String, _ offset: Int, _ line: Int, _ column: Int) {
    let file = SourceFile(path: "t", text: text)
    #expect(file.reportLocation(of: offset) == Location(line: line, column: column))
  }

  @Test func lineTextStripsTerminators() {
    let file = SourceFile(path: "t", text: "ab\r\ncd\n")
    #expect(file.lineCount == 3)
    #expect(file.lineText(1) == "ab")
    #expect(file.lineText(2) == "cd")
    #expect(file.lineText(3) == "")
    #expect(file.lineText(4) == "")
  }

  @Test func emptyFileHasOneLine() {
    let file = SourceFile(path: "t", text: "")
    #expect(file.lineStarts == [0])
    #expect(file.lineText(1) == "")
  }
}
