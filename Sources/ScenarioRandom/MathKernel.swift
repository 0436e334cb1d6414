import Foundation

// The elementary functions the samplers use, in one place. Today they forward to the platform
// libm (Foundation); research/statistics.md §5 recommends replacing them with a pure-Swift kernel
// (fdlibm/musl/CORE-MATH) so that values are bit-identical across glibc and Apple's libm. Only
// this file has to change for that. `sqrt` is not listed: `squareRoot()` is IEEE-exact everywhere.

/// Natural logarithm used by every sampler (currently the platform libm `log`).
@inlinable @inline(__always)
func kernelLog(_ x: Double) -> Double { Foundation.log(x) }

/// Exponential used by every sampler (currently the platform libm `exp`).
@inlinable @inline(__always)
func kernelExp(_ x: Double) -> Double { Foundation.exp(x) }

/// log(1 + x) used by the special functions (currently the platform libm `log1p`).
@inlinable @inline(__always)
func kernelLog1p(_ x: Double) -> Double { Foundation.log1p(x) }

/// exp(x) − 1 used by the special functions (currently the platform libm `expm1`).
@inlinable @inline(__always)
func kernelExpm1(_ x: Double) -> Double { Foundation.expm1(x) }

/// The cosine, used only for the starting points of the Gauss–Legendre nodes (currently the
/// platform libm `cos`; the nodes themselves come from Newton's method).
@inlinable @inline(__always)
func kernelCos(_ x: Double) -> Double { Foundation.cos(x) }

/// The complementary error function behind `normalCDF` (currently the platform libm `erfc`).
@inlinable @inline(__always)
func kernelErfc(_ x: Double) -> Double { Foundation.erfc(x) }

/// log Γ(x) for x ≥ 1 by the Stirling series with ten Bernoulli terms, shifting small arguments
/// up to x ≥ 7 first: numpy's `random_loggam` (numpy/random/src/distributions/distributions.c),
/// after Zhang & Jin, "Computation of Special Functions" (1996). It uses only `kernelLog`, so
/// PTRS acceptance decisions do not depend on the platform's `lgamma`.
@inlinable
func logGamma(_ x: Double) -> Double {
  if x == 1 || x == 2 { return 0 }
  let shift: Int = x < 7 ? Int(7 - x) : 0
  var x0 = x + Double(shift)
  let x2 = (1 / x0) * (1 / x0)
  var series = -1.39243221690590e+00
  series = series * x2 + 1.796443723688307e-01
  series = series * x2 - 2.955065359477124e-02
  series = series * x2 + 6.410256410256410e-03
  series = series * x2 - 1.917526917526918e-03
  series = series * x2 + 8.417508417508418e-04
  series = series * x2 - 5.952380952380952e-04
  series = series * x2 + 7.936507936507937e-04
  series = series * x2 - 2.777777777777778e-03
  series = series * x2 + 8.333333333333333e-02
  let halfLog2Pi = 0.5 * 1.8378770664093453e+00
  var result = series / x0 + halfLog2Pi + (x0 - 0.5) * kernelLog(x0) - x0
  if shift > 0 {
    for _ in 1...shift {
      result -= kernelLog(x0 - 1)
      x0 -= 1
    }
  }
  return result
}
