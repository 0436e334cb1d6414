import Testing

@testable import ScenarioRandom

/// Walker/Vose alias tables: integer construction, validation and goodness of fit.
@Suite struct AliasTableTests {
  static let key = StreamKey.derive(seed: 3, ["alias"])

  static func counts(_ table: AliasTable, draws: Int = Stat.n) -> [Int] {
    var counts = [Int](repeating: 0, count: table.count)
    for row in 0..<draws {
      var rng = CellRNG(key: key, row: UInt64(row))
      counts[table.sample(&rng)] += 1
    }
    return counts
  }

  @Test(arguments: [
    [1.0, 2, 3, 0, 4.5],
    [0.001, 0.999],
    [5, 5, 5, 5, 5, 5, 5],
    (1...40).map { 1 / Double($0) },
  ])
  func chiSquareAgainstWeights(_ weights: [Double]) throws {
    let table = try #require(AliasTable(weights: weights))
    let counts = Self.counts(table)
    let total = weights.reduce(0, +)
    var observed: [Int] = []
    var expected: [Double] = []
    for (i, w) in weights.enumerated() {
      if w == 0 {
        #expect(counts[i] == 0)
      } else {
        observed.append(counts[i])
        expected.append(w / total * Double(Stat.n))
      }
    }
    let (stat, df) = Stat.chiSquare(observed: observed, expected: expected)
    #expect(stat <= Stat.chiSquareCritical(df: df), "chi-square \(stat) with \(df) df")
  }

  @Test func scaledWeightsSumToTwoToThe32() throws {
    let inputs: [[Double]] = [
      [1, 1, 1], [1e-300, 1e300], [1e308, 1e308, 1e308], [0, 0, 7], [0.1, 0.2, 0.3, 0.4],
      (0..<1000).map { Double($0 % 17) }, [1, 0x1p-40],
    ]
    for weights in inputs {
      let table = try #require(AliasTable(weights: weights))
      #expect(table.scaledWeights.reduce(0, +) == 1 << 32)
      for (w, s) in zip(weights, table.scaledWeights) where w == 0 {
        #expect(s == 0)
      }
    }
    // Largest remainder: equal thirds give the spare unit to the lowest index.
    #expect(
      AliasTable(weights: [1, 1, 1])?.scaledWeights == [
        1_431_655_766, 1_431_655_765, 1_431_655_765,
      ])
  }

  @Test func singleOutcomeIsAlwaysChosen() throws {
    let table = try #require(AliasTable(weights: [0, 3, 0]))
    #expect(Self.counts(table, draws: 1000) == [0, 1000, 0])
  }

  @Test func oneWordPerDraw() throws {
    let table = try #require(AliasTable(weights: [1, 2, 3]))
    var a = CellRNG(key: Self.key, row: 1)
    _ = table.sample(&a)
    _ = table.sample(&a)
    #expect(a.blocksUsed == 1)
  }

  @Test func tableIsIndependentOfWeightScale() {
    let a = AliasTable(weights: [1, 2, 3])
    let b = AliasTable(weights: [10, 20, 30])
    #expect(a != nil && a == b)
  }

  @Test func validation() {
    #expect(AliasTable.validate(weights: []) == "weights must not be empty")
    #expect(AliasTable.validate(weights: [0, 0]) == "weights must not all be zero")
    #expect(
      AliasTable.validate(weights: [1, -2])
        == "weights must be greater than or equal to 0 (found -2.0 at index 1)")
    #expect(
      AliasTable.validate(weights: [.nan, 1])
        == "weights must be finite numbers (found nan at index 0)")
    #expect(AliasTable.validate(weights: [1, .infinity]) != nil)
    #expect(AliasTable.validate(weights: [0, 1]) == nil)
    #expect(AliasTable(weights: []) == nil)
    #expect(AliasTable(weights: [0]) == nil)
    #expect(AliasTable(weights: [-1, 2]) == nil)
  }
}
