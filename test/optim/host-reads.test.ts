/**
 * The training hot path copies nothing from the backend to JS: `optimizer.step()` (every optimiser,
 * first and later steps), a forward pass through dropout, and a whole training step with SGD and
 * dropout make no `read`/`readAsync` call, counted by the proxy of test/helpers/read-counter.ts.
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { fromTypedArray } from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { Dropout, Linear, ReLU, Sequential } from '../../src/nn/layers/basic.js';
import { crossEntropy } from '../../src/nn/losses.js';
import { createOptimizer, SGD } from '../../src/optim/index.js';
import type { OptimizerName } from '../../src/optim/index.js';
import { BACKEND_CONFIGS, onEachBackend } from '../helpers/backends.js';
import { countReads } from '../helpers/read-counter.js';
import { makeRng } from '../helpers/rng.js';

/** Reads and kernel runs of `body` on the current backend. */
function counting(body: () => void): { reads: number; runs: number } {
  const counter = countReads();
  try {
    body();
    return { reads: counter.reads, runs: counter.runs };
  } finally {
    counter.restore();
  }
}

function values(shape: readonly number[], seed: number): Tensor {
  const rng = makeRng(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  return fromTypedArray(Float32Array.from({ length: n }, () => rng() - 0.5), [...shape], 'float32');
}

const CONFIGS: [OptimizerName, Record<string, number | boolean>][] = [
  ['sgd', { lr: 0.1 }],
  ['sgd', { lr: 0.1, momentum: 0.9, nesterov: true, weightDecay: 1e-4 }],
  ['sgd', { lr: 0.1, momentum: 0.9, dampening: 0.1, maximize: true }],
  ['rmsprop', {}],
  ['rmsprop', { centered: true, momentum: 0.9, weightDecay: 1e-4 }],
  ['adam', { amsgrad: true }],
  ['adamw', {}],
];

/** The reference and the wasm SIMD build on two threads (the read paths do not differ between wasm builds). */
const CONFIGS_HERE = BACKEND_CONFIGS.filter((c) => c.id === 'reference' || c.id === 'wasm-simd-2t');

onEachBackend('host reads', (ctx) => {
  for (const [name, opts] of CONFIGS) {
    it(`${name} ${JSON.stringify(opts)}: step() reads nothing back (first step and later ones)`, (t) => {
      const params = [values([64, 32], 1).requiresGrad_(), values([32], 2).requiresGrad_()];
      const opt = createOptimizer(name, params, opts);
      const perStep = [0, 1, 2].map((step) => {
        params.forEach((p, j) => (p.grad = values(p.shape, 10 * step + j)));
        return counting(() => opt.step());
      });
      t.diagnostic(`${ctx.config.id} ${name}: reads ${perStep.map((c) => c.reads).join('/')}, kernel runs ${perStep.map((c) => c.runs).join('/')} (steps 1/2/3)`);
      assert.deepEqual(perStep.map((c) => c.reads), [0, 0, 0]);
      assert.ok(perStep.every((c) => c.runs >= 2), 'the proxy saw the update kernels');
    });
  }

  it('a forward pass through dropout, and a whole SGD training step with dropout, read nothing back', (t) => {
    const model = new Sequential(new Linear(32, 64), new ReLU(), new Dropout(0.5), new Linear(64, 10));
    model.train();
    const x = values([16, 32], 3);
    const forward = counting(() => void model.call(x));
    const opt = new SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
    const target = fromTypedArray(Int32Array.from({ length: 16 }, (_, i) => i % 10), [16], 'int32');
    const steps = counting(() => {
      for (let i = 0; i < 3; i++) {
        opt.zeroGrad();
        crossEntropy(model.call(x), target).backward();
        opt.step();
      }
    });
    t.diagnostic(`${ctx.config.id}: forward with dropout ${forward.reads} reads (${forward.runs} runs); 3 training steps ${steps.reads} reads (${steps.runs} runs)`);
    assert.equal(forward.reads, 0);
    assert.equal(steps.reads, 0);
  });
}, CONFIGS_HERE);
