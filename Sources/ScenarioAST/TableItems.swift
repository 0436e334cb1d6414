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
  /// `(columns) { (values) ... }` or `= [values]`: an inline table of literal rows.
  case inline(InlineTable)
  /// `(columns) from csv "PATH" | from table "NAME" | from query "SQL"`: rows read, not
  /// generated (a source, Docs/Databases.md).
  case source(SourceTable)
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
  /// `v in a, w in b, ...`: the further factors of a cross product (empty for a child table of
  /// one parent). The rows are then per cell of the product of `parent` and these tables.
  public var product: [ChildBinding] = []
  public init(count: Expr?, variable: Name, parent: Name, filter: Expr?, product: [ChildBinding] = []) {
    self.count = count
    self.variable = variable
    self.parent = parent
    self.filter = filter
    self.product = product
  }
  /// Every factor, the first one included.
  public var factors: [ChildBinding] { [ChildBinding(variable: variable, table: parent)] + product }
}

/// `v in table`: one factor of a cross product.
public struct ChildBinding: Sendable, Equatable {
  public var variable: Name
  public var table: Name
  public init(variable: Name, table: Name) {
    self.variable = variable
    self.table = table
  }
}

/// A table written in the scenario: `table cefr (level, low: float, high) { ("A1", 0, 0.2) ... }`,
/// or a list, `table skills = ["reading", "writing"]`, whose one column is `value`.
public struct InlineTable: Sendable, Equatable {
  public var columns: [InlineColumn]
  public var rows: [InlineRow]
  /// Declared with `= [...]`.
  public var isList: Bool
  public init(columns: [InlineColumn], rows: [InlineRow], isList: Bool) {
    self.columns = columns
    self.rows = rows
    self.isList = isList
  }
}

/// A table read from existing data: `table bank (id: int, section: text) from csv "bank.csv"`.
public struct SourceTable: Sendable, Equatable {
  public var columns: [InlineColumn]
  public var origin: SourceOrigin
  /// The span of the origin's string (for diagnostics about the data).
  public var originSpan: SourceSpan
  public init(columns: [InlineColumn], origin: SourceOrigin, originSpan: SourceSpan) {
    self.columns = columns
    self.origin = origin
    self.originSpan = originSpan
  }
}

/// Where a source table's rows come from.
public enum SourceOrigin: Sendable, Equatable {
  /// A CSV file with a header, its path relative to the scenario's file.
  case csv(path: String)
  /// A table of the target database (its rows the scenario owns left out).
  case table(name: String)
  /// A query run on the target database.
  case query(sql: String)
}

extension SourceOrigin {
  /// As written after `from`.
  public var declared: String {
    switch self {
    case .csv(let path): "csv \"\(path)\""
    case .table(let name): "table \"\(name)\""
    case .query(let sql): "query \"\(sql)\""
    }
  }

  public var isDatabase: Bool {
    if case .csv = self { return false }
    return true
  }
}

/// A column of an inline table: its name and optional type.
public struct InlineColumn: Sendable, Equatable {
  public var name: Name
  public var type: TypeAnnotation?
  public init(name: Name, type: TypeAnnotation?) {
    self.name = name
    self.type = type
  }
}

/// A row of an inline table: one value per column.
public struct InlineRow: Sendable, Equatable {
  public var values: [Expr]
  public var span: SourceSpan
  public init(values: [Expr], span: SourceSpan) {
    self.values = values
    self.span = span
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
  /// `key NAME, ... [assigned]` — the primary key; `assigned`: a database target assigns it.
  case key([Name], assigned: SourceSpan?)
  /// `natural key NAME, ...` — the columns that identify a row in a database (Databases.md).
  case naturalKey([Name])
  /// `on conflict skip | update | fail` — what a database target does with a row whose
  /// natural key is already there.
  case conflict(Name)
  /// `owned where CONDITION` or `owned through COLUMN` — the rows of a database table that
  /// this scenario owns, which `scenario purge` deletes.
  case owned(OwnershipDecl)
  /// `double precision NAME, ...` — `float(N)` columns a PostgreSQL table keeps as `DOUBLE
  /// PRECISION` rather than `NUMERIC(p, N)`.
  case doublePrecision([Name])
  /// `correlate a, b: [rank | pearson] value [repair]`
  case correlate(CorrelateDecl)
  /// `order by KEY [desc], ... [within GROUP]`: positions of the rows within their group.
  case order(OrderDecl)
  /// An item that failed to parse.
  case invalid
}

/// Which rows of a database table a scenario owns.
public enum OwnershipDecl: Sendable, Equatable {
  /// `owned where CONDITION`: the rows where the condition on the table's written columns holds.
  case condition(Expr)
  /// `owned through COLUMN`: the rows whose reference column points at an owned row.
  case through(Name)
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

/// `order by started_at, minutes desc within student`: ranks a table's rows within a group (the
/// rows sharing the value of column GROUP, or without `within` the children of one parent, or
/// the whole table) by the keys, ties broken by row. It exposes positions (`rank()`,
/// `is_first()`, `is_last()`, `group_size()`, `previous(x)`, `running sum(x)` ...) and never
/// reorders the output.
public struct OrderDecl: Sendable, Equatable {
  public struct Key: Sendable, Equatable {
    public var expr: Expr
    public var descending: Bool
    public init(expr: Expr, descending: Bool) {
      self.expr = expr
      self.descending = descending
    }
  }
  public var keys: [Key]
  public var group: Name?
  public init(keys: [Key], group: Name?) {
    self.keys = keys
    self.group = group
  }
}
