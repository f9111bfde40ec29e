/**
 * The SGD, RMSprop and random primitives give the same float32 bits on the reference backend (their
 * definition) and on every wasm configuration (SIMD and relaxed SIMD builds, 1 and 2 threads with
 * forced splits), over every attribute combination, with and without SIMD tails: the exhaustive
 * companion of the conformance cases (test/conformance/cases/optim.ts, random.ts).
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Backend, KernelArg } from '../../src/engine/backend.js';
import type { PrimitiveAttrs, ShapedPrimitive } from '../../src/engine/primitives.js';
import { inputsOf } from '../../src/engine/primitives.js';
import type { Shape } from '../../src/engine/shape.js';
import { BACKEND_CONFIGS, REFERENCE_CONFIG, configuredBackend } from '../helpers/backends.js';
import type { ConfiguredBackend } from '../helpers/backends.js';
import { makeRng } from '../helpers/rng.js';

let reference: Backend;
let others: ConfiguredBackend[] = [];
before(async () => {
  reference = (await configuredBackend(REFERENCE_CONFIG)).backend;
  others = await Promise.all(BACKEND_CONFIGS.filter((c) => c !== REFERENCE_CONFIG).map((c) => configuredBackend(c)));
});

/** float32 values in [-scale, scale), or in [0, scale) for second-moment rows. */
function floats(n: number, seed: number, scale = 1, positive = false): Float32Array {
  const rng = makeRng(seed);
  return Float32Array.from({ length: n }, () => (positive ? rng() : rng() * 2 - 1) * scale);
}

function runOn<P extends ShapedPrimitive>(backend: Backend, prim: P, inputs: readonly { data: Float32Array; shape: Shape }[], attrs: PrimitiveAttrs[P], shape: Shape): number[] {
  const args: KernelArg[] = inputs.map((i) => ({ handle: backend.fromArray(i.data.slice(), 'float32'), shape: i.shape, dtype: 'float32' }));
  const out = backend.read(backend.run(prim, inputsOf(prim, args), attrs, { shape, dtype: 'float32' }), 'float32');
  return Array.from(new Uint32Array(Float32Array.from(out).buffer));
}

/** Asserts every configuration agrees with the reference bit for bit on one call. */
function agree<P extends ShapedPrimitive>(prim: P, inputs: readonly { data: Float32Array; shape: Shape }[], attrs: PrimitiveAttrs[P], shape: Shape): void {
  const label = `${prim} ${inputs.map((i) => `[${i.shape.join(',')}]`).join(' ')} ${JSON.stringify(attrs)}`;
  const want = runOn(reference, prim, inputs, attrs, shape);
  for (const o of others) assert.deepEqual(runOn(o.backend, prim, inputs, attrs, shape), want, `${label}: ${o.config.id}`);
}

const SIZES = [0, 1, 3, 4, 7, 37, 1003];
const flags = [false, true];

describe('SGD primitives: reference = every wasm configuration, bit for bit', () => {
  it('sgdMomentum, with and without a buffer, every sign / weight decay / dampening', () => {
    for (const n of SIZES) {
      const g = { data: floats(n, 1 + n), shape: [n] };
      const p = { data: floats(n, 2 + n, 3), shape: [n] };
      const b = { data: floats(n, 3 + n, 0.5), shape: [n] };
      for (const maximize of flags)
        for (const weightDecay of [0, 0.01, 0.3])
          for (const dampening of [0, 0.25]) {
            const attrs = { momentum: 0.9, dampening, weightDecay, maximize };
            agree('sgdMomentum', [g, p], attrs, [n]);
            agree('sgdMomentum', [g, p, b], attrs, [n]);
          }
    }
  });

  it('sgdStep: no buffer, buffer, Nesterov', () => {
    for (const n of SIZES) {
      const p = { data: floats(n, 4 + n, 3), shape: [n] };
      const g = { data: floats(n, 5 + n), shape: [n] };
      const b = { data: floats(n, 6 + n, 0.5), shape: [n] };
      for (const maximize of flags)
        for (const weightDecay of [0, 0.05])
          for (const lr of [0.1, 1e-3]) {
            agree('sgdStep', [p, g], { lr, momentum: 0, nesterov: false, weightDecay, maximize }, [n]);
            agree('sgdStep', [p, g, b], { lr, momentum: 0.9, nesterov: false, weightDecay, maximize }, [n]);
            agree('sgdStep', [p, g, b], { lr, momentum: 0.7, nesterov: true, weightDecay, maximize }, [n]);
          }
    }
  });
});

describe('RMSprop primitives: reference = every wasm configuration, bit for bit', () => {
  it('rmspropMoments and rmspropStep for every state layout (plain, centered, momentum, both)', () => {
    for (const n of SIZES) {
      const g = { data: floats(n, 7 + n), shape: [n] };
      const p = { data: floats(n, 8 + n, 3), shape: [n] };
      for (const centered of flags)
        for (const momentum of [0, 0.9])
          for (const maximize of flags)
            for (const weightDecay of [0, 0.02]) {
              const k = 1 + (centered ? 1 : 0) + (momentum > 0 ? 1 : 0);
              // Rows: squareAvg ≥ 0 and large enough that a centred variance stays positive, gradAvg small.
              const rows = new Float32Array(k * n);
              rows.set(floats(n, 9 + n, 2, true).map((v) => v + 0.5), 0);
              if (centered) rows.set(floats(n, 10 + n, 0.3), n);
              if (momentum > 0) rows.set(floats(n, 11 + n, 0.2), (k - 1) * n);
              const state = { data: rows, shape: [k, n] };
              const attrs = { alpha: 0.99, eps: 1e-8, weightDecay, momentum, centered, maximize };
              agree('rmspropMoments', [g, p, state], attrs, [k, n]);
              agree('rmspropStep', [p, g, state], { ...attrs, lr: 0.01, eps: 1e-3 }, [n]);
            }
    }
  });
});

describe('randomUniform: reference = every wasm configuration, bit for bit', () => {
  it('for sizes cutting Philox blocks anywhere and seeds with a high key word', () => {
    for (const n of [...SIZES, 4097, 65_539])
      for (const seed of [0, 1, 0xffffffff, 2 ** 32 + 5, 2 ** 53 - 1]) agree('randomUniform', [], { seed }, [n]);
    for (const o of others) if (o.config.forcedSplits) assert.ok(o.parallelJobs() > 0, `${o.config.id}: no call was split across the pool`);
  });
});
