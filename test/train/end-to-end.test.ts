/**
 * Training end to end: the lecture CNN learns on the shipped Fashion-MNIST subset through fitLoop
 * (kept apart from train.test.ts so that each file stays under a minute on the 2-core reference machine).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { manualSeed } from '../../src/tensor/random.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import { crossEntropy } from '../../src/nn/losses.js';
import { LectureCNN } from '../../src/vision/models/classification/lecture-cnn.js';
import { Adam } from '../../src/optim/index.js';
import { DataLoader, FashionMNIST, subset } from '../../src/data/index.js';
import { evaluateBatches, fitLoop } from '../../src/train/fit.js';
import type { Callback } from '../../src/train/callbacks.js';
import { SilentProgress } from '../../src/train/progress.js';

const silent = new SilentProgress();
const mean = (a: number[]): number => a.reduce((s, v) => s + v, 0) / a.length;

describe('end to end', () => {
  // 300 steps take ~55 s on the 2-core reference machine; 200 steps (~35 s) keep this file under a minute.
  const STEPS = 200;
  it(`the lecture CNN on the shipped subset: ${STEPS} steps of Adam 1e-3 at batch 16 bring the last 50 steps' mean loss below 60 % of the first 50's`, { timeout: 120_000 }, async () => {
    manualSeed(0);
    const model = new LectureCNN();
    const optimizer = new Adam(model.parameters(), { lr: 1e-3 });
    const train = new DataLoader(subset(FashionMNIST.shipped({ train: true }), Array.from({ length: STEPS * 16 }, (_, i) => i)), {
      batchSize: 16, shuffle: true,
    });
    assert.equal(train.length, STEPS);
    const losses: number[] = [];
    const loss = (o: Tensor, t: Tensor): Tensor => crossEntropy(o, t);
    const record: Callback = {
      onBatchEnd: (step, logs) => {
        // logs.loss is the epoch's running mean; recover this step's loss from it.
        losses.push(logs['loss']! * step - (step > 1 ? mean(losses) * (step - 1) : 0));
      },
    };
    // logEvery 1: the logs onBatchEnd sees are read back after every step.
    const history = await fitLoop({ model, loss, optimizer, train, epochs: 1, accuracy: true, callbacks: [record], progress: silent, logEvery: 1 });
    assert.equal(losses.length, STEPS);
    const first = mean(losses.slice(0, 50));
    const last = mean(losses.slice(-50));
    assert.ok(first > 1, `the first 50 steps start near ln 10: mean ${first}`);
    assert.ok(last < 0.6 * first, `mean loss of the last 50 steps ${last.toFixed(4)} should be < 60 % of the first 50 (${first.toFixed(4)})`);
    assert.ok(history.history['accuracy']![0]! > 0.55, `training accuracy ${history.history['accuracy']}`);
    // It generalises: held-out shipped test images.
    const test = new DataLoader(subset(FashionMNIST.shipped({ train: false }), Array.from({ length: 320 }, (_, i) => i * 3)), { batchSize: 64 });
    const ev = evaluateBatches(model, test, loss);
    assert.ok(ev.accuracy > 0.6, `test accuracy ${ev.accuracy}`);
    assert.ok(ev.loss < first, `test loss ${ev.loss}`);
  });
});
