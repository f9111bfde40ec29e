import type { Conv2dGeometry } from '../../src/engine/geometry.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeRng, randInt } from '../helpers/rng.js';
import {
  conv2dArrays, conv2dInputGradArrays, conv2dWeightGradArrays,
} from '../../src/backend/reference/kernels/conv.js';

function randArray(rng: () => number, n: number): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = rng() * 2 - 1;
  return a;
}

function assertClose(actual: Float32Array, expected: Float64Array, label: string): void {
  assert.equal(actual.length, expected.length, `${label}: length`);
  for (let i = 0; i < actual.length; i++) {
    const e = expected[i]!;
    const tol = 1e-4 * Math.max(1, Math.abs(e));
    if (!(Math.abs(actual[i]! - e!) <= tol)) assert.fail(`${label}: index ${i}: got ${actual[i]!}, expected ${e}`);
  }
}

/**
 * Direct 7-loop convolution. Visits every (n, o, oy, ox, ci, ky, kx) term
 * with its x index (or -1 when the tap falls in the zero padding).
 */
function forEachTerm(g: Conv2dGeometry,
  f: (yi: number, wi: number, xi: number) => void): void {
  const Cg = g.c / g.groups;
  const OCg = g.oc / g.groups;
  for (let n = 0; n < g.n; n++) {
    for (let o = 0; o < g.oc; o++) {
      const grp = Math.floor(o / OCg);
      for (let oy = 0; oy < g.oh; oy++) {
        for (let ox = 0; ox < g.ow; ox++) {
          const yi = ((n * g.oc + o) * g.oh + oy) * g.ow + ox;
          for (let ci = 0; ci < Cg; ci++) {
            const c = grp * Cg + ci;
            for (let ky = 0; ky < g.kh; ky++) {
              const iy = oy * g.strideH - g.padH + ky * g.dilationH;
              for (let kx = 0; kx < g.kw; kx++) {
                const ix = ox * g.strideW - g.padW + kx * g.dilationW;
                const wi = ((o * Cg + ci) * g.kh + ky) * g.kw + kx;
                const inside = iy >= 0 && iy < g.h && ix >= 0 && ix < g.w;
                f(yi, wi, inside ? ((n * g.c + c) * g.h + iy) * g.w + ix : -1);
              }
            }
          }
        }
      }
    }
  }
}

function naiveForward(x: Float32Array, w: Float32Array, bias: Float32Array | null, g: Conv2dGeometry): Float64Array {
  const y = new Float64Array(g.n * g.oc * g.oh * g.ow);
  forEachTerm(g, (yi, wi, xi) => { if (xi >= 0) y[yi]! += w[wi]! * x[xi]!; });
  if (bias !== null) {
    const P = g.oh * g.ow;
    for (let i = 0; i < y.length; i++) y[i]! += bias[Math.floor(i / P) % g.oc]!;
  }
  return y;
}

function naiveInputGrad(dy: Float32Array, w: Float32Array, g: Conv2dGeometry): Float64Array {
  const dx = new Float64Array(g.n * g.c * g.h * g.w);
  forEachTerm(g, (yi, wi, xi) => { if (xi >= 0) dx[xi]! += w[wi]! * dy[yi]!; });
  return dx;
}

function naiveWeightGrad(x: Float32Array, dy: Float32Array, g: Conv2dGeometry): Float64Array {
  const dw = new Float64Array(g.oc * (g.c / g.groups) * g.kh * g.kw);
  forEachTerm(g, (yi, wi, xi) => { if (xi >= 0) dw[wi]! += x[xi]! * dy[yi]!; });
  return dw;
}

function outSize(size: number, k: number, stride: number, pad: number, dil: number): number {
  return Math.floor((size + 2 * pad - dil * (k - 1) - 1) / stride) + 1;
}

function makeGeometry(p: Omit<Conv2dGeometry, 'oh' | 'ow'>): Conv2dGeometry {
  return {
    ...p,
    oh: outSize(p.h, p.kh, p.strideH, p.padH, p.dilationH),
    ow: outSize(p.w, p.kw, p.strideW, p.padW, p.dilationW),
  };
}

function describe(g: Conv2dGeometry): string {
  return `n${g.n} c${g.c} ${g.h}x${g.w} oc${g.oc} k${g.kh}x${g.kw} s${g.strideH},${g.strideW} ` +
    `p${g.padH},${g.padW} d${g.dilationH},${g.dilationW} g${g.groups} -> ${g.oh}x${g.ow}`;
}

function checkAll(rng: () => number, g: Conv2dGeometry): void {
  const Cg = g.c / g.groups;
  const x = randArray(rng, g.n * g.c * g.h * g.w);
  const w = randArray(rng, g.oc * Cg * g.kh * g.kw);
  const bias = rng() < 0.5 ? randArray(rng, g.oc) : null;
  const dy = randArray(rng, g.n * g.oc * g.oh * g.ow);
  const label = describe(g);
  assertClose(conv2dArrays(x, w, bias, g), naiveForward(x, w, bias, g), `forward ${label}`);
  assertClose(conv2dInputGradArrays(dy, w, g), naiveInputGrad(dy, w, g), `inputGrad ${label}`);
  assertClose(conv2dWeightGradArrays(x, dy, g), naiveWeightGrad(x, dy, g), `weightGrad ${label}`);
}

function randomGeometry(rng: () => number, kind: 'dense' | 'grouped' | 'depthwise'): Conv2dGeometry {
  for (;;) {
    const groups = kind === 'dense' ? 1 : kind === 'grouped' ? randInt(rng, 2, 3) : randInt(rng, 1, 4);
    const cg = kind === 'depthwise' ? 1 : randInt(rng, 1, 3);
    const ocg = kind === 'depthwise' ? randInt(rng, 1, 2) : randInt(rng, 1, 4);
    const kh = randInt(rng, 1, 4);
    const kw = randInt(rng, 1, 4);
    const g = makeGeometry({
      n: randInt(rng, 1, 3), c: groups * cg, h: randInt(rng, 1, 11), w: randInt(rng, 1, 11),
      oc: groups * ocg, kh, kw,
      strideH: randInt(rng, 1, 3), strideW: randInt(rng, 1, 3),
      padH: randInt(rng, 0, Math.min(2, kh)), padW: randInt(rng, 0, Math.min(2, kw)),
      dilationH: randInt(rng, 1, 2), dilationW: randInt(rng, 1, 2), groups,
    });
    if (g.oh >= 1 && g.ow >= 1) return g;
  }
}

test('conv2d matches direct loops: dense, random stride/padding/dilation', () => {
  const rng = makeRng(2024);
  for (let i = 0; i < 80; i++) checkAll(rng, randomGeometry(rng, 'dense'));
});

test('conv2d matches direct loops: groups > 1', () => {
  const rng = makeRng(77);
  for (let i = 0; i < 60; i++) checkAll(rng, randomGeometry(rng, 'grouped'));
});

test('conv2d matches direct loops: depthwise (C/groups = 1)', () => {
  const rng = makeRng(5);
  for (let i = 0; i < 60; i++) checkAll(rng, randomGeometry(rng, 'depthwise'));
});

test('conv2d 1x1 stride-1 fast path (dense and grouped)', () => {
  const rng = makeRng(11);
  for (const groups of [1, 2, 4]) {
    for (let i = 0; i < 5; i++) {
      checkAll(rng, makeGeometry({
        n: randInt(rng, 1, 3), c: groups * randInt(rng, 1, 5), h: randInt(rng, 1, 9), w: randInt(rng, 1, 9),
        oc: groups * randInt(rng, 1, 5), kh: 1, kw: 1, strideH: 1, strideW: 1, padH: 0, padW: 0,
        dilationH: randInt(rng, 1, 3), dilationW: 1, groups,
      }));
    }
  }
});

test('conv2d 1x1 with stride or padding (not the fast path)', () => {
  const rng = makeRng(12);
  checkAll(rng, makeGeometry({ n: 2, c: 3, h: 7, w: 6, oc: 4, kh: 1, kw: 1, strideH: 2, strideW: 2,
    padH: 0, padW: 0, dilationH: 1, dilationW: 1, groups: 1 }));
  checkAll(rng, makeGeometry({ n: 2, c: 3, h: 5, w: 5, oc: 2, kh: 1, kw: 1, strideH: 1, strideW: 1,
    padH: 1, padW: 2, dilationH: 1, dilationW: 1, groups: 1 }));
});

test('conv2d lecture-CNN-like layer and batch chunking', () => {
  const rng = makeRng(3);
  // conv2 of the lecture CNN, small batch
  checkAll(rng, makeGeometry({ n: 2, c: 32, h: 13, w: 13, oc: 64, kh: 3, kw: 3, strideH: 1, strideW: 1,
    padH: 0, padW: 0, dilationH: 1, dilationW: 1, groups: 1 }));
  // patch matrix larger than the chunk limit (8*9*100*100 = 720k floats per image -> chunks of 5)
  checkAll(rng, makeGeometry({ n: 7, c: 8, h: 100, w: 100, oc: 2, kh: 3, kw: 3, strideH: 1, strideW: 1,
    padH: 1, padW: 1, dilationH: 1, dilationW: 1, groups: 2 }));
});

test('conv2d kernel larger than input with padding, and a window entirely in padding', () => {
  const rng = makeRng(8);
  checkAll(rng, makeGeometry({ n: 1, c: 2, h: 2, w: 3, oc: 3, kh: 5, kw: 5, strideH: 1, strideW: 2,
    padH: 2, padW: 2, dilationH: 1, dilationW: 1, groups: 1 }));
  checkAll(rng, makeGeometry({ n: 2, c: 1, h: 1, w: 1, oc: 1, kh: 1, kw: 1, strideH: 1, strideW: 1,
    padH: 2, padW: 1, dilationH: 1, dilationW: 1, groups: 1 }));
});

test('conv2d known values', () => {
  // x = 1..9 in a 3x3 image, w = [[1,0],[0,-1]], bias 0.5 -> y[i,j] = x[i,j] - x[i+1,j+1] + 0.5 = -3.5
  const x = new Float32Array([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  const w = new Float32Array([1, 0, 0, -1]);
  const g = makeGeometry({ n: 1, c: 1, h: 3, w: 3, oc: 1, kh: 2, kw: 2, strideH: 1, strideW: 1,
    padH: 0, padW: 0, dilationH: 1, dilationW: 1, groups: 1 });
  assert.deepEqual(Array.from(conv2dArrays(x, w, new Float32Array([0.5]), g)), [-3.5, -3.5, -3.5, -3.5]);
});
