import Foundation
import ScenarioKit
import ScenarioTestSupport
import Testing

/// Compiles every example in the documentation, so that the reference can never show a scenario
/// that the compiler rejects (STYLE.md §1.9).
///
/// An example is a fenced block whose info string is exactly `scenario`:
///
///     ```scenario
///     table t [3] { x = row }
///     ```
///
/// Each such block must be a complete file that compiles without errors. Fragments, and examples
/// that are meant to fail, use another info string (```` ```text ````), which this test ignores.
/// The blocks come from `Docs/Language.md`, `grammar/README.md`, `README.md` and every other
/// `Docs/*.md`.
@Suite("Documentation examples")
struct DocExamplesTests {
  /// Each example compiles with zero errors. Diagnostics point at lines of the Markdown file.
  @Test("example compiles", arguments: DocExamples.all)
  func exampleCompiles(_ example: DocExample) {
    // An absolute path, so that an `include` in an example is found from the document's folder.
    let result = ScenarioCompiler.compile(source: example.paddedSource, path: RepoPaths.absolute(example.file))
    let renderer = DiagnosticRenderer(style: .short, color: false, files: result.files)
    #expect(
      result.errorCount == 0,
      "\(example.file):\(example.line) does not compile:\n\(renderer.render(result.diagnostics))")
  }

  /// The language reference shows enough complete examples to be worth testing.
  @Test func languageReferenceHasExamples() {
    let count = DocExamples.all.filter { $0.file == "Docs/Language.md" }.count
    #expect(count >= 10, "found \(count) ```scenario blocks in Docs/Language.md")
  }

  /// The extractor finds fenced blocks, their lines and indentation, and skips other fences.
  @Test func extractorFindsScenarioBlocks() {
    let text = """
      # Title
      ```scenario
      table a [1] { x = 1 }
      ```
      ```text
      not an example
      ```
        ```scenario
        table b [2] {
          y = 2
        }
        ```
      """
    let blocks = DocExamples.extract(from: text, file: "x.md")
    #expect(blocks.map(\.line) == [2, 8])
    #expect(blocks.map(\.source) == ["table a [1] { x = 1 }\n", "table b [2] {\n  y = 2\n}\n"])
  }
}

/// One ```` ```scenario ```` block of a Markdown file.
struct DocExample: Sendable, CustomTestStringConvertible {
  /// The Markdown file, relative to the repository root.
  let file: String
  /// The 1-based line of the opening fence.
  let line: Int
  /// The block's text, without the fences and the fence's indentation.
  let source: String

  /// The source preceded by one empty line per Markdown line before the block, so that the
  /// compiler's line numbers are the Markdown file's line numbers.
  var paddedSource: String { String(repeating: "\n", count: line) + source }

  /// Names the test case `Docs/Language.md:120`.
  var testDescription: String { "\(file):\(line)" }
}

/// Finds the documentation files and the examples in them.
enum DocExamples {
  /// The repository root: this file is `Tests/ScenarioCheckerTests/DocExamplesTests.swift`.
  static let root = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  /// Every example of every documentation file, in file order.
  static let all: [DocExample] = markdownFiles().flatMap { file -> [DocExample] in
    let url = root.appendingPathComponent(file)
    guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
    return extract(from: text, file: file)
  }

  /// The documentation files that exist, relative to the root, each listed once.
  static func markdownFiles() -> [String] {
    var files = ["Docs/Language.md", "grammar/README.md", "README.md"]
    let docs = root.appendingPathComponent("Docs")
    let others = (try? FileManager.default.contentsOfDirectory(atPath: docs.path)) ?? []
    // Sorted so that the order of test cases does not depend on the file system.
    files += others.filter { $0.hasSuffix(".md") }.sorted().map { "Docs/" + $0 }
    var seen = Set<String>()
    return files.filter { file in
      guard seen.insert(file).inserted else { return false }
      return FileManager.default.fileExists(atPath: root.appendingPathComponent(file).path)
    }
  }

  /// The ```` ```scenario ```` blocks of a Markdown text. Other fenced blocks are skipped as a
  /// whole, so a fence inside them is not mistaken for an example. An unclosed block runs to the
  /// end of the text.
  static func extract(from text: String, file: String) -> [DocExample] {
    var examples: [DocExample] = []
    var open: OpenFence? = nil
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    for (index, line) in lines.enumerated() {
      let indent = line.prefix { $0 == " " }.count
      let trimmed = line.dropFirst(indent).trimmingCharacters(in: .whitespaces)
      guard var fence = open else {
        if trimmed.hasPrefix("```") {
          let info = trimmed.dropFirst(3).trimmingCharacters(in: .whitespaces)
          open = OpenFence(line: index + 1, indent: indent, isExample: info == "scenario")
        }
        continue
      }
      if trimmed == "```" {
        if fence.isExample { examples.append(fence.example(file: file)) }
        open = nil
      } else if fence.isExample {
        // Blocks inside list items are indented; the fence's indentation is not part of the code.
        fence.lines.append(String(line.dropFirst(min(indent, fence.indent))))
        open = fence
      }
    }
    if let fence = open, fence.isExample { examples.append(fence.example(file: file)) }
    return examples
  }
}

/// A fenced block being read.
private struct OpenFence {
  let line: Int
  let indent: Int
  let isExample: Bool
  var lines: [String] = []

  init(line: Int, indent: Int, isExample: Bool) {
    self.line = line
    self.indent = indent
    self.isExample = isExample
  }

  func example(file: String) -> DocExample {
    DocExample(file: file, line: line, source: lines.map { $0 + "\n" }.joined())
  }
}
