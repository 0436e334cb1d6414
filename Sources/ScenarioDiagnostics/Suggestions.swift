/// "Did you mean ...?" ranking over the names in scope (Elm's `Suggest.hs`, rustc's
/// `find_best_match_for_name`).
public enum Suggestions {
  /// The candidate the user most likely meant by `name`, or `nil` if none is close enough.
  ///
  /// 1. A candidate equal to `name` ignoring case wins outright (`Rating` for `rating`).
  /// 2. Otherwise each candidate gets a score: the optimal-string-alignment distance between the
  ///    lowercased names, discounted as rustc does when one name nearly contains the other, so that
  ///    `reliablity` still finds `reliability_score` (distance 7, score 1).
  /// 3. A score is accepted if it is at most `max(1, name.count / 3)`, as in rustc; the lowest
  ///    score wins and ties go to the earlier candidate, so callers control the order.
  public static func closest(to name: String, among candidates: [String]) -> String? {
    let lowered = name.lowercased()
    if let exact = candidates.first(where: { $0.lowercased() == lowered }) { return exact }
    let limit = max(1, name.count / 3)
    var best: (name: String, score: Int)?
    for candidate in candidates {
      guard let s = score(lowered, candidate.lowercased(), limit: limit) else { continue }
      if best.map({ s < $0.score }) ?? true { best = (candidate, s) }
    }
    return best?.name
  }

  /// The help text for a misspelt name, `did you mean 'x'?`, or `nil` if nothing is close.
  public static func didYouMean(_ name: String, among candidates: [String]) -> String? {
    closest(to: name, among: candidates).map { "did you mean '\($0)'?" }
  }

  /// Damerau-Levenshtein distance in its optimal-string-alignment form: the fewest insertions,
  /// deletions, substitutions and swaps of two adjacent characters that turn `a` into `b`, where no
  /// substring is edited twice. Compares `Character`s exactly (case-sensitive).
  public static func editDistance(_ a: String, _ b: String) -> Int {
    let s = Array(a)
    let t = Array(b)
    if s.isEmpty { return t.count }
    if t.isEmpty { return s.count }
    // Three rows suffice: the transposition rule looks two rows back.
    var twoBack = [Int](repeating: 0, count: t.count + 1)
    var previous = Array(0...t.count)
    var current = [Int](repeating: 0, count: t.count + 1)
    for i in 1...s.count {
      current[0] = i
      for j in 1...t.count {
        let cost = s[i - 1] == t[j - 1] ? 0 : 1
        var d = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
        if i > 1, j > 1, s[i - 1] == t[j - 2], s[i - 2] == t[j - 1] {
          d = min(d, twoBack[j - 2] + 1)
        }
        current[j] = d
      }
      (twoBack, previous, current) = (previous, current, twoBack)
    }
    return previous[t.count]
  }

  /// rustc's `edit_distance_with_substrings`: the edit distance with the cost of a length
  /// difference mostly forgiven when the lengths are within a factor of two, so a name that is
  /// nearly contained in the other scores low; `nil` when the score exceeds `limit`.
  static func score(_ a: String, _ b: String, limit: Int) -> Int? {
    let n = a.count
    let m = b.count
    let bigLengthDifference = n * 2 < m || m * 2 < n
    let lengthDifference = abs(n - m)
    // The distance is at least the length difference: skip the quadratic work on a name of a
    // megabyte when the answer cannot be within the limit.
    if bigLengthDifference, lengthDifference > limit { return nil }
    let distance = editDistance(a, b)
    // The distance is at least the length difference, so this never goes negative.
    let rest = distance - lengthDifference
    let s: Int
    if bigLengthDifference {
      s = distance
    } else if rest == 0 && lengthDifference > 0 {
      s = 1  // only insertions separate them: close, but not the same name
    } else {
      s = rest + (lengthDifference + 1) / 2
    }
    return s <= limit ? s : nil
  }
}
