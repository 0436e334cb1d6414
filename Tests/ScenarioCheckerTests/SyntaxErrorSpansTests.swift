import ScenarioDiagnostics
import Testing

@testable import ScenarioKit

/// `SyntaxErrorSpans` answers "does this checker diagnostic sit on a syntax error?" in O(log n).
/// It must give exactly the answer of the direct definition: the ranges intersect, or they start
/// at the same byte.
@Suite("Follow-on errors after syntax errors")
struct SyntaxErrorSpansTests {
  static func direct(_ d: SourceSpan, _ spans: [SourceSpan]) -> Bool {
    spans.contains { s in
      s.file == d.file && ((d.start < s.end && s.start < d.end) || d.start == s.start)
    }
  }

  @Test("the binary search agrees with the direct definition on random spans, empty ones included")
  func agreesWithDirectDefinition() {
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    func next(_ bound: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((state >> 33) % UInt64(bound))
    }
    for _ in 0..<300 {
      let spans = (0..<next(12)).map { _ in
        let start = next(60)
        return SourceSpan(file: next(2), start: start, end: start + next(3) * next(8))
      }
      let index = SyntaxErrorSpans(spans)
      for _ in 0..<40 {
        let start = next(70)
        let probe = SourceSpan(file: next(2), start: start, end: start + next(2) * next(10))
        #expect(index.overlaps(probe) == Self.direct(probe, spans), "\(probe) against \(spans)")
      }
    }
  }

  @Test("no syntax errors: nothing overlaps")
  func empty() {
    #expect(!SyntaxErrorSpans([]).overlaps(SourceSpan(start: 0, end: 5)))
  }
}
