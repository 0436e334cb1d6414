import ScenarioIR

/// How a run's tables go into a database (Databases.md): every table's rows are first staged
/// in a temporary table as they are generated, then merged into the real table, parents first,
/// inside the run's one transaction:
///
/// 1. references to tables whose keys the database decides are rewritten to the database's
///    keys, through each parent's map from the scenario's key to the database's;
/// 2. the staged rows must not repeat a natural key;
/// 3. the conflict policy meets the rows already there: `fail` stops at the first, `update`
///    rewrites the owned rows that differ, `skip` keeps them;
/// 4. the rows whose natural key is absent are inserted, in row order (an anti-join, never
///    `INSERT OR IGNORE` or `OR REPLACE`, so no id is consumed by a skipped row);
/// 5. every staged row must be owned by the scenario, as `purge` will see it;
/// 6. a map from the scenario's key to the database's is kept for the children.
///
/// The statements are generated here as text for a dialect; the SQLite target runs them, and
/// the SQL load script will print them.
public struct DatabasePlan: Sendable {
  public struct Table: Sendable {
    /// The table's written columns (references as the referenced key).
    public var schema: TableSchema
    public var database: DatabaseIR
    /// The single key column, if any.
    public var key: String?
    /// The columns that identify a row (natural key, else the primary key unless assigned).
    public var identity: [String]
    /// The reference columns and the tables they point at.
    public var references: [(column: String, table: String)]
    /// The ownership predicate on a row alias, if the table declares one.
    public var owned: OwnedPredicate?
    /// Whether children need the map from the scenario's key to the database's.
    public var needsMap = false
    /// The table in the database: the output's name, or the name it is mapped to
    /// (`--table students=app.students`), possibly schema-qualified.
    public var target: String

    public var name: String { schema.name }
    /// `target` as SQL (`"app"."students"`).
    public var sqlName: String { qualified(target) }
    /// The columns the database receives (all but an assigned key).
    public var insertedColumns: [String] {
      schema.columns.map(\.name).filter { !(database.assignedKey && $0 == key) }
    }
  }

  /// Ownership as SQL: a condition on the table's own columns, or a reference into an owned
  /// table.
  public indirect enum OwnedPredicate: Sendable {
    case condition(IRExpr, columns: [Int: String])
    case through(column: String, table: String, key: String, parent: OwnedPredicate)

    /// The predicate on rows of `alias`.
    public func sql(_ alias: String, dialect: SQLDialect) throws -> String {
      switch self {
      case .condition(let e, let columns):
        return try SQLCondition(columns: columns, alias: alias, dialect: dialect).translate(e)
      case .through(let column, let table, let key, let parent):
        let inner = "p_\(alias)"
        return "\(alias).\(q(column)) IN (SELECT \(inner).\(q(key)) FROM \(qualified(table)) AS \(inner) WHERE \(try parent.sql(inner, dialect: dialect)))"
      }
    }
  }

  /// The written tables, parents before children.
  public var tables: [Table]
  public var dialect: SQLDialect

  /// The plan of `program`'s written tables (`schemas` by output name, as the engine writes
  /// them). Throws for a table that cannot be merged (a natural key without a key column, for
  /// a table others refer to).
  ///
  /// `targets` maps output names to the tables they go into (`schema.table` in PostgreSQL).
  public init(program: Program, schemas: [TableSchema], dialect: SQLDialect, targets: [String: String] = [:]) throws {
    self.dialect = dialect
    try Self.checkTargets(targets, outputs: schemas.map(\.name), dialect: dialect)
    var byName: [String: Table] = [:]
    var irByName: [String: TableIR] = [:]
    for t in program.tables where t.isWritten {
      irByName[t.union?.output ?? t.name] = irByName[t.union?.output ?? t.name] ?? t
    }
    for schema in schemas {
      guard let ir = irByName[schema.name] else { continue }
      let table = Table(
        schema: schema, database: ir.database, key: ir.keySlots.count == 1 ? ir.slots[ir.keySlots[0]].name : nil,
        identity: ir.database.identity(of: ir).map { ir.slots[$0].name },
        references: schema.columns.compactMap { c in c.references.flatMap { $0.external ? nil : (c.name, $0.table) } },
        target: targets[schema.name] ?? schema.name)
      byName[schema.name] = table
    }
    // Ownership, resolved through the tables it names.
    func owned(_ name: String, depth: Int) -> OwnedPredicate? {
      guard depth < 32, let ir = irByName[name], let ownership = ir.database.ownership else { return nil }
      switch ownership {
      case .condition(let e):
        var columns: [Int: String] = [:]
        for s in ir.outputSlots { columns[s] = ir.slots[s].name }
        return .condition(e, columns: columns)
      case .through(let slot, let target):
        let parent = program.tables[target]
        let parentName = parent.union?.output ?? parent.name
        guard parent.keySlots.count == 1, let inner = owned(parentName, depth: depth + 1) else { return nil }
        return .through(
          column: ir.slots[slot].name, table: targets[parentName] ?? parentName, key: parent.slots[parent.keySlots[0]].name, parent: inner)
      }
    }
    for name in byName.keys { byName[name]?.owned = owned(name, depth: 0) }
    // Children need a map when the database may give the parent other keys than the scenario.
    for table in byName.values {
      for (_, target) in table.references where target != table.name {
        guard let parent = byName[target] else { continue }
        let mapped = parent.database.assignedKey || (!parent.database.naturalKey.isEmpty && parent.identity != [parent.key].compactMap { $0 })
        if mapped {
          guard parent.key != nil else {
            throw DatabasePlanError("table '\(target)' is referenced by '\(table.name)' and identified by a natural key, so it needs a single key column")
          }
          byName[target]?.needsMap = true
        }
      }
    }
    // Parents first (declaration order among equals).
    var order: [String] = []
    var done = Set<String>()
    let names = schemas.map(\.name).filter { byName[$0] != nil }
    func visit(_ name: String, _ path: Set<String>) {
      guard !done.contains(name), !path.contains(name), let t = byName[name] else { return }
      for (_, target) in t.references where target != name { visit(target, path.union([name])) }
      done.insert(name)
      order.append(name)
    }
    for name in names { visit(name, []) }
    tables = order.compactMap { byName[$0] }
  }

  public func table(_ name: String) -> Table? { tables.first { $0.name == name } }

  /// A mapping names written tables, each to its own target; SQLite has no schemas.
  static func checkTargets(_ targets: [String: String], outputs: [String], dialect: SQLDialect) throws {
    var seen: [String: String] = [:]
    for (name, target) in targets.sorted(by: { $0.key < $1.key }) {
      guard outputs.contains(name) else {
        throw DatabasePlanError("'--table \(name)=\(target)' names no table the run writes (it writes \(outputs.joined(separator: ", ")))")
      }
      let parts = target.split(separator: ".", omittingEmptySubsequences: false)
      guard parts.count <= 2, parts.allSatisfy({ !$0.isEmpty }) else {
        throw DatabasePlanError("'--table \(name)=\(target)': the target is TABLE or SCHEMA.TABLE")
      }
      if dialect == .sqlite, parts.count == 2 {
        throw DatabasePlanError("'--table \(name)=\(target)': SQLite has no schemas; map '\(name)' to a table name without a dot")
      }
      let key = target.lowercased()
      if let other = seen[key] {
        throw DatabasePlanError("'--table' maps both '\(other)' and '\(name)' to '\(target)'")
      }
      seen[key] = name
    }
    // An unmapped output keeps its name: no mapped table may take it.
    for name in outputs where targets[name] == nil {
      if let other = seen[name.lowercased()] {
        throw DatabasePlanError("'--table' maps '\(other)' to '\(name)', which the run writes as itself")
      }
    }
  }

  // MARK: - Statements

  /// `CREATE TABLE IF NOT EXISTS` as the SQL output writes it, with an assigned key as the
  /// database's own (`INTEGER PRIMARY KEY AUTOINCREMENT` in SQLite, an identity in PostgreSQL)
  /// and the natural key `UNIQUE`.
  ///
  /// `keeps` says whether a foreign key into rows already in the database (a source read
  /// `from table`) is declared: only when the database can hold it (the referenced column is
  /// that table's key).
  public func createTable(_ t: Table, keeps: (ForeignKey) -> Bool = { _ in true }) throws -> String {
    try Self.createTable(t, dialect: dialect, target: { name in table(name)?.target ?? name }, keeps: keeps)
  }


  /// `target` gives the database table of a referenced output.
  public static func createTable(
    _ t: Table, dialect: SQLDialect, target: (String) -> String = { $0 }, keeps: (ForeignKey) -> Bool = { _ in true }
  ) throws -> String {
    var lines: [String] = []
    for column in t.schema.columns {
      if t.database.assignedKey, column.name == t.key {
        switch dialect {
        case .sqlite: lines.append("  \(q(column.name)) INTEGER PRIMARY KEY AUTOINCREMENT")
        case .postgres: lines.append("  \(q(column.name)) BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY")
        }
        continue
      }
      var line = "  \(q(column.name)) \(dialect.columnType(column))"
      if !column.type.isNullable { line += " NOT NULL" }
      if column.unique { line += " UNIQUE" }
      if case .choice(let cases) = column.type.kind, !cases.isEmpty {
        line += " CHECK (\(q(column.name)) IN (\(try cases.map { try literal(.text($0), dialect: dialect) }.joined(separator: ", "))))"
      }
      if let key = column.references, !key.external || keeps(key) {
        var table = key.external ? key.table : target(key.table)
        // SQLite's foreign keys name a table of the same database, without a schema.
        if dialect == .sqlite, table.lowercased().hasPrefix("main.") { table = String(table.dropFirst(5)) }
        line += " REFERENCES \(qualified(table)) (\(q(key.column)))"
        if key.table == t.name { line += " DEFERRABLE INITIALLY DEFERRED" }
      }
      lines.append(line)
    }
    if !t.database.assignedKey, !t.schema.primaryKey.isEmpty {
      lines.append("  PRIMARY KEY (\(t.schema.primaryKey.map(q).joined(separator: ", ")))")
    }
    let soleUnique = t.identity.count == 1 && t.schema.columns.contains { $0.name == t.identity[0] && $0.unique }
    if !t.database.naturalKey.isEmpty, t.identity != t.schema.primaryKey, !soleUnique {
      lines.append("  UNIQUE (\(t.identity.map(q).joined(separator: ", ")))")
    }
    return "CREATE TABLE IF NOT EXISTS \(t.sqlName) (\n\(lines.joined(separator: ",\n"))\n)"
  }

  /// The staging table: every written column with its type, no constraints; rows keep their
  /// order (SQLite's rowid, a serial column in PostgreSQL).
  public func createStage(_ t: Table) -> String {
    var columns = t.schema.columns.map { "\(q($0.name)) \(dialect.columnType($0))" }
    if dialect == .postgres { columns.insert("\(q("scenario_row")) BIGSERIAL", at: 0) }
    return "CREATE TEMP TABLE \(stage(t)) (\(columns.joined(separator: ", ")))"
  }

  /// The column that orders the staged rows.
  var stageOrder: String { dialect == .sqlite ? "s.rowid" : "s.\(q("scenario_row"))" }

  /// Whether a table goes through a staging table: it has a database item, or refers to a
  /// table whose keys the database may choose. Other tables are inserted as they are.
  public func needsStaging(_ t: Table) -> Bool {
    t.database.assignedKey || !t.database.naturalKey.isEmpty || t.database.conflict != .fail
      || t.references.contains { column, target in target != t.name && table(target)?.needsMap == true }
  }

  public func stage(_ t: Table) -> String { q("scenario_stage_" + t.name) }
  public func map(_ name: String) -> String { q("scenario_map_" + name) }

  /// The prepared insert of one row of every written column into `target` (a quoted name).
  public static func insertRow(_ t: Table, into target: String) -> String {
    "INSERT INTO \(target) (\(t.schema.columns.map { q($0.name) }.joined(separator: ", "))) VALUES (\(t.schema.columns.map { _ in "?" }.joined(separator: ", ")))"
  }

  /// Whether the direct targets insert a table's rows straight into it, skipping the staging
  /// table and the merge: it needs no staging (`needsStaging`: no database item, no reference
  /// to a mapped table) and every table it refers to is generated before it (`earlier`), so that
  /// foreign keys hold as its rows arrive. A key that is there already then fails the run with
  /// the database's own unique-constraint error.
  public func insertsDirectly(_ t: Table, earlier: Set<String>) -> Bool {
    !needsStaging(t) && t.references.allSatisfy { $0.table == t.name || earlier.contains($0.table) }
  }

  /// Step 1: each reference to a mapped parent becomes the database's key.
  public func resolveReferences(_ t: Table) -> [String] {
    t.references.compactMap { column, target in
      guard target != t.name, table(target)?.needsMap == true else { return nil }
      let s = stage(t)
      return "UPDATE \(s) SET \(q(column)) = (SELECT m.\(q("id")) FROM \(map(target)) AS m WHERE m.\(q("k")) = \(s).\(q(column))) WHERE \(q(column)) IS NOT NULL"
    }
  }

  /// Step 2: a natural key that two staged rows share (nil when the table has no identity).
  public func duplicateIdentity(_ t: Table) -> String? {
    guard !t.identity.isEmpty else { return nil }
    let cols = t.identity.map(q).joined(separator: ", ")
    return "SELECT \(cols), COUNT(*) FROM \(stage(t)) GROUP BY \(cols) HAVING COUNT(*) > 1 LIMIT 1"
  }

  /// The condition that staged row `s` and table row `t` share the identity.
  public func match(_ t: Table, stage s: String = "s", target: String = "t") -> String {
    t.identity.map { "\(target).\(q($0)) = \(s).\(q($0))" }.joined(separator: " AND ")
  }

  /// Where the rows already there are looked up: the table itself, or (without an index on
  /// the identity) a snapshot of its identities with an index of its own.
  public func existing(_ t: Table, snapshot: Bool) -> String {
    snapshot ? q("scenario_existing_" + t.name) : t.sqlName
  }

  public func createSnapshot(_ t: Table) -> [String] {
    let cols = t.identity.map(q).joined(separator: ", ")
    let name = existing(t, snapshot: true)
    return [
      "CREATE TEMP TABLE \(name) AS SELECT \(cols) FROM \(t.sqlName)",
      "CREATE INDEX \(q("scenario_existing_" + t.name + "_index")) ON \(name) (\(cols))",
    ]
  }

  /// Step 3, `fail`: the first staged row whose identity is there already.
  public func firstConflict(_ t: Table, snapshot: Bool) -> String {
    "SELECT \(t.identity.map { "s." + q($0) }.joined(separator: ", ")) FROM \(stage(t)) AS s WHERE EXISTS (SELECT 1 FROM \(existing(t, snapshot: snapshot)) AS t WHERE \(match(t))) LIMIT 1"
  }

  /// Step 3, `update`: rewrites the owned rows that share an identity with a staged row and
  /// differ from it (nil when every column is part of the identity or the key).
  public func update(_ t: Table) throws -> String? {
    let keyColumns = Set(t.identity + [t.key].compactMap { $0 })
    let columns = t.insertedColumns.filter { !keyColumns.contains($0) }
    guard !columns.isEmpty else { return nil }
    let set = columns.map { "\(q($0)) = s.\(q($0))" }.joined(separator: ", ")
    let differs = columns.map { "t.\(q($0)) \(dialect == .sqlite ? "IS NOT" : "IS DISTINCT FROM") s.\(q($0))" }.joined(separator: " OR ")
    var sql = "UPDATE \(t.sqlName) AS t SET \(set) FROM \(stage(t)) AS s WHERE \(match(t)) AND (\(differs))"
    if let owned = t.owned { sql += " AND (\(try owned.sql("t", dialect: dialect)))" }
    return sql
  }

  /// Step 4: the staged rows whose identity is absent (every row without an identity), in row
  /// order.
  public func insert(_ t: Table, snapshot: Bool) -> String {
    let cols = t.insertedColumns.map(q).joined(separator: ", ")
    var sql = "INSERT INTO \(t.sqlName) (\(cols)) SELECT \(t.insertedColumns.map { "s." + q($0) }.joined(separator: ", ")) FROM \(stage(t)) AS s"
    if !t.identity.isEmpty {
      sql += " WHERE NOT EXISTS (SELECT 1 FROM \(existing(t, snapshot: snapshot)) AS t WHERE \(match(t)))"
    }
    return sql + " ORDER BY \(stageOrder)"
  }

  /// The SQL text's merge of a staged table, after its rows (`--format sql`): as the direct
  /// target's, except that a conflict under `fail` and a repeated natural key are left to the
  /// table's `UNIQUE` constraint, and ownership is not checked.
  public func textMerge(_ t: Table) throws -> [String] {
    var out = resolveReferences(t)
    switch t.database.conflict {
    case .fail:
      let cols = t.insertedColumns.map(q).joined(separator: ", ")
      out.append("INSERT INTO \(t.sqlName) (\(cols)) SELECT \(t.insertedColumns.map { "s." + q($0) }.joined(separator: ", ")) FROM \(stage(t)) AS s ORDER BY \(stageOrder)")
    case .update:
      if let sql = try update(t) { out.append(sql) }
      out.append(insert(t, snapshot: false))
    case .skip:
      out.append(insert(t, snapshot: false))
    }
    out += createMap(t) ?? []
    out.append("DROP TABLE \(stage(t))")
    return out
  }

  /// Step 5: the staged rows the scenario would not own.
  public func unowned(_ t: Table) throws -> String? {
    guard let owned = t.owned else { return nil }
    return "SELECT COUNT(*) FROM \(stage(t)) AS s WHERE NOT (\(try owned.sql("s", dialect: dialect)))"
  }

  /// Step 6: the scenario's key of each staged row, and the database's.
  public func createMap(_ t: Table) -> [String]? {
    guard t.needsMap, let key = t.key else { return nil }
    let type = t.schema.columns.first { $0.name == key }.map { dialect.columnType($0) } ?? ""
    return [
      "CREATE TEMP TABLE \(map(t.name)) (\(q("k")) \(type) PRIMARY KEY, \(q("id")) \(type))",
      "INSERT INTO \(map(t.name)) SELECT s.\(q(key)), t.\(q(key)) FROM \(stage(t)) AS s JOIN \(t.sqlName) AS t ON \(match(t))",
    ]
  }

  /// A value as a SQL literal of the dialect.
  static func literal(_ v: Value, dialect: SQLDialect) throws -> String {
    var out: [UInt8] = []
    if let reason = dialect.appendLiteral(v, precision: nil, to: &out) { throw DatabasePlanError(reason) }
    return String(decoding: out, as: UTF8.self)
  }
}

/// A plan that cannot be carried out.
public struct DatabasePlanError: Error, Sendable, CustomStringConvertible {
  public var message: String
  public var description: String { message }
  public init(_ message: String) { self.message = message }
}

/// A database table's name as SQL: `schema.table` is quoted part by part.
package func qualified(_ name: String) -> String {
  name.split(separator: ".", omittingEmptySubsequences: false).map { q(String($0)) }.joined(separator: ".")
}

/// A double-quoted SQL identifier.
@inline(__always)
package func q(_ name: String) -> String {
  var out: [UInt8] = []
  SQLDialect.appendIdentifier(name, to: &out)
  return String(decoding: out, as: UTF8.self)
}

/// Translates an ownership condition (checked by the checker to use only these forms) to SQL
/// on a row alias.
struct SQLCondition {
  let columns: [Int: String]
  let alias: String
  let dialect: SQLDialect

  func translate(_ e: IRExpr) throws -> String {
    switch e.kind {
    case .constant(let v): return try DatabasePlan.literal(v, dialect: dialect)
    case .slot(let s):
      guard let name = columns[s] else { throw DatabasePlanError("an ownership condition reads a column that is not written") }
      return "\(alias).\(q(name))"
    case .not(let a): return "(NOT \(try translate(a)))"
    case .isNull(let a): return "(\(try translate(a)) IS NULL)"
    case .binary(let op, let a, let b):
      let sqlOp: String
      switch op {
      case .equal: sqlOp = "="
      case .notEqual: sqlOp = "<>"
      case .less: sqlOp = "<"
      case .lessEqual: sqlOp = "<="
      case .greater: sqlOp = ">"
      case .greaterEqual: sqlOp = ">="
      case .and: sqlOp = "AND"
      case .or: sqlOp = "OR"
      case .concat: sqlOp = "||"
      default: throw DatabasePlanError("the operator '\(op)' has no SQL form here")
      }
      return "(\(try translate(a)) \(sqlOp) \(try translate(b)))"
    case .call(let f, let args):
      let a = try args.map(translate)
      switch (f, a.count) {
      // substr, not LIKE: no wildcard in the prefix, and case-sensitive in both dialects.
      case (.startsWith, 2): return "(substr(\(a[0]), 1, length(\(a[1]))) = \(a[1]))"
      case (.endsWith, 2):
        return "(length(\(a[0])) >= length(\(a[1])) AND substr(\(a[0]), length(\(a[0])) - length(\(a[1])) + 1) = \(a[1]))"
      case (.contains, 2):
        return dialect == .sqlite ? "(instr(\(a[0]), \(a[1])) > 0)" : "(strpos(\(a[0]), \(a[1])) > 0)"
      case (.lower, 1): return "lower(\(a[0]))"
      case (.upper, 1): return "upper(\(a[0]))"
      case (.length, 1): return "length(\(a[0]))"
      default: throw DatabasePlanError("the function '\(f.rawValue)' has no SQL form here")
      }
    default: throw DatabasePlanError("this expression has no SQL form")
    }
  }
}
