import ScenarioIR
import ScenarioSinks

/// PostgreSQL's COPY text format (one row per line, tab-separated, `\N` for null, backslash
/// escapes for backslash, tab, newline and carriage return), with the values the SQL output
/// writes for PostgreSQL: `t`/`f`, ISO dates, `YYYY-MM-DD HH:MM:SS` (UTC), intervals in ISO 8601
/// with a sign per field, `NaN` and `Infinity` for non-finite floats.
enum CopyText {
  static func encode(_ chunk: Chunk, schema: TableSchema) throws -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(chunk.count * schema.columns.count * 8)
    let precisions = schema.columns.map(\.precision)
    for i in 0..<chunk.count {
      for c in 0..<chunk.columns.count {
        if c > 0 { out.append(9) }
        try append(chunk.columns[c][i], precision: precisions[c], to: &out) { reason in
          SinkError.unstorableText(table: schema.name, column: schema.columns[c].name, row: chunk.startRow + i, reason: reason)
        }
      }
      out.append(10)
    }
    return out
  }

  static func append(_ value: Value, precision: Int?, to out: inout [UInt8], failure: (String) -> Error) throws {
    switch value {
    case .null: out.append(contentsOf: [92, 78])  // \N
    case .int(let i):
      if precision != nil { appendFloat(Double(i), precision: precision, to: &out) } else { ValueFormatter.appendInteger(i, to: &out) }
    case .ref(let r): ValueFormatter.appendInteger(Int64(r), to: &out)
    case .float(let x): appendFloat(x, precision: precision, to: &out)
    case .bool(let b): out.append(b ? UInt8(ascii: "t") : UInt8(ascii: "f"))
    case .text(let s):
      for byte in s.utf8 {
        switch byte {
        case 0: throw failure("PostgreSQL text cannot contain the NUL character (U+0000)")
        case 92: out.append(contentsOf: [92, 92])
        case 9: out.append(contentsOf: [92, UInt8(ascii: "t")])
        case 10: out.append(contentsOf: [92, UInt8(ascii: "n")])
        case 13: out.append(contentsOf: [92, UInt8(ascii: "r")])
        default: out.append(byte)
        }
      }
    case .date(let d): ValueFormatter.appendDate(days: d, to: &out)
    case .datetime(let s): ValueFormatter.appendDateTime(seconds: s, style: .sql, to: &out)
    case .duration(let s): ValueFormatter.appendDuration(seconds: s, sign: .perField, to: &out)
    }
  }

  static func appendFloat(_ x: Double, precision: Int?, to out: inout [UInt8]) {
    if x.isFinite {
      ValueFormatter.appendFloat(x, precision: precision, to: &out)
    } else {
      out.append(contentsOf: (x.isNaN ? "NaN" : (x < 0 ? "-Infinity" : "Infinity")).utf8)
    }
  }
}
