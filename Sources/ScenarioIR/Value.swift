/// A value at run time. Dates, date-times and durations are integers so that arithmetic on them is
/// exact and identical on every platform (DESIGN.md §2).
public enum Value: Sendable, Equatable, Hashable {
  case null
  case int(Int64)
  case float(Double)
  case bool(Bool)
  /// Text; also the run-time form of choice values.
  case text(String)
  /// Days since 1970-01-01.
  case date(Int64)
  /// Seconds since 1970-01-01T00:00:00Z.
  case datetime(Int64)
  /// Seconds.
  case duration(Int64)
  /// Index of a row in the referenced table.
  case ref(Int)

  /// Whether this is `.null`.
  @inlinable public var isNull: Bool {
    if case .null = self { return true }
    return false
  }

  /// The numeric value as a Double (ints widen); nil for non-numbers.
  /// The exact value of an int (nil for every other kind): distribution parameters that must be
  /// integers are validated on it, since a double rounds above 2⁵³.
  @inlinable public var exactInt: Int64? {
    if case .int(let i) = self { return i }
    return nil
  }

  @inlinable public var asDouble: Double? {
    switch self {
    case .int(let i): return Double(i)
    case .float(let d): return d
    default: return nil
    }
  }

  /// Truthiness for conditions: only `true` is true; null is false.
  @inlinable public var isTrue: Bool {
    if case .bool(true) = self { return true }
    return false
  }
}
