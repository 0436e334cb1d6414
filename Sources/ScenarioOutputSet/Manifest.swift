import Foundation
import ScenarioDigests
import ScenarioSinks

/// `scenario-manifest.json`: what one output set holds and how it was made. Written into the
/// staging folder when the set is begun (`complete: false`, no files) and again, complete, just
/// before the set is switched in; `scenario verify DIR` checks a folder against it.
public struct Manifest: Codable, Equatable, Sendable {
  /// One written file.
  public struct File: Codable, Equatable, Sendable {
    public var name: String
    public var bytes: Int
    public var sha256: String
    public var rows: Int
    public init(name: String, bytes: Int, sha256: String, rows: Int) {
      self.name = name
      self.bytes = bytes
      self.sha256 = sha256
      self.rows = rows
    }
  }

  /// How the data was made: the scenario file's SHA-256, seed, parameter values (as written in
  /// the scenario's syntax), `now`, mode, format, and the generator's and data packs' versions.
  public struct Source: Codable, Equatable, Sendable {
    public var scenario: String
    public var scenarioSHA256: String
    public var seed: String
    public var now: String
    public var mode: String?
    public var parameters: [String: String]
    public var format: String
    public var generator: String
    public var dataPacks: [String: String]
    /// The source tables read, by table: where from, how many rows and the SHA-256 of what was
    /// read (absent when the scenario reads none).
    public var sources: [String: String]? = nil
    public init(
      scenario: String, scenarioSHA256: String, seed: String, now: String, mode: String?,
      parameters: [String: String], format: String, generator: String, dataPacks: [String: String] = [:]
    ) {
      self.scenario = scenario
      self.scenarioSHA256 = scenarioSHA256
      self.seed = seed
      self.now = now
      self.mode = mode
      self.parameters = parameters
      self.format = format
      self.generator = generator
      self.dataPacks = dataPacks
    }
    enum CodingKeys: String, CodingKey {
      case scenario, scenarioSHA256 = "scenario_sha256", seed, now, mode, parameters, format, generator
      case dataPacks = "data_packs"
      case sources
    }
  }

  /// The manifest's format.
  public var format = "scenario-manifest/1"
  /// The set's id: the first 32 hexadecimal digits of the SHA-256 of its source and files, so
  /// that the same run writes the same manifest (a random id while the set is being written).
  public var run: String
  /// The id of the set this one replaced (nil for a folder without a manifest).
  public var previous: String?
  /// False while the set is being written.
  public var complete: Bool
  public var source: Source?
  /// The files of the set, in the order they were written.
  public var files: [File]
  /// Files an earlier set listed that this run did not write and kept (without `--clean`).
  public var kept: [String]

  public static let fileName = "scenario-manifest.json"

  public init(run: String, previous: String?) {
    self.run = run
    self.previous = previous
    self.complete = false
    self.source = nil
    self.files = []
    self.kept = []
  }

  /// The manifest in `folder`, nil when there is none; throws when it exists but cannot be read.
  public static func read(folder: String) throws(OutputSetError) -> Manifest? {
    let path = (folder as NSString).appendingPathComponent(fileName)
    guard let data = FileManager.default.contents(atPath: path) else {
      if FileManager.default.fileExists(atPath: path) { throw .unreadable(path: path) }
      return nil
    }
    do {
      return try JSONDecoder().decode(Manifest.self, from: data)
    } catch {
      throw .invalidManifest(path: path, reason: "\(error)")
    }
  }

  /// The JSON text: sorted keys, two-space indentation, a final newline.
  public func json() -> [UInt8] {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    let data = (try? encoder.encode(self)) ?? Data()
    return [UInt8](data) + [0x0A]
  }

  /// The id of a complete set: a digest of its source and files.
  static func id(source: Source?, files: [File]) -> String {
    var copy = Manifest(run: "", previous: nil)
    copy.source = source
    copy.files = files
    copy.complete = true
    var hasher = SHA256()
    hasher.update(copy.json())
    return String(hasher.finalize().prefix(32))
  }

  /// Every name the set owns: its files and the ones it kept.
  var owned: Set<String> { Set(files.map(\.name) + kept) }
}
