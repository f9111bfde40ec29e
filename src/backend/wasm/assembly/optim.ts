/**
 * The optim family (float32), matching src/backend/reference/kernels/optim.ts bit for bit:
 *
 * - `adamMoments_f32(g, p, s, out, n, k, sign, b1, b2, omb1, omb2, l2, start, end)`: s and out are
 *   [k, n] (rows expAvg, expAvgSq, and for k = 3 maxExpAvgSq). The sums whose product term PyTorch fuses
 *   (gi + l2·p, m·b1 + (1 − b1)·gi) are computed in f64 (the product of two f32 is exact there) and
 *   rounded once, like `Math.fround(a + b * c)` in the reference.
 * - `adamStep_f32(p, s, out, n, k, negStep, bc2Sqrt, eps, decay, decoupled, start, end)`: pure f32
 *   arithmetic.
 * Both compute elements [start, end) of every row only, so the JS side may split [0, n) over threads.
 *
 * Rows of s/out start at multiples of n elements, so they need not be 16-byte aligned (v128 loads and
 * stores in wasm accept any alignment).
 */

// @ts-ignore: decorator
@inline function hiToLo(v: v128): v128 {
  return i64x2.shuffle(v, v, 1, 0);
}

/** round_f32(a + b·c) per lane, with a, b, c f32x4 and the arithmetic in f64. */
// @ts-ignore: decorator
@inline function fusedAdd(a: v128, b: v128, c: v128): v128 {
  const lo = f64x2.add(f64x2.promote_low_f32x4(a), f64x2.mul(f64x2.promote_low_f32x4(b), f64x2.promote_low_f32x4(c)));
  const hi = f64x2.add(
    f64x2.promote_low_f32x4(hiToLo(a)),
    f64x2.mul(f64x2.promote_low_f32x4(hiToLo(b)), f64x2.promote_low_f32x4(hiToLo(c))),
  );
  return i64x2.shuffle(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 2);
}

// @ts-ignore: decorator
@inline function fusedAddScalar(a: f32, b: f32, c: f32): f32 {
  return <f32>(<f64>a + <f64>b * <f64>c);
}

export function adamMoments_f32(g: usize, p: usize, s: usize, out: usize, n: i32, k: i32,
  sign: f32, b1: f32, b2: f32, omb1: f32, omb2: f32, l2: f32, start: i32, end: i32): void {
  const rowBytes = <usize>n << 2;
  const vS = s + rowBytes;
  const vO = out + rowBytes;
  const xS = vS + rowBytes;
  const xO = vO + rowBytes;
  const amsgrad = k == 3;
  const useL2 = l2 != 0;
  const vSign = f32x4.splat(sign);
  const vB1 = f32x4.splat(b1);
  const vB2 = f32x4.splat(b2);
  const vOmb1 = f32x4.splat(omb1);
  const vOmb2 = f32x4.splat(omb2);
  const vL2 = f32x4.splat(l2);
  let i = start < 0 ? 0 : start;
  const stop = end > n ? n : end;
  for (; i + 4 <= stop; i += 4) {
    const o = <usize>i << 2;
    let gi = f32x4.mul(vSign, v128.load(g + o));
    if (useL2) gi = fusedAdd(gi, vL2, v128.load(p + o));
    const mi = fusedAdd(f32x4.mul(v128.load(s + o), vB1), vOmb1, gi);
    const vi = f32x4.add(f32x4.mul(v128.load(vS + o), vB2), f32x4.mul(f32x4.mul(vOmb2, gi), gi));
    v128.store(out + o, mi);
    v128.store(vO + o, vi);
    if (amsgrad) {
      const prev = v128.load(xS + o);
      v128.store(xO + o, v128.bitselect(prev, vi, f32x4.gt(prev, vi)));
    }
  }
  for (; i < stop; i++) {
    const o = <usize>i << 2;
    let gi = sign * load<f32>(g + o);
    if (useL2) gi = fusedAddScalar(gi, l2, load<f32>(p + o));
    const mi = fusedAddScalar(load<f32>(s + o) * b1, omb1, gi);
    const vi = load<f32>(vS + o) * b2 + (omb2 * gi) * gi;
    store<f32>(out + o, mi);
    store<f32>(vO + o, vi);
    if (amsgrad) {
      const prev = load<f32>(xS + o);
      store<f32>(xO + o, prev > vi ? prev : vi);
    }
  }
}

export function adamStep_f32(p: usize, s: usize, out: usize, n: i32, k: i32,
  negStep: f32, bc2Sqrt: f32, eps: f32, decay: f32, decoupled: i32, start: i32, end: i32): void {
  const second = s + ((<usize>(k - 1) * <usize>n) << 2);
  const vNeg = f32x4.splat(negStep);
  const vBc2 = f32x4.splat(bc2Sqrt);
  const vEps = f32x4.splat(eps);
  const vDecay = f32x4.splat(decay);
  let i = start < 0 ? 0 : start;
  const stop = end > n ? n : end;
  for (; i + 4 <= stop; i += 4) {
    const o = <usize>i << 2;
    let pi = v128.load(p + o);
    if (decoupled) pi = f32x4.mul(pi, vDecay);
    const denom = f32x4.add(f32x4.div(f32x4.sqrt(v128.load(second + o)), vBc2), vEps);
    v128.store(out + o, f32x4.add(pi, f32x4.div(f32x4.mul(vNeg, v128.load(s + o)), denom)));
  }
  for (; i < stop; i++) {
    const o = <usize>i << 2;
    let pi = load<f32>(p + o);
    if (decoupled) pi = pi * decay;
    const denom = Mathf.sqrt(load<f32>(second + o)) / bc2Sqrt + eps;
    store<f32>(out + o, pi + (negStep * load<f32>(s + o)) / denom);
  }
}
