/// One labelled range on one displayed line, in display columns.
struct Mark {
  /// 1-based line the marker is drawn under.
  var line: Int
  /// First display column (0-based).
  var start: Int
  /// One past the last display column; always greater than `start`, so every span gets a marker.
  var end: Int
  /// The label text; may be empty (then only the marker is drawn).
  var label: String
  /// `^` for the primary span, `-` for secondary ones.
  var isPrimary: Bool
  /// Colour of the marker and its label.
  var style: TextStyle
}

/// A row of an excerpt, before the gutter is added.
enum SnippetRow {
  /// A source line, already laid out for display.
  case source(line: Int, text: String)
  /// Markers and labels under `line`.
  case markers(line: Int, StyledRow)
  /// `...` in place of two or more unlabelled lines.
  case elision

  /// The line number the row belongs to (0 for elision), for the gutter width.
  var lineNumber: Int {
    switch self {
    case .source(let line, _), .markers(let line, _): line
    case .elision: 0
    }
  }
}

/// The part of one file shown for a diagnostic: its labelled lines and the marks on them.
struct Snippet {
  let file: SourceFile
  /// Where the first label in this file (the primary one, for the primary file) starts.
  let location: SourceLocation
  var marks: [Mark]
  /// Laid-out lines, by line number. Only looked up, never iterated, so order cannot leak.
  var lines: [Int: DisplayLine]

  /// The rows to print: labelled lines in line order, each followed by its marker rows. A single
  /// unlabelled line between two labelled ones is shown; longer gaps become `...`.
  func rows() -> [SnippetRow] {
    var rows: [SnippetRow] = []
    let numbers = Set(marks.map(\.line)).sorted()
    var previous: Int?
    for line in numbers {
      if let p = previous, line - p == 2 {
        rows.append(.source(line: p + 1, text: Snippet.window(DisplayLine(file: file, line: p + 1), marks: []).text))
      } else if let p = previous, line - p > 2 {
        rows.append(.elision)
      }
      let here = marks.filter { $0.line == line }
      let layout = lines[line] ?? DisplayLine(file: file, line: line)
      let (text, shift, limit) = Snippet.window(layout, marks: here)
      rows.append(.source(line: line, text: text))
      let shifted = here.map { m -> Mark in
        var m = m
        m.start = min(m.start, limit) - shift
        m.end = max(m.start + 1, min(m.end, limit) - shift)
        return m
      }
      for row in Snippet.markerRows(shifted) {
        rows.append(.markers(line: line, row))
      }
      previous = line
    }
    return rows
  }

  /// The widest part of a line shown (display columns): a longer line is cut to a window around
  /// its marks, with `…` where text was left out, so that a 1 MB line does not print 1 MB per
  /// diagnostic.
  static let maxWidth = 120

  /// The text shown for a line, how many columns the marks move left, and the column (in the
  /// line) where the shown text ends.
  static func window(_ layout: DisplayLine, marks: [Mark]) -> (text: String, shift: Int, limit: Int) {
    guard layout.width > maxWidth else { return (layout.text, 0, layout.width) }
    let low = marks.map(\.start).min() ?? 0
    let high = marks.map(\.end).max() ?? 0
    var from = max(0, min(low - 30, layout.width - (maxWidth - 2)))
    if high - from > maxWidth - 2 { from = max(0, low - 10) }
    let to = min(layout.width, from + maxWidth - 2)
    var text = from > 0 ? "…" : ""
    var column = 0
    for character in layout.text {
      let width = character.unicodeScalars.first.map(DisplayLine.displayWidth) ?? 1
      if column >= from, column + width <= to { text.append(character) }
      column += width
      if column >= to { break }
    }
    if to < layout.width { text += "…" }
    return (text, from - (from > 0 ? 1 : 0), to)
  }

  /// Marker rows for the marks on one line, in rustc's layout: all markers on the first row, the
  /// rightmost label after them on the same row, and every other label hanging below its marker,
  /// joined to it by `|`, the rightmost of those first:
  ///
  ///     ------------------------   ^^^^^ this is 'string'
  ///     |
  ///     this is 'float'
  static func markerRows(_ marks: [Mark]) -> [StyledRow] {
    var first = StyledRow()
    // Secondary markers first, so a primary span overlapping one stays visible.
    for m in marks.sorted(by: { !$0.isPrimary && $1.isPrimary }) {
      let glyph: String = m.isPrimary ? "^" : "-"
      first.put(String(repeating: glyph, count: m.end - m.start), at: m.start, style: m.style)
    }
    // The mark reaching furthest right can carry its label inline without crossing any marker.
    let byPosition = marks.indices.sorted { a, b in
      (marks[a].start, marks[a].end) < (marks[b].start, marks[b].end)
    }
    let inline = marks.indices.max { a, b in
      (marks[a].end, marks[a].start, marks[a].isPrimary ? 1 : 0)
        < (marks[b].end, marks[b].start, marks[b].isPrimary ? 1 : 0)
    }
    if let i = inline, !marks[i].label.isEmpty {
      first.put(marks[i].label, at: marks[i].end + 1, style: marks[i].style)
    }
    let hanging = byPosition.filter { $0 != inline && !marks[$0].label.isEmpty }.map { marks[$0] }
    guard !hanging.isEmpty else { return [first] }
    var rows = [first]
    var connectors = StyledRow()
    for h in hanging { connectors.put("|", at: h.start, style: h.style) }
    rows.append(connectors)
    for k in hanging.indices.reversed() {
      var row = StyledRow()
      for h in hanging[..<k] { row.put("|", at: h.start, style: h.style) }
      row.put(hanging[k].label, at: hanging[k].start, style: hanging[k].style)
      rows.append(row)
    }
    return rows
  }
}

extension DiagnosticRenderer {
  /// Groups the diagnostic's labels by file: the primary's file first, then other files in the
  /// order their labels appear. Labels whose file is unknown (such as `SourceSpan.none`) cannot be
  /// drawn; their non-empty texts are returned to be shown as notes instead.
  func snippets(for d: Diagnostic) -> ([Snippet], [String]) {
    var snippets: [Snippet] = []
    var orphans: [String] = []
    let labels = [(d.primary, true)] + d.secondary.map { ($0, false) }
    for (label, isPrimary) in labels {
      guard let file = files[label.span.file] else {
        if !label.message.isEmpty { orphans.append(label.message) }
        continue
      }
      let style = isPrimary ? TextStyle(d.severity) : .accent
      if let k = snippets.firstIndex(where: { $0.file.id == file.id }) {
        snippets[k].add(label, isPrimary: isPrimary, style: style)
      } else {
        let start = file.reportOffset(label.span.start)
        var snippet = Snippet(
          file: file, location: file.location(of: start), marks: [], lines: [:])
        snippet.add(label, isPrimary: isPrimary, style: style)
        snippets.append(snippet)
      }
    }
    return (snippets, orphans)
  }
}

extension Snippet {
  /// Adds a mark for `label`. A span that runs past the end of its first line is marked from its
  /// start to the end of that line; an empty span, or one at the end of a line or of the file,
  /// gets a single marker just after the last character.
  mutating func add(_ label: Label, isPrimary: Bool, style: TextStyle) {
    let start = file.reportOffset(label.span.start)
    let line = file.location(of: start).line
    let layout = lines[line] ?? DisplayLine(file: file, line: line)
    lines[line] = layout
    let first = layout.startColumn(of: start)
    let end = max(start, min(label.span.end, layout.contentEnd))
    let last = max(first + 1, end > start ? layout.endColumn(of: end) : first)
    marks.append(
      Mark(
        line: line, start: first, end: last, label: label.message, isPrimary: isPrimary,
        style: style))
  }
}
