import Foundation
import ScenarioDiagnostics
import ScenarioEngine
import ScenarioIR

/// Checks a program's expectations against data files that already exist (`scenario check
/// --data DIR`): each table's CSV file is read back with the column types of the scenario and
/// fed to the observers as if it had just been generated.
public enum DataReplay {
  /// Expectations that cannot be checked on data files: they read hidden columns or follow
  /// references, which the files do not hold. Returns their indices and the reason.
  public static func uncheckable(_ program: Program) -> [(index: Int, reason: String)] {
    var result: [(Int, String)] = []
    for (i, e) in program.expectations.enumerated() {
      let table = program.tables[e.table]
      if !table.isWritten && table.source == nil {
        result.append((i, "'\(table.name)' is not written to a file"))
        continue
      }
      if let u = table.union {
        result.append((i, "'\(table.name)' is written into '\(u.output).csv' with other tables' rows"))
        continue
      }
      for p in e.probes {
        if let reason = unavailable(table.probes[p], table) {
          result.append((i, reason))
          break
        }
      }
    }
    return result
  }

  /// The expectations as they apply to files: a uniqueness that the generator guarantees by
  /// construction is measured for real, since the files may have been edited.
  public static func forFiles(_ expectations: [ExpectationIR]) -> [ExpectationIR] {
    expectations.map { e in
      var e = e
      if case .uniqueByConstruction = e.statistic { e.statistic = .unique }
      return e
    }
  }

  /// Why an expression cannot be evaluated on written columns alone, or nil.
  static func unavailable(_ e: IRExpr, _ table: TableIR) -> String? {
    switch e.kind {
    case .slot(let s):
      return table.slots[s].isOutput ? nil : "it reads '\(table.slots[s].name)', which is not written"
    case .field, .parentRow: return "it follows a reference, which the data files do not hold"
    case .aggregate: return "it reads an aggregate over another table, which the data files do not hold"
    case .persona: return "it reads the persona, which is not written"
    case .negate(let a), .not(let a), .isNull(let a): return unavailable(a, table)
    case .binary(_, let a, let b): return unavailable(a, table) ?? unavailable(b, table)
    case .conditional(let c, let a, let b):
      return unavailable(c, table) ?? unavailable(a, table) ?? unavailable(b, table)
    case .call(_, let args): return args.lazy.compactMap { unavailable($0, table) }.first
    default: return nil
    }
  }

  /// Reads every table's `NAME.csv` from `directory` in generation order and hands the rows to
  /// the observers. Throws `ScenarioIOError` for a missing or malformed file.
  public static func run(_ program: Program, directory: String, observers: [RowObserver]) throws {
    try replay(program, observers: observers) { table in
      let path = (directory as NSString).appendingPathComponent(table.name + ".csv")
      guard let data = FileManager.default.contents(atPath: path) else {
        throw ScenarioIOError(message: "cannot read '\(path)'")
      }
      let records = try CSVReader.records([UInt8](data), path: path)
      guard let header = records.first else { throw ScenarioIOError(message: "'\(path)' is empty") }
      let columns = try columnOrder(header.map { $0 ?? "" }, table: table, path: path)
      var rows: [[String?]] = []
      rows.reserveCapacity(records.count - 1)
      for (r, record) in records.dropFirst().enumerated() {
        guard record.count == header.count else {
          throw ScenarioIOError(message: "'\(path)' row \(r + 1) has \(record.count) fields, the header has \(header.count)")
        }
        rows.append(columns.map { record[$0] })
      }
      return (path, rows)
    }
  }

  /// Hands every written table's rows to the observers, in generation order, as if they had
  /// just been generated. `rows` gives a table's rows as text in the CSV output's forms, one
  /// field per written column in order, and names where they come from (for messages).
  public static func replay(
    _ program: Program, observers: [RowObserver], rows: (TableIR) throws -> (source: String, rows: [[String?]])
  ) throws {
    try ScenarioRunner.requireSources(program)
    let engine = Engine(program: program, options: EngineOptions(threads: 1))
    for t in program.generationOrder {
      let table = program.tables[t]
      // A source table's rows are the ones the program read.
      if table.source != nil {
        try replaySource(program, t, engine: engine, observers: observers)
        continue
      }
      // The parts of a shared output cannot be told apart in its file (see `uncheckable`);
      // inline tables and the cells of products have no file.
      if table.union != nil || !table.isWritten { continue }
      let (path, records) = try rows(table)
      var done = 0
      var chunkStart = 0
      while chunkStart < records.count {
        let chunkEnd = min(records.count, chunkStart + 4096)
        var values = [[Value]](repeating: [], count: table.outputSlots.count)
        for (r, record) in records[chunkStart..<chunkEnd].enumerated() {
          for (c, s) in table.outputSlots.enumerated() {
            let field = record[c]
            guard let v = ValueParser.parse(field, as: schemaType(table.slots[s].type, program)) else {
              throw ScenarioIOError(
                message: "'\(path)' row \(done + r + 1), column '\(table.slots[s].name)': cannot read '\(field ?? "")' as \(table.slots[s].type)")
            }
            values[c].append(v)
          }
        }
        let chunk = Chunk(startRow: done, count: chunkEnd - chunkStart, columns: values)
        let probes = try engine.replayProbes(table: t, chunk: chunk)
        for o in observers { try o.observe(table: t, chunk: chunk, probes: probes.map(ValueColumn.init)) }
        done += chunk.count
        chunkStart = chunkEnd
      }
      for o in observers { try o.finish(table: t, rows: done) }
    }
  }

  /// Hands a source table's rows (its columns' values, as read) to the observers.
  static func replaySource(_ program: Program, _ t: Int, engine: Engine, observers: [RowObserver]) throws {
    let table = program.tables[t]
    var columns: [[Value]] = []
    for s in table.outputSlots {
      guard case .inlineValue(let values) = table.slots[s].expr.kind else { return }
      columns.append(values)
    }
    let count = columns.first?.count ?? 0
    var start = 0
    while start < count {
      let end = min(count, start + 4096)
      let chunk = Chunk(startRow: start, count: end - start, columns: columns.map { Array($0[start..<end]) })
      let probes = try engine.replayProbes(table: t, chunk: chunk)
      for o in observers { try o.observe(table: t, chunk: chunk, probes: probes.map(ValueColumn.init)) }
      start = end
    }
    for o in observers { try o.finish(table: t, rows: count) }
  }

  /// The file column of every written column, by name.
  static func columnOrder(_ header: [String], table: TableIR, path: String) throws -> [Int] {
    try table.outputSlots.map { s in
      guard let i = header.firstIndex(of: table.slots[s].name) else {
        throw ScenarioIOError(message: "'\(path)' has no column '\(table.slots[s].name)'")
      }
      return i
    }
  }

  /// The type a column is written with (a reference is written as the referenced key).
  static func schemaType(_ type: ValueType, _ program: Program) -> ValueType {
    guard case .ref(let name) = type.kind, let t = program.tableIndex(name) else { return type }
    let target = program.tables[t]
    guard target.keySlots.count == 1 else { return ValueType(.int, nullable: type.isNullable) }
    return ValueType(target.slots[target.keySlots[0]].type.kind, nullable: type.isNullable)
  }
}
