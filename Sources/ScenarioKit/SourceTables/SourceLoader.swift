import Foundation
import ScenarioAST
import ScenarioDiagnostics
import ScenarioDigests
import ScenarioIR
import ScenarioSinks

/// Reads the rows of source tables before the program is checked (Databases.md, "Sources"):
/// a CSV file by its header, or a table or query of the target database, each value read as
/// its column's declared type. What cannot be read is an E0614 at the table's `from`, naming
/// the line (or row) and column; at most `maxErrors` per table are reported.
struct SourceLoader {
  let access: SourceAccess
  /// The files of the compilation (the including file first), to find a CSV file relative to
  /// the file that declares its table.
  let files: [SourceFile]
  var diagnostics = DiagnosticBag()
  static let maxErrors = 10

  init(access: SourceAccess, files: [SourceFile]) {
    self.access = access
    self.files = files
  }

  /// The source tables of a scenario, in declaration order.
  static func sourceTables(_ ast: ScenarioFile) -> [(name: Name, spec: SourceTable)] {
    ast.declarations.compactMap { d in
      guard case .table(let t) = d.kind, case .source(let spec) = t.count else { return nil }
      return (t.name, spec)
    }
  }

  /// The declared type of every column, or nil when one has none (the checker reports it).
  static func kinds(_ spec: SourceTable) -> [ValueType]? {
    var kinds: [ValueType] = []
    for c in spec.columns {
      guard let ann = c.type else { return nil }
      let kind: TypeKind
      switch ann.name.text {
      case "int": kind = .int
      case "float": kind = .float
      case "bool": kind = .bool
      case "text": kind = .text
      case "date": kind = .date
      case "datetime": kind = .datetime
      case "duration": kind = .duration
      default: return nil
      }
      kinds.append(ValueType(kind, nullable: ann.nullable))
    }
    return kinds.isEmpty ? nil : kinds
  }

  // MARK: - CSV files

  /// Reads every `from csv` table.
  mutating func loadFiles(_ ast: ScenarioFile) -> [String: SourceRows] {
    var out: [String: SourceRows] = [:]
    guard access.readFiles else { return out }
    for (name, spec) in Self.sourceTables(ast) {
      guard case .csv(let path) = spec.origin, let types = Self.kinds(spec) else { continue }
      if let rows = readCSV(name.text, spec, path: path, types: types) { out[name.text] = rows }
    }
    return out
  }

  mutating func readCSV(_ table: String, _ spec: SourceTable, path: String, types: [ValueType]) -> SourceRows? {
    let declaring = files.first { $0.id == spec.originSpan.file }?.path ?? files.first?.path ?? ""
    let resolved = IncludeExpander.resolve(path, from: declaring)
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: resolved, isDirectory: &isDirectory), !isDirectory.boolValue,
      let data = FileManager.default.contents(atPath: resolved)
    else {
      let exists = FileManager.default.fileExists(atPath: resolved)
      fail(spec, exists ? "'\(path)' is a folder, not a CSV file" : "cannot read '\(path)': no such file",
           label: exists ? "a folder" : "not found", notes: ["looked for \(resolved)"],
           help: "a relative path starts at the folder of the scenario file that declares the table")
      return nil
    }
    var bytes = [UInt8](data)
    var hasher = SHA256()
    hasher.update(bytes)
    let digest = hasher.finalize()
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
    guard String(validating: bytes, as: UTF8.self) != nil else {
      fail(spec, "'\(path)' is not UTF-8 text", label: "read here")
      return nil
    }
    var lines: [Int] = []
    let records: [[String?]]
    do {
      records = try CSVReader.records(bytes, path: path, lines: &lines)
    } catch {
      fail(spec, "\(error)", label: "read here")
      return nil
    }
    guard let header = records.first else {
      fail(spec, "'\(path)' is empty: a source file starts with a header naming its columns", label: "read here")
      return nil
    }
    var position: [String: Int] = [:]
    for (i, h) in header.enumerated() {
      let name = (h ?? "").trimmingSpaces
      if position[name] != nil {
        fail(spec, "'\(path)' line \(lines[0]): the header names column '\(name)' twice", label: "read here")
        return nil
      }
      position[name] = i
    }
    var columnIndex: [Int] = []
    for c in spec.columns {
      guard let i = position[c.name.text] else {
        let shown = header.map { $0 ?? "" }.joined(separator: ", ")
        fail(spec, "'\(path)' has no column '\(c.name.text)' (its header: \(shown))", label: "read here",
             secondary: [Label(c.name.span, "declared here")])
        return nil
      }
      columnIndex.append(i)
    }
    var columns = [[Value]](repeating: [], count: spec.columns.count)
    var positions: [Int] = []
    var errors = 0
    // Blank lines: skipped, but in a file of one column only at the end (elsewhere a blank
    // line is that column's empty value).
    var end = records.count
    while end > 1, records[end - 1].count == 1, records[end - 1][0] == nil { end -= 1 }
    for (r, record) in records.enumerated().prefix(end).dropFirst() {
      if record.count == 1, record[0] == nil, header.count > 1 { continue }
      guard record.count == header.count else {
        errors += 1
        if errors <= Self.maxErrors {
          fail(spec, "'\(path)' line \(lines[r]) has \(record.count) field\(record.count == 1 ? "" : "s"), but the header has \(header.count)", label: "read here")
        }
        continue
      }
      var row: [Value] = []
      for (c, i) in columnIndex.enumerated() {
        if let v = value(record[i], types[c], spec, c, at: "'\(path)' line \(lines[r])", errors: &errors) { row.append(v) }
      }
      guard row.count == columns.count else { continue }
      for c in row.indices { columns[c].append(row[c]) }
      positions.append(lines[r])
    }
    if errors > Self.maxErrors { fail(spec, "'\(path)' has \(errors - Self.maxErrors) more error\(errors - Self.maxErrors == 1 ? "" : "s") like these", label: "read here") }
    guard errors == 0 else { return nil }
    return SourceRows(columns: columns, origin: path, positions: positions, positionUnit: "line", digest: digest)
  }

  /// One field as its column's type, or nil after reporting why it is not one.
  mutating func value(_ field: String?, _ type: ValueType, _ spec: SourceTable, _ c: Int, at place: String, errors: inout Int) -> Value? {
    let column = spec.columns[c].name.text
    guard let field else {
      if type.isNullable { return .null }
      errors += 1
      if errors <= Self.maxErrors {
        fail(spec, "\(place), column '\(column)': the value is missing, and the column is not nullable", label: "read here",
             help: "declare it '\(column): \(spec.columns[c].type?.name.text ?? "text")?' if it can be empty")
      }
      return nil
    }
    if let v = SourceValueParser.parse(field, as: type.kind) {
      if type.kind == .float, let precision = spec.columns[c].type?.precision, case .float(let d) = v, d.isFinite {
        // float(N): the value as the column keeps it, rounded as a generated one is.
        return (try? Semantics.decimal(v, digits: precision)) ?? v
      }
      return v
    }
    errors += 1
    if errors <= Self.maxErrors {
      let shown = field.count > 40 ? String(field.prefix(40)) + "..." : field
      fail(spec, "\(place), column '\(column)': '\(shown)' is not \(Self.article(type.kind))", label: "read here",
           secondary: [Label(spec.columns[c].name.span, "declared here")])
    }
    return nil
  }

  static func article(_ kind: TypeKind) -> String {
    switch kind {
    case .int: "an int"
    case .float: "a float"
    case .bool: "a bool (true or false)"
    case .date: "a date (YYYY-MM-DD)"
    case .datetime: "a datetime (YYYY-MM-DDTHH:MM:SSZ)"
    case .duration: "a duration (such as PT90S)"
    default: "a \(kind)"
    }
  }

  mutating func fail(_ spec: SourceTable, _ message: String, label: String, secondary: [Label] = [], notes: [String] = [], help: String? = nil) {
    diagnostics.error(.invalidSource, message, at: spec.originSpan, label: label, secondary: secondary, notes: notes, help: help)
  }

  // MARK: - The target database

  /// Reads every `from table` and `from query` table from the database. `excluded` holds, by
  /// database table name (`DatabaseNames.key`), the condition (on alias `t`) of the rows the
  /// scenario owns there: those rows are left out, so that a second run reads the same rows as
  /// the first. The rows are sorted here by their first column (numbers by value, texts byte by
  /// byte), not by the database's collation, so that the same data gives the same rows in the
  /// same order in SQLite and PostgreSQL.
  mutating func loadDatabase(_ ast: ScenarioFile, excluded: [String: String]) -> [String: SourceRows] {
    var out: [String: SourceRows] = [:]
    var prepared = false
    for (name, spec) in Self.sourceTables(ast) where spec.origin.isDatabase {
      guard let types = Self.kinds(spec) else { continue }
      guard let db = access.database else {
        if access.required {
          if let absent = access.absentDatabase {
            fail(spec, "table '\(name.text)' reads the target database, and \(absent)", label: "from the target database")
          } else {
            fail(spec, "table '\(name.text)' reads the target database, and this run has none", label: "from the target database",
                 help: "run with --db sqlite:PATH or --db postgresql://...")
          }
        }
        continue
      }
      if !prepared {
        prepared = true
        do {
          try Self.prepareForReading(db)
        } catch {
          fail(spec, "cannot read from \(db.name): \(error)", label: "read here")
          return out
        }
      }
      let from: String
      var condition: String? = nil
      let origin: String
      switch spec.origin {
      case .table(let table):
        if db.dialect == .sqlite, table.contains("."), !table.lowercased().hasPrefix("main.") {
          fail(spec, "table '\(name.text)' names '\(table)', but SQLite has no schemas", label: "a schema-qualified name",
               help: "name the table without a schema")
          continue
        }
        from = qualified(table)
        condition = (try? DatabaseNames.key(table, db)).flatMap { excluded[$0] }.map { "(\($0)) IS NOT TRUE" }
        origin = "table \(table) of \(db.name)"
      case .query(let sql):
        var body = sql.trimmingCharacters(in: .whitespacesAndNewlines)
        while body.hasSuffix(";") { body = String(body.dropLast()).trimmingCharacters(in: .whitespacesAndNewlines) }
        // On lines of its own, so that a query ending in a -- comment still closes.
        from = "(\n\(body)\n)"
        origin = "the query of table \(name.text) on \(db.name)"
      case .csv: continue
      }
      let select = spec.columns.enumerated().map { c, column in
        Self.textColumn("t." + q(column.name.text), types[c].kind, dialect: db.dialect)
      }
      var sql = "SELECT \(select.joined(separator: ", ")) FROM \(from) AS t"
      if let condition { sql += " WHERE \(condition)" }
      var records: [[String?]]
      do {
        records = try db.rows(sql)
      } catch {
        fail(spec, "table '\(name.text)' cannot be read from \(db.name): \(error)", label: "read here",
             help: spec.origin.isTable ? "the database table needs every declared column, with the declared name" : "the query's result needs every declared column, with the declared name")
        continue
      }
      var rows: [[Value]] = []
      rows.reserveCapacity(records.count)
      var errors = 0
      var kept: [[String?]] = []
      for (r, record) in records.enumerated() {
        var row: [Value] = []
        for c in spec.columns.indices {
          if let v = value(record[c], types[c], spec, c, at: "\(origin), row \(r + 1)", errors: &errors) { row.append(v) }
        }
        guard row.count == spec.columns.count else { continue }
        rows.append(row)
        kept.append(record)
      }
      if errors > Self.maxErrors { fail(spec, "table '\(name.text)' has \(errors - Self.maxErrors) more error\(errors - Self.maxErrors == 1 ? "" : "s") like these", label: "read here") }
      guard errors == 0 else { continue }
      let order = rows.indices.sorted { Self.precedes(rows[$0][0], rows[$1][0]) }
      records = order.map { kept[$0] }
      var columns = [[Value]](repeating: [], count: spec.columns.count)
      for i in order {
        for c in columns.indices { columns[c].append(rows[i][c]) }
      }
      // The digest of the rows as read, in order: each field's length and bytes (a null as -1).
      var hasher = SHA256()
      for record in records {
        for field in record {
          let bytes = field.map { Array($0.utf8) }
          hasher.update(Array("\(bytes?.count ?? -1):".utf8))
          if let bytes { hasher.update(bytes) }
        }
      }
      out[name.text] = SourceRows(
        columns: columns, origin: origin, positions: Array(0..<order.count).map { $0 + 1 }, positionUnit: "row",
        digest: hasher.finalize())
    }
    return out
  }

  /// The order of rows by their first column: numbers by value, texts by their UTF-8 bytes
  /// (the same in every database and locale), nulls first.
  static func precedes(_ a: Value, _ b: Value) -> Bool {
    switch (a, b) {
    case (.null, .null): return false
    case (.null, _): return true
    case (_, .null): return false
    case (.text(let x), .text(let y)): return x.utf8.lexicographicallyPrecedes(y.utf8)
    default:
      if let x = ValueBounds.number(a), let y = ValueBounds.number(b) { return x < y }
      return Semantics.text(a).utf8.lexicographicallyPrecedes(Semantics.text(b).utf8)
    }
  }

  /// The source connection reads only, in a session whose text forms are fixed: UTC
  /// date-times, ISO dates.
  static func prepareForReading(_ db: any DatabaseConnection) throws {
    switch db.dialect {
    case .sqlite:
      try db.exec("PRAGMA query_only = ON")
    case .postgres:
      try db.exec("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
      try db.exec("SET TIME ZONE 'UTC'")
      try db.exec("SET DateStyle = 'ISO, YMD'")
      try db.exec("SET IntervalStyle = 'postgres'")
      try db.exec("SET extra_float_digits = 1")
    }
  }

  /// A column as text in a form `SourceValueParser` reads, exactly: SQLite's REAL values with
  /// 17 significant digits (its text form keeps 15), PostgreSQL's values in their text forms
  /// (date-times with their fraction, which the parser refuses unless zero), durations as
  /// ISO 8601 seconds.
  static func textColumn(_ c: String, _ kind: TypeKind, dialect: SQLDialect) -> String {
    switch (dialect, kind) {
    case (.sqlite, .float): "CASE WHEN typeof(\(c)) IN ('real', 'integer') THEN printf('%!.17g', \(c)) ELSE \(c) END"
    case (.sqlite, _): c
    case (.postgres, .duration):
      """
      CASE WHEN \(c) IS NULL THEN NULL WHEN extract(epoch FROM \(c)) <> trunc(extract(epoch FROM \(c))) THEN \(c)::text \
      WHEN \(c) < interval '0' THEN '-PT' || (-extract(epoch FROM \(c)))::numeric(30, 0)::text || 'S' \
      ELSE 'PT' || extract(epoch FROM \(c))::numeric(30, 0)::text || 'S' END
      """
    case (.postgres, _): "\(c)::text"
    }
  }
}

extension SourceOrigin {
  var isTable: Bool {
    if case .table = self { return true }
    return false
  }
}
