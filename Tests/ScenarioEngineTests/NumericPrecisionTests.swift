import ScenarioEngine
import ScenarioIR
import ScenarioKit
import Testing

/// `float(k)` columns as PostgreSQL's `NUMERIC(p, k)`, with `p` from the column's bounds
/// (`ValueBounds`), and `double precision` keeping `DOUBLE PRECISION` (Databases.md).
@Suite("NUMERIC(p, k) from a column's bounds")
struct NumericPrecisionTests {
  static func precisions(_ body: String) throws -> [String: Int?] {
    let program = try EngineFixture.compile("""
      scenario n
      table other [3] { x: float(2) = uniform(-5, 5) }
      table t [3] {
      \(body)
      }
      """)
    let t = try #require(program.tables.first { $0.name == "t" })
    var out: [String: Int?] = [:]
    for c in t.schema(in: program).columns where c.type.kind == .float { out[c.name] = c.numericPrecision }
    return out
  }

  @Test("bounded forms give the digits their largest value needs, rounding included")
  func bounded() throws {
    let p = try Self.precisions("""
        a: float(2) = uniform(0, 100)
        b: float(4) = beta(2, 5)
        c: float(1) = uniform(0, 99.96)
        d: float(2) = normal(0, 1) clamp -3..3
        e: float(2) = choice { 1.5 1, -2000 1 }
        f: float(3) = normal(0, 1) truncate -2..2
        g: float(2) = uniform(1, 2) * 10 - 1000
        h: float(2)? = uniform(0, 1) < 0.5 ? uniform(0, 9) : null
        o = pick other
        i: float(2) = o.x * 2
        j: float(2) = max(uniform(0, 1), 0.5) / 4
      """)
    #expect(p["a"] == 5)   // 100.00
    #expect(p["b"] == 5)   // 1.0000
    #expect(p["c"] == 4)   // 99.96 rounds to 100.0
    #expect(p["d"] == 3)   // 3.00
    #expect(p["e"] == 6)   // -2000.00
    #expect(p["f"] == 4)   // 2.000
    #expect(p["g"] == 5)   // -990.00 .. -980.00
    #expect(p["h"] == 3)   // 9.00
    #expect(p["i"] == 4)   // 10.00
    #expect(p["j"] == 3)   // 0.25
  }

  @Test("unbounded draws get 38 digits; double precision and plain float get none")
  func unbounded() throws {
    let p = try Self.precisions("""
        a: float(2) = normal(0, 1)
        b: float(3) = lognormal(0, 1)
        c: float(2) = uniform(0, 1)
        d: float = uniform(0, 1)
        double precision c
      """)
    #expect(p["a"] == 38 && p["b"] == 38)
    #expect(p["c"] == .some(nil) && p["d"] == .some(nil))
  }

  @Test("'double precision' names written float(N) columns, once")
  func errors() throws {
    let result = ScenarioCompiler.compile(source: """
      scenario n
      table t [3] {
        a: float(2) = uniform(0, 1)
        b: float = uniform(0, 1)
        let c: float(2) = 1.5
        double precision a, b, c, a, nope
      }
      """, path: "n.scenario")
    let messages = result.diagnostics.filter { $0.severity == .error }.map { "\($0.code.rawValue) \($0.message)" }
    #expect(messages == [
      "E0613 'double precision' names written float(N) columns; 'b' is 'float'",
      "E0613 'double precision' names written float(N) columns; 'c' is a hidden column",
      "E0613 'a' is named twice in 'double precision'",
      "E0301 unknown column 'nope' in table 't'",
    ], "\(messages)")
  }

  @Test("zipf's ranks, large known bounds, a shared output's parts, a reference to a float(k) key")
  func edges() throws {
    let p = try Self.precisions("""
        z: float(2) = zipf(0.5, 1000)
        big: float(2) = uniform(0, 1e37)
      """)
    #expect(p["z"] == 6)     // 1000.00
    #expect(p["big"] == 40)  // 10^37 has 38 digits
    let program = try EngineFixture.compile("""
      scenario n
      table small [5] into events { amount: float(2) = uniform(0, 5) }
      table big [5] into events { amount: float(2) = uniform(1000, 5000) }
      table parents [5] {
        key code
        code: float(2) = choice { 1.5 1, 2.5 1 }
      }
      table kids [2 per p in parents] {
        key kid_id
        kid_id = row + 1
        parent = p
      }
      """)
    let small = try #require(program.tables.first { $0.name == "small" })
    let union = program.unionSchema(try #require(small.union))
    #expect(union.columns.first { $0.name == "amount" }?.numericPrecision == 6)
    let parents = try #require(program.tables.first { $0.name == "parents" }).schema(in: program)
    let kids = try #require(program.tables.first { $0.name == "kids" }).schema(in: program)
    #expect(parents.columns[0].numericPrecision == 3)
    #expect(kids.columns.first { $0.name == "parent" }?.numericPrecision == 3)
  }

  @Test("a long chain of lets that each read the one before many times is bounded in linear time")
  func linear() throws {
    var body = "  let x0 = uniform(0, 1)\n"
    for i in 1...30 {
      body += "  let x\(i) = max(" + Array(repeating: "x\(i - 1)", count: 16).joined(separator: ", ") + ")\n"
    }
    body += "  y: float(2) = x30\n"
    let p = try Self.precisions(body)
    #expect(p["y"] == 3)
  }
}
