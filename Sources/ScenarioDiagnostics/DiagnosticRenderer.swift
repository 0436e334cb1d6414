/// Turns diagnostics into the text users read: the rich form with a source excerpt and carets, or
/// the short one-line form (STYLE.md §3).
///
/// Every function returns text in which each line, including the last, ends in `"\n"`, so the CLI
/// can write the result to stderr as is: `render(diagnostics) + summary(...)` is a whole report.
///
/// Layout of the rich form, following rustc and codespan:
/// - The location is the primary span's start, as `SourceFile.reportLocation(of:)` gives it
///   (columns in Unicode scalars; EOF after a final newline is the end of the last line).
/// - The gutter is as wide as the largest line number shown; numbers are left-aligned.
/// - Labelled lines are shown in line order; a single line between two of them is shown, longer
///   gaps become `...`. Labels in other files get their own `:::` section.
/// - Markers are laid out in display columns: tabs are 4 columns, wide (CJK, emoji) characters 2
///   (see `DisplayLine`). Empty spans and spans at the end of a line get one marker just after the
///   last character; spans crossing a line end are marked to the end of their first line.
/// - Labels on one line: the one reaching furthest right is written after its marker, the others
///   hang below theirs, joined by `|` (`Snippet.markerRows`).
/// - Diagnostics whose span has no known file (`SourceSpan.none`) print only the header and the
///   `=` lines; their label texts become notes.
public struct DiagnosticRenderer: Sendable {
  /// The two output forms.
  public enum Style: Sendable, Equatable {
    /// Header, `-->` location, source excerpt with `^` and `-` markers, then notes (rustc's form).
    case rich
    /// One `path:line:col: error[CODE]: message` line per diagnostic plus one line per note.
    case short
  }

  /// Which form to produce.
  public var style: Style
  /// Whether to wrap parts in ANSI escape sequences; the CLI turns this on only for a TTY.
  public var color: Bool
  /// The files spans may refer to, by `SourceFile.id`. Looked up only, never iterated.
  let files: [Int: SourceFile]

  /// Creates a renderer for diagnostics whose spans refer to `files` by `SourceFile.id`.
  public init(style: Style = .rich, color: Bool = false, files: [SourceFile]) {
    self.style = style
    self.color = color
    self.files = Dictionary(files.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
  }

  // MARK: - Public entry points

  /// Renders one diagnostic in the configured style.
  public func render(_ d: Diagnostic) -> String {
    switch style {
    case .rich: renderRich(d)
    case .short: renderShort(d)
    }
  }

  /// Renders the first `limit` diagnostics, and no more than `byteLimit` bytes of them (100 KB),
  /// then `… and N more` if some were left out.
  ///
  /// In the rich style each diagnostic (and the "more" line) is followed by a blank line, so the
  /// summary line can be appended directly; the short style has no blank lines.
  public func render(_ ds: [Diagnostic], limit: Int = 50, byteLimit: Int = 100_000) -> String {
    let separator = style == .rich ? "\n" : ""
    var out = ""
    var shown = 0
    for d in ds.prefix(max(0, limit)) {
      let text = render(d) + separator
      if shown > 0, out.utf8.count + text.utf8.count > byteLimit { break }
      out += text
      shown += 1
    }
    if ds.count > shown {
      out += "… and \(ds.count - shown) more\n" + separator
    }
    return out
  }

  /// The closing line, e.g. `scenario: 3 errors in scenarios/x.scenario; nothing was generated`.
  ///
  /// Warnings are mentioned when there are any (`1 error and 2 warnings`); `generated == false`
  /// adds `; nothing was generated`.
  public func summary(errors: Int, warnings: Int, path: String, generated: Bool) -> String {
    var counts: [String] = []
    if errors > 0 { counts.append(Self.count(errors, "error")) }
    if warnings > 0 { counts.append(Self.count(warnings, "warning")) }
    let what = counts.isEmpty ? "no errors" : counts.joined(separator: " and ")
    let tail = generated ? "" : "; nothing was generated"
    return "scenario: \(what) in \(path)\(tail)\n"
  }

  // MARK: - Short style

  /// `path:line:col: error[CODE]: message`, then `path:line:col: note: ...` per note and help.
  func renderShort(_ d: Diagnostic) -> String {
    var prefix = ""
    if let file = files[d.span.file] {
      prefix = "\(file.path):\(file.reportLocation(of: d.span.start)): "
    }
    var out = prefix + header(d) + "\n"
    for (kind, text) in trailer(d) {
      out += prefix + TextStyle.bold.apply(kind, color: color) + ": " + text + "\n"
    }
    return out
  }

  // MARK: - Rich style

  /// Header, excerpts of every file the labels touch, then `= note:` and `= help:` lines.
  func renderRich(_ d: Diagnostic) -> String {
    var out = header(d) + "\n"
    let (snippets, orphans) = self.snippets(for: d)
    let blocks = snippets.map { $0.rows() }
    let maxLine = blocks.flatMap { $0 }.map(\.lineNumber).max() ?? 1
    let width = String(maxLine).count
    let pad = String(repeating: " ", count: width)
    let bar = pad + " " + accent("|")
    for (k, snippet) in snippets.enumerated() {
      if k > 0 { out += bar + "\n" }
      let arrow = accent(k == 0 ? "-->" : ":::")
      out += "\(pad)\(arrow) \(snippet.file.path):\(snippet.location)\n"
      out += bar + "\n"
      for row in blocks[k] { out += format(row, width: width) + "\n" }
    }
    let notes = orphans.map { ("note", $0) } + trailer(d)
    if !notes.isEmpty, !snippets.isEmpty { out += bar + "\n" }
    for (kind, text) in notes {
      let lead = pad + " " + accent("=") + " " + TextStyle.bold.apply(kind, color: color) + ": "
      // Continuation lines of a multi-line note line up with its first line's text.
      let indent = String(repeating: " ", count: width + 3 + kind.count + 2)
      let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
      out += lead + lines.map(String.init).joined(separator: "\n" + indent) + "\n"
    }
    return out
  }

  /// One excerpt row with its gutter, without trailing spaces.
  private func format(_ row: SnippetRow, width: Int) -> String {
    switch row {
    case .elision:
      return "..."
    case .source(let line, let text):
      // Numbers are left-aligned in the gutter, as rustc does.
      let digits = String(line)
      let number = digits + String(repeating: " ", count: max(0, width - digits.count))
      let gutter = accent(number + " |")
      // Trailing blanks in the source are dropped so rendered text (and golden files) never end
      // a line in whitespace; the markers are on their own row and do not depend on them.
      var shown = Substring(text)
      while shown.last == " " { shown = shown.dropLast() }
      return shown.isEmpty ? gutter : gutter + " " + shown
    case .markers(_, let marks):
      let gutter = String(repeating: " ", count: width + 1) + accent("|")
      let body = marks.rendered(color: color)
      return body.isEmpty ? gutter : gutter + " " + body
    }
  }

  // MARK: - Pieces

  /// `error[E0301]: message`, with the severity coloured and the message bold.
  private func header(_ d: Diagnostic) -> String {
    let tag = "\(d.severity.rawValue)[\(d.code.rawValue)]"
    return TextStyle(d.severity).apply(tag, color: color)
      + TextStyle.bold.apply(": " + Self.bounded(d.message), color: color)
  }

  /// The notes, then the help, as (kind, text) pairs.
  private func trailer(_ d: Diagnostic) -> [(String, String)] {
    (d.notes.map { ("note", $0) } + (d.help.map { [("help", $0)] } ?? [])).map {
      ($0.0, Self.bounded($0.1))
    }
  }

  /// The most characters of one line of a message, note or help that is shown.
  static let messageLineLimit = 400

  /// Text with each line cut to `messageLineLimit` characters: a message that quotes input (a
  /// name, a text literal) stays proportionate however long the input is.
  static func bounded(_ text: String) -> String {
    guard text.utf8.count > messageLineLimit else { return text }
    return text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
      guard line.count > messageLineLimit else { return String(line) }
      return line.prefix(messageLineLimit) + "… (\(line.count - messageLineLimit) more characters)"
    }.joined(separator: "\n")
  }

  /// Gutter colour.
  private func accent(_ text: String) -> String { TextStyle.accent.apply(text, color: color) }

  /// `1 error`, `3 errors`.
  private static func count(_ n: Int, _ noun: String) -> String {
    n == 1 ? "1 \(noun)" : "\(n) \(noun)s"
  }
}

extension SourceFile {
  /// The location a diagnostic starting at `offset` is reported at.
  ///
  /// The same as `location(of:)`, except that the end of a file whose last byte is a newline is
  /// reported just after the last character of the last line (STYLE.md §3: "a span at EOF renders
  /// as a single `^` after the last character"), not at column 1 of an empty line that editors do
  /// not show.
  public func reportLocation(of offset: Int) -> SourceLocation {
    location(of: reportOffset(offset))
  }

  /// `offset` clamped to the file, with EOF after a final line terminator moved before it.
  func reportOffset(_ offset: Int) -> Int {
    let n = bytes.count
    guard offset >= n else { return max(0, offset) }
    guard n > 0, bytes[n - 1] == UInt8(ascii: "\n") else { return n }
    var o = n - 1
    if o > 0, bytes[o - 1] == UInt8(ascii: "\r") { o -= 1 }
    return o
  }
}
