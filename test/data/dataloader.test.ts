/** DataLoader: batching, dropLast, seeded shuffling, resumption, the fast path, transforms and datasets. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fromTypedArray } from '../../src/tensor/tensor.js';
import { Generator, manualSeed } from '../../src/tensor/random.js';
import { DataLoader, type Batch } from '../../src/data/dataloader.js';
import { TensorDataset, type Dataset, type ImageSample } from '../../src/data/dataset.js';
import { randomSplit, subset } from '../../src/data/subset.js';
import { normalize } from '../../src/data/transforms.js';
import { FashionMNIST } from '../../src/data/mnist.js';
import { haveShared, sharedFashionDir } from './helpers.js';

/** x [n, 2] float32 with row i = [i, 10 i], y int32 [n] = i. */
function counting(n: number): TensorDataset {
  const x = Float32Array.from({ length: 2 * n }, (_, k) => (k % 2 === 0 ? k / 2 : 5 * k - 5));
  return new TensorDataset(fromTypedArray(x, [n, 2], 'float32'), fromTypedArray(Int32Array.from({ length: n }, (_, i) => i), [n], 'int32'));
}

const ys = (batches: Batch[]): number[][] => batches.map((b) => Array.from(b.y.dataView()));

test('batches in order; the last batch is smaller unless dropLast', () => {
  const ds = counting(10);
  const loader = new DataLoader(ds, { batchSize: 4 });
  assert.equal(loader.length, 3);
  const batches = [...loader];
  assert.deepEqual(ys(batches), [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]);
  assert.deepEqual(batches[0]!.x.shape, [4, 2]);
  assert.deepEqual(batches[2]!.x.shape, [2, 2]);
  assert.deepEqual(Array.from(batches[2]!.x.dataView()), [8, 80, 9, 90]);
  assert.equal(batches[0]!.y.dtype, 'int32');
  const dropped = new DataLoader(ds, { batchSize: 4, dropLast: true });
  assert.equal(dropped.length, 2);
  assert.deepEqual(ys([...dropped]), [[0, 1, 2, 3], [4, 5, 6, 7]]);
  assert.equal([...new DataLoader(ds, { batchSize: 20, dropLast: true })].length, 0);
  assert.equal([...new DataLoader(counting(0), { batchSize: 3 })].length, 0);
  assert.throws(() => new DataLoader(ds, { batchSize: 0 }), /batchSize/);
});

test('seeded shuffling is reproducible; each epoch is a new permutation', () => {
  const ds = counting(50);
  const run = (seed: number): number[][] => {
    const loader = new DataLoader(ds, { batchSize: 8, shuffle: true, generator: new Generator(seed) });
    return [...loader, ...loader].map((b) => Array.from(b.y.dataView()));
  };
  const a = run(42);
  assert.deepEqual(a, run(42));
  assert.notDeepEqual(a, run(43));
  const epoch1 = a.slice(0, 7).flat();
  const epoch2 = a.slice(7).flat();
  assert.deepEqual([...epoch1].sort((p, q) => p - q), Array.from({ length: 50 }, (_, i) => i));
  assert.deepEqual([...epoch2].sort((p, q) => p - q), Array.from({ length: 50 }, (_, i) => i));
  assert.notDeepEqual(epoch1, epoch2);
  assert.notDeepEqual(epoch1, Array.from({ length: 50 }, (_, i) => i));
});

test('without a generator, manualSeed on the global generator makes shuffling reproducible', () => {
  const ds = counting(30);
  manualSeed(7);
  const a = ys([...new DataLoader(ds, { batchSize: 30, shuffle: true })]);
  manualSeed(7);
  const b = ys([...new DataLoader(ds, { batchSize: 30, shuffle: true })]);
  assert.deepEqual(a, b);
});

test('epoch counter and mid-epoch resumption from the saved generator state', () => {
  const ds = counting(40);
  const gen = new Generator(3);
  const loader = new DataLoader(ds, { batchSize: 6, shuffle: true, generator: gen });
  assert.equal(loader.epoch, 0);
  [...loader];
  assert.equal(loader.epoch, 1);
  const state = gen.getState();
  const full = ys([...loader]);
  assert.equal(loader.epoch, 2);
  const resumedGen = new Generator(999);
  resumedGen.setState(state);
  const resumed = new DataLoader(ds, { batchSize: 6, shuffle: true, generator: resumedGen });
  assert.deepEqual(ys([...resumed.iterate(3)]), full.slice(3));
  assert.deepEqual(ys([...resumed]), ys([...loader]), 'later epochs stay in step');
});

test('image datasets: x float32 [B, 1, 28, 28] scaled to [0, 1], y int32 [B], via the fast path', () => {
  const ds = FashionMNIST.shipped({ train: false });
  const loader = new DataLoader(ds, { batchSize: 64, shuffle: true, generator: new Generator(1) });
  assert.ok(loader.fastPath);
  assert.equal(loader.length, 16);
  const gen = new Generator(1);
  const order = gen.permutation(ds.length);
  const first = loader.iterate().next().value as Batch;
  assert.deepEqual(first.x.shape, [64, 1, 28, 28]);
  assert.equal(first.x.dtype, 'float32');
  assert.deepEqual(first.y.shape, [64]);
  assert.equal(first.y.dtype, 'int32');
  const x = first.x.dataView();
  for (let k = 0; k < 64; k++) {
    const i = order[k]!;
    assert.equal(first.y.dataView()[k], ds.labels[i]);
    for (let p = 0; p < 784; p += 97) assert.equal(x[k * 784 + p], Math.fround(ds.images[i * 784 + p]! / 255));
  }
  let max = 0;
  for (const v of x) max = Math.max(max, v);
  assert.ok(max <= 1 && max > 0.9);
});

test('the per-sample path gives the same batches as the fast path (also through subsets)', () => {
  const ds = FashionMNIST.shipped({ train: false });
  const plain: Dataset<ImageSample> = { length: ds.length, get: (i) => ds.get(i) };
  const opts = { batchSize: 50, shuffle: true };
  const fast = new DataLoader(ds, { ...opts, generator: new Generator(5) });
  const slow = new DataLoader(plain, { ...opts, generator: new Generator(5) });
  assert.ok(fast.fastPath && !slow.fastPath);
  const fb = [...fast];
  const sb = [...slow];
  assert.equal(fb.length, sb.length);
  fb.forEach((b, i) => {
    assert.deepEqual(sb[i]!.x.shape, b.x.shape);
    assert.ok(Buffer.from(b.x.dataView().buffer).equals(Buffer.from(sb[i]!.x.dataView().buffer)));
    assert.deepEqual(Array.from(sb[i]!.y.dataView()), Array.from(b.y.dataView()));
  });
  const idx = [999, 0, 500, 3, 3];
  const sub = subset(subset(ds, [...Array(1000).keys()].reverse()), idx);
  const subLoader = new DataLoader(sub, { batchSize: 5 });
  assert.ok(subLoader.fastPath);
  const [b] = [...subLoader];
  assert.deepEqual(Array.from(b!.y.dataView()), idx.map((i) => ds.labels[999 - i]!));
  const plainSub = new DataLoader(subset(plain, idx.map((i) => 999 - i)), { batchSize: 5 });
  const [pb] = [...plainSub];
  assert.deepEqual(Array.from(pb!.x.dataView()), Array.from(b!.x.dataView()));
});

test('transform overrides the default scaling (normalize, identity)', () => {
  const ds = FashionMNIST.shipped({ train: false });
  const [raw] = [...new DataLoader(subset(ds, [0, 1]), { batchSize: 2, transform: (x) => x })];
  assert.equal(raw!.x.dtype, 'uint8');
  const [norm] = [...new DataLoader(subset(ds, [0, 1]), { batchSize: 2, transform: normalize(0.5, 0.25) })];
  const r = raw!.x.dataView();
  const n = norm!.x.dataView();
  for (let i = 0; i < r.length; i += 37) assert.ok(Math.abs(n[i]! - (r[i]! / 255 - 0.5) / 0.25) < 1e-5);
  assert.throws(() => normalize([0.1, 0.2], [1])(raw!.x), /2 means but 1 stds/);
});

test('TensorDataset, subset and randomSplit', () => {
  const ds = counting(10);
  const s = ds.get(3);
  assert.deepEqual(Array.from(s.x.dataView()), [3, 30]);
  assert.deepEqual(s.y.shape, []);
  assert.equal(s.y.item(), 3);
  assert.throws(() => ds.get(10), RangeError);
  assert.throws(() => new TensorDataset(fromTypedArray(new Float32Array(4), [4]), fromTypedArray(new Int32Array(3), [3])), /axis 0/);
  const sub = subset(ds, [9, 2]);
  assert.equal(sub.length, 2);
  assert.equal(sub.get(0).y.item(), 9);
  assert.throws(() => subset(ds, [10]), RangeError);
  const [a, b, c] = randomSplit(ds, [5, 3, 2], new Generator(0));
  assert.deepEqual([a!.length, b!.length, c!.length], [5, 3, 2]);
  const all = [a!, b!, c!].flatMap((p) => Array.from(p.indices)).sort((p, q) => p - q);
  assert.deepEqual(all, [...Array(10).keys()]);
  const fr = randomSplit(ds, [0.75, 0.25], new Generator(0));
  assert.deepEqual(fr.map((p) => p.length), [8, 2]);
  assert.throws(() => randomSplit(ds, [4, 4]), /must sum/);
  const again = randomSplit(ds, [5, 3, 2], new Generator(0));
  assert.deepEqual(Array.from(again[0]!.indices), Array.from(a!.indices));
});

test('a 60,000-image epoch is cheap on the fast path', { skip: !haveShared && 'no ../shared/data' }, () => {
  const ds = new FashionMNIST({ root: sharedFashionDir, train: true });
  const loader = new DataLoader(ds, { batchSize: 128, shuffle: true, generator: new Generator(0) });
  const t0 = performance.now();
  let seen = 0;
  for (const { y } of loader) seen += y.size;
  const ms = performance.now() - t0;
  assert.equal(seen, 60000);
  console.log(`# one epoch of 60000 images, batch 128: ${ms.toFixed(0)} ms`);
  assert.ok(ms < 5000, `${ms} ms`);
});
