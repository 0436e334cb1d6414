import Foundation
import ScenarioKit
import Testing

/// `order by KEY [desc], ... [within GROUP]` (Language.md §6, "Order within a group"): every
/// position is recomputed from the written files by sorting the rows of each group here, both
/// engines give the same bytes at every chunk size and thread count, the output keeps its row
/// order and its draws, and an order that reads its own positions is a compile error.
@Suite("Order within a group")
struct OrderTests {
  static let source = #"""
    scenario ordered
    seed 31
    table students [60] {
      key sid
      sid = row + 1
    }
    table sessions [900] {
      key session_id
      session_id = row + 1
      student = pick students
      started = 2024-01-01T00:00:00Z + hours(uniform_int(0, 2000))
      minutes = uniform_int(20, 60)
      score: float(2)? = bernoulli(0.2) ? null : uniform(0, 100)
      order by started, minutes desc within student
      n = rank()
      first = is_first()
      last = is_last()
      size = group_size()
      gap: duration? = started - previous(started)
      total = running sum(minutes)
      avg: float(3)? = running mean(score)
      best: float(2)? = running max(score)
      cnt = running count()
    }
    table lines [uniform_int(0, 6) per s in sessions] {
      session = s
      x = uniform_int(1, 5)
      order by x desc
      pos = rank()
      seen = running count()
      before: int? = previous(x)
      sum_x = running sum(x)
      least = running min(x)
      most = running max(x)
    }
    """#

  struct Row {
    let index: Int
    let group: String
    let keys: [String]
  }

  /// The rows of each group in order, by an independent sort of the written values.
  static func groups(_ rows: [Row], descending: [Bool], compare: (String, String) -> Int) -> [String: [Int]] {
    var byGroup: [String: [Row]] = [:]
    for r in rows { byGroup[r.group, default: []].append(r) }
    return byGroup.mapValues { members in
      members.sorted { a, b in
        for (k, desc) in descending.enumerated() {
          let c = compare(a.keys[k], b.keys[k])
          if c != 0 { return desc ? c > 0 : c < 0 }
        }
        return a.index < b.index
      }.map(\.index)
    }
  }

  @Test("positions, previous values and running aggregates match an independent sort; both engines", arguments: [1, 7, 4096])
  func positions(chunkSize: Int) throws {
    let program = try EngineFixture.compile(Self.source)
    let rows = try EngineFixture.run(program, chunkSize: chunkSize, columnWise: false)
    let columns = try EngineFixture.run(program, threads: 2, chunkSize: chunkSize)
    #expect(rows.files == columns.files, "the engines differ at chunk size \(chunkSize)")
    let s = try #require(columns.tables["sessions"])
    // The output keeps its row order.
    #expect(s.ints("session_id") == Array(1...900))
    let started = s.values("started")
    let minutes = s.ints("minutes")
    let score = s.column("score")
    let members = Self.groups(
      (0..<900).map { Row(index: $0, group: s.values("student")[$0], keys: [started[$0], String(minutes[$0])]) },
      descending: [false, true],
      compare: { a, b in
        // Date-times in this fixed format sort as text; minutes as integers.
        if let x = Int(a), let y = Int(b) { return x < y ? -1 : x > y ? 1 : 0 }
        return a < b ? -1 : a > b ? 1 : 0
      })
    #expect(members.values.reduce(0) { $0 + $1.count } == 900)
    let iso = ISO8601DateFormatter()
    for list in members.values {
      var total = 0
      var scores: [Double] = []
      for (k, r) in list.enumerated() {
        #expect(s.ints("n")[r] == k + 1, "row \(r + 1)")
        #expect(s.values("first")[r] == (k == 0 ? "true" : "false"))
        #expect(s.values("last")[r] == (k == list.count - 1 ? "true" : "false"))
        #expect(s.ints("size")[r] == list.count)
        if k == 0 {
          #expect(s.column("gap")[r] == nil)
        } else {
          let a = try #require(iso.date(from: started[list[k - 1]]))
          let b = try #require(iso.date(from: started[r]))
          let seconds = Int(b.timeIntervalSince(a))
          #expect(seconds >= 0)
          #expect(s.column("gap")[r] == Self.isoDuration(seconds), "row \(r + 1)")
        }
        total += minutes[r]
        #expect(s.ints("total")[r] == total)
        #expect(s.ints("cnt")[r] == k + 1)
        if let v = score[r].flatMap(Double.init) { scores.append(v) }
        if scores.isEmpty {
          #expect(s.column("avg")[r] == nil && s.column("best")[r] == nil)
        } else {
          let mean = scores.reduce(0, +) / Double(scores.count)
          #expect(abs((Double(s.column("avg")[r] ?? "") ?? .nan) - mean) <= 0.0005 + 1e-9, "row \(r + 1)")
          #expect(Double(s.column("best")[r] ?? "") == scores.max())
        }
      }
    }
    // Parent groups: each session's lines ranked by x descending, ties by row.
    let l = try #require(columns.tables["lines"])
    let lineMembers = Self.groups(
      (0..<l.rows.count).map { Row(index: $0, group: l.values("session")[$0], keys: [l.values("x")[$0]]) },
      descending: [true], compare: { a, b in Int(a)! < Int(b)! ? -1 : Int(a)! > Int(b)! ? 1 : 0 })
    #expect(lineMembers.count > 700)
    for list in lineMembers.values {
      for (k, r) in list.enumerated() {
        #expect(l.ints("pos")[r] == k + 1, "line \(r + 1)")
        #expect(l.ints("seen")[r] == k + 1)
        // Integer columns take the typed path: previous, running sum, min, max and count.
        let xs = list[...k].map { l.ints("x")[$0] }
        #expect(l.column("before")[r] == (k == 0 ? nil : String(l.ints("x")[list[k - 1]])), "line \(r + 1)")
        #expect(l.ints("sum_x")[r] == xs.reduce(0, +))
        #expect(l.ints("least")[r] == xs.min())
        #expect(l.ints("most")[r] == xs.max())
      }
    }
  }

  @Test("over the whole table and within a text column; nulls first, desc puts them last; both engines")
  func wholeTableAndTextGroups() throws {
    let program = try EngineFixture.compile(#"""
      scenario groups
      seed 3
      table t [500] {
        id = row + 1
        city = choice { "Oslo" 1, "Rome" 2, "Lima" 1 }
        v: int? = bernoulli(0.1) ? null : uniform_int(1, 50)
        order by v desc within city
        pos = rank()
      }
      table u [300] {
        w = uniform_int(1, 20)
        order by w
        pos = rank()
        top = is_last()
      }
      table p [200] {
        persona big 30%, small rest
        kind = persona
        z = uniform_int(1, 9)
        order by z within persona
        pos = rank()
      }
      """#)
    let rows = try EngineFixture.run(program, chunkSize: 33, columnWise: false)
    let columns = try EngineFixture.run(program, threads: 2, chunkSize: 64)
    #expect(rows.files == columns.files)
    let t = try #require(columns.tables["t"])
    let v = t.column("v")
    let expected = Self.groups(
      (0..<500).map { Row(index: $0, group: t.values("city")[$0], keys: [v[$0] ?? ""]) }, descending: [true],
      compare: { a, b in
        // Null (empty) first in ascending order, so last in descending order.
        switch (a.isEmpty, b.isEmpty) {
        case (true, true): return 0
        case (true, false): return -1
        case (false, true): return 1
        default: return Int(a)! < Int(b)! ? -1 : Int(a)! > Int(b)! ? 1 : 0
        }
      })
    #expect(expected.count == 3)
    for list in expected.values {
      for (k, r) in list.enumerated() { #expect(t.ints("pos")[r] == k + 1, "row \(r + 1)") }
      #expect(v[list.last!] == nil || !list.contains { v[$0] == nil })
    }
    let p = try #require(columns.tables["p"])
    let byPersona = Self.groups(
      (0..<200).map { Row(index: $0, group: p.values("kind")[$0], keys: [p.values("z")[$0]]) }, descending: [false],
      compare: { a, b in Int(a)! < Int(b)! ? -1 : Int(a)! > Int(b)! ? 1 : 0 })
    #expect(byPersona.count == 2)
    for list in byPersona.values {
      for (k, r) in list.enumerated() { #expect(p.ints("pos")[r] == k + 1, "row \(r + 1)") }
    }
    let u = try #require(columns.tables["u"])
    let w = u.ints("w")
    let sorted = (0..<300).sorted { w[$0] != w[$1] ? w[$0] < w[$1] : $0 < $1 }
    for (k, r) in sorted.enumerated() {
      #expect(u.ints("pos")[r] == k + 1)
      #expect(u.values("top")[r] == (k == 299 ? "true" : "false"))
    }
  }

  @Test("integer keys beyond 2^53 are ordered exactly, in both engines")
  func largeIntegerKeys() throws {
    let program = try EngineFixture.compile("""
      scenario big
      table t [6] {
        k = 9007199254740993 + (row < 3 ? 0 : 1)
        order by k desc
        r = rank()
      }
      """)
    let a = try EngineFixture.run(program, columnWise: false)
    let b = try EngineFixture.run(program, chunkSize: 2)
    #expect(a.files == b.files)
    #expect(try #require(b.tables["t"]).ints("r") == [4, 5, 6, 1, 2, 3])
  }

  @Test("a running sum that overflows is a located R0705, within parents and over a table, from both engines")
  func runningOverflow() throws {
    for table in ["c [4 per x in p]", "c [4]"] {
      let program = try EngineFixture.compile("""
        scenario ov
        table p [3] { id = row }
        table \(table) {
          v = 9000000000000000000
          order by v
          s = running sum(v)
        }
        """)
      let diagnostics = try EngineFixture.diagnostics(
        program, settings: [(columnWise: false, sparseParents: false), (columnWise: true, sparseParents: true)])
      #expect(diagnostics.map(\.code) == [.runtimeArithmetic, .runtimeArithmetic], "\(table)")
      #expect(diagnostics.first?.message == "a running sum overflows 64-bit integers")
      #expect(diagnostics.allSatisfy { $0.notes.contains { $0.contains("table 'c'") && $0.contains("row 1") } }, "\(diagnostics)")
    }
  }

  @Test("an order adds no draws: the other columns are the bytes of the same table without it")
  func sameDraws() throws {
    let with = try EngineFixture.run(Self.source)
    let plain = Self.source
      .replacingOccurrences(of: "order by started, minutes desc within student", with: "")
      .split(separator: "\n").filter { line in
        !["n =", "first =", "last =", "size =", "gap:", "total =", "avg:", "best:", "cnt =", "order by", "pos =", "seen =", "before:", "sum_x", "least", "most"]
          .contains { line.trimmingCharacters(in: .whitespaces).hasPrefix($0) }
      }.joined(separator: "\n")
    let without = try EngineFixture.run(plain)
    let a = try #require(with.tables["sessions"])
    let b = try #require(without.tables["sessions"])
    for column in ["session_id", "student", "started", "minutes", "score"] {
      #expect(a.column(column) == b.column(column), "column \(column)")
    }
    #expect(with.tables["lines"]?.column("x") == without.tables["lines"]?.column("x"))
  }

  @Test("orders that read their own positions, misplaced position functions and bad groups are compile errors")
  func errors() {
    func codes(_ items: String) -> [String] {
      let source = """
        scenario e
        table students [5] { sid = row }
        table t [10] {
          student = pick students
          x = uniform(0, 1)
          \(items)
        }
        """
      return ScenarioCompiler.compile(source: source, path: "e.scenario").diagnostics.filter { $0.severity == .error }
        .map { "\($0.code.rawValue) \($0.message)" }
    }
    #expect(codes("order by x within student\n  r = rank()") == [])
    #expect(codes("order by r within student\n  r = rank()").first?.hasPrefix(
      "E0601 the order of table 't' depends on the positions it computes") == true)
    #expect(codes("order by y\n  y = x + rank()").first?.contains("column 'y' reads them") == true)
    #expect(codes("r = rank()") == ["E0605 'rank' needs an 'order by' item in table 't'"])
    #expect(codes("order by x within nobody").first?.hasPrefix("E0301 unknown column 'nobody'") == true)
    #expect(codes("order by x\n  p = previous(x + 1)") == ["E0404 the argument of 'previous' must be a column of table 't'"])
    #expect(codes("order by x\n  order by student").first?.hasPrefix("E0304 table 't' has more than one 'order by'") == true)
    #expect(codes("order by x\n  s = running sum(student)").first?.hasPrefix("E0404 the argument of 'running sum' must be a number") == true)
  }

  /// ISO 8601 durations as the CSV writes them (`P1DT2H`, `PT45M`, `PT0S`).
  static func isoDuration(_ seconds: Int) -> String {
    if seconds == 0 { return "PT0S" }
    let d = seconds / 86_400
    let h = seconds % 86_400 / 3600
    let m = seconds % 3600 / 60
    let s = seconds % 60
    var out = "P" + (d > 0 ? "\(d)D" : "")
    if h > 0 || m > 0 || s > 0 {
      out += "T" + (h > 0 ? "\(h)H" : "") + (m > 0 ? "\(m)M" : "") + (s > 0 ? "\(s)S" : "")
    }
    return out
  }
}
