import Foundation
import ScenarioDiagnostics
import ScenarioKit
import Testing

/// The text built-ins in both engines: the column-wise engine gives the row interpreter's bytes
/// with nulls in every argument position, at every chunk size; a failure is reported the same
/// way by both; constant arguments that can never work are compile errors.
@Suite("Text functions in the engines")
struct TextFunctionEngineTests {
  static let source = #"""
    scenario text_engines
    seed 7
    table t [3000] {
      s: text? = bernoulli(10%) ? null : choice { "  Ada Lovelace " 1, "Grace Hopper" 1, "Émile Zola" 1, "e\u{301}te\u{301}. Ok!" 1, "東京。大阪" 1, "" 1 }
      needle: text? = bernoulli(10%) ? null : choice { "a" 1, "e" 1, "" 1, "Zola" 1, "。" 1 }
      k: int? = bernoulli(10%) ? null : uniform_int(1, 9)
      w = uniform_int(0, 12)
      x: float? = bernoulli(10%) ? null : normal(0, 1000)
      d = uniform_int(0, 4)
      a: int? = length(s)
      b: text? = trim(s)
      c: text? = upper(s) ++ lower(s)
      e: text? = substring(s, coalesce(k, 1), w)
      f: text? = substring(s, 2)
      g: text? = replace(s, needle, "<>")
      h: bool? = contains(s, needle)
      i: bool? = starts_with(s, needle) or ends_with(s, needle)
      j: int? = index_of(s, needle)
      l: int? = count_of(s, needle)
      m: text? = repeat(needle, w)
      n = join("/", s, needle, k, x)
      o: text? = pad_left(s, w, needle ++ "*")
      p: text? = pad_right(s, w)
      q: int? = word_count(s) + sentence_count(s) + distinct_word_count(s)
      r: float? = mean_word_length(s)
      u: text? = format_number(x, d, ",")
      v: text? = format_number(k, d)
      z = format_number(row, 0, "'")
      fx: text? = format_number(x, 2, ",")
      fy: text? = format_number(x * 1e12, 0, "\u{2009}")
      fz: text? = format_number(x / 7, 19, ",")
      f20: text? = format_number(x / 7, 20, ",")
      fk: text? = format_number(k * 100000, 3, "\u{A0}")
      big = format_number(row * 1000003, 1)
      prose: text? = k is null ? null : paragraph(k) ++ " " ++ sentence(w) ++ " " ++ words(3)
      tpl: text? = t"{s} has {word_count(s)} {choice { "words" 2, "tokens" 1 }}; {{k}} = {k}"
      ik: text? = k ++ "/" ++ (row - 1500) ++ needle
      two: text? = needle ++ k
    }
    """#

  @Test("the column-wise engine gives the row interpreter's bytes", arguments: [1, 7, 2048])
  func enginesAgree(chunkSize: Int) throws {
    let program = try EngineFixture.compile(Self.source)
    let rows = try EngineFixture.run(program, chunkSize: chunkSize, columnWise: false)
    let columns = try EngineFixture.run(program, threads: 2, chunkSize: chunkSize)
    #expect(rows.files["t.csv"] == columns.files["t.csv"], "t.csv differs at chunk size \(chunkSize)")
    let t = try #require(columns.tables["t"])
    // Nulls and values in the results, so the comparison covers both.
    for name in ["a", "g", "m", "o", "u", "fx", "fk", "fy", "fz", "f20", "tpl", "ik", "two"] {
      #expect(t.column(name).contains(nil) && t.column(name).contains { $0 != nil }, "\(name)")
    }
  }

  /// The same functions on texts the column-wise engine holds as bytes (`++`, pack draws,
  /// `text` of integers), where they take their byte paths, not the dictionary or per-row ones.
  static let bytesSource = #"""
    scenario text_bytes
    seed 11
    table t [3000] {
      base: text? = bernoulli(10%) ? null : choice { "  Ada Lovelace " 1, "Grace Hopper" 1, "Émile Zola" 1, "e\u{301}te\u{301}. Ok!" 1, "東京。大阪" 1, "" 1, "a,b \"c\"" 1 }
      s: text? = base ++ choice { "" 1, " x" 1, "\u{A0}" 1, "\t" 1 }
      needle: text? = bernoulli(10%) ? null : choice { "a" 1, "e" 1, "" 1, "Zola" 1, "。" 1 } ++ ""
      k: int? = bernoulli(10%) ? null : uniform_int(-3, 9)
      w = uniform_int(0, 12)
      a: int? = length(s)
      b: text? = trim(s)
      c: text? = upper(s) ++ "|" ++ lower(s)
      h: bool? = contains(s, needle)
      i: bool? = starts_with(s, needle) or ends_with(s, needle)
      j: int? = index_of(s, needle)
      l: int? = count_of(s, needle)
      m: text? = repeat(s, w % 3)
      n = join("/", s, needle, text(k), s)
      sepjoin: text? = join(needle, s, k, s)
      city: text? = region("de_DE", choice { "Köln" 1, "Ko\u{308}ln" 1, "Berlin" 1, "Atlantis" 1 } ++ "")
      o: text? = pad_left(s, w, "é*")
      p: text? = pad_right(s, w)
      q: int? = word_count(s) + sentence_count(s) + distinct_word_count(s)
      r: float(3)? = mean_word_length(s)
      # The counts of s once more: for some rows only, and through coalesce (s's bytes without
      # its nulls); the column-wise engine counts each text once for all of them.
      some: int? = bernoulli(50%) ? sentence_count(s) : null
      all = word_count(coalesce(s, "")) + sentence_count(coalesce(s, ""))
      digests: text? = sha256(s) ++ sha1(s) ++ md5(s)
      luhn: text? = luhn_digit(choice { "7992739871" 1, "4" 1, "0" 1, "00012" 1 } ++ text(w)) ++ needle
      iban: text? = mod97_digits(choice { "WEST123" 1, "0" 1, "Z" 1 } ++ text(w)) ++ needle
      b64: text? = base64(s)
      sub1: text? = substring(s, 1 + w % 5, w % 4)
      sub2: text? = substring(s, w + 1)
      rep1: text? = replace(s, needle, "<>")
      rep2: text? = replace(s ++ "aaa", "aa", "é")
      chain: text? = s ++ "-" ++ needle ++ text(k) ++ "|" ++ (bernoulli(50%) ? s : needle)
      u5: text? = uuid_v5("url", s)
      u5id: text? = uuid_v5("6ba7b811-9dad-11d1-80b4-00c04fd430c8", s)
      tk: text? = text(k)
      code = pattern(r"[A-Z]{2}(é|\d){1,3}")
      first = coalesce(needle, s, "none")
    }
    """#

  @Test("texts held as bytes: the column-wise engine gives the row interpreter's bytes", arguments: [1, 7, 2048])
  func bytesAgree(chunkSize: Int) throws {
    let program = try EngineFixture.compile(Self.bytesSource)
    let rows = try EngineFixture.run(program, chunkSize: chunkSize, columnWise: false)
    let columns = try EngineFixture.run(program, threads: 2, chunkSize: chunkSize)
    #expect(rows.files["t.csv"] == columns.files["t.csv"], "t.csv differs at chunk size \(chunkSize)")
    let t = try #require(columns.tables["t"])
    for name in ["a", "b", "c", "h", "j", "o", "digests", "tk", "first", "sepjoin", "city", "luhn", "iban", "b64", "u5", "u5id", "sub1", "sub2", "rep1", "rep2", "chain"] {
      #expect(t.column(name).contains { $0 != nil }, "\(name) has values")
    }
    for name in ["a", "b", "h", "o", "digests", "tk", "sepjoin", "city"] {
      #expect(t.column(name).contains(nil), "\(name) has nulls")
    }
    // A city in another normalisation form is the same city (Köln is in Nordrhein-Westfalen).
    let regions = Set(t.column("city").compactMap { $0 })
    #expect(regions == ["Nordrhein-Westfalen", "Berlin"], "\(regions)")
  }

  @Test("a check digit of a text that is not digits, a substring from 0 or of negative length, a version 7 UUID before 1970: the same run-time error from both engines", arguments: [
    (#"luhn_digit(choice { "12" 9, "1a" 1 })"#, "decimal digits"), (#"mod97_digits(choice { "AB12" 9, "ab12" 1 })"#, "capital letters"),
    (#"substring("abc", choice { 1 9, 0 1 })"#, "counts from 1"), (#"substring("abc", 1, choice { 2 9, -1 1 })"#, "must not be negative"),
    ("uuid_v7(choice { 2024-01-01T00:00:00 9, 1969-12-31T23:59:59 1 })", "1970"),
  ])
  func valueFunctionErrors(_ expression: String, _ fragment: String) throws {
    let program = try EngineFixture.compile("scenario bad_values\nseed 1\ntable t [60] {\n  x = \(expression)\n}\n")
    let diagnostics = try EngineFixture.diagnostics(
      program, settings: [(columnWise: false, sparseParents: false), (columnWise: true, sparseParents: true)])
    #expect(diagnostics.count == 2 && diagnostics.first?.code == diagnostics.last?.code, "\(diagnostics)")
    #expect(diagnostics.first?.message == diagnostics.last?.message, "\(diagnostics)")
    #expect(diagnostics.first?.message.contains(fragment) == true, "\(diagnostics)")
  }

  @Test("a country code that equals one only as a String (KELVIN SIGN for K) names the same country in both engines")
  func countryCodeEquivalence() throws {
    let source = #"""
      scenario kelvin
      seed 3
      table t [200] {
        code = choice { "KE" 1, "\u{212A}E" 1 } ++ ""
        name = country_name(code)
        three = country_code3(code)
      }
      """#
    let program = try EngineFixture.compile(source)
    let rows = try EngineFixture.run(program, columnWise: false)
    let columns = try EngineFixture.run(program, threads: 2, chunkSize: 7)
    #expect(rows.files["t.csv"] == columns.files["t.csv"])
    let t = try #require(columns.tables["t"])
    #expect(Set(t.values("name")) == ["Kenya"] && Set(t.values("three")) == ["KEN"], "\(Set(t.values("name")))")
    // Both spellings were drawn (a Set of Strings would merge them: compare the file's bytes).
    let file = try #require(columns.files["t.csv"])
    #expect(file.firstRange(of: [0xE2, 0x84, 0xAA]) != nil, "no KELVIN SIGN drawn")
  }

  @Test("random UUIDs, patterns and unique values: the same bytes in both engines, at any thread count and chunk size, and no UUID repeats")
  func randomUUIDs() throws {
    let source = """
      scenario uuids
      seed 5
      now 2024-06-30T00:00:00
      table t [4000] {
        id = uuid_v4()
        at: datetime? = bernoulli(10%) ? null : now - seconds(uniform_int(0, 10000000))
        ordered: text? = uuid_v7(at)
        daily: text? = uuid_v7(date(at))
        other = uuid_v4()
        code = pattern(r"[A-Z]{2,3}-\\d{4}(-[a-f0-9]{2})?")
        nested = pattern(r"(x|y(z|w){1,3}){2}")
        uid = unique_int(1, 4000)
        upat = unique_pattern(r"[A-Zé]{2}\\d{3}")
        base = choice { "ann" 1, "ann1" 1, "bob" 1 }
        handle = unique_text(base)
        wide: text? = unique_text(bernoulli(5%) ? null : base, 6)
      }
      """
    let program = try EngineFixture.compile(source)
    let reference = try EngineFixture.run(program, chunkSize: 4096, columnWise: false)
    for (threads, chunk) in [(1, 1), (2, 7), (2, 2048)] {
      let run = try EngineFixture.run(program, threads: threads, chunkSize: chunk)
      #expect(run.files["t.csv"] == reference.files["t.csv"], "threads \(threads), chunk \(chunk)")
    }
    let t = try #require(reference.tables["t"])
    let ids = t.values("id") + t.values("other")
    #expect(Set(ids).count == 8000, "a version 4 UUID repeats")
    #expect(t.column("ordered").contains(nil))
    #expect(t.ints("uid").sorted() == Array(1...4000), "unique_int(1, 4000) over 4000 rows is a permutation")
    #expect(Set(t.values("upat")).count == 4000, "a unique_pattern value repeats")
    #expect(t.values("upat").contains { $0.contains("é") })
    let handles = t.values("handle")
    #expect(Set(handles).count == 4000, "a unique_text value repeats")
    let suffixes = zip(handles, t.values("base")).map { h, b in String(h.dropFirst(b.count)) }
    #expect(suffixes.allSatisfy { $0.count == 4 && $0.allSatisfy(\.isNumber) }, "4000 rows take 4-digit suffixes")
    #expect(Set(suffixes).count == 4000, "the suffixes alone are unique")
    let wide = t.column("wide")
    #expect(wide.contains(nil) && Set(wide.compactMap { $0 }).count == wide.compactMap { $0 }.count)
    #expect(wide.compactMap { $0 }.allSatisfy { $0.suffix(6).allSatisfy(\.isNumber) })
  }

  @Test("a count that fails at run time is the same R0701 from both engines")
  func runtimeFailureAgrees() throws {
    let source = """
      scenario failing
      seed 1
      table t [50] {
        n = uniform_int(-1, 3)
        s = repeat("ab", n)
      }
      """
    let program = try EngineFixture.compile(source)
    let diagnostics = try EngineFixture.diagnostics(
      program, settings: [(columnWise: false, sparseParents: false), (columnWise: true, sparseParents: true)])
    #expect(diagnostics.count == 2)
    #expect(diagnostics.map(\.code) == [.runtimeInvalidParameter, .runtimeInvalidParameter])
    #expect(diagnostics.first?.message == diagnostics.last?.message)
    #expect(diagnostics.first?.message.contains("at least 0") == true, "\(diagnostics)")
  }

  @Test("repeat past the text budget is R0709 at the call")
  func budget() throws {
    let source = """
      scenario big
      seed 1
      table t [3] {
        n = 400000 + row
        s = repeat("abc", n)
      }
      """
    let failure = try EngineFixture.failure(source)
    #expect(failure.diagnostic?.code == .runtimeTextTooLong, "\(String(describing: failure.diagnostic))")
    #expect(failure.diagnostic?.message.contains("1048576") == true || failure.diagnostic?.message.contains("1 MiB") == true)
  }

  @Test("constant arguments that can never work are compile errors (E0509), constant calls are folded")
  func constantArguments() {
    let bad: [(String, String)] = [
      ("repeat(name, -1)", "argument 2 of 'repeat' must be at least 0, found -1"),
      ("substring(name, 0, 2)", "argument 2 of 'substring' counts from 1, found 0"),
      ("substring(name, 1, -2)", "argument 3 of 'substring' must not be negative, found -2"),
      ("pad_left(name, -3)", "argument 2 of 'pad_left' must not be negative, found -3"),
      ("pad_right(name, 8, \"\")", "argument 3 of 'pad_right' must not be empty"),
      ("format_number(row, 21)", "argument 2 of 'format_number' must be from 0 to 20 (decimals), found 21"),
      ("repeat(\"x\", 2000000)", "the text would be 2000000 bytes long"),
      ("substring(\"abc\", 0)", "counts from 1"),
    ]
    for (call, message) in bad {
      let source = "scenario c\nseed 1\ntable t [3] {\n  name = choice { \"a\" 1, \"b\" 1 }\n  x = \(call)\n}\n"
      let result = ScenarioCompiler.compile(source: source, path: "c.scenario")
      let errors = result.diagnostics.filter { $0.severity == .error }
      #expect(errors.count == 1, "\(call): \(errors.map(\.message))")
      #expect(errors.first?.code == .invalidConstant, "\(call): \(errors.map(\.code))")
      #expect(errors.first?.message.contains(message) == true, "\(call): \(errors.map(\.message))")
    }
    let wrongTypes: [(String, DiagnosticCode)] = [
      ("repeat(3, 2)", .argumentTypeMismatch),
      ("word_count(row)", .argumentTypeMismatch),
      ("format_number(\"1\", 2)", .argumentTypeMismatch),
      ("join(1, name)", .argumentTypeMismatch),
      ("replace(name, \"a\")", .wrongArgumentCount),
      ("trim(name, name)", .wrongArgumentCount),
    ]
    for (call, code) in wrongTypes {
      let source = "scenario c\nseed 1\ntable t [3] {\n  name = choice { \"a\" 1, \"b\" 1 }\n  x = \(call)\n}\n"
      let errors = ScenarioCompiler.compile(source: source, path: "c.scenario").diagnostics.filter { $0.severity == .error }
      #expect(errors.map(\.code) == [code], "\(call): \(errors.map(\.message))")
    }
  }
}
