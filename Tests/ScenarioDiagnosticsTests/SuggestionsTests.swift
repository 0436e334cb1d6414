import Testing

@testable import ScenarioDiagnostics

/// "Did you mean" ranking.
@Suite struct SuggestionsTests {
  @Test(arguments: [
    ("", "", 0), ("abc", "", 3), ("", "abc", 3), ("abc", "abc", 0),
    ("kitten", "sitting", 3), ("flaw", "lawn", 2),
    // Adjacent swap costs 1 (Damerau); OSA does not edit a substring twice, so "ca" → "abc" is 3.
    ("ab", "ba", 1), ("rating", "ratnig", 1), ("ca", "abc", 3),
    ("é", "e", 1), ("名前", "名", 1), ("Abc", "abc", 1),
  ])
  func editDistance(_ a: String, _ b: String, _ expected: Int) {
    #expect(Suggestions.editDistance(a, b) == expected)
    #expect(Suggestions.editDistance(b, a) == expected)
  }

  @Test(arguments: [
    // Typos within max(1, count / 3).
    ("ratnig", ["rating", "price"], "rating"),
    ("reliablity", ["reliability_score", "rating"], "reliability_score"),
    ("tutor", ["tutors", "sessions"], "tutors"),
    ("sesions", ["students", "sessions"], "sessions"),
    // Case-insensitive equality wins over a closer exact-case candidate.
    ("Rating", ["ratings", "rating"], "rating"),
    ("RATING", ["rating"], "rating"),
    // Ties go to the earlier candidate.
    ("cat", ["bat", "car"], "bat"),
    ("cat", ["car", "bat"], "car"),
    // The lower score wins regardless of order.
    ("price", ["prize_total", "prices"], "prices"),
    // Short names allow one edit.
    ("x", ["y"], "y"),
    ("ab", ["ba"], "ba"),
  ])
  func suggests(_ name: String, _ candidates: [String], _ expected: String) {
    #expect(Suggestions.closest(to: name, among: candidates) == expected)
  }

  @Test(arguments: [
    ("xyz", ["price", "rating"]),
    ("rating", []),
    ("ab", ["cd"]),
    ("abcdef", ["abxyzf"]),
    // A big length difference is not forgiven.
    ("id", ["identifier_of_row"]),
    ("session_count", ["student"]),
  ])
  func noSuggestion(_ name: String, _ candidates: [String]) {
    #expect(Suggestions.closest(to: name, among: candidates) == nil)
  }

  @Test func didYouMeanText() {
    #expect(Suggestions.didYouMean("ratnig", among: ["rating"]) == "did you mean 'rating'?")
    #expect(Suggestions.didYouMean("zzz", among: ["rating"]) == nil)
  }
}
