import ScenarioIR
import Testing

/// The generated text of `words`, `sentence` and `paragraph`: lengths the tokenizer agrees
/// with, Zipf-like word frequencies, and reproducibility.
@Suite("Generated text")
struct LoremTextTests {
  static func counts(_ text: String) -> TextTokenizer.Counts { TextTokenizer.counts(text) }

  @Test("word_count(sentence(n)) is n, sentence_count(paragraph(n)) is n, words(n) has n words")
  func lengths() {
    for seed: UInt64 in [1, 2, 99, .max] {
      for n in 0...40 {
        #expect(Self.counts(LoremText.words(n, seed: seed)).words == n)
        let s = LoremText.sentence(n, seed: seed)
        #expect(Self.counts(s).words == n)
        #expect(Self.counts(s).sentences == (n > 0 ? 1 : 0))
        #expect(n == 0 || (s.first?.isUppercase == true && s.hasSuffix(".")), "\(s)")
        let p = LoremText.paragraph(n, seed: seed)
        #expect(Self.counts(p).sentences == n, "\(p)")
        let words = Self.counts(p).words
        #expect(words >= 4 * n && words <= 14 * n)
      }
    }
  }

  @Test("the vocabulary has no repeats and every entry is one word of the tokenizer")
  func vocabulary() {
    #expect(Set(LoremText.vocabulary).count == LoremText.vocabulary.count)
    #expect(LoremText.vocabulary.count == 205, "\(LoremText.vocabulary.count) words (Values.md says 205)")
    for w in LoremText.vocabulary { #expect(Self.counts(w).words == 1, "\(w)") }
  }

  @Test("Zipf-like: the word of rank k is drawn about 1/k as often as the first (5 sigma bands)")
  func zipf() {
    let text = LoremText.words(200_000, seed: 7)
    var counts: [Substring: Int] = [:]
    for w in text.split(separator: " ") { counts[w, default: 0] += 1 }
    let total = 200_000.0
    let harmonic = (1...LoremText.vocabulary.count).reduce(0.0) { $0 + 1 / Double($1) }
    for k in [1, 2, 3, 10, 50] {
      let p = 1 / (Double(k) * harmonic)
      let k0 = Double(counts[Substring(LoremText.vocabulary[k - 1])] ?? 0)
      let sigma = (total * p * (1 - p)).squareRoot()
      #expect(abs(k0 - total * p) <= 5 * sigma, "rank \(k): \(k0) draws, expected \(total * p)")
    }
  }

  @Test("the same seed gives the same text")
  func reproducible() {
    #expect(LoremText.paragraph(3, seed: 5) == LoremText.paragraph(3, seed: 5))
    #expect(LoremText.paragraph(3, seed: 5) != LoremText.paragraph(3, seed: 6))
  }
}
