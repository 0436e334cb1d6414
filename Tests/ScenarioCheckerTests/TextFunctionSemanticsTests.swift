import ScenarioDiagnostics
import ScenarioIR
import Testing

/// The text built-ins of Docs/Values.md, pinned value by value: code points (not grapheme
/// clusters), 1-based positions, exact (unnormalised) matching, the tokenizer, and the text
/// budget.
@Suite("Text built-ins")
struct TextFunctionSemanticsTests {
  typealias CallCase = SemanticsTests.CallCase

  /// "é" as e + COMBINING ACUTE ACCENT: two code points, one grapheme cluster.
  static let decomposed = "e\u{301}"

  static let cases: [CallCase] = [
    // length: code points, as PostgreSQL's and SQLite's length.
    .init(.length, [.text("héllo")], .value(.int(5))),
    .init(.length, [.text("h\(decomposed)llo")], .value(.int(6))),
    .init(.length, [.text("👍🏽")], .value(.int(2))),
    .init(.length, [.text("東京")], .value(.int(2))),
    // trim: White_Space at both ends only.
    .init(.trim, [.text(" \t\u{A0}a b\u{3000}\n")], .value(.text("a b"))),
    .init(.trim, [.text("   ")], .value(.text(""))),
    .init(.trim, [.text("\u{200B}x")], .value(.text("\u{200B}x"))),  // ZERO WIDTH SPACE is not White_Space
    // substring: 1-based, code points, clipped at the end.
    .init(.substring, [.text("abcdef"), .int(2), .int(3)], .value(.text("bcd"))),
    .init(.substring, [.text("abcdef"), .int(4)], .value(.text("def"))),
    .init(.substring, [.text("abc"), .int(3), .int(10)], .value(.text("c"))),
    .init(.substring, [.text("abc"), .int(9), .int(1)], .value(.text(""))),
    .init(.substring, [.text("h\(decomposed)llo"), .int(2), .int(1)], .value(.text("e"))),
    .init(.substring, [.text("abc"), .int(0), .int(1)], .error("counts from 1")),
    .init(.substring, [.text("abc"), .int(1), .int(-1)], .error("must not be negative")),
    // searching: exact code points, no normalisation.
    .init(.contains, [.text("héllo"), .text("h\(decomposed)")], .value(.bool(false))),
    .init(.contains, [.text("abc"), .text("")], .value(.bool(true))),
    .init(.startsWith, [.text("abc"), .text("ab")], .value(.bool(true))),
    .init(.startsWith, [.text("abc"), .text("abcd")], .value(.bool(false))),
    .init(.endsWith, [.text("abc"), .text("bc")], .value(.bool(true))),
    .init(.endsWith, [.text("abc"), .text("")], .value(.bool(true))),
    .init(.indexOf, [.text("héllo wörld"), .text("w")], .value(.int(7))),
    .init(.indexOf, [.text("abc"), .text("z")], .value(.int(0))),
    .init(.indexOf, [.text("abc"), .text("")], .value(.int(1))),
    .init(.countOf, [.text("aaaa"), .text("aa")], .value(.int(2))),  // non-overlapping
    .init(.countOf, [.text("abc"), .text("")], .value(.int(0))),
    .init(.replace, [.text("aaaa"), .text("aa"), .text("b")], .value(.text("bb"))),
    .init(.replace, [.text("abc"), .text(""), .text("x")], .value(.text("abc"))),
    .init(.replace, [.text("a.b.c"), .text("."), .text("::")], .value(.text("a::b::c"))),
    // repeat and join.
    .init(.repeat, [.text("ab"), .int(3)], .value(.text("ababab"))),
    .init(.repeat, [.text("ab"), .int(0)], .value(.text(""))),
    .init(.repeat, [.text("ab"), .int(-1)], .error("at least 0")),
    .init(.join, [.text(", "), .text("a"), .null, .int(3), .float(2.5)], .value(.text("a, 3, 2.5"))),
    .init(.join, [.text("-"), .null, .null], .value(.text(""))),
    .init(.join, [.null, .text("a")], .value(.null)),
    // pad_left / pad_right: any fill, repeated and cut; never truncates the text.
    .init(.padLeft, [.text("7"), .int(3), .text("0")], .value(.text("007"))),
    .init(.padLeft, [.text("7"), .int(4)], .value(.text("   7"))),
    .init(.padRight, [.text("x"), .int(6), .text("ab")], .value(.text("xababa"))),
    .init(.padLeft, [.text("x"), .int(6), .text("é*ü")], .value(.text("é*üé*x"))),
    .init(.padRight, [.text("x"), .int(4), .text("日本")], .value(.text("x日本日"))),
    .init(.padLeft, [.text("42"), .int(14), .text("0")], .value(.text("00000000000042"))),
    .init(.padRight, [.text("héllo"), .int(3), .text("-")], .value(.text("héllo"))),
    .init(.padLeft, [.text("a"), .int(3), .text("")], .error("fill")),
    .init(.padLeft, [.text("a"), .int(-3), .text(" ")], .error("must not be negative")),
    // The tokenizer.
    .init(.wordCount, [.text("Don't stop. It's rock 'n' roll! Now…")], .value(.int(7))),
    .init(.sentenceCount, [.text("Don't stop. It's rock 'n' roll! Now…")], .value(.int(3))),
    .init(.sentenceCount, [.text("Pi is 3.14 or so")], .value(.int(1))),
    .init(.sentenceCount, [.text("Wait... what?! Yes.")], .value(.int(3))),
    .init(.sentenceCount, [.text("东京。大阪！")], .value(.int(2))),
    .init(.sentenceCount, [.text("... !!")], .value(.int(0))),
    .init(.wordCount, [.text("")], .value(.int(0))),
    .init(.wordCount, [.text("well-known x_y 42nd")], .value(.int(5))),
    .init(.wordCount, [.text("caf\(decomposed) naïve")], .value(.int(2))),
    .init(.distinctWordCount, [.text("The cat and the CAT")], .value(.int(3))),
    .init(.meanWordLength, [.text("ab abcd")], .value(.float(3))),
    .init(.meanWordLength, [.text("don't")], .value(.float(5))),
    .init(.meanWordLength, [.text("?!")], .value(.float(0))),
    // format_number: printf's rounding for floats, exact for integers.
    .init(.formatNumber, [.float(1234567.891), .int(2), .text(",")], .value(.text("1,234,567.89"))),
    .init(.formatNumber, [.float(-1234.5), .int(0), .text(".")], .value(.text("-1.234"))),  // half to even: 1234.5 is exact
    .init(.formatNumber, [.float(0.125), .int(2)], .value(.text("0.12"))),
    .init(.formatNumber, [.int(-9223372036854775807), .int(1), .text(" ")], .value(.text("-9 223 372 036 854 775 807.0"))),
    .init(.formatNumber, [.int(999), .int(0), .text(",")], .value(.text("999"))),
    .init(.formatNumber, [.float(1), .int(21)], .error("0 to 20 decimals")),
    .init(.formatNumber, [.float(.infinity), .int(2)], .error("infinity")),
    // Null in, null out (join skips null values).
    .init(.wordCount, [.null], .value(.null)),
    .init(.padLeft, [.text("a"), .null], .value(.null)),
  ]

  @Test("pinned values and errors", arguments: cases)
  func pinned(_ c: CallCase) {
    SemanticsTests.check(SemanticsTests.outcome { () throws(EvalError) in try Semantics.call(c.f, c.args) }, c.expected)
  }

  @Test("functions that grow text stop at the text budget with R0709, before building it")
  func budget() {
    let limit = 100
    let growing: [(Builtin, [Value])] = [
      (.repeat, [.text("abc"), .int(34)]),
      (.repeat, [.text("abc"), .int(Int64.max)]),
      (.padLeft, [.text("a"), .int(101), .text("0")]),
      (.padRight, [.text("a"), .int(Int64.max), .text("ab")]),
      (.join, [.text(","), .text(String(repeating: "x", count: 60)), .text(String(repeating: "y", count: 40))]),
      (.replace, [.text(String(repeating: "a", count: 60)), .text("a"), .text("bb")]),
    ]
    for (f, args) in growing {
      do throws(EvalError) {
        let v = try Semantics.call(f, args, textLimit: limit)
        Issue.record("\(f.rawValue) built \(v) past the budget")
      } catch {
        #expect(error.code == .runtimeTextTooLong, "\(f.rawValue): \(error.message)")
      }
    }
    // Under the budget the same calls work.
    do throws(EvalError) {
      #expect(try Semantics.call(.repeat, [.text("abc"), .int(33)], textLimit: limit) == .text(String(repeating: "abc", count: 33)))
      #expect(try Semantics.call(.padLeft, [.text("a"), .int(100), .text("0")], textLimit: limit) == .text(String(repeating: "0", count: 99) + "a"))
    } catch {
      Issue.record("under the budget: \(error.message)")
    }
    // upper can grow a text (ß is one letter, SS two): over the budget it is R0709 too.
    do throws(EvalError) {
      _ = try Semantics.call(.upper, [.text(String(repeating: "ß", count: 40))], textLimit: 79)
      Issue.record("upper built a text past the budget")
    } catch {
      #expect(error.code == .runtimeTextTooLong)
    }
  }
}
