/**
 * How results are compared, and the tolerances of the conformance suite, with the reason for each.
 *
 * Forward results (and float32 gradients) of a fast backend are compared with the reference backend's
 * in float32: same shape, same dtype, integers and bools exactly, NaN where the reference has NaN, ±Inf
 * exactly, and finite floats within |got − want| ≤ tol·max(1, |want|) with the tolerance of the
 * primitive's family below. A tolerance of 0 means bit for bit (Object.is: −0 must stay −0).
 */
import assert from 'node:assert/strict';
import { arrayMatchesDType } from '../../src/engine/dtype.js';
import type { Family } from '../../src/engine/primitives.js';
import type { Output } from './run.js';

/** The float32 relative tolerance of each family, and why it is what it is. */
export const FORWARD_TOLERANCE: { readonly [F in Family]: { readonly tol: number; readonly why: string } } = {
  elementwise: {
    tol: 1e-6,
    why: 'arithmetic, comparisons, casts and where are single IEEE operations, identical everywhere; the wasm ' +
      'exp, log, tanh and sigmoid use AssemblyScript\'s Mathf (under 1 float32 ulp, 1 ulp = 1.2e-7 relative) where ' +
      'the reference rounds the float64 result once (measured worst 6e-8 forward, 1.5e-7 for tanh\'s gradient, ' +
      'which compounds two of them); 1e-6 leaves ~8 ulps',
  },
  reduce: {
    tol: 1e-6,
    why: 'both backends sum float32 inputs in float64 and round once (the wasm backend in f64x2 lanes, so only the ' +
      'float64 order differs; measured identical); max/min/argmax/argmin pick elements exactly',
  },
  linalg: {
    tol: 2e-5,
    why: 'the reference gemm accumulates in float64; wasm accumulates float32 (fused in the relaxed build) in ' +
      'tile order, an error growing with K and |a|·|b| (measured worst 7.3e-6, for the K = 1000 dot product)',
  },
  movement: { tol: 0, why: 'copies: every element must arrive bit for bit, −0 and NaN included (measured identical)' },
  indexing: {
    tol: 0,
    why: 'gather copies; scatterAdd adds colliding elements into float32 in source order on every backend, ' +
      'so results are bit for bit (measured identical; a backend that reorders the additions would need a tolerance); ' +
      'topk, searchSorted and nonzero give int32 positions and unique x\'s own values, all defined exactly by the value order',
  },
  conv: {
    tol: 1e-5,
    why: 'as linalg: im2col + gemm with float32 accumulation on wasm over C/groups·KH·KW (and N·OH·OW for the ' +
      'weight gradient) against float64 accumulation in the reference (measured worst 3.6e-6)',
  },
  pool: {
    tol: 1e-6,
    why: 'max pooling and its gradient pick or add the same elements in the same order; average pooling sums at ' +
      'most 9 terms and divides, a few roundings whose order could differ (measured identical)',
  },
  optim: {
    tol: 0,
    why: 'the reference kernels define the optimisers\' float32 arithmetic operation by operation (PyTorch\'s ' +
      'order and fused multiply-adds); every backend must reproduce it bit for bit, or training would drift',
  },
  random: {
    tol: 0,
    why: 'randomUniform is integer arithmetic (Philox4x32-10 on 32-bit words) and an exact conversion (24 bits ' +
      'times 2^-24): every backend and thread count must give the same bits, or seeded runs would differ',
  },
};

/** Asserts `got` has `want`'s shape and dtype, a typed array of that dtype, and matching elements. */
export function assertMatches(got: Output, want: Output, tol: number, label: string): void {
  assert.deepEqual(got.shape, want.shape, `${label}: shape [${got.shape.join(', ')}], expected [${want.shape.join(', ')}]`);
  assert.equal(got.dtype, want.dtype, `${label}: dtype`);
  assert.ok(arrayMatchesDType(got.data, got.dtype), `${label}: the data is a ${got.data.constructor.name}, not ${got.dtype} storage`);
  assertClose(got.data, want.data, want.dtype === 'float32' || want.dtype === 'float64' ? tol : 0, label);
}

/** Elementwise |g − w| ≤ tol·max(1, |w|), NaN ↔ NaN, non-finite exactly; tol 0 compares with Object.is. */
export function assertClose(got: ArrayLike<number>, want: ArrayLike<number>, tol: number, label: string): void {
  assert.equal(got.length, want.length, `${label}: ${got.length} elements, expected ${want.length}`);
  for (let i = 0; i < want.length; i++) {
    const g = got[i]!;
    const w = want[i]!;
    if (tol === 0 || !Number.isFinite(w)) {
      if (!(Object.is(g, w) || (tol !== 0 && g === w))) assert.fail(`${label}[${i}]: got ${String(g)}, expected ${String(w)}`);
    } else if (!(Math.abs(g - w) <= tol * Math.max(1, Math.abs(w)))) {
      assert.fail(`${label}[${i}]: got ${g}, expected ${w} (|diff| ${Math.abs(g - w)} > ${tol}·max(1, |expected|))`);
    }
  }
}

/** The largest |g − w| / max(1, |w|) over the finite expected elements (for reports and tuning). */
export function worstRelative(got: ArrayLike<number>, want: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    if (Number.isFinite(w)) worst = Math.max(worst, Math.abs(got[i]! - w) / Math.max(1, Math.abs(w)));
  }
  return worst;
}
