/// A parsed `Pattern` flattened into a small program that draws without walking the tree: the
/// tree's nodes are boxes whose reference counts every draw would touch (and every thread would
/// write, for a pattern that threads share), where the program is plain memory read through
/// pointers.
///
/// A draw consumes the generator exactly as a walk of the tree does (Pattern's documentation
/// says how a draw is distributed): a class draws `below(count)` even when it has one member, an
/// alternation `below(branches)`, a repetition `below(max - min + 1)` even when `min == max`, in
/// the order of the text. So the program gives the tree's texts, byte for byte.
struct PatternProgram: @unchecked Sendable {
  /// One step. `literal`: bytes `pool[a ..< a + b]`. `asciiSet`: one of the `b` bytes at
  /// `pool[a...]`. `set`: one of the `c` code points of ranges `ranges[a ..< a + b]`. `alternation`:
  /// one of `a` branches, branch `i` the steps `bounds[b + i] ..< bounds[b + i + 1]`, then on at
  /// step `c`. `repetition`: the steps `pc + 1 ..< c`, `a` to `b` times, then on at step `c`.
  struct Op {
    enum Kind: UInt8 { case literal, asciiSet, set, alternation, repetition }
    var kind: Kind
    var a: Int32
    var b: Int32
    var c: Int32
  }

  private let ops: UnsafeMutableBufferPointer<Op>
  private let pool: UnsafeMutableBufferPointer<UInt8>
  private let ranges: UnsafeMutableBufferPointer<ClosedRange<UInt32>>
  private let bounds: UnsafeMutableBufferPointer<Int32>

  /// The program of `root`, in memory `deallocate` frees.
  init(_ root: Pattern.Node) {
    var builder = Builder()
    builder.emit(root)
    func copy<T>(_ array: [T]) -> UnsafeMutableBufferPointer<T> {
      let b = UnsafeMutableBufferPointer<T>.allocate(capacity: max(array.count, 1))
      _ = b.initialize(from: array)
      return UnsafeMutableBufferPointer(rebasing: b[0..<array.count])
    }
    ops = copy(builder.ops)
    pool = copy(builder.pool)
    ranges = copy(builder.ranges)
    bounds = copy(builder.bounds)
  }

  func deallocate() {
    ops.baseAddress?.deallocate()
    pool.baseAddress?.deallocate()
    ranges.baseAddress?.deallocate()
    bounds.baseAddress?.deallocate()
  }

  /// Appends the text drawn with `rng` to the row `out` is building.
  @inline(__always)
  func draw(_ rng: inout SplitMix64, into out: inout TextArenaBuilder) {
    run(0, ops.count, &rng, &out)
  }

  private func run(_ from: Int, _ end: Int, _ rng: inout SplitMix64, _ out: inout TextArenaBuilder) {
    var pc = from
    while pc < end {
      let op = ops[pc]
      switch op.kind {
      case .literal:
        out.append(UnsafeBufferPointer(rebasing: pool[Int(op.a)..<Int(op.a + op.b)]))
        pc += 1
      case .asciiSet:
        out.append(pool[Int(op.a) + Int(rng.below(UInt64(op.b)))])
        pc += 1
      case .set:
        var i = rng.below(UInt64(op.c))
        for k in Int(op.a)..<Int(op.a + op.b) {
          let n = UInt64(ranges[k].count)
          if i < n {
            Pattern.appendUTF8(Unicode.Scalar(ranges[k].lowerBound + UInt32(i)) ?? "?", &out)
            break
          }
          i -= n
        }
        pc += 1
      case .alternation:
        let branch = Int(op.b) + Int(rng.below(UInt64(op.a)))
        run(Int(bounds[branch]), Int(bounds[branch + 1]), &rng, &out)
        pc = Int(op.c)
      case .repetition:
        let count = Int(op.a) + Int(rng.below(UInt64(op.b - op.a + 1)))
        for _ in 0..<count { run(pc + 1, Int(op.c), &rng, &out) }
        pc = Int(op.c)
      }
    }
  }

  /// Flattens a tree into steps.
  private struct Builder {
    var ops: [Op] = []
    var pool: [UInt8] = []
    var ranges: [ClosedRange<UInt32>] = []
    var bounds: [Int32] = []
    /// The first step a literal may be joined to: steps before it are in another branch or
    /// body, or before a step that starts or ends one.
    var barrier = 0

    mutating func emit(_ node: Pattern.Node) {
      switch node {
      case .literal(let s): literal(s)
      case .set(let set):
        let count = set.count
        if let top = set.ranges.last?.upperBound, top < 0x80 {
          let start = pool.count
          for r in set.ranges { for v in r { pool.append(UInt8(v)) } }
          ops.append(Op(kind: .asciiSet, a: Int32(start), b: Int32(count), c: 0))
        } else {
          ops.append(Op(kind: .set, a: Int32(ranges.count), b: Int32(set.ranges.count), c: Int32(count)))
          ranges.append(contentsOf: set.ranges)
        }
      case .sequence(let nodes): for n in nodes { emit(n) }
      case .alternation(let nodes):
        let at = ops.count
        let first = bounds.count
        bounds.append(contentsOf: [Int32](repeating: 0, count: nodes.count + 1))
        ops.append(Op(kind: .alternation, a: Int32(nodes.count), b: Int32(first), c: 0))
        for (i, n) in nodes.enumerated() {
          bounds[first + i] = Int32(ops.count)
          barrier = ops.count
          emit(n)
        }
        bounds[first + nodes.count] = Int32(ops.count)
        ops[at].c = Int32(ops.count)
        barrier = ops.count
      case .repetition(let n, let min, let max):
        let at = ops.count
        ops.append(Op(kind: .repetition, a: Int32(min), b: Int32(max), c: 0))
        barrier = ops.count
        emit(n)
        ops[at].c = Int32(ops.count)
        barrier = ops.count
      }
    }

    /// A literal code point: joined to the literal step before it when that step is in the same
    /// run of steps (a literal draws nothing, so joining keeps the draws).
    mutating func literal(_ s: Unicode.Scalar) {
      let start = pool.count
      pool.append(contentsOf: UTF8.encode(s)!)
      let width = Int32(pool.count - start)
      if ops.count > barrier, let last = ops.last, last.kind == .literal, Int(last.a + last.b) == start {
        ops[ops.count - 1].b += width
      } else {
        ops.append(Op(kind: .literal, a: Int32(start), b: width, c: 0))
      }
    }
  }
}
