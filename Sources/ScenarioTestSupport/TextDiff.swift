/// A small line diff for readable golden-test failures.
///
/// The longest common subsequence of lines is computed with the classic dynamic programme
/// (O(n·m) time and memory), which is plenty for golden files of a few hundred lines; very large
/// inputs fall back to a first-difference report so a failing test never stalls.
public enum TextDiff {
  /// Inputs with more line pairs than this get the first-difference report instead of a diff.
  static let maxCells = 4_000_000

  /// A unified-style diff of two texts: `-` lines only in `expected`, `+` lines only in `actual`,
  /// two-space-indented lines shared by both, with at most `context` unchanged lines around each
  /// change and `@@ line N @@` headers (1-based line numbers in `expected`). Empty when equal.
  public static func lines(expected: String, actual: String, context: Int = 3) -> String {
    if expected == actual { return "" }
    let a = split(expected)
    let b = split(actual)
    guard a.count * b.count <= maxCells else { return firstDifference(a, b) }
    return render(script(a, b), context: context)
  }

  /// Splits into lines, keeping a marker when the text does not end in a newline and making a
  /// trailing `\r` visible, since both are invisible in a terminal but make texts differ.
  static func split(_ text: String) -> [String] {
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
      line.hasSuffix("\r") ? String(line.dropLast()) + "␍" : String(line)
    }
    if lines.last == "" {
      lines.removeLast()
    } else {
      lines[lines.count - 1] += "⏎ (no newline at end)"
    }
    return lines
  }

  /// One step of an edit script.
  enum Edit: Equatable {
    case same(String, line: Int)
    case removed(String, line: Int)
    case added(String, line: Int)
  }

  /// The edit script turning `a` into `b`, from a longest-common-subsequence table.
  static func script(_ a: [String], _ b: [String]) -> [Edit] {
    let n = a.count
    let m = b.count
    // lcs[i][j] = length of the LCS of a[i...] and b[j...].
    var lcs = [[Int]](repeating: [Int](repeating: 0, count: m + 1), count: n + 1)
    for i in stride(from: n - 1, through: 0, by: -1) {
      for j in stride(from: m - 1, through: 0, by: -1) {
        lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
      }
    }
    var edits: [Edit] = []
    var i = 0
    var j = 0
    while i < n || j < m {
      if i < n, j < m, a[i] == b[j] {
        edits.append(.same(a[i], line: i + 1))
        i += 1
        j += 1
      } else if i < n, j == m || lcs[i + 1][j] >= lcs[i][j + 1] {
        // Removals first, so a changed line reads as `-` old, then `+` new.
        edits.append(.removed(a[i], line: i + 1))
        i += 1
      } else {
        edits.append(.added(b[j], line: i + 1))
        j += 1
      }
    }
    return edits
  }

  /// Prints the changes with `context` unchanged lines around each hunk.
  static func render(_ edits: [Edit], context: Int) -> String {
    let changed = edits.indices.filter {
      if case .same = edits[$0] { return false }
      return true
    }
    var out = ""
    var shownUpTo = -1
    for k in changed where k > shownUpTo {
      let start = max(shownUpTo + 1, k - context)
      // Extend the hunk while the next change is within reach of its trailing context.
      var end = k
      while let next = changed.first(where: { $0 > end }), next - end <= 2 * context + 1 {
        end = next
      }
      end = min(edits.count - 1, end + context)
      out += "@@ line \(line(of: edits[start])) @@\n"
      for e in edits[start...end] {
        switch e {
        case .same(let s, _): out += "  " + s + "\n"
        case .removed(let s, _): out += "- " + s + "\n"
        case .added(let s, _): out += "+ " + s + "\n"
        }
      }
      shownUpTo = end
    }
    return out
  }

  /// The line in the expected text an edit belongs to.
  static func line(of edit: Edit) -> Int {
    switch edit {
    case .same(_, let l), .removed(_, let l), .added(_, let l): l
    }
  }

  /// The first line at which two long texts differ.
  static func firstDifference(_ a: [String], _ b: [String]) -> String {
    var i = 0
    while i < a.count, i < b.count, a[i] == b[i] { i += 1 }
    let expected = i < a.count ? a[i] : "<end of text>"
    let actual = i < b.count ? b[i] : "<end of text>"
    return "@@ line \(i + 1) @@ (texts too large for a full diff)\n- \(expected)\n+ \(actual)\n"
  }
}
