/// A half-open byte range `[start, end)` in one source file.
public struct SourceSpan: Sendable, Equatable, Hashable {
  /// The `SourceFile.id` the span belongs to.
  public var file: Int
  /// First byte.
  public var start: Int
  /// One past the last byte.
  public var end: Int

  /// Creates a span; `end` is clamped to be at least `start`.
  public init(file: Int = 0, start: Int, end: Int) {
    self.file = file
    self.start = start
    self.end = max(start, end)
  }

  /// A span that covers nothing, used for synthesised nodes.
  public static let none = SourceSpan(file: -1, start: 0, end: 0)

  /// The smallest span covering both.
  public func merged(with other: SourceSpan) -> SourceSpan {
    if self == .none { return other }
    if other == .none { return self }
    return SourceSpan(file: file, start: min(start, other.start), end: max(end, other.end))
  }

  /// An empty span at the end of this one (where a missing token is reported).
  public var endPoint: SourceSpan { SourceSpan(file: file, start: end, end: end) }

  /// Whether `offset` lies inside.
  public func contains(_ offset: Int) -> Bool { offset >= start && offset < end }

  /// Length in bytes.
  public var length: Int { end - start }
}
