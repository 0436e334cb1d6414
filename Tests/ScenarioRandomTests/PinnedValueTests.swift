import Testing

@testable import ScenarioRandom

/// Value-stability tests in the manner of Rust rand's `value_stability`: the first values of each
/// distribution for one fixed key, rows 0..4. A change here changes user-visible data and must
/// come with a generator-version bump (research/statistics.md §0.9).
///
/// Integer, boolean and pure-arithmetic values are compared exactly. Values that go through the
/// platform `log`/`exp` are compared to 1e-12 relative, because glibc and Apple's libm may differ
/// in the last bit until the module ships its own math kernel (statistics.md §5).
@Suite struct PinnedValueTests {
  static let key = StreamKey.derive(seed: 42, ["t", "c", "value"])

  static func firstValues(_ d: Distribution) -> [Double] {
    (0..<5).map { row in
      var rng = CellRNG(key: key, row: UInt64(row))
      return d.sample(&rng)
    }
  }

  static func close(_ a: [Double], _ b: [Double]) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= 1e-12 * max(1, abs($1)) }
  }

  @Test func streamKeyForSeed42() {
    #expect(Self.key.bits == 0x1c3c_5600_ec5d_97a8)
    #expect(Self.key.lo == 0xec5d_97a8 && Self.key.hi == 0x1c3c_5600)
    #expect(hashText("2024-03-05", seed: 42) == 0x1b13_7141_df8c_1ffc)
  }

  @Test func rawWordsOfRowZero() {
    var rng = CellRNG(key: Self.key, row: 0)
    let words = (0..<5).map { _ in rng.nextUInt64() }
    #expect(
      words == [
        0xe830_ed73_7793_8405, 0x5e17_5fcc_f663_3ee2, 0xd2a7_fb4a_567a_1f1f,
        0x4f45_7b0f_ef41_ef3b, 0xe0fa_659a_474b_6918,
      ])
  }

  @Test func exactDistributions() {
    #expect(
      Self.firstValues(.uniform(low: 0, high: 10)) == [
        9.069965750600899, 2.064012783600905, 3.543461532046347, 0.10795948801024413,
        0.5429150585579057,
      ])
    #expect(Self.firstValues(.uniformInt(low: 1, high: 6)) == [6, 2, 3, 1, 1])
    #expect(Self.firstValues(.bernoulli(p: 0.3)) == [0, 1, 0, 1, 1])
    #expect(Self.firstValues(.poisson(lambda: 3)) == [5, 2, 2, 0, 1])
    #expect(Self.firstValues(.poisson(lambda: 50)) == [61, 43, 47, 49, 35])
  }

  @Test func normalFamily() {
    #expect(
      Self.close(
        Self.firstValues(.normal(mean: 0, sd: 1)),
        [
          1.322484552641846, -0.8189717058513941, -0.3736129385194806, -2.2974713151206183,
          -1.6045947765561694,
        ]))
    #expect(
      Self.close(
        Self.firstValues(.lognormal(mu: 0, sigma: 1)),
        [
          3.7527336683816332, 0.4408847807327848, 0.6882432527328622, 0.10051268755521858,
          0.20097097656336957,
        ]))
    #expect(
      Self.close(
        Self.firstValues(.exponential(rate: 1)),
        [
          0.09761660499310487, 1.5779330517888202, 1.0374810097051177, 4.528584326239957,
          2.913387494190458,
        ]))
  }

  @Test func gammaFamily() {
    #expect(
      Self.close(
        Self.firstValues(.gamma(shape: 2, scale: 1)),
        [
          4.023331879342792, 0.817191658925709, 1.229367154573559, 0.11219591191571679,
          0.3348607238538195,
        ]))
    #expect(
      Self.close(
        Self.firstValues(.gamma(shape: 0.5, scale: 1)),
        [
          2.205673813828497, 0.05351690483091928, 0.0032743901714219303, 0.0054004222528724645,
          0.012816238485853452,
        ]))
    #expect(
      Self.close(
        Self.firstValues(.beta(alpha: 2, beta: 5)),
        [
          0.36606034936505977, 0.17746985672079604, 0.37069167749947696, 0.025348876650698498,
          0.0854896025976522,
        ]))
    #expect(
      Self.close(
        Self.firstValues(.beta(alpha: 0.5, beta: 0.5)),
        [
          0.9993100432808597, 0.06737455042167666, 0.0071095749841324826, 0.057430043563060265,
          0.07729219483779189,
        ]))
  }

  @Test func aliasTable() throws {
    let table = try #require(AliasTable(weights: [1, 2, 3, 0, 4.5]))
    #expect(table.scaledWeights == [409_044_504, 818_089_009, 1_227_133_513, 0, 1_840_700_270])
    #expect(table.threshold == [2_045_222_520, 4_090_445_045, 4_294_967_295, 0, 2_454_267_027])
    #expect(table.alias == [4, 4, 2, 4, 2])
    let picks = (0..<10).map { row in
      var rng = CellRNG(key: Self.key, row: UInt64(row))
      return table.sample(&rng)
    }
    #expect(picks == [4, 1, 1, 0, 0, 2, 0, 4, 0, 2])
  }

  // MARK: - Added distributions (generator version rng-v1)

  @Test func addedCountDistributions() {
    #expect(Self.firstValues(.binomial(n: 20, p: 0.3)) == [9, 4, 5, 2, 3])
    #expect(Self.firstValues(.binomial(n: 1000, p: 0.4)) == [403, 402, 413, 392, 389])
    #expect(Self.firstValues(.binomial(n: 100, p: 0.7)) == [60, 68, 64, 72, 72])
    #expect(Self.firstValues(.geometric(p: 0.3)) == [0, 4, 2, 12, 8])
    #expect(Self.firstValues(.negativeBinomial(r: 2.5, p: 0.3)) == [15, 2, 1, 0, 1])
    #expect(Self.firstValues(.negativeBinomial(r: 40, p: 0.2)) == [209, 133, 125, 105, 115])
    #expect(Self.firstValues(.zipf(s: 1.1, n: 1000)) == [1, 126, 36, 888, 556])
  }

  @Test func addedContinuousDistributions() {
    #expect(
      Self.close(
        Self.firstValues(.weibull(shape: 1.5, scale: 2)),
        [
          0.4240129575128152, 2.7107473657288033, 2.049667585520961, 5.474422371163657,
          4.079705651471826,
        ]))
    #expect(
      Self.close(
        Self.firstValues(.triangular(low: 0, mode: 2, high: 10)),
        [
          7.272313435309545, 2.032070674811883, 2.813046003790672, 0.4646708254458077,
          1.0420317255802778,
        ]))
    #expect(
      Self.close(
        Self.firstValues(.truncatedNormal(mean: 0, sd: 1, low: -0.5, high: 2)),
        [
          1.3725723333186854, -0.13435579297658873, 0.11428277126284103, -0.4795971889313491,
          -0.39928139255610284,
        ]))
    #expect(
      Self.close(
        Self.firstValues(.truncatedNormal(mean: 0, sd: 1, low: 4, high: 5)),
        [
          4.512359114273755, 4.053825329567494, 4.10120476245941, 4.002544672732686,
          4.01306795341071,
        ]))
  }

  @Test func empiricalSamplers() throws {
    let h = try #require(
      EmpiricalHistogram(edges: [-2, -1, 0, 0.5, 3, 10], weights: [1, 0, 4, 2.5, 0.5]))
    let m = try #require(
      Mixture(
        components: [
          Distribution.normal(mean: -2, sd: 0.5).sampler,
          Distribution.gamma(shape: 3, scale: 2).sampler,
        ], weights: [0.3, 0.7]))
    let first = { (draw: (inout CellRNG) -> Double) in
      (0..<5).map { row in
        var rng = CellRNG(key: Self.key, row: UInt64(row))
        return draw(&rng)
      }
    }
    #expect(
      Self.close(
        first { h.sample(&$0) },
        [
          1.4188604057780767, 0.11764560750384528, 0.04603475816725028, -1.7389924877141754,
          -1.5589995401136418,
        ]))
    #expect(
      Self.close(
        first { m.sample(&$0) },
        [
          4.30280852129774, -2.36076586153624, -2.664059144185854, -2.320121197579559,
          -2.0742165877604752,
        ]
      ))
  }

  /// Latent transforms at fixed z: the tables are part of the generator version too.
  @Test func latentTransforms() {
    let zs = [-3.0, -0.5, 0, 1.25, 4]
    let values = { (d: Distribution) in zs.map(LatentTransform(d).value) }
    #expect(
      Self.close(
        values(.gamma(shape: 2, scale: 12)),
        [
          0.634578279884195, 13.448232829648015, 20.140163880199967, 45.846050485018665,
          155.98912928924733,
        ]
      ))
    #expect(
      Self.close(
        values(.beta(alpha: 8, beta: 2)),
        [
          0.34844126647357787, 0.753381815380592, 0.8203803880196388, 0.9372457641167339,
          0.9990599868346345,
        ]
      ))
    #expect(values(.poisson(lambda: 4)) == [0, 3, 4, 7, 14])
    #expect(values(.zipf(s: 1.1, n: 1000)) == [1, 3, 12, 329, 1000])
  }
}
