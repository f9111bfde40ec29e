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

// SGD and RMSprop (src/backend/reference/kernels/optim.ts defines them). Flags are i32 0/1; the state
// rows of RMSprop are squareAvg, gradAvg (centered) and momentumBuffer (hasMom, always the last row).

/** sign·g, plus wd·p fused (f64) when wd ≠ 0: SGD's d and RMSprop's gi. */
// @ts-ignore: decorator
@inline function direction(g: v128, p: v128, vSign: v128, vWd: v128, useWd: bool): v128 {
  const d = f32x4.mul(vSign, g);
  return useWd ? fusedAdd(d, vWd, p) : d;
}

// @ts-ignore: decorator
@inline function directionScalar(g: f32, p: f32, sign: f32, wd: f32, useWd: bool): f32 {
  const d = sign * g;
  return useWd ? fusedAddScalar(d, wd, p) : d;
}

export function sgdMomentum_f32(g: usize, p: usize, b: usize, out: usize, n: i32, hasBuf: i32,
  sign: f32, wd: f32, mom: f32, keep: f32, start: i32, end: i32): void {
  const useWd = wd != 0;
  const vSign = f32x4.splat(sign);
  const vWd = f32x4.splat(wd);
  const vMom = f32x4.splat(mom);
  const vKeep = f32x4.splat(keep);
  let i = start < 0 ? 0 : start;
  const stop = end > n ? n : end;
  for (; i + 4 <= stop; i += 4) {
    const o = <usize>i << 2;
    const d = direction(v128.load(g + o), v128.load(p + o), vSign, vWd, useWd);
    v128.store(out + o, hasBuf ? fusedAdd(f32x4.mul(v128.load(b + o), vMom), vKeep, d) : d);
  }
  for (; i < stop; i++) {
    const o = <usize>i << 2;
    const d = directionScalar(load<f32>(g + o), load<f32>(p + o), sign, wd, useWd);
    store<f32>(out + o, hasBuf ? fusedAddScalar(load<f32>(b + o) * mom, keep, d) : d);
  }
}

export function sgdStep_f32(p: usize, g: usize, b: usize, out: usize, n: i32, hasBuf: i32, nesterov: i32,
  sign: f32, wd: f32, mom: f32, negLr: f32, start: i32, end: i32): void {
  const useWd = wd != 0;
  const bufOnly = hasBuf != 0 && nesterov == 0;
  const vSign = f32x4.splat(sign);
  const vWd = f32x4.splat(wd);
  const vMom = f32x4.splat(mom);
  const vNegLr = f32x4.splat(negLr);
  let i = start < 0 ? 0 : start;
  const stop = end > n ? n : end;
  for (; i + 4 <= stop; i += 4) {
    const o = <usize>i << 2;
    const pi = v128.load(p + o);
    let step: v128;
    if (bufOnly) step = v128.load(b + o);
    else {
      const d = direction(v128.load(g + o), pi, vSign, vWd, useWd);
      step = hasBuf ? fusedAdd(d, vMom, v128.load(b + o)) : d;
    }
    v128.store(out + o, fusedAdd(pi, vNegLr, step));
  }
  for (; i < stop; i++) {
    const o = <usize>i << 2;
    const pi = load<f32>(p + o);
    let step: f32;
    if (bufOnly) step = load<f32>(b + o);
    else {
      const d = directionScalar(load<f32>(g + o), pi, sign, wd, useWd);
      step = hasBuf ? fusedAddScalar(d, mom, load<f32>(b + o)) : d;
    }
    store<f32>(out + o, fusedAddScalar(pi, negLr, step));
  }
}

/** √variance + eps in f32, variance = si − ai² when centered. */
// @ts-ignore: decorator
@inline function rmsDenominator(si: v128, ai: v128, vEps: v128, centered: bool): v128 {
  const variance = centered ? f32x4.sub(si, f32x4.mul(ai, ai)) : si;
  return f32x4.add(f32x4.sqrt(variance), vEps);
}

// @ts-ignore: decorator
@inline function rmsDenominatorScalar(si: f32, ai: f32, eps: f32, centered: bool): f32 {
  const variance = centered ? si - ai * ai : si;
  return Mathf.sqrt(variance) + eps;
}

export function rmspropMoments_f32(g: usize, p: usize, s: usize, out: usize, n: i32, k: i32, centered: i32, hasMom: i32,
  sign: f32, wd: f32, alpha: f32, oma: f32, eps: f32, mom: f32, start: i32, end: i32): void {
  const rowBytes = <usize>n << 2;
  const momOffset = <usize>(k - 1) * rowBytes;
  const useWd = wd != 0;
  const isCentered = centered != 0;
  const vSign = f32x4.splat(sign);
  const vWd = f32x4.splat(wd);
  const vAlpha = f32x4.splat(alpha);
  const vOma = f32x4.splat(oma);
  const vEps = f32x4.splat(eps);
  const vMom = f32x4.splat(mom);
  let i = start < 0 ? 0 : start;
  const stop = end > n ? n : end;
  for (; i + 4 <= stop; i += 4) {
    const o = <usize>i << 2;
    const gi = direction(v128.load(g + o), v128.load(p + o), vSign, vWd, useWd);
    const si = f32x4.add(f32x4.mul(v128.load(s + o), vAlpha), f32x4.mul(f32x4.mul(vOma, gi), gi));
    v128.store(out + o, si);
    let ai = f32x4.splat(0);
    if (isCentered) {
      ai = fusedAdd(f32x4.mul(v128.load(s + rowBytes + o), vAlpha), vOma, gi);
      v128.store(out + rowBytes + o, ai);
    }
    if (hasMom) {
      const avg = rmsDenominator(si, ai, vEps, isCentered);
      v128.store(out + momOffset + o, f32x4.add(f32x4.mul(v128.load(s + momOffset + o), vMom), f32x4.div(gi, avg)));
    }
  }
  for (; i < stop; i++) {
    const o = <usize>i << 2;
    const gi = directionScalar(load<f32>(g + o), load<f32>(p + o), sign, wd, useWd);
    const si = load<f32>(s + o) * alpha + (oma * gi) * gi;
    store<f32>(out + o, si);
    let ai: f32 = 0;
    if (isCentered) {
      ai = fusedAddScalar(load<f32>(s + rowBytes + o) * alpha, oma, gi);
      store<f32>(out + rowBytes + o, ai);
    }
    if (hasMom) {
      const avg = rmsDenominatorScalar(si, ai, eps, isCentered);
      store<f32>(out + momOffset + o, load<f32>(s + momOffset + o) * mom + gi / avg);
    }
  }
}

export function rmspropStep_f32(p: usize, g: usize, s: usize, out: usize, n: i32, k: i32, centered: i32, hasMom: i32,
  sign: f32, wd: f32, eps: f32, negLr: f32, start: i32, end: i32): void {
  const rowBytes = <usize>n << 2;
  const momOffset = <usize>(k - 1) * rowBytes;
  const useWd = wd != 0;
  const isCentered = centered != 0;
  const vSign = f32x4.splat(sign);
  const vWd = f32x4.splat(wd);
  const vEps = f32x4.splat(eps);
  const vNegLr = f32x4.splat(negLr);
  let i = start < 0 ? 0 : start;
  const stop = end > n ? n : end;
  for (; i + 4 <= stop; i += 4) {
    const o = <usize>i << 2;
    const pi = v128.load(p + o);
    if (hasMom) {
      v128.store(out + o, fusedAdd(pi, vNegLr, v128.load(s + momOffset + o)));
      continue;
    }
    const gi = direction(v128.load(g + o), pi, vSign, vWd, useWd);
    const ai = isCentered ? v128.load(s + rowBytes + o) : f32x4.splat(0);
    const avg = rmsDenominator(v128.load(s + o), ai, vEps, isCentered);
    v128.store(out + o, f32x4.add(pi, f32x4.div(f32x4.mul(vNegLr, gi), avg)));
  }
  for (; i < stop; i++) {
    const o = <usize>i << 2;
    const pi = load<f32>(p + o);
    if (hasMom) {
      store<f32>(out + o, fusedAddScalar(pi, negLr, load<f32>(s + momOffset + o)));
      continue;
    }
    const gi = directionScalar(load<f32>(g + o), pi, sign, wd, useWd);
    const ai: f32 = isCentered ? load<f32>(s + rowBytes + o) : 0;
    const avg = rmsDenominatorScalar(load<f32>(s + o), ai, eps, isCentered);
    store<f32>(out + o, pi + (negLr * gi) / avg);
  }
}
