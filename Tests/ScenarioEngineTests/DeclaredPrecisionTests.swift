import Foundation
import ScenarioDiagnostics
import ScenarioKit
import Testing

/// A declared precision is the value (DESIGN.md §6, issue 9): a `float(k)` column holds what
/// its file shows, so every reader (later columns, other tables, groups, expectations and
/// `check --data`) sees the written number; both engines agree; NaN and infinities are errors.
/// Also: `references(x, B.key)` works whichever of the two tables is generated first.
@Suite("Declared precision is the value")
struct DeclaredPrecisionTests {
  /// The example of issue 9, plus readers of the rounded column in later columns, a child
  /// table, a group key and an aggregate.
  static let source = """
    scenario r2
    seed 1
    now 2024-01-01T00:00:00
    table c [500] {
      key id
      id = row + 1
      x: float(1) = uniform(0, 10)
      y: float(6) = x * 10
      z = x * 3
      big: float(2) = 1e15 + uniform(0, 1)
      band = x >= 5.0
      g: float(3) = uniform(0, 1) per x
    }
    table d [2 per p in c] {
      key id
      id = row + 1
      parent = p.id
      px = p.x
    }
    table e [each q in c] {
      parent = q.id
      child_mean: float(4)? = mean(px) over d
    }
    expect c: mean(x) ~ 5 +- 5
    expect c: sd(y) ~ 29 +- 10
    expect c: rate(band) ~ 0.5 +- 0.2
    """

  /// Exact decimal arithmetic on the written texts (Foundation's `Decimal`), independent of the
  /// engine's doubles.
  static func decimal(_ text: String?) throws -> Decimal {
    try #require(text.flatMap { Decimal(string: $0, locale: Locale(identifier: "en_US_POSIX")) }, "not a number: \(text ?? "null")")
  }

  @Test("y = 10·x holds exactly in the file; later columns and child rows read the written x")
  func readersSeeTheWrittenValue() throws {
    let out = try EngineFixture.run(Self.source)
    let c = out.table("c")
    let d = out.table("d")
    let xs = c.column("x")
    #expect(xs.count == 500)
    for (i, x) in xs.enumerated() {
      let xText = try #require(x)
      #expect(xText.split(separator: ".").last?.count == 1, "x is written with one decimal: \(xText)")
      #expect(try Self.decimal(c.column("y")[i]) == (try Self.decimal(x)) * 10, "row \(i): x \(xText), y \(c.column("y")[i] ?? "")")
      #expect(Double(c.column("z")[i] ?? "") == Double(xText)! * 3, "row \(i): z is computed from the written x")
      #expect((c.column("band")[i] == "true") == (Double(xText)! >= 5.0), "row \(i)")
      // Each child copies its parent's written x.
      #expect(d.column("px")[2 * i] == xText && d.column("px")[2 * i + 1] == xText)
      #expect(out.table("e").column("child_mean")[i] == xText + "000", "row \(i): the mean of two equal x")
    }
    // Rows that show the same x share the same group draw.
    var groups: [String: String] = [:]
    for (x, g) in zip(xs, c.column("g")) {
      if let seen = groups[x!] { #expect(seen == g, "x \(x!)") }
      groups[x!] = g
    }
    // Fixed notation at large magnitudes, two decimals.
    for b in c.values("big") {
      #expect(b.hasPrefix("100000000000000") && b.split(separator: ".").last?.count == 2, "\(b)")
    }
  }

  @Test("both engines, and every chunk size, write the same bytes")
  func enginesAgree() throws {
    let program = try EngineFixture.compile(Self.source)
    let reference = try EngineFixture.run(program, chunkSize: 4096, columnWise: false).files
    for chunk in [1, 7, 2048] {
      #expect(try EngineFixture.run(program, chunkSize: chunk, columnWise: true).files == reference)
      #expect(try EngineFixture.run(program, threads: 2, chunkSize: chunk, columnWise: false).files == reference)
    }
  }

  @Test("run and check --data measure the same figures on the same files")
  func runAndCheckAgree() throws {
    let program = try EngineFixture.compile(Self.source)
    let folder = EngineFixture.temporaryFolder("r2-check")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let run = ExpectationChecker(program: program)
    _ = try ScenarioRunner.run(program, options: RunOptions(outputDirectory: folder, format: .csv), observers: [run])
    var files = program
    files.expectations = DataReplay.forFiles(files.expectations)
    let check = ExpectationChecker(program: files)
    try DataReplay.run(files, directory: folder, observers: [check])
    #expect(run.results.count == 3)
    for (a, b) in zip(run.results, check.results) {
      #expect(a.measured.bitPattern == b.measured.bitPattern, "\(a.text): run \(a.measured), check \(b.measured)")
      #expect(a.measuredText == b.measuredText)
    }
    // The mean is that of the written x, recomputed from the file.
    let xs = try EngineFixture.run(program).table("c").doubles("x")
    var sum = 0.0
    for x in xs { sum += x }
    #expect(abs(run.results[0].measured - sum / Double(xs.count)) < 1e-12)
  }

  @Test("NaN or an infinity in a float(k) column is R0707 with the row, in both engines")
  func nonFiniteIsAnError() throws {
    let program = try EngineFixture.compile(
      """
      scenario nan
      seed 1
      table t [4] {
        x: float(2) = exp(row * 1000.0) - exp(row * 1000.0)
      }
      """)
    let diagnostics = try EngineFixture.diagnostics(program, settings: [(true, true), (false, true)])
    for d in diagnostics {
      #expect(d.code == .runtimeNotFinite)
      #expect(d.message == "the value is NaN (not a number), which a float(2) column cannot hold")
      #expect(d.notes.contains { $0.contains("row 1") }, "\(d.notes)")
    }
    // Without decimals the column writes NaN instead.
    let plain = try EngineFixture.run(
      """
      scenario nan
      seed 1
      table t [2] {
        x: float = exp(row * 1000.0) - exp(row * 1000.0)
      }
      """)
    #expect(plain.table("t").values("x") == ["0.0", "NaN"])
  }

  @Test("a constant infinity in a float(k) column is a compile error")
  func constantInfinity() throws {
    let result = ScenarioCompiler.compile(
      source: "scenario k\nseed 1\ntable t [2] {\n  x: float(1) = 1e308 * 10\n}\n", path: "k.scenario")
    #expect(result.diagnostics.contains { $0.code == .invalidConstant && $0.message.contains("float(1)") }, "\(result.diagnostics.map(\.message))")
  }

  /// `a` holds values that must occur in `b.code`; `b` is declared first or last, so it is
  /// generated before or after `a`.
  static func referencesSource(referencedFirst: Bool) -> String {
    let a = """
      table a [20] {
        key id
        id = row + 1
        code = "K" ++ pad(row % 10, 2)
        bad = "K" ++ pad(row % 12, 2)
      }
      """
    let b = """
      table b [10] {
        key code
        code = "K" ++ pad(row, 2)
      }
      """
    return "scenario refs\nseed 1\n" + (referencedFirst ? b + "\n" + a : a + "\n" + b) + """

      expect a: references(code, b.code)
      expect a: references(bad, b.code)
      """
  }

  @Test("references(x, B.key) resolves in either generation order, in run and in check --data", arguments: [true, false])
  func referencesInEitherOrder(referencedFirst: Bool) throws {
    let program = try EngineFixture.compile(Self.referencesSource(referencedFirst: referencedFirst))
    let order = program.generationOrder.map { program.tables[$0].name }
    #expect(order == (referencedFirst ? ["b", "a"] : ["a", "b"]))
    let folder = EngineFixture.temporaryFolder("refs")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let run = ExpectationChecker(program: program)
    _ = try ScenarioRunner.run(program, options: RunOptions(outputDirectory: folder, format: .csv), observers: [run])
    let check = ExpectationChecker(program: program)
    try DataReplay.run(program, directory: folder, observers: [check])
    for results in [run.results, check.results] {
      #expect(results[0].passed && results[0].measured == 0, "\(results[0])")
      // rows with row % 12 in 10, 11: rows 10, 11 (and none past 20).
      #expect(!results[1].passed && results[1].measured == 2, "\(results[1])")
      #expect(results[1].detail?.contains("K10") == true, "\(results[1].detail ?? "")")
    }
  }
}
