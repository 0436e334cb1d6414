import Foundation
import ScenarioIR
import Testing

/// `unique_int`'s keyed bijection (`Semantics.uniquePermutation`): every domain size maps
/// `0 ..< count` onto itself one to one, whatever the key, in O(1) memory per value.
@Suite("Unique values by construction")
struct UniquePermutationTests {
  @Test("every size from 1 to 600 is a permutation, for several keys")
  func smallDomains() {
    for key: UInt64 in [0, 1, 0xDEAD_BEEF, .max] {
      for count in 1...600 {
        var seen = [Bool](repeating: false, count: count)
        for x in 0..<UInt64(count) {
          let y = Int(Semantics.uniquePermutation(x, count: UInt64(count), key: key))
          #expect(y < count && !seen[y], "count \(count), key \(key): \(x) -> \(y)")
          seen[y] = true
        }
      }
    }
  }

  @Test("10,000,000 values: a permutation, checked with a bit set (1.25 MB, flat memory)")
  func tenMillion() {
    let count = 10_000_000
    var bits = [UInt64](repeating: 0, count: (count + 63) / 64)
    var repeats = 0
    var outside = 0
    for x in 0..<UInt64(count) {
      let y = Int(Semantics.uniquePermutation(x, count: UInt64(count), key: 0x5EED))
      if y >= count {
        outside += 1
        continue
      }
      if bits[y >> 6] & (1 << UInt64(y & 63)) != 0 { repeats += 1 }
      bits[y >> 6] |= 1 << UInt64(y & 63)
    }
    #expect(repeats == 0 && outside == 0)
  }

  @Test("the whole 64-bit range and its edges: values stay in range and differ")
  func hugeDomains() {
    for count: UInt64 in [0, 1 << 63, (1 << 63) + 5, .max] {
      var seen = Set<UInt64>()
      for x: UInt64 in 0..<2000 {
        let y = Semantics.uniquePermutation(x, count: count, key: 42)
        #expect(count == 0 || y < count)
        seen.insert(y)
      }
      #expect(seen.count == 2000, "count \(count)")
    }
  }

  @Test("the key changes the order: different seeds give different permutations")
  func keyed() {
    let a = (0..<100).map { Semantics.uniquePermutation(UInt64($0), count: 1000, key: 1) }
    let b = (0..<100).map { Semantics.uniquePermutation(UInt64($0), count: 1000, key: 2) }
    #expect(a != b)
  }

  @Test("through Semantics.call: low + the permutation, and an error one row past the range")
  func call() throws {
    #expect(try Semantics.call(.uniqueInt, [.int(0), .int(10), .int(10), .int(7)]) == .int(10))
    do throws(EvalError) {
      _ = try Semantics.call(.uniqueInt, [.int(5), .int(1), .int(5), .int(7)])
      Issue.record("no error past the range")
    } catch {
      #expect(error.code == .runtimeInvalidParameter)
      #expect(error.message.contains("has 5 values, and row 6"))
    }
  }
}
