import Testing

@testable import ScenarioDiagnostics

/// Layout corner cases of the rich style: tabs, wide characters, EOF, empty files, gutter widths.
@Suite struct RendererEdgeCaseTests {
  /// Tabs are shown as 4 spaces and the carets move with them.
  @Test func tabsAreExpanded() {
    let f = Fixture(text: "x {\n\tb =\t1 + q\n}\n")
    let d = Diagnostic(
      code: .unknownName, message: "unknown name 'q'", span: f.span(2, 10), label: "not in scope")
    expectRender(
      d, in: [f.file],
      """
      error[E0302]: unknown name 'q'
       --> t.scenario:2:10
        |
      2 |     b =    1 + q
        |                ^ not in scope
      """)
  }

  /// Multibyte characters before the span count once each in the header column; CJK characters
  /// take two display columns, so the carets move by two per character.
  @Test func unicodeBeforeTheSpan() {
    let f = Fixture(text: "note = \"café 名前\" + bad\n")
    let d = Diagnostic(
      code: .unknownName, message: "unknown name 'bad'", span: f.span(1, 20, length: 3),
      label: "here")
    expectRender(
      d, in: [f.file],
      """
      error[E0302]: unknown name 'bad'
       --> t.scenario:1:20
        |
      1 | note = "café 名前" + bad
        |                      ^^^ here
      """)
  }

  /// A span over wide characters gets two carets per character.
  @Test func spanOverWideCharacters() {
    let f = Fixture(text: "名前 = 1\n")
    let d = Diagnostic(
      code: .unknownName, message: "m", span: f.span(1, 1, length: 2), label: "wide")
    expectRender(
      d, in: [f.file],
      """
      error[E0302]: m
       --> t.scenario:1:1
        |
      1 | 名前 = 1
        | ^^^^ wide
      """)
  }

  /// A span at EOF after a final newline points just after the last character of the last line.
  @Test(arguments: ["x = (1 +\n", "x = (1 +", "x = (1 +\r\n"])
  func eofSpan(_ text: String) {
    let f = Fixture(text: text)
    let eof = SourceSpan(start: f.file.bytes.count, end: f.file.bytes.count)
    let d = Diagnostic(
      code: .expectedExpression, message: "expected an expression", span: eof,
      label: "file ends here")
    expectRender(
      d, in: [f.file],
      """
      error[E0201]: expected an expression
       --> t.scenario:1:9
        |
      1 | x = (1 +
        |         ^ file ends here
      """)
  }

  @Test func emptyFile() {
    let f = Fixture(text: "")
    let d = Diagnostic(
      code: .expectedDeclaration, message: "expected a scenario declaration",
      span: SourceSpan(start: 0, end: 0), label: "the file is empty")
    expectRender(
      d, in: [f.file],
      """
      error[E0203]: expected a scenario declaration
       --> t.scenario:1:1
        |
      1 |
        | ^ the file is empty
      """)
  }

  /// An empty span inside a line gets one caret at its position.
  @Test func emptySpanInsideLine() {
    let f = Fixture(text: "table t [3 {\n")
    let d = Diagnostic(
      code: .expectedToken, message: "expected ']'", span: f.span(1, 11, length: 0),
      label: "expected ']' here")
    expectRender(
      d, in: [f.file],
      """
      error[E0202]: expected ']'
       --> t.scenario:1:11
        |
      1 | table t [3 {
        |           ^ expected ']' here
      """)
  }

  /// A span running over several lines is marked to the end of its first line.
  @Test func multiLineSpan() {
    let f = Fixture(text: "x = f(1,\n      2)\n")
    let d = Diagnostic(
      code: .wrongArgumentCount, message: "'f' takes 1 argument but 2 were given",
      span: SourceSpan(start: 4, end: 16), label: "this call")
    expectRender(
      d, in: [f.file],
      """
      error[E0403]: 'f' takes 1 argument but 2 were given
       --> t.scenario:1:5
        |
      1 | x = f(1,
        |     ^^^^ this call
      """)
  }

  /// Three labels on one line hang in rustc's staircase, the rightmost label inline.
  @Test func threeLabelsOnOneLine() {
    let f = Fixture(text: "y = a + b + c\n")
    let d = Diagnostic(
      code: .operatorTypeMismatch, message: "m", span: f.span(1, 13), label: "bool",
      secondary: [Label(f.span(1, 5), "int"), Label(f.span(1, 9), "string")])
    expectRender(
      d, in: [f.file],
      """
      error[E0401]: m
       --> t.scenario:1:13
        |
      1 | y = a + b + c
        |     -   -   ^ bool
        |     |   |
        |     |   string
        |     int
      """)
  }

  /// Unlabelled secondary spans are only marked; a primary overlapping one is drawn on top, and its
  /// label hangs below because the enclosing marker reaches further right.
  @Test func overlappingAndUnlabelledMarks() {
    let f = Fixture(text: "z = foo(bar)\n")
    let d = Diagnostic(
      code: .argumentTypeMismatch, message: "m", span: f.span(1, 9, length: 3), label: "this",
      secondary: [Label(f.span(1, 5, length: 8))])
    expectRender(
      d, in: [f.file],
      """
      error[E0404]: m
       --> t.scenario:1:9
        |
      1 | z = foo(bar)
        |     ----^^^-
        |         |
        |         this
      """)
  }

  /// When the rightmost marker has no label, the primary label hangs below its carets.
  @Test func primaryLabelHangsWhenRightmostIsUnlabelled() {
    let f = Fixture(text: "a = b + c\n")
    let d = Diagnostic(
      code: .operatorTypeMismatch, message: "m", span: f.span(1, 5), label: "left",
      secondary: [Label(f.span(1, 9))])
    expectRender(
      d, in: [f.file],
      """
      error[E0401]: m
       --> t.scenario:1:5
        |
      1 | a = b + c
        |     ^   -
        |     |
        |     left
      """)
  }

  /// The gutter is as wide as the largest line number shown; a one-line gap is shown, not elided.
  @Test func gutterWidthAndSingleGapLine() {
    var lines: [Int: String] = [:]
    for n in 1...10 { lines[n] = "c\(n) = \(n)" }
    let f = Fixture(lines: lines)
    let d = Diagnostic(
      code: .duplicateDefinition, message: "'c' is defined twice", span: f.span(10, 1, length: 3),
      label: "second", secondary: [Label(f.span(8, 1, length: 2), "first")])
    expectRender(
      d, in: [f.file],
      """
      error[E0304]: 'c' is defined twice
        --> scenarios/tutor_quality.scenario:10:1
         |
      8  | c8 = 8
         | -- first
      9  | c9 = 9
      10 | c10 = 10
         | ^^^ second
      """)
  }

  /// Control characters and malformed UTF-8 show as one U+FFFD each and keep carets aligned.
  @Test func controlAndInvalidBytes() {
    let bytes = Array("a\u{1B}".utf8) + [0xFF] + Array("=x\n".utf8)
    let file = SourceFile(path: "t.scenario", bytes: bytes)
    let d = Diagnostic(
      code: .unexpectedCharacter, message: "m", span: SourceSpan(start: 3, end: 4), label: "here")
    expectRender(
      d, in: [file],
      """
      error[E0101]: m
       --> t.scenario:1:4
        |
      1 | a\u{FFFD}\u{FFFD}=x
        |    ^ here
      """)
  }

  /// A secondary label in another file gets its own `:::` section.
  @Test func secondaryInAnotherFile() {
    let main = Fixture(path: "main.scenario", id: 0, text: "use x\n")
    let lib = Fixture(path: "lib.scenario", id: 1, text: "let x = 1\nlet x = 2\n")
    let d = Diagnostic(
      code: .duplicateDefinition, message: "m", span: main.span(1, 5), label: "used here",
      secondary: [Label(lib.span(2, 5), "defined here")])
    expectRender(
      d, in: [main.file, lib.file],
      """
      error[E0304]: m
       --> main.scenario:1:5
        |
      1 | use x
        |     ^ used here
        |
       ::: lib.scenario:2:5
        |
      2 | let x = 2
        |     - defined here
      """)
  }

  /// A diagnostic without a location prints its header and notes; labels become notes.
  @Test func spanlessDiagnostic() {
    let d = Diagnostic(
      code: .unknownMode, message: "unknown mode 'prod'", span: .none, label: "from --mode",
      notes: ["modes are: dev, full"], help: "add a 'mode prod' block")
    expectRender(
      d, in: [],
      """
      error[E0307]: unknown mode 'prod'
        = note: from --mode
        = note: modes are: dev, full
        = help: add a 'mode prod' block
      """)
  }

  /// Warnings say `warning`; a multi-line note lines up under its first line.
  @Test func warningAndMultiLineNote() {
    let f = Fixture(text: "let unused = 3\n")
    let d = Diagnostic(
      .warning, code: .unusedDefinition, message: "'unused' is never used",
      span: f.span(1, 5, length: 6), notes: ["first line\nsecond line"])
    expectRender(
      d, in: [f.file],
      """
      warning[W0801]: 'unused' is never used
       --> t.scenario:1:5
        |
      1 | let unused = 3
        |     ^^^^^^
        |
        = note: first line
                second line
      """)
  }
}
