import Foundation
import ScenarioKit
import Testing

/// Source tables read from CSV files (Docs/Databases.md, "Sources"): the declaration, values
/// read as their declared types in the spellings real files use, the errors that stop a run
/// with the file's line, and both engines on the rows.
@Suite("Source tables from CSV files")
struct SourceTableTests {
  /// Compiles `scenario` saved in a new folder beside `files`, reading its sources.
  static func compile(_ scenario: String, files: [String: String]) throws -> (CompileResult, String) {
    let folder = EngineFixture.temporaryFolder("source")
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    for (name, text) in files { try text.write(toFile: folder + "/" + name, atomically: true, encoding: .utf8) }
    try scenario.write(toFile: folder + "/s.scenario", atomically: true, encoding: .utf8)
    return (try ScenarioCompiler.compile(path: folder + "/s.scenario", sources: .files), folder)
  }

  static func errors(_ result: CompileResult) -> [String] {
    result.diagnostics.filter { $0.severity == .error }.map { "\($0.code.rawValue) \($0.message)" }
  }

  static let realData = "\u{FEFF}id,flag,when,day,score,label,extra\r\n"
    + "1,t,2024-03-01 12:00:00+02:00,2024-02-29,0.126,\"two\r\nlines\",x\r\n"
    + "2,FALSE,2024-03-01T10:00:00Z,2024-03-01,3,,y\r\n"
    + "3,yes,2024-03-01T10:00,2024-03-02,-1.5e1,\"\",z\r\n"

  @Test("values in real files' spellings: BOM, CRLF, t/FALSE/yes, offsets, float(2), empty versus \"\"")
  func spellings() throws {
    let (result, folder) = try Self.compile("""
      scenario s
      table data (id: int, flag: bool, when: datetime, day: date, score: float(2), label: text?) from csv "data.csv"
      table copy [each d in data] {
        id = d.id
        flag = d.flag
        when = d.when
        day = d.day
        score = d.score
        label = d.label
        empty = d.label is null
      }
      """, files: ["data.csv": Self.realData])
    defer { try? FileManager.default.removeItem(atPath: folder) }
    #expect(Self.errors(result).isEmpty, "\(Self.errors(result))")
    let program = try #require(result.program)
    #expect(program.unreadSources.isEmpty)
    let out = try EngineFixture.run(program)
    let copy = try #require(out.tables["copy"])
    #expect(copy.values("flag") == ["true", "false", "true"])
    #expect(copy.values("when") == ["2024-03-01T10:00:00Z", "2024-03-01T10:00:00Z", "2024-03-01T10:00:00Z"])
    #expect(copy.values("day") == ["2024-02-29", "2024-03-01", "2024-03-02"])
    #expect(copy.values("score") == ["0.13", "3.0", "-15.0"])
    #expect(copy.values("label") == ["two\r\nlines", "<null>", ""])
    #expect(copy.values("empty") == ["false", "true", "false"])
    #expect(out.tables["data"] == nil, "a source was written")
  }

  @Test("every wrong value is an E0614 with its line (a quoted line break counts), at most ten")
  func badValues() throws {
    var csv = "id,flag,when\n1,true,\"2024-01-01T00:00:00Z\"\n2,maybe,2024-01-01T00:00:00Z\n"
    csv += "3,true,\"2024-02-30T00:00:00Z\"\n\"4\n\",true,2024-01-01T00:00:00Z\n5,true\n"
    for i in 0..<12 { csv += "\(10 + i),x,y\n" }
    let (result, folder) = try Self.compile("""
      scenario s
      table data (id: int, flag: bool, when: datetime) from csv "data.csv"
      table t [3] { d = pick data }
      """, files: ["data.csv": csv])
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let errors = Self.errors(result)
    #expect(result.program == nil)
    #expect(errors.prefix(5) == [
      "E0614 'data.csv' line 3, column 'flag': 'maybe' is not a bool (true or false)",
      "E0614 'data.csv' line 4, column 'when': '2024-02-30T00:00:00Z' is not a datetime (YYYY-MM-DDTHH:MM:SSZ)",
      "E0614 'data.csv' line 5, column 'id': '4\n' is not an int",
      "E0614 'data.csv' line 7 has 2 fields, but the header has 3",
      "E0614 'data.csv' line 8, column 'flag': 'x' is not a bool (true or false)",
    ], "\(errors)")
    #expect(errors.count == 11 && errors.contains("E0614 'data.csv' has 18 more errors like these"), "\(errors)")
    #expect(errors.count == 11 && errors.last == "E0614 'data.csv' has 18 more errors like these", "\(errors)")
  }

  @Test("the first column identifies the rows: a repeated value names both lines; the header must name every column")
  func identities() throws {
    let (repeated, f1) = try Self.compile("""
      scenario s
      table data (code: text, n: int) from csv "data.csv"
      table t [3] { d = pick data }
      """, files: ["data.csv": "code,n\nA,1\nB,2\nA,3\n"])
    defer { try? FileManager.default.removeItem(atPath: f1) }
    #expect(Self.errors(repeated) == ["E0614 table 'data' has two rows with code A (data.csv line 2 and line 4)"])
    let (missing, f2) = try Self.compile("""
      scenario s
      table data (code: text, weight: float) from csv "data.csv"
      table t [3] { d = pick data }
      """, files: ["data.csv": "code,n\nA,1\n"])
    defer { try? FileManager.default.removeItem(atPath: f2) }
    #expect(Self.errors(missing) == ["E0614 'data.csv' has no column 'weight' (its header: code, n)"])
  }

  @Test("declarations: a column without a type, a nullable first column, a source of nothing")
  func declarations() throws {
    let result = ScenarioCompiler.compile(source: """
      scenario s
      table a (id, n: int) from csv "a.csv"
      table b (id: int?, n: int) from csv "b.csv"
      table c (id: int) from somewhere "c"
      """, path: "decl.scenario")
    let errors = Self.errors(result)
    #expect(errors.contains("E0614 column 'id' of table 'a' needs a type"), "\(errors)")
    #expect(errors.contains("E0614 the first column of table 'b' identifies its rows and cannot be nullable"), "\(errors)")
    #expect(errors.contains("E0101 expected csv, table or query after 'from' in table 'c'") || errors.contains { $0.hasSuffix("expected csv, table or query after 'from' in table 'c'") }, "\(errors)")
  }

  @Test("a program compiled without its sources is checked, but refuses to run")
  func unread() throws {
    let result = ScenarioCompiler.compile(source: """
      scenario s
      table bank (id: int, section: text) from table "questions"
      table t [3] { q = pick bank }
      """, path: "unread.scenario")
    let program = try #require(result.program, "\(Self.errors(result))")
    #expect(program.unreadSources.map(\.name) == ["bank"])
    do {
      _ = try ScenarioRunner.run(program, options: RunOptions(outputDirectory: EngineFixture.temporaryFolder("unread")))
      Issue.record("an unread source ran")
    } catch {
      guard case .output(let message) = error else { Issue.record("\(error)"); return }
      #expect(message.contains("table 'bank' (from table \"questions\") was not read from the target database"), "\(message)")
    }
  }

  @Test("both engines, one or two threads: the same bytes from a source's rows")
  func engines() throws {
    var csv = "sku,price,category\n"
    for i in 1...500 { csv += "S\(i),\(Double(i % 97) / 4),\(["a", "b", "c"][i % 3])\n" }
    let (result, folder) = try Self.compile("""
      scenario s
      seed 9
      table items (sku: text, price: float, category: text) from csv "items.csv"
      table orders [1000] {
        item = pick items where category != "c"
        price = item.price * uniform_int(1, 3)
        let wanted = choice { "a" 1, "b" 2 }
        keyed = pick items where category == wanted weighted by price + 1
      }
      table per_item [2 per i in items where i.price > 10] {
        item = i
        sku = i.sku
      }
      """, files: ["items.csv": csv])
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let program = try #require(result.program, "\(Self.errors(result))")
    let reference = try EngineFixture.run(program, threads: 1, columnWise: false)
    for (threads, columnWise) in [(1, true), (2, true), (2, false)] {
      let other = try EngineFixture.run(program, threads: threads, chunkSize: 700, columnWise: columnWise)
      #expect(other.files == reference.files, "threads \(threads), columnWise \(columnWise)")
    }
    let orders = try #require(reference.tables["orders"])
    #expect(Set(orders.values("item")).count > 200)
    #expect(reference.tables["per_item"]?.values("sku").count == 2 * (1...500).filter { Double($0 % 97) / 4 > 10 }.count)
  }

  @Test("float(N) values rounded as generated ones are; a one-column file's trailing blank lines")
  func roundingAndBlankLines() throws {
    let (result, folder) = try Self.compile("""
      scenario s
      table r (id: int, v: float(2)) from csv "r.csv"
      table one (code: text) from csv "one.csv"
      table copy [each x in r] {
        v = x.v
        generated: float(2) = 0.015
      }
      table codes [each o in one] { code = o.code }
      """, files: ["r.csv": "id,v\n1,0.015\n2,2.675\n", "one.csv": "code\nA\nB\n\n\n"])
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let program = try #require(result.program, "\(Self.errors(result))")
    let out = try EngineFixture.run(program)
    let copy = try #require(out.tables["copy"])
    #expect(copy.values("v") == ["0.01", "2.67"])
    #expect(copy.values("generated") == ["0.01", "0.01"])
    #expect(out.tables["codes"]?.values("code") == ["A", "B"])
  }

  @Test("fuzz: 400 files of random CSV-like bytes are read or refused with E0614, never a crash")
  func fuzz() throws {
    let alphabet: [String] = [",", ",", "\"", "\n", "\n", "\r\n", " ", "a", "B", "1", "7", "0", ".", "-", "T", "Z", ":", "t", "é", "\u{FEFF}", "2024-02-29", "12:30:00", "NaN", "P1D", "\u{0}"]
    var seedState: UInt64 = 0x5EED_CAFE
    func next() -> UInt64 {
      // SplitMix64 from a fixed seed: the same files on every run.
      seedState &+= 0x9E37_79B9_7F4A_7C15
      var z = seedState
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    let folder = EngineFixture.temporaryFolder("source-fuzz")
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let scenario = """
      scenario fuzz
      table data (a: text, b: int?, c: datetime?, d: bool?, e: float(2)?, f: duration?) from csv "f.csv"
      table t [3] { x = pick data }
      """
    try scenario.write(toFile: folder + "/s.scenario", atomically: true, encoding: .utf8)
    var read = 0
    for _ in 0..<400 {
      var text = Int(next() % 3) == 0 ? "" : "a,b,c,d,e,f\n"
      for _ in 0..<Int(next() % 60) { text += alphabet[Int(next() % UInt64(alphabet.count))] }
      try text.write(toFile: folder + "/f.csv", atomically: true, encoding: .utf8)
      let result = try ScenarioCompiler.compile(path: folder + "/s.scenario", sources: .files)
      let errors = result.diagnostics.filter { $0.severity == .error }
      #expect(errors.allSatisfy { $0.code == .invalidSource }, "\(errors.map(\.message)) for \(text.debugDescription)")
      if result.program != nil { read += 1 }
    }
    #expect(read > 0 && read < 400, "\(read) of 400 read")
  }
}
