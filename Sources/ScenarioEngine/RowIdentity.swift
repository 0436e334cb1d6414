import ScenarioIR
import ScenarioRandom

extension RowIdentityIR {
  /// The identity of row `row` (DESIGN.md §2): an inline table's key, or for the cell of a cross
  /// product a SipHash of its factors' row identities, in factor order.
  func key(of row: Int) -> UInt64 {
    switch self {
    case .keys(let keys): return keys[row]
    case .cells(let sizes, let keys):
      var message = [UInt8](repeating: 0, count: 8 * sizes.count)
      var rest = row
      for i in sizes.indices.reversed() {
        let size = max(1, sizes[i])
        let digit = rest % size
        rest /= size
        let k = keys[i]?[digit] ?? UInt64(digit)
        for b in 0..<8 { message[8 * i + b] = UInt8(truncatingIfNeeded: k >> (8 * UInt64(b))) }
      }
      return sipHash24(key: (0x6365_6c6c_7320_6964, 0x7072_6f64_7563_74), message: message)
    }
  }
}
