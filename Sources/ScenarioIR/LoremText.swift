import Foundation

/// The sentence and paragraph generator behind `words(n)`, `sentence(n)` and `paragraph(n)`
/// (Docs/Values.md, "Generated text"): words drawn from a fixed Latin vocabulary (the lorem ipsum
/// passage of Cicero's *De finibus* 1.10.32-33, public domain) with Zipf-like frequencies, the
/// word of rank k having weight 1/k. Each row's text comes from one keyed 63-bit draw through
/// SplitMix64, so it is reproducible and the same in both engines. Every generated word is a word
/// of the documented tokenizer and every sentence ends with ". ", so `word_count(sentence(n))`
/// is `n` and `sentence_count(paragraph(n))` is `n`.
public enum LoremText {
  /// The vocabulary, most frequent first.
  public static let vocabulary: [String] = """
    et in ut sed non est quia dolor ipsum quis enim qui aut vel amet sit dolore magna aliqua \
    minim veniam nostrud exercitation ullamco laboris nisi aliquip ex ea commodo consequat \
    duis aute irure reprehenderit voluptate velit esse cillum eu fugiat nulla pariatur \
    excepteur sint occaecat cupidatat proident sunt culpa officia deserunt mollit anim id \
    laborum lorem consectetur adipiscing elit do eiusmod tempor incididunt labore perspiciatis \
    unde omnis iste natus error voluptatem accusantium doloremque laudantium totam rem aperiam \
    eaque ipsa quae ab illo inventore veritatis quasi architecto beatae vitae dicta explicabo \
    nemo ipsam voluptas aspernatur odit fugit consequuntur magni dolores eos ratione sequi \
    nesciunt neque porro quisquam dolorem adipisci numquam eius modi tempora incidunt \
    magnam quaerat ad minima nostrum exercitationem ullam corporis suscipit laboriosam \
    aliquid commodi consequatur autem eum iure quam nihil molestiae illum fugiat quo \
    voluptas nulla pariatur at vero accusamus iusto odio dignissimos ducimus blanditiis \
    praesentium deleniti atque corrupti quos quas molestias excepturi occaecati cupiditate \
    similique mollitia animi dolorum fuga harum quidem rerum facilis expedita distinctio nam \
    libero tempore cum soluta nobis eligendi optio cumque impedit minus maxime placeat facere \
    possimus assumenda repellendus temporibus quibusdam officiis debitis necessitatibus saepe \
    eveniet voluptates repudiandae recusandae itaque earum hic tenetur sapiente delectus \
    reiciendis voluptatibus maiores alias perferendis doloribus asperiores repellat
    """.split(separator: " ").reduce(into: [String]()) { words, w in
      let word = String(w).trimmingCharacters(in: .whitespacesAndNewlines)
      if !word.isEmpty && !words.contains(word) { words.append(word) }
    }

  /// Cumulative Zipf weights (1/k for rank k), normalised to 1.
  static let cumulative: [Double] = {
    var sums: [Double] = []
    var total = 0.0
    for k in 1...vocabulary.count {
      total += 1.0 / Double(k)
      sums.append(total)
    }
    return sums.map { $0 / total }
  }()

  /// The most words `words` and `sentence` write, and sentences `paragraph` writes.
  public static let maxCount: Int64 = 10_000

  static func word(_ rng: inout SplitMix64) -> String {
    let u = Double(rng.next() >> 11) * 0x1.0p-53
    var low = 0
    var high = cumulative.count - 1
    while low < high {
      let mid = (low + high) / 2
      if cumulative[mid] > u { high = mid } else { low = mid + 1 }
    }
    return vocabulary[low]
  }

  /// `n` words separated by single spaces.
  public static func words(_ n: Int, seed: UInt64) -> String {
    var rng = SplitMix64(seed)
    return (0..<n).map { _ in word(&rng) }.joined(separator: " ")
  }

  static func sentence(_ n: Int, _ rng: inout SplitMix64) -> String {
    guard n > 0 else { return "" }
    var words = (0..<n).map { _ in word(&rng) }
    words[0] = words[0].prefix(1).uppercased() + words[0].dropFirst()
    return words.joined(separator: " ") + "."
  }

  /// `n` words, the first capitalised, ending with a full stop.
  public static func sentence(_ n: Int, seed: UInt64) -> String {
    var rng = SplitMix64(seed)
    return sentence(n, &rng)
  }

  /// `n` sentences of 4 to 14 words each (uniform), separated by single spaces.
  public static func paragraph(_ n: Int, seed: UInt64) -> String {
    var rng = SplitMix64(seed)
    return (0..<n).map { _ in sentence(4 + Int(rng.below(11)), &rng) }.joined(separator: " ")
  }
}
