import Foundation
import ScenarioKit

/// The summary printed after a run: rows per table and the files written (like seed 001's).
enum RunReport {
  static func text(program: Program, summary: RunSummary, seconds: Double) -> String {
    var out = "scenario \(program.name): seed \(program.seed), now \(formatInstant(program.now))"
    for (pack, version) in program.dataPacks.sorted(by: { $0.key < $1.key }) { out += ", \(pack) \(version)" }
    out += "\n" + sourceLines(program)
    let nameWidth = max(5, summary.tables.map(\.name.count).max() ?? 0)
    let rowWidth = max(4, summary.tables.map { String($0.rows).count }.max() ?? 0)
    for t in summary.tables {
      let name = t.name.padding(toLength: nameWidth, withPad: " ", startingAt: 0)
      let rows = String(repeating: " ", count: rowWidth - String(t.rows).count) + String(t.rows)
      out += "  \(name)  \(rows) row\(t.rows == 1 ? " " : "s")  \(displayPath(t.path))\n"
    }
    let total = summary.tables.reduce(0) { $0 + $1.rows }
    let bytes = summary.tables.reduce(0) { $0 + $1.bytes }
    out += "wrote \(summary.tables.count) file\(summary.tables.count == 1 ? "" : "s"), \(total) rows, \(formatBytes(bytes)) in \(String(format: "%.2f", seconds)) s\n"
    return out
  }

  /// `  read bank  240 rows from bank.csv`, one line per source table.
  static func sourceLines(_ program: Program) -> String {
    var out = ""
    for t in program.tables {
      guard let source = t.source, let origin = source.origin, case .fixed(let n) = t.count else { continue }
      out += "  read \(t.name): \(n) row\(n == 1 ? "" : "s") from \(origin)\n"
    }
    return out
  }

  static func formatBytes(_ n: Int) -> String {
    if n < 1024 { return "\(n) B" }
    if n < 1024 * 1024 { return String(format: "%.1f KiB", Double(n) / 1024) }
    return String(format: "%.1f MiB", Double(n) / 1_048_576)
  }

  /// A path relative to the working directory when it lies inside it.
  static func displayPath(_ path: String) -> String {
    let cwd = FileManager.default.currentDirectoryPath + "/"
    return path.hasPrefix(cwd) ? String(path.dropFirst(cwd.count)) : path
  }

  static func formatInstant(_ t: Int64) -> String {
    ScenarioKit.formatInstant(t)
  }
}
