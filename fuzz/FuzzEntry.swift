// libFuzzer entry point for the scenario front end: bytes -> lexer -> parser -> checker, then
// the diagnostics are rendered. Built by fuzz/run.sh with `swiftc -sanitize=fuzzer,address`;
// SwiftPM does not build it (fuzz/ is outside every target).
import ScenarioKit

/// Compiles one input and checks invariants that hold for every input, valid or not. A broken
/// invariant traps, which libFuzzer reports as a crash with the input saved.
@_cdecl("LLVMFuzzerTestOneInput")
public func scenarioFuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
  let result = ScenarioCompiler.compile(file: SourceFile(id: 0, path: "fuzz", bytes: bytes))

  // Every diagnostic points into this file.
  for d in result.diagnostics {
    let spans = [d.span] + d.secondary.map(\.span)
    for s in spans {
      precondition(s.file == 0, "diagnostic \(d.code.rawValue) has span in file \(s.file)")
      precondition(
        s.start >= 0 && s.start <= s.end && s.end <= bytes.count,
        "diagnostic \(d.code.rawValue) has span \(s.start)..<\(s.end) in \(bytes.count) bytes")
    }
    precondition(!d.message.isEmpty, "diagnostic \(d.code.rawValue) has no message")
  }
  // A program exactly when there is no error.
  precondition(
    (result.program != nil) == (result.errorCount == 0),
    "program is \(result.program == nil ? "nil" : "set") with \(result.errorCount) errors")

  // Rendering must cope with any span the compiler produced.
  let renderer = DiagnosticRenderer(style: .rich, color: false, files: [result.file])
  _ = renderer.render(result.diagnostics)
  let short = DiagnosticRenderer(style: .short, color: true, files: [result.file])
  _ = short.render(result.diagnostics)
  return 0
}
