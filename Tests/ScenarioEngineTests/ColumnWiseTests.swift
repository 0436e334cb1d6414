import Foundation
import ScenarioDiagnostics
import ScenarioKit
import ScenarioTestSupport
import Testing

/// The column-wise engine (`VectorCompiler`) against the row interpreter, its reference: every
/// scenario must give identical bytes both ways, and a failure must be reported exactly as the
/// row loop reports it (same column, row and message).
@Suite("Column-wise evaluation")
struct ColumnWiseTests {
  /// Every typed path and its fallbacks, with nulls in every operand position.
  static let operators = """
    scenario ops
    seed 11
    now 2024-03-01T00:00:00
    table parents [40] {
      key pid
      pid = "P" ++ pad(row, 3)
      w = uniform(0, 2)
      score: float? = bernoulli(20%) ? null : normal(5, 2)
      flag: bool? = bernoulli(10%) ? null : bernoulli(50%)
      born = date(now - days(uniform_int(0, 400)))
      label: text? = bernoulli(15%) ? null : choice { "alpha" 1, "beta" 1, "a much longer label than fifteen bytes" 1 }
    }
    table t [5000] {
      p = pick parents weighted by w
      maybe = bernoulli(10%) ? null : pick parents
      i = uniform_int(-5, 5)
      j: int? = bernoulli(20%) ? null : uniform_int(0, 3)
      x: float? = bernoulli(15%) ? null : normal(0, 3)
      y = uniform(-1, 1)
      at = calendar { within 2024-01-01 .. 2024-03-01, hours { 8..11 60%, 12..20 40% }, weekdays { 1..5 1, 6..7 0.5 }, step 5m }
      mixed: float? = x + i
      prod: float? = j * y
      ints: int? = i * j + i - j
      ratio: float? = j == 0 ? null : i / j
      m: int? = j is null ? null : i % (j + 1)
      cmp_eq = x == y
      null_eq = x == j
      null_ne = x != null
      lt: bool? = x < y
      le: bool? = j <= i
      text_eq = p.label == "alpha"
      text_ne = p.label != "beta"
      joined: text? = p.label ++ "-" ++ p.pid
      shortcut = j is not null and bernoulli(coalesce(j, 0) / 4)
      either = x is null or normal(0, 1) > 0
      neg: float? = -x
      nots: bool? = not p.flag
      clamped: float? = x clamp -2..y + 2
      lo: float? = min(x, y)
      hi: float? = max(x, y)
      absx: float? = abs(x)
      r: int? = round(x)
      f: int? = floor(x)
      c: int? = ceil(x)
      dur = minutes(uniform(0, 90)) + hours(i + 5) + seconds(j)
      later = at + dur
      span: float? = in_days(later - at)
      hr = hour(at)
      wd = weekday(at)
      day: date = date(at)
      age: float = in_days(at - p.born)
      before = p.born < day
      daily = normal(0, 1) per day
      pick_score: float? = maybe.score
      wtd = bernoulli(clamp(p.w / 2, 0, 1))
      spread = normal(y, abs(y) + 0.1)
      ranged = uniform_int(min(i, 0), 10)
      counts = poisson(abs(y) * 3)
      choice_of_exprs = choice { x 1, y 2, null 1 }
      persona_free = match p.label { "alpha" => 1.5, "beta" => 2.5, _ => 0.0 }
      nested = x is null ? (j is null ? "both" : "x") : (x > 0 ? "pos" : "neg")
      row_based = "T" ++ pad(row + 1, 6)
      maybe_text: text? = j == 1 ? null : "t" ++ text(j)
      mood = choice { "calm" 1, "busy" 2, "a \\"quoted\\", long mood" 1 }
      mood2 = bernoulli(30%) ? mood : choice { "idle" 1, "calm" 1 }
      mood3 = i > 0 ? mood : "fixed"
      mood4: text? = j is null ? null : mood2
      is_calm = mood2 == "calm"
      not_idle = mood4 != "idle"
      mood_len = length(mood3)
      mood_join: text? = mood4 ++ "!"
      let inf = exp(uniform(800, 900))
      nan_x = inf - inf
      nan_le = nan_x <= y
      nan_ge = nan_x >= y
      nan_lt = nan_x < y
      nan_in = nan_x in 0..1
    }
    table nan_kids [each s in t where s.nan_x >= 0.0 and s.i > 3] {
      v = s.y
    }
    """

  @Test("every operator, function and draw gives the row interpreter's bytes", arguments: [1, 7, 2048])
  func operatorsMatch(chunkSize: Int) throws {
    let program = try EngineFixture.compile(Self.operators)
    let rows = try EngineFixture.run(program, chunkSize: chunkSize, columnWise: false)
    let columns = try EngineFixture.run(program, threads: 2, chunkSize: chunkSize)
    #expect(rows.files.keys.sorted() == ["nan_kids.csv", "parents.csv", "t.csv"])
    for name in rows.files.keys.sorted() {
      #expect(rows.files[name] == columns.files[name], "\(name) differs at chunk size \(chunkSize)")
    }
    // The columns above hold nulls and both branches: the test would not notice much otherwise.
    let t = try #require(columns.tables["t"])
    #expect(t.column("ratio").contains(nil) && t.column("ratio").contains { $0 != nil })
    #expect(Set(t.values("nested")) == ["both", "x", "pos", "neg"])
    // NaN orders as equal to everything (`Semantics.compare`): `<=` and `>=` hold, `<` does not.
    #expect(Set(t.values("nan_le")) == ["true"] && Set(t.values("nan_ge")) == ["true"])
    #expect(Set(t.values("nan_lt")) == ["false"])
    #expect(columns.tables["nan_kids"]?.rows.count == t.ints("i").filter { $0 > 3 }.count)
  }

  @Test("the repository's scenarios give identical bytes both ways", arguments: ["tutoring_platform", "tutor_quality_statistics", "tutor_quality", "crm_edge_cases", "skill_training"])
  func scenariosMatch(name: String) throws {
    let path = RepoPaths.root + "/scenarios/\(name).scenario"
    let source = try String(contentsOfFile: path, encoding: .utf8)
    let options = name == "tutor_quality" ? CheckOptions(mode: "dev") : CheckOptions()
    let program = try EngineFixture.compile(source, options: options)
    let rows = try EngineFixture.run(program, chunkSize: 512, columnWise: false)
    let columns = try EngineFixture.run(program, threads: 2, chunkSize: 512)
    #expect(!rows.files.isEmpty)
    for file in rows.files.keys.sorted() {
      #expect(rows.files[file] == columns.files[file], "\(name): \(file) differs")
    }
  }

  @Test("the fuzz corpus's runnable scenarios give identical bytes both ways")
  func corpusMatches() throws {
    let folder = RepoPaths.root + "/Tests/Golden/fuzz-corpus"
    var compared = 0
    for file in try FileManager.default.contentsOfDirectory(atPath: folder).sorted() where file.hasSuffix(".scenario") {
      let data = try #require(FileManager.default.contents(atPath: folder + "/" + file))
      let source = String(decoding: data, as: UTF8.self)
      let result = ScenarioCompiler.compile(source: source, path: file, options: CheckOptions())
      guard let program = result.program, !result.diagnostics.contains(where: { $0.severity == .error }) else { continue }
      let rows = try? EngineFixture.run(program, chunkSize: 64, columnWise: false)
      let columns = try? EngineFixture.run(program, threads: 2, chunkSize: 64)
      #expect((rows == nil) == (columns == nil), "\(file): one way failed, the other did not")
      guard let rows, let columns else { continue }
      #expect(rows.files == columns.files, "\(file) differs")
      compared += 1
    }
    #expect(compared >= 10, "only \(compared) corpus scenarios ran")
  }

  @Test("a failure is reported for the first failing row in row order, not column order", arguments: [1, 4096])
  func failureOrder(chunkSize: Int) throws {
    // Column `a` fails at row 2500 and column `b` at row 2000: the row loop meets `b` first.
    let source = """
      scenario fail
      table t [3000] {
        a = row == 2500 ? 1 / (row - 2500) : 0.0
        b = row == 2000 ? sqrt(row - 2001.0) : 0.0
      }
      """
    for columnWise in [false, true] {
      let program = try EngineFixture.compile(source)
      do {
        _ = try EngineFixture.run(program, chunkSize: chunkSize, columnWise: columnWise)
        Issue.record("the run did not fail")
      } catch let failure as EngineFixture.Failure {
        let d = try #require(failure.diagnostic)
        #expect(d.code == .runtimeInvalidParameter, "\(d.code)")
        #expect(d.notes.first?.hasPrefix("in table 't', column 'b', row 2000 ") == true, "\(d.notes)")
      }
    }
  }

  @Test("an integer overflow in one row of a column-wise chunk is reported as in the row loop")
  func overflowSameDiagnostic() throws {
    let source = """
      scenario over
      table t [100] {
        big = row == 70 ? 9000000000000000000 : 1
        twice = big + big
      }
      """
    let program = try EngineFixture.compile(source)
    let diagnostics = try EngineFixture.diagnostics(program, settings: [(false, true), (true, true)])
    #expect(diagnostics.count == 2)
    #expect(diagnostics.first?.message == diagnostics.last?.message)
    #expect(diagnostics.first?.notes == diagnostics.last?.notes)
    #expect(diagnostics.first?.code == .runtimeArithmetic)
  }
}
