import ScenarioIR
import Testing

@testable import ScenarioEngine

/// The compact storage of stored slots returns exactly the values appended: every kind, nulls
/// in the first chunk or later, and a value of an unexpected kind.
@Suite("Stored columns")
struct StoredColumnTests {
  static func roundTrip(_ type: ValueType, _ chunks: [[Value]]) -> [Value] {
    var column = StoredColumn(for: type)
    for c in chunks { column.append(contentsOf: c) }
    #expect(column.count == chunks.reduce(0) { $0 + $1.count })
    return (0..<column.count).map { column[$0] }
  }

  static let cases: [(ValueType, [[Value]])] = [
    (.int, [[.int(1), .int(-5)], [.int(Int64.max), .int(Int64.min)]]),
    (ValueType(.int, nullable: true), [[.null, .int(2)], [.int(3), .null]]),
    (ValueType(.datetime, nullable: true), [[.datetime(0), .datetime(1_719_792_000)], [.null], [.datetime(-86_400)]]),
    (ValueType(.date, nullable: true), [[.date(19_000)], [.null, .date(-1)]]),
    (.duration, [[.duration(60), .duration(-3600)]]),
    (ValueType(.float, nullable: true), [[.float(0.1), .float(-0.0)], [.null, .float(.infinity), .float(1e-300)]]),
    (ValueType(.bool, nullable: true), [[.bool(true)], [.bool(false), .null], [.bool(true)]]),
    (.text, [[.text("a"), .text("a much longer text than fifteen bytes")], [.text("")]]),
    (ValueType(.ref("t")), [[.ref(0), .ref(41)]]),
    // An int where floats were expected moves the column to plain values, keeping every row.
    (ValueType(.float, nullable: true), [[.float(1.5), .null], [.int(2), .float(3)]]),
  ]

  @Test("values come back exactly", arguments: cases.indices)
  func roundTrips(_ i: Int) {
    let (type, chunks) = Self.cases[i]
    #expect(Self.roundTrip(type, chunks) == chunks.flatMap { $0 })
  }

  @Test("an empty column is empty")
  func empty() {
    let column = StoredColumn(for: .int)
    #expect(column.isEmpty)
    #expect(column.count == 0)
  }
}
