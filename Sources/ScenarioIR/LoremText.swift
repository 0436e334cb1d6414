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

  /// For the draw `u` in `[b / 4096, (b + 1) / 4096)`, the rank lies in `buckets[b]`: from the
  /// first rank whose cumulative weight is above `b / 4096` to the first above `(b + 1) / 4096`.
  /// (`u * 4096` is exact, so its integer part is `b`.)
  static let buckets: [(low: Int32, high: Int32)] = (0..<4096).map { b in
    func first(above x: Double) -> Int32 {
      Int32(cumulative.firstIndex { $0 > x } ?? cumulative.count - 1)
    }
    return (first(above: Double(b) / 4096), first(above: Double(b + 1) / 4096))
  }

  /// The rank (index into `vocabulary`) of the next word: the first rank whose cumulative
  /// weight is above the draw, searched within the draw's bucket (the same rank as the
  /// binary search over all ranks in `word`).
  @inline(__always)
  static func wordIndex(
    _ rng: inout SplitMix64, _ cumulative: UnsafeBufferPointer<Double>,
    _ buckets: UnsafeBufferPointer<(low: Int32, high: Int32)>
  ) -> Int {
    let u = Double(rng.next() >> 11) * 0x1.0p-53
    let bucket = buckets[Int(u * 4096)]
    var low = Int(bucket.low)
    var high = Int(bucket.high)
    while low < high {
      let mid = (low + high) / 2
      if cumulative[mid] > u { high = mid } else { low = mid + 1 }
    }
    return low
  }

  /// The next word, by a binary search over all ranks (the reference of `wordIndex`).
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

  /// The vocabulary's UTF-8 bytes, end to end: word `k` is `bytes[offsets[k] ..< offsets[k + 1]]`,
  /// and its capitalised form (the first character uppercased, as `sentence` writes it)
  /// `capitalBytes[capitalOffsets[k] ..< capitalOffsets[k + 1]]`.
  struct Spelling {
    var bytes: [UInt8] = []
    var offsets: [Int] = [0]
    var capitalBytes: [UInt8] = []
    var capitalOffsets: [Int] = [0]

    init(_ words: [String]) {
      for w in words {
        bytes.append(contentsOf: w.utf8)
        offsets.append(bytes.count)
        capitalBytes.append(contentsOf: (w.prefix(1).uppercased() + w.dropFirst()).utf8)
        capitalOffsets.append(capitalBytes.count)
      }
    }
  }

  static let spelling = Spelling(vocabulary)

  /// Writes the generated text: `draw` fills `ranks` with word ranks and returns how many it
  /// drew; the words are written by `write` into a text of `capacity(ranks, count)` bytes.
  /// `finish(n, writer)` makes the result from the text's byte count and its writer (a
  /// `String`, or bytes appended to an arena).
  @inline(__always)
  static func generate<R>(
    maxWords: Int,
    _ draw: (UnsafeMutableBufferPointer<Int>, UnsafeBufferPointer<Double>, UnsafeBufferPointer<(low: Int32, high: Int32)>) -> Int,
    _ write: (UnsafeBufferPointer<Int>, UnsafeMutableBufferPointer<UInt8>, Spelling) -> Int,
    _ capacity: (UnsafeBufferPointer<Int>, Spelling) -> Int,
    _ finish: (Int, (UnsafeMutableBufferPointer<UInt8>) -> Int) -> R
  ) -> R {
    withUnsafeTemporaryAllocation(of: Int.self, capacity: max(1, maxWords)) { ranks in
      let count = cumulative.withUnsafeBufferPointer { c in buckets.withUnsafeBufferPointer { draw(ranks, c, $0) } }
      let drawn = UnsafeBufferPointer(rebasing: ranks[0..<count])
      let spelling = Self.spelling
      return withoutActuallyEscaping(write) { write in finish(capacity(drawn, spelling)) { out in write(drawn, out, spelling) } }
    }
  }

  /// A `String` from `generate`.
  static func asString(_ capacity: Int, _ write: (UnsafeMutableBufferPointer<UInt8>) -> Int) -> String {
    makeText(capacity: capacity, write)
  }

  /// Copies `bytes[from ..< to]` to `out[at...]`.
  @inline(__always)
  static func copy(_ bytes: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int, _ out: UnsafeMutableBufferPointer<UInt8>, _ at: inout Int) {
    let n = to - from
    precondition(from >= 0 && n >= 0 && to <= bytes.count && at >= 0 && at + n <= out.count, "word copied out of range")
    if n > 0 { copyBytes(bytes.baseAddress! + from, out.baseAddress! + at, n) }
    at += n
  }

  /// `n` words separated by single spaces.
  public static func words(_ n: Int, seed: UInt64) -> String {
    guard n > 0 else { return "" }
    return words(n, seed: seed, asString)
  }

  static func words<R>(_ n: Int, seed: UInt64, _ finish: (Int, (UnsafeMutableBufferPointer<UInt8>) -> Int) -> R) -> R {
    var rng = SplitMix64(seed)
    return generate(
      maxWords: n,
      { ranks, cumulative, buckets in
        for k in 0..<n { ranks[k] = wordIndex(&rng, cumulative, buckets) }
        return n
      },
      { ranks, out, spelling in
        spelling.bytes.withUnsafeBufferPointer { bytes in
          spelling.offsets.withUnsafeBufferPointer { offsets in
            var at = 0
            for k in 0..<ranks.count {
              if k > 0 {
                out[at] = 0x20
                at += 1
              }
              copy(bytes, offsets[ranks[k]], offsets[ranks[k] + 1], out, &at)
            }
            return at
          }
        }
      },
      { ranks, spelling in
        var total = ranks.count - 1
        for r in ranks { total += spelling.offsets[r + 1] - spelling.offsets[r] }
        return total
      }, finish)
  }

  /// Writes sentences: `ranks` holds, for each sentence, its number of words then their ranks;
  /// sentences are separated by single spaces.
  static func writeSentences(
    _ ranks: UnsafeBufferPointer<Int>, _ out: UnsafeMutableBufferPointer<UInt8>, _ spelling: Spelling
  ) -> Int {
    spelling.bytes.withUnsafeBufferPointer { bytes in
      spelling.offsets.withUnsafeBufferPointer { offsets in
        spelling.capitalBytes.withUnsafeBufferPointer { capitals in
          spelling.capitalOffsets.withUnsafeBufferPointer { capitalOffsets in
            var at = 0
            var i = 0
            while i < ranks.count {
              if i > 0 {
                out[at] = 0x20
                at += 1
              }
              let m = ranks[i]
              let first = ranks[i + 1]
              copy(capitals, capitalOffsets[first], capitalOffsets[first + 1], out, &at)
              for k in 1..<m {
                out[at] = 0x20
                at += 1
                let r = ranks[i + 1 + k]
                copy(bytes, offsets[r], offsets[r + 1], out, &at)
              }
              out[at] = UInt8(ascii: ".")
              at += 1
              i += 1 + m
            }
            return at
          }
        }
      }
    }
  }

  /// The length in bytes of the sentences `writeSentences` writes.
  static func sentencesLength(_ ranks: UnsafeBufferPointer<Int>, _ spelling: Spelling) -> Int {
    var total = 0
    var i = 0
    while i < ranks.count {
      if i > 0 { total += 1 }
      let m = ranks[i]
      let first = ranks[i + 1]
      total += spelling.capitalOffsets[first + 1] - spelling.capitalOffsets[first]
      for k in 1..<m {
        let r = ranks[i + 1 + k]
        total += 1 + spelling.offsets[r + 1] - spelling.offsets[r]
      }
      total += 1
      i += 1 + m
    }
    return total
  }

  /// `n` words, the first capitalised, ending with a full stop.
  public static func sentence(_ n: Int, seed: UInt64) -> String {
    guard n > 0 else { return "" }
    return sentence(n, seed: seed, asString)
  }

  static func sentence<R>(_ n: Int, seed: UInt64, _ finish: (Int, (UnsafeMutableBufferPointer<UInt8>) -> Int) -> R) -> R {
    var rng = SplitMix64(seed)
    return generate(
      maxWords: n + 1,
      { ranks, cumulative, buckets in
        ranks[0] = n
        for k in 0..<n { ranks[1 + k] = wordIndex(&rng, cumulative, buckets) }
        return n + 1
      }, writeSentences, sentencesLength, finish)
  }

  /// `n` sentences of 4 to 14 words each (uniform), separated by single spaces.
  public static func paragraph(_ n: Int, seed: UInt64) -> String {
    guard n > 0 else { return "" }
    return paragraph(n, seed: seed, asString)
  }

  static func paragraph<R>(_ n: Int, seed: UInt64, _ finish: (Int, (UnsafeMutableBufferPointer<UInt8>) -> Int) -> R) -> R {
    var rng = SplitMix64(seed)
    return generate(
      maxWords: n * 15,
      { ranks, cumulative, buckets in
        var at = 0
        for _ in 0..<n {
          let m = 4 + Int(rng.below(11))
          ranks[at] = m
          for k in 0..<m { ranks[at + 1 + k] = wordIndex(&rng, cumulative, buckets) }
          at += 1 + m
        }
        return at
      }, writeSentences, sentencesLength, finish)
  }

  // MARK: Reference forms

  /// The reference forms of `words`, `sentence` and `paragraph` (strings joined), which the
  /// tests compare them with.
  static func referenceWords(_ n: Int, seed: UInt64) -> String {
    var rng = SplitMix64(seed)
    return (0..<n).map { _ in word(&rng) }.joined(separator: " ")
  }

  static func referenceSentence(_ n: Int, _ rng: inout SplitMix64) -> String {
    guard n > 0 else { return "" }
    var words = (0..<n).map { _ in word(&rng) }
    words[0] = words[0].prefix(1).uppercased() + words[0].dropFirst()
    return words.joined(separator: " ") + "."
  }

  static func referenceSentence(_ n: Int, seed: UInt64) -> String {
    var rng = SplitMix64(seed)
    return referenceSentence(n, &rng)
  }

  static func referenceParagraph(_ n: Int, seed: UInt64) -> String {
    var rng = SplitMix64(seed)
    return (0..<n).map { _ in referenceSentence(4 + Int(rng.below(11)), &rng) }.joined(separator: " ")
  }
}
