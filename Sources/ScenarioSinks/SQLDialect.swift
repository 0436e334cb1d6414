import ScenarioIR

/// The SQL engines whose text the SQL encoder writes, and everything in which they differ.
///
/// - int: sqlite `INTEGER`; postgres `BIGINT`.
/// - float: sqlite `REAL`, NaN as `NULL`, ±∞ as `±9e999`; postgres `DOUBLE PRECISION`, with
///   `'NaN'::double precision`, `'Infinity'::…` and `'-Infinity'::…`. Finite values are written
///   by `ValueFormatter` with the column's precision, as in CSV.
/// - bool: sqlite `INTEGER` `1` / `0`; postgres `BOOLEAN` `TRUE` / `FALSE`.
/// - text: `TEXT`, single-quoted with `'` doubled; NUL (U+0000) and CR as
///   `'a' || char(0) || 'b'` in sqlite (see `isSpelledOutInSQLite`); in postgres CR is raw and
///   NUL an error (its text type cannot hold NUL).
/// - choice: `TEXT CHECK ("c" IN ('a', 'b'))` in both.
/// - date: sqlite `TEXT`; postgres `DATE`; both `'YYYY-MM-DD'`.
/// - datetime: sqlite `TEXT`; postgres `TIMESTAMP` (without time zone; values are UTC); both
///   `'YYYY-MM-DD HH:MM:SS'`.
/// - duration: sqlite `TEXT`; postgres `INTERVAL`; both ISO 8601 (`'PT45M'`, `'P1DT2H'`), a
///   negative one as `'-PT45M'` in sqlite (as in CSV) but `'PT-45M'` in postgres, which accepts
///   no leading sign.
///
/// SQLite cannot store NaN (it turns it into NULL), so NaN is written as `NULL` and a NOT NULL
/// column holding NaN fails to load; `9e999` overflows to infinity when SQLite reads it.
/// Strings are single-quoted with `'` doubled; backslashes, line breaks and all other Unicode are
/// written raw, which PostgreSQL reads literally because the header turns
/// `standard_conforming_strings` on.
public enum SQLDialect: Sendable, Equatable, Hashable {
  /// SQLite 3, loaded with `sqlite3 DB < file.sql` (tested with 3.40).
  case sqlite
  /// PostgreSQL, loaded with `psql -v ON_ERROR_STOP=1 -f file.sql` (tested with 15).
  case postgres

  /// The column type for a value type, without constraints.
  /// A written column's type: a `float(k)` column is `NUMERIC(p, k)` in PostgreSQL (unless
  /// declared `double precision`).
  package func columnType(_ column: ColumnSchema) -> String {
    if self == .postgres, column.type.kind == .float, let p = column.numericPrecision, let k = column.precision {
      return "NUMERIC(\(p), \(k))"
    }
    return columnType(column.type)
  }

  package func columnType(_ type: ValueType) -> String {
    switch (self, type.kind) {
    case (.sqlite, .int), (.sqlite, .bool), (.sqlite, .ref): return "INTEGER"
    case (.sqlite, .float): return "REAL"
    case (.sqlite, .text), (.sqlite, .choice), (.sqlite, .date), (.sqlite, .datetime),
      (.sqlite, .duration), (.sqlite, .null), (.sqlite, .error):
      return "TEXT"
    case (.postgres, .int), (.postgres, .ref): return "BIGINT"
    case (.postgres, .float): return "DOUBLE PRECISION"
    case (.postgres, .bool): return "BOOLEAN"
    case (.postgres, .text), (.postgres, .choice), (.postgres, .null), (.postgres, .error):
      return "TEXT"
    case (.postgres, .date): return "DATE"
    case (.postgres, .datetime): return "TIMESTAMP"
    case (.postgres, .duration): return "INTERVAL"
    }
  }

  /// The session settings written after the header comment: UTF-8 client encoding, and literal
  /// backslashes whatever the server's default.
  var preamble: String {
    switch self {
    case .sqlite: return ""
    case .postgres:
      return "SET client_encoding = 'UTF8';\nSET standard_conforming_strings = on;\n"
    }
  }

  // MARK: - Literals

  /// Appends `value` as a SQL literal. Returns nil on success, or why the value cannot be
  /// stored (then `out` holds a partial literal and the caller throws).
  package func appendLiteral(_ value: Value, precision: Int?, to out: inout [UInt8]) -> String? {
    switch value {
    case .null: out.append(contentsOf: Self.null)
    case .int(let i):
      if precision != nil {
        appendFloat(Double(i), precision: precision, to: &out)
      } else {
        ValueFormatter.appendInteger(i, to: &out)
      }
    case .float(let x): appendFloat(x, precision: precision, to: &out)
    case .bool(let b):
      switch self {
      case .sqlite: out.append(b ? UInt8(ascii: "1") : UInt8(ascii: "0"))
      case .postgres: out.append(contentsOf: b ? Self.true : Self.false)
      }
    case .text(let text): return appendText(text, to: &out)
    case .date(let days):
      out.append(Self.quote)
      ValueFormatter.appendDate(days: days, to: &out)
      out.append(Self.quote)
    case .datetime(let seconds):
      out.append(Self.quote)
      ValueFormatter.appendDateTime(seconds: seconds, style: .sql, to: &out)
      out.append(Self.quote)
    case .duration(let seconds):
      out.append(Self.quote)
      let sign: ValueFormatter.DurationSign = self == .postgres ? .perField : .leading
      ValueFormatter.appendDuration(seconds: seconds, sign: sign, to: &out)
      out.append(Self.quote)
    case .ref(let row): ValueFormatter.appendInteger(Int64(row), to: &out)
    }
    return nil
  }

  /// Appends a float: finite values as `ValueFormatter` writes them, non-finite ones in the
  /// dialect's form (see the type's table).
  private func appendFloat(_ x: Double, precision: Int?, to out: inout [UInt8]) {
    if x.isFinite {
      ValueFormatter.appendFloat(x, precision: precision, to: &out)
      return
    }
    switch self {
    case .sqlite:
      out.append(contentsOf: x.isNaN ? Self.null : Array((x < 0 ? "-9e999" : "9e999").utf8))
    case .postgres:
      let name = x.isNaN ? "NaN" : (x < 0 ? "-Infinity" : "Infinity")
      out.append(contentsOf: "'\(name)'::double precision".utf8)
    }
  }

  /// Appends a string literal; returns why it cannot be stored, or nil.
  func appendText(_ text: String, to out: inout [UInt8]) -> String? {
    var text = text
    return text.withUTF8 { bytes -> String? in
      switch self {
      case .postgres:
        guard !bytes.contains(0) else {
          return "PostgreSQL text cannot contain the NUL character (U+0000)"
        }
        Self.appendQuoted(bytes, to: &out)
      case .sqlite:
        if bytes.contains(where: Self.isSpelledOutInSQLite) {
          Self.appendSpelledOut(bytes, to: &out)
        } else {
          Self.appendQuoted(bytes, to: &out)
        }
      }
      return nil
    }
  }

  /// Bytes that SQLite text gets through `char(…)` rather than raw: NUL, which would end the
  /// statement for C-string readers, and CR, because the `sqlite3` shell drops a CR that ends a
  /// line of the script it reads, even inside a string literal (tested against sqlite 3.40).
  private static func isSpelledOutInSQLite(_ byte: UInt8) -> Bool {
    byte == 0 || byte == 13
  }

  /// Appends `'…'` with single quotes doubled.
  private static func appendQuoted(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
    out.append(quote)
    if bytes.contains(quote) {
      for byte in bytes {
        if byte == quote { out.append(quote) }
        out.append(byte)
      }
    } else {
      out.append(contentsOf: bytes)
    }
    out.append(quote)
  }

  /// SQLite form of text holding NUL or CR: quoted runs and `char(…)` runs joined by `||`, e.g.
  /// `'a' || char(0) || 'b'` or `'x' || char(13) || '\ny'`. The script then holds neither byte.
  private static func appendSpelledOut(
    _ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]
  ) {
    var index = 0
    while index < bytes.count {
      let special = isSpelledOutInSQLite(bytes[index])
      var end = index
      while end < bytes.count && isSpelledOutInSQLite(bytes[end]) == special { end += 1 }
      if index > 0 { out.append(contentsOf: " || ".utf8) }
      if special {
        let codes = bytes[index..<end].map { String($0) }.joined(separator: ", ")
        out.append(contentsOf: "char(\(codes))".utf8)
      } else {
        appendQuoted(UnsafeBufferPointer(rebasing: bytes[index..<end]), to: &out)
      }
      index = end
    }
  }

  /// Appends a double-quoted identifier with `"` doubled.
  static func appendIdentifier(_ name: String, to out: inout [UInt8]) {
    out.append(UInt8(ascii: "\""))
    for byte in name.utf8 {
      if byte == UInt8(ascii: "\"") { out.append(byte) }
      out.append(byte)
    }
    out.append(UInt8(ascii: "\""))
  }

  private static let quote = UInt8(ascii: "'")
  private static let null = Array("NULL".utf8)
  private static let `true` = Array("TRUE".utf8)
  private static let `false` = Array("FALSE".utf8)
}
