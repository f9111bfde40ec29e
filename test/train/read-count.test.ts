/**
 * No host reads on the hot path of training: a counting proxy over the current backend shows that a
 * training step (data loading included) reads nothing back, and that `fitLoop` reads exactly once per
 * flush — every `logEvery` steps, at each epoch's end — plus once per validation pass. Adam, no dropout
 * (SGD, RMSprop and dropout read nothing either: test/optim/host-reads.test.ts).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Tensor } from '../../src/tensor/tensor.js';
import { manualSeed } from '../../src/tensor/random.js';
import { Module } from '../../src/nn/module.js';
import { Conv2d } from '../../src/nn/layers/conv.js';
import { MaxPool2d } from '../../src/nn/layers/pool.js';
import { Flatten, Linear } from '../../src/nn/layers/basic.js';
import { crossEntropy } from '../../src/nn/losses.js';
import { Adam } from '../../src/optim/index.js';
import { DataLoader, FashionMNIST, subset } from '../../src/data/index.js';
import { fitLoop } from '../../src/train/fit.js';
import { SupervisedTask } from '../../src/train/supervised.js';
import { trainOnBatch } from '../../src/train/task.js';
import { SilentProgress } from '../../src/train/progress.js';
import type { Callback } from '../../src/train/callbacks.js';
import { countReads } from '../helpers/read-counter.js';
import { onEachBackend } from '../helpers/backends.js';

/** conv 4@3×3 → relu → pool 2 → linear 10 on 28×28: small enough for both backends. */
class Tiny extends Module {
  conv = new Conv2d(1, 4, 3);
  pool = new MaxPool2d(2);
  flat = new Flatten();
  fc = new Linear(4 * 13 * 13, 10);
  forward(x: Tensor): Tensor {
    return this.fc.call(this.flat.call(this.pool.call(this.conv.call(x).relu())));
  }
}

const shipped = FashionMNIST.shipped({ train: true });
/** The first n shipped images in batches of 16, default transform (pixels / 255, applied before upload). */
const loader = (n: number, shuffle = true): DataLoader => new DataLoader(subset(shipped, Array.from({ length: n }, (_, i) => i)), { batchSize: 16, shuffle });

function setup(): { model: Tiny; optimizer: Adam; task: SupervisedTask } {
  manualSeed(11);
  const model = new Tiny();
  const optimizer = new Adam(model.parameters(), { lr: 1e-3 });
  return { model, optimizer, task: new SupervisedTask({ model, loss: (o, t) => crossEntropy(o, t), accuracy: true }) };
}

onEachBackend('host reads while training', () => {
  describe('host reads while training', () => {
    it('a hand-written loop of 12 steps with trainOnBatch (loader, forward, loss, accuracy, backward, Adam) reads nothing', () => {
      const { optimizer, task } = setup();
      const data = loader(192);
      const counter = countReads();
      try {
        let steps = 0;
        for (const batch of data) {
          trainOnBatch(task, optimizer, batch);
          steps++;
        }
        assert.equal(steps, 12);
        assert.ok(counter.runs > 12 * 20, `the proxy saw the kernels (${counter.runs} runs)`);
        assert.equal(counter.reads, 0, 'no read in 12 training steps');
      } finally {
        counter.restore();
      }
    });

    it('fitLoop: 24 steps with logEvery 5 read 5 times (steps 5, 10, 15, 20 and the epoch end at 24), and nothing else', async () => {
      const { optimizer, task } = setup();
      const readsAtBatchEnd: number[] = [];
      const counter = countReads();
      const watch: Callback = { onBatchEnd: () => void readsAtBatchEnd.push(counter.reads) };
      try {
        const h = await fitLoop({ task, optimizer, train: loader(384), epochs: 1, logEvery: 5, progress: new SilentProgress(), callbacks: [watch] });
        assert.equal(counter.reads, 5);
        // The count went up exactly at the flushes (the epoch-end flush comes after step 24's callbacks).
        assert.deepEqual(readsAtBatchEnd, [0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 4, 4, 4, 4, 4]);
        assert.ok(h.history['loss']![0]! > 0 && h.history['accuracy']![0]! > 0);
      } finally {
        counter.restore();
      }
    });

    it('fitLoop: 2 epochs of 12 steps, logEvery 5, validation of 2 batches: 3 + 3 flushes and 2 validation reads', async () => {
      const { optimizer, task } = setup();
      const counter = countReads();
      try {
        const h = await fitLoop({
          task, optimizer, train: loader(192), validation: loader(32, false), epochs: 2, logEvery: 5, progress: new SilentProgress(),
        });
        // Epoch 1: steps 5, 10, end (12); epoch 2 (steps 13-24): 15, 20, end (24); one read per validation pass.
        assert.equal(counter.reads, 3 + 3 + 2);
        assert.deepEqual(Object.keys(h.history).sort(), ['accuracy', 'epoch_seconds', 'images_per_second', 'loss', 'lr', 'val_accuracy', 'val_loss']);
      } finally {
        counter.restore();
      }
    });
  });
});
