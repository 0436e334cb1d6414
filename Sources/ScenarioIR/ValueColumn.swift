/// One column of a chunk, read as `Value`s: either an array of values or a typed array with
/// null flags (what the column-wise engine computes), so that a chunk reaches the encoders
/// without turning every number into a `Value` first. `column[i]` is the same `Value` whichever
/// form holds it.
public struct ValueColumn: RandomAccessCollection, Sendable {
  /// How the integers of an `.ints` column read as values.
  public enum IntKind: Sendable {
    case int, date, datetime, duration, ref

    /// The value that the integer `x` stands for.
    @inline(__always)
    public func value(_ x: Int64) -> Value {
      switch self {
      case .int: return .int(x)
      case .date: return .date(x)
      case .datetime: return .datetime(x)
      case .duration: return .duration(x)
      case .ref: return .ref(Int(x))
      }
    }
  }

  public enum Storage: Sendable {
    case values([Value])
    case floats([Double])
    case ints([Int64], IntKind)
    case bools([Bool])
    /// Texts by code: row `i` is `dictionary.texts[codes[i]]` (choices of constant texts).
    case texts([Int32], TextDictionary)
    /// Texts as UTF-8 bytes end to end (`TextArena`): texts computed row by row.
    case arena(TextArena)
  }

  public let storage: Storage
  /// `nulls[i]` is true when row `i` is null (typed storage only; nil when no row is).
  public let nulls: [Bool]?
  public let endIndex: Int
  public var startIndex: Int { 0 }

  /// A column of values.
  public init(_ values: [Value]) {
    storage = .values(values)
    nulls = nil
    endIndex = values.count
  }

  /// The first `count` rows of typed storage (the arrays hold at least `count` elements).
  public init(_ storage: Storage, nulls: [Bool]?, count: Int) {
    self.storage = storage
    self.nulls = nulls
    endIndex = count
  }

  public subscript(i: Int) -> Value {
    precondition(i >= 0 && i < endIndex, "row out of range")
    if let nulls, nulls[i] { return .null }
    switch storage {
    case .values(let v): return v[i]
    case .floats(let d): return .float(d[i])
    case .bools(let b): return .bool(b[i])
    case .texts(let codes, let dictionary): return .text(dictionary.texts[Int(codes[i])])
    case .ints(let x, let kind): return kind.value(x[i])
    case .arena(let a): return .text(a.text(i))
    }
  }
}

extension ValueColumn {
  /// Every row's value, converted in one pass per storage kind.
  public var values: [Value] {
    var out: [Value]
    switch storage {
    case .values(let v): out = endIndex == v.count ? v : Array(v.prefix(endIndex))
    case .floats(let d): out = d.prefix(endIndex).map { .float($0) }
    case .bools(let b): out = b.prefix(endIndex).map { .bool($0) }
    case .texts(let codes, let dictionary):
      let texts = dictionary.texts.map { Value.text($0) }
      out = codes.prefix(endIndex).map { texts[Int($0)] }
    case .ints(let x, let kind): out = x.prefix(endIndex).map(kind.value)
    case .arena(let a): out = (0..<endIndex).map { .text(a.text($0)) }
    }
    if let nulls {
      for i in 0..<endIndex where nulls[i] { out[i] = .null }
    }
    return out
  }
}

extension ValueColumn: ExpressibleByArrayLiteral {
  public init(arrayLiteral elements: Value...) { self.init(elements) }
}

extension ValueColumn: Equatable {
  /// Equal when every row reads the same value, whatever the storage.
  public static func == (a: ValueColumn, b: ValueColumn) -> Bool {
    a.count == b.count && a.elementsEqual(b)
  }
}

/// The distinct texts of a text column stored by code (a choice among constant texts): each row
/// holds a small integer instead of a string, and encoders format each text once per chunk.
public final class TextDictionary: @unchecked Sendable {
  public let texts: [String]
  public init(_ texts: [String]) { self.texts = texts }
}
