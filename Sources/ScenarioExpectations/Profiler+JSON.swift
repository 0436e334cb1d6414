import ScenarioIR

// The profile as JSON for tools.

extension Profiler {
  /// The profile as JSON, keys always in the same order:
  ///
  ///     {"tables": [{"name", "rows", "columns": [{
  ///       "name", "type", "kind", "count", "nulls", "distinct", "distinct_capped",
  ///       then for number/date/datetime/duration columns:
  ///         "mean", "sd", "sd_unit", "min", "p25", "p50", "p75", "max",
  ///         "histogram": [{"low", "high", "count"}],
  ///       or for category columns:
  ///         "top": [{"value", "count", "share"}]
  ///     }]}]}
  ///
  /// `kind` is `number`, `date`, `datetime`, `duration` or `category`. Numbers are numbers
  /// (null when undefined); dates, date-times and durations are their text forms, rounded to
  /// whole days or seconds, and `sd` is in `sd_unit` (`days` or `seconds`; null for numbers).
  /// Category values are numbers, booleans or strings, as the column's values are.
  public func renderJSON() -> String {
    var json = JSONText()
    json.beginObject()
    json.beginArray("tables")
    for table in profiles {
      json.beginObject()
      json.string("name", table.name)
      json.int("rows", table.rows)
      json.beginArray("columns")
      for column in table.columns { Self.writeColumn(column, to: &json) }
      json.endArray()
      json.endObject()
    }
    json.endArray()
    json.endObject()
    return json.text
  }

  private static func writeColumn(_ c: ColumnProfile, to json: inout JSONText) {
    json.beginObject()
    json.string("name", c.name)
    json.string("type", c.type)
    json.string("kind", kindName(c.kind))
    json.int("count", c.count)
    json.int("nulls", c.nulls)
    json.int("distinct", c.distinct)
    json.bool("distinct_capped", c.distinctCapped)
    if let s = c.numeric {
      writeLocation("mean", s.mean, c.kind, to: &json)
      json.number("sd", s.sd)
      switch c.kind {
      case .number, .category: json.string("sd_unit", nil)
      case .date: json.string("sd_unit", "days")
      case .datetime, .duration: json.string("sd_unit", "seconds")
      }
      writeLocation("min", s.min, c.kind, to: &json)
      writeLocation("p25", s.q25, c.kind, to: &json)
      writeLocation("p50", s.q50, c.kind, to: &json)
      writeLocation("p75", s.q75, c.kind, to: &json)
      writeLocation("max", s.max, c.kind, to: &json)
      json.beginArray("histogram")
      for b in s.bins {
        json.beginObject(inline: true)
        writeLocation("low", b.low, c.kind, to: &json)
        writeLocation("high", b.high, c.kind, to: &json)
        json.int("count", b.count)
        json.endObject()
      }
      json.endArray()
    } else {
      json.beginArray("top")
      for category in c.top {
        json.beginObject(inline: true)
        writeValue("value", category.value, to: &json)
        json.int("count", category.count)
        json.number("share", category.share)
        json.endObject()
      }
      json.endArray()
    }
    json.endObject()
  }

  private static func kindName(_ kind: ProfileKind) -> String {
    switch kind {
    case .number: return "number"
    case .date: return "date"
    case .datetime: return "datetime"
    case .duration: return "duration"
    case .category: return "category"
    }
  }

  /// A location statistic: a number, or the text form of a date, date-time or duration.
  private static func writeLocation(
    _ key: String, _ x: Double, _ kind: ProfileKind, to json: inout JSONText
  ) {
    switch kind {
    case .number, .category: json.number(key, x)
    case .date, .datetime, .duration:
      json.string(key, wholeUnits(x) == nil ? nil : valueText(x, kind))
    }
  }

  /// A category value as the JSON type closest to its own.
  private static func writeValue(_ key: String, _ v: Value, to json: inout JSONText) {
    switch v {
    case .int(let i): json.int(key, i)
    case .float(let d): json.number(key, d)
    case .bool(let b): json.bool(key, b)
    case .null: json.string(key, nil)
    case .text, .date, .datetime, .duration, .ref: json.string(key, Semantics.text(v))
    }
  }
}
