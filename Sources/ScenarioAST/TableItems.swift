import ScenarioDiagnostics

/// `table NAME [count] { items }`
public struct TableDecl: Sendable, Equatable {
  public var name: Name
  public var count: TableCount
  public var items: [TableItem]
  /// The span of `{`, for "body opened here" labels.
  public var bodyOpen: SourceSpan
  /// `into NAME`: the rows are written into the output NAME, after the rows of the tables
  /// declared before with the same `into`.
  public var into: Name? = nil
  public init(name: Name, count: TableCount, items: [TableItem], bodyOpen: SourceSpan) {
    self.name = name
    self.count = count
    self.items = items
    self.bodyOpen = bodyOpen
  }
}

/// How many rows a table has.
public enum TableCount: Sendable, Equatable {
  /// `[expr]`: a count computed once from parameters.
  case fixed(Expr)
  /// `[each v in parent where cond]` or `[expr per v in parent where cond]`: child rows per parent
  /// row; `perParent` is nil for `each` (one row).
  case perParent(ChildSpec)
  /// A count that failed to parse.
  case invalid(SourceSpan)
}

/// The parent iteration of a child table.
public struct ChildSpec: Sendable, Equatable {
  /// Rows per parent row (nil means 1).
  public var count: Expr?
  /// The name bound to the parent row.
  public var variable: Name
  public var parent: Name
  public var filter: Expr?
  public init(count: Expr?, variable: Name, parent: Name, filter: Expr?) {
    self.count = count
    self.variable = variable
    self.parent = parent
    self.filter = filter
  }
}

/// One item in a table body.
public struct TableItem: Sendable, Equatable {
  public var kind: TableItemKind
  public var span: SourceSpan
  public init(_ kind: TableItemKind, span: SourceSpan) {
    self.kind = kind
    self.span = span
  }
}

/// The kinds of table items.
public enum TableItemKind: Sendable, Equatable {
  /// `NAME [: type] = expr { | persona, ...: expr }` — written to output.
  case column(ColumnDecl)
  /// `let NAME [: type] = expr ...` — a helper column that is not written.
  case hidden(ColumnDecl)
  /// `persona NAME share [{ overrides }], ...`
  case personas([PersonaDecl])
  /// `key NAME, ...` — the primary key.
  case key([Name])
  /// `correlate a, b: [rank | pearson] value [repair]`
  case correlate(CorrelateDecl)
  /// An item that failed to parse.
  case invalid
}

/// A declared correlation between two columns of a table.
public struct CorrelateDecl: Sendable, Equatable {
  public var first: Name
  public var second: Name
  /// `rank` (Spearman, the default) or `pearson`, as written.
  public var method: Name?
  public var value: Expr
  /// `repair`: a correlation matrix that is not positive semi-definite is replaced by the
  /// nearest one, with a warning, instead of being an error.
  public var repair: Name?
  public init(first: Name, second: Name, method: Name?, value: Expr, repair: Name?) {
    self.first = first
    self.second = second
    self.method = method
    self.value = value
    self.repair = repair
  }
}

/// A column definition.
public struct ColumnDecl: Sendable, Equatable {
  public var name: Name
  public var type: TypeAnnotation?
  public var value: Expr
  public var overrides: [PersonaOverride]
  public init(name: Name, type: TypeAnnotation?, value: Expr, overrides: [PersonaOverride]) {
    self.name = name
    self.type = type
    self.value = value
    self.overrides = overrides
  }
}

/// `| a, b: expr` — the value of a column for rows of the named personas.
public struct PersonaOverride: Sendable, Equatable {
  public var personas: [Name]
  public var value: Expr
  public init(personas: [Name], value: Expr) {
    self.personas = personas
    self.value = value
  }
}

/// One persona: its name, its share of the table and its column overrides.
public struct PersonaDecl: Sendable, Equatable {
  public var name: Name
  public var share: PersonaShare
  public var overrides: [Assignment]
  public init(name: Name, share: PersonaShare, overrides: [Assignment]) {
    self.name = name
    self.share = share
    self.overrides = overrides
  }
}

/// How large a persona is.
public enum PersonaShare: Sendable, Equatable {
  /// An exact number of rows.
  case count(Expr)
  /// A probability per row (`10%`).
  case percent(Double, SourceSpan)
  /// Whatever the others leave.
  case rest(SourceSpan)
}
