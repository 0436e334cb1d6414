import Foundation
import ScenarioChecker
import ScenarioDiagnostics
import ScenarioIR
import ScenarioParser

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

  /// Number of errors.
  public var errorCount: Int { diagnostics.filter { $0.severity == .error }.count }
  /// Number of warnings.
  public var warningCount: Int { diagnostics.filter { $0.severity == .warning }.count }
}

/// The front end as one readable pipeline: bytes -> tokens -> AST -> checked program.
public enum ScenarioCompiler {
  /// Compiles source text.
  public static func compile(source: String, path: String, options: CheckOptions = CheckOptions()) -> CompileResult {
    compile(file: SourceFile(id: 0, path: path, text: source), options: options)
  }

  /// Compiles a source file. The phases recurse over the syntax tree, whose depth the parser
  /// bounds; they run on a thread with a large stack so that the bound holds whatever thread the
  /// caller is on (secondary threads often have only 512 KiB).
  public static func compile(file: SourceFile, options: CheckOptions = CheckOptions()) -> CompileResult {
    onLargeStack { compileOnCurrentThread(file: file, options: options) }
  }

  static func compileOnCurrentThread(file: SourceFile, options: CheckOptions) -> CompileResult {
    var bag = DiagnosticBag()
    let ast = Parser.parse(file, diagnostics: &bag)
    var program: Program? = nil
    if !bag.hasErrors {
      program = Checker.check(ast, source: file, options: options, diagnostics: &bag)
    } else {
      // Still run the checker so that name and type errors are reported with the syntax errors,
      // as long as the parse produced something to check.
      var checkBag = DiagnosticBag()
      _ = Checker.check(ast, source: file, options: options, diagnostics: &checkBag)
      for d in checkBag.items where !overlapsSyntaxError(d, bag) { bag.add(d) }
    }
    return CompileResult(file: file, program: bag.hasErrors ? nil : program, diagnostics: bag.sorted())
  }

  /// Whether a checker diagnostic sits on code that already has a syntax error (a follow-on).
  static func overlapsSyntaxError(_ d: Diagnostic, _ bag: DiagnosticBag) -> Bool {
    bag.items.contains { s in
      s.span.file == d.span.file
        && ((d.span.start < s.span.end && s.span.start < d.span.end) || d.span.start == s.span.start)
    }
  }

  /// Reads and compiles a file from disk. Throws only for I/O errors.
  public static func compile(path: String, options: CheckOptions = CheckOptions()) throws -> CompileResult {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw ScenarioIOError(message: "cannot read '\(path)'")
    }
    return compile(file: SourceFile(id: 0, path: path, bytes: [UInt8](data)), options: options)
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
