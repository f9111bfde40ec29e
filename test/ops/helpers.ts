/**
 * Assertions of the op-semantics tests (test/ops), which run on every backend configuration through
 * `onEachBackend` (test/helpers/backends.ts).
 */
import assert from 'node:assert/strict';
import type { DType, Tensor } from '../../src/index.js';

/** Elementwise |a − e| ≤ tol·max(1, |e|); NaN must match NaN, ±Infinity must match exactly. */
export function assertClose(actual: ArrayLike<number>, expected: readonly number[], tol = 1e-6, label = 'values'): void {
  assert.equal(actual.length, expected.length, `${label}: ${actual.length} elements, expected ${expected.length}`);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (Number.isNaN(e)) assert.ok(Number.isNaN(a), `${label}[${i}]: expected NaN, got ${a}`);
    else if (!Number.isFinite(e)) assert.equal(a, e, `${label}[${i}]`);
    else assert.ok(Math.abs(a - e) <= tol * Math.max(1, Math.abs(e)), `${label}[${i}]: got ${a}, expected ${e} (tol ${tol})`);
  }
}

/** Checks shape, dtype and (approximately, for float32) the row-major values. */
export function expectTensor(t: Tensor, shape: readonly number[], dtype: DType, values: readonly number[], tol = 1e-6): void {
  assert.deepEqual([...t.shape], [...shape], `shape [${t.shape.join(', ')}], expected [${shape.join(', ')}]`);
  assert.equal(t.dtype, dtype, `dtype`);
  if (dtype === 'float32' || dtype === 'float64') assertClose(t.dataView(), values, tol);
  else assert.deepEqual(Array.from(t.dataView()), [...values]);
}
