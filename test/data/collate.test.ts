/**
 * Samples with arbitrary targets and how they become batches: the default collate (class index, float
 * vector, mask targets), padding variable-length sequences, keeping lists for detection, the DataLoader's
 * `collate` option, and the row-copy fast path that uploads each batch once and reads nothing back.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fromTypedArray, tensor } from '../../src/tensor/tensor.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import { Generator } from '../../src/tensor/random.js';
import { DataLoader } from '../../src/data/dataloader.js';
import { TensorDataset } from '../../src/data/dataset.js';
import type { CaptionSample, Dataset, DetectionSample, SegmentationSample } from '../../src/data/dataset.js';
import {
  captionCollate, collateSamples, detectionCollate, padSequences, segmentationCollate, stackFloats, stackLabels,
} from '../../src/data/collate.js';
import type { DetectionBatch } from '../../src/data/collate.js';
import { subset } from '../../src/data/subset.js';
import { normalize, toUnitFloat } from '../../src/data/transforms.js';
import { FashionMNIST } from '../../src/data/mnist.js';
import { countReads } from '../helpers/read-counter.js';

const u8 = (values: number[], shape: number[]): Tensor => fromTypedArray(Uint8Array.from(values), shape, 'uint8');
const i32 = (values: number[], shape = [values.length]): Tensor => fromTypedArray(Int32Array.from(values), shape, 'int32');
const list = <T>(items: T[]): Dataset<T> => ({ length: items.length, get: (i) => items[i]! });

test('the default collate stacks class-index, float-vector and mask targets; other samples are told to bring a collate', () => {
  const images = [u8([1, 2, 3, 4], [1, 2, 2]), u8([5, 6, 7, 8], [1, 2, 2])];
  const byLabel = collateSamples(images.map((image, i) => ({ image, label: i + 3 })));
  assert.deepEqual(byLabel.x.shape, [2, 1, 2, 2]);
  assert.deepEqual(byLabel.y.toArray(), [3, 4]);
  assert.equal(byLabel.y.dtype, 'int32');
  const vectors = collateSamples([{ x: tensor([1, 2]), y: tensor([0.5, 0.25, 1]) }, { x: tensor([3, 4]), y: tensor([1, 2, 3]) }]);
  assert.deepEqual(vectors.y.shape, [2, 3]);
  assert.equal(vectors.y.dtype, 'float32');
  const masks = collateSamples([{ x: tensor([[1]]), y: i32([0, 1, 2, 0], [2, 2]) }, { x: tensor([[2]]), y: i32([1, 1, 0, 0], [2, 2]) }]);
  assert.deepEqual(masks.y.shape, [2, 2, 2]);
  assert.deepEqual(masks.y.toArray(), [0, 1, 2, 0, 1, 1, 0, 0]);
  assert.throws(() => collateSamples([{ image: images[0]!, boxes: tensor([[0, 0, 1, 1]]) }]), /the default collate batches \{ image, label \} or \{ x, y \} samples, got \{ image, boxes \}; give the DataLoader a collate function/);
  assert.throws(() => collateSamples([{ image: images[0]!, label: 0 }, { x: tensor([1]), y: tensor(1) }]), /sample 1 is \{ x, y \}, sample 0 is \{ image, label \}/);
  assert.throws(() => collateSamples([{ x: tensor([1]), y: tensor(1) }, { x: tensor([1, 2]), y: tensor(1) }]), /sample 1 is float32 \[2\], sample 0 is float32 \[1\]/);
  assert.deepEqual(stackLabels([2, 0]).toArray(), [2, 0]);
  assert.throws(() => stackLabels([1.5]), /label 1\.5 of sample 0 is not an integer/);
  assert.deepEqual(Array.from(stackFloats([0.5, 2]).dataView()), [0.5, 2]);
});

test('padSequences: token sequences of different lengths → values [B, L], lengths, mask; item shapes and maxLength', () => {
  const p = padSequences([i32([5, 6, 7]), i32([8]), i32([])], { value: -1 });
  assert.deepEqual(p.values.shape, [3, 3]);
  assert.deepEqual(p.values.tolist(), [[5, 6, 7], [8, -1, -1], [-1, -1, -1]]);
  assert.deepEqual(p.lengths.toArray(), [3, 1, 0]);
  assert.deepEqual(p.mask.tolist(), [[1, 1, 1], [1, 0, 0], [0, 0, 0]]);
  assert.equal(p.mask.dtype, 'bool');
  const feats = padSequences([tensor([[1, 2], [3, 4]]), tensor([[5, 6]])], { maxLength: 1 }); // [L, 2] items, truncated
  assert.deepEqual(feats.values.tolist(), [[[1, 2]], [[5, 6]]]);
  assert.deepEqual(feats.lengths.toArray(), [1, 1]);
  assert.throws(() => padSequences([tensor([[1, 2]]), tensor([[1, 2, 3]])]), /sequence 1 is float32 \[1, 3\], sequence 0 is float32 \[L, 2\]/);
});

test('a DataLoader with a collate: detection samples of different image sizes stay lists of images and box targets', () => {
  const samples: DetectionSample[] = [
    { image: u8(new Array(3 * 4 * 5).fill(1), [3, 4, 5]), target: { boxes: tensor([[0, 0, 2, 2], [1, 1, 4, 3]]), labels: i32([2, 7]) } },
    { image: u8(new Array(3 * 6 * 2).fill(2), [3, 6, 2]), target: { boxes: fromTypedArray(new Float32Array(0), [0, 4], 'float32'), labels: i32([]) } },
    { image: u8(new Array(3 * 2 * 2).fill(3), [3, 2, 2]), target: { boxes: tensor([[0, 0, 1, 1]]), labels: i32([1]) } },
  ];
  const loader = new DataLoader(list(samples), { batchSize: 2, collate: detectionCollate });
  const batches: DetectionBatch[] = [...loader];
  assert.equal(batches.length, 2);
  assert.deepEqual(batches[0]!.images.map((t) => t.shape), [[3, 4, 5], [3, 6, 2]]);
  assert.deepEqual(batches[0]!.targets.map((t) => t.labels.toArray()), [[2, 7], []]);
  assert.deepEqual(batches[1]!.targets[0]!.boxes.tolist(), [[0, 0, 1, 1]]);
  assert.equal(loader.fastPath, false);
});

test('segmentation and captioning collates; a shuffled collate loader follows the generator like the default one', () => {
  const seg: SegmentationSample[] = [0, 1, 2, 3].map((k) => ({ image: u8([k, k, k, k], [1, 2, 2]), mask: i32([k % 2, 0, 1, k % 3], [2, 2]) }));
  const [sb] = [...new DataLoader(list(seg), { batchSize: 4, collate: segmentationCollate })];
  assert.deepEqual(sb!.x.shape, [4, 1, 2, 2]);
  assert.deepEqual(sb!.masks.shape, [4, 2, 2]);
  const caps: CaptionSample[] = [[3, 4], [5], [6, 7, 8]].map((tokens, k) => ({ image: u8([k], [1, 1, 1]), tokens: i32(tokens) }));
  const [cb] = [...new DataLoader(list(caps), { batchSize: 3, collate: captionCollate({ value: 0 }) })];
  assert.deepEqual(cb!.tokens.values.tolist(), [[3, 4, 0], [5, 0, 0], [6, 7, 8]]);
  assert.deepEqual(cb!.tokens.lengths.toArray(), [2, 1, 3]);
  const order = (loader: Iterable<{ x: Tensor }>): number[] => [...loader].flatMap((b) => Array.from(b.x.dataView()));
  const plain = new TensorDataset(fromTypedArray(Uint8Array.from([0, 1, 2, 3, 4, 5]), [6, 1], 'uint8'), i32([0, 1, 2, 3, 4, 5]));
  const viaCollate = new DataLoader(plain, { batchSize: 2, shuffle: true, generator: new Generator(4), collate: (s) => collateSamples(s) });
  const viaDefault = new DataLoader(plain, { batchSize: 2, shuffle: true, generator: new Generator(4), transform: (x) => x });
  assert.deepEqual(order(viaCollate), order(viaDefault));
});

test('the fast path applies the built-in transforms before upload: batches are identical and iterating reads nothing', () => {
  const ds = subset(FashionMNIST.shipped({ train: false }), Array.from({ length: 96 }, (_, i) => i));
  const onDevice = (x: Tensor): Tensor => toUnitFloat(x); // the same arithmetic, applied to the uploaded tensor
  const std = normalize(0.2869, 0.3538);
  const viaTensor = (x: Tensor): Tensor => std(x);
  for (const [fast, slow] of [[toUnitFloat, onDevice], [std, viaTensor]] as const) {
    const a = [...new DataLoader(ds, { batchSize: 32, transform: fast })];
    const b = [...new DataLoader(ds, { batchSize: 32, transform: slow })];
    a.forEach((batch, i) => assert.ok(Buffer.from(batch.x.dataView().buffer).equals(Buffer.from(b[i]!.x.dataView().buffer)), `batch ${i}`));
  }
  const loader = new DataLoader(ds, { batchSize: 32, shuffle: true, transform: std });
  const c = countReads();
  try {
    let n = 0;
    for (const { x } of loader) n += x.shape[0]!;
    assert.equal(n, 96);
    assert.equal(c.reads, 0, 'no read while batching');
  } finally {
    c.restore();
  }
});
