/** Scalar helpers shared by the elementwise kernels (JS number semantics where the reference relies on them). */

/** JS ToInt32 of a float64 (what storing into an Int32Array does): NaN/±Inf → 0, otherwise modulo 2^32. */
export function toInt32(x: f64): i32 {
  if (!isFinite<f64>(x)) return 0;
  const t = Math.trunc(x);
  if (t >= -2147483648.0 && t < 2147483648.0) return <i32>t;
  const m = t - Math.floor(t / 4294967296.0) * 4294967296.0;
  return <i32><u32>m;
}

/** JS ToInt32 of a float32 value. */
// @ts-ignore: decorator
@inline export function f32ToI32(v: f32): i32 {
  const d = <f64>v;
  return d > -2147483649.0 && d < 2147483648.0 ? <i32>v : toInt32(d);
}

/**
 * erf(x) in f64, the reference backend's algorithm (src/backend/reference/kernels/elementwise.ts
 * `erfOf`): the Maclaurin series below |x| = 2.5, 1 − erfc from erfc's continued fraction above, ±1
 * beyond |x| = 6.
 */
export function erfF64(x: f64): f64 {
  if (x != x) return x;
  const a = Math.abs(x);
  if (a < 2.5) {
    const x2 = x * x;
    let term = x;
    let sum = x;
    for (let n = 1; n < 100; n++) {
      term *= -x2 / <f64>n;
      const next = sum + term / <f64>(2 * n + 1);
      if (next == sum) break;
      sum = next;
    }
    return (2.0 / Math.sqrt(Math.PI)) * sum;
  }
  if (a > 6) return x > 0 ? 1.0 : -1.0;
  let f = a;
  for (let k = 80; k >= 1; k--) f = a + <f64>k / 2.0 / f;
  const erfc = Math.exp(-a * a) / Math.sqrt(Math.PI) / f;
  return (x > 0 ? 1.0 : -1.0) * (1.0 - erfc);
}
