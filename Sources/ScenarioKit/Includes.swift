import Foundation
import ScenarioAST
import ScenarioDiagnostics
import ScenarioParser

/// Expands `include "path" [as prefix]` declarations (Language.md §3, "include"): each is replaced
/// by the declarations of the included file, read relative to the including file's folder and
/// parsed with a file id of its own, so that diagnostics point into it. An included file's
/// `scenario`, `seed` and `now` are dropped (the including file's apply); its parameters, `let`s,
/// modes, tables and expectations join the including file's, where a name declared twice is the
/// checker's E0304. `as prefix` names the included tables `prefix_table`. A file is brought in
/// once per prefix, however many files include it; a cycle or a file that cannot be read is
/// E0612 at the path.
struct IncludeExpander {
  /// Every file read, the including file first.
  private(set) var files: [SourceFile]
  private(set) var diagnostics = DiagnosticBag()
  /// The files brought in so far, by canonical path and prefix.
  private var included: Set<String> = []

  init(main: SourceFile) { files = [main] }

  /// The declarations of `file` (parsed from `source`) with its includes expanded.
  mutating func expand(_ file: ScenarioFile, source: SourceFile) -> ScenarioFile {
    let canonical = Self.canonicalPath(source.path)
    included.insert(canonical + "|")
    return ScenarioFile(declarations: expand(file.declarations, source: source, stack: [canonical]))
  }

  private mutating func expand(_ declarations: [Declaration], source: SourceFile, stack: [String]) -> [Declaration] {
    var out: [Declaration] = []
    for d in declarations {
      guard case .include(let inc) = d.kind else {
        out.append(d)
        continue
      }
      out += bringIn(inc, from: source, stack: stack)
    }
    return out
  }

  /// The declarations one `include` brings in.
  private mutating func bringIn(_ inc: IncludeDecl, from source: SourceFile, stack: [String]) -> [Declaration] {
    let path = Self.resolve(inc.path, from: source.path)
    let canonical = Self.canonicalPath(path)
    if let start = stack.firstIndex(of: canonical) {
      let cycle = (stack[start...].map { ($0 as NSString).lastPathComponent } + [(canonical as NSString).lastPathComponent])
      diagnostics.error(
        .invalidInclude, "'\(inc.path)' includes itself: \(cycle.joined(separator: " -> "))", at: inc.pathSpan,
        label: "part of an include cycle", help: "move what both files need into a third file that includes neither")
      return []
    }
    let key = canonical + "|" + (inc.prefix?.text ?? "")
    if included.contains(key) { return [] }
    included.insert(key)
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
      let data = FileManager.default.contents(atPath: path)
    else {
      let exists = FileManager.default.fileExists(atPath: path)
      diagnostics.error(
        .invalidInclude, exists ? "'\(inc.path)' is a folder, not a scenario file" : "cannot read '\(inc.path)': no such file",
        at: inc.pathSpan, label: exists ? "a folder" : "not found",
        notes: ["looked for \(path)"], help: "a relative path starts at the folder of the including file")
      return []
    }
    let file = SourceFile(id: files.count, path: path, bytes: [UInt8](data))
    files.append(file)
    var bag = DiagnosticBag()
    let ast = Parser.parse(file, diagnostics: &bag)
    diagnostics.merge(bag)
    var declarations = expand(ast.declarations, source: file, stack: stack + [canonical]).filter { d in
      switch d.kind {
      case .scenario, .seed, .now, .timezone: return false
      default: return true
      }
    }
    if let prefix = inc.prefix {
      var renamer = TableRenamer(prefix: prefix.text + "_")
      for d in declarations {
        if case .table(let t) = d.kind { renamer.tables.insert(t.name.text) }
      }
      declarations = declarations.map { renamer.rename($0) }
    }
    return declarations
  }

  /// `path` relative to the folder of `including`, unless absolute.
  static func resolve(_ path: String, from including: String) -> String {
    if path.hasPrefix("/") { return path }
    let folder = (including as NSString).deletingLastPathComponent
    return folder.isEmpty ? path : (folder as NSString).appendingPathComponent(path)
  }

  /// An absolute path without `.`, `..` or symbolic links, to recognise a file however it is named.
  static func canonicalPath(_ path: String) -> String {
    URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
  }
}
