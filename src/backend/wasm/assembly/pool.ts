/**
 * 2-D pooling kernels for the wasm backend (NCHW, f32), matching src/backend/reference/kernels/pool.ts
 * (PyTorch CPU semantics).
 *
 * Geometry: `geom` points to 14 consecutive i32 values
 *   [n, c, h, w, oh, ow, kh, kw, strideH, strideW, padH, padW, dilationH, dilationW]
 * (OH/OW computed by the caller, ceil mode included, so windows may run past the padded image).
 *
 * Max pool: padding is -Infinity; row-major scan, a value replaces the running max iff
 * `v > max || isNaN(v)` (first maximum wins ties, NaN propagates, the last NaN is the argmax); the
 * backward pass recomputes the argmax from x and adds dy there. An all -Infinity window has its
 * first in-image tap as argmax; a window without in-image taps gives -Infinity (and no gradient).
 * Avg pool (dilation ignored, as in PyTorch): see the reference for the window / divisor rules;
 * `countIncludePad` is 0/1 and `divisor` is the divisorOverride (0 = none). Sums are taken in f64.
 *
 * Threading: the range [p0, p1) is over the N*C planes; a call reads/writes only those planes of
 * y / dx (the backward kernels zero their dx planes first), so any split gives identical results.
 * No scratch.
 */

// @ts-ignore: decorator
@inline function imin(a: i32, b: i32): i32 { return a < b ? a : b; }
// @ts-ignore: decorator
@inline function imax(a: i32, b: i32): i32 { return a > b ? a : b; }
// @ts-ignore: decorator
@inline function g32(geom: usize, i: i32): i32 { return load<i32>(geom + (<usize>i << 2)); }

/** First in-image tap of a dilated window (start advanced by whole dilation steps to be >= 0). */
// @ts-ignore: decorator
@inline function tapStart(start: i32, dil: i32): i32 {
  return start < 0 ? start + ((-start + dil - 1) / dil) * dil : start;
}
/** End (exclusive) of the in-image taps: min(start + (k-1)*dil + 1, size). */
// @ts-ignore: decorator
@inline function tapEnd(start: i32, k: i32, dil: i32, size: i32): i32 {
  return imin(start + (k - 1) * dil + 1, size);
}

/**
 * Shared max-pool scan over planes [p0, p1). mode 0: y = max; mode 1: dx[argmax] += dy.
 */
function maxScan(geom: usize, x: usize, out: usize, dy: usize, mode: i32, p0: i32, p1: i32): void {
  const H = g32(geom, 2), W = g32(geom, 3), OH = g32(geom, 4), OW = g32(geom, 5);
  const KH = g32(geom, 6), KW = g32(geom, 7), sH = g32(geom, 8), sW = g32(geom, 9);
  const pH = g32(geom, 10), pW = g32(geom, 11), dH = g32(geom, 12), dW = g32(geom, 13);
  const HW = H * W, P = OH * OW;
  for (let pl = p0; pl < p1; pl++) {
    const xb = x + (<usize>pl * <usize>HW << 2);
    const ob = <usize>pl * <usize>P << 2;
    if (mode == 1) memory.fill(out + (<usize>pl * <usize>HW << 2), 0, <usize>HW << 2);
    for (let oy = 0; oy < OH; oy++) {
      const hs0 = oy * sH - pH;
      const ys = tapStart(hs0, dH), ye = tapEnd(hs0, KH, dH, H);
      for (let ox = 0; ox < OW; ox++) {
        const ws0 = ox * sW - pW;
        const xs = tapStart(ws0, dW), xe = tapEnd(ws0, KW, dW, W);
        const o = ob + (<usize>(oy * OW + ox) << 2);
        if (ys >= ye || xs >= xe) {
          if (mode == 0) store<f32>(out + o, -Infinity);
          continue;
        }
        let maxIdx = ys * W + xs;
        let maxVal: f32 = -Infinity;
        for (let iy = ys; iy < ye; iy += dH) {
          const row = xb + (<usize>(iy * W) << 2);
          for (let ix = xs; ix < xe; ix += dW) {
            const v = load<f32>(row + (<usize>ix << 2));
            if (v > maxVal || v != v) {
              maxVal = v;
              maxIdx = iy * W + ix;
            }
          }
        }
        if (mode == 0) {
          store<f32>(out + o, maxVal);
        } else {
          const d = out + (<usize>pl * <usize>HW << 2) + (<usize>maxIdx << 2);
          store<f32>(d, load<f32>(d) + load<f32>(dy + o));
        }
      }
    }
  }
}

/** One step of the max scan on 4 lanes: take v where v > m or v is NaN (same rule as the scalar scan). */
// @ts-ignore: decorator
@inline function takeMask(v: v128, m: v128): v128 {
  return v128.or(f32x4.gt(v, m), f32x4.ne(v, v));
}

/**
 * Fast path for the common non-overlapping 2x2 / stride 2 / no padding / no dilation case with
 * OH = floor(H/2), OW = floor(W/2): 4 outputs at a time with SIMD compares (branch-free; the same
 * scan order and NaN rule as maxScan). mode 0: y = max; mode 1: dx = dy at each window's argmax, 0 at its other taps and where no window reaches.
 */
function max2x2(geom: usize, x: usize, out: usize, dy: usize, mode: i32, p0: i32, p1: i32): void {
  const H = g32(geom, 2), W = g32(geom, 3), OH = g32(geom, 4), OW = g32(geom, 5);
  const HW = H * W, P = OH * OW;
  const ninf = f32x4.splat(-Infinity);
  for (let pl = p0; pl < p1; pl++) {
    const xb = x + (<usize>pl * <usize>HW << 2);
    const ob = <usize>pl * <usize>P << 2;
    const dxb = out + (<usize>pl * <usize>HW << 2);
    if (mode == 1) zeroUncovered(dxb, H, W, OH, OW);
    for (let oy = 0; oy < OH; oy++) {
      const r0 = xb + (<usize>(2 * oy * W) << 2);
      const r1 = r0 + (<usize>W << 2);
      const oRow = ob + (<usize>(oy * OW) << 2);
      let ox = 0;
      for (; ox + 4 <= OW; ox += 4) {
        const c = <usize>(8 * ox);
        const a0 = v128.load(r0 + c), a1 = v128.load(r0 + c, 16);
        const b0 = v128.load(r1 + c), b1 = v128.load(r1 + c, 16);
        const t00 = v128.shuffle<f32>(a0, a1, 0, 2, 4, 6), t01 = v128.shuffle<f32>(a0, a1, 1, 3, 5, 7);
        const t10 = v128.shuffle<f32>(b0, b1, 0, 2, 4, 6), t11 = v128.shuffle<f32>(b0, b1, 1, 3, 5, 7);
        let m = ninf;
        const k0 = takeMask(t00, m);
        m = v128.bitselect(t00, m, k0);
        const k1 = takeMask(t01, m);
        m = v128.bitselect(t01, m, k1);
        const k2 = takeMask(t10, m);
        m = v128.bitselect(t10, m, k2);
        const k3 = takeMask(t11, m);
        m = v128.bitselect(t11, m, k3);
        if (mode == 0) {
          v128.store(out + oRow + (<usize>ox << 2), m);
        } else {
          // tap index 0..3 of the argmax (0 when no tap was taken: the first tap)
          let idx = i32x4.splat(0);
          idx = v128.bitselect(i32x4.splat(1), idx, k1);
          idx = v128.bitselect(i32x4.splat(2), idx, k2);
          idx = v128.bitselect(i32x4.splat(3), idx, k3);
          // Every tap of these 4 windows is written (g at the argmax, 0 elsewhere): no zero fill needed.
          const g = v128.load(dy + oRow + (<usize>ox << 2));
          const tl = v128.and(g, i32x4.eq(idx, i32x4.splat(0))), tr = v128.and(g, i32x4.eq(idx, i32x4.splat(1)));
          const bl = v128.and(g, i32x4.eq(idx, i32x4.splat(2))), br = v128.and(g, i32x4.eq(idx, i32x4.splat(3)));
          const d0 = dxb + (<usize>(2 * oy * W + 2 * ox) << 2);
          const d1 = d0 + (<usize>W << 2);
          v128.store(d0, v128.shuffle<f32>(tl, tr, 0, 4, 1, 5));
          v128.store(d0, v128.shuffle<f32>(tl, tr, 2, 6, 3, 7), 16);
          v128.store(d1, v128.shuffle<f32>(bl, br, 0, 4, 1, 5));
          v128.store(d1, v128.shuffle<f32>(bl, br, 2, 6, 3, 7), 16);
        }
      }
      for (; ox < OW; ox++) {
        const c = <usize>(2 * ox) << 2;
        let m: f32 = -Infinity;
        let k = 0;
        let v = load<f32>(r0 + c);
        if (v > m || v != v) { m = v; k = 0; }
        v = load<f32>(r0 + c, 4);
        if (v > m || v != v) { m = v; k = 1; }
        v = load<f32>(r1 + c);
        if (v > m || v != v) { m = v; k = 2; }
        v = load<f32>(r1 + c, 4);
        if (v > m || v != v) { m = v; k = 3; }
        if (mode == 0) {
          store<f32>(out + oRow + (<usize>ox << 2), m);
        } else {
          const gv = load<f32>(dy + oRow + (<usize>ox << 2));
          const d0 = dxb + (<usize>(2 * oy * W + 2 * ox) << 2);
          const d1 = d0 + (<usize>W << 2);
          store<f32>(d0, k == 0 ? gv : 0); store<f32>(d0, k == 1 ? gv : 0, 4);
          store<f32>(d1, k == 2 ? gv : 0); store<f32>(d1, k == 3 ? gv : 0, 4);
        }
      }
    }
  }
}

/**
 * Zeroes the part of a dx plane [H, W] that no 2x2 window covers (the last row when H is odd, the
 * last column when W is odd); the windows write every other element.
 */
function zeroUncovered(dx: usize, H: i32, W: i32, OH: i32, OW: i32): void {
  if (2 * OH < H) memory.fill(dx + (<usize>(2 * OH * W) << 2), 0, <usize>((H - 2 * OH) * W) << 2);
  if (2 * OW < W) for (let y = 0; y < 2 * OH; y++) store<f32>(dx + (<usize>(y * W + W - 1) << 2), 0);
}

function is2x2(geom: usize): bool {
  return g32(geom, 6) == 2 && g32(geom, 7) == 2 && g32(geom, 8) == 2 && g32(geom, 9) == 2 &&
    g32(geom, 10) == 0 && g32(geom, 11) == 0 && g32(geom, 12) == 1 && g32(geom, 13) == 1 &&
    g32(geom, 4) == g32(geom, 2) / 2 && g32(geom, 5) == g32(geom, 3) / 2;
}

/** y = maxPool2d(x) for planes [p0, p1). */
export function maxPool2d_f32(geom: usize, x: usize, y: usize, p0: i32, p1: i32): void {
  const total = g32(geom, 0) * g32(geom, 1);
  if (p0 < 0) p0 = 0;
  if (p1 > total) p1 = total;
  if (is2x2(geom)) {
    max2x2(geom, x, y, 0, 0, p0, p1);
    return;
  }
  maxScan(geom, x, y, 0, 0, p0, p1);
}

/** dx = maxPool2d backward (argmax recomputed from x) for planes [p0, p1); dx planes are overwritten. */
export function maxPool2dGrad_f32(geom: usize, x: usize, dy: usize, dx: usize, p0: i32, p1: i32): void {
  const total = g32(geom, 0) * g32(geom, 1);
  if (p0 < 0) p0 = 0;
  if (p1 > total) p1 = total;
  if (is2x2(geom)) {
    max2x2(geom, x, dx, dy, 1, p0, p1);
    return;
  }
  maxScan(geom, x, dx, dy, 1, p0, p1);
}

/** Shared avg-pool walk. mode 0: y = mean; mode 1: dx += dy / divisor over the window. */
function avgScan(geom: usize, src: usize, out: usize, mode: i32, countIncludePad: i32, divisor: f32,
  p0: i32, p1: i32): void {
  const H = g32(geom, 2), W = g32(geom, 3), OH = g32(geom, 4), OW = g32(geom, 5);
  const KH = g32(geom, 6), KW = g32(geom, 7), sH = g32(geom, 8), sW = g32(geom, 9);
  const pH = g32(geom, 10), pW = g32(geom, 11);
  const HW = H * W, P = OH * OW;
  for (let pl = p0; pl < p1; pl++) {
    const xb = (mode == 0 ? src : out) + (<usize>pl * <usize>HW << 2);
    const ob = (mode == 0 ? out : src) + (<usize>pl * <usize>P << 2);
    if (mode == 1) memory.fill(xb, 0, <usize>HW << 2);
    for (let oy = 0; oy < OH; oy++) {
      let hs = oy * sH - pH;
      let he = imin(hs + KH, H + pH);
      const poolH = he - hs;
      hs = imax(hs, 0);
      he = imin(he, H);
      for (let ox = 0; ox < OW; ox++) {
        let ws = ox * sW - pW;
        let we = imin(ws + KW, W + pW);
        const poolSize = poolH * (we - ws);
        ws = imax(ws, 0);
        we = imin(we, W);
        const o = ob + (<usize>(oy * OW + ox) << 2);
        if (hs >= he || ws >= we) {
          if (mode == 0) store<f32>(o, 0);
          continue;
        }
        const div: f64 = divisor != 0 ? <f64>divisor : countIncludePad != 0 ? <f64>poolSize : <f64>((he - hs) * (we - ws));
        if (mode == 0) {
          let sum: f64 = 0;
          for (let iy = hs; iy < he; iy++) {
            const row = xb + (<usize>(iy * W) << 2);
            for (let ix = ws; ix < we; ix++) sum += <f64>load<f32>(row + (<usize>ix << 2));
          }
          store<f32>(o, <f32>(sum / div));
        } else {
          const v: f64 = <f64>load<f32>(o) / div;
          for (let iy = hs; iy < he; iy++) {
            const row = xb + (<usize>(iy * W) << 2);
            for (let ix = ws; ix < we; ix++) {
              const p = row + (<usize>ix << 2);
              store<f32>(p, <f32>(<f64>load<f32>(p) + v));
            }
          }
        }
      }
    }
  }
}

/** y = avgPool2d(x) for planes [p0, p1). */
export function avgPool2d_f32(geom: usize, x: usize, y: usize, countIncludePad: i32, divisor: f32, p0: i32, p1: i32): void {
  const total = g32(geom, 0) * g32(geom, 1);
  if (p0 < 0) p0 = 0;
  if (p1 > total) p1 = total;
  avgScan(geom, x, y, 0, countIncludePad, divisor, p0, p1);
}

/** dx = avgPool2d backward for planes [p0, p1); dx planes are overwritten. */
export function avgPool2dGrad_f32(geom: usize, dy: usize, dx: usize, countIncludePad: i32, divisor: f32, p0: i32, p1: i32): void {
  const total = g32(geom, 0) * g32(geom, 1);
  if (p0 < 0) p0 = 0;
  if (p1 > total) p1 = total;
  avgScan(geom, dy, dx, 1, countIncludePad, divisor, p0, p1);
}
