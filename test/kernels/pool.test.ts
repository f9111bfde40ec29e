import type { Pool2dGeometry } from '../../src/engine/geometry.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeRng, randInt } from '../helpers/rng.js';
import {
  maxPool2dArrays, maxPool2dGradArrays, avgPool2dArrays, avgPool2dGradArrays,
} from '../../src/backend/reference/kernels/pool.js';

/** Random values; with `ties`, drawn from a tiny set so windows often tie; optional NaN/-Inf sprinkles. */
function randArray(rng: () => number, n: number, ties: boolean, specials: boolean): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    a[i] = ties ? randInt(rng, -2, 2) : rng() * 2 - 1;
    if (specials) {
      const r = rng();
      if (r < 0.05) a[i] = NaN;
      else if (r < 0.1) a[i] = -Infinity;
    }
  }
  return a;
}

function assertClose(actual: Float32Array, expected: Float64Array, label: string): void {
  assert.equal(actual.length, expected.length, `${label}: length`);
  for (let i = 0; i < actual.length; i++) {
    const e = expected[i]!;
    const a = actual[i];
    if (Number.isNaN(e) || !Number.isFinite(e)) {
      assert.ok(Object.is(a, e) || (Number.isNaN(a) && Number.isNaN(e)), `${label}: index ${i}: got ${a}, expected ${e}`);
      continue;
    }
    const tol = 1e-4 * Math.max(1, Math.abs(e));
    if (!(Math.abs(a! - e!) <= tol)) assert.fail(`${label}: index ${i}: got ${a}, expected ${e}`);
  }
}

/** PyTorch output size, including ceil_mode's "last window must start inside image or left padding" rule. */
function outSize(size: number, k: number, stride: number, pad: number, dil: number, ceil: boolean): number {
  const num = size + 2 * pad - dil * (k - 1) - 1;
  let o = (ceil ? Math.ceil(num / stride) : Math.floor(num / stride)) + 1;
  if (ceil && (o - 1) * stride >= size + pad) o--;
  return o;
}

/**
 * Direct max pool over one window, written as PyTorch CPU does: scan all KH*KW
 * taps in row-major order, skipping padding; initial argmax is the first
 * in-image tap, initial max -Infinity; update iff v > max or v is NaN.
 */
function naiveMaxPool(x: Float32Array, dy: Float32Array | null, g: Pool2dGeometry): { y: Float64Array; dx: Float64Array } {
  const y = new Float64Array(g.n * g.c * g.oh * g.ow);
  const dx = new Float64Array(g.n * g.c * g.h * g.w);
  for (let pl = 0; pl < g.n * g.c; pl++) {
    for (let oy = 0; oy < g.oh; oy++) {
      for (let ox = 0; ox < g.ow; ox++) {
        let best = -Infinity;
        let arg = -1;
        for (let ky = 0; ky < g.kh; ky++) {
          const iy = oy * g.strideH - g.padH + ky * g.dilationH;
          if (iy < 0 || iy >= g.h) continue;
          for (let kx = 0; kx < g.kw; kx++) {
            const ix = ox * g.strideW - g.padW + kx * g.dilationW;
            if (ix < 0 || ix >= g.w) continue;
            const idx = (pl * g.h + iy) * g.w + ix;
            if (arg < 0) arg = idx;
            const v = x[idx]!;
            if (v > best || Number.isNaN(v)) { best = v; arg = idx; }
          }
        }
        const o = (pl * g.oh + oy) * g.ow + ox;
        y[o] = best;
        if (dy !== null && arg >= 0) dx[arg]! += dy[o]!;
      }
    }
  }
  return { y, dx };
}

/** Direct avg pool (forward and backward) from PyTorch's avg_pool2d definition. */
function naiveAvgPool(x: Float32Array, dy: Float32Array, g: Pool2dGeometry, includePad: boolean,
  divisorOverride: number | null): { y: Float64Array; dx: Float64Array } {
  const y = new Float64Array(g.n * g.c * g.oh * g.ow);
  const dx = new Float64Array(g.n * g.c * g.h * g.w);
  for (let pl = 0; pl < g.n * g.c; pl++) {
    for (let oy = 0; oy < g.oh; oy++) {
      for (let ox = 0; ox < g.ow; ox++) {
        const y0 = oy * g.strideH - g.padH;
        const x0 = ox * g.strideW - g.padW;
        // taps inside the padded image count towards count_include_pad
        let padded = 0;
        let real = 0;
        let sum = 0;
        const taps: number[] = [];
        for (let ky = 0; ky < g.kh; ky++) {
          const iy = y0 + ky;
          if (iy >= g.h + g.padH) continue;
          for (let kx = 0; kx < g.kw; kx++) {
            const ix = x0 + kx;
            if (ix >= g.w + g.padW) continue;
            padded++;
            if (iy >= 0 && iy < g.h && ix >= 0 && ix < g.w) {
              real++;
              const idx = (pl * g.h + iy) * g.w + ix;
              sum += x[idx]!;
              taps.push(idx);
            }
          }
        }
        const o = (pl * g.oh + oy) * g.ow + ox;
        if (real === 0) { y[o] = 0; continue; }
        const div = divisorOverride ?? (includePad ? padded : real);
        y[o] = sum / div;
        for (const idx of taps) dx[idx]! += dy[o]! / div;
      }
    }
  }
  return { y, dx };
}

function randomGeometry(rng: () => number, maxDil: number): Pool2dGeometry {
  for (;;) {
    const kh = randInt(rng, 1, 4);
    const kw = randInt(rng, 1, 4);
    const strideH = randInt(rng, 1, 3);
    const strideW = randInt(rng, 1, 3);
    // PyTorch requires pad <= kernel/2
    const padH = randInt(rng, 0, Math.floor(kh / 2));
    const padW = randInt(rng, 0, Math.floor(kw / 2));
    const dilationH = randInt(rng, 1, maxDil);
    const dilationW = randInt(rng, 1, maxDil);
    const h = randInt(rng, 1, 12);
    const w = randInt(rng, 1, 12);
    const ceil = rng() < 0.5;
    const oh = outSize(h, kh, strideH, padH, dilationH, ceil);
    const ow = outSize(w, kw, strideW, padW, dilationW, ceil);
    if (oh < 1 || ow < 1) continue;
    return { n: randInt(rng, 1, 2), c: randInt(rng, 1, 3), h, w, oh, ow, kh, kw,
      strideH, strideW, padH, padW, dilationH, dilationW };
  }
}

function describe(g: Pool2dGeometry): string {
  return `n${g.n} c${g.c} ${g.h}x${g.w} k${g.kh}x${g.kw} s${g.strideH},${g.strideW} p${g.padH},${g.padW} ` +
    `d${g.dilationH},${g.dilationW} -> ${g.oh}x${g.ow}`;
}

test('maxPool2d matches direct scan (random geometry incl. ceil mode, dilation, ties, NaN, -Inf)', () => {
  const rng = makeRng(42);
  for (let i = 0; i < 300; i++) {
    const g = randomGeometry(rng, 3);
    const x = randArray(rng, g.n * g.c * g.h * g.w, i % 2 === 0, i % 3 === 0);
    const dy = randArray(rng, g.n * g.c * g.oh * g.ow, false, false);
    const ref = naiveMaxPool(x, dy, g);
    assertClose(maxPool2dArrays(x, g), ref.y, `max fwd ${describe(g)}`);
    assertClose(maxPool2dGradArrays(x, dy, g), ref.dx, `max bwd ${describe(g)}`);
  }
});

test('avgPool2d matches direct definition (random geometry incl. ceil mode, both count modes, divisor override)', () => {
  const rng = makeRng(43);
  for (let i = 0; i < 300; i++) {
    const g = { ...randomGeometry(rng, 1), dilationH: 1, dilationW: 1 };
    const x = randArray(rng, g.n * g.c * g.h * g.w, false, false);
    const dy = randArray(rng, g.n * g.c * g.oh * g.ow, false, false);
    const includePad = i % 2 === 0;
    const div = i % 5 === 0 ? randInt(rng, 1, 7) : null;
    const ref = naiveAvgPool(x, dy, g, includePad, div);
    const label = `avg ${describe(g)} includePad=${includePad} div=${div}`;
    assertClose(avgPool2dArrays(x, g, includePad, div), ref.y, `${label} fwd`);
    assertClose(avgPool2dGradArrays(dy, g, includePad, div), ref.dx, `${label} bwd`);
  }
});

test('maxPool2d ties: first max in scan order gets the gradient', () => {
  const x = new Float32Array([1, 3, 3, 3]); // 2x2 window, max 3 at indices 1,2,3
  const g: Pool2dGeometry = { n: 1, c: 1, h: 2, w: 2, oh: 1, ow: 1, kh: 2, kw: 2,
    strideH: 2, strideW: 2, padH: 0, padW: 0, dilationH: 1, dilationW: 1 };
  assert.deepEqual(Array.from(maxPool2dArrays(x, g)), [3]);
  assert.deepEqual(Array.from(maxPool2dGradArrays(x, new Float32Array([5]), g)), [0, 5, 0, 0]);
});

test('maxPool2d NaN propagates and the last NaN gets the gradient', () => {
  const x = new Float32Array([NaN, 7, NaN, 1]);
  const g: Pool2dGeometry = { n: 1, c: 1, h: 2, w: 2, oh: 1, ow: 1, kh: 2, kw: 2,
    strideH: 2, strideW: 2, padH: 0, padW: 0, dilationH: 1, dilationW: 1 };
  assert.ok(Number.isNaN(maxPool2dArrays(x, g)[0]));
  assert.deepEqual(Array.from(maxPool2dGradArrays(x, new Float32Array([2]), g)), [0, 0, 2, 0]);
});

test('maxPool2d all -Infinity window: gradient goes to first in-image tap', () => {
  const x = new Float32Array([-Infinity, -Infinity, -Infinity, -Infinity]);
  const g: Pool2dGeometry = { n: 1, c: 1, h: 2, w: 2, oh: 2, ow: 2, kh: 2, kw: 2,
    strideH: 1, strideW: 1, padH: 1, padW: 1, dilationH: 1, dilationW: 1 };
  assert.deepEqual(Array.from(maxPool2dArrays(x, g)), [-Infinity, -Infinity, -Infinity, -Infinity]);
  assert.deepEqual(Array.from(maxPool2dGradArrays(x, new Float32Array([1, 2, 3, 4]), g)), [10, 0, 0, 0]);
});

test('avgPool2d known PyTorch values', () => {
  const ones = new Float32Array(9).fill(1);
  // avg_pool2d(ones(1,1,3,3), 2, stride=2, padding=1, count_include_pad=True):
  // windows rows/cols [-1,1) and [1,3) -> 1, 2, 2, 4 real pixels out of 4
  const gp: Pool2dGeometry = { n: 1, c: 1, h: 3, w: 3, oh: 2, ow: 2, kh: 2, kw: 2,
    strideH: 2, strideW: 2, padH: 1, padW: 1, dilationH: 1, dilationW: 1 };
  assert.deepEqual(Array.from(avgPool2dArrays(ones, gp, true, null)), [0.25, 0.5, 0.5, 1]);
  assert.deepEqual(Array.from(avgPool2dArrays(ones, gp, false, null)), [1, 1, 1, 1]);
  // ceil_mode=True, no padding: the last window runs past the end but its divisor
  // is clipped to the image (no padding to include) -> all 1
  const gc: Pool2dGeometry = { n: 1, c: 1, h: 3, w: 3, oh: 2, ow: 2, kh: 2, kw: 2,
    strideH: 2, strideW: 2, padH: 0, padW: 0, dilationH: 1, dilationW: 1 };
  assert.deepEqual(Array.from(avgPool2dArrays(ones, gc, true, null)), [1, 1, 1, 1]);
  assert.deepEqual(Array.from(avgPool2dArrays(ones, gc, true, 2)), [2, 1, 1, 0.5]);
  assert.deepEqual(Array.from(avgPool2dGradArrays(new Float32Array([4, 4, 4, 4]), gc, true, 2)),
    [2, 2, 2, 2, 2, 2, 2, 2, 2]);
});
