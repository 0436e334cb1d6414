import Foundation
import ScenarioIR

/// The state of one chunk evaluated column by column: each row's identity and every slot's
/// column so far. One frame belongs to one chunk on one thread.
final class VectorFrame {
  /// Rows in the chunk.
  let n: Int
  /// `slots[s]`: the column of slot `s` once evaluated.
  var slots: [Column?]
  /// Per row: the `row` value, the random-stream identity, the parent row and the persona.
  var rows: [Int]
  var rowKeys: [UInt64]
  var subs: [UInt32]
  var parents: [Int]
  var personas: [Int] {
    didSet { personaRows = [:] }
  }
  /// Each persona's rows in the chunk and whether it has any, computed on first use (persona
  /// overrides ask for them column after column).
  private var personaRows: [Int: (rows: [Bool], any: Bool)] = [:]
  /// `latents[k][r]`: latent normal `k` of row `r` (correlated columns).
  var latents: [[Double]]
  /// The row context the row interpreter's closures run in, for expressions evaluated row by row.
  var ctx: RowContext

  init(n: Int, slotCount: Int, latentCount: Int) {
    self.n = n
    slots = [Column?](repeating: nil, count: slotCount)
    rows = [Int](repeating: 0, count: n)
    rowKeys = [UInt64](repeating: 0, count: n)
    subs = [UInt32](repeating: 0, count: n)
    parents = [Int](repeating: -1, count: n)
    personas = [Int](repeating: -1, count: n)
    latents = [[Double]](repeating: [Double](repeating: 0, count: n), count: latentCount)
    ctx = RowContext(slotCount: slotCount)
    ctx.latents = [Double](repeating: 0, count: latentCount)
  }

  /// The token counts of every row of a text column's bytes, by the column's arena: the
  /// counting functions of one text (`word_count`, `sentence_count`, `mean_word_length`) read
  /// it once. The arena is held, so its identity is not reused while the frame lives.
  private var tokenCounts: [(arena: AnyObject, counts: [TextTokenizer.Counts])] = []

  /// `Semantics.tokenCounts` of the stored bytes of rows `0..<n` of `text` (whatever its null
  /// flags, so that every reader of the arena gets the same counts; a null row usually stores
  /// none), computed once per column arena.
  func tokenCounts(_ text: TextRows) -> [TextTokenizer.Counts] {
    let arena = text.sharedArena
    if let arena, let known = tokenCounts.first(where: { $0.arena === arena }) { return known.counts }
    let counts = withExtendedLifetime(text) { (0..<n).map { r in Semantics.tokenCounts(text.storedBytes(r)) } }
    if let arena { tokenCounts.append((arena, counts)) }
    return counts
  }

  /// The rows of persona `p` (`personas[r] == p`), and whether there are any.
  func rows(ofPersona p: Int) -> (rows: [Bool], any: Bool) {
    if let known = personaRows[p] { return known }
    var any = false
    let rows = [Bool](unsafeUninitializedCapacity: n) { out, initialized in
      personas.withUnsafeBufferPointer { ps in
        for r in 0..<n {
          out[r] = ps[r] == p
          if ps[r] == p { any = true }
        }
      }
      initialized = n
    }
    personaRows[p] = (rows, any)
    return (rows, any)
  }

  /// Sets the row context to row `r` of the chunk, with the values of `reads` (the slots an
  /// expression reads), so that a row closure computes exactly what it computes in a row loop.
  @inline(__always)
  func enter(_ r: Int, reads: [Int]) {
    ctx.row = rows[r]
    ctx.rowKey = rowKeys[r]
    ctx.sub = subs[r]
    ctx.parentRow = parents[r]
    ctx.persona = personas[r]
    for k in latents.indices { ctx.latents[k] = latents[k][r] }
    for s in reads { ctx.slots[s] = slots[s]?.value(at: r) ?? .null }
  }
}

/// A failure in a column-wise evaluation: the chunk is generated again row by row, which
/// reports the failure exactly as a row loop does (same row, column and message).
/// With `SCENARIO_DEBUG_VECTOR` set, each bail prints its reason and place to standard error
/// (a developer's diagnostic: a chunk that bails is generated twice).
struct VectorBail: Error {
  init(_ why: String = "", file: String = #fileID, line: Int = #line) {
    if VectorBail.debug { FileHandle.standardError.write(Data("vector bail: \(why) at \(file):\(line)\n".utf8)) }
  }
  static let debug = ProcessInfo.processInfo.environment["SCENARIO_DEBUG_VECTOR"] != nil
}

/// A compiled expression evaluated for a chunk's rows in `Mask`.
typealias VectorEval = (VectorFrame, Mask) throws(VectorBail) -> Column
