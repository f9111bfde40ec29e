import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeRng } from '../helpers/rng.js';
import { gemm } from '../../src/backend/reference/lib/gemm.js';

function randArray(rng: () => number, n: number): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = rng() * 2 - 1;
  return a;
}

/** Direct triple loop in float64: C = beta*C + op(A) @ op(B). */
function naiveGemm(transA: boolean, transB: boolean, M: number, N: number, K: number,
  A: Float32Array, aOff: number, B: Float32Array, bOff: number,
  C: Float32Array, cOff: number, beta: 0 | 1): void {
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      let s = 0;
      for (let k = 0; k < K; k++) {
        const a = transA ? A[aOff + k * M + i] : A[aOff + i * K + k];
        const b = transB ? B[bOff + j * K + k] : B[bOff + k * N + j];
        s += a! * b!;
      }
      C[cOff + i * N + j] = (beta === 1 ? C[cOff + i * N + j]! : 0) + s;
    }
  }
}

function assertClose(actual: Float32Array, expected: Float32Array, label: string): void {
  assert.equal(actual.length, expected.length, `${label}: length`);
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i];
    const e = expected[i]!;
    if (Number.isNaN(e)) {
      assert.ok(Number.isNaN(a), `${label}: index ${i}: expected NaN, got ${a}`);
      continue;
    }
    const tol = 1e-4 * Math.max(1, Math.abs(e));
    if (!(Math.abs(a! - e!) <= tol)) {
      assert.fail(`${label}: index ${i}: got ${a}, expected ${e}`);
    }
  }
}

function runCase(rng: () => number, transA: boolean, transB: boolean, M: number, N: number, K: number,
  beta: 0 | 1): void {
  const aOff = Math.floor(rng() * 5);
  const bOff = Math.floor(rng() * 5);
  const cOff = Math.floor(rng() * 5);
  const A = randArray(rng, aOff + M * K + 3);
  const B = randArray(rng, bOff + K * N + 3);
  const C0 = randArray(rng, cOff + M * N + 3);
  if (beta === 0) {
    // beta = 0 must overwrite, even garbage
    for (let i = cOff; i < cOff + M * N; i++) if (rng() < 0.3) C0[i] = NaN;
  }
  const expected = C0.slice();
  naiveGemm(transA, transB, M, N, K, A, aOff, B, bOff, expected, cOff, beta);
  const actual = C0.slice();
  gemm(transA, transB, M, N, K, A, aOff, B, bOff, actual, cOff, beta);
  assertClose(actual, expected, `gemm ${transA ? 'T' : 'N'}${transB ? 'T' : 'N'} M=${M} N=${N} K=${K} beta=${beta}`);
}

const combos: Array<[boolean, boolean]> = [[false, false], [false, true], [true, false], [true, true]];

test('gemm matches naive on small odd sizes, all transposes, both betas', () => {
  const rng = makeRng(1234);
  for (const [ta, tb] of combos) {
    for (let it = 0; it < 60; it++) {
      const M = 1 + Math.floor(rng() * 19);
      const N = 1 + Math.floor(rng() * 19);
      const K = 1 + Math.floor(rng() * 23);
      runCase(rng, ta, tb, M, N, K, it % 2 === 0 ? 0 : 1);
    }
  }
});

test('gemm matches naive on sizes crossing cache-block boundaries', () => {
  const rng = makeRng(99);
  const shapes: Array<[number, number, number]> = [
    [131, 37, 300], // M > MC_MAX, K > KC_MAX (balanced K split)
    [5, 2053, 9],   // N > NC_MAX
    [64, 121, 288], // conv2-like, single image
    [130, 70, 513], // three K blocks
    [1, 1, 1],
    [4, 4, 4],
    [7, 1, 600],
    [1, 9, 257],
  ];
  for (const [M, N, K] of shapes) {
    for (const [ta, tb] of combos) {
      runCase(rng, ta, tb, M, N, K, 0);
      runCase(rng, ta, tb, M, N, K, 1);
    }
  }
});

test('gemm with K = 0 gives beta*C', () => {
  const C = new Float32Array([1, 2, 3, 4]);
  gemm(false, false, 2, 2, 0, new Float32Array(0), 0, new Float32Array(0), 0, C, 0, 1);
  assert.deepEqual(Array.from(C), [1, 2, 3, 4]);
  gemm(false, false, 2, 2, 0, new Float32Array(0), 0, new Float32Array(0), 0, C, 0, 0);
  assert.deepEqual(Array.from(C), [0, 0, 0, 0]);
});

test('gemm leaves memory outside C untouched', () => {
  const rng = makeRng(7);
  const A = randArray(rng, 6 * 5);
  const B = randArray(rng, 5 * 7);
  const C = new Float32Array(3 + 6 * 7 + 3).fill(42);
  gemm(false, false, 6, 7, 5, A, 0, B, 0, C, 3, 0);
  for (const i of [0, 1, 2, 45, 46, 47]) assert.equal(C[i], 42);
});

test('gemm known 2x2 product', () => {
  const A = new Float32Array([1, 2, 3, 4]);
  const B = new Float32Array([5, 6, 7, 8]);
  const C = new Float32Array(4);
  gemm(false, false, 2, 2, 2, A, 0, B, 0, C, 0, 0);
  assert.deepEqual(Array.from(C), [19, 22, 43, 50]);
  gemm(true, true, 2, 2, 2, A, 0, B, 0, C, 0, 0); // A^T B^T = (BA)^T
  assert.deepEqual(Array.from(C), [23, 31, 34, 46]);
});
