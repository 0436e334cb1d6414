/// Zipf(s, n): P(k) ∝ k^(−s) on 1...n for any s > 0, by rejection-inversion (Hörmann &
/// Derflinger, "Rejection-inversion to generate variates from monotone discrete distributions",
/// ACM TOMACS 6(3):169–184, 1996), in the formulation of Apache Commons RNG
/// `RejectionInversionZipfSampler`: the hat integral H(x) = ((x^(1−s) − 1)/(1 − s)), which has a
/// limit at s = 1, is inverted at a uniform point of (H(1.5) − 1, H(n + ½)], the candidate
/// k = ⌊x + ½⌋ is accepted at once when k − x ≤ σ (the paper's squeeze) and otherwise when
/// u ≥ H(k + ½) − h(k). One uniform per try; acceptance is high for every s. The loop is capped at
/// 2²⁰ tries; at the cap (never reached in practice) 1 is returned, deterministically.
public struct ZipfSampler: Sendable, Equatable {
  @usableFromInline let exponent: Double
  @usableFromInline let n: Int64
  @usableFromInline let hIntegralX1: Double
  @usableFromInline let hIntegralN: Double
  /// The squeeze constant σ = 2 − H⁻¹(H(2.5) − h(2)).
  @usableFromInline let squeeze: Double

  /// A sampler for Zipf(s, n); expects `s > 0` and `1 <= n <= 2^53`.
  public init(s: Double, n: Int64) {
    self.exponent = s
    self.n = max(1, n)
    self.hIntegralX1 = zipfHIntegral(1.5, s) - 1
    self.hIntegralN = zipfHIntegral(Double(self.n) + 0.5, s)
    self.squeeze = 2 - zipfHIntegralInverse(zipfHIntegral(2.5, s) - zipfH(2, s), s)
  }

  /// One value as an exact Int64 in 1...n.
  @inlinable
  public func sample(_ rng: inout CellRNG) -> Int64 {
    for _ in 0..<samplerRetryCap {
      let u = hIntegralN + rng.nextUniform() * (hIntegralX1 - hIntegralN)
      let x = zipfHIntegralInverse(u, exponent)
      // Clamp before converting: rounding may step just outside [1, n].
      let kd = min(max((x + 0.5).rounded(.down), 1), Double(n))
      let k = Int64(kd)
      if kd - x <= squeeze || u >= zipfHIntegral(kd + 0.5, exponent) - zipfH(kd, exponent) {
        return k
      }
    }
    return 1
  }
}

/// H(x) = (x^(1−s) − 1)/(1 − s), computed as log x · expm1((1 − s)log x)/((1 − s)log x).
@inlinable
func zipfHIntegral(_ x: Double, _ s: Double) -> Double {
  let logX = kernelLog(x)
  return expm1OverX((1 - s) * logX) * logX
}

/// h(x) = x^(−s).
@inlinable
func zipfH(_ x: Double, _ s: Double) -> Double {
  kernelExp(-s * kernelLog(x))
}

/// H⁻¹(y) = exp(log1p((1 − s)y)/(1 − s)), with (1 − s)y clamped to ≥ −1 against round-off.
@inlinable
func zipfHIntegralInverse(_ y: Double, _ s: Double) -> Double {
  let t = max(-1, y * (1 - s))
  return kernelExp(log1pOverX(t) * y)
}

/// log(1 + x)/x, by its Taylor series near 0 (Commons RNG `helper1`).
@inlinable
func log1pOverX(_ x: Double) -> Double {
  if abs(x) > 1e-8 { return kernelLog1p(x) / x }
  return 1 - x * (0.5 - x * (1.0 / 3.0 - 0.25 * x))
}

/// (exp(x) − 1)/x, by its Taylor series near 0 (Commons RNG `helper2`).
@inlinable
func expm1OverX(_ x: Double) -> Double {
  if abs(x) > 1e-8 { return kernelExpm1(x) / x }
  return 1 + x * 0.5 * (1 + x / 3 * (1 + 0.25 * x))
}
