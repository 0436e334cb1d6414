import ScenarioIR
import Testing

/// `TextArena` and its builder: rows as bytes end to end, handed over without a copy, the same
/// as an arena made from arrays; growing past the first guess; the row being built.
@Suite("Text arenas")
struct TextArenaTests {
  @Test("a built arena holds each row's bytes, and equals one made from the same bytes and ends")
  func builtAndCopied() {
    // A first guess of 1 row of 1 byte: the builder grows its bytes and its rows many times.
    var b = TextArenaBuilder(rows: 1, bytesPerRow: 1)
    var texts: [String] = []
    for k in 0..<500 {
      let t = k % 7 == 0 ? "" : String(repeating: k % 2 == 0 ? "é" : "x", count: k % 40)
      texts.append(t)
      b.append(t)
      b.endRow()
    }
    let arena = b.finish()
    #expect(arena.count == 500)
    #expect((0..<500).map(arena.text) == texts)
    let bytes = texts.flatMap { Array($0.utf8) }
    var ends: [Int] = []
    var at = 0
    for t in texts {
      at += t.utf8.count
      ends.append(at)
    }
    let copied = TextArena(bytes: bytes, ends: ends)
    #expect((0..<500).map(copied.text) == texts)
    #expect(arena.byteCount == bytes.count && copied.byteCount == bytes.count)
    arena.withUnsafeParts { all, rowEnds in
      #expect(Array(all) == bytes && Array(rowEnds) == ends)
      #expect(String(decoding: arena.row(3, in: all), as: UTF8.self) == texts[3])
    }
    // After finish the builder is spent: discarding it does nothing, closing a row does nothing.
    b.discard()
    b.endRow()
    #expect(b.count == 0)
  }

  @Test("the row being built can be read, cut and dropped before it is closed")
  func pendingRow() {
    var b = TextArenaBuilder(rows: 2)
    b.append("abc")
    b.endRow()
    b.append("héllo")
    #expect(String(decoding: b.pendingBytes(), as: UTF8.self) == "héllo" && b.pendingLength == 6)
    b.dropLast(2)
    #expect(b.pendingText() == "hél")
    b.dropPending()
    b.append("z")
    b.endRow()
    let arena = b.finish()
    #expect(arena.text(0) == "abc" && arena.text(1) == "z")
  }
}
