import CLibPQ
import Foundation
import ScenarioEngine
import ScenarioIR
import ScenarioKit
import ScenarioSinks

/// One libpq connection, used from one thread at a time.
final class PostgresConnection {
  let handle: OpaquePointer
  /// The URI as given (it holds no password: those come from PGPASSWORD or ~/.pgpass).
  let uri: String
  private(set) var lastChanges = 0

  /// Connects with a libpq URI (`postgresql://user@host:port/db?...`). A password in the URI is
  /// refused: command lines show up in process lists and shell histories.
  init(uri: String) throws {
    var message: UnsafeMutablePointer<CChar>? = nil
    guard let options = PQconninfoParse(uri, &message) else {
      let text = message.map { String(cString: $0).trimmingCharacters(in: .whitespacesAndNewlines) } ?? "invalid"
      PQfreemem(message)
      throw DatabaseError("cannot read the PostgreSQL URI '\(uri)': \(text)")
    }
    var option = options
    while let keyword = option.pointee.keyword {
      if String(cString: keyword) == "password", option.pointee.val != nil {
        PQconninfoFree(options)
        throw DatabaseError("the PostgreSQL URI holds a password; give it in PGPASSWORD or ~/.pgpass instead, never on the command line")
      }
      option += 1
    }
    PQconninfoFree(options)
    guard let connection = PQconnectdb(uri) else { throw DatabaseError("cannot connect to PostgreSQL: out of memory") }
    guard PQstatus(connection) == CONNECTION_OK else {
      let text = String(cString: PQerrorMessage(connection)).trimmingCharacters(in: .whitespacesAndNewlines)
      PQfinish(connection)
      throw DatabaseError("cannot connect to PostgreSQL at '\(uri)': \(text)")
    }
    handle = connection
    self.uri = uri
    _ = try? execute("SET client_min_messages = warning")
    _ = try? execute("SET TIME ZONE 'UTC'")
  }

  deinit { PQfinish(handle) }

  var errorMessage: String { String(cString: PQerrorMessage(handle)).trimmingCharacters(in: .whitespacesAndNewlines) }

  /// Runs one statement; returns its rows (empty for commands).
  @discardableResult
  func execute(_ sql: String) throws -> [[String?]] {
    guard let result = PQexec(handle, sql) else { throw DatabaseError(errorMessage) }
    defer { PQclear(result) }
    switch PQresultStatus(result) {
    case PGRES_COMMAND_OK:
      lastChanges = Int(String(cString: PQcmdTuples(result))) ?? 0
      return []
    case PGRES_TUPLES_OK:
      var rows: [[String?]] = []
      for r in 0..<PQntuples(result) {
        rows.append((0..<PQnfields(result)).map { c in
          PQgetisnull(result, r, c) == 1 ? nil : String(cString: PQgetvalue(result, r, c))
        })
      }
      lastChanges = rows.count
      return rows
    default:
      let text = String(cString: PQresultErrorMessage(result)).trimmingCharacters(in: .whitespacesAndNewlines)
      throw DatabaseError("\(text) (in: \(sql.prefix(200)))")
    }
  }

  /// `COPY table (columns) FROM STDIN` with `data` in COPY's text format.
  func copy(_ statement: String, data: [UInt8]) throws {
    guard let start = PQexec(handle, statement) else { throw DatabaseError(errorMessage) }
    let status = PQresultStatus(start)
    PQclear(start)
    guard status == PGRES_COPY_IN else { throw DatabaseError("\(errorMessage) (in: \(statement.prefix(200)))") }
    let sent = data.withUnsafeBufferPointer { bytes in
      bytes.withMemoryRebound(to: CChar.self) { PQputCopyData(handle, $0.baseAddress, Int32($0.count)) }
    }
    guard sent == 1, PQputCopyEnd(handle, nil) == 1 else { throw DatabaseError(errorMessage) }
    var failure: String? = nil
    while let result = PQgetResult(handle) {
      if PQresultStatus(result) != PGRES_COMMAND_OK {
        failure = String(cString: PQresultErrorMessage(result)).trimmingCharacters(in: .whitespacesAndNewlines)
      }
      PQclear(result)
    }
    if let failure { throw DatabaseError(failure) }
  }

  /// A text literal.
  static func literal(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }
}

extension PostgresConnection: DatabaseConnection {
  var name: String { uri }
  var dialect: SQLDialect { .postgres }
  func exec(_ sql: String) throws { try execute(sql) }
  func rows(_ sql: String) throws -> [[String?]] { try execute(sql) }
  var changes: Int { lastChanges }
  var insertsDirectly: Bool { true }

  /// A table name, `table` or `schema.table`, as SQL conditions on a schema and a relation
  /// name (the current schema when none is given).
  func place(_ target: String) -> (schema: String, table: String) {
    guard let dot = target.firstIndex(of: ".") else { return ("current_schema()", Self.literal(target)) }
    return (Self.literal(String(target[..<dot])), Self.literal(String(target[target.index(after: dot)...])))
  }

  func catalogName(_ target: String) throws -> String {
    guard let dot = target.firstIndex(of: ".") else { return target }
    let current = try execute("SELECT current_schema()").first?.first ?? nil
    return String(target[..<dot]) == current ? String(target[target.index(after: dot)...]) : target
  }

  /// The table's columns (`information_schema.columns`) against the plan.
  func mismatches(_ table: DatabasePlan.Table) throws -> [String]? {
    let (schema, name) = place(table.target)
    let found = try execute("""
      SELECT column_name, data_type, is_nullable, column_default, is_identity FROM information_schema.columns
      WHERE table_schema = \(schema) AND table_name = \(name) ORDER BY ordinal_position
      """)
    if found.isEmpty { return nil }
    var problems: [String] = []
    let byName = Dictionary(found.map { (($0[0] ?? "").lowercased(), $0) }, uniquingKeysWith: { a, _ in a })
    let written = Set(table.schema.columns.map { $0.name.lowercased() })
    for column in table.schema.columns {
      let wanted = dialect.columnType(column)
      guard let row = byName[column.name.lowercased()] else {
        problems.append("table '\(table.target)' has no column '\(column.name)' (the scenario writes it as \(wanted))")
        continue
      }
      let type = row[1] ?? ""
      if table.database.assignedKey, column.name == table.key {
        let generated = row[4] == "YES" || (row[3] ?? "").hasPrefix("nextval(")
        if !generated || !["bigint", "integer"].contains(type) {
          problems.append("column '\(table.target).\(column.name)' is '\(type)'\(generated ? "" : " without a default"), but the database assigns it: it must be an identity or serial integer")
        }
        continue
      }
      if !Self.accepts(type, column.type.kind) {
        problems.append("column '\(table.target).\(column.name)' is '\(type)', but the scenario writes \(wanted)")
      }
      if row[2] == "NO", column.type.isNullable {
        problems.append("column '\(table.target).\(column.name)' is NOT NULL, but the scenario may write null ('\(column.type)')")
      }
    }
    for row in found where !written.contains((row[0] ?? "").lowercased()) {
      if row[2] == "NO", row[3] == nil, row[4] != "YES" {
        problems.append("column '\(table.target).\(row[0] ?? "")' is NOT NULL without a default, and the scenario does not write it")
      }
    }
    return problems
  }

  /// Whether a PostgreSQL column type takes the scenario's values as written.
  static func accepts(_ type: String, _ kind: TypeKind) -> Bool {
    switch kind {
    case .int, .ref: return ["bigint", "integer", "smallint", "numeric", "text", "character varying"].contains(type)
    case .float: return ["double precision", "real", "numeric"].contains(type)
    case .bool: return type == "boolean"
    case .text, .choice, .null, .error: return ["text", "character varying", "character"].contains(type)
    case .date: return type == "date"
    case .datetime: return type.hasPrefix("timestamp")
    case .duration: return type == "interval"
    }
  }

  func hasIndex(_ table: String, on columns: [String]) throws -> Bool {
    let wanted = Set(columns.map { $0.lowercased() })
    let (schema, name) = place(table)
    let indexes = try execute("""
      SELECT i.indexrelid, array_to_string(array_agg(a.attname ORDER BY k.n), ',') FROM pg_index i
      JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace ns ON ns.oid = c.relnamespace
      CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, n)
      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
      WHERE c.relname = \(name) AND ns.nspname = \(schema) GROUP BY i.indexrelid
      """)
    for row in indexes {
      let cols = (row[1] ?? "").split(separator: ",").map { $0.lowercased() }
      if cols.count >= wanted.count, Set(cols.prefix(wanted.count)) == wanted { return true }
    }
    return false
  }

  func stagingConsumer(_ table: DatabasePlan.Table, into target: String, totalRows: Int?) throws -> ChunkConsumer {
    let columns = table.schema.columns.map { q($0.name) }.joined(separator: ", ")
    return CopyConsumer(
      schema: table.schema, totalRows: totalRows, connection: self, statement: "COPY \(target) (\(columns)) FROM STDIN")
  }

  func tableNames() throws -> [String] {
    try execute("""
      SELECT CASE WHEN table_schema = current_schema() THEN table_name ELSE table_schema || '.' || table_name END
      FROM information_schema.tables WHERE table_type = 'BASE TABLE'
        AND table_schema NOT IN ('pg_catalog', 'information_schema') AND table_schema NOT LIKE 'pg_temp%' ORDER BY 1
      """).compactMap { $0[0] }
  }

  func foreignKeys(of table: String) throws -> [(column: String, table: String, referenced: String)] {
    let (schema, name) = place(table)
    return try execute("""
      SELECT a.attname, CASE WHEN rns.nspname = current_schema() THEN rc.relname ELSE rns.nspname || '.' || rc.relname END,
        ra.attname FROM pg_constraint k
      JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace ns ON ns.oid = c.relnamespace
      JOIN pg_class rc ON rc.oid = k.confrelid JOIN pg_namespace rns ON rns.oid = rc.relnamespace
      CROSS JOIN LATERAL unnest(k.conkey, k.confkey) AS u(col, ref)
      JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.col
      JOIN pg_attribute ra ON ra.attrelid = k.confrelid AND ra.attnum = u.ref
      WHERE k.contype = 'f' AND c.relname = \(name) AND ns.nspname = \(schema)
      """).compactMap { r in
      guard let column = r[0], let target = r[1] else { return nil }
      return (column, target, r[2] ?? "")
    }
  }

  func primaryKey(of table: String) throws -> String? {
    let (schema, name) = place(table)
    let rows = try execute("""
      SELECT a.attname FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
      JOIN pg_namespace ns ON ns.oid = c.relnamespace
      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = ANY(i.indkey)
      WHERE i.indisprimary AND c.relname = \(name) AND ns.nspname = \(schema)
      """)
    return rows.count == 1 ? rows[0][0] : nil
  }
}

/// Stages one table's rows in PostgreSQL: each chunk is encoded on a worker thread and sent as
/// one `COPY ... FROM STDIN` in the text format, on the engine's writing thread, in row order.
final class CopyConsumer: ChunkConsumer, @unchecked Sendable {
  let schema: TableSchema
  let totalRows: Int?
  let connection: PostgresConnection
  let statement: String

  init(schema: TableSchema, totalRows: Int?, connection: PostgresConnection, statement: String) {
    self.schema = schema
    self.totalRows = totalRows
    self.connection = connection
    self.statement = statement
  }

  func prepare(_ chunk: Chunk) throws -> [UInt8] {
    try chunk.validate(against: schema, totalRows: totalRows ?? Int.max)
    return try CopyText.encode(chunk, schema: schema)
  }

  func write(_ prepared: [UInt8], startRow: Int, count: Int) throws {
    try Cancellation.check()
    try connection.copy(statement, data: prepared)
  }

  func finish() throws {}
}
