/**
 * The checks the conformance tests run for one case on one backend, as functions (so that
 * coverage.test.ts can run them against fake backends too): forward agreement with the reference in
 * float32, the reference's own float64 run, and float32 gradients against the reference's.
 */
import assert from 'node:assert/strict';
import { arrayMatchesDType } from '../../src/engine/dtype.js';
import type { FloatDType } from '../../src/engine/dtype.js';
import type { Backend } from '../../src/engine/backend.js';
import type { DataDependentPrimitive, Primitive, ShapedPrimitive } from '../../src/engine/primitives.js';
import { outputDType, specOf } from '../../src/engine/primitives.js';
import type { PrimitiveCase } from './case.js';
import { attrsOf } from './case.js';
import type { GradientResult, Output } from './run.js';
import { caseInputs, dtypeOf, forward, forwardData, gradients, withBackend } from './run.js';
import { FORWARD_TOLERANCE, assertClose, assertMatches } from './tolerance.js';

const label = <P extends Primitive>(prim: P, c: PrimitiveCase<P>, backend: Backend): string => `${prim} ${c.name} on ${backend.name}`;

/** A case's forward run on the current backend in a float dtype: `forward` or, for a data-dependent primitive, `forwardData`. */
type Run = (float: FloatDType) => Output;

/** float32 results equal the reference's: shape, dtype, integers exactly, floats within the family tolerance. */
export function checkForward<P extends ShapedPrimitive>(backend: Backend, reference: Backend, prim: P, c: PrimitiveCase<P>): void {
  compareWithReference(backend, reference, prim, c, (float) => forward(prim, c, float));
}

/** The same for a data-dependent primitive (the shape, which the kernel reports, included). */
export function checkDataForward<P extends DataDependentPrimitive>(backend: Backend, reference: Backend, prim: P, c: PrimitiveCase<P>): void {
  compareWithReference(backend, reference, prim, c, (float) => forwardData(prim, c, float));
}

function compareWithReference<P extends Primitive>(backend: Backend, reference: Backend, prim: P, c: PrimitiveCase<P>, run: Run): void {
  const want = withBackend(reference, () => run('float32'));
  const got = withBackend(backend, () => run('float32'));
  assertMatches(got, want, FORWARD_TOLERANCE[specOf(prim).family].tol, label(prim, c, backend));
}

/**
 * How closely the reference's float64 result, rounded to float32, must equal its float32 result: the
 * float32 run rounds every stored intermediate (6e-8 relative each) and the float64 run none, so they
 * differ by the float32 run's accumulated rounding: at most a few ulps for single operations, more for
 * long float32 accumulations (gemm across K blocks, conv's bias add, scatterAdd and maxPool2dGrad
 * collisions). 1e-5 covers the longest here; the float64 run's own accuracy is what the finite-difference
 * gradient checks (gradients.test.ts) measure, at 1e-7.
 */
export const FLOAT64_AGREEMENT = 1e-5;

/** Whether the case has a float input or a float output: otherwise its float64 run is its float32 run. */
export function usesFloat<P extends Primitive>(c: PrimitiveCase<P>): boolean {
  return caseInputs(c).some((i) => i.dtype === 'float');
}

/**
 * On the reference: the float32 run gives its spec's dtype in matching storage, and the float64 run
 * computes in float64 (a float input's float64 gives a float64 output, in a Float64Array) and agrees with
 * the float32 run. The optimiser primitives are float32 only and must refuse float64 with an error saying so.
 */
export function checkReference<P extends ShapedPrimitive>(reference: Backend, prim: P, c: PrimitiveCase<P>): void {
  checkReferenceRuns(reference, prim, c, (float) => forward(prim, c, float));
}

/** The same for a data-dependent primitive: the shape its kernel reports must be the case's `out`. */
export function checkDataReference<P extends DataDependentPrimitive>(reference: Backend, prim: P, c: PrimitiveCase<P>): void {
  checkReferenceRuns(reference, prim, c, (float) => forwardData(prim, c, float));
}

function checkReferenceRuns<P extends Primitive>(reference: Backend, prim: P, c: PrimitiveCase<P>, run: Run): void {
  const name = label(prim, c, reference);
  const out32 = withBackend(reference, () => run('float32'));
  assert.deepEqual(out32.shape, [...c.out], `${name}: shape`);
  assert.ok(arrayMatchesDType(out32.data, out32.dtype), `${name}: ${out32.dtype} result in a ${out32.data.constructor.name}`);
  if (!usesFloat(c)) return;
  if (specOf(prim).family === 'optim') {
    assert.throws(() => withBackend(reference, () => run('float64')), /float32/, `${name}: float64 must be refused`);
    return;
  }
  const out64 = withBackend(reference, () => run('float64'));
  const inputs64 = caseInputs(c).map((i) => ({ dtype: dtypeOf(i, 'float64') }));
  assert.equal(out64.dtype, outputDType(prim, inputs64, attrsOf(c, 'float64')), `${name}: float64 run's dtype`);
  const rule = specOf(prim).dtype;
  if (typeof rule === 'object' && caseInputs(c)[rule.like]?.dtype === 'float') assert.equal(out64.dtype, 'float64', `${name}: a float64 input gives a float64 output`);
  assert.ok(arrayMatchesDType(out64.data, out64.dtype), `${name}: ${out64.dtype} result in a ${out64.data.constructor.name}`);
  assert.deepEqual(out64.shape, out32.shape, `${name}: float64 shape`);
  const rounded = out64.dtype === 'float64' ? Float32Array.from(out64.data) : out64.data;
  assertClose(rounded, out32.data, out32.dtype === 'float32' ? FLOAT64_AGREEMENT : 0, `${name}: float64 result rounded to float32`);
}

/** float32 gradients (and outputs) of the same rules equal the reference's within the family tolerance. */
export function checkFastGradients<P extends ShapedPrimitive>(backend: Backend, reference: Backend, prim: P, c: PrimitiveCase<P>): void {
  const name = label(prim, c, backend);
  const want: GradientResult = withBackend(reference, () => gradients(prim, c, 'float32'));
  const got: GradientResult = withBackend(backend, () => gradients(prim, c, 'float32'));
  assert.ok(want.recorded && got.recorded, `${name}: the tape must record ${prim}`);
  const tol = FORWARD_TOLERANCE[specOf(prim).family].tol;
  assertMatches(got.out, want.out, tol, `${name} output`);
  assert.equal(got.grads.length, want.grads.length);
  got.grads.forEach((g: Output, i) => {
    assert.equal(g.dtype, 'float32', `${name}: gradient ${i} dtype`);
    assertMatches(g, want.grads[i]!, tol, `${name} gradient ${i}`);
  });
}

/**
 * On the reference: the float32 gradients (in float32 storage) agree with the float64 gradients of the
 * same rules, which gradients.test.ts checks against finite differences, within FLOAT64_AGREEMENT.
 */
export function checkReferenceGradients<P extends ShapedPrimitive>(reference: Backend, prim: P, c: PrimitiveCase<P>): void {
  const name = label(prim, c, reference);
  const g32 = withBackend(reference, () => gradients(prim, c, 'float32'));
  const g64 = withBackend(reference, () => gradients(prim, c, 'float64'));
  assert.ok(g32.recorded && g64.recorded, `${name}: the tape must record ${prim} in float32 and float64`);
  g32.grads.forEach((g, i) => {
    const w = g64.grads[i]!;
    assert.equal(g.dtype, 'float32', `${name}: float32 gradient ${i} dtype`);
    assert.equal(w.dtype, 'float64', `${name}: float64 gradient ${i} dtype`);
    assert.ok(arrayMatchesDType(g.data, 'float32') && arrayMatchesDType(w.data, 'float64'), `${name}: gradient ${i} storage`);
    assertClose(g.data, Float32Array.from(w.data), FLOAT64_AGREEMENT, `${name}: float32 gradient ${i} against float64`);
  });
}
