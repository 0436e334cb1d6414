import Foundation

/// A regular-expression pattern from the documented subset (Docs/Values.md, "Patterns"), parsed
/// once and drawn from: `pattern(r"[A-Z]{3}-\d{4}")` gives texts such as `QWE-0192`.
///
/// The subset: literal characters; `.` (printable ASCII); classes `[abc]`, `[a-z0-9_]`, `[^...]`
/// (the complement within printable ASCII) with `\d`, `\w`, `\s` inside; `\d`, `\w`, `\s`;
/// escaped punctuation (`\.`, `\-`, `\[` ...) and `\t`, `\n`; groups `(...)` and `(?:...)`;
/// alternation `|`; the bounded quantifiers `?`, `{n}` and `{m,n}`; `^` at the very start and `$`
/// at the very end (ignored: a drawn text is always the whole match). `*`, `+` and `{m,}` are
/// unbounded and rejected.
///
/// A draw is uniform over the derivations, not over the texts: each alternation picks a branch
/// with equal probability, each quantifier a count in its range with equal probability, each
/// class a member with equal probability. So `a|b{1,2}` gives `a` half of the time.
public struct Pattern: Sendable {
  indirect enum Node: Sendable {
    case literal(Unicode.Scalar)
    case set(CharacterSet)
    case sequence([Node])
    case alternation([Node])
    case repetition(Node, min: Int, max: Int)
  }

  /// A set of code points as sorted, disjoint ranges.
  struct CharacterSet: Sendable {
    var ranges: [ClosedRange<UInt32>]
    var count: UInt64 { ranges.reduce(0) { $0 + UInt64($1.count) } }

    init(_ ranges: [ClosedRange<UInt32>]) {
      var sorted = ranges.sorted { $0.lowerBound < $1.lowerBound }
      var merged: [ClosedRange<UInt32>] = []
      for r in sorted {
        if let last = merged.last, r.lowerBound <= last.upperBound &+ 1 {
          merged[merged.count - 1] = last.lowerBound...max(last.upperBound, r.upperBound)
        } else {
          merged.append(r)
        }
      }
      sorted = merged
      self.ranges = sorted
    }

    /// The members of `printable` that are not in this set.
    func complement(in printable: ClosedRange<UInt32>) -> CharacterSet {
      var out: [ClosedRange<UInt32>] = []
      var next = printable.lowerBound
      for r in ranges where r.upperBound >= printable.lowerBound && r.lowerBound <= printable.upperBound {
        if r.lowerBound > next { out.append(next...(r.lowerBound - 1)) }
        next = max(next, r.upperBound &+ 1)
      }
      if next <= printable.upperBound { out.append(next...printable.upperBound) }
      return CharacterSet(out)
    }

    /// The member at `index` (0 ..< count).
    func member(_ index: UInt64) -> Unicode.Scalar {
      var i = index
      for r in ranges {
        let n = UInt64(r.count)
        if i < n { return Unicode.Scalar(r.lowerBound + UInt32(i)) ?? "?" }
        i -= n
      }
      return "?"
    }

    /// The widest member's UTF-8 length.
    var maxWidth: Int {
      guard let top = ranges.last?.upperBound else { return 0 }
      return top < 0x80 ? 1 : top < 0x800 ? 2 : top < 0x10000 ? 3 : 4
    }
  }

  /// A mistake in a pattern: what, and where (UTF-8 byte offsets into the pattern text).
  public struct SyntaxError: Error, Sendable, Equatable {
    public var message: String
    public var offset: Int
    public var length: Int
  }

  /// The most nested groups a pattern may have.
  public static let maxDepth = 50
  /// The largest count of a quantifier.
  public static let maxCount = 100_000
  /// Printable ASCII, the alphabet of `.` and of negated classes.
  static let printable: ClosedRange<UInt32> = 0x20...0x7E

  let root: Node
  /// What a draw runs: the tree as flat steps.
  let code: Code
  /// The longest text the pattern can draw, in UTF-8 bytes (saturating).
  public let maxBytes: Int

  /// Parses a pattern, or throws its first mistake.
  public static func parse(_ text: String) throws(SyntaxError) -> Pattern {
    var parser = PatternParser(text)
    let root = try parser.parseWhole()
    return Pattern(root: root, code: Code(root), maxBytes: Self.maxBytes(root))
  }

  static func maxBytes(_ node: Node) -> Int {
    switch node {
    case .literal(let s): return UTF8.width(s)
    case .set(let set): return set.maxWidth
    case .sequence(let nodes):
      return nodes.reduce(0) { a, n in let (s, o) = a.addingReportingOverflow(maxBytes(n)); return o ? .max : s }
    case .alternation(let nodes): return nodes.map(maxBytes).max() ?? 0
    case .repetition(let n, _, let max):
      let (p, o) = maxBytes(n).multipliedReportingOverflow(by: max)
      return o ? .max : p
    }
  }

  /// For `unique_pattern`: the pattern as one class per character, when it has a fixed shape (no
  /// alternation, every count exact); nil otherwise. Such a pattern is unambiguous: each text it
  /// matches has one derivation, so texts are numbered by mixed radix.
  public var fixedShape: [CharacterSetView]? {
    var out: [CharacterSet] = []
    guard Self.flatten(root, into: &out) else { return nil }
    return out.map { CharacterSetView(members: $0) }
  }

  /// One position of a fixed-shape pattern.
  public struct CharacterSetView: Sendable {
    let members: CharacterSet
    public var count: UInt64 { members.count }
    public func member(_ i: UInt64) -> Unicode.Scalar { members.member(i) }
  }

  static func flatten(_ node: Node, into out: inout [CharacterSet]) -> Bool {
    guard out.count <= maxCount else { return false }
    switch node {
    case .literal(let s): out.append(CharacterSet([s.value...s.value]))
    case .set(let set): out.append(set)
    case .sequence(let nodes): for n in nodes where !flatten(n, into: &out) { return false }
    case .alternation: return false
    case .repetition(let n, let min, let max):
      guard min == max else { return false }
      for _ in 0..<min where !flatten(n, into: &out) { return false }
    }
    return true
  }

  /// The number of texts of a fixed shape, or 0 when there are 2^64 or more.
  public static func textCount(_ shape: [CharacterSetView]) -> UInt64 {
    var n: UInt64 = 1
    for p in shape {
      let (m, overflow) = n.multipliedReportingOverflow(by: p.count)
      if overflow { return 0 }
      n = m
    }
    return n
  }

  /// Text number `index` of a fixed shape (the last position varies fastest).
  public static func text(_ shape: [CharacterSetView], number index: UInt64) -> String {
    var scalars = [Unicode.Scalar](repeating: " ", count: shape.count)
    var rest = index
    for i in shape.indices.reversed() {
      let radix = shape[i].count
      scalars[i] = shape[i].member(rest % radix)
      rest /= radix
    }
    var view = String.UnicodeScalarView()
    view.append(contentsOf: scalars)
    return String(view)
  }

  /// A text drawn with the generator seeded by `seed` (the row's keyed draw).
  public func draw(seed: UInt64) -> String {
    var out = TextArenaBuilder(rows: 1, bytesPerRow: maxBytes < 4096 ? maxBytes + 1 : 64)
    defer { out.discard() }
    draw(seed: seed, into: &out)
    return out.pendingText()
  }

  /// `draw(seed:)`'s text as UTF-8 bytes, appended to `out`.
  @inline(__always)
  public func draw(seed: UInt64, into out: inout TextArenaBuilder) {
    var rng = SplitMix64(seed)
    code.program.draw(&rng, into: &out)
  }

  @inline(__always)
  static func appendUTF8(_ s: Unicode.Scalar, _ out: inout TextArenaBuilder) {
    if s.value < 0x80 {
      out.append(UInt8(s.value))
    } else {
      for b in UTF8.encode(s)! { out.append(b) }
    }
  }

  /// The pattern's program (`PatternProgram`), freed with the last copy of the pattern.
  final class Code: Sendable {
    let program: PatternProgram
    init(_ root: Node) { program = PatternProgram(root) }
    deinit { program.deallocate() }
  }
}

/// SplitMix64 (Steele, Lea and Flood 2014), seeded by one keyed 63-bit draw per row: the
/// variable number of choices a pattern makes come from it, so a row's text depends only on the
/// row's own draw.
struct SplitMix64 {
  var state: UInt64
  init(_ seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// Uniform in 0 ..< n (n > 0), without modulo bias (rejection of the top partial range).
  mutating func below(_ n: UInt64) -> UInt64 {
    let limit = UInt64.max - UInt64.max % n
    while true {
      let x = next()
      if x < limit { return x % n }
    }
  }
}

/// A recursive-descent parser for the pattern subset, over code points, with byte offsets for
/// errors.
struct PatternParser {
  typealias Node = Pattern.Node
  let scalars: [Unicode.Scalar]
  /// The UTF-8 offset of each code point, and of the end.
  let offsets: [Int]
  var i = 0
  var depth = 0

  init(_ text: String) {
    scalars = Array(text.unicodeScalars)
    var offsets: [Int] = []
    var at = 0
    for s in scalars {
      offsets.append(at)
      at += UTF8.width(s)
    }
    offsets.append(at)
    self.offsets = offsets
  }

  func error(_ message: String, from: Int, to: Int? = nil) -> Pattern.SyntaxError {
    let start = offsets[min(from, scalars.count)]
    let end = offsets[min(max(to ?? from + 1, from), scalars.count)]
    return Pattern.SyntaxError(message: message, offset: start, length: max(0, end - start))
  }

  var peek: Unicode.Scalar? { i < scalars.count ? scalars[i] : nil }

  mutating func parseWhole() throws(Pattern.SyntaxError) -> Node {
    if peek == "^" { i += 1 }
    var end = scalars.count
    if end > i, scalars[end - 1] == "$", !(end >= 2 && scalars[end - 2] == "\\") { end -= 1 }
    let body = try parseAlternation(until: end)
    if i < end {
      throw error(scalars[i] == ")" ? "')' closes no group" : "unexpected '\(scalars[i])'", from: i)
    }
    return body
  }

  mutating func parseAlternation(until end: Int) throws(Pattern.SyntaxError) -> Node {
    var branches = [try parseSequence(until: end)]
    while i < end, scalars[i] == "|" {
      i += 1
      branches.append(try parseSequence(until: end))
    }
    return branches.count == 1 ? branches[0] : .alternation(branches)
  }

  mutating func parseSequence(until end: Int) throws(Pattern.SyntaxError) -> Node {
    var items: [Node] = []
    while i < end, scalars[i] != "|", scalars[i] != ")" {
      let start = i
      var atom = try parseAtom(until: end)
      atom = try parseQuantifier(atom, atomStart: start, until: end)
      items.append(atom)
    }
    return items.count == 1 ? items[0] : .sequence(items)
  }

  mutating func parseAtom(until end: Int) throws(Pattern.SyntaxError) -> Node {
    let c = scalars[i]
    switch c {
    case "(":
      let open = i
      i += 1
      if i + 1 < end, scalars[i] == "?", scalars[i + 1] == ":" { i += 2 }
      depth += 1
      if depth > Pattern.maxDepth {
        throw error("groups are nested more than \(Pattern.maxDepth) deep", from: open)
      }
      let inner = try parseAlternation(until: end)
      depth -= 1
      guard i < end, scalars[i] == ")" else { throw error("this group is not closed with ')'", from: open) }
      i += 1
      return inner
    case "[": return try parseClass(until: end)
    case ".":
      i += 1
      return .set(Pattern.CharacterSet([Pattern.printable]))
    case "\\": return try parseEscape(until: end, inClass: false)
    case "*", "+":
      throw error(
        "'\(c)' repeats without bound; write a bounded count such as {0,10} or {1,10}", from: i)
    case "?", "{":
      throw error("'\(c)' has nothing to repeat", from: i)
    case "^", "$":
      throw error("'\(c)' is allowed only at the very \(c == "^" ? "start" : "end") of a pattern", from: i)
    case "]", "}":
      throw error("'\(c)' must be escaped as '\\\(c)'", from: i)
    default:
      i += 1
      return .literal(c)
    }
  }

  /// `\d`, `\w`, `\s`, `\t`, `\n` and escaped punctuation.
  mutating func parseEscape(until end: Int, inClass: Bool) throws(Pattern.SyntaxError) -> Node {
    let start = i
    i += 1
    guard i < end else { throw error("a pattern cannot end with '\\'", from: start) }
    let e = scalars[i]
    i += 1
    switch e {
    case "d": return .set(Pattern.CharacterSet([0x30...0x39]))
    case "w": return .set(Pattern.CharacterSet([0x30...0x39, 0x41...0x5A, 0x5F...0x5F, 0x61...0x7A]))
    case "s": return .set(Pattern.CharacterSet([0x20...0x20]))
    case "t": return .literal("\t")
    case "n": return .literal("\n")
    default:
      if e.properties.isAlphabetic || ("0"..."9").contains(e) {
        throw error("'\\\(e)' is not in the pattern subset (\\d, \\w, \\s, \\t, \\n and escaped punctuation are)", from: start, to: i)
      }
      return .literal(e)
    }
  }

  mutating func parseClass(until end: Int) throws(Pattern.SyntaxError) -> Node {
    let open = i
    i += 1
    var negated = false
    if i < end, scalars[i] == "^" {
      negated = true
      i += 1
    }
    var ranges: [ClosedRange<UInt32>] = []
    while true {
      guard i < end else { throw error("this class is not closed with ']'", from: open) }
      if scalars[i] == "]" { break }
      let itemStart = i
      let low: Unicode.Scalar
      if scalars[i] == "\\" {
        let node = try parseEscape(until: end, inClass: true)
        switch node {
        case .set(let set):
          ranges += set.ranges
          continue
        case .literal(let s): low = s
        default: continue
        }
      } else {
        low = scalars[i]
        i += 1
      }
      if i + 1 < end, scalars[i] == "-", scalars[i + 1] != "]" {
        i += 1
        let high: Unicode.Scalar
        if scalars[i] == "\\" {
          guard case .literal(let s) = try parseEscape(until: end, inClass: true) else {
            throw error("a range cannot end with a class such as \\d", from: itemStart, to: i)
          }
          high = s
        } else {
          high = scalars[i]
          i += 1
        }
        guard low.value <= high.value else {
          throw error("the range \(low)-\(high) is reversed", from: itemStart, to: i)
        }
        ranges.append(low.value...high.value)
      } else {
        ranges.append(low.value...low.value)
      }
    }
    i += 1
    var set = Pattern.CharacterSet(ranges)
    if negated { set = set.complement(in: Pattern.printable) }
    if set.count == 0 { throw error("this class has no character to draw", from: open, to: i) }
    return .set(set)
  }

  mutating func parseQuantifier(_ atom: Node, atomStart: Int, until end: Int) throws(Pattern.SyntaxError) -> Node {
    guard i < end else { return atom }
    switch scalars[i] {
    case "?":
      i += 1
      return .repetition(atom, min: 0, max: 1)
    case "*", "+":
      throw error(
        "'\(scalars[i])' repeats without bound; write a bounded count such as {0,10} or {1,10}", from: i)
    case "{":
      let open = i
      i += 1
      guard let low = number(until: end) else { throw error("'{' needs a count such as {3} or {2,5}", from: open) }
      var high = low
      if i < end, scalars[i] == "," {
        i += 1
        guard let h = number(until: end) else {
          throw error("{\(low),} repeats without bound; give the largest count, such as {\(low),\(low + 10)}", from: open, to: i + 1)
        }
        high = h
      }
      guard i < end, scalars[i] == "}" else { throw error("this count is not closed with '}'", from: open) }
      i += 1
      guard low <= high else { throw error("the count {\(low),\(high)} is reversed", from: open, to: i) }
      guard high <= Pattern.maxCount else {
        throw error("a count is at most \(Pattern.maxCount), found \(high)", from: open, to: i)
      }
      if i < end, scalars[i] == "?" || scalars[i] == "+" {
        throw error("lazy and possessive quantifiers ('\(scalars[i])' after a count) are not in the subset", from: i)
      }
      return .repetition(atom, min: low, max: high)
    default:
      return atom
    }
  }

  mutating func number(until end: Int) -> Int? {
    var value = 0
    var digits = 0
    while i < end, let d = scalars[i].properties.numericType == .decimal ? Int(String(scalars[i])) : nil, scalars[i].isASCII {
      value = min(value * 10 + d, 10_000_000)
      digits += 1
      i += 1
    }
    return digits > 0 ? value : nil
  }
}

/// Parsed patterns by text, shared by every row and thread, so a pattern is parsed once per run.
final class PatternCache: @unchecked Sendable {
  static let shared = PatternCache()
  private let lock = NSLock()
  private var parsed: [String: Pattern] = [:]

  func pattern(_ text: String) throws(Pattern.SyntaxError) -> Pattern {
    lock.lock()
    if let p = parsed[text] {
      lock.unlock()
      return p
    }
    lock.unlock()
    let p = try Pattern.parse(text)
    lock.lock()
    if parsed.count > 10_000 { parsed.removeAll() }  // patterns are constants: a run has few
    parsed[text] = p
    lock.unlock()
    return p
  }
}
