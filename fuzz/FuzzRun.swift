// libFuzzer entry point for the whole pipeline: bytes -> lexer -> parser -> checker, then a
// valid program runs in memory under small budgets, twice (column-wise with tiny chunks, and
// the row interpreter with one chunk), and both runs must agree byte for byte or fail with the
// same diagnostic. Built by `FUZZ_HARNESS=run fuzz/run.sh` with `swiftc -sanitize=fuzzer,address`;
// SwiftPM does not build it (fuzz/ is outside every target).
import ScenarioDiagnostics
import ScenarioEngine
import ScenarioIR
import ScenarioKit
import ScenarioSinks

/// The budgets of a fuzz run: small enough that one input takes milliseconds.
let fuzzLimits = RunLimits(textBytes: 64 << 10, rows: 2_000)

@_cdecl("LLVMFuzzerTestOneInput")
public func scenarioFuzzRunOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
  let result = ScenarioCompiler.compile(
    file: SourceFile(id: 0, path: "fuzz", bytes: bytes), options: CheckOptions(limits: fuzzLimits))
  checkSpans(result.diagnostics, size: bytes.count)
  precondition(
    (result.program != nil) == (result.errorCount == 0),
    "program is \(result.program == nil ? "nil" : "set") with \(result.errorCount) errors")
  guard let program = result.program else { return 0 }

  let columns = run(program, EngineOptions(threads: 1, chunkSize: 7, columnWise: true, sparseParents: true, chunkBytes: 4096))
  let rows = run(program, EngineOptions(threads: 1, chunkSize: 4096, columnWise: false, sparseParents: false))
  switch (columns, rows) {
  case (.success(let a), .success(let b)):
    precondition(a == b, "the column-wise and row-wise runs wrote different bytes")
  case (.failure(let a), .failure(let b)):
    precondition(a.code == b.code, "the runs failed differently: \(a.code.rawValue) and \(b.code.rawValue)")
    checkSpans([a, b], size: bytes.count)
  case (.success, .failure(let e)), (.failure(let e), .success):
    preconditionFailure("one run failed (\(e.code.rawValue) \(e.message)) and the other did not")
  }
  if case .failure(let e) = columns {
    let renderer = DiagnosticRenderer(style: .rich, color: false, files: [result.file])
    _ = renderer.render([e])
  }
  return 0
}

/// Every diagnostic points into this file (or nowhere, for run-time errors without a place)
/// and has a message.
func checkSpans(_ diagnostics: [Diagnostic], size: Int) {
  for d in diagnostics {
    for s in [d.span] + d.secondary.map(\.span) where s != .none {
      precondition(s.file == 0, "diagnostic \(d.code.rawValue) has span in file \(s.file)")
      precondition(
        s.start >= 0 && s.start <= s.end && s.end <= size,
        "diagnostic \(d.code.rawValue) has span \(s.start)..<\(s.end) in \(size) bytes")
    }
    precondition(!d.message.isEmpty, "diagnostic \(d.code.rawValue) has no message")
  }
}

/// Runs the program into memory (CSV), returning every table's bytes in generation order, or
/// the run-time diagnostic. Any other error is a finding.
func run(_ program: Program, _ options: EngineOptions) -> Outcome {
  let output = MemoryOutput()
  do {
    _ = try Engine(program: program, options: options).run(into: output)
  } catch let e as EngineError {
    return .failure(e.diagnostic)
  } catch let e as SinkError {
    switch e {
    case .unstorableText, .dateOutOfRange:
      // Reported as R0704/R0708 by ScenarioKit; here the kind is enough.
      let code: DiagnosticCode = {
        if case .dateOutOfRange = e { return .runtimeDateOutOfRange }
        return .runtimeUnstorableText
      }()
      return .failure(Diagnostic(.error, code: code, message: "\(e)", span: .none))
    default:
      preconditionFailure("unexpected output error: \(e)")
    }
  } catch {
    preconditionFailure("unexpected error: \(error)")
  }
  return .success(output.tables.map(\.bytes))
}

/// How a run ended: every table's bytes, or a run-time diagnostic.
enum Outcome {
  case success([[UInt8]])
  case failure(Diagnostic)
}

/// Tables encoded as CSV into memory.
final class MemoryOutput: OutputFactory {
  final class Table: ChunkConsumer, @unchecked Sendable {
    let schema: TableSchema
    let totalRows: Int?
    var bytes: [UInt8] = []
    let encoder = CSVEncoder()
    init(schema: TableSchema, totalRows: Int?) throws {
      self.schema = schema
      self.totalRows = totalRows
      bytes = try encoder.header(schema, totalRows: totalRows ?? Int.max)
    }
    func prepare(_ chunk: Chunk) throws -> [UInt8] {
      var out: [UInt8] = []
      try encoder.encode(chunk, schema: schema, totalRows: totalRows ?? Int.max, into: &out)
      return out
    }
    func write(_ prepared: [UInt8], startRow: Int, count: Int) throws { bytes += prepared }
    func finish() throws { bytes += try encoder.footer(schema, totalRows: totalRows ?? Int.max) }
  }

  var tables: [Table] = []

  func begin(_ schema: TableSchema, totalRows: Int?) throws -> ChunkConsumer {
    let t = try Table(schema: schema, totalRows: totalRows)
    tables.append(t)
    return t
  }
}
