import ScenarioIR

/// The mutable state of the row being evaluated. One context is reused for every row of a chunk.
public struct RowContext {
  /// Slot values of the current row.
  public var slots: SlotBuffer
  /// 0-based row number in the table.
  public var row: Int
  /// The row's stable identity for keyed random streams: `(rowKey, sub)` is the Philox counter
  /// prefix. Base tables use `(row, 0)`; child rows use their parent's identity and a child index,
  /// so adding a child to one parent never moves another parent's children.
  public var rowKey: UInt64
  public var sub: UInt32
  /// The parent row (child tables), else -1.
  public var parentRow: Int
  /// The persona index, else -1.
  public var persona: Int
  /// The row's correlated latent normals (see `CopulaIR`).
  public var latents: [Double]
  /// Inside a correlated aggregate: the source row being tested (`IRExprKind.candidate`).
  public var candidate: Int = -1

  init(slotCount: Int) {
    slots = SlotBuffer(count: slotCount)
    row = 0
    rowKey = 0
    sub = 0
    parentRow = -1
    persona = -1
    latents = []
  }
}

/// A compiled expression: evaluates against a row context.
typealias Eval = @Sendable (inout RowContext) throws(RuntimeFailure) -> Value

/// The slot values of the row being evaluated: a fixed buffer that every closure reads and the
/// generator writes in place, without the copy-on-write checks of an array. One buffer belongs to
/// one row context, which one thread uses at a time.
public final class SlotBuffer {
  private let base: UnsafeMutablePointer<Value>
  public let count: Int

  init(count: Int) {
    self.count = count
    base = .allocate(capacity: max(count, 1))
    base.initialize(repeating: .null, count: count)
  }

  deinit {
    base.deinitialize(count: count)
    base.deallocate()
  }

  @inline(__always)
  public subscript(i: Int) -> Value {
    get {
      precondition(i >= 0 && i < count, "slot out of range")
      return base[i]
    }
    set {
      precondition(i >= 0 && i < count, "slot out of range")
      base[i] = newValue
    }
  }
}
