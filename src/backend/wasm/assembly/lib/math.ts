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
