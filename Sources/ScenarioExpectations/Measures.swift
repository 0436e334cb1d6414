import ScenarioIR

/// What an expectation measured: the value compared with the target, the number of rows or
/// values it is based on, and an explanation when the value is undefined (NaN) or counts
/// violations.
struct Measurement: Equatable {
  var value: Double
  var n: Int
  var detail: String?
}

/// One expectation's accumulator. Receives its table's chunks in row order; `probes` holds the
/// expectation's own probe columns in argument order, each exactly `count` values long (typed
/// when the engine computed them column-wise; `ValueColumn` reads either form as values).
protocol Measure: AnyObject {
  /// Adds rows `startRow ..< startRow + count`.
  func observe(startRow: Int, count: Int, probes: [ValueColumn])
  /// The measurement over the rows seen so far.
  func measurement() -> Measurement
}

/// Creates the accumulator for a statistic. `keys` is the referenced column for `resolves`.
func makeMeasure(_ statistic: Statistic, keys: KeySet?) -> any Measure {
  switch statistic {
  case .count: return CountMeasure()
  case .rate: return RateMeasure()
  case .mean: return MomentsMeasure(sd: false)
  case .sd: return MomentsMeasure(sd: true)
  case .min: return ExtremaMeasure(max: false)
  case .max: return ExtremaMeasure(max: true)
  case .quantile(let p): return QuantileMeasure(p: p)
  case .pearson: return PearsonMeasure()
  case .spearman: return SpearmanMeasure()
  case .everyRow: return EveryRowMeasure()
  case .unique: return UniqueMeasure()
  case .uniqueByConstruction: return ByConstructionMeasure()
  case .resolves: return ResolvesMeasure(keys: keys ?? KeySet(table: "?", column: "?"))
  }
}

/// The number of probes a statistic reads.
func arity(_ statistic: Statistic) -> Int {
  switch statistic {
  case .count: return 0
  case .pearson, .spearman: return 2
  case .rate, .mean, .sd, .min, .max, .quantile, .everyRow, .unique, .uniqueByConstruction, .resolves: return 1
  }
}

private let noValues = "no non-null values"

// MARK: - Constant memory

/// `count`: the number of rows.
final class CountMeasure: Measure {
  private var rows = RowCounter()
  func observe(startRow: Int, count: Int, probes: [ValueColumn]) { rows.add(rows: count) }
  func measurement() -> Measurement { Measurement(value: Double(rows.count), n: rows.count) }
}

/// `rate`: the share of rows where the probe is true (null counts as false).
final class RateMeasure: Measure {
  private var rate = RateAccumulator()
  func observe(startRow: Int, count: Int, probes: [ValueColumn]) {
    if case .bools(let b) = probes[0].storage {
      let nulls = probes[0].nulls
      for i in 0..<count { rate.add(b[i] && !(nulls?[i] ?? false)) }
      return
    }
    for v in probes[0] { rate.add(v.isTrue) }
  }
  func measurement() -> Measurement {
    Measurement(
      value: rate.rate, n: rate.total, detail: rate.total == 0 ? "the table has no rows" : nil)
  }
}

/// `mean` and `sd` (sample standard deviation) of the non-null numeric values.
final class MomentsMeasure: Measure {
  private let sd: Bool
  private var moments = Moments()
  init(sd: Bool) { self.sd = sd }
  func observe(startRow: Int, count: Int, probes: [ValueColumn]) {
    if case .floats(let d) = probes[0].storage {
      // `statisticNumber` of a float: the number, unless NaN.
      let nulls = probes[0].nulls
      for i in 0..<count where !(nulls?[i] ?? false) && !d[i].isNaN { moments.add(d[i]) }
      return
    }
    for v in probes[0] { if let x = v.statisticNumber { moments.add(x) } }
  }
  func measurement() -> Measurement {
    let n = moments.count
    if sd {
      let detail = n < 2 ? "needs at least 2 non-null values, got \(n)" : nil
      return Measurement(value: moments.sampleSD, n: n, detail: detail)
    }
    return Measurement(value: moments.meanOrNaN, n: n, detail: n == 0 ? noValues : nil)
  }
}

/// `min` or `max` of the non-null numeric values.
final class ExtremaMeasure: Measure {
  private let max: Bool
  private var extrema = Extrema()
  init(max: Bool) { self.max = max }
  func observe(startRow: Int, count: Int, probes: [ValueColumn]) {
    for v in probes[0] { if let x = v.statisticNumber { extrema.add(x) } }
  }
  func measurement() -> Measurement {
    let value = max ? extrema.maxOrNaN : extrema.minOrNaN
    return Measurement(value: value, n: extrema.count, detail: extrema.count == 0 ? noValues : nil)
  }
}

/// `pearson`: the correlation of two numeric probes over rows where both are non-null.
final class PearsonMeasure: Measure {
  private var moments = CoMoments()
  func observe(startRow: Int, count: Int, probes: [ValueColumn]) {
    if case .floats(let xs) = probes[0].storage, case .floats(let ys) = probes[1].storage {
      let xn = probes[0].nulls
      let yn = probes[1].nulls
      for i in 0..<count where !(xn?[i] ?? false) && !(yn?[i] ?? false) && !xs[i].isNaN && !ys[i].isNaN {
        moments.add(xs[i], ys[i])
      }
      return
    }
    for i in 0..<count {
      if let x = probes[0][i].statisticNumber, let y = probes[1][i].statisticNumber {
        moments.add(x, y)
      }
    }
  }
  func measurement() -> Measurement {
    let r = moments.pearson
    return Measurement(
      value: r, n: moments.count,
      detail: r.isNaN ? correlationProblem(moments.count) : nil)
  }
}

/// Why a correlation is undefined.
private func correlationProblem(_ n: Int) -> String {
  n < 2
    ? "needs at least 2 rows where both values are non-null, got \(n)"
    : "one of the values is constant, so the correlation is undefined"
}

// MARK: - Keeping values

/// `quantile(p)` of the non-null numeric values.
final class QuantileMeasure: Measure {
  private let p: Double
  private var sample = QuantileSample()
  init(p: Double) { self.p = p }
  func observe(startRow: Int, count: Int, probes: [ValueColumn]) {
    for v in probes[0] { if let x = v.statisticNumber { sample.add(x) } }
  }
  func measurement() -> Measurement {
    Measurement(
      value: sample.quantile(p), n: sample.count, detail: sample.count == 0 ? noValues : nil)
  }
}

/// `spearman`: the rank correlation of two probes over rows where both are non-null.
final class SpearmanMeasure: Measure {
  private var sample = RankSample()
  func observe(startRow: Int, count: Int, probes: [ValueColumn]) {
    for i in 0..<count {
      if let x = probes[0][i].rankKey, let y = probes[1][i].rankKey { sample.add(x, y) }
    }
  }
  func measurement() -> Measurement {
    let r = sample.spearman
    return Measurement(
      value: r, n: sample.count, detail: r.isNaN ? correlationProblem(sample.count) : nil)
  }
}
