/**
 * The reference kernels in float64: gemm, conv and pooling given Float64Array operands compute in double
 * throughout (no float32 buffer on the way) and return Float64Array, equal to direct float64 loops to
 * 1e-12 relative: what is left is float64 summation order, ~1e-16 per term over at most ~1000 terms.
 * Inputs carry more digits than float32 holds, so any float32 rounding inside would show at ~1e-8.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Conv2dGeometry, Pool2dGeometry } from '../../src/engine/geometry.js';
import { gemm } from '../../src/backend/reference/lib/gemm.js';
import { conv2dArrays, conv2dInputGradArrays, conv2dWeightGradArrays } from '../../src/backend/reference/kernels/conv.js';
import { avgPool2dArrays, maxPool2dArrays, maxPool2dGradArrays } from '../../src/backend/reference/kernels/pool.js';
import { makeRng } from '../helpers/rng.js';

const TOL = 1e-12;

/** Values with float64 precision: never representable in float32. */
function randArray(rng: () => number, n: number): Float64Array {
  return Float64Array.from({ length: n }, () => (rng() * 2 - 1) * (1 + 1e-9 * rng()));
}

function assertClose(actual: Float64Array, expected: Float64Array, label: string): void {
  assert.ok(actual instanceof Float64Array, `${label}: got a ${actual.constructor.name}`);
  assert.equal(actual.length, expected.length, `${label}: length`);
  for (let i = 0; i < actual.length; i++) {
    const e = expected[i]!;
    if (!(Math.abs(actual[i]! - e) <= TOL * Math.max(1, Math.abs(e)))) assert.fail(`${label}[${i}]: got ${actual[i]}, expected ${e}`);
  }
}

test('float64 gemm equals a float64 triple loop across cache-block boundaries, all transposes', () => {
  const rng = makeRng(64);
  for (const [M, N, K] of [[7, 5, 13], [131, 37, 300], [9, 2053, 3], [4, 6, 513]] as const) {
    for (const transA of [false, true]) {
      for (const transB of [false, true]) {
        const A = randArray(rng, M * K);
        const B = randArray(rng, K * N);
        const expected = new Float64Array(M * N);
        for (let i = 0; i < M; i++)
          for (let j = 0; j < N; j++) {
            let s = 0;
            for (let k = 0; k < K; k++) s += (transA ? A[k * M + i]! : A[i * K + k]!) * (transB ? B[j * K + k]! : B[k * N + j]!);
            expected[i * N + j] = s;
          }
        const C = new Float64Array(M * N).fill(NaN);
        gemm(transA, transB, M, N, K, A, 0, B, 0, C, 0, 0);
        assertClose(C, expected, `gemm ${M}×${N}×${K} ${transA ? 'T' : 'N'}${transB ? 'T' : 'N'}`);
      }
    }
  }
});

function conv(n: number, c: number, h: number, w: number, oc: number, k: number, s: number, p: number, d: number, groups: number): Conv2dGeometry {
  const out = (size: number): number => Math.floor((size + 2 * p - d * (k - 1) - 1) / s) + 1;
  return { n, c, h, w, oc, kh: k, kw: k, oh: out(h), ow: out(w), strideH: s, strideW: s, padH: p, padW: p, dilationH: d, dilationW: d, groups };
}

/** Visits every (y index, w index, x index) term of a convolution (x index −1 in the padding). */
function terms(g: Conv2dGeometry, f: (yi: number, wi: number, xi: number) => void): void {
  const cg = g.c / g.groups;
  const ocg = g.oc / g.groups;
  for (let n = 0; n < g.n; n++)
    for (let o = 0; o < g.oc; o++)
      for (let oy = 0; oy < g.oh; oy++)
        for (let ox = 0; ox < g.ow; ox++)
          for (let ci = 0; ci < cg; ci++)
            for (let ky = 0; ky < g.kh; ky++)
              for (let kx = 0; kx < g.kw; kx++) {
                const iy = oy * g.strideH - g.padH + ky * g.dilationH;
                const ix = ox * g.strideW - g.padW + kx * g.dilationW;
                const ch = Math.floor(o / ocg) * cg + ci;
                const inside = iy >= 0 && iy < g.h && ix >= 0 && ix < g.w;
                f(((n * g.oc + o) * g.oh + oy) * g.ow + ox, ((o * cg + ci) * g.kh + ky) * g.kw + kx, inside ? ((n * g.c + ch) * g.h + iy) * g.w + ix : -1);
              }
}

test('float64 conv2d and its gradients equal direct float64 loops (pointwise, padded, strided, dilated, grouped)', () => {
  const rng = makeRng(65);
  for (const g of [conv(2, 3, 5, 4, 4, 1, 1, 0, 1, 1), conv(2, 4, 7, 6, 6, 3, 2, 1, 1, 2), conv(1, 3, 9, 8, 3, 3, 1, 2, 2, 3)]) {
    const x = randArray(rng, g.n * g.c * g.h * g.w);
    const w = randArray(rng, g.oc * (g.c / g.groups) * g.kh * g.kw);
    const b = randArray(rng, g.oc);
    const dy = randArray(rng, g.n * g.oc * g.oh * g.ow);
    const y = new Float64Array(dy.length);
    const dx = new Float64Array(x.length);
    const dw = new Float64Array(w.length);
    terms(g, (yi, wi, xi) => {
      if (xi < 0) return;
      y[yi]! += w[wi]! * x[xi]!;
      dx[xi]! += w[wi]! * dy[yi]!;
      dw[wi]! += x[xi]! * dy[yi]!;
    });
    const P = g.oh * g.ow;
    for (let i = 0; i < y.length; i++) y[i]! += b[Math.floor(i / P) % g.oc]!;
    const label = `${g.kh}×${g.kw} s${g.strideH} p${g.padH} d${g.dilationH} g${g.groups}`;
    assertClose(conv2dArrays(x, w, b, g), y, `conv2d ${label}`);
    assertClose(conv2dInputGradArrays(dy, w, g), dx, `conv2dInputGrad ${label}`);
    assertClose(conv2dWeightGradArrays(x, dy, g), dw, `conv2dWeightGrad ${label}`);
  }
});

test('float64 pooling keeps float64 values: max picks them exactly, average divides in double', () => {
  const rng = makeRng(66);
  const g: Pool2dGeometry = { n: 1, c: 2, h: 4, w: 4, oh: 2, ow: 2, kh: 2, kw: 2, strideH: 2, strideW: 2, padH: 0, padW: 0, dilationH: 1, dilationW: 1 };
  const x = randArray(rng, 32);
  const max = new Float64Array(8);
  const avg = new Float64Array(8);
  for (let pl = 0; pl < 2; pl++)
    for (let oy = 0; oy < 2; oy++)
      for (let ox = 0; ox < 2; ox++) {
        const win = [0, 1, 4, 5].map((o) => x[pl * 16 + oy * 8 + ox * 2 + o]!);
        max[pl * 4 + oy * 2 + ox] = Math.max(...win);
        avg[pl * 4 + oy * 2 + ox] = (win[0]! + win[1]! + win[2]! + win[3]!) / 4;
      }
  const y = maxPool2dArrays(x, g);
  assert.ok(y instanceof Float64Array);
  assert.deepEqual(Array.from(y), Array.from(max));
  assertClose(avgPool2dArrays(x, g, true, null), avg, 'avgPool2d');
  const dx = maxPool2dGradArrays(x, Float64Array.from([1e-10, 2, 3, 4, 5, 6, 7, 8]), g);
  assert.ok(dx instanceof Float64Array);
  // Each window routes its dy to one element (no overlap): 1e-10 survives, which float32 would not keep next to 2.
  assert.ok(dx.includes(1e-10));
  assert.deepEqual(Array.from(dx).filter((v) => v !== 0).sort((a, b) => a - b), [1e-10, 2, 3, 4, 5, 6, 7, 8]);
});
