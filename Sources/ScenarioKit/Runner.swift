import Foundation
import ScenarioDiagnostics
import ScenarioEngine
import ScenarioIR
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

  public init(
    outputDirectory: String, format: OutputFormat = .csv, threads: Int = 0, chunkSize: Int = 2048,
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
}

/// A run failed: a run-time error in the scenario (a diagnostic) or an output problem.
public enum RunError: Error, Sendable {
  case scenario(Diagnostic)
  case output(String)
}

/// Runs compiled programs into files. Every file is first written into a staging folder inside
/// the output folder and moved into place only when the whole run succeeded, so a failed run
/// leaves no half-written or inconsistent files behind.
public enum ScenarioRunner {
  public static func run(
    _ program: Program, options: RunOptions, observers: [RowObserver] = [],
    progress: ((String, Int, Int) -> Void)? = nil
  ) throws(RunError) -> RunSummary {
    let fm = FileManager.default
    let staging = (options.outputDirectory as NSString).appendingPathComponent(
      ".scenario-staging-\(ProcessInfo.processInfo.processIdentifier)")
    do {
      try fm.createDirectory(atPath: staging, withIntermediateDirectories: true)
    } catch {
      throw .output("cannot create the output folder '\(options.outputDirectory)'")
    }
    defer { try? fm.removeItem(atPath: staging) }
    let encoder: any TableEncoder
    switch options.format {
    case .csv: encoder = CSVEncoder()
    case .sql(let d): encoder = SQLEncoder(dialect: d)
    }
    let factory = FileOutputFactory(encoder: encoder, directory: staging)
    let engine = Engine(program: program, options: EngineOptions(
        threads: options.threads, chunkSize: options.chunkSize, columnWise: options.columnWise,
        sparseParents: options.sparseParents))
    let results: [TableResult]
    do {
      results = try engine.run(into: factory, observers: observers, progress: progress)
    } catch let e as EngineError {
      throw .scenario(e.diagnostic)
    } catch let SinkError.unstorableText(table, column, row, reason) {
      throw .scenario(unstorable(program, table: table, column: column, row: row, reason: reason))
    } catch let e as SinkError {
      throw .output(e.description)
    } catch {
      throw .output("\(error)")
    }
    var tables: [RunSummary.Table] = []
    for (result, written) in zip(results, factory.written) {
      let name = (written.path as NSString).lastPathComponent
      let final = (options.outputDirectory as NSString).appendingPathComponent(name)
      do {
        if fm.fileExists(atPath: final) { try fm.removeItem(atPath: final) }
        try fm.moveItem(atPath: written.path, toPath: final)
      } catch {
        throw .output("cannot move '\(name)' into '\(options.outputDirectory)': \(error.localizedDescription)")
      }
      tables.append(RunSummary.Table(name: result.name, rows: result.rows, path: final, bytes: written.bytes))
    }
    return RunSummary(tables: tables)
  }
}

/// R0704: a value the output format cannot store, reported at the column that produced it.
func unstorable(_ program: Program, table: String, column: String, row: Int?, reason: String) -> Diagnostic {
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

  init(encoder: any TableEncoder, directory: String) {
    self.encoder = encoder
    self.directory = directory
  }

  func begin(_ schema: TableSchema, totalRows: Int?) throws -> ChunkConsumer {
    let writer = TableWriter(encoder: encoder, directory: directory)
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
