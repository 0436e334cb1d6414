import Dispatch
import ScenarioIR

extension ChunkGenerator {
  /// Generates rows `start ..< start + count` column by column: each slot is computed for the
  /// whole chunk before the next (`VectorCompiler`). Gives exactly the rows of the row loop
  /// (slots only read earlier slots, and draws are keyed by site and row, not by order). Throws
  /// `VectorBail` on any failure; the caller then runs the row loop, which reports it.
  func generateColumns(start: Int, count n: Int, compiled: CompiledTable) throws(VectorBail) -> GeneratedChunk {
    let latentCount = copulas.reduce(0) { $0 + $1.ir.members.count }
    let frame = VectorFrame(n: n, slotCount: table.slots.count, latentCount: latentCount)
    var parent = layout.isChild ? layout.parentOf(start) : -1
    let parentKeys = layout.parentStore?.rowKeys ?? []
    let parentSubs = layout.parentStore?.subs ?? []
    var personaCodes: [Int32] = []
    for i in 0..<n {
      let r = start + i
      frame.rows[i] = rowOffset + r
      if layout.isChild, layout.parentStore != nil {
        while layout.offsets[parent + 1] <= r { parent += 1 }
        // `parent` is the layout's entry; a sparse parent's entries are its rows with children.
        let parentRow = layout.parentRow(ofEntry: parent)
        let id = parentKeys.isEmpty ? (key: UInt64(parentRow), sub: UInt32(0)) : (key: parentKeys[parentRow], sub: parentSubs[parentRow])
        frame.parents[i] = parentRow
        frame.rowKeys[i] = id.sub == 0 ? id.key : mixIdentity(id.key, id.sub)
        frame.subs[i] = UInt32(truncatingIfNeeded: r - layout.offsets[parent] + 1)
      } else {
        frame.rowKeys[i] = UInt64(r)
      }
      if latentCount > 0 {
        frame.ctx.rowKey = frame.rowKeys[i]
        frame.ctx.sub = frame.subs[i]
        for c in copulas { c.fill(&frame.ctx) }
        for k in 0..<latentCount { frame.latents[k][i] = frame.ctx.latents[k] }
      }
      if let personas {
        let p = personas.persona(row: r, rowKey: frame.rowKeys[i], sub: frame.subs[i])
        frame.personas[i] = p
        personaCodes.append(Int32(p))
      }
    }
    if let personaSlot { frame.slots[personaSlot] = Column(.texts(personaCodes, personaDictionary)) }
    for s in order {
      guard let eval = compiled.columnEvals[s] else { continue }
      guard SlotProfile.enabled else {
        frame.slots[s] = try eval(frame, nil)
        continue
      }
      let t0 = DispatchTime.now().uptimeNanoseconds
      frame.slots[s] = try eval(frame, nil)
      SlotProfile.shared.add(table.name + "." + table.slots[s].name, DispatchTime.now().uptimeNanoseconds - t0)
    }
    var columns: [ValueColumn] = []
    columns.reserveCapacity(table.outputSlots.count)
    for (i, s) in table.outputSlots.enumerated() {
      let column = frame.slots[s] ?? .constant(.null)
      if let target = outputRefs[i] {
        columns.append(ValueColumn((0..<n).map { r in
          guard case .ref(let row) = column.value(at: r) else { return column.value(at: r) }
          return target.key?[row] ?? .int(Int64(row + target.offset) + 1)
        }))
      } else {
        columns.append(column.chunkColumn(n))
      }
    }
    let stored = table.storedSlots.map { frame.slots[$0] ?? .constant(.null) }
    var probes: [ValueColumn] = []
    for (k, p) in table.probes.enumerated() {
      if case .slot(let s) = p.kind {
        probes.append((frame.slots[s] ?? .constant(.null)).chunkColumn(n))
      } else {
        probes.append(try compiled.columnProbes[k](frame, nil).chunkColumn(n))
      }
    }
    return GeneratedChunk(
      chunk: Chunk(startRow: rowOffset + start, count: n, columns: columns), stored: stored,
      rowKeys: keepIdentity ? frame.rowKeys : [], subs: keepIdentity ? frame.subs : [], probes: probes)
  }
}
