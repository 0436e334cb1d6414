/// The roles text plays in a rendered diagnostic; each maps to one ANSI style when colour is on.
enum TextStyle: Equatable {
  case plain
  /// Messages and the word "note"/"help".
  case bold
  /// `error`: the header's severity and the primary carets and label.
  case error
  /// `warning`: the header's severity and the primary carets and label.
  case warning
  /// `note` as a severity.
  case note
  /// The gutter (`-->`, line numbers, `|`, `=`) and secondary markers and labels.
  case accent

  /// The ANSI SGR sequence that starts this style, or `nil` for plain text.
  var ansi: String? {
    switch self {
    case .plain: nil
    case .bold: "\u{1B}[1m"
    case .error: "\u{1B}[1;31m"
    case .warning: "\u{1B}[1;33m"
    case .note: "\u{1B}[1;32m"
    case .accent: "\u{1B}[1;34m"
    }
  }

  /// The style for the severity word and the primary label of a diagnostic.
  init(_ severity: Severity) {
    switch severity {
    case .error: self = .error
    case .warning: self = .warning
    case .note: self = .note
    }
  }

  /// Wraps `text` in this style's escape sequences when `color` is on.
  func apply(_ text: String, color: Bool) -> String {
    guard color, let start = ansi, !text.isEmpty else { return text }
    return start + text + "\u{1B}[0m"
  }
}

/// A line of text built by placing strings at display columns, each piece with its own style.
/// Marker lines are drawn on these: carets, dashes, `|` connectors and labels.
struct StyledRow {
  private var cells: [(Character, TextStyle)] = []

  /// Writes `text` starting at cell `column`, padding with spaces and overwriting what is there.
  /// Each `Character` takes one cell whatever its display width; that is safe because only labels
  /// can hold wide characters and a label is the rightmost thing on its row.
  mutating func put(_ text: String, at column: Int, style: TextStyle) {
    var c = column
    for ch in text {
      while cells.count <= c { cells.append((" ", .plain)) }
      cells[c] = (ch, style)
      c += 1
    }
  }

  /// Number of cells written so far (including padding).
  var count: Int { cells.count }

  /// The row as text without trailing spaces, with escape sequences around each styled run.
  func rendered(color: Bool) -> String {
    var end = cells.count
    while end > 0, cells[end - 1].0 == " " { end -= 1 }
    let row = cells[0..<end]
    // A space between two cells of the same style joins their run (one escape pair for
    // `---   ---`); other spaces stay plain, so no colour bleeds into the gaps.
    var styles = row.map { $0.0 == " " ? TextStyle.plain : $0.1 }
    var previous: TextStyle?
    var k = 0
    while k < styles.count {
      guard row[k].0 == " " else {
        previous = styles[k]
        k += 1
        continue
      }
      var next = k
      while next < styles.count, row[next].0 == " " { next += 1 }
      if let p = previous, next < styles.count, styles[next] == p {
        for i in k..<next { styles[i] = p }
      }
      k = next
    }
    var out = ""
    var run = ""
    var runStyle = TextStyle.plain
    for (i, (ch, _)) in row.enumerated() {
      if styles[i] != runStyle {
        out += runStyle.apply(run, color: color)
        run = ""
        runStyle = styles[i]
      }
      run.append(ch)
    }
    return out + runStyle.apply(run, color: color)
  }
}
