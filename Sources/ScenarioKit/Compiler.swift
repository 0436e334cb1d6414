import Foundation
import ScenarioChecker
import ScenarioDiagnostics
import ScenarioIR
import ScenarioParser
import ScenarioAST

@_exported import struct ScenarioDiagnostics.Diagnostic
@_exported import struct ScenarioDiagnostics.SourceFile
@_exported import struct ScenarioDiagnostics.DiagnosticRenderer
@_exported import struct ScenarioChecker.CheckOptions
@_exported import struct ScenarioIR.RunLimits
@_exported import struct ScenarioIR.Program
@_exported import protocol ScenarioEngine.RowObserver

/// The result of compiling a scenario: the program (nil when there were errors) and every
/// diagnostic, sorted by position.
public struct CompileResult: Sendable {
  public var file: SourceFile
  public var program: Program?
  public var diagnostics: [Diagnostic]
  /// Every file the diagnostics may point into: `file`, then the files it includes.
  public var files: [SourceFile] = []

  /// Number of errors.
  public var errorCount: Int { diagnostics.filter { $0.severity == .error }.count }
  /// Number of warnings.
  public var warningCount: Int { diagnostics.filter { $0.severity == .warning }.count }
}

/// The front end as one readable pipeline: bytes -> tokens -> AST -> checked program.
public enum ScenarioCompiler {
  /// Compiles source text.
  public static func compile(
    source: String, path: String, options: CheckOptions = CheckOptions(), sources: SourceAccess = .none
  ) -> CompileResult {
    compile(file: SourceFile(id: 0, path: path, text: source), options: options, sources: sources)
  }

  /// Compiles a source file. The phases recurse over the syntax tree, whose depth the parser
  /// bounds; they run on a thread with a large stack so that the bound holds whatever thread the
  /// caller is on (secondary threads often have only 512 KiB).
  public static func compile(file: SourceFile, options: CheckOptions = CheckOptions(), sources: SourceAccess = .none) -> CompileResult {
    onLargeStack { compileOnCurrentThread(file: file, options: options, sources: sources) }
  }

  static func compileOnCurrentThread(file: SourceFile, options: CheckOptions, sources: SourceAccess) -> CompileResult {
    var bag = DiagnosticBag()
    var ast = Parser.parse(file, diagnostics: &bag)
    var expander = IncludeExpander(main: file)
    if ast.declarations.contains(where: { if case .include = $0.kind { return true } else { return false } }) {
      ast = expander.expand(ast, source: file)
      bag.merge(expander.diagnostics)
    }
    var options = options
    if !bag.hasErrors {
      options.sources = readSources(ast, file: file, included: expander.files, options: options, access: sources, diagnostics: &bag)
    }
    var program: Program? = nil
    if !bag.hasErrors {
      program = Checker.check(ast, source: file, included: Array(expander.files.dropFirst()), options: options, diagnostics: &bag)
    } else {
      // Still run the checker so that name and type errors are reported with the syntax errors,
      // as long as the parse produced something to check.
      var checkBag = DiagnosticBag()
      _ = Checker.check(ast, source: file, included: Array(expander.files.dropFirst()), options: options, diagnostics: &checkBag)
      let syntax = SyntaxErrorSpans(bag.items.map(\.span))
      for d in checkBag.items where !syntax.overlaps(d.span) { bag.add(d) }
    }
    var result = CompileResult(file: file, program: bag.hasErrors ? nil : program, diagnostics: bag.sorted())
    result.files = expander.files
    return result
  }


  /// The rows of the source tables (`SourceLoader`). A database source leaves out the rows the
  /// scenario owns in the table it reads, which needs the program's ownership conditions: the
  /// program is first checked with the file sources alone, and its plan gives the conditions.
  static func readSources(
    _ ast: ScenarioFile, file: SourceFile, included: [SourceFile], options: CheckOptions, access: SourceAccess,
    diagnostics: inout DiagnosticBag
  ) -> [String: SourceRows] {
    let tables = SourceLoader.sourceTables(ast)
    guard !tables.isEmpty else { return [:] }
    var loader = SourceLoader(access: access, files: included)
    var rows = loader.loadFiles(ast)
    if tables.contains(where: { $0.spec.origin.isDatabase }), access.database != nil || access.required {
      var excluded: [String: String] = [:]
      if let db = access.database {
        var first = options
        first.sources = rows
        var scratch = DiagnosticBag()
        let program = Checker.check(ast, source: file, included: Array(included.dropFirst()), options: first, diagnostics: &scratch)
        if let program, !scratch.hasErrors, let plan = try? ScenarioRunner.databasePlan(program, dialect: db.dialect, targets: access.targets) {
          for t in plan.tables {
            if let owned = t.owned, let sql = try? owned.sql("t", dialect: db.dialect), let key = try? DatabaseNames.key(t.target, db) {
              excluded[key] = sql
            }
          }
        }
      }
      rows.merge(loader.loadDatabase(ast, excluded: excluded)) { a, _ in a }
    }
    diagnostics.merge(loader.diagnostics)
    return rows
  }

  /// Reads and compiles a file from disk. Throws only for I/O errors.
  public static func compile(path: String, options: CheckOptions = CheckOptions(), sources: SourceAccess = .none) throws -> CompileResult {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw ScenarioIOError(message: "cannot read '\(path)'")
    }
    return compile(file: SourceFile(id: 0, path: path, bytes: [UInt8](data)), options: options, sources: sources)
  }
}

/// Runs `body` on a new thread with a 256 MiB stack (reserved address space, not memory) and
/// waits for it.
func onLargeStack<T: Sendable>(_ body: @escaping @Sendable () -> T) -> T {
  let box = ResultBox<T>()
  let done = DispatchSemaphore(value: 0)
  let thread = Thread {
    box.value = body()
    done.signal()
  }
  thread.stackSize = 256 << 20
  thread.start()
  done.wait()
  guard let value = box.value else { return body() }
  return value
}

/// A value handed from one thread to another; written once before a semaphore is signalled.
final class ResultBox<T>: @unchecked Sendable {
  var value: T?
}

/// An I/O or usage problem (exit code 3), as opposed to a mistake in the scenario.
public struct ScenarioIOError: Error, Sendable, CustomStringConvertible {
  public var message: String
  public init(message: String) { self.message = message }
  public var description: String { message }
}

/// The spans of the syntax errors, to tell whether a checker diagnostic sits on code that already
/// has one (a follow-on, not reported). A span overlaps when the two ranges intersect or start at
/// the same byte (so empty spans count). Answers in O(log n) per question, so thousands of syntax
/// errors and checker errors stay linearithmic, not quadratic.
struct SyntaxErrorSpans {
  /// Per file: the spans sorted by start, with the running maximum of their ends.
  private var files: [Int: (starts: [Int], maxEnds: [Int])] = [:]

  init(_ spans: [SourceSpan]) {
    for (file, group) in Dictionary(grouping: spans, by: \.file) {
      let sorted = group.sorted { $0.start < $1.start }
      var maxEnds: [Int] = []
      maxEnds.reserveCapacity(sorted.count)
      for span in sorted { maxEnds.append(max(maxEnds.last ?? Int.min, span.end)) }
      files[file] = (sorted.map(\.start), maxEnds)
    }
  }

  func overlaps(_ span: SourceSpan) -> Bool {
    guard let (starts, maxEnds) = files[span.file] else { return false }
    // k: how many syntax spans start before `span` ends.
    let k = Self.partition(starts) { $0 < span.end }
    if k > 0, maxEnds[k - 1] > span.start { return true }
    let i = Self.partition(starts) { $0 < span.start }
    return i < starts.count && starts[i] == span.start
  }

  /// The number of leading elements of a sorted array for which `isBefore` holds.
  static func partition(_ values: [Int], _ isBefore: (Int) -> Bool) -> Int {
    var low = 0
    var high = values.count
    while low < high {
      let mid = (low + high) / 2
      if isBefore(values[mid]) { low = mid + 1 } else { high = mid }
    }
    return low
  }
}
