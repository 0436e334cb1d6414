import ScenarioDiagnostics
import ScenarioIR
import ScenarioKit
import Testing

/// Compile-only tests of the checker through `ScenarioCompiler.compile(source:path:)`: inferred
/// types, widening, nullability, choice types, precision, ordering, constant folding,
/// parameters and the errors it reports.
@Suite("Checker")
struct CheckerTests {
  // MARK: - Helpers

  /// Compiles source text.
  static func compile(_ source: String, _ options: CheckOptions = CheckOptions()) -> CompileResult {
    ScenarioCompiler.compile(source: source, path: "test.scenario", options: options)
  }

  /// Compiles source text that must have no errors, and returns its program.
  static func program(
    _ source: String, _ options: CheckOptions = CheckOptions(),
    sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) throws -> Program {
    let result = compile(source, options)
    let errors = result.diagnostics.filter { $0.severity == .error }
    #expect(
      errors.isEmpty, "unexpected errors: \(errors.map(\.message))", sourceLocation: sourceLocation)
    return try #require(result.program, sourceLocation: sourceLocation)
  }

  /// The error diagnostics of a compilation.
  static func errors(_ source: String, _ options: CheckOptions = CheckOptions()) -> [Diagnostic] {
    compile(source, options).diagnostics.filter { $0.severity == .error }
  }

  /// A slot of a table by name.
  static func slot(
    _ program: Program, _ table: String, _ name: String,
    sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) throws -> SlotIR {
    let t = try #require(
      program.tableIndex(table), "no table \(table)", sourceLocation: sourceLocation)
    return try #require(
      program.tables[t].slots.first { $0.name == name }, "no slot \(name)",
      sourceLocation: sourceLocation)
  }

  /// The index of a slot in its table.
  static func slotIndex(_ program: Program, _ table: String, _ name: String) -> Int? {
    guard let t = program.tableIndex(table) else { return nil }
    return program.tables[t].slots.firstIndex { $0.name == name }
  }

  /// The fixed row count of a table.
  static func fixedCount(_ program: Program, _ table: String) -> Int? {
    guard let t = program.tableIndex(table), case .fixed(let n) = program.tables[t].count else {
      return nil
    }
    return n
  }

  // MARK: - Type inference

  static let inferenceSource = """
    scenario types
    now 2024-06-30T00:00:00
    table other [3] { id = row }
    table t [5] {
      a = 1
      b = 1.5
      c = "x"
      d = true
      e = 2024-01-01
      f = now
      g = minutes(5)
      h = uniform_int(1, 3)
      i = normal(0, 1)
      j = bernoulli(0.5)
      k = poisson(2)
      l = 7 / 2
      m = pick other
      n = row
      o = a + b
      p = a + 1
      q = now - 2024-06-01
      r = f + g
      s = e + g
      u = 50%
      v = m.id
      w = g * 2
      x = g / g
      y = weekday(f)
      z = "T" ++ pad(row, 3)
    }
    """

  static let expectedTypes: [(String, ValueType)] = [
    ("a", .int), ("b", .float), ("c", .text), ("d", .bool), ("e", .date), ("f", .datetime),
    ("g", .duration), ("h", .int), ("i", .float), ("j", .bool), ("k", .int), ("l", .float),
    ("m", ValueType(.ref("other"))), ("n", .int), ("o", .float), ("p", .int), ("q", .duration),
    ("r", .datetime), ("s", .datetime), ("u", .float), ("v", .int), ("w", .duration),
    ("x", .float), ("y", .int), ("z", .text),
  ]

  @Test("column types are inferred from their expressions", arguments: expectedTypes)
  func inference(_ column: String, _ type: ValueType) throws {
    let p = try Self.program(Self.inferenceSource)
    #expect(try Self.slot(p, "t", column).type == type)
  }

  @Test("int widens to float in annotations, conditionals, min/max and mixed arithmetic")
  func widening() throws {
    let p = try Self.program(
      """
      table t [3] {
        a: float = 3
        b: float = uniform_int(1, 3)
        c = bernoulli(0.5) ? 1 : 2.5
        d = max(1, uniform(0, 2))
        e = uniform_int(1, 3) * 0.5
      }
      """)
    let a = try Self.slot(p, "t", "a")
    #expect(a.type == .float)
    #expect(a.expr.constantValue == .float(3), "the constant is converted, not just retyped")
    let b = try Self.slot(p, "t", "b")
    #expect(b.type == .float)
    #expect(b.expr.type == .float)
    let c = try Self.slot(p, "t", "c")
    #expect(c.type == .float)
    if case .conditional(_, let then, let other) = c.expr.kind {
      #expect(then.type == .float)
      #expect(then.constantValue == .float(1), "the int branch becomes a float constant")
      #expect(other.constantValue == .float(2.5))
    } else {
      Issue.record("expected a conditional, got \(c.expr.kind)")
    }
    #expect(try Self.slot(p, "t", "d").type == .float)
    #expect(try Self.slot(p, "t", "e").type == .float)
  }

  @Test("a float value does not fit an int annotation")
  func noNarrowing() {
    let errs = Self.errors("table t [1] {\n  x: int = 1.5\n}\n")
    #expect(errs.map(\.code) == [.annotationMismatch])
    #expect(errs.first?.message.contains("declared 'int'") == true)
  }

  @Test("null in a conditional makes the column nullable, and null propagates")
  func nullability() throws {
    let p = try Self.program(
      """
      table t [3] {
        a = bernoulli(0.5) ? 1 : null
        b = bernoulli(0.5) ? null : "x"
        c = a + 1
        d = coalesce(a, 0)
        e = a is null
        f: text? = null
        g = bernoulli(0.5) ? now : null
        h = match { a == 1 => "one", a == 2 => "two" }
      }
      """)
    #expect(try Self.slot(p, "t", "a").type == .int.nullable)
    #expect(try Self.slot(p, "t", "b").type == .text.nullable)
    #expect(try Self.slot(p, "t", "c").type == .int.nullable)
    #expect(try Self.slot(p, "t", "d").type == .int)
    #expect(try Self.slot(p, "t", "e").type == .bool)
    #expect(try Self.slot(p, "t", "f").type == .text.nullable)
    #expect(try Self.slot(p, "t", "g").type == .datetime.nullable)
    #expect(try Self.slot(p, "t", "h").type.isNullable, "a match without '_' may be null")
  }

  @Test("a nullable value does not fit a non-null annotation; an always-null column is an error")
  func nullErrors() {
    let errs = Self.errors("table t [1] {\n  x: int = bernoulli(0.5) ? 1 : null\n  y = null\n}\n")
    #expect(errs.map(\.code) == [.annotationMismatch, .annotationMismatch])
    #expect(errs.first?.message.contains("may be null") == true)
    #expect(errs.last?.message.contains("always null") == true)
  }

  @Test("choice{} of texts has a choice type; conditionals take the union")
  func choiceTypes() throws {
    let p = try Self.program(
      """
      table t [3] {
        a = choice { "x" 1, "y" 2 }
        b = bernoulli(0.5) ? choice { "x" 1 } : choice { "y" 1, "z" 1 }
        c = bernoulli(0.5) ? a : "free text"
        d = choice { 1 1, 2 1 }
        e = match a { "x" => choice { "p" 1 }, _ => choice { "q" 1, "p" 1 } }
        f = choice { "x" 1, "y" 1, "x" 1 }
        g = bernoulli(0.5) ? a : null
      }
      """)
    #expect(try Self.slot(p, "t", "a").type == ValueType(.choice(["x", "y"])))
    #expect(try Self.slot(p, "t", "b").type == ValueType(.choice(["x", "y", "z"])))
    #expect(try Self.slot(p, "t", "c").type == .text)
    #expect(try Self.slot(p, "t", "d").type == .int)
    #expect(try Self.slot(p, "t", "e").type == ValueType(.choice(["p", "q"])))
    #expect(
      try Self.slot(p, "t", "f").type == ValueType(.choice(["x", "y"])), "duplicates appear once")
    #expect(try Self.slot(p, "t", "g").type == ValueType(.choice(["x", "y"]), nullable: true))
  }

  @Test("comparing a choice with a text that is not one of its values is an error")
  func choiceLiteral() {
    let errs = Self.errors(
      "table t [1] {\n  a = choice { \"x\" 1, \"y\" 1 }\n  b = a == \"z\"\n}\n")
    #expect(errs.map(\.code) == [.notAChoiceValue])
  }

  @Test("persona is a choice of the persona names")
  func personaType() throws {
    let p = try Self.program("table t [4] {\n  persona a 1, b 3\n  kind = persona\n}\n")
    #expect(try Self.slot(p, "t", "kind").type == ValueType(.choice(["a", "b"])))
    let plan = try #require(p.tables[0].personas)
    #expect(plan.names == ["a", "b"])
    #expect(plan.exactCounts == [1, 3])
  }

  @Test("float(N) records the precision")
  func precision() throws {
    let p = try Self.program(
      "table t [1] {\n  a: float(2) = uniform(0, 1)\n  b: float = 1.5\n  c: float(0) = 2\n  d = 1.5\n}\n"
    )
    #expect(try Self.slot(p, "t", "a").precision == 2)
    #expect(try Self.slot(p, "t", "a").type == .float)
    #expect(try Self.slot(p, "t", "b").precision == nil)
    #expect(try Self.slot(p, "t", "c").precision == 0)
    #expect(try Self.slot(p, "t", "c").type == .float)
    #expect(try Self.slot(p, "t", "d").precision == nil)
  }

  @Test("only float takes a precision, of 0 to 12 decimals")
  func precisionErrors() {
    let errs = Self.errors("table t [1] {\n  a: int(2) = 1\n  b: float(13) = 1.5\n}\n")
    #expect(errs.map(\.code) == [.annotationMismatch, .annotationMismatch])
    #expect(errs.first?.message.contains("only 'float'") == true)
    #expect(errs.last?.message.contains("0 to 12") == true)
  }

  // MARK: - Order

  @Test("columns may reference columns declared later; evaluation follows dependencies")
  func declarationOrder() throws {
    let p = try Self.program(
      """
      table t [2] {
        a = b + 1
        b = c * 2
        let c = d - 1
        d = uniform_int(1, 5)
        e = 7
      }
      """)
    let table = p.tables[0]
    #expect(table.slots.map(\.name) == ["a", "b", "c", "d", "e"])
    #expect(table.outputSlots == [0, 1, 3, 4], "hidden lets are not written")
    #expect(Set(table.evaluationOrder) == Set(0..<5))
    func position(_ name: String) -> Int {
      let s = Self.slotIndex(p, "t", name) ?? -1
      return table.evaluationOrder.firstIndex(of: s) ?? -1
    }
    #expect(position("d") < position("c"))
    #expect(position("c") < position("b"))
    #expect(position("b") < position("a"))
    #expect(try Self.slot(p, "t", "a").type == .int)
  }

  @Test("tables are generated after the tables they read, whatever the declaration order")
  func tableOrder() throws {
    let p = try Self.program(
      """
      table c [each x in b] { v = x.w }
      table b [4] { r = pick a
        w = r.id }
      table a [2] { id = row }
      """)
    let names = p.generationOrder.map { p.tables[$0].name }
    #expect(names == ["a", "b", "c"])
    #expect(p.tables.map(\.name) == ["c", "b", "a"], "tables keep declaration order")
  }

  // MARK: - Constant folding

  @Test("constant expressions are folded")
  func folding() throws {
    let p = try Self.program(
      """
      let k = 10
      table t [1] {
        a = 2 * 3 + 1
        b = "T" ++ pad(7, 3)
        c = max(1, 2.5)
        d = date(2024-06-30T12:00:00)
        e = k * 2
        f = 7 / 2
        g = -(3 - 5)
        h = 1 < 2 and not false
        i = true ? "yes" : "no"
        j = minutes(90)
        l = 2024-06-30 - 2024-06-01
        m = weekday(2024-06-30)
        n = 5 in 1..10
        o = round(2.5)
      }
      """)
    func constant(_ name: String) throws -> Value? {
      try Self.slot(p, "t", name).expr.constantValue
    }
    #expect(try constant("a") == .int(7))
    #expect(try constant("b") == .text("T007"))
    #expect(try constant("c") == .float(2.5))
    #expect(try constant("d") == .date(19_904))
    #expect(try constant("e") == .int(20))
    #expect(try constant("f") == .float(3.5))
    #expect(try constant("g") == .int(2))
    #expect(try constant("h") == .bool(true))
    #expect(try constant("i") == .text("yes"))
    #expect(try constant("j") == .duration(5_400))
    #expect(try constant("l") == .duration(29 * 86_400))
    #expect(try constant("m") == .int(7))
    #expect(try constant("n") == .bool(true))
    #expect(try constant("o") == .int(3))
  }

  @Test("random draws are never folded; 'false and x' folds even when x is random")
  func noFoldingOfRandom() throws {
    let p = try Self.program(
      "table t [1] {\n  a = uniform(0, 1) * 0\n  b = false and bernoulli(0.5)\n}\n")
    #expect(try Self.slot(p, "t", "a").expr.constantValue == nil)
    #expect(try Self.slot(p, "t", "b").expr.constantValue == .bool(false))
  }

  @Test("constant errors are compile errors")
  func constantErrors() throws {
    let errs = Self.errors(
      "table t [1] {\n  a = 1 / 0\n  b = 9223372036854775807 + 1\n  c = beta(-1, 2)\n  d = clamp(1, 5, 2)\n}\n"
    )
    try #require(errs.count == 4, "\(errs.map(\.message))")
    #expect(errs[0].code == .divisionByZero)
    #expect(errs[1].message.contains("integer overflow"))
    #expect(errs[2].code == .invalidDistributionParameter)
    #expect(errs[3].code == .invalidRange)
  }

  // MARK: - Parameters

  static let paramSource = """
    scenario params
    param n = 5
    param label = "dev" in ["dev", "prod"]
    mode big { n = 50 }
    mode production { label = "prod" }
    table t [n] {
      tag = label
    }
    """

  @Test("parameter precedence: default < mode < --set")
  func parameterPrecedence() throws {
    #expect(Self.fixedCount(try Self.program(Self.paramSource), "t") == 5)
    #expect(
      Self.fixedCount(try Self.program(Self.paramSource, CheckOptions(mode: "big")), "t") == 50)
    #expect(
      Self.fixedCount(
        try Self.program(Self.paramSource, CheckOptions(mode: "big", overrides: [("n", "7")])), "t")
        == 7)
    #expect(
      Self.fixedCount(
        try Self.program(Self.paramSource, CheckOptions(overrides: [("n", "9")])), "t") == 9)
    let p = try Self.program(
      Self.paramSource, CheckOptions(mode: "production", overrides: [("n", "6")]))
    #expect(Self.fixedCount(p, "t") == 6)
    #expect(p.parameters.map(\.name) == ["n", "label"])
    #expect(p.parameters.map(\.value) == [.int(6), .text("prod")])
    #expect(try Self.slot(p, "t", "tag").expr.constantValue == .text("prod"))
  }

  @Test("--set text parameters take the text as is; later --set wins")
  func setText() throws {
    let p = try Self.program(
      Self.paramSource, CheckOptions(overrides: [("label", "dev"), ("label", "prod")]))
    #expect(p.parameters.last?.value == .text("prod"))
  }

  @Test("'in [...]' restricts the final parameter value")
  func allowedValues() {
    let errs = Self.errors(Self.paramSource, CheckOptions(overrides: [("label", "staging")]))
    #expect(errs.map(\.code) == [.invalidParameterValue])
    #expect(errs.first?.message.contains("not one of its allowed values") == true)
    let bad = Self.errors("param m = \"x\" in [\"a\", \"b\"]\ntable t [1] { v = m }\n")
    #expect(bad.map(\.code) == [.invalidParameterValue])
  }

  @Test("--set errors: unknown name, wrong type, a let is not a parameter")
  func setErrors() {
    let unknown = Self.errors(Self.paramSource, CheckOptions(overrides: [("nn", "1")]))
    #expect(unknown.map(\.code) == [.invalidParameterValue])
    #expect(unknown.first?.help == "did you mean 'n'?")
    let wrongType = Self.errors(Self.paramSource, CheckOptions(overrides: [("n", "1.5")]))
    #expect(wrongType.map(\.code).contains(.invalidParameterValue))
    let onLet = Self.errors(
      "let k = 3\ntable t [k] { v = 1 }\n", CheckOptions(overrides: [("k", "4")]))
    #expect(onLet.map(\.code) == [.invalidParameterValue])
  }

  @Test("a --set value that is not a literal of the parameter's type gives one diagnostic")
  func setNotALiteral() throws {
    let errs = Self.errors(Self.paramSource, CheckOptions(overrides: [("n", "abc")]))
    #expect(errs.map(\.code) == [.invalidParameterValue])
    #expect(errs.first?.message.contains("'abc' is not a valid int value") == true)
    let p = try Self.program(
      "param k = 1\nparam r = 0.5\ntable t [1] { v = k\n  w = r }\n",
      CheckOptions(overrides: [("k", "-3"), ("r", "-0.25")]))
    #expect(
      p.parameters.map(\.value) == [.int(-3), .float(-0.25)], "negative numbers are literals")
  }

  @Test("a float parameter accepts an int override, widened")
  func setWidens() throws {
    let p = try Self.program(
      "param rate = 0.5\ntable t [1] { v = rate }\n", CheckOptions(overrides: [("rate", "1")]))
    #expect(p.parameters.first?.value == .float(1))
  }

  @Test("modes: unknown mode, a mode setting an unknown parameter, a duplicate mode")
  func modeErrors() {
    let unknownMode = Self.errors(Self.paramSource, CheckOptions(mode: "nosuch"))
    #expect(unknownMode.map(\.code) == [.unknownMode])
    #expect(unknownMode.first?.notes == ["modes: big, production"])
    let badMode = Self.errors("param n = 1\nmode m { nn = 2 }\ntable t [n] { v = 1 }\n")
    #expect(badMode.map(\.code) == [.unknownMode])
    #expect(badMode.first?.message == "mode 'm' sets 'nn', which is not a parameter")
    #expect(badMode.first?.help == "did you mean 'n'?")
    let twice = Self.errors(
      "param n = 1\nmode m { n = 2 }\nmode m { n = 3 }\ntable t [n] { v = 1 }\n")
    #expect(twice.map(\.code) == [.duplicateDefinition])
  }

  @Test("top-level lets may reference lets declared later; a cycle is reported")
  func lets() throws {
    let p = try Self.program("let a = b * 2\nlet b = c + 1\nlet c = 4\ntable t [a] { v = b }\n")
    #expect(Self.fixedCount(p, "t") == 10)
    #expect(try Self.slot(p, "t", "v").expr.constantValue == .int(5))
    let errs = Self.errors("let a = b + 1\nlet b = a + 1\ntable t [1] { v = a }\n")
    #expect(errs.map(\.code) == [.dependencyCycle])
    #expect(errs.first?.message.contains("'a' -> 'b' -> 'a'") == true)
  }

  @Test("lets read parameters after the mode and --set are applied")
  func letsSeeOverrides() throws {
    let source = "param n = 2\nmode m { n = 3 }\nlet total = n * 10\ntable t [total] { v = 1 }\n"
    #expect(Self.fixedCount(try Self.program(source), "t") == 20)
    #expect(Self.fixedCount(try Self.program(source, CheckOptions(mode: "m")), "t") == 30)
    #expect(
      Self.fixedCount(try Self.program(source, CheckOptions(overrides: [("n", "4")])), "t") == 40)
  }

  @Test("seed and now options replace the header")
  func headerOptions() throws {
    let source = "scenario h\nseed 42\nnow 2024-06-30\ntable t [1] { v = now }\n"
    let p = try Self.program(source)
    #expect(p.name == "h")
    #expect(p.seed == 42)
    #expect(p.now == 1_719_705_600)
    let q = try Self.program(source, CheckOptions(seed: 7, now: 0))
    #expect(q.seed == 7)
    #expect(q.now == 0)
    #expect(try Self.slot(q, "t", "v").expr.constantValue == .datetime(0))
  }

  @Test("'++' and text() reject references; reading a column of the reference is fine")
  func referencesHaveNoText() throws {
    let errs = Self.errors(
      "table p [2] {\n  key id\n  id = \"P\" ++ pad(row, 2)\n}\ntable c [2] {\n  r = pick p\n  s = \"x\" ++ r\n  u = text(r)\n}\n"
    )
    #expect(errs.map(\.code) == [.operatorTypeMismatch, .argumentTypeMismatch])
    let p = try Self.program(
      "table p [2] {\n  key id\n  id = \"P\" ++ pad(row, 2)\n}\ntable c [2] {\n  r = pick p\n  s = \"x\" ++ r.id\n}\n"
    )
    #expect(try Self.slot(p, "c", "s").type == .text)
  }

  // MARK: - Cycles and many errors

  @Test("a cycle between tables is reported with its path")
  func tableCycle() {
    let errs = Self.errors("table a [3] { r = pick b }\ntable b [3] { r = pick a }\n")
    #expect(errs.map(\.code) == [.dependencyCycle])
    #expect(errs.first?.message == "tables depend on each other in a cycle: 'a' -> 'b' -> 'a'")
    let three = Self.errors(
      "table a [3] { r = pick c }\ntable b [3] { r = pick a }\ntable c [3] { r = pick b }\n")
    #expect(three.map(\.code) == [.dependencyCycle])
    #expect(three.first?.message.contains("'a' -> 'c' -> 'b' -> 'a'") == true)
  }

  @Test("a cycle between a child table and the table it reads is reported")
  func childCycle() {
    let errs = Self.errors("table a [3] { r = pick b }\ntable b [each x in a] { v = 1 }\n")
    #expect(errs.map(\.code) == [.dependencyCycle])
  }

  @Test("a cycle between columns is reported with its path")
  func columnCycle() {
    let errs = Self.errors("table t [1] {\n  x = y + 1\n  y = x * 2\n}\n")
    #expect(errs.map(\.code) == [.dependencyCycle])
    #expect(errs.first?.message == "column 'x' depends on itself: 'x' -> 'y' -> 'x'")
  }

  @Test("many errors in one file are all reported, sorted by position")
  func manyErrors() {
    let source = """
      scenario bad
      seed 7

      table tutors [6] {
        persona star 2, solid 2
        tutor_id = "T" ++ pad(row + 1, 3)
        rating = beta(-1, 2)
        x = y + 1
        y = x * 2
        name = "a" * 2
        q = reliablity + 1
        reliability = 0.5
        s = unifrom(1, 2)
        z = tutor_id == 3 ? 1 : "a"
      }

      table sessions [10] {
        t = pick tutorz
        u = choice { "a" 50%, "b" 50% }
        v = u == "c"
      }
      """
    let result = Self.compile(source)
    #expect(result.program == nil)
    let expected: [(DiagnosticCode, Int)] = [
      (.invalidPersonaShares, 5), (.invalidDistributionParameter, 7), (.dependencyCycle, 8),
      (.operatorTypeMismatch, 10), (.unknownColumn, 11), (.unknownFunction, 13),
      (.operatorTypeMismatch, 14), (.unknownTable, 18), (.notAChoiceValue, 20),
    ]
    let actual = result.diagnostics.map { ($0.code, result.file.location(of: $0.span.start).line) }
    #expect(actual.map(\.0) == expected.map(\.0))
    #expect(actual.map(\.1) == expected.map(\.1))
    #expect(result.errorCount >= 5)
    #expect(
      result.diagnostics.first { $0.code == .unknownColumn }?.help == "did you mean 'reliability'?")
  }

  @Test("syntax and checker errors are reported together")
  func syntaxAndCheckerErrors() {
    let result = Self.compile("table t [3] {\n  a = * 3\n  c = \"x\" * 2\n}\n")
    let codes = Set(result.diagnostics.map(\.code))
    #expect(codes.contains(.expectedExpression))
    #expect(codes.contains(.operatorTypeMismatch))
  }

  @Test("the compiler never crashes on truncated prefixes of a valid scenario")
  func prefixes() {
    let source =
      Self.inferenceSource + "\n"
      + Self.paramSource.replacingOccurrences(of: "scenario params\n", with: "")
    let bytes = Array(source.utf8)
    for end in stride(from: 0, to: bytes.count, by: 7) {
      let text = String(decoding: bytes[..<end], as: UTF8.self)
      _ = Self.compile(text)
    }
  }

  // MARK: - Former bugs, kept as regression tests

  @Test(
    "a persona override that widens a column to float converts the base value too")
  func overrideWidening() throws {
    let p = try Self.program("table t [2] {\n  persona a 1, b 1\n  x = 1 | b: 2.5\n}\n")
    let x = try Self.slot(p, "t", "x")
    #expect(x.type == .float)
    guard case .personaSwitch(let base, let overrides) = x.expr.kind else {
      Issue.record("expected a persona switch")
      return
    }
    #expect(base.type == .float)
    #expect(base.constantValue == .float(1))
    #expect(overrides.values.allSatisfy { $0.type == .float })
  }

  @Test(
    "abs of a constant duration of -2^63 is a compile error")
  func constantAbsOverflow() {
    let errs = Self.errors(
      "table t [1] {\n  x = abs(seconds(4611686018427387904) + seconds(4611686018427387904))\n}\n")
    #expect(errs.count == 1)
  }

  @Test(
    "Int64.min % -1 in a constant folds to 0 without a trap")
  func constantModuloOverflow() {
    let errs = Self.errors("table t [1] {\n  x = (-9223372036854775807 - 1) % -1\n}\n")
    #expect(errs.isEmpty)
  }
}
