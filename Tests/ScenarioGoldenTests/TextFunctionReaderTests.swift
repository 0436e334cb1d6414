import Foundation
import ScenarioKit
import ScenarioTestSupport
import Testing

/// The text built-ins against an independent reader: `Tests/RoundTrip/text_functions.py`
/// recomputes every function's column from the written source columns with Python's own string
/// handling and the tokenizer of Docs/Values.md, on 20,000 rows of texts built from letters with
/// accents and combining marks, apostrophes, digits with points, Greek, CJK, tabs, no-break
/// spaces and every sentence terminator.
@Suite("Text functions against an independent reader")
struct TextFunctionReaderTests {
  static let source = #"""
    scenario text_reader
    seed 2026

    table texts [20000] {
      let a = choice { "Don't" 1, "stop" 1, "Émile" 1, "naïve" 1, "e\u{301}te\u{301}" 1, "3.14" 1, "rock 'n' roll" 1, "straße" 1, "Σίσυφος" 1, "東京" 1, "it’s" 1, "A.B.C" 1, "x_y" 1, "42nd" 1, "Ünïcödé" 1 }
      let b = choice { "the" 3, "cat" 2, "The" 1, "CAT" 1, "İstanbul" 1, "hat" 1, "ǅemal" 1, "ﬁsh" 1 }
      let c = choice { "end" 1, "Ω" 1, "2024" 1, "don’t" 1, "o'" 1, "'quoted'" 1 }
      let p = choice { ". " 3, "! " 1, "? " 1, "… " 1, " " 4, ", " 2, "。" 1, "... " 1, "\t" 1, "\u{A0}" 1, "?!" 1, "." 1 }
      let q = choice { ". " 1, " " 3, "！" 1, "\u{3000}" 1, "-" 1 }
      let lead = choice { "" 3, "  " 1, "\t" 1, "\u{A0}" 1 }
      t = lead ++ a ++ p ++ b ++ q ++ c ++ choice { "" 2, "." 1, "  " 1, "\u{2029}" 1 }
      maybe: text? = bernoulli(20%) ? null : b ++ " " ++ c
      k = uniform_int(1, 12)
      m = uniform_int(0, 8)
      needle = choice { "e" 2, "t" 2, "'" 1, "The" 1, ". " 1, "é" 1, "\u{301}" 1, "東" 1, "zz" 1 }
      x: float(3) = normal(0, 1) * choice { 1 1, 1000 1, 1000000 1 }
      d = uniform_int(0, 5)
      len = length(t)
      up = upper(t)
      low = lower(t)
      tr = trim(t)
      sub = substring(t, k, m)
      has = contains(t, needle)
      starts = starts_with(t, needle)
      ends = ends_with(t, needle)
      idx = index_of(t, needle)
      cnt = count_of(t, needle)
      rep = replace(t, needle, "#")
      twice = repeat(t, k % 3)
      joined = join("|", t, maybe, k)
      pl = pad_left(text(k), 6, "0")
      pr = pad_right(needle, 7, "-=")
      wc = word_count(t)
      sc = sentence_count(t)
      dwc = distinct_word_count(t)
      mwl = mean_word_length(t)
      fmt = format_number(x, d, ",")
      fmt_plain = format_number(x, d)
      maybe_wc = word_count(maybe)
    }
    """#

  @Test("20,000 rows: every text function's column recomputes in Python")
  func readerAgrees() throws {
    try #require(CommandLineTool.exists("python3"), "the reader needs python3 (.ci/run installs it)")
    let program = try Harness.compile(source: Self.source)
    let folder = try TemporaryFolder("text-reader")
    defer { folder.remove() }
    _ = try ScenarioRunner.run(program, options: RunOptions(outputDirectory: folder.path, format: .csv, threads: 2))
    let result = try CommandLineTool.run(
      "python3", [RepoPaths.absolute("Tests/RoundTrip/text_functions.py"), folder.file("texts.csv")])
    #expect(result.status == 0, "\(result.output)\(result.errors)")
    #expect(result.output.contains("20000 rows, 440000 cells recomputed, 0 differ"), "\(result.output)")
  }

  @Test("the reader notices a wrong count")
  func readerCatchesATamperedCount() throws {
    try #require(CommandLineTool.exists("python3"))
    let program = try Harness.compile(source: Self.source.replacingOccurrences(of: "[20000]", with: "[50]"))
    let folder = try TemporaryFolder("text-reader-tampered")
    defer { folder.remove() }
    _ = try ScenarioRunner.run(program, options: RunOptions(outputDirectory: folder.path, format: .csv))
    let path = folder.file("texts.csv")
    var text = try String(contentsOfFile: path, encoding: .utf8)
    // The header names wc; bump every word count of the second row by one.
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let header = CSVTable(text: lines[0] + "\n" + lines[1] + "\n")
    let wc = try #require(header.column("wc")?.first ?? nil)
    let original = lines[1]
    lines[1] = lines[1].replacingOccurrences(of: ",\(wc),", with: ",\(Int(wc)! + 1),")
    #expect(lines[1] != original)
    text = lines.joined(separator: "\n")
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    let result = try CommandLineTool.run(
      "python3", [RepoPaths.absolute("Tests/RoundTrip/text_functions.py"), path])
    #expect(result.status == 1, "\(result.output)")
    #expect(result.output.contains("wc: wrote"), "\(result.output)")
  }
}
