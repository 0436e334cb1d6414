import ScenarioAST
import ScenarioDiagnostics
import ScenarioIR

/// Type compatibility rules shared by the checker's passes.
enum TypeRules {
  /// Whether a value of type `a` may be used where `b` is expected (int widens to float, a choice
  /// is a text, a non-null value fits a nullable slot).
  static func assignable(_ a: ValueType, to b: ValueType) -> Bool {
    if a.isError || b.isError { return true }
    if a.kind == .null { return b.isNullable }
    if a.isNullable && !b.isNullable { return false }
    switch (a.kind, b.kind) {
    case (.int, .float): return true
    case (.choice, .text): return true
    case (.choice(let x), .choice(let y)): return x.allSatisfy(y.contains)
    default: return a.kind == b.kind
    }
  }

  /// The common type of two branches, or nil if they cannot meet.
  static func unify(_ a: ValueType, _ b: ValueType) -> ValueType? {
    if a.isError || b.isError { return .error }
    if a.kind == .null { return b.nullable }
    if b.kind == .null { return a.nullable }
    let nullable = a.isNullable || b.isNullable
    switch (a.kind, b.kind) {
    case (.int, .float), (.float, .int): return ValueType(.float, nullable: nullable)
    case (.choice(let x), .choice(let y)):
      return ValueType(.choice(x + y.filter { !x.contains($0) }), nullable: nullable)
    case (.choice, .text), (.text, .choice): return ValueType(.text, nullable: nullable)
    default: return a.kind == b.kind ? ValueType(a.kind, nullable: nullable) : nil
    }
  }

  /// The result type of a binary operator, or nil if the operands do not fit it.
  static func binary(_ op: BinaryOperator, _ a: ValueType, _ b: ValueType) -> ValueType? {
    if a.isError || b.isError { return .error }
    let nullable = a.isNullable || b.isNullable
    func n(_ k: TypeKind) -> ValueType { ValueType(k, nullable: nullable) }
    switch op {
    case .and, .or, .implies:
      return isBoolish(a) && isBoolish(b) ? .bool : nil
    case .equal, .notEqual:
      return comparable(a, b, ordered: false) ? .bool : nil
    case .less, .lessEqual, .greater, .greaterEqual:
      return comparable(a, b, ordered: true) ? n(.bool) : nil
    case .concat:
      return isRef(a) || isRef(b) ? nil : n(.text)
    case .add, .subtract, .multiply, .divide, .modulo:
      return arithmetic(op, a, b).map { n($0) }
    }
  }

  static func isBoolish(_ t: ValueType) -> Bool { t.kind == .bool || t.kind == .null }

  /// Whether a type is a reference (which has no text form of its own: read a column of it).
  static func isRef(_ t: ValueType) -> Bool {
    if case .ref = t.kind { return true }
    return false
  }

  /// Whether two types can be compared.
  static func comparable(_ a: ValueType, _ b: ValueType, ordered: Bool) -> Bool {
    if a.kind == .null || b.kind == .null { return !ordered }
    if a.isNumeric && b.isNumeric { return true }
    if a.isTextual && b.isTextual { return true }
    switch (a.kind, b.kind) {
    case (.date, .datetime), (.datetime, .date): return true
    case (.ref(let x), .ref(let y)): return !ordered && x == y
    case (.bool, .bool): return true
    default: return a.kind == b.kind
    }
  }

  /// Arithmetic result kinds: numbers, and calendar arithmetic on dates, date-times and durations.
  static func arithmetic(_ op: BinaryOperator, _ a: ValueType, _ b: ValueType) -> TypeKind? {
    switch (a.kind, b.kind) {
    case (.int, .int): return op == .divide ? .float : .int
    case (.int, .float), (.float, .int), (.float, .float): return .float
    case (.datetime, .duration), (.date, .duration):
      return op == .add || op == .subtract ? .datetime : nil
    case (.duration, .datetime): return op == .add ? .datetime : nil
    case (.datetime, .datetime), (.date, .date), (.date, .datetime), (.datetime, .date):
      return op == .subtract ? .duration : nil
    case (.duration, .duration):
      return op == .add || op == .subtract ? .duration : op == .divide ? .float : nil
    case (.duration, .int), (.duration, .float):
      return op == .multiply || op == .divide ? .duration : nil
    case (.int, .duration), (.float, .duration): return op == .multiply ? .duration : nil
    default: return nil
    }
  }

  /// The type named by an annotation, or nil if the name is unknown.
  static func annotated(_ name: String) -> TypeKind? {
    switch name {
    case "int": .int
    case "float": .float
    case "bool": .bool
    case "text": .text
    case "date": .date
    case "datetime": .datetime
    case "duration": .duration
    default: nil
    }
  }
}

extension Checker {
  /// "did you mean" help built from edit distance over the names in scope. Only the first 100
  /// suggestions of a compilation are computed: each costs an edit distance per name in scope,
  /// and no one reads past the first screenful of errors.
  mutating func suggest(_ name: String, _ candidates: [String]) -> String? {
    guard suggestionBudget > 0 else { return nil }
    suggestionBudget -= 1
    return Suggestions.closest(to: name, among: candidates).map { "did you mean '\($0)'?" }
  }
}
