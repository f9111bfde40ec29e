/**
 * Keras-style compile/fit/evaluate/predict, checked against a hand-written PyTorch-style loop, and the
 * Keras callbacks (History, EarlyStopping, LearningRateScheduler).
 */
import { describe, it, before, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { manualSeed } from '../../src/tensor/random.js';
import { fromTypedArray } from '../../src/tensor/tensor.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import * as nn from '../../src/nn/index.js';
import { layerClasses, layers, resetLayerNames, sequential } from '../../src/keras/index.js';
import type { LossName, Sequential } from '../../src/keras/index.js';
import { Adam, SGD, StepLR } from '../../src/optim/index.js';
import { DataLoader, FashionMNIST } from '../../src/data/index.js';
import { EarlyStopping, LearningRateScheduler } from '../../src/train/callbacks.js';
import type { Callback, Logs } from '../../src/train/callbacks.js';

/** A copy with its own storage (so the two models never share a buffer). */
function copyOf(t: Tensor): Tensor {
  return fromTypedArray(Float32Array.from(t.dataSync()), [...t.shape], 'float32');
}

function maxAbsDiff(a: Tensor, b: Tensor): number {
  assert.deepEqual([...a.shape], [...b.shape]);
  const x = a.dataSync();
  const y = b.dataSync();
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]! - y[i]!));
  return m;
}

/** The first `n` shipped training images: x NCHW float in [0, 1], x NHWC (Keras), y int32 labels. */
interface Data {
  x: Tensor;
  xNhwc: Tensor;
  y: Tensor;
}
let data: Data;
function firstImages(n: number): Data {
  const batch = new DataLoader(FashionMNIST.shipped({ train: true }), { batchSize: n }).iterate(0).next();
  assert.ok(!batch.done);
  const { x, y } = batch.value;
  return { x, xNhwc: copyOf(x.permute(0, 2, 3, 1)), y };
}
function rows(d: Data, start: number, end: number): Data {
  return { x: d.x.slice([start], [end]), xNhwc: d.xNhwc.slice([start], [end]), y: d.y.slice([start], [end]) };
}

/** A small Keras CNN: channels-last input, logits out. */
function kerasCnn(): Sequential {
  return sequential([
    layers.Conv2D(8, 3, { activation: 'relu', inputShape: [28, 28, 1] }),
    layers.MaxPool2D({ poolSize: 2 }),
    layers.Conv2D(16, 3, { activation: 'relu' }),
    layers.MaxPool2D({ poolSize: 2 }),
    layers.Flatten(),
    layers.Dense(32, { activation: 'relu' }),
    layers.Dense(10),
  ]);
}

/** The same architecture, PyTorch style (NCHW). */
function torchCnn(): nn.Sequential {
  return new nn.Sequential(
    new nn.Conv2d(1, 8, 3), new nn.ReLU(), new nn.MaxPool2d(2),
    new nn.Conv2d(8, 16, 3), new nn.ReLU(), new nn.MaxPool2d(2),
    new nn.Flatten(), new nn.Linear(16 * 5 * 5, 32), new nn.ReLU(), new nn.Linear(32, 10),
  );
}

/** Pairs of (Keras kernel/bias, PyTorch weight/bias) in the two models. */
function pairs(k: Sequential, t: nn.Sequential): [string, Tensor, Tensor][] {
  const kParams: Tensor[] = [];
  for (const l of k.layers) {
    if (l instanceof layerClasses.Conv2D || l instanceof layerClasses.Dense) kParams.push(l.kernel!, l.bias!);
  }
  const tParams = t.namedParameters();
  assert.equal(kParams.length, tParams.length);
  return tParams.map(([name, p], i) => [name, kParams[i]!, p]);
}

before(() => {
  data = firstImages(400);
});

beforeEach(() => {
  manualSeed(42);
  resetLayerNames();
});

describe('Keras fit equals a PyTorch-style loop', () => {
  it('same weights, same batches, same Adam: equal losses and final weights after 20 steps', async () => {
    const steps = 20;
    const batchSize = 16;
    const train = rows(data, 0, steps * batchSize);

    const torch = torchCnn();
    const keras = kerasCnn().build();
    const ps = pairs(keras, torch);
    for (const [name, k, t] of ps) {
      assert.deepEqual([...k.shape], [...t.shape], `${name}: Keras stores kernels like PyTorch`);
      k.assign(copyOf(t));
    }

    // Keras: fit with no shuffling.
    keras.compile({ optimizer: { name: 'adam', lr: 1e-3 }, loss: 'sparse_categorical_crossentropy', fromLogits: true, metrics: ['accuracy'] });
    const batchLogs: Logs[] = [];
    const recorder: Callback = { onBatchEnd: (_s, logs) => void batchLogs.push({ ...logs }) };
    const history = await keras.fit(train.xNhwc, train.y, { batchSize, epochs: 1, shuffle: false, verbose: 0, callbacks: [recorder], logEvery: 1 });

    // PyTorch: the classic loop.
    const opt = new Adam(torch.parameters(), { lr: 1e-3 });
    const lossFn = new nn.CrossEntropyLoss();
    const losses: number[] = [];
    for (let s = 0; s < steps; s++) {
      const b = rows(train, s * batchSize, (s + 1) * batchSize);
      const loss = lossFn.call(torch.call(b.x), b.y);
      opt.zeroGrad();
      loss.backward();
      opt.step();
      losses.push(loss.item());
    }

    assert.equal(batchLogs.length, steps);
    // Keras reports the running mean of the epoch's losses after each batch.
    let sum = 0;
    losses.forEach((l, i) => {
      sum += l;
      const running = sum / (i + 1);
      assert.ok(Math.abs(batchLogs[i]!['loss']! - running) < 1e-5, `step ${i + 1}: keras ${batchLogs[i]!['loss']} vs torch ${running}`);
    });
    assert.equal(history.history['loss']!.length, 1);
    assert.ok(Math.abs(history.history['loss']![0]! - sum / steps) < 1e-5);
    assert.ok(losses[steps - 1]! < losses[0]!, 'the loss went down');

    for (const [name, k, t] of ps) {
      const d = maxAbsDiff(k, t);
      assert.ok(d < 1e-5, `${name}: Keras and PyTorch weights differ by ${d}`);
    }
    // And the two models now compute the same logits.
    const probe = rows(data, 380, 400);
    assert.ok(maxAbsDiff(keras.predict(probe.xNhwc), torch.eval().call(probe.x)) < 1e-4);
  });

  it('a ready optimiser instance and a softmax output with fromLogits: false also train', async () => {
    const model = sequential([layers.Flatten({ inputShape: [28, 28, 1] }), layers.Dense(10, { activation: 'softmax' })]).build();
    model.compile({ optimizer: new SGD(model.parameters(), { lr: 0.1 }), loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
    const train = rows(data, 0, 320);
    const before = model.evaluate(train.xNhwc, train.y).loss;
    const h = await model.fit(train.xNhwc, train.y, { batchSize: 32, epochs: 2, verbose: 0 });
    assert.equal(h.history['loss']!.length, 2);
    assert.ok(model.evaluate(train.xNhwc, train.y).loss < before);
  });
});

describe('compile / fit / evaluate / predict', () => {
  it('fit, evaluate before compile are errors', async () => {
    const model = kerasCnn();
    await assert.rejects(model.fit(data.xNhwc, data.y, { verbose: 0 }), /compile/);
    assert.throws(() => model.evaluate(data.xNhwc, data.y), /compile/);
    const unknown: string = 'hinge';
    assert.throws(() => model.compile({ optimizer: 'adam', loss: unknown as LossName }), /unknown loss 'hinge'/);
    model.compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy', fromLogits: true });
    await assert.rejects(model.fit(data.xNhwc, { epochs: 1, verbose: 0 }), /targets y are required/);
    await assert.rejects(model.fit(data.xNhwc, data.y, { validationSplit: 1, verbose: 0 }), /validationSplit/);
  });

  it('validationSplit holds out the last rows and reports val_loss / val_accuracy', async () => {
    const model = kerasCnn();
    model.compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy', fromLogits: true, metrics: ['accuracy'] });
    const d = rows(data, 0, 160);
    const h = await model.fit(d.xNhwc, d.y, { batchSize: 16, epochs: 2, validationSplit: 0.25, verbose: 0 });
    for (const k of ['loss', 'accuracy', 'val_loss', 'val_accuracy', 'lr']) assert.equal(h.history[k]?.length, 2, `history has ${k}`);
    for (const v of h.history['val_accuracy']!) assert.ok(v >= 0 && v <= 1);
    // val_* of the last epoch is the evaluation of the last 25 % (rows 120..159) with the final weights.
    const held = rows(d, 120, 160);
    const ev = model.evaluate(held.xNhwc, held.y);
    assert.ok(Math.abs(ev.loss - h.history['val_loss']![1]!) < 1e-6, `${ev.loss} vs ${h.history['val_loss']![1]}`);
    assert.equal(ev.accuracy, h.history['val_accuracy']![1]);
  });

  it('validationData reports val_loss / val_accuracy on the given rows', async () => {
    const model = kerasCnn();
    model.compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy', fromLogits: true, metrics: ['accuracy'] });
    const train = rows(data, 0, 96);
    const val = rows(data, 300, 340);
    const h = await model.fit(train.xNhwc, train.y, { batchSize: 32, epochs: 1, validationData: [val.xNhwc, val.y], verbose: 0 });
    assert.equal(h.history['val_loss']?.length, 1);
    assert.equal(h.history['val_accuracy']?.length, 1);
    const ev = model.evaluate(val.xNhwc, val.y, { batchSize: 7 });
    assert.ok(Math.abs(ev.loss - h.history['val_loss']![0]!) < 1e-5);
    assert.equal(ev.accuracy, h.history['val_accuracy']![0]);
  });

  it('evaluate and predict shapes', async () => {
    const model = kerasCnn();
    model.compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy', fromLogits: true });
    const d = rows(data, 0, 20);
    const ev = model.evaluate(d.xNhwc, d.y, { batchSize: 8 });
    assert.deepEqual(Object.keys(ev), ['loss'], 'no accuracy unless compiled with it');
    assert.ok(Number.isFinite(ev.loss) && ev.loss > 0);
    const out = model.predict(d.xNhwc, { batchSize: 7 });
    assert.deepEqual([...out.shape], [20, 10]);
    assert.equal(out.requiresGrad, false);
    // Batching does not change the result.
    assert.ok(maxAbsDiff(out, model.predict(d.xNhwc, { batchSize: 32 })) < 1e-6);
    assert.equal(model.training, true, 'predict restores training mode');
    model.compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy', fromLogits: true, metrics: ['accuracy'] });
    const ev2 = model.evaluate(d.xNhwc, d.y);
    assert.ok(ev2.accuracy !== undefined && ev2.accuracy >= 0 && ev2.accuracy <= 1);
    assert.ok(Math.abs(ev2.loss - ev.loss) < 1e-6);
  });
});

describe('callbacks', () => {
  it('History records one value per epoch for each metric', async () => {
    const model = kerasCnn();
    model.compile({ optimizer: { name: 'adam', lr: 3e-3 }, loss: 'sparse_categorical_crossentropy', fromLogits: true, metrics: ['accuracy'] });
    const d = rows(data, 0, 64);
    const h = await model.fit(d.xNhwc, d.y, { batchSize: 16, epochs: 3, verbose: 0 });
    assert.deepEqual(h.epochs, [0, 1, 2]);
    for (const k of ['loss', 'accuracy', 'lr', 'images_per_second', 'epoch_seconds']) assert.equal(h.history[k]?.length, 3, k);
    assert.deepEqual(h.history['lr'], [3e-3, 3e-3, 3e-3]);
    assert.ok(h.history['loss']![2]! < h.history['loss']![0]!, `loss falls on 64 images: ${h.history['loss']}`);
  });

  it('EarlyStopping stops after `patience` epochs without improvement', async () => {
    const model = kerasCnn();
    model.compile({ optimizer: { name: 'sgd', lr: 0 }, loss: 'sparse_categorical_crossentropy', fromLogits: true });
    const train = rows(data, 0, 32);
    const val = rows(data, 100, 132);
    const es = new EarlyStopping({ monitor: 'val_loss', patience: 2 });
    const h = await model.fit(train.xNhwc, train.y, { batchSize: 16, epochs: 10, validationData: [val.xNhwc, val.y], callbacks: [es], verbose: 0 });
    // lr = 0: val_loss never improves after epoch 0, so epochs 1 and 2 use up the patience.
    assert.deepEqual(h.epochs, [0, 1, 2]);
    assert.equal(es.stoppedEpoch, 2);
    assert.equal(new Set(h.history['val_loss']).size, 1);
  });

  it('EarlyStopping with restoreBestWeights puts back the best epoch\'s weights', async () => {
    const model = kerasCnn();
    model.compile({ optimizer: { name: 'adam', lr: 1e-3 }, loss: 'sparse_categorical_crossentropy', fromLogits: true });
    const train = rows(data, 0, 32);
    let afterFirst: Record<string, Tensor> | null = null;
    const snap: Callback = { onEpochEnd: (e, _l, ctx) => void (e === 0 ? (afterFirst = ctx.model.stateDict()) : undefined) };
    // minDelta so large that nothing after epoch 0 counts as an improvement.
    const es = new EarlyStopping({ monitor: 'loss', patience: 1, minDelta: 1e9, restoreBestWeights: true });
    const h = await model.fit(train.xNhwc, train.y, { batchSize: 16, epochs: 5, callbacks: [snap, es], verbose: 0 });
    assert.deepEqual(h.epochs, [0, 1]);
    assert.ok(afterFirst);
    const best: Record<string, Tensor> = afterFirst;
    for (const [name, p] of model.namedParameters()) assert.equal(maxAbsDiff(p, best[name]!), 0, name);
  });

  it('EarlyStopping with restoreBestWeights also restores when the run ends without stopping, and resets per fit', async () => {
    const model = kerasCnn();
    model.compile({ optimizer: { name: 'adam', lr: 1e-3 }, loss: 'sparse_categorical_crossentropy', fromLogits: true });
    const train = rows(data, 0, 32);
    const scores = [3, 1, 2];
    const snapshots: Record<string, Tensor>[] = [];
    // Logs a made-up score (best at epoch 1) before EarlyStopping reads the logs, and snapshots the weights.
    const scorer: Callback = {
      onEpochEnd: (e, logs, ctx) => {
        logs['score'] = scores[e]!;
        snapshots.push(ctx.model.stateDict());
      },
    };
    const es = new EarlyStopping({ monitor: 'score', mode: 'min', patience: 5, restoreBestWeights: true });
    const h = await model.fit(train.xNhwc, train.y, { batchSize: 16, epochs: 3, callbacks: [scorer, es], verbose: 0 });
    assert.deepEqual(h.epochs, [0, 1, 2], 'patience not exhausted: all epochs ran');
    assert.equal(es.stoppedEpoch, null);
    for (const [name, p] of model.namedParameters()) assert.equal(maxAbsDiff(p, snapshots[1]![name]!), 0, `${name} is epoch 1's`);

    // Reused for a second fit, it starts afresh: epoch 0 of the new run is an improvement, not a third miss.
    snapshots.length = 0;
    scores.splice(0, 3, 5, 6, 7);
    const es2 = new EarlyStopping({ monitor: 'score', mode: 'min', patience: 2 });
    await model.fit(train.xNhwc, train.y, { batchSize: 16, epochs: 2, callbacks: [scorer, es2], verbose: 0 });
    const h2 = await model.fit(train.xNhwc, train.y, { batchSize: 16, epochs: 2, callbacks: [scorer, es2], verbose: 0 });
    assert.deepEqual(h2.epochs, [0, 1], 'a fresh run is not stopped by the previous run\'s misses');
  });

  it('EarlyStopping on a metric that is not logged says which ones are', async () => {
    const model = kerasCnn();
    model.compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy', fromLogits: true });
    const d = rows(data, 0, 16);
    await assert.rejects(model.fit(d.xNhwc, d.y, { epochs: 1, callbacks: [new EarlyStopping()], verbose: 0 }), /'val_loss' is not in the logs \(available: loss/);
  });

  it('LearningRateScheduler (Keras function) changes the optimiser\'s lr at each epoch', async () => {
    const model = kerasCnn();
    model.compile({ optimizer: { name: 'adam', lr: 1e-3 }, loss: 'sparse_categorical_crossentropy', fromLogits: true });
    const d = rows(data, 0, 32);
    const seen: [number, number][] = [];
    const sched = new LearningRateScheduler((epoch, lr) => {
      seen.push([epoch, lr]);
      return epoch === 0 ? lr : epoch === 1 ? lr / 2 : 0;
    });
    let beforeLast: Record<string, Tensor> | null = null;
    const snap: Callback = { onEpochEnd: (e, _l, ctx) => void (e === 1 ? (beforeLast = ctx.model.stateDict()) : undefined) };
    const h = await model.fit(d.xNhwc, d.y, { batchSize: 16, epochs: 3, callbacks: [sched, snap], verbose: 0 });
    assert.deepEqual(h.history['lr'], [1e-3, 5e-4, 0]);
    assert.deepEqual(seen, [[0, 1e-3], [1, 1e-3], [2, 5e-4]]);
    assert.equal(model.getOptimizer()!.lr, 0);
    // With lr 0 in the last epoch, the weights did not move.
    assert.ok(beforeLast);
    const snapWeights: Record<string, Tensor> = beforeLast;
    for (const [name, p] of model.namedParameters()) assert.equal(maxAbsDiff(p, snapWeights[name]!), 0, name);
  });

  it('LearningRateScheduler (PyTorch StepLR) steps once per epoch', async () => {
    const model = kerasCnn().build();
    const opt = new Adam(model.parameters(), { lr: 1e-2 });
    model.compile({ optimizer: opt, loss: 'sparse_categorical_crossentropy', fromLogits: true });
    const d = rows(data, 0, 32);
    const h = await model.fit(d.xNhwc, d.y, { batchSize: 16, epochs: 3, callbacks: [new LearningRateScheduler(new StepLR(opt, { stepSize: 1, gamma: 0.1 }))], verbose: 0 });
    const lrs = h.history['lr']!;
    assert.equal(lrs.length, 3);
    [1e-2, 1e-3, 1e-4].forEach((v, i) => assert.ok(Math.abs(lrs[i]! - v) < 1e-12, `epoch ${i}: lr ${lrs[i]} vs ${v}`));
    assert.ok(Math.abs(opt.lr - 1e-5) < 1e-15);
  });
});

describe("compile({ optimizer: 'sgd' }) uses Keras' default learning rate", () => {
  it('is SGD with lr 0.01, as tf.keras.optimizers.SGD()', async () => {
    manualSeed(0);
    const model = sequential([layers.Flatten({ inputShape: [2, 2, 1] }), layers.Dense(2)]);
    model.compile({ optimizer: 'sgd', loss: 'mse' });
    const x = fromTypedArray(new Float32Array([1, 2, 3, 4, 5, 6, 7, 8]), [2, 2, 2, 1]);
    const y = fromTypedArray(new Float32Array([1, 0, 0, 1]), [2, 2]);
    await model.fit(x, y, { epochs: 1, batchSize: 2, verbose: 0 });
    const opt = Reflect.get(model, 'optimizer');
    assert.ok(opt instanceof SGD);
    assert.equal(opt.paramGroups[0]!.lr, 0.01);
  });
});
