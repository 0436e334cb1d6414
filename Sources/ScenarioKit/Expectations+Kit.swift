import ScenarioEngine
import ScenarioExpectations

@_exported import protocol ScenarioEngine.RowObserver
@_exported import class ScenarioExpectations.ExpectationChecker
@_exported import struct ScenarioExpectations.ExpectationResult
@_exported import class ScenarioExpectations.Profiler

// Expectations and profiles are row observers: a run hands them every chunk of every table in
// row order. ScenarioExpectations depends only on ScenarioIR, so the conformance to the
// engine's `RowObserver` is declared here, where both are visible; the methods already match.

extension ExpectationChecker: RowObserver {}
extension Profiler: RowObserver {}
