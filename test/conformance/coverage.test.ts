/**
 * The suite's own guarantees: the case table covers every primitive of the spec (and every
 * differentiable one with gradient cases); cases are well-formed; a backend is skipped for a primitive
 * only when it declares it unsupported, and one lacking a kernel it did not declare fails; dispatch
 * throws MissingKernelError for declared gaps and for dtypes a backend does not store (float64 on wasm);
 * the tape never records a non-differentiable primitive.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MissingKernelError } from '../../src/engine/backend.js';
import { sizeOf } from '../../src/engine/shape.js';
import { PRIMITIVES, fitsInputs, isDataDependent, isDifferentiable, specOf } from '../../src/engine/primitives.js';
import type { DataDependentPrimitive, Family, Primitive, ShapedPrimitive } from '../../src/engine/primitives.js';
import type { FloatDType } from '../../src/engine/dtype.js';
import type { PrimitiveCase } from './case.js';
import { dispatch } from '../../src/tensor/dispatch.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import { fromTypedArray } from '../../src/tensor/tensor.js';
import { matmul } from '../../src/tensor/ops/linalg.js';
import { adamMoments } from '../../src/tensor/ops/optim.js';
import { BACKEND_CONFIGS, REFERENCE_CONFIG, RELAXED_SIMD_ENABLED, configuredBackend, selectBackend } from '../helpers/backends.js';
import { CASES } from './index.js';
import { checkForward } from './checks.js';
import { FakeBackend } from './fake-backend.js';
import { caseInputs, floatInputs, runDataPrimitive, runPrimitive, skipReason, tensorOf, withBackend } from './run.js';

describe('conformance: the case table covers the spec', () => {
  test('every primitive has forward cases', () => {
    const missing = PRIMITIVES.filter((p) => CASES[p].length === 0);
    assert.deepEqual(missing, [], `primitives without a case: ${missing.join(', ')}`);
  });

  test('every differentiable primitive (by its spec) has gradient cases; no other primitive has any', () => {
    const missing = PRIMITIVES.filter((p) => isDifferentiable(p) && !CASES[p].some((c) => c.gradient));
    assert.deepEqual(missing, [], `differentiable primitives without a gradient case: ${missing.join(', ')}`);
    const extra = PRIMITIVES.filter((p) => !isDifferentiable(p) && CASES[p].some((c) => c.gradient));
    assert.deepEqual(extra, [], `non-differentiable primitives with gradient cases: ${extra.join(', ')}`);
  });

  test('every case fits its primitive: input count, element counts, float32-representable floats, unique names', () => {
    for (const p of PRIMITIVES) {
      const names = new Set<string>();
      for (const c of CASES[p]) {
        const label = `${p} ${c.name}`;
        assert.ok(!names.has(c.name), `${label}: duplicate case name`);
        names.add(c.name);
        assert.ok(fitsInputs(p, c.inputs), `${label}: inputs do not fit (${specOf(p).inputs.join(', ')})`);
        for (const input of caseInputs(c)) {
          assert.equal(input.data.length, sizeOf(input.shape), `${label}: element count of [${input.shape.join(', ')}]`);
          if (input.dtype === 'float') assert.ok(input.data.every((v) => Object.is(Math.fround(v), v)), `${label}: float values must be float32-representable`);
        }
        if (c.gradient) assert.ok(floatInputs(c).length > 0, `${label}: a gradient case needs a float input`);
      }
    }
  });

  test('case counts by family (reported)', (t) => {
    const counts = new Map<Family, { forward: number; gradient: number }>();
    for (const p of PRIMITIVES) {
      const f = counts.get(specOf(p).family) ?? { forward: 0, gradient: 0 };
      f.forward += CASES[p].length;
      f.gradient += CASES[p].filter((c) => c.gradient).length;
      counts.set(specOf(p).family, f);
    }
    for (const [family, n] of counts) t.diagnostic(`${family}: ${n.forward} cases, ${n.gradient} gradient-checked`);
    assert.equal(counts.size, new Set(PRIMITIVES.map((p) => specOf(p).family)).size);
  });
});

describe('conformance: backends are skipped only for what they declare', () => {
  const declaring = new FakeBackend('fake-declaring', { matmul: 'test' });
  const lacking = new FakeBackend('fake-lacking', {}, ['matmul']);

  test('a declared primitive is skipped, with the reason; nothing else is', () => {
    assert.equal(skipReason(declaring, 'matmul'), "backend 'fake-declaring' declares matmul unsupported: test");
    for (const p of PRIMITIVES) if (p !== 'matmul') assert.equal(skipReason(declaring, p), null, p);
    for (const p of PRIMITIVES) assert.equal(skipReason(lacking, p), null, p);
  });

  test('every configuration of the list runs every primitive (none declares a gap today)', async () => {
    for (const config of BACKEND_CONFIGS) {
      const { backend } = await configuredBackend(config);
      const skipped = PRIMITIVES.filter((p) => skipReason(backend, p) !== null);
      assert.deepEqual(skipped, [], `${config.id} skips ${skipped.join(', ')}`);
    }
  });

  test('dispatch throws MissingKernelError for a declared primitive, before the backend runs', () => {
    withBackend(declaring, () => {
      const a = fromTypedArray(Float32Array.of(1, 2), [1, 2]);
      const b = fromTypedArray(Float32Array.of(3, 4), [2, 1]);
      assert.throws(() => matmul(a, b), (e: unknown) => {
        assert.ok(e instanceof MissingKernelError, String(e));
        assert.equal(e.primitive, 'matmul');
        assert.equal(e.backend, 'fake-declaring');
        assert.equal(e.reason, 'test');
        return true;
      });
      // Other primitives run on it.
      assert.deepEqual(Array.from(a.add(a).dataView()), [2, 4]);
    });
  });

  test('the forward check passes on the fake for what it has, and fails where it lacks an undeclared kernel', async () => {
    const reference = (await configuredBackend(REFERENCE_CONFIG)).backend;
    for (const c of CASES.add) checkForward(declaring, reference, 'add', c);
    for (const c of CASES.matmul) assert.throws(() => checkForward(lacking, reference, 'matmul', c), /fake-lacking: no kernel for 'matmul'/, c.name);
  });
});

describe('conformance: float64 exists on the reference backend only', () => {
  test('relaxed SIMD can be enabled on this Node (the relaxed configurations need it)', () => {
    assert.equal(RELAXED_SIMD_ENABLED, true);
  });

  for (const config of BACKEND_CONFIGS.filter((c) => c !== REFERENCE_CONFIG)) {
    test(`${config.id}: no float64 tensors, and dispatch refuses float64 with MissingKernelError`, async () => {
      const { backend } = await configuredBackend(config);
      const reference = (await configuredBackend(REFERENCE_CONFIG)).backend;
      assert.ok(!backend.dtypes.includes('float64'), `${config.id} must not list float64`);
      withBackend(backend, () => assert.throws(() => fromTypedArray(Float64Array.of(1), [1]), /has no float64 tensors/));
      // float64 tensors made on the reference, an op run with the wasm backend current:
      const x = withBackend(reference, () => fromTypedArray(Float64Array.of(1, 2), [2]));
      withBackend(backend, () => {
        assert.throws(() => x.add(x), (e: unknown) => e instanceof MissingKernelError && /no float64 tensors/.test(e.message) && e.backend === 'wasm');
      });
    });
  }

  test('the optimiser primitives are float32 only: float64 is refused by the op and by the reference kernel', async () => {
    const reference = (await configuredBackend(REFERENCE_CONFIG)).backend;
    withBackend(reference, () => {
      const v = (n: number): Float64Array => Float64Array.from({ length: n }, (_, i) => i / 10);
      const g = fromTypedArray(v(3), [3]);
      const state = fromTypedArray(v(6), [2, 3]);
      const attrs = { beta1: 0.9, beta2: 0.999, weightDecay: 0, maximize: false };
      assert.throws(() => adamMoments(g, g, state, attrs), /adamMoments: expected a float32 gradient, got float64/);
      assert.throws(() => dispatch('adamMoments', [g, g, state], attrs, [2, 3]), /adamMoments is float32 only/);
    });
  });
});

/**
 * Runs one of `cases` with its float inputs requiring grad: a gradient case of a differentiable primitive
 * (float in, float out), any case with a float input for the others, or any case of a primitive without
 * inputs (randomUniform: nothing could require a gradient).
 */
function runRequiringGrad<C extends PrimitiveCase<Primitive>>(p: Primitive, cases: readonly C[], float: FloatDType,
  run: (c: C, inputs: Tensor[]) => Tensor): Tensor {
  const c = cases.find((k) => (isDifferentiable(p) ? k.gradient : floatInputs(k).length > 0 || caseInputs(k).length === 0));
  assert.ok(c, `${p}: no case with a float input (or without inputs)`);
  const inputs = caseInputs(c).map((i) => tensorOf(i, float));
  for (const i of floatInputs(c)) inputs[i]!.requiresGrad_();
  return run(c, inputs);
}

describe('conformance: the tape records exactly the differentiable primitives', () => {
  for (const p of PRIMITIVES) {
    test(`${p} ${isDifferentiable(p) ? 'is' : 'is never'} recorded`, async () => {
      const reference = (await configuredBackend(REFERENCE_CONFIG)).backend;
      const restore = selectBackend(reference);
      try {
        for (const float of ['float32', 'float64'] as const) {
          if (float === 'float64' && specOf(p).family === 'optim') continue;
          const y: Tensor = isDataDependent(p)
            ? runRequiringGrad<PrimitiveCase<DataDependentPrimitive>>(p, CASES[p], float, (c, inputs) => runDataPrimitive(p, c, float, inputs))
            : runRequiringGrad<PrimitiveCase<ShapedPrimitive>>(p, CASES[p], float, (c, inputs) => runPrimitive(p, c, float, inputs));
          const floatOut = y.dtype === 'float32' || y.dtype === 'float64';
          const expected = isDifferentiable(p);
          if (expected) assert.ok(floatOut, `${p} (${float}): a gradient case has a float output`);
          assert.equal(y.requiresGrad, expected, `${p} (${float}): requiresGrad`);
          assert.equal(y.gradFn?.op ?? null, expected ? p : null, `${p} (${float}): gradFn`);
        }
      } finally {
        restore();
      }
    });
  }
});
