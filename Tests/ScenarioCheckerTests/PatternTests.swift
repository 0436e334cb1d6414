@testable import ScenarioIR
import Testing

/// The pattern subset of Docs/Values.md: what parses, where a mistake is reported, the longest
/// text, and how draws are distributed (uniform over derivations).
@Suite("Patterns")
struct PatternTests {
  @Test("mistakes are reported with their byte offset and length in the pattern", arguments: [
    (#"[A-Z]+"#, 5, 1, "repeats without bound"),
    (#"a*"#, 1, 1, "repeats without bound"),
    (#"\d{3,}"#, 2, 4, "repeats without bound"),
    (#"(ab"#, 0, 1, "not closed with ')'"),
    (#"ab)"#, 2, 1, "closes no group"),
    (#"[abc"#, 0, 1, "not closed with ']'"),
    (#"[z-a]"#, 1, 3, "reversed"),
    (#"\b"#, 0, 2, "not in the pattern subset"),
    (#"a{5,2}"#, 1, 5, "reversed"),
    (#"x{3}?"#, 4, 1, "lazy"),
    (#"?a"#, 0, 1, "nothing to repeat"),
    (#"a^b"#, 1, 1, "very start"),
    (#"é+"#, 2, 1, "repeats without bound"),  // é is two bytes
    (#"[^ -~]"#, 0, 6, "no character to draw"),
    (#"a{200000}"#, 1, 8, "at most 100000"),
    ("a\\", 1, 1, "cannot end with"),
  ])
  func mistakes(_ pattern: String, _ offset: Int, _ length: Int, _ message: String) {
    do throws(Pattern.SyntaxError) {
      _ = try Pattern.parse(pattern)
      Issue.record("\(pattern) parsed")
    } catch {
      #expect(error.offset == offset && error.length == length, "\(pattern): \(error)")
      #expect(error.message.contains(message), "\(pattern): \(error.message)")
    }
  }

  @Test("nesting deeper than 50 groups is an error, not a deep recursion")
  func depth() {
    let deep = String(repeating: "(", count: 10_000) + "a" + String(repeating: ")", count: 10_000)
    #expect(throws: Pattern.SyntaxError.self) { try Pattern.parse(deep) }
    let fine = String(repeating: "(", count: 50) + "a" + String(repeating: ")", count: 50)
    #expect((try? Pattern.parse(fine)) != nil)
  }

  @Test("the longest text, in bytes")
  func maxBytes() throws {
    #expect(try Pattern.parse(#"[A-Z]{3}-\d{4}"#).maxBytes == 8)
    #expect(try Pattern.parse("a|bcd").maxBytes == 3)
    #expect(try Pattern.parse("é{10}").maxBytes == 20)
    #expect(try Pattern.parse("(a{100}){100000}").maxBytes == 10_000_000)
  }

  @Test("fixed shapes: counted and numbered by mixed radix; every number gives a different text")
  func fixedShapes() throws {
    let shape = try #require(try Pattern.parse(#"[A-C]\d"#).fixedShape)
    #expect(Pattern.textCount(shape) == 30)
    let all = (0..<30).map { Pattern.text(shape, number: UInt64($0)) }
    #expect(all.first == "A0" && all.last == "C9" && Set(all).count == 30)
    #expect(try Pattern.parse("a|b").fixedShape == nil)
    #expect(try Pattern.parse("a{1,2}").fixedShape == nil)
    #expect(try Pattern.parse("(ab){2}c?").fixedShape == nil)
    let long = try #require(try Pattern.parse(#"\w{20}"#).fixedShape)
    #expect(Pattern.textCount(long) == 0, "63^20 texts: more than 2^64")
    // Through the column function: a table of exactly 30 rows gets every text once.
    let texts = (0..<30).map { row -> String in
      guard case .text(let t)? = try? Semantics.call(.uniquePattern, [.text(#"[A-C]\d"#), .int(Int64(row)), .int(5)]) else { return "" }
      return t
    }
    #expect(Set(texts) == Set(all))
  }

  @Test("the same seed gives the same text; anchors are ignored")
  func deterministic() throws {
    let p = try Pattern.parse(#"^[A-Z]{3}-\d{4}$"#)
    #expect(p.draw(seed: 42) == p.draw(seed: 42))
    #expect(p.draw(seed: 42) != p.draw(seed: 43))
    #expect(p.draw(seed: 42).count == 8)
  }

  @Test("uniform over derivations: each branch, count and class member equally likely (5 sigma bands)")
  func distribution() throws {
    let n = 20_000
    let alt = try Pattern.parse("a|b{1,2}")
    var counts: [String: Int] = [:]
    for seed in 0..<n { counts[alt.draw(seed: UInt64(seed) &* 0x9E37_79B9_7F4A_7C15), default: 0] += 1 }
    // a: 1/2, b: 1/4, bb: 1/4 (not 1/3 each: uniform over derivations, not over texts).
    Self.expectShare(counts["a"] ?? 0, of: n, is: 0.5)
    Self.expectShare(counts["b"] ?? 0, of: n, is: 0.25)
    Self.expectShare(counts["bb"] ?? 0, of: n, is: 0.25)
    let set = try Pattern.parse("[a-c]")
    var members: [String: Int] = [:]
    for seed in 0..<n { members[set.draw(seed: UInt64(seed) &* 0x9E37_79B9_7F4A_7C15), default: 0] += 1 }
    #expect(members.keys.sorted() == ["a", "b", "c"])
    for k in ["a", "b", "c"] { Self.expectShare(members[k] ?? 0, of: n, is: 1.0 / 3) }
  }

  static func expectShare(_ k: Int, of n: Int, is p: Double, sourceLocation: SourceLocation = #_sourceLocation) {
    let sigma = (Double(n) * p * (1 - p)).squareRoot()
    #expect(abs(Double(k) - Double(n) * p) <= 5 * sigma, "\(k) of \(n), expected \(p)", sourceLocation: sourceLocation)
  }
}

/// The flat program a draw runs (`PatternProgram`) against a walk of the parsed tree written
/// here: the same generator calls in the same order, so the same texts, byte for byte. The
/// patterns put literals next to groups, alternations and repetitions (where joining literals
/// across a branch or a body would be wrong), nest them, and use classes outside ASCII.
@Suite("Pattern programs")
struct PatternProgramTests {
  @Test("the program draws the tree's texts", arguments: [
    #"(ab){2}c"#, #"x(a|bc)y"#, #"(?:ab|c){0,3}d"#, #"a(b(c|d{2}e)f){1,2}g"#, #"[A-Z]{3}-\d{4}"#,
    #"((a|b)|c)(d|)e"#, #"[äöü]{2,4}x[α-ω]"#, #"[😀-🙏]z"#, #"abc"#, #"(a)(b)(c)"#, #"a{0}b"#,
    #"(x|y{3}z|(ab){0,2})+?"#.replacingOccurrences(of: "+?", with: "{1,2}"), #"[^a-z]{5}"#, #"."#,
  ])
  func sameTexts(_ text: String) throws {
    let pattern = try Pattern.parse(text)
    for seed in 0..<2000 as Range<UInt64> {
      var rng = SplitMix64(seed &* 0x9E37_79B9_7F4A_7C15)
      var view = String.UnicodeScalarView()
      Self.walk(pattern.root, &rng, &view)
      let drawn = pattern.draw(seed: seed &* 0x9E37_79B9_7F4A_7C15)
      #expect(drawn == String(view), "\(text), seed \(seed)")
      if drawn != String(view) { return }
    }
  }

  /// The tree walk the program replaced.
  static func walk(_ node: Pattern.Node, _ rng: inout SplitMix64, _ out: inout String.UnicodeScalarView) {
    switch node {
    case .literal(let s): out.append(s)
    case .set(let set): out.append(set.member(rng.below(set.count)))
    case .sequence(let nodes): for n in nodes { walk(n, &rng, &out) }
    case .alternation(let nodes): walk(nodes[Int(rng.below(UInt64(nodes.count)))], &rng, &out)
    case .repetition(let n, let min, let max):
      let count = min + Int(rng.below(UInt64(max - min + 1)))
      for _ in 0..<count { walk(n, &rng, &out) }
    }
  }
}
