/**
 * Finite-difference checks, in float64 (as PyTorch's gradcheck uses double), of the ops and composed
 * functions built on the gradient table: every op path that records a primitive (broadcasting, negative
 * axes, keepDims, 1-d matmul, padding 'same', split/stack, indexSelect), and composites (softmax,
 * logSoftmax, leakyRelu, linear, losses, adaptive pooling); the cases are in composed-checks.ts.
 * Autograd semantics (accumulation, noGrad, detach, errors, diamond graphs) are in semantics.test.ts.
 *
 * Each primitive's own gradient rule is checked case by case on every backend by the conformance suite
 * (test/conformance); here every differentiable primitive of the spec must still be reached by some
 * check (each check asserts that the primitives it claims really appear in the recorded graph).
 *
 * Tolerance: central differences with step 1e-6 in float64 leave ~1e-9 of rounding noise at these
 * sizes; |analytic − numeric| ≤ 1e-7 + 1e-6·|numeric| is well above it (measured worst 1.3e-8 absolute),
 * where float32 needed 2e-2. The same checks also run in float32 with those loose tolerances on every
 * backend configuration (what they asserted on the default backend before float64 existed).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Tensor, gradcheck, tensor } from '../../src/index.js';
import { PRIMITIVES, isDifferentiable } from '../../src/engine/primitives.js';
import { BACKEND_CONFIGS, REFERENCE_CONFIG, onEachBackend } from '../helpers/backends.js';
import type { GradOp } from './composed-checks.js';
import { CHECKS, Draw, FLOAT64 } from './composed-checks.js';

/** Ops recorded in the graph of `t` (walking gradFn inputs). */
function recordedOps(t: Tensor): Set<GradOp> {
  const seen = new Set<Tensor>();
  const found = new Set<GradOp>();
  const stack = [t];
  while (stack.length) {
    const u = stack.pop()!;
    if (seen.has(u)) continue;
    seen.add(u);
    if (u.gradFn) {
      found.add(u.gradFn.op);
      stack.push(...u.gradFn.inputs);
    }
  }
  return found;
}

/** Seed per check name, so adding a check does not change the others' draws. */
function seedOf(name: string): number {
  let h = 2166136261;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619);
  return h >>> 0;
}

onEachBackend('gradcheck in float64: ops and composed functions', () => {
  for (const check of CHECKS) {
    test(check.float32 ? `${check.name} (float32: ${check.float32})` : check.name, () => {
      const g = new Draw(seedOf(check.name), check.float32 ? 'float32' : 'float64');
      for (let trial = 0; trial < (check.trials ?? 1); trial++) {
        const { f, inputs, opts: given } = check.build(g);
        const opts = given ?? (check.float32 ? {} : FLOAT64);
        const shapes = inputs.map((t) => `[${t.shape.join(', ')}]`).join(', ');
        // The ops this check claims must really be recorded.
        const leaves = inputs.map((t) => t.detach().requiresGrad_());
        const reached = recordedOps(f(...leaves));
        for (const p of check.prims) assert.ok(reached.has(p), `${check.name}: '${p}' is not in the recorded graph (found ${[...reached].join(', ')})`);
        const r = gradcheck(f, inputs, opts);
        assert.ok(r.ok, `${check.name} (trial ${trial}, inputs ${shapes}): gradients differ from finite differences; max abs error ${r.maxAbsError} at ${r.worst}`);
      }
    });
  }
}, [REFERENCE_CONFIG]);

/**
 * The same checks in float32 on every backend configuration, with gradcheck's float32 defaults (step
 * 1e-2, tolerances 2e-2): what these tests asserted before float64 existed, now on every backend.
 */
onEachBackend('gradcheck in float32: ops and composed functions', (ctx) => {
  for (const check of CHECKS) {
    test(check.name, (t) => {
      const { backend } = ctx.backend();
      const missing = (check.needs ?? []).filter((d) => !backend.dtypes.includes(d));
      if (missing.length > 0) return t.skip(`backend '${backend.name}' stores no ${missing.join(', ')} tensors, which this check makes`);
      const g = new Draw(seedOf(check.name), 'float32');
      for (let trial = 0; trial < (check.trials ?? 1); trial++) {
        const { f, inputs, opts } = check.build(g);
        const r = gradcheck(f, inputs, opts ?? {});
        assert.ok(r.ok, `${check.name} (trial ${trial}): gradients differ from finite differences; max abs error ${r.maxAbsError} at ${r.worst}`);
      }
    });
  }
}, BACKEND_CONFIGS);

describe('gradcheck coverage', () => {
  test('every differentiable primitive of the spec, and reshape, is reached by a check here', () => {
    const covered = new Set<GradOp>(CHECKS.flatMap((c) => c.prims));
    const differentiable: GradOp[] = [...PRIMITIVES.filter((p) => isDifferentiable(p)), 'reshape'];
    const missing = differentiable.filter((p) => !covered.has(p));
    assert.deepEqual(missing, [], `differentiable primitives no check here reaches: ${missing.join(', ')}`);
  });
});

onEachBackend('gradcheck itself', () => {
  test('detects a wrong gradient (x·detach(x) has analytic gradient x, numeric 2x)', () => {
    const r = gradcheck((x) => x.mul(x.detach()), [tensor([1, 2, -1.5])]);
    assert.equal(r.ok, false);
    assert.ok(r.maxAbsError > 0.5, `max abs error ${r.maxAbsError}`);
  });
  test('passes a correct one and leaves its inputs untouched', () => {
    const x = tensor([0.5, -1]);
    assert.equal(gradcheck((t) => t.mul(t).mul(t), [x]).ok, true);
    assert.equal(x.requiresGrad, false);
    assert.equal(x.grad, null);
  });
}, BACKEND_CONFIGS);

onEachBackend('gradcheck itself in float64', () => {
  test('detects a wrong gradient at float64 tolerances, and an error of 1e-4 relative', () => {
    const x = tensor([1, 2, -1.5], { dtype: 'float64' });
    assert.equal(gradcheck((t) => t.mul(t.detach()), [x], FLOAT64).ok, false);
    // exp(x)·(1 + 1e-4) has gradient exp(x)·(1 + 1e-4); recording only exp(x)'s rule misses it by 1e-4.
    const r = gradcheck((t) => t.exp().add(t.exp().detach().mul(1e-4)), [x], FLOAT64);
    assert.equal(r.ok, false, `an error of 1e-4 relative must be caught (max abs error ${r.maxAbsError})`);
  });
  test('passes a correct one in float64, keeping the inputs float64 and untouched', () => {
    const x = tensor([0.5, -1, 1.25], { dtype: 'float64' });
    const r = gradcheck((t) => t.mul(t).mul(t).exp(), [x], FLOAT64);
    assert.equal(r.ok, true, `${r.worst}`);
    assert.ok(r.maxAbsError < 1e-7, `max abs error ${r.maxAbsError}`);
    assert.equal(x.dtype, 'float64');
    assert.equal(x.requiresGrad, false);
    assert.equal(x.grad, null);
  });
}, [REFERENCE_CONFIG]);

/**
 * Which primitives the tape records comes from the spec (`differentiable`), checked primitive by
 * primitive in test/conformance/coverage.test.ts; here through the public ops. Casting to an integer
 * type gives an integer output, which never joins the graph (only float32 and float64 outputs do).
 */
onEachBackend('non-differentiable ops', () => {
  test('non-differentiable ops produce tensors that do not require grad', () => {
    const x = tensor([[1, 3, 2], [4, 0, 5]], { requiresGrad: true });
    for (const y of [x.gt(1), x.eq(x), x.argmax(1), x.argmin(), x.cast('int32'), x.int()]) {
      assert.equal(y.requiresGrad, false);
      assert.equal(y.gradFn, null);
    }
    // A cast to int and back is a constant for autograd.
    const z = x.int().float().mul(x).sum();
    z.backward();
    assert.deepEqual(x.grad!.toArray(), [1, 3, 2, 4, 0, 5]);
  });
}, BACKEND_CONFIGS);

onEachBackend('non-differentiable ops in float64', () => {
  test('float64 tensors can require grad; the tape records them', () => {
    const x = tensor([1, 2], { dtype: 'float64', requiresGrad: true });
    const y = x.mul(x);
    assert.equal(y.gradFn?.op, 'mul');
    y.sum().backward();
    assert.equal(x.grad!.dtype, 'float64');
    assert.deepEqual(x.grad!.toArray(), [2, 4]);
  });

  test('float64: comparisons, argmax and casts to int are not recorded; the gradient is float64', () => {
    const x = tensor([[1, 3, 2], [4, 0, 5]], { dtype: 'float64', requiresGrad: true });
    for (const y of [x.gt(1), x.eq(x), x.argmax(1), x.argmin(), x.cast('int32')]) {
      assert.equal(y.requiresGrad, false);
      assert.equal(y.gradFn, null);
    }
    x.int().double().mul(x).sum().backward();
    assert.equal(x.grad!.dtype, 'float64');
    assert.deepEqual(x.grad!.toArray(), [1, 3, 2, 4, 0, 5]);
  });
}, [REFERENCE_CONFIG]);
