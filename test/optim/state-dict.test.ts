/** Saving and restoring optimiser and scheduler state must resume a run bit for bit. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fromTypedArray, tensor } from '../../src/tensor/tensor.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import { createOptimizer, CosineAnnealingLR, warmupCosine } from '../../src/optim/index.js';
import type { Optimizer, OptimizerName, Scheduler } from '../../src/optim/index.js';
import { assertSame } from './helpers.js';

/** Deterministic pseudo-random gradient for step `k` of parameter `j`. */
function gradFor(p: Tensor, k: number, j: number): Tensor {
  const g = new Float32Array(p.size);
  for (let i = 0; i < g.length; i++) g[i] = Math.sin(1.7 * i + 3.1 * k + 0.9 * j) * (1 + 0.1 * k);
  return fromTypedArray(g, p.shape, 'float32');
}

function makeParams(): Tensor[] {
  return [tensor([[0.5, -1.5, 2], [0.25, 3, -0.75]], { requiresGrad: true }), tensor([0.1, -0.2, 0.3], { requiresGrad: true })];
}

function runSteps(opt: Optimizer, params: Tensor[], from: number, to: number, sched?: Scheduler): void {
  for (let k = from; k < to; k++) {
    params.forEach((p, j) => (p.grad = gradFor(p, k, j)));
    opt.step();
    sched?.step();
  }
}

const configs: [OptimizerName, Record<string, unknown>][] = [
  ['sgd', { lr: 0.1, momentum: 0.9, nesterov: true, weightDecay: 1e-2 }],
  ['adam', { lr: 1e-2, amsgrad: true, weightDecay: 1e-3 }],
  ['adamw', { lr: 1e-2 }],
  ['rmsprop', { lr: 1e-2, momentum: 0.5, centered: true }],
];

describe('optimizer state dict', () => {
  for (const [name, opts] of configs) {
    it(`${name}: 3 steps + save/load + 2 steps == 5 uninterrupted steps`, () => {
      const full = makeParams();
      const fullOpt = createOptimizer(name, full, opts);
      const fullSched = new CosineAnnealingLR(fullOpt, { tMax: 4 });
      runSteps(fullOpt, full, 0, 5, fullSched);

      const first = makeParams();
      const firstOpt = createOptimizer(name, first, opts);
      const firstSched = new CosineAnnealingLR(firstOpt, { tMax: 4 });
      runSteps(firstOpt, first, 0, 3, firstSched);
      const saved = JSON.parse(JSON.stringify(firstOpt.stateDict().config));
      const tensors = firstOpt.stateDict().tensors;
      const schedState = JSON.parse(JSON.stringify(firstSched.stateDict()));
      const paramValues = first.map((p) => p.dataSync());
      runSteps(firstOpt, first, 3, 4); // must not leak into the snapshot

      const resumed = makeParams();
      resumed.forEach((p, j) => p.assign(fromTypedArray(paramValues[j]!, p.shape, 'float32')));
      const resumedOpt = createOptimizer(name, resumed, { ...opts, lr: 123 });
      const resumedSched = new CosineAnnealingLR(resumedOpt, { tMax: 4 });
      resumedOpt.loadStateDict({ config: saved, tensors });
      resumedSched.loadStateDict(schedState);
      runSteps(resumedOpt, resumed, 3, 5, resumedSched);

      resumed.forEach((p, j) => assertSame(p.dataView(), full[j]!.dataView(), `${name} param ${j}`));
      assert.deepEqual(resumedOpt.stateDict().config, fullOpt.stateDict().config);
      const a = resumedOpt.stateDict().tensors;
      const b = fullOpt.stateDict().tensors;
      assert.deepEqual(Object.keys(a).sort(), Object.keys(b).sort());
      for (const k of Object.keys(b)) assertSame(a[k]!.dataView(), b[k]!.dataView(), k);
    });
  }

  it('names state tensors state.<index>.<buffer> and keeps the config JSON-friendly', () => {
    const params = makeParams();
    const opt = createOptimizer('adam', params, { amsgrad: true });
    runSteps(opt, params, 0, 1);
    const sd = opt.stateDict();
    assert.deepEqual(Object.keys(sd.tensors).sort(), [
      'state.0.expAvg', 'state.0.expAvgSq', 'state.0.maxExpAvgSq', 'state.1.expAvg', 'state.1.expAvgSq', 'state.1.maxExpAvgSq',
    ]);
    assert.deepEqual(sd.tensors['state.0.expAvg']!.shape, [2, 3]);
    assert.deepEqual(JSON.parse(JSON.stringify(sd.config)), sd.config);
    assert.deepEqual(sd.config.state, { '0': { step: 1 }, '1': { step: 1 } });
    assert.deepEqual(sd.config.paramGroups[0]!.params, [0, 1]);
    assert.deepEqual(sd.config.paramGroups[0]!['betas'], [0.9, 0.999]);
  });

  it('rejects a state dict from another optimiser or with mismatched shapes', () => {
    const params = makeParams();
    const adam = createOptimizer('adam', params);
    runSteps(adam, params, 0, 1);
    const sgd = createOptimizer('sgd', makeParams(), { lr: 0.1 });
    assert.throws(() => sgd.loadStateDict(adam.stateDict()), /saved by "Adam", not SGD/);
    const other = createOptimizer('adam', [tensor([1, 2], { requiresGrad: true }), tensor([1, 2, 3], { requiresGrad: true })]);
    assert.throws(() => other.loadStateDict(adam.stateDict()), /state tensor state\.0\.\w+ has 6 elements but its parameter has 2/);
  });

  it('warmupCosine scheduler resumes exactly', () => {
    const run = (split: number | null): number[] => {
      const params = makeParams();
      let opt = createOptimizer('sgd', params, { lr: 0.5 });
      let sched = warmupCosine(opt, { warmupSteps: 3, totalSteps: 10 });
      const lrs: number[] = [];
      for (let e = 0; e < 12; e++) {
        if (e === split) {
          const o = opt.stateDict();
          const s = JSON.parse(JSON.stringify(sched.stateDict()));
          opt = createOptimizer('sgd', params, { lr: 0.5 });
          sched = warmupCosine(opt, { warmupSteps: 3, totalSteps: 10 });
          opt.loadStateDict(o);
          sched.loadStateDict(s);
        }
        lrs.push(opt.lr);
        sched.step();
      }
      return lrs;
    };
    const full = run(null);
    for (const split of [1, 3, 4, 7]) assert.deepEqual(run(split), full, `split at ${split}`);
  });
});
