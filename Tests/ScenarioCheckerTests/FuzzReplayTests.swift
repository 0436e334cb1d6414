import Foundation
import ScenarioKit
import Testing

/// Replays the fuzz corpus (`Tests/Golden/fuzz-corpus`, also the seeds of `fuzz/run.sh`) and a
/// fixed set of mutations of each file through the whole front end, so that what the fuzzer
/// found stays fixed without running the fuzzer. "No crash" means the test process survives
/// (Swift cannot catch a trap); every compile must also finish within a time bound and keep the
/// invariants the fuzz harness checks.
///
/// Files ending in `.crash` are reproducers of known crashes: they are kept out of the seed
/// corpus and out of the replay until the bug is fixed (then rename them to `.scenario`).
@Suite struct FuzzReplayTests {
  /// Mutations per corpus file: 30 files x 100 mutations take about 30 s in a debug build on two
  /// busy cores.
  static let mutationsPerFile = 100

  /// A generous bound for one compile: inputs are at most a few kilobytes.
  static let perInputLimit = Duration.seconds(2)

  static let corpus = ReplayCorpus.files(ext: "scenario")

  @Test func corpusHasSeeds() {
    #expect(Self.corpus.count >= 15)
  }

  /// Each corpus file as it is.
  @Test(arguments: corpus)
  func replaySeed(_ name: String) throws {
    let bytes = try ReplayCorpus.bytes(name)
    try compileChecked(bytes, label: name)
  }

  /// Deterministic mutations of each corpus file: the same inputs on every run.
  @Test(arguments: corpus)
  func replayMutations(_ name: String) throws {
    let original = try ReplayCorpus.bytes(name)
    var random = ReplayRandom(seed: 0x5CE7_A210 ^ ReplayRandom.fnv1a(name))
    for i in 0..<Self.mutationsPerFile {
      let input = ReplayMutator.mutate(original, &random)
      try compileChecked(input, label: "\(name) mutation \(i)")
    }
  }

  /// Compiles, renders the diagnostics, and checks the time bound and the invariants. On a
  /// failure the input is written to the temporary folder for `fuzz/run.sh repro`.
  func compileChecked(
    _ bytes: [UInt8], label: String, sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    let clock = ContinuousClock()
    var result: CompileResult?
    let elapsed = clock.measure {
      result = ScenarioCompiler.compile(file: SourceFile(id: 0, path: "fuzz", bytes: bytes))
    }
    let compiled = try #require(result, sourceLocation: sourceLocation)
    var problems: [String] = []
    if elapsed > Self.perInputLimit { problems.append("took \(elapsed)") }
    for d in compiled.diagnostics {
      for s in [d.span] + d.secondary.map(\.span)
      where s.file != 0 || s.start < 0 || s.start > s.end || s.end > bytes.count {
        problems.append("\(d.code.rawValue) has span \(s.file):\(s.start)..<\(s.end)")
      }
    }
    if (compiled.program != nil) != (compiled.errorCount == 0) {
      problems.append("program and error count disagree (\(compiled.errorCount) errors)")
    }
    _ = DiagnosticRenderer(style: .rich, files: [compiled.file]).render(compiled.diagnostics)
    guard !problems.isEmpty else { return }
    let saved = ReplayCorpus.saveFailure(bytes, label: label)
    Issue.record(
      Comment(rawValue: "\(label): \(problems.joined(separator: "; ")); input saved to \(saved)"),
      sourceLocation: sourceLocation)
  }
}

// MARK: - Corpus files

/// The files of `Tests/Golden/fuzz-corpus`, found from this source file's path.
private enum ReplayCorpus {
  static let folder = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Golden").appendingPathComponent("fuzz-corpus")

  /// Names of the files with the extension, sorted.
  static func files(ext: String) -> [String] {
    let all = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    return all.filter { $0.hasSuffix("." + ext) }.sorted()
  }

  static func bytes(_ name: String) throws -> [UInt8] {
    [UInt8](try Data(contentsOf: folder.appendingPathComponent(name)))
  }

  /// Writes a failing input to the temporary folder and returns its path.
  static func saveFailure(_ bytes: [UInt8], label: String) -> String {
    let safe = String(label.map { $0.isLetter || $0.isNumber ? $0 : "_" })
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("scenario-fuzz-replay-\(safe).scenario")
    do {
      try Data(bytes).write(to: url)
      return url.path
    } catch {
      return "(not saved: \(error))"
    }
  }
}

// MARK: - Deterministic mutations

/// SplitMix64 (Steele, Lea and Flood 2014): a fixed, tiny generator, so that the mutations are
/// the same on every platform and Swift version (the standard library's generators promise no
/// such thing).
private struct ReplayRandom {
  var state: UInt64

  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A value in `0..<n` (n > 0). The modulo bias is irrelevant for picking mutations.
  mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }

  /// FNV-1a of a string's UTF-8, a stable per-file seed (`Hasher` is seeded per process).
  static func fnv1a(_ s: String) -> UInt64 {
    var h: UInt64 = 0xCBF2_9CE4_8422_2325
    for b in s.utf8 {
      h ^= UInt64(b)
      h = h &* 0x0000_0100_0000_01B3
    }
    return h
  }
}

/// Byte-level and token-level mutations, one to three per input.
private enum ReplayMutator {
  /// Fragments that change the structure: brackets, operators, keywords, broken literals.
  static let tokens: [String] = [
    "{", "}", "(", ")", "[", "]", "\"", "?", ":", "|", "..", "=>", "table", "persona", "pick",
    "choice", "match", "not", "-", "\n", "let", "clamp", "truncate", "in", ",", "%", ".", "\\",
    "=", "_", "each", "per", "where", "weighted by", "is not null", "rest", "key", "param",
    "mode", "seed", "now", "++", "+-", "!", "$", "10%", "7d", "1.5h", "2024-02-29", "2023-02-29",
    "1e999", "\"\\u{1F600}\"", "\"\\q\"", "row", "persona", "null", "uniform(0, 1)", "x",
    " table t [1] { x = 1 }\n", "#", "//",
  ]

  static let maxRange = 64

  static func mutate(_ input: [UInt8], _ r: inout ReplayRandom) -> [UInt8] {
    var bytes = input
    for _ in 0..<(1 + r.below(3)) { step(&bytes, &r) }
    return bytes
  }

  static func step(_ b: inout [UInt8], _ r: inout ReplayRandom) {
    let at = r.below(b.count + 1)
    let length = min(1 + r.below(maxRange), b.count - at)
    switch r.below(8) {
    case 0:  // delete a range
      b.removeSubrange(at..<(at + length))
    case 1:  // duplicate a range
      b.insert(contentsOf: Array(b[at..<(at + length)]), at: at + length)
    case 2:  // insert random bytes
      b.insert(
        contentsOf: (0..<(1 + r.below(8))).map { _ in UInt8(truncatingIfNeeded: r.next()) }, at: at)
    case 3, 4:  // insert a token
      b.insert(contentsOf: Array(tokens[r.below(tokens.count)].utf8), at: at)
    case 5:  // replace a range with a token
      b.replaceSubrange(at..<(at + length), with: Array(tokens[r.below(tokens.count)].utf8))
    case 6:  // swap two lines
      swapLines(&b, &r)
    default:  // truncate
      b.removeSubrange(at..<b.count)
    }
  }

  static func swapLines(_ b: inout [UInt8], _ r: inout ReplayRandom) {
    var lines = b.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
    guard lines.count > 1 else { return }
    let i = r.below(lines.count)
    let j = r.below(lines.count)
    lines.swapAt(i, j)
    b = Array(lines.joined(separator: [UInt8(ascii: "\n")]))
  }
}
