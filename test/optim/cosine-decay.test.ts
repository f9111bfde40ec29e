/**
 * `cosineDecay` (Keras' CosineDecay, PyTorch's CosineAnnealingLR stepped per batch) and the
 * `BatchLearningRateScheduler` callback that applies it before every optimiser step.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { manualSeed } from '../../src/tensor/random.js';
import { crossEntropy } from '../../src/nn/losses.js';
import { buildModel } from '../../src/models/registry.js';
import { Adam, cosineDecay } from '../../src/optim/index.js';
import { fitLoop } from '../../src/train/fit.js';
import { BatchLearningRateScheduler } from '../../src/train/callbacks.js';
import type { Callback } from '../../src/train/callbacks.js';
import { SilentProgress } from '../../src/train/progress.js';
import { SMALL_CONFIG, smallLoader } from '../train/helpers.js';
import { assertClose, loadGolden } from './helpers.js';

interface ScheduleCase { name: string; op: string; attrs: Record<string, number>; baseLr: number; lrs: number[] }

describe('cosineDecay', () => {
  it('equals PyTorch\'s CosineAnnealingLR rates up to T_max (schedules.json, etaMin = alpha · lr)', () => {
    const cases = (loadGolden('schedules.json') as { cases: ScheduleCase[] }).cases.filter((c) => c.op === 'CosineAnnealingLR');
    assert.ok(cases.length > 0, 'the fixture has a CosineAnnealingLR case');
    for (const c of cases) {
      const tMax = c.attrs['tMax']!;
      const f = cosineDecay(c.baseLr, tMax, { alpha: c.attrs['etaMin']! / c.baseLr });
      const ours = c.lrs.slice(0, tMax + 1).map((_, t) => f(t));
      assertClose(ours, c.lrs.slice(0, tMax + 1), c.name, 1e-12, 1e-15);
    }
  });

  it('starts at the initial rate, halves at the midpoint, reaches alpha · lr and holds there (Keras)', () => {
    const f = cosineDecay(1e-3, 100);
    assert.equal(f(0), 1e-3);
    assert.ok(Math.abs(f(50) - 5e-4) < 1e-15, `f(50) = ${f(50)}`);
    assert.ok(Math.abs(f(100)) < 1e-18);
    assert.ok(Math.abs(f(250)) < 1e-18, 'held after decaySteps');
    const g = cosineDecay(0.1, 10, { alpha: 0.2 });
    assert.ok(Math.abs(g(10) - 0.02) < 1e-15 && Math.abs(g(99) - 0.02) < 1e-15);
    for (let t = 1; t <= 100; t++) assert.ok(f(t) < f(t - 1), `strictly decreasing at ${t}`);
  });

  it('rejects bad options and steps with messages naming them', () => {
    assert.throws(() => cosineDecay(1e-3, 0), /cosineDecay: invalid option decaySteps = 0/);
    assert.throws(() => cosineDecay(-1, 10), /cosineDecay: invalid option initialLr = -1/);
    assert.throws(() => cosineDecay(1e-3, 10, { alpha: 2 }), /cosineDecay: invalid option alpha = 2/);
    assert.throws(() => cosineDecay(1e-3, 10)(-1), /step must be an integer ≥ 0, got -1/);
  });
});

describe('BatchLearningRateScheduler', () => {
  it('sets the rate before every step of fit from the global step, across epochs', async () => {
    manualSeed(3);
    const model = buildModel(SMALL_CONFIG);
    const optimizer = new Adam(model.parameters(), { lr: 1e-3 });
    const schedule = cosineDecay(1e-3, 20);
    const used: number[] = [];
    const record: Callback = { onBatchEnd: (_step, _logs, ctx) => void used.push(ctx.lr) };
    const h = await fitLoop({
      model, optimizer, loss: (o, t) => crossEntropy(o, t), train: smallLoader(160, 16), epochs: 2, progress: new SilentProgress(),
      callbacks: [new BatchLearningRateScheduler(schedule), record],
    });
    assert.equal(used.length, 20);
    assert.deepEqual(used, Array.from({ length: 20 }, (_, t) => schedule(t)));
    assert.deepEqual(h.history['lr'], [schedule(9), schedule(19)]);
  });

  it('a schedule that returns a bad rate stops training with the step named', async () => {
    manualSeed(3);
    const model = buildModel(SMALL_CONFIG);
    const optimizer = new Adam(model.parameters(), { lr: 1e-3 });
    await assert.rejects(
      fitLoop({
        model, optimizer, loss: (o, t) => crossEntropy(o, t), train: smallLoader(64, 16), epochs: 1, progress: new SilentProgress(),
        callbacks: [new BatchLearningRateScheduler((t) => (t === 2 ? Number.NaN : 1e-3))],
      }),
      /BatchLearningRateScheduler: the schedule gave lr = NaN at step 2/,
    );
  });
});
