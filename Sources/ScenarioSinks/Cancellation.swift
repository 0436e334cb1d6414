import CScenarioSystem

/// SIGINT and SIGTERM ask a run to stop: the first signal is recorded (by an async-signal-safe
/// handler) and the writers throw `SinkError.cancelled` at their next chunk, so that the run
/// removes its staging folder and exits with 128 + the signal; a second signal exits at once.
/// Also the test hook that makes the process die at a numbered step of a phase.
package enum Cancellation {
  /// Installs the handlers (the CLI does, before a run).
  package static func installHandlers() { scenario_install_cancel_handlers() }

  /// The signal that asked the run to stop, or nil.
  package static var signal: Int32? {
    let s = scenario_cancel_signal()
    return s == 0 ? nil : s
  }

  /// Throws `SinkError.cancelled` once a signal asked the run to stop.
  package static func check() throws {
    if let s = signal { throw SinkError.cancelled(signal: s) }
  }

  /// Test hook (environment variable `SCENARIO_TEST_FAULT=PHASE:STEP:SIGNAL`): sends SIGNAL to
  /// this process at the STEP-th event of PHASE (`staging`, `writing`, `switching`, `cleanup`).
  package static func faultPoint(_ phase: StaticString) {
    phase.withUTF8Buffer { buffer in
      buffer.withMemoryRebound(to: CChar.self) { scenario_fault_point($0.baseAddress!) }
    }
  }
}
