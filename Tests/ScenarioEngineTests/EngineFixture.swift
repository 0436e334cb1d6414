import Foundation
import ScenarioDiagnostics
import ScenarioIR
import ScenarioKit
import Testing

/// One generated CSV file read back: the header and the rows, null fields as nil.
struct CSVTable {
  var header: [String]
  var rows: [[String?]]
  /// The file's bytes, for byte-level comparisons and quoting checks.
  var text: String

  /// Every value of a column, nil for null.
  func column(_ name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation)
    -> [String?]
  {
    guard let i = header.firstIndex(of: name) else {
      Issue.record("no column '\(name)' in \(header)", sourceLocation: sourceLocation)
      return []
    }
    return rows.map { i < $0.count ? $0[i] : nil }
  }

  /// Every value of a column that must never be null.
  func values(_ name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> [String]
  {
    column(name, sourceLocation: sourceLocation).map { $0 ?? "<null>" }
  }

  /// A column's values as integers (0 where a value is not an integer, which fails the test).
  func ints(_ name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> [Int] {
    values(name, sourceLocation: sourceLocation).map { text in
      guard let n = Int(text) else {
        Issue.record(
          "'\(text)' in column '\(name)' is not an integer", sourceLocation: sourceLocation)
        return 0
      }
      return n
    }
  }

  /// A column's values as doubles.
  func doubles(_ name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation)
    -> [Double]
  {
    values(name, sourceLocation: sourceLocation).map { text in
      guard let x = Double(text) else {
        Issue.record(
          "'\(text)' in column '\(name)' is not a number", sourceLocation: sourceLocation)
        return .nan
      }
      return x
    }
  }

  /// Parses CSV text as the CSV encoder writes it: a quoted field is always text (so `""` is
  /// the empty string) and an empty unquoted field is null.
  init(text: String) {
    self.text = text
    var rows: [[String?]] = []
    var row: [String?] = []
    var field = ""
    var quoted = false
    var inQuotes = false
    var scalars = Array(text.unicodeScalars)[...]
    func endField() {
      row.append(!quoted && field.isEmpty ? nil : field)
      field = ""
      quoted = false
    }
    while let c = scalars.popFirst() {
      if inQuotes {
        if c == "\"" {
          if scalars.first == "\"" {
            field.unicodeScalars.append(c)
            scalars.removeFirst()
          } else {
            inQuotes = false
          }
        } else {
          field.unicodeScalars.append(c)
        }
      } else if c == "\"" {
        inQuotes = true
        quoted = true
      } else if c == "," {
        endField()
      } else if c == "\n" {
        endField()
        rows.append(row)
        row = []
      } else {
        field.unicodeScalars.append(c)
      }
    }
    if !row.isEmpty || !field.isEmpty || quoted {
      endField()
      rows.append(row)
    }
    header = rows.first.map { $0.map { $0 ?? "" } } ?? []
    self.rows = Array(rows.dropFirst())
  }
}

/// Compiles and runs scenarios into temporary folders and reads the CSV files back.
enum EngineFixture {
  /// What a run produced.
  struct Output {
    var summary: RunSummary
    var tables: [String: CSVTable]
    /// The raw bytes of every file, by file name.
    var files: [String: [UInt8]]

    /// A table by name; records an issue if it is missing.
    func table(_ name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation)
      -> CSVTable
    {
      guard let t = tables[name] else {
        Issue.record(
          "no table '\(name)' among \(tables.keys.sorted())", sourceLocation: sourceLocation)
        return CSVTable(text: "")
      }
      return t
    }
  }

  /// A failed run: the diagnostic and what was left in the output folder.
  struct Failure: Error {
    /// The run-time diagnostic; nil for an output error or a run that did not fail.
    var diagnostic: Diagnostic?
    var leftover: [String]
  }

  /// Compiles source text that must have no errors.
  static func compile(
    _ source: String, options: CheckOptions = CheckOptions(),
    sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) throws -> Program {
    let result = ScenarioCompiler.compile(source: source, path: "engine.scenario", options: options)
    let errors = result.diagnostics.filter { $0.severity == .error }
    #expect(
      errors.isEmpty, "compile errors: \(errors.map(\.message))", sourceLocation: sourceLocation)
    return try #require(result.program, sourceLocation: sourceLocation)
  }

  /// A fresh temporary folder path (not yet created).
  static func temporaryFolder(_ label: String) -> String {
    FileManager.default.temporaryDirectory.path + "/scenario-engine-\(label)-\(UUID().uuidString)"
  }

  /// Runs a program into a temporary folder and reads every file back; the folder is removed.
  static func run(
    _ program: Program, threads: Int = 1, chunkSize: Int = 4096, format: OutputFormat = .csv,
    columnWise: Bool = true, sparseParents: Bool = true,
    sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) throws -> Output {
    let folder = temporaryFolder(program.name)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let summary: RunSummary
    do {
      summary = try ScenarioRunner.run(
        program,
        options: RunOptions(
          outputDirectory: folder, format: format, threads: threads, chunkSize: chunkSize,
          columnWise: columnWise, sparseParents: sparseParents))
    } catch {
      switch error {
      case .scenario(let d):
        let left = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        throw Failure(diagnostic: d, leftover: left)
      case .output(let message):
        Issue.record("output error: \(message)", sourceLocation: sourceLocation)
        throw Failure(diagnostic: nil, leftover: [])
      case .cancelled(let signal):
        Issue.record("output error: interrupted by signal \(signal)", sourceLocation: sourceLocation)
        throw Failure(diagnostic: nil, leftover: [])
      }
    }
    var tables: [String: CSVTable] = [:]
    var files: [String: [UInt8]] = [:]
    // The manifest names the set (Docs/CLI.md); the engine tests compare the tables' files.
    for name in try FileManager.default.contentsOfDirectory(atPath: folder) where name != "scenario-manifest.json" {
      let data = try #require(FileManager.default.contents(atPath: folder + "/" + name))
      files[name] = [UInt8](data)
      if name.hasSuffix(".csv") {
        tables[String(name.dropLast(4))] = CSVTable(text: String(decoding: data, as: UTF8.self))
      }
    }
    return Output(summary: summary, tables: tables, files: files)
  }

  /// Compiles and runs source text.
  static func run(
    _ source: String, options: CheckOptions = CheckOptions(), threads: Int = 1,
    chunkSize: Int = 4096,
    sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) throws -> Output {
    let program = try compile(source, options: options, sourceLocation: sourceLocation)
    return try run(program, threads: threads, chunkSize: chunkSize, sourceLocation: sourceLocation)
  }

  /// The run-time diagnostic of each run of a program that must fail, one per engine setting
  /// (to compare engines that must report the same failure).
  static func diagnostics(
    _ program: Program, settings: [(columnWise: Bool, sparseParents: Bool)],
    sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) throws -> [Diagnostic] {
    var diagnostics: [Diagnostic] = []
    for s in settings {
      do {
        _ = try run(program, columnWise: s.columnWise, sparseParents: s.sparseParents, sourceLocation: sourceLocation)
        Issue.record("the run did not fail", sourceLocation: sourceLocation)
      } catch let failure as Failure {
        diagnostics.append(try #require(failure.diagnostic, sourceLocation: sourceLocation))
      }
    }
    return diagnostics
  }

  /// Runs source text that must fail at run time; returns the failure.
  static func failure(
    _ source: String, threads: Int = 1, chunkSize: Int = 4096,
    sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) throws -> Failure {
    let program = try compile(source, sourceLocation: sourceLocation)
    do {
      _ = try run(program, threads: threads, chunkSize: chunkSize, sourceLocation: sourceLocation)
    } catch let f as Failure {
      return f
    }
    Issue.record("the run succeeded", sourceLocation: sourceLocation)
    return Failure(diagnostic: nil, leftover: [])
  }
}

/// Statistical checks with fixed seeds and wide (5σ) bands, so they never flake.
enum Stat {
  /// Checks that `observed` successes out of `n` fit probability `p` within `sigmas` standard
  /// deviations of the binomial.
  static func expectBinomial(
    _ observed: Int, n: Int, p: Double, sigmas: Double = 5, _ what: String = "",
    sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) {
    let mean = Double(n) * p
    let sd = (Double(n) * p * (1 - p)).squareRoot()
    #expect(
      abs(Double(observed) - mean) <= sigmas * sd,
      "\(what): observed \(observed) of \(n), expected \(mean) ± \(sigmas * sd)",
      sourceLocation: sourceLocation)
  }

  /// Counts of each distinct value.
  static func counts<T: Hashable>(_ values: [T]) -> [T: Int] {
    var c: [T: Int] = [:]
    for v in values { c[v, default: 0] += 1 }
    return c
  }
}
