import Foundation
import ScenarioDiagnostics
import ScenarioKit
import ScenarioTestSupport
import Testing

/// The error catalog: every fixture in `Tests/Golden/errors/` is compiled, its diagnostics are
/// checked against the fixture's inline `#~` annotations (position, code, message text) and the
/// full rich render is compared with the `.stderr` file next to it (STYLE.md §1.12). A second
/// group of tests checks that every `DiagnosticCode` is documented and has a fixture (§1.7).
///
/// Refresh the `.stderr` files with `SCENARIO_UPDATE_GOLDEN=1 swift test`; the run then fails
/// on purpose, so review the diff and rerun without the variable.
@Suite struct ErrorCatalogTests {
  static let fixtures = Golden.files("errors", ext: "scenario")

  /// Codes without a fixture, each with the reason it cannot be triggered. Keep this short:
  /// every entry is a gap in the catalog that the lead should know about.
  static let untriggerable: [DiagnosticCode: String] = [:]

  // MARK: - Fixtures

  @Test(arguments: fixtures)
  func diagnosticsMatchAnnotations(_ name: String) throws {
    let fixture = try ErrorFixture(folder: "errors", name: name)
    let result = fixture.compile()
    let found = result.diagnostics.map { fixture.annotation(for: $0) }
    for problem in Annotations.mismatches(expected: fixture.annotations, found: found) {
      Issue.record(Comment(rawValue: "\(fixture.path): \(problem)"))
    }
    // A W fixture shows a warning on an otherwise valid scenario; every other fixture is invalid.
    if name.hasPrefix("W") {
      #expect(result.errorCount == 0, "\(fixture.path) should hold warnings only")
      #expect(result.warningCount >= 1)
      #expect(result.program != nil, "a scenario with only warnings still compiles")
    } else {
      #expect(result.errorCount >= 1, "\(fixture.path) should not compile")
      #expect(result.program == nil, "no program is produced when there are errors")
    }
  }

  @Test(arguments: fixtures)
  func renderMatchesGolden(_ name: String) throws {
    let fixture = try ErrorFixture(folder: "errors", name: name)
    let result = fixture.compile()
    let renderer = DiagnosticRenderer(style: .rich, color: false, files: [result.file])
    let text =
      renderer.render(result.diagnostics)
      + renderer.summary(
        errors: result.errorCount, warnings: result.warningCount, path: result.file.path,
        generated: result.errorCount == 0)
    if let message = Golden.compare(actual: text, expectedFile: fixture.goldenPath) {
      Issue.record(Comment(rawValue: message))
    }
  }

  @Test(arguments: fixtures)
  func severityFollowsCode(_ name: String) throws {
    let fixture = try ErrorFixture(folder: "errors", name: name)
    for d in fixture.compile().diagnostics {
      let expected: Severity = d.code.rawValue.hasPrefix("W") ? .warning : .error
      #expect(d.severity == expected, "\(d.code.rawValue) is reported as a \(d.severity)")
    }
  }

  /// Every line prefix of every fixture compiles without crashing or hanging, and every
  /// diagnostic has a span inside the file (or none), sorted by position. The truncated files
  /// exercise end-of-file in every construct the fixtures use.
  @Test(arguments: fixtures)
  func everyPrefixCompiles(_ name: String) throws {
    let fixture = try ErrorFixture(folder: "errors", name: name)
    let newline = UInt8(ascii: "\n")
    let cuts = fixture.bytes.indices.filter { fixture.bytes[$0] == newline } + [fixture.bytes.count]
    for cut in cuts {
      let file = SourceFile(id: 0, path: fixture.path, bytes: Array(fixture.bytes[..<cut]))
      let result = ScenarioCompiler.compile(file: file, options: fixture.options)
      var last = -1
      for d in result.diagnostics where d.span.file == 0 {
        #expect(
          d.span.start <= d.span.end && d.span.end <= cut, "\(d.code.rawValue) span out of file")
        #expect(d.span.start >= last, "diagnostics are not sorted")
        last = d.span.start
      }
      // The renderer must cope with whatever spans the phases produce.
      _ = DiagnosticRenderer(style: .rich, files: [file]).render(result.diagnostics)
    }
  }

  // MARK: - Catalog completeness

  @Test func everyCodeHasADocsSection() throws {
    let docs = try #require(Golden.text("Docs/Diagnostics.md"), "Docs/Diagnostics.md is missing")
    let headings = docs.split(separator: "\n").filter { $0.hasPrefix("## ") }
    var positions: [Int] = []
    for code in DiagnosticCode.allCases {
      let index = headings.firstIndex { $0.hasPrefix("## \(code.rawValue):") }
      #expect(index != nil, "Docs/Diagnostics.md has no '## \(code.rawValue): ...' section")
      if let index { positions.append(index) }
    }
    #expect(positions == positions.sorted(), "sections are not in catalog order")
  }

  @Test func everyCodeHasAFixture() {
    let names = Golden.files("errors", ext: "scenario") + Golden.files("runtime", ext: "scenario")
    for code in DiagnosticCode.allCases where Self.untriggerable[code] == nil {
      #expect(
        names.contains { $0.hasPrefix(code.rawValue) },
        "no fixture named \(code.rawValue)_*.scenario in Tests/Golden/errors or .../runtime"
      )
    }
    // An allow-listed code that gains a fixture should leave the allow-list.
    for code in Self.untriggerable.keys {
      #expect(!names.contains { $0.hasPrefix(code.rawValue) }, "\(code.rawValue) has a fixture now")
    }
  }

  @Test func everyFixtureHasAGoldenAndNoStrayGoldens() {
    let stems = Set(Self.fixtures.map { String($0.dropLast(".scenario".count)) })
    #expect(Self.fixtures.count >= 30, "the catalog should keep at least 30 error fixtures")
    for golden in Golden.files("errors", ext: "stderr") {
      #expect(stems.contains(String(golden.dropLast(".stderr".count))), "\(golden) has no fixture")
    }
  }
}

/// A fixture file with its annotations, directives and compile options.
struct ErrorFixture {
  /// The path relative to the repository root, as diagnostics show it.
  let path: String
  let bytes: [UInt8]
  let annotations: [Annotation]
  let directives: [String: String]

  init(folder: String, name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation)
    throws
  {
    path = Golden.folder(folder) + "/" + name
    bytes = try #require(Golden.bytes(path), "cannot read \(path)", sourceLocation: sourceLocation)
    let text = String(decoding: bytes, as: UTF8.self)
    do {
      annotations = try Annotations.parse(source: text)
    } catch {
      Issue.record(Comment(rawValue: "\(path): \(error)"), sourceLocation: sourceLocation)
      annotations = []
    }
    directives = Annotations.directives(source: text)
  }

  /// The `.stderr` golden next to the fixture.
  var goldenPath: String { String(path.dropLast(".scenario".count)) + ".stderr" }

  /// Compile options from the directives: `# mode: NAME` and `# set: NAME=VALUE`.
  var options: CheckOptions {
    var options = CheckOptions(mode: directives["mode"])
    if let set = directives["set"], let eq = set.firstIndex(of: "=") {
      options.overrides = [(String(set[..<eq]), String(set[set.index(after: eq)...]))]
    }
    return options
  }

  func compile() -> CompileResult {
    ScenarioCompiler.compile(file: SourceFile(id: 0, path: path, bytes: bytes), options: options)
  }

  /// A diagnostic as an annotation, for `Annotations.mismatches`. Diagnostics without a span get
  /// line and column 0, which no annotation can name, so they always show up as unexpected.
  func annotation(for d: Diagnostic) -> Annotation {
    guard d.span.file == 0 else {
      return Annotation(line: 0, column: 0, code: d.code.rawValue, message: d.message)
    }
    let file = SourceFile(id: 0, path: path, bytes: bytes)
    let at = file.reportLocation(of: d.span.start)
    return Annotation(line: at.line, column: at.column, code: d.code.rawValue, message: d.message)
  }
}

/// The fixture machinery itself: annotation syntax, directives and the line diff.
@Suite struct ErrorCatalogFormatTests {
  @Test func annotationForms() throws {
    let source = """
      table t [3] {
        a = x + y  #~ E0301@7 unknown column 'x'
        #~| E0301@11 unknown column 'y'
        b = "abc
        #~^ E0102@7 unterminated
        c = 1

        #~^^ W0801@3
      }
      """
    let found = try Annotations.parse(source: source)
    #expect(
      found.map(\.description) == [
        "2:7 E0301 unknown column 'x'", "2:11 E0301 unknown column 'y'", "4:7 E0102 unterminated",
        "6:3 W0801",
      ])
    #expect(found.map(\.writtenOn) == [2, 3, 5, 8])
  }

  @Test func hashInsideAStringIsNotAnAnnotation() throws {
    let found = try Annotations.parse(source: ##"x = "#~ E0101@1 no" # plain comment #~ E0101@1"##)
    #expect(found.isEmpty)
  }

  @Test(arguments: [
    "#~ E0301 no column", "#~ X0301@3 bad code", "#~ E0301@0 zero", "#~| E0301@1 first",
  ])
  func malformedAnnotationsFail(_ line: String) {
    #expect(throws: AnnotationError.self) { try Annotations.parse(source: line) }
  }

  @Test func annotationAboveLineOneFails() {
    #expect(throws: AnnotationError(line: 1, reason: "'#~^' points above line 1")) {
      try Annotations.parse(source: "#~^ E0101@1 x")
    }
  }

  @Test func directivesComeBeforeTheFirstLineOfCode() {
    let source =
      "# format: sql-postgres\n#~ E0101@1 not a directive\n# Mode: dev\nseed 1\n# set: n=2"
    #expect(Annotations.directives(source: source) == ["format": "sql-postgres", "mode": "dev"])
  }

  @Test func mismatchesNameBothSides() {
    let expected = [Annotation(line: 2, column: 3, code: "E0301", message: "unknown")]
    let found = [Annotation(line: 2, column: 4, code: "E0301", message: "unknown column 'q'")]
    let problems = Annotations.mismatches(expected: expected, found: found)
    #expect(problems.count == 2)
    #expect(problems.first?.hasPrefix("expected 2:3 E0301") == true)
    #expect(problems.last?.hasPrefix("unexpected 2:4 E0301") == true)
  }

  @Test func textDiffShowsRemovalsThenAdditions() {
    let diff = TextDiff.lines(expected: "a\nb\nc\n", actual: "a\nB\nc\nd")
    #expect(diff == "@@ line 1 @@\n  a\n- b\n+ B\n  c\n+ d⏎ (no newline at end)\n")
    #expect(TextDiff.lines(expected: "same\n", actual: "same\n").isEmpty)
  }
}
