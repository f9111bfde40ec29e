/**
 * 2-D pooling kernels (NCHW, row-major Float32Array or Float64Array: the output has the input's
 * element type), matching PyTorch CPU.
 *
 *   x:  [N, C, H, W]      y / dy: [N, C, OH, OW]
 *
 * Window for output (oy, ox): rows hstart = oy*strideH - padH, stepping by
 * dilationH, KH taps (likewise for columns). OH/OW are computed by the caller
 * (including ceil_mode), so windows may run past the padded end of the image.
 *
 * Max pool: padding counts as -Infinity (i.e. ignored). Scan order is row-major
 * over the window; a value replaces the running max iff `v > max || isNaN(v)`,
 * so the first maximum wins ties and NaN propagates (the last NaN in scan order
 * is the recorded argmax), exactly as PyTorch's CPU kernel. If every value is
 * -Infinity the argmax is the first in-image tap of the window.
 *
 * Avg pool (no dilation in PyTorch): with hstart/wstart as above,
 *   hend = min(hstart + KH, H + padH), wend = min(wstart + KW, W + padW)
 *   poolSize = (hend - hstart) * (wend - wstart)          // before clipping
 *   then clip to the real image [max(start,0), min(end, H/W)),
 *   divisor = divisorOverride ?? (countIncludePad ? poolSize : clipped count).
 * An empty clipped window gives 0.
 */

import type { Pool2dGeometry } from '../../../engine/geometry.js';
import { pool2dGeometry } from '../../../engine/geometry.js';
import type { FloatArray } from '../../../engine/dtype.js';
import type { RefKernel } from '../handle.js';
import { allocLike, floatDTypeOf, floats } from '../handle.js';

/**
 * In-image taps of a dilated window along one axis, as PyTorch computes them:
 * end = min(start + (k-1)*dil + 1, size) from the unclipped start, then start
 * is advanced by whole dilation steps until it is >= 0. Iterate [s, end) with
 * step `dil`; the range is empty when s >= end.
 */
function tapRange(start: number, k: number, dil: number, size: number): [number, number] {
  let s = start;
  if (s < 0) s += Math.ceil(-s / dil) * dil;
  const end = Math.min(start + (k - 1) * dil + 1, size);
  return [s, end];
}

/**
 * Shared scan for max pool: writes the window max to y (forward) and/or
 * scatter-adds dy into dx at the argmax (backward).
 */
function maxPoolScan(x: FloatArray, g: Pool2dGeometry, y: FloatArray | null,
  dx: FloatArray | null, dy: FloatArray | null): void {
  const { h: H, w: W, oh: OH, ow: OW, kh: KH, kw: KW } = g;
  const dH = g.dilationH, dW = g.dilationW;
  const planes = g.n * g.c;
  const HW = H * W;
  const P = OH * OW;
  for (let pl = 0; pl < planes; pl++) {
    const xb = pl * HW;
    const ob = pl * P;
    for (let oy = 0; oy < OH; oy++) {
      const [ys, ye] = tapRange(oy * g.strideH - g.padH, KH, dH, H);
      for (let ox = 0; ox < OW; ox++) {
        const [xs, xe] = tapRange(ox * g.strideW - g.padW, KW, dW, W);
        const o = ob + oy * OW + ox;
        if (ys >= ye || xs >= xe) {
          // No in-image tap (impossible under PyTorch's pad <= k/2 rule).
          if (y !== null) y[o] = -Infinity;
          continue;
        }
        let maxIdx = ys * W + xs;
        let maxVal = -Infinity;
        for (let iy = ys; iy < ye; iy += dH) {
          const row = xb + iy * W;
          for (let ix = xs; ix < xe; ix += dW) {
            const v = x[row + ix]!;
            if (v > maxVal || v !== v) {
              maxVal = v;
              maxIdx = iy * W + ix;
            }
          }
        }
        if (y !== null) y[o] = maxVal;
        if (dx !== null && dy !== null) dx[xb + maxIdx]! += dy[o]!;
      }
    }
  }
}

/** Max pool forward. Returns [N, C, OH, OW]. */
export function maxPool2dArrays(x: Float32Array, g: Pool2dGeometry): Float32Array;
export function maxPool2dArrays(x: Float64Array, g: Pool2dGeometry): Float64Array;
export function maxPool2dArrays(x: FloatArray, g: Pool2dGeometry): FloatArray;
export function maxPool2dArrays(x: FloatArray, g: Pool2dGeometry): FloatArray {
  const y = allocLike(x, g.n * g.c * g.oh * g.ow);
  maxPoolScan(x, g, y, null, null);
  return y;
}

/** Max pool backward: routes dy to the argmax of each window (recomputed from x). Returns [N, C, H, W]. */
export function maxPool2dGradArrays(x: Float32Array, dy: Float32Array, g: Pool2dGeometry): Float32Array;
export function maxPool2dGradArrays(x: Float64Array, dy: Float64Array, g: Pool2dGeometry): Float64Array;
export function maxPool2dGradArrays(x: FloatArray, dy: FloatArray, g: Pool2dGeometry): FloatArray;
export function maxPool2dGradArrays(x: FloatArray, dy: FloatArray, g: Pool2dGeometry): FloatArray {
  const dx = allocLike(dy, g.n * g.c * g.h * g.w);
  maxPoolScan(x, g, null, dx, dy);
  return dx;
}

/**
 * Visit every avg-pool window: callback gets the output index, the clipped
 * window [hs,he) x [ws,we) and the divisor.
 */
function avgWindows(g: Pool2dGeometry, countIncludePad: boolean, divisorOverride: number | null,
  visit: (plane: number, o: number, hs: number, he: number, ws: number, we: number, div: number) => void): void {
  const { h: H, w: W, oh: OH, ow: OW, kh: KH, kw: KW } = g;
  const planes = g.n * g.c;
  const P = OH * OW;
  for (let pl = 0; pl < planes; pl++) {
    for (let oy = 0; oy < OH; oy++) {
      let hs = oy * g.strideH - g.padH;
      let he = Math.min(hs + KH, H + g.padH);
      const poolH = he - hs;
      hs = Math.max(hs, 0);
      he = Math.min(he, H);
      for (let ox = 0; ox < OW; ox++) {
        let ws = ox * g.strideW - g.padW;
        let we = Math.min(ws + KW, W + g.padW);
        const poolSize = poolH * (we - ws);
        ws = Math.max(ws, 0);
        we = Math.min(we, W);
        const o = pl * P + oy * OW + ox;
        if (hs >= he || ws >= we) {
          visit(pl, o, 0, 0, 0, 0, 0);
          continue;
        }
        const div = divisorOverride !== null ? divisorOverride
          : countIncludePad ? poolSize : (he - hs) * (we - ws);
        visit(pl, o, hs, he, ws, we, div);
      }
    }
  }
}

/** Average pool forward. Returns [N, C, OH, OW]. */
export function avgPool2dArrays(x: Float32Array, g: Pool2dGeometry, countIncludePad: boolean, divisorOverride: number | null): Float32Array;
export function avgPool2dArrays(x: Float64Array, g: Pool2dGeometry, countIncludePad: boolean, divisorOverride: number | null): Float64Array;
export function avgPool2dArrays(x: FloatArray, g: Pool2dGeometry, countIncludePad: boolean, divisorOverride: number | null): FloatArray;
export function avgPool2dArrays(x: FloatArray, g: Pool2dGeometry, countIncludePad: boolean, divisorOverride: number | null): FloatArray {
  const y = allocLike(x, g.n * g.c * g.oh * g.ow);
  const W = g.w;
  const HW = g.h * W;
  avgWindows(g, countIncludePad, divisorOverride, (pl, o, hs, he, ws, we, div) => {
    if (hs >= he) { y[o] = 0; return; } // empty window
    const xb = pl * HW;
    let sum = 0;
    for (let iy = hs; iy < he; iy++) {
      const row = xb + iy * W;
      for (let ix = ws; ix < we; ix++) sum += x[row + ix]!;
    }
    y[o] = sum / div;
  });
  return y;
}

/** Average pool backward. Returns [N, C, H, W]. */
export function avgPool2dGradArrays(dy: Float32Array, g: Pool2dGeometry, countIncludePad: boolean, divisorOverride: number | null): Float32Array;
export function avgPool2dGradArrays(dy: Float64Array, g: Pool2dGeometry, countIncludePad: boolean, divisorOverride: number | null): Float64Array;
export function avgPool2dGradArrays(dy: FloatArray, g: Pool2dGeometry, countIncludePad: boolean, divisorOverride: number | null): FloatArray;
export function avgPool2dGradArrays(dy: FloatArray, g: Pool2dGeometry, countIncludePad: boolean, divisorOverride: number | null): FloatArray {
  const dx = allocLike(dy, g.n * g.c * g.h * g.w);
  const W = g.w;
  const HW = g.h * W;
  avgWindows(g, countIncludePad, divisorOverride, (pl, o, hs, he, ws, we, div) => {
    if (hs >= he) return;
    const v = dy[o]! / div;
    const xb = pl * HW;
    for (let iy = hs; iy < he; iy++) {
      const row = xb + iy * W;
      for (let ix = ws; ix < we; ix++) dx[row + ix]! += v;
    }
  });
  return dx;
}

export const maxPool2d: RefKernel<'maxPool2d'> = ([x], attrs, out) => {
  floatDTypeOf('maxPool2d', out, [x]);
  return maxPool2dArrays(floats(x), pool2dGeometry(x.shape, out.shape, attrs));
};
export const maxPool2dGrad: RefKernel<'maxPool2dGrad'> = ([x, dy], attrs, out) => {
  floatDTypeOf('maxPool2dGrad', out, [x, dy]);
  return maxPool2dGradArrays(floats(x), floats(dy), pool2dGeometry(x.shape, dy.shape, attrs));
};
export const avgPool2d: RefKernel<'avgPool2d'> = ([x], attrs, out) => {
  floatDTypeOf('avgPool2d', out, [x]);
  return avgPool2dArrays(floats(x), pool2dGeometry(x.shape, out.shape, attrs), attrs.countIncludePad, attrs.divisorOverride);
};
export const avgPool2dGrad: RefKernel<'avgPool2dGrad'> = ([dy], attrs, out) => {
  floatDTypeOf('avgPool2dGrad', out, [dy]);
  return avgPool2dGradArrays(floats(dy), pool2dGeometry(out.shape, dy.shape, attrs), attrs.countIncludePad, attrs.divisorOverride);
};
