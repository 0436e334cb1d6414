import Foundation
import ScenarioKit
import ScenarioTestSupport
import Testing

/// Digests, Base64, UUIDs and check digits of 100,000 generated rows against Python's hashlib,
/// base64 and uuid (`Tests/RoundTrip/digests.py`): random UUIDs have their version and variant,
/// no version 4 UUID repeats, a version 7 UUID holds its row's instant, and every `pattern(...)`
/// text fully matches its pattern under Python's `re`.
@Suite("Digest functions against an independent reader")
struct DigestReaderTests {
  static let source = #"""
    scenario digest_reader
    seed 99
    now 2024-06-30T12:00:00

    table values [100000] {
      s = choice { "" 1, "a" 1, "Émile" 1, "東京" 1, "x" 1 } ++ text(uniform_int(0, 1000000)) ++ choice { "" 3, repeat("z", 60) 1 }
      h256 = sha256(s)
      h1 = sha1(s)
      h5 = md5(s)
      b64 = base64(s)
      u5 = uuid_v5("url", s)
      let body = "4" ++ pad_left(text(uniform_int(0, 99999999999999)), 14, "0")
      card = body ++ luhn_digit(body)
      let bban = choice { "WEST" 1, "BARC" 1, "NWBK" 1 } ++ pad_left(text(uniform_int(0, 99999999999999)), 14, "0")
      iban = "GB" ++ mod97_digits(bban ++ "GB") ++ bban
      v4 = uuid_v4()
      at = now - seconds(uniform_int(0, 400000000))
      v7 = uuid_v7(at)
      p_code = pattern(r"[A-Z]{3}-\d{4}")
      p_zip = pattern(r"\d{5}(-\d{4})?")
      p_phone = pattern(r"\(\d{3}\) \d{3}-\d{4}")
      p_mixed = pattern(r"^(foo|ba[rz]){1,3}\.[^a-z ]{2}$")
      p_word = pattern(r"(?:\w{2,4}\s?){1,3}")
      uid = unique_int(1, 100000)
      upat = unique_pattern(r"[A-Z]{3}\d{3}")
      wide = unique_int(-9223372036854775807, 9223372036854775807)
      utext = unique_text(s)
      p_text = pattern(r#"[\t"',;]{0,3}[é東-]x|y"#)
    }
    """#

  @Test("100,000 rows: every digest, UUID and check digit recomputes in Python")
  func readerAgrees() throws {
    try #require(CommandLineTool.exists("python3"), "the reader needs python3 (.ci/run installs it)")
    let program = try Harness.compile(source: Self.source)
    let folder = try TemporaryFolder("digest-reader")
    defer { folder.remove() }
    _ = try ScenarioRunner.run(program, options: RunOptions(outputDirectory: folder.path, format: .csv, threads: 2))
    let result = try CommandLineTool.run(
      "python3", [RepoPaths.absolute("Tests/RoundTrip/digests.py"), folder.file("values.csv")])
    #expect(result.status == 0, "\(result.output)\(result.errors)")
    #expect(result.output.contains("100000 rows, 0 differ"), "\(result.output)")
  }
}
