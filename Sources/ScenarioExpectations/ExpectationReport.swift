// The expectation report as an aligned text table and as JSON.

extension ExpectationChecker {
  /// An aligned text table, one row per expectation, with the detail of each failure on the
  /// line below it and a summary line:
  ///
  ///     status  table     expectation           target       measured    n
  ///     PASS    students  count in 140..160     in 140..160       150  150
  ///     FAIL    students  mean(age) ~ 21 +- 1   21 ± 1          23.25  150
  ///             off by 2.25 (tolerance 1)
  ///     REPORT  students  rate(x) ~ 0.78 +- 0.02  0.78 ± 0.02   0.841  150
  ///             off target by 0.061 (tolerance 0.02); reported only
  ///     expectations: 1 passed, 1 failed, 1 reported
  ///
  /// A report-only figure (`report TABLE: ...`) has the status REPORT and never fails; its
  /// detail shows when it is off target. With `color`, PASS is green, FAIL and the failure count
  /// bold red, REPORT yellow (ANSI escapes).
  public static func render(_ results: [ExpectationResult], color: Bool) -> String {
    let header = ["status", "table", "expectation", "target", "measured", "n"]
    let rows = results.map { r in
      [
        r.status, r.table, oneLine(r.text), r.target,
        r.measuredText, String(r.n),
      ]
    }
    var widths = header.map(\.count)
    for row in rows { for (c, cell) in row.enumerated() { widths[c] = max(widths[c], cell.count) } }
    // Text columns are left-aligned; the two number columns right-aligned.
    func line(_ cells: [String], status: String) -> String {
      var parts: [String] = []
      for (c, cell) in cells.enumerated() {
        let fill = String(repeating: " ", count: widths[c] - cell.count)
        parts.append(c == 0 ? status + fill : c >= 4 ? fill + cell : cell + fill)
      }
      return parts.joined(separator: "  ")
    }
    var out = line(header, status: header[0]) + "\n"
    let indent = String(repeating: " ", count: widths[0] + 2)
    for (r, row) in zip(results, rows) {
      let status = paint(row[0], r.reportOnly ? yellow : r.passed ? green : boldRed, color)
      out += line(row, status: status) + "\n"
      if !r.passed, let detail = r.detail {
        out += indent + (r.reportOnly ? "off target: " + detail + "; reported only" : detail) + "\n"
      }
    }
    return out + summary(results, color: color) + "\n"
  }

  /// `expectations: 12 passed, 1 failed`, and `, 3 reported (1 off target)` when there are
  /// report-only figures.
  public static func summary(_ results: [ExpectationResult], color: Bool) -> String {
    let failed = results.filter(\.failed).count
    let reported = results.filter(\.reportOnly)
    let failedText = paint("\(failed) failed", boldRed, color && failed > 0)
    var text = "expectations: \(results.count - failed - reported.count) passed, " + failedText
    if !reported.isEmpty {
      let off = reported.filter { !$0.passed }.count
      text += ", \(reported.count) reported" + (off > 0 ? " (\(off) off target)" : "")
    }
    return text
  }

  /// The results as JSON: `{"expectations": [...], "passed": N, "failed": N}`, each result
  /// with `index`, `table`, `text`, `target`, `measured` (null when undefined; days or
  /// seconds for dates, date-times and durations), `measured_text` (as in the text report),
  /// `n`, `passed` (on target), `report_only` and `detail` (null when none), in that order; the
  /// counts `passed`, `failed` and `reported` (report-only results are in neither of the
  /// first two).
  public static func renderJSON(_ results: [ExpectationResult]) -> String {
    var json = JSONText()
    json.beginObject()
    json.beginArray("expectations")
    for r in results {
      json.beginObject()
      json.int("index", r.index)
      json.string("table", r.table)
      json.string("text", r.text)
      json.string("target", r.target)
      json.number("measured", r.measured)
      json.string("measured_text", r.measuredText)
      json.int("n", r.n)
      json.bool("passed", r.passed)
      json.bool("report_only", r.reportOnly)
      json.string("detail", r.detail)
      json.endObject()
    }
    json.endArray()
    let failed = results.filter(\.failed).count
    let reported = results.filter(\.reportOnly).count
    json.int("passed", results.count - failed - reported)
    json.int("failed", failed)
    json.int("reported", reported)
    json.endObject()
    return json.text
  }

  /// Source text on one line: runs of whitespace (a statement may span lines) become one space.
  private static func oneLine(_ text: String) -> String {
    text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
  }
}

private let green = "\u{1B}[32m"
private let boldRed = "\u{1B}[1;31m"
private let yellow = "\u{1B}[33m"

/// `text` wrapped in an ANSI colour when `on`.
private func paint(_ text: String, _ code: String, _ on: Bool) -> String {
  on ? code + text + "\u{1B}[0m" : text
}
