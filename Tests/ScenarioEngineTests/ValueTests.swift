import Foundation
import Testing

/// Values as written: clamp versus truncate, nulls, dates and durations.
@Suite("Written values")
struct ValueTests {
  @Test("clamp piles values up at the bounds; truncate never does")
  func clampVersusTruncate() throws {
    let t = try EngineFixture.run(
      """
      scenario bounds
      seed 21
      table t [5000] {
        c = normal(0, 1) clamp -0.5..0.5
        tr = normal(0, 1) truncate -0.5..0.5
        ci = round(normal(1, 3)) clamp 0..2
        ti = poisson(4) truncate 2..5
        tu = uniform_int(0, 100) truncate 10..20
      }
      """
    ).table("t")
    let n = 5000
    let c = t.doubles("c")
    #expect(c.allSatisfy { $0 >= -0.5 && $0 <= 0.5 })
    let atBounds = c.filter { $0 == -0.5 || $0 == 0.5 }.count
    // P(|Z| > 0.5) = 0.617
    Stat.expectBinomial(atBounds, n: n, p: 0.617, "clamped values at the bounds")

    let tr = t.doubles("tr")
    #expect(tr.allSatisfy { $0 > -0.5 && $0 < 0.5 }, "truncated values lie strictly inside")
    #expect(tr.filter { $0 == -0.5 || $0 == 0.5 }.isEmpty, "no pile-up at the bounds")
    // Inside the bounds the truncated normal is nearly flat: each half holds about half.
    Stat.expectBinomial(tr.filter { $0 < 0 }.count, n: n, p: 0.5, "truncated below 0")

    let ci = t.ints("ci")
    #expect(Set(ci) == [0, 1, 2])
    let ti = t.ints("ti")
    #expect(ti.allSatisfy { (2...5).contains($0) })
    #expect(Set(ti) == [2, 3, 4, 5])
    #expect(t.ints("tu").allSatisfy { (10...20).contains($0) })
  }

  @Test("nullable columns are written as empty fields; an empty text is quoted")
  func nulls() throws {
    let t = try EngineFixture.run(
      """
      scenario nulls
      now 2024-06-30T00:00:00
      table t [6] {
        n = row % 2 == 0 ? row : null
        s = row % 3 == 0 ? "" : row % 3 == 1 ? null : "x"
        d = row % 2 == 0 ? null : now
      }
      """
    ).table("t")
    #expect(t.column("n") == ["0", nil, "2", nil, "4", nil])
    #expect(t.column("s") == ["", nil, "x", "", nil, "x"])
    #expect(
      t.column("d") == [
        nil, "2024-06-30T00:00:00Z", nil, "2024-06-30T00:00:00Z", nil, "2024-06-30T00:00:00Z",
      ])
    let lines = t.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    #expect(lines[1] == "0,\"\",")
    #expect(lines[2] == ",,2024-06-30T00:00:00Z")
  }

  @Test("date, date-time and duration arithmetic as written")
  func dates() throws {
    let t = try EngineFixture.run(
      """
      scenario dates
      now 2024-06-30T00:00:00
      table t [1] {
        a = now - days(3)
        b = date(now)
        c = minutes(90)
        d = now - 2024-06-01
        e = weekday(now)
        f = date(now - hours(1))
        g = now + minutes(90) + seconds(5)
        h = in_hours(minutes(90))
        i = 2024-02-28 + days(1)
        j = date(2024-02-28 + days(1))
        k = year(now)
        l = -minutes(5)
        m = date(2023-02-28 + days(1))
        o = hours(49) + minutes(1)
        p = now - (now - seconds(1))
      }
      """
    ).table("t")
    let expected: [String: String] = [
      "a": "2024-06-27T00:00:00Z", "b": "2024-06-30", "c": "PT1H30M", "d": "P29D", "e": "7",
      "f": "2024-06-29", "g": "2024-06-30T01:30:05Z", "h": "1.5", "i": "2024-02-29T00:00:00Z",
      "j": "2024-02-29", "k": "2024", "l": "-PT5M", "m": "2023-03-01", "o": "P2DT1H1M", "p": "PT1S",
    ]
    for (name, value) in expected.sorted(by: { $0.key < $1.key }) {
      #expect(t.values(name) == [value], "column \(name)")
    }
  }

  @Test("--now changes every date computed from now")
  func nowOption() throws {
    let source =
      "scenario n\nnow 2024-06-30T00:00:00\ntable t [1] { a = now - days(1)\n  b = weekday(now) }\n"
    let program = try EngineFixture.compile(source)
    // 2024-01-01T00:00:00Z
    let shifted = try EngineFixture.compile(source, options: .init(now: 1_704_067_200))
    #expect(try EngineFixture.run(program).table("t").values("a") == ["2024-06-29T00:00:00Z"])
    let t = try EngineFixture.run(shifted).table("t")
    #expect(t.values("a") == ["2023-12-31T00:00:00Z"])
    #expect(t.values("b") == ["1"])
  }

  @Test("choice weights computed per row: a zero weight is never chosen")
  func rowWeights() throws {
    let t = try EngineFixture.run(
      """
      scenario weights
      seed 22
      table t [4000] {
        w = row % 2
        k = choice { "a" w, "b" 1, "c" 0 }
        j = choice { 1 70%, 2 30% }
      }
      """
    ).table("t")
    let k = t.values("k")
    #expect(!k.contains("c"))
    let even = stride(from: 0, to: 4000, by: 2).map { k[$0] }
    let odd = stride(from: 1, to: 4000, by: 2).map { k[$0] }
    #expect(even.allSatisfy { $0 == "b" }, "weight 0 for 'a' on even rows")
    Stat.expectBinomial(odd.filter { $0 == "a" }.count, n: 2000, p: 0.5, "a on odd rows")
    Stat.expectBinomial(t.ints("j").filter { $0 == 1 }.count, n: 4000, p: 0.7, "constant weights")
  }

  @Test("float(N) columns are written with N decimals")
  func precision() throws {
    let t = try EngineFixture.run(
      "scenario prec\ntable t [3] {\n  a: float(2) = row / 3\n  b: float(0) = row + 0.5\n  c = row / 4\n}\n"
    ).table("t")
    #expect(t.values("a") == ["0.00", "0.33", "0.67"])
    #expect(t.values("b") == ["0", "2", "2"], "ties to even")
    #expect(t.values("c") == ["0.0", "0.25", "0.5"])
  }
}
