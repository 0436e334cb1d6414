/// Binomial(n, p). Works with r = min(p, 1 − p) and returns n − X when p > ½.
///
/// - n·r < 30: inversion by sequential search (one uniform; the smallest k with F(k) ≥ u, with
///   the pmf by the recurrence f(k + 1) = f(k)·(n − k)/(k + 1)·r/(1 − r) from f(0) = (1 − r)ⁿ;
///   Devroye 1986, §X.4). The search stops once the remaining terms no longer move the running
///   CDF in binary64.
/// - otherwise: BTPE, the triangle/parallelogram/exponential acceptance–rejection of
///   Kachitvichyanukul & Schmeiser, "Binomial random variate generation", CACM 31(2):216–222,
///   1988, in the form of numpy's `random_binomial_btpe` (two uniforms per try, acceptance about
///   0.8–0.9, with the squeeze and Stirling-based final test of the paper). The loop is capped at
///   2²⁰ tries; at the cap (never reached in practice) the mode is returned, deterministically.
public struct BinomialSampler: Sendable, Equatable {
  @usableFromInline let n: Int64
  /// Whether the result is mirrored (p > ½).
  @usableFromInline let flip: Bool
  @usableFromInline let useBTPE: Bool
  @usableFromInline let r: Double
  @usableFromInline let q: Double
  /// (1 − r)ⁿ, the probability of 0, for the inversion path.
  @usableFromInline let q0: Double
  /// r/(1 − r).
  @usableFromInline let odds: Double
  // BTPE setup (numpy's names): the mode m, the triangle half-width p1, the region bounds xl,
  // xm, xr, the parallelogram height c, the exponential rates laml, lamr, and the cumulative
  // region areas p2, p3, p4.
  @usableFromInline let nrq: Double
  @usableFromInline let m: Int64
  @usableFromInline let p1: Double
  @usableFromInline let xm: Double
  @usableFromInline let xl: Double
  @usableFromInline let xr: Double
  @usableFromInline let c: Double
  @usableFromInline let laml: Double
  @usableFromInline let lamr: Double
  @usableFromInline let p2: Double
  @usableFromInline let p3: Double
  @usableFromInline let p4: Double

  /// A sampler for Binomial(n, p); expects `0 <= n <= 1e9` and `0 <= p <= 1`.
  public init(n: Int64, p: Double) {
    self.n = max(0, n)
    self.flip = p > 0.5
    let r = min(p, 1 - p)
    let q = 1 - r
    let nd = Double(self.n)
    self.r = r
    self.q = q
    self.useBTPE = nd * r >= 30
    self.q0 = kernelExp(nd * kernelLog1p(-r))
    self.odds = r / q
    self.nrq = nd * r * q
    // The BTPE constants are only meaningful (and only finite) when BTPE is used; the inversion
    // path keeps them at 0 so that the sampler stays Equatable to itself.
    let b = useBTPE ? BTPESetup(n: nd, r: r, q: q) : BTPESetup()
    self.m = b.m
    self.p1 = b.p1
    self.xm = b.xm
    self.xl = b.xl
    self.xr = b.xr
    self.c = b.c
    self.laml = b.laml
    self.lamr = b.lamr
    self.p2 = b.p2
    self.p3 = b.p3
    self.p4 = b.p4
  }

  /// One value as an exact Int64 in 0...n.
  @inlinable
  public func sample(_ rng: inout CellRNG) -> Int64 {
    let k = useBTPE ? btpe(&rng) : inversion(&rng)
    return flip ? n - k : k
  }

  /// Sequential-search inversion for Binomial(n, r).
  @inlinable
  func inversion(_ rng: inout CellRNG) -> Int64 {
    let u = rng.nextUniform()
    var k: Int64 = 0
    var pk = q0
    var cdf = pk
    while u > cdf && k < n {
      pk *= Double(n - k) / Double(k + 1) * odds
      k += 1
      let next = cdf + pk
      if next == cdf { break }  // the tail no longer moves the CDF
      cdf = next
    }
    return k
  }

  /// BTPE for Binomial(n, r) with n·r ≥ 30 (numpy `random_binomial_btpe`, steps 10–60).
  @inlinable
  func btpe(_ rng: inout CellRNG) -> Int64 {
    for _ in 0..<samplerRetryCap {
      let u = rng.nextUniform() * p4
      var v = rng.nextUniform()
      let y: Int64
      if u <= p1 {
        // Step 10: the triangle, accepted at once.
        return Int64((xm - p1 * v + u).rounded(.down))
      } else if u <= p2 {
        // Step 20: the parallelograms.
        let x = xl + (u - p1) / c
        v = v * c + 1 - abs(Double(m) - x + 0.5) / p1
        if v > 1 { continue }
        y = Int64(x.rounded(.down))
      } else if u <= p3 {
        // Step 30: the left exponential tail.
        let x = (xl + kernelLog(v) / laml).rounded(.down)
        if x < 0 { continue }
        y = Int64(x)
        v = v * (u - p2) * laml
      } else {
        // Step 40: the right exponential tail.
        let x = (xr - kernelLog(v) / lamr).rounded(.down)
        if x > Double(n) { continue }
        y = Int64(x)
        v = v * (u - p3) * lamr
      }
      if btpeAccepts(y, v) { return y }
    }
    return m
  }

  /// Steps 50–52: the acceptance test of a candidate y with the uniform v, by explicit
  /// evaluation of f(y)/f(m) near the mode and by the squeeze plus Stirling bound otherwise.
  @inlinable
  func btpeAccepts(_ y: Int64, _ v: Double) -> Bool {
    let k = abs(y - m)
    let kd = Double(k)
    if k <= 20 || kd >= nrq / 2 - 1 {
      // Step 50: f(y)/f(m) by the recurrence.
      let s = r / q
      let a = s * Double(n + 1)
      var f = 1.0
      if m < y {
        var i = m + 1
        while i <= y {
          f *= a / Double(i) - s
          i += 1
        }
      } else if m > y {
        var i = y + 1
        while i <= m {
          f /= a / Double(i) - s
          i += 1
        }
      }
      return v <= f
    }
    // Step 52: squeeze on log v, then the bound with Stirling's corrections.
    let rho = (kd / nrq) * ((kd * (kd / 3 + 0.625) + 0.1666666666666666666) / nrq + 0.5)
    let t = -kd * kd / (2 * nrq)
    let logV = kernelLog(v)
    if logV < t - rho { return true }
    if logV > t + rho { return false }
    let nd = Double(n)
    let md = Double(m)
    let yd = Double(y)
    let x1 = yd + 1
    let f1 = md + 1
    let z = nd + 1 - md
    let w = nd - yd + 1
    let bound =
      xm * kernelLog(f1 / x1) + (nd - md + 0.5) * kernelLog(z / w)
      + (yd - md) * kernelLog(w * r / (x1 * q)) + stirlingTail(f1) + stirlingTail(z)
      + stirlingTail(x1) + stirlingTail(w)
    return logV <= bound
  }

  /// The Stirling correction term of BTPE step 52,
  /// (13680 − (462 − (132 − (99 − 140/x²)/x²)/x²)/x²)/x/166320.
  @inlinable
  func stirlingTail(_ x: Double) -> Double {
    let x2 = x * x
    return (13680 - (462 - (132 - (99 - 140 / x2) / x2) / x2) / x2) / x / 166_320
  }
}

/// The BTPE constants of Kachitvichyanukul & Schmeiser (1988), step 0, as numpy computes them.
private struct BTPESetup {
  var m: Int64 = 0
  var p1 = 0.0
  var xm = 0.0
  var xl = 0.0
  var xr = 0.0
  var c = 0.0
  var laml = 0.0
  var lamr = 0.0
  var p2 = 0.0
  var p3 = 0.0
  var p4 = 0.0

  /// All zero (the inversion path does not use BTPE).
  init() {}

  /// The constants for n trials with success probability r ≤ ½ and q = 1 − r.
  init(n: Double, r: Double, q: Double) {
    let fm = n * r + r
    m = Int64(fm.rounded(.down))
    p1 = (2.195 * (n * r * q).squareRoot() - 4.6 * q).rounded(.down) + 0.5
    xm = Double(m) + 0.5
    xl = xm - p1
    xr = xm + p1
    c = 0.134 + 20.5 / (15.3 + Double(m))
    var a = (fm - xl) / (fm - xl * r)
    laml = a * (1 + a / 2)
    a = (xr - fm) / (xr * q)
    lamr = a * (1 + a / 2)
    p2 = p1 * (1 + 2 * c)
    p3 = p2 + c / laml
    p4 = p3 + c / lamr
  }
}
