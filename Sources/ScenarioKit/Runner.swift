import Foundation
import ScenarioDiagnostics
import ScenarioEngine
import ScenarioIR
import ScenarioOutputSet
import ScenarioDigests
import ScenarioSinks

/// The output format of a run.
public enum OutputFormat: Sendable, Equatable {
  case csv
  case sql(SQLDialect)
}

/// How to run a program.
public struct RunOptions: Sendable {
  public var outputDirectory: String
  public var format: OutputFormat
  /// Worker threads; 0 means one per core.
  public var threads: Int
  public var chunkSize: Int
  /// Column-wise evaluation (see `EngineOptions.columnWise`); never changes output.
  public var columnWise: Bool
  /// Sparse parents (see `EngineOptions.sparseParents`); never changes output.
  public var sparseParents: Bool
  /// Wait for another run that holds the output folder, instead of failing at once.
  public var wait = false
  /// Remove the files an earlier set listed that this run does not write.
  public var clean = false
  /// `fsync` every file and the folders before the switch, so that the new set survives a power
  /// loss once it is in place.
  public var durable = true
  /// What the manifest says about the run (the CLI fills it in; nil: the program's own values).
  public var source: Manifest.Source? = nil

  public init(
    outputDirectory: String, format: OutputFormat = .csv, threads: Int = 0, chunkSize: Int = 8192,
    columnWise: Bool = true, sparseParents: Bool = true
  ) {
    self.outputDirectory = outputDirectory
    self.format = format
    self.threads = threads
    self.chunkSize = chunkSize
    self.columnWise = columnWise
    self.sparseParents = sparseParents
  }
}

/// What a run wrote, table by table, in generation order.
public struct RunSummary: Sendable, Equatable {
  public struct Table: Sendable, Equatable {
    public var name: String
    public var rows: Int
    public var path: String
    public var bytes: Int
  }
  public var tables: [Table]
  /// What the output folder's housekeeping found (leftovers of dead runs removed or left alone).
  public var notes: [String] = []
}

/// A run failed: a run-time error in the scenario (a diagnostic), an output problem, or SIGINT
/// or SIGTERM (the signal's number). In every case the output folder is unchanged.
public enum RunError: Error, Sendable {
  case scenario(Diagnostic)
  case output(String)
  case cancelled(Int32)
}

/// Runs compiled programs into files, as one transaction on the output folder
/// (`OutputTransaction`): the files are written into a staging folder beside it and switched in
/// all at once when the whole run succeeded, with a manifest; a failed or interrupted run
/// leaves the output folder exactly as it was.
public enum ScenarioRunner {
  /// The SQL output's script that loads every table in one transaction (`SQLEncoder.loadScript`).
  public static let loadScriptName = "scenario-load.sql"

  /// The files a run of `program` writes, by name.
  public static func outputFiles(_ program: Program, format: OutputFormat) -> [String] {
    let ext: String
    switch format {
    case .csv: ext = "csv"
    case .sql: ext = "sql"
    }
    var names: [String] = []
    for t in program.generationOrder where program.tables[t].isWritten {
      let name = program.tables[t].union?.output ?? program.tables[t].name
      if !names.contains(name + "." + ext) { names.append(name + "." + ext) }
    }
    if case .sql = format { names.append(loadScriptName) }
    return names
  }

  /// Runs `program`; `extraFiles` (called once the tables are written, before the switch) adds
  /// files such as the profile to the set.
  /// Refuses a program compiled without reading its source tables (`SourceAccess.none`).
  public static func requireSources(_ program: Program) throws(RunError) {
    guard let t = program.unreadSources.first else { return }
    let how = t.source?.fromDatabase == true ? "the target database (give --db)" : "its file"
    throw .output("table '\(t.name)' (from \(t.source?.declared ?? "")) was not read from \(how): compile with SourceAccess.run to run it")
  }

  public static func run(
    _ program: Program, options: RunOptions, observers: [RowObserver] = [],
    progress: ((String, Int, Int) -> Void)? = nil,
    extraFiles: [String] = [], extraContents: (() -> [String: [UInt8]])? = nil
  ) throws(RunError) -> RunSummary {
    if let signal = Cancellation.signal { throw .cancelled(signal) }
    try requireSources(program)
    let outputs = outputFiles(program, format: options.format) + extraFiles
    let transaction: OutputTransaction
    do {
      transaction = try OutputTransaction(target: options.outputDirectory, outputs: outputs, wait: options.wait)
    } catch {
      throw .output(error.description)
    }
    let encoder: any TableEncoder
    switch options.format {
    case .csv: encoder = CSVEncoder()
    case .sql(let d):
      var sql = SQLEncoder(dialect: d)
      do {
        sql.plan = try databasePlan(program, dialect: d)
      } catch {
        transaction.abort()
        throw .output("\(error)")
      }
      encoder = sql
    }
    let factory = FileOutputFactory(encoder: encoder, directory: transaction.staging, durable: options.durable)
    let engine = Engine(program: program, options: EngineOptions(
        threads: options.threads, chunkSize: options.chunkSize, columnWise: options.columnWise,
        sparseParents: options.sparseParents))
    let results: [TableResult]
    do {
      results = try engine.run(into: factory, observers: observers, progress: progress)
    } catch let e as EngineError {
      transaction.abort()
      throw .scenario(e.diagnostic)
    } catch let SinkError.unstorableText(table, column, row, reason) {
      transaction.abort()
      throw .scenario(unstorable(program, table: table, column: column, row: row, reason: reason))
    } catch let SinkError.dateOutOfRange(table, column, row, value) {
      transaction.abort()
      throw .scenario(dateOutOfRange(program, table: table, column: column, row: row, value: value))
    } catch let SinkError.cancelled(signal) {
      transaction.abort()
      throw .cancelled(signal)
    } catch let e as SinkError {
      transaction.abort()
      throw .output(e.description)
    } catch {
      transaction.abort()
      throw .output("\(error)")
    }
    var files: [Manifest.File] = []
    var tables: [RunSummary.Table] = []
    for (result, written) in zip(results, factory.written) {
      let name = (written.path as NSString).lastPathComponent
      files.append(Manifest.File(name: name, bytes: written.bytes, sha256: written.sha256, rows: written.rows))
      let final = (transaction.target as NSString).appendingPathComponent(name)
      tables.append(RunSummary.Table(name: result.name, rows: result.rows, path: final, bytes: written.bytes))
    }
    var extra = extraContents?() ?? [:]
    if let sql = encoder as? SQLEncoder, let plan = sql.plan {
      extra[loadScriptName] = sql.loadScript(order: plan.tables.map(\.name))
    }
    for (name, bytes) in extra.sorted(by: { $0.key < $1.key }) {
      do {
        let file = try OutputFile(path: (transaction.staging as NSString).appendingPathComponent(name))
        file.durable = options.durable
        try file.append(bytes)
        try file.commit()
        files.append(Manifest.File(name: name, bytes: bytes.count, sha256: file.sha256 ?? "", rows: 0))
      } catch {
        transaction.abort()
        throw .output("\(error)")
      }
    }
    do {
      _ = try transaction.commit(files: files, source: options.source ?? defaultSource(program, options), clean: options.clean)
    } catch {
      transaction.abort()
      if case .cancelled(let signal) = error { throw .cancelled(signal) }
      throw .output(error.description)
    }
    return RunSummary(tables: tables, notes: transaction.notes)
  }

  /// Makes SIGINT and SIGTERM stop a run between two chunks (`RunError.cancelled`); a second
  /// signal exits at once. The CLI calls this before a run.
  public static func installSignalHandlers() { Cancellation.installHandlers() }

  /// The manifest's source for a run of `program` compiled from `scenario` (its bytes).
  public static func manifestSource(
    _ program: Program, scenario: String, bytes: [UInt8], mode: String?, format: OutputFormat
  ) -> Manifest.Source {
    var source = defaultSource(program, RunOptions(outputDirectory: "", format: format))
    source.scenario = scenario
    var hasher = SHA256()
    hasher.update(bytes)
    source.scenarioSHA256 = hasher.finalize()
    source.mode = mode
    source.now = formatInstant(program.now)
    source.parameters = Dictionary(program.parameters.map { ($0.name, "\($0.value)") }, uniquingKeysWith: { a, _ in a })
    var sources: [String: String] = [:]
    for t in program.tables {
      guard let s = t.source, case .fixed(let n) = t.count else { continue }
      sources[t.name] = "\(s.declared), \(n) rows, sha256 \(s.digest ?? "")"
    }
    source.sources = sources.isEmpty ? nil : sources
    return source
  }

  /// The manifest's source when the caller gives none: the program's name, seed and `now`.
  static func defaultSource(_ program: Program, _ options: RunOptions) -> Manifest.Source {
    let format: String
    switch options.format {
    case .csv: format = "csv"
    case .sql(let d): format = "sql (\(d))"
    }
    return Manifest.Source(
      scenario: program.name, scenarioSHA256: "", seed: "\(program.seed)", now: "\(program.now)", mode: nil,
      parameters: [:], format: format, generator: ScenarioVersion.text, dataPacks: program.dataPacks)
  }
}

/// The generator's version, as `scenario --version` prints it and manifests record it.
public enum ScenarioVersion {
  public static let text = "scenario 0.1.0"
}

/// R0708: a date or date-time outside the years 1 to 9999, reported at the column.
package func dateOutOfRange(_ program: Program, table: String, column: String, row: Int, value: String) -> Diagnostic {
  let slot = program.tableIndex(table).flatMap { t in program.tables[t].slots.first { $0.name == column } }
  return Diagnostic(
    .error, code: .runtimeDateOutOfRange,
    message: "column '\(column)' of table '\(table)' is \(value), outside the years 1 to 9999",
    span: slot?.expr.span ?? .none, label: "a date databases reject",
    notes: ["in table '\(table)', column '\(column)', row \(row) (seed \(program.seed))"],
    help: "keep dates between 0001-01-01 and 9999-12-31, for example with 'clamp' or a smaller offset")
}

/// R0704: a value the output format cannot store, reported at the column that produced it.
package func unstorable(_ program: Program, table: String, column: String, row: Int?, reason: String) -> Diagnostic {
  let slot = program.tableIndex(table).flatMap { t in program.tables[t].slots.first { $0.name == column } }
  let place = row.map { ", row \($0)" } ?? ""
  return Diagnostic(
    .error, code: .runtimeUnstorableText,
    message: "column '\(column)' of table '\(table)' cannot be written in this format: \(reason)",
    span: slot?.expr.span ?? .none, label: "this value cannot be stored",
    notes: ["in table '\(table)', column '\(column)'\(place) (seed \(program.seed))"],
    help: "PostgreSQL text cannot hold NUL ('\\0'); remove it, or write CSV or SQLite")
}

/// Connects the engine's consumers to table writers.
final class FileOutputFactory: OutputFactory {
  let encoder: any TableEncoder
  let directory: String
  private(set) var written: [WrittenFile] = []

  let durable: Bool

  init(encoder: any TableEncoder, directory: String, durable: Bool) {
    self.encoder = encoder
    self.directory = directory
    self.durable = durable
  }

  func begin(_ schema: TableSchema, totalRows: Int?) throws -> ChunkConsumer {
    let writer = TableWriter(encoder: encoder, directory: directory)
    writer.durable = durable
    try writer.begin(schema, totalRows: totalRows)
    return FileConsumer(writer: writer, encoder: encoder, schema: schema, totalRows: totalRows) { [weak self] in
      self?.written.append($0)
    }
  }
}

/// Encodes chunks in parallel and appends them in order.
final class FileConsumer: ChunkConsumer, @unchecked Sendable {
  let writer: TableWriter
  let encoder: any TableEncoder
  let schema: TableSchema
  let totalRows: Int?
  let done: (WrittenFile) -> Void

  init(writer: TableWriter, encoder: any TableEncoder, schema: TableSchema, totalRows: Int?, done: @escaping (WrittenFile) -> Void) {
    self.writer = writer
    self.encoder = encoder
    self.schema = schema
    self.totalRows = totalRows
    self.done = done
  }

  func prepare(_ chunk: Chunk) throws -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(chunk.count * 64)
    try encoder.encode(chunk, schema: schema, totalRows: totalRows ?? Int.max, into: &out)
    return out
  }

  func write(_ prepared: [UInt8], startRow: Int, count: Int) throws {
    try writer.writeEncoded(prepared, startRow: startRow, count: count)
  }

  func finish() throws {
    done(try writer.finish())
  }
}
