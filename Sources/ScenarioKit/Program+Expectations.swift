import ScenarioIR

extension Program {
  /// The program without its `expect` statements (`scenario run --expectations off`): the
  /// probes that only expectations read are dropped, so rows are generated without measuring
  /// them. The probes of aggregates (`mean(x) over sessions`) stay, renumbered.
  public func withoutExpectations() -> Program {
    var program = self
    program.expectations = []
    var remap = [[Int: Int]](repeating: [:], count: tables.count)
    for a in aggregates {
      for p in [a.linkProbe, a.filterProbe, a.argumentProbe].compactMap({ $0 }) where remap[a.source][p] == nil {
        remap[a.source][p] = remap[a.source].count
      }
    }
    for t in tables.indices {
      let kept = remap[t].sorted { $0.value < $1.value }.map(\.key)
      program.tables[t].probes = kept.map { tables[t].probes[$0] }
    }
    program.aggregates = aggregates.map { a in
      var a = a
      a.linkProbe = remap[a.source][a.linkProbe] ?? 0
      a.filterProbe = a.filterProbe.flatMap { remap[a.source][$0] }
      a.argumentProbe = a.argumentProbe.flatMap { remap[a.source][$0] }
      return a
    }
    return program
  }
}
