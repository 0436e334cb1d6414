// Inline annotations in error fixtures (STYLE.md §1.12), in the manner of rustc's `//~`, Go's
// `// ERROR` and Crafting Interpreters' `// expect:`. An annotation is a comment that starts
// with `#~` and names one diagnostic the fixture must produce:
//
//     #~ CODE@COLUMN message text
//
//   CODE     the diagnostic code, e.g. E0301 (E = error, W = warning, R = run-time error)
//   COLUMN   the 1-based column of the diagnostic's primary span, in Unicode characters
//   text     a part of the diagnostic's message (one line); may be empty, but should not be
//
// Where the comment sits decides the line it is about:
//
//     q = reliablity + 1   #~ E0301@7 unknown column 'reliablity'
//                          ^ a trailing comment: this line
//     name = "abc
//     #~^ E0102@10 unterminated string literal
//        ^ one `^` per line upwards: `#~^` the line above, `#~^^` two lines above
//     #~| E0301@12 unknown column 'b'
//        ^ `#~|` the same line as the previous annotation (several diagnostics on one line)
//
// The `^` form is for lines that cannot hold a comment: an unterminated string swallows the rest
// of its line, and some diagnostics point at the end of a line whose comment would move it.
// A `#` inside a string literal does not start an annotation. A test checks that the set of
// (line, column, code) of the diagnostics equals the set of annotations exactly, and that each
// diagnostic's message contains its annotation's text; so every diagnostic of a fixture has an
// annotation, and every annotation a diagnostic.
//
// Fixtures may also start with directive comments, `# key: value` lines before the first line
// of code (e.g. `# format: sql-postgres` in a run-time fixture); see `Annotations.directives`.

/// One expected diagnostic, read from a `#~` comment.
public struct Annotation: Sendable, Equatable, Hashable, CustomStringConvertible {
  /// The 1-based line the diagnostic is on.
  public var line: Int
  /// The 1-based column of the diagnostic, in Unicode characters.
  public var column: Int
  /// The code, e.g. `E0301`.
  public var code: String
  /// Text the diagnostic's message must contain.
  public var message: String
  /// The line the annotation comment is written on (for failure messages).
  public var writtenOn: Int

  /// Creates an annotation; `writtenOn` defaults to `line`.
  public init(line: Int, column: Int, code: String, message: String, writtenOn: Int? = nil) {
    self.line = line
    self.column = column
    self.code = code
    self.message = message
    self.writtenOn = writtenOn ?? line
  }

  /// `line:column CODE`, what annotations and diagnostics are matched on.
  public var position: String { "\(line):\(column) \(code)" }

  /// `line:column CODE message`.
  public var description: String { message.isEmpty ? position : "\(position) \(message)" }
}

/// A malformed `#~` comment: a fixture typo must fail loudly, not be skipped.
public struct AnnotationError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The 1-based line of the comment.
  public var line: Int
  /// What is wrong with it.
  public var reason: String
  /// Creates an error for the comment on `line`.
  public init(line: Int, reason: String) {
    self.line = line
    self.reason = reason
  }
  public var description: String { "line \(line): \(reason)" }
}

/// Reads and checks inline annotations.
public enum Annotations {
  /// The annotations of a fixture, in source order. Throws for a malformed `#~` comment.
  public static func parse(source: String) throws(AnnotationError) -> [Annotation] {
    var result: [Annotation] = []
    for (i, raw) in lines(source).enumerated() {
      let number = i + 1
      guard let comment = annotationComment(in: raw) else { continue }
      var rest = Substring(comment)
      var target = number
      if rest.first == "|" {
        guard let previous = result.last else {
          throw AnnotationError(line: number, reason: "'#~|' needs an annotation before it")
        }
        target = previous.line
        rest = rest.dropFirst()
      } else {
        let ups = rest.prefix { $0 == "^" }.count
        target -= ups
        rest = rest.dropFirst(ups)
        if target < 1 {
          throw AnnotationError(
            line: number, reason: "'#~\(String(repeating: "^", count: ups))' points above line 1")
        }
      }
      result.append(try annotation(rest, line: target, writtenOn: number, raw: "#~" + comment))
    }
    return result
  }

  /// Leading `# key: value` comments, before the first line that is neither blank nor a comment;
  /// keys are lowercased. `#~` annotations are not directives.
  public static func directives(source: String) -> [String: String] {
    var result: [String: String] = [:]
    for line in lines(source) {
      let trimmed = line.trimmingSpaces()
      if trimmed.isEmpty { continue }
      guard trimmed.hasPrefix("#") else { break }
      if trimmed.hasPrefix("#~") { continue }
      let body = trimmed.dropFirst()
      guard let colon = body.firstIndex(of: ":") else { continue }
      let key = String(body[..<colon]).trimmingSpaces().lowercased()
      guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0 == "-" || $0 == "_" }) else {
        continue
      }
      result[key] = String(body[body.index(after: colon)...]).trimmingSpaces()
    }
    return result
  }

  /// Compares expected annotations with what was found (diagnostics converted to annotations
  /// whose `message` is the whole message). Returns one readable line per problem: a diagnostic
  /// without annotation, an annotation without diagnostic, or a message that lacks the text.
  public static func mismatches(expected: [Annotation], found: [Annotation]) -> [String] {
    var problems: [String] = []
    var unmatched = found
    for a in expected {
      guard let k = unmatched.firstIndex(where: { $0.position == a.position }) else {
        problems.append(
          "expected \(a.position) \"\(a.message)\" (annotation on line \(a.writtenOn)),"
            + " not reported")
        continue
      }
      let d = unmatched.remove(at: k)
      if !d.message.contains(a.message) {
        problems.append("\(a.position): message \"\(d.message)\" does not contain \"\(a.message)\"")
      }
    }
    for d in unmatched {
      problems.append(
        "unexpected \(d.position) \"\(d.message)\": annotate line \(d.line) with"
          + " '#~ \(d.code)@\(d.column) ...' (or '#~^ ...' on the line below)")
    }
    return problems
  }

  // MARK: - Reading

  /// The lines of a text without their terminators.
  static func lines(_ source: String) -> [String] {
    source.split(separator: "\n", omittingEmptySubsequences: false).map { line in
      line.hasSuffix("\r") ? String(line.dropLast()) : String(line)
    }
  }

  /// What follows `#~` on a line, if the line has an annotation outside string literals.
  static func annotationComment(in line: String) -> String? {
    let chars = Array(line)
    var inString = false
    var i = 0
    while i < chars.count {
      let c = chars[i]
      if inString {
        if c == "\\" {
          i += 1
        } else if c == "\"" {
          inString = false
        }
      } else if c == "\"" {
        inString = true
      } else if c == "#" {
        // Any other comment runs to the end of the line, so nothing after it is an annotation.
        guard i + 1 < chars.count, chars[i + 1] == "~" else { return nil }
        return String(chars[(i + 2)...])
      } else if c == "/", i + 1 < chars.count, chars[i + 1] == "/" {
        return nil
      }
      i += 1
    }
    return nil
  }

  /// Parses `CODE@COLUMN text` (after the `#~`, `^` or `|`).
  static func annotation(
    _ text: Substring, line: Int, writtenOn: Int, raw: String
  ) throws(AnnotationError) -> Annotation {
    let body = text.drop { $0 == " " || $0 == "\t" }
    let head = body.prefix { $0 != " " && $0 != "\t" }
    let message = String(body.dropFirst(head.count)).trimmingSpaces()
    let parts = head.split(separator: "@", omittingEmptySubsequences: false)
    guard parts.count == 2, isCode(parts[0]), let column = Int(parts[1]), column >= 1 else {
      throw AnnotationError(
        line: writtenOn,
        reason: "expected '#~ CODE@COLUMN text' (e.g. '#~ E0301@7 unknown column'), found '\(raw)'")
    }
    return Annotation(
      line: line, column: column, code: String(parts[0]), message: message, writtenOn: writtenOn)
  }

  /// `E0301`, `W0801`, `R0702`: a letter and four digits.
  static func isCode(_ s: Substring) -> Bool {
    guard s.count == 5, let first = s.first, "EWR".contains(first) else { return false }
    return s.dropFirst().allSatisfy { $0.isASCII && $0.isNumber }
  }
}

extension StringProtocol {
  /// The text without leading and trailing spaces and tabs.
  func trimmingSpaces() -> String {
    let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
    guard let start = firstIndex(where: { !isSpace($0) }),
      let end = lastIndex(where: { !isSpace($0) })
    else {
      return ""
    }
    return String(self[start...end])
  }
}
