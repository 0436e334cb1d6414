import Dispatch
import Foundation
import ScenarioTestSupport
import Testing

/// The bad-input catalog (`Tests/Golden/bad-inputs.catalog`): broken files, hostile sizes and
/// command-line misuse, each run through the real `scenario` executable.
///
/// Every case states the outcome it must have on its `!` line:
/// - `! 2 CODE@LINE:COL message` for a scenario error, compile time or run time: the first error
///   printed, with its location in the case's file;
/// - `! N first line of stderr` for any other exit code (usage and I/O errors, failed
///   expectations), or `! 0` for a success.
///
/// Beyond the recorded outcome, every case must also: exit normally (never a signal), print at
/// most about 100 KB of diagnostics, locate every scenario error in the case's own file, and,
/// when it fails, leave the folder it ran in exactly as it was (no output folder, no staging
/// litter). The catalog is compared as a whole, like a golden file:
/// `SCENARIO_UPDATE_GOLDEN=1 swift test --filter BadInputCatalogTests` rewrites the `!` lines,
/// and the change is reviewed in the diff.
@Suite("The bad-input catalog")
struct BadInputCatalogTests {
  static let catalogPath = "Tests/Golden/bad-inputs.catalog"

  @Test("every case has the recorded exit code, first error and location, and loses nothing")
  func catalog() throws {
    let text = try #require(Golden.text(Self.catalogPath), "\(Self.catalogPath) is missing")
    let catalog = try BadInputCatalog(parsing: text)
    let outcomes = try Self.runAll(catalog.cases)
    for (entry, outcome) in zip(catalog.cases, outcomes) {
      for problem in outcome.problems {
        Issue.record("\(entry.name) (line \(entry.line)): \(problem)")
      }
    }
    let actual = catalog.rendered(outcomes: outcomes.map(\.line))
    if let message = Golden.compare(actual: actual, expectedFile: Self.catalogPath) {
      Issue.record(Comment(rawValue: message))
    }
  }

  @Test("the catalog holds at least 150 cases over the lexer, parser, checker, run time and CLI")
  func coverage() throws {
    let text = try #require(Golden.text(Self.catalogPath))
    let catalog = try BadInputCatalog(parsing: text)
    #expect(catalog.cases.count >= 150, "only \(catalog.cases.count) cases")
    var perArea: [String: Int] = [:]
    for entry in catalog.cases {
      perArea[String(entry.name.prefix { $0 != "/" }), default: 0] += 1
    }
    for area in ["lexer", "parser", "checker", "runtime", "cli"] {
      #expect((perArea[area] ?? 0) >= 15, "area '\(area)' has \(perArea[area] ?? 0) cases")
    }
    #expect(Set(catalog.cases.map(\.name)).count == catalog.cases.count, "duplicate case names")
    // Every scenario error code that a user can meet appears at least once (warnings do not
    // fail a run and are covered by the error fixtures).
    let codes = Set(catalog.cases.compactMap(\.recordedCode))
    let documented = try Self.documentedErrorCodes()
    let missing = documented.subtracting(codes).sorted()
    #expect(missing.isEmpty, "codes without a catalog case: \(missing)")
  }

  @Test("a malformed catalog is reported with its line")
  func malformedCatalog() {
    #expect(throws: BadInputCatalog.Malformed.self) {
      _ = try BadInputCatalog(parsing: "## lexer/a\nscenario x\n")
    }
    #expect(throws: BadInputCatalog.Malformed.self) {
      _ = try BadInputCatalog(parsing: "## lexer/a\n! two\n")
    }
    let ok = try? BadInputCatalog(parsing: "# intro\n\n## cli/a\n$ run \"\" --x\n! 3 boom\n")
    #expect(ok?.cases.first?.arguments == ["run", "", "--x"])
  }

  /// The E- and R-codes of Docs/Diagnostics.md.
  static func documentedErrorCodes() throws -> Set<String> {
    let docs = try #require(Golden.text("Docs/Diagnostics.md"))
    var codes: Set<String> = []
    for line in docs.split(separator: "\n") where line.hasPrefix("## ") {
      let words = line.dropFirst(3).split(whereSeparator: { !$0.isLetter && !$0.isNumber })
      for word in words where word.count == 5 && (word.first == "E" || word.first == "R")
        && word.dropFirst().allSatisfy(\.isNumber)
      {
        codes.insert(String(word))
      }
    }
    return codes
  }

  /// Runs the cases two at a time (the machine has two cores; each case is one process).
  static func runAll(_ cases: [BadInputCatalog.Case]) throws -> [CaseOutcome] {
    _ = try #require(CLI.executable, "the scenario executable was not found")
    let results = Results(count: cases.count)
    DispatchQueue.concurrentPerform(iterations: cases.count) { index in
      results.set(index, CaseOutcome.run(cases[index]))
    }
    return results.all()
  }

  /// The outcomes, filled in by concurrent workers under a lock.
  final class Results: @unchecked Sendable {
    private var slots: [CaseOutcome?]
    private let lock = NSLock()
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ outcome: CaseOutcome) { lock.withLock { slots[index] = outcome } }
    func all() -> [CaseOutcome] { lock.withLock { slots.map { $0! } } }
  }
}

/// What one case did, as its `!` line, and what it broke of the rules every case must keep.
struct CaseOutcome {
  var line: String
  var problems: [String]

  /// The largest stderr a case may print: the 100 KB diagnostic cap plus its closing lines.
  static let stderrLimit = 110_000

  static func run(_ entry: BadInputCatalog.Case) -> CaseOutcome {
    let fm = FileManager.default
    let folder = fm.temporaryDirectory.path + "/scenario-catalog-\(UUID().uuidString)"
    defer { try? fm.removeItem(atPath: folder) }
    var problems: [String] = []
    do {
      try fm.createDirectory(atPath: folder, withIntermediateDirectories: true)
      try Data(entry.sourceBytes).write(to: URL(fileURLWithPath: folder + "/case.scenario"))
      for setup in entry.setup { try setup.apply(in: folder) }
    } catch {
      return CaseOutcome(line: "! setup failed", problems: ["setup failed: \(error)"])
    }
    let before = Self.snapshot(folder)
    let result: CLI.Result
    do {
      result = try CLI.run(entry.arguments, in: folder)
    } catch {
      return CaseOutcome(line: "! launch failed", problems: ["could not launch: \(error)"])
    }
    if result.signalled {
      problems.append("terminated by signal \(result.status) (a crash)")
    }
    if result.stderr.utf8.count > stderrLimit {
      problems.append("printed \(result.stderr.utf8.count) bytes of stderr")
    }
    let stderr = result.stderr.replacingOccurrences(of: folder, with: "$WS")
    var line = "! \(result.status)"
    if result.status == 2, !result.signalled {
      let errors = Self.errors(in: stderr)
      if let first = errors.first {
        line += " \(first.code)@\(first.location ?? "?") \(first.message)"
      } else {
        line += " " + (stderr.split(separator: "\n").first.map(String.init) ?? "")
        problems.append("exit 2 without an error[CODE] diagnostic:\n\(stderr)")
      }
      for error in errors where error.location == nil {
        problems.append("error \(error.code) has no location in case.scenario:\n\(stderr)")
      }
    } else if result.status != 0 {
      line += " " + (stderr.split(separator: "\n").first.map(String.init) ?? "(no stderr)")
    }
    // Exit 1 is a failed expectation: the data is written by design.
    if result.status != 0 && result.status != 1 {
      let after = Self.snapshot(folder)
      if after != before {
        problems.append(
          "a failed run changed its folder: before \(before.sorted()), after \(after.sorted())")
      }
    }
    return CaseOutcome(line: line, problems: problems)
  }

  /// The first line of each `error[CODE]: message` and the `line:col` of its ` --> ` line when
  /// that points into the case's file.
  static func errors(in stderr: String) -> [(code: String, location: String?, message: String)] {
    let lines = stderr.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    var found: [(String, String?, String)] = []
    for (i, text) in lines.enumerated() where text.hasPrefix("error[") {
      guard let close = text.firstIndex(of: "]") else { continue }
      let code = String(text[text.index(text.startIndex, offsetBy: 6)..<close])
      let message = String(text[text.index(after: close)...].drop { $0 == ":" || $0 == " " })
      var location: String?
      if i + 1 < lines.count {
        let arrow = lines[i + 1].trimmingCharacters(in: .whitespaces)
        if arrow.hasPrefix("--> case.scenario:") {
          location = String(arrow.dropFirst("--> case.scenario:".count))
        }
      }
      found.append((code, location, message))
    }
    return found
  }

  /// The paths under a folder (recursively) with their sizes.
  static func snapshot(_ folder: String) -> Set<String> {
    var entries: Set<String> = []
    guard let walker = FileManager.default.enumerator(atPath: folder) else { return entries }
    while let name = walker.nextObject() as? String {
      let size = (walker.fileAttributes?[.size] as? NSNumber)?.intValue ?? -1
      entries.insert("\(name):\(size)")
    }
    return entries
  }
}

/// The catalog file: an introduction, then cases.
///
/// ```
/// ## area/name                 (area: lexer, parser, checker, runtime or cli)
/// $ run FILE --out out         (optional; the default command; "" is an empty argument)
/// % mkdir out                  (optional setup: mkdir PATH, or write PATH TEXT; \\n in TEXT is a line break)
/// ! 2 E0101@3:7 message        (the recorded outcome)
/// scenario ...                 (the case's file, up to the next '##'; FILE is case.scenario)
/// ```
///
/// In a case's file, `{{N*text}}` stands for `text` repeated N times (for hostile sizes), and
/// `\xHH` for one raw byte (for encodings), so that the catalog itself stays readable UTF-8.
struct BadInputCatalog {
  struct Malformed: Error, CustomStringConvertible {
    var line: Int
    var message: String
    var description: String { "bad-inputs.catalog:\(line): \(message)" }
  }

  enum Setup {
    case mkdir(String)
    case write(String, String)

    func apply(in folder: String) throws {
      switch self {
      case .mkdir(let path):
        try FileManager.default.createDirectory(
          atPath: folder + "/" + path, withIntermediateDirectories: true)
      case .write(let path, let text):
        try text.replacingOccurrences(of: "\\n", with: "\n").write(toFile: folder + "/" + path, atomically: false, encoding: .utf8)
      }
    }
  }

  struct Case {
    var name: String
    /// The 1-based line of the `##` header.
    var line: Int
    var arguments: [String]
    var setup: [Setup]
    /// The recorded `!` line and its index among the catalog's lines.
    var recorded: String
    var recordedIndex: Int
    var source: String

    /// The error code the `!` line records, for an exit 2.
    var recordedCode: String? {
      let parts = recorded.split(separator: " ")
      guard parts.count >= 3, parts[1] == "2" else { return nil }
      return parts[2].split(separator: "@").first.map(String.init)
    }

    /// The file's bytes, with `{{N*text}}` expanded and `\xHH` decoded.
    var sourceBytes: [UInt8] {
      var text = source
      while let open = text.range(of: "{{"),
        let close = text.range(of: "}}", range: open.upperBound..<text.endIndex)
      {
        let inner = text[open.upperBound..<close.lowerBound]
        let star = inner.firstIndex(of: "*") ?? inner.endIndex
        let count = Int(inner[inner.startIndex..<star]) ?? 1
        let unit = star < inner.endIndex ? String(inner[inner.index(after: star)...]) : ""
        let unescaped = unit.replacingOccurrences(of: "\\n", with: "\n")
        text.replaceSubrange(open.lowerBound..<close.upperBound, with: String(repeating: unescaped, count: count))
      }
      var bytes: [UInt8] = []
      let utf8 = Array(text.utf8)
      var i = 0
      while i < utf8.count {
        if utf8[i] == UInt8(ascii: "\\"), i + 3 < utf8.count, utf8[i + 1] == UInt8(ascii: "x"),
          let value = UInt8(String(decoding: utf8[(i + 2)...(i + 3)], as: UTF8.self), radix: 16)
        {
          bytes.append(value)
          i += 4
        } else {
          bytes.append(utf8[i])
          i += 1
        }
      }
      return bytes
    }
  }

  var lines: [String]
  var cases: [Case]

  init(parsing text: String) throws {
    lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    cases = []
    var i = 0
    while i < lines.count, !lines[i].hasPrefix("## ") { i += 1 }
    while i < lines.count {
      let header = i
      let name = String(lines[i].dropFirst(3)).trimmingCharacters(in: .whitespaces)
      guard !name.isEmpty else { throw Malformed(line: i + 1, message: "a case needs a name") }
      i += 1
      var arguments = ["run", "case.scenario", "--out", "out"]
      var setup: [Setup] = []
      while i < lines.count, lines[i].hasPrefix("$ ") || lines[i].hasPrefix("% ") {
        if lines[i].hasPrefix("$ ") {
          arguments = try Self.words(String(lines[i].dropFirst(2)), line: i + 1)
          i += 1
          continue
        }
        let words = try Self.words(String(lines[i].dropFirst(2)), line: i + 1)
        switch (words.first, words.count) {
        case ("mkdir", 2): setup.append(.mkdir(words[1]))
        case ("write", 3): setup.append(.write(words[1], words[2]))
        default: throw Malformed(line: i + 1, message: "setup is 'mkdir PATH' or 'write PATH TEXT'")
        }
        i += 1
      }
      guard i < lines.count, lines[i].hasPrefix("! ") else {
        throw Malformed(line: i + 1, message: "case '\(name)' needs a '! EXIT ...' line")
      }
      let status = lines[i].dropFirst(2).prefix { $0 != " " }
      guard Int32(status) != nil else {
        throw Malformed(line: i + 1, message: "'\(status)' is not an exit code")
      }
      let recordedIndex = i
      i += 1
      var body: [String] = []
      while i < lines.count, !lines[i].hasPrefix("## ") {
        body.append(lines[i])
        i += 1
      }
      while body.last?.isEmpty == true { body.removeLast() }
      let source = body.isEmpty ? "" : body.joined(separator: "\n") + "\n"
      cases.append(
        Case(
          name: name, line: header + 1, arguments: arguments, setup: setup,
          recorded: lines[recordedIndex], recordedIndex: recordedIndex, source: source))
    }
  }

  /// The catalog with each case's `!` line replaced by an outcome.
  func rendered(outcomes: [String]) -> String {
    var copy = lines
    for (entry, outcome) in zip(cases, outcomes) { copy[entry.recordedIndex] = outcome }
    return copy.joined(separator: "\n")
  }

  /// Splits a command line on spaces; double quotes group (and `""` is an empty argument). The
  /// word FILE stands for the case's file.
  static func words(_ text: String, line: Int) throws -> [String] {
    var words: [String] = []
    var current = ""
    var inWord = false
    var quoted = false
    for c in text {
      if quoted {
        if c == "\"" { quoted = false } else { current.append(c) }
      } else if c == "\"" {
        quoted = true
        inWord = true
      } else if c == " " {
        if inWord { words.append(current) }
        current = ""
        inWord = false
      } else {
        current.append(c)
        inWord = true
      }
    }
    if quoted { throw Malformed(line: line, message: "an unclosed quote") }
    if inWord { words.append(current) }
    return words.map { $0 == "FILE" ? "case.scenario" : $0 }
  }
}
