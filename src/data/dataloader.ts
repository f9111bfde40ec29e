/**
 * Batches a dataset for training, like `torch.utils.data.DataLoader` (single process, synchronous).
 */
import { defaultGenerator, type Generator } from '../tensor/random.js';
import { fromTypedArray } from '../tensor/tensor.js';
import type { Dataset } from './dataset.js';
import { resolveRows, type ResolvedRows } from './bulk.js';
import { collateSamples, gatherRowArrays, type Batch, type Collate } from './collate.js';
import { toUnitFloat, type BatchTransform } from './transforms.js';
import { yieldToEventLoop } from '../tensor/yield.js';

export type { Batch, Collate } from './collate.js';

/** Options every DataLoader takes. */
export interface DataLoaderSettings {
  /** Samples per batch (default 1). */
  batchSize?: number;
  /** Visit samples in a fresh random order each epoch (default false). */
  shuffle?: boolean;
  /** Skip the last batch when it would be smaller than `batchSize` (default false). */
  dropLast?: boolean;
  /** Source of the shuffling permutations (default: the global generator that `manualSeed` seeds). */
  generator?: Generator;
}

/**
 * Options of a DataLoader. Without `collate`, samples `{ image, label }` or `{ x, y }` are stacked into
 * `{ x, y }` batches and `transform` maps x (default `toUnitFloat`: uint8 pixels become float32 in
 * [0, 1]; `normalize(mean, std)` standardises; `(x) => x` keeps the raw pixels). With `collate`, it alone
 * turns each list of samples into the batch (a transform belongs inside it).
 */
export interface DataLoaderOptions<S = unknown, B = Batch> extends DataLoaderSettings {
  /** Samples → batch (e.g. `detectionCollate`, `captionCollate()`, or your own). */
  collate?: Collate<S, B>;
  /** The default collate's input transform (not allowed with `collate`). */
  transform?: BatchTransform;
}

/**
 * The DataLoader's default batches as a `(order, start, end) => B` maker. The constructor's overloads
 * let `collate` be omitted only where B is `Batch`; TypeScript cannot carry that fact into the class
 * body, so this signature states it (its implementation makes `Batch`es).
 */
function defaultBatches<S, B>(dataset: Dataset<S>, rows: ResolvedRows | null, transform: BatchTransform): (order: Int32Array, start: number, end: number) => B;
function defaultBatches(dataset: Dataset<unknown>, rows: ResolvedRows | null, transform: BatchTransform): (order: Int32Array, start: number, end: number) => Batch {
  if (rows === null)
    return (order, start, end) => {
      const samples: unknown[] = [];
      for (const i of order.subarray(start, end)) samples.push(dataset.get(i));
      const raw = collateSamples(samples);
      return { x: transform(raw.x), y: raw.y };
    };
  const { source, index } = rows;
  const onHost = transform.onHost;
  return (order, start, end) => {
    const a = gatherRowArrays(source, order, start, end, index);
    const xShape = [a.rows, ...source.xShape];
    // A built-in transform runs on the copied rows before upload: one upload, no read back.
    const x = onHost ? fromTypedArray(onHost(a.x, xShape, source.xDtype), xShape, 'float32') : transform(fromTypedArray(a.x, xShape, source.xDtype));
    return { x, y: fromTypedArray(a.y, [a.rows, ...source.yShape], source.yDtype) };
  };
}

/**
 * Iterates `dataset` in batches: `for (const batch of loader)` is one epoch. Batches are `{ x, y }` by
 * default (for image datasets x float32 [B, C, H, W] after the transform, [B, 1, 28, 28] for the MNIST
 * family, and y int32 [B] class labels; for a TensorDataset x [B, ...] and y [B, ...] keep their dtypes
 * except that the transform applies to x), or whatever `collate` makes of the samples.
 *
 * When shuffling, each epoch draws one permutation from the generator at its start, so seeding the
 * generator (or restoring its state, see `Generator.getState`) reproduces the order; `iterate(startBatch)`
 * resumes an epoch part-way. Without `collate`, datasets that expose contiguous arrays (MNIST-style
 * `images`/`labels`, TensorDataset, and Subsets of them) are batched by copying rows, without one tensor
 * per sample.
 */
export class DataLoader<S = unknown, B = Batch> {
  readonly batchSize: number;
  readonly shuffle: boolean;
  readonly dropLast: boolean;
  /** The default collate's input transform (`toUnitFloat` unless given; unused with a custom `collate`). */
  readonly transform: BatchTransform;
  private readonly generator: Generator | null;
  private readonly rows: ResolvedRows | null;
  private readonly makeBatch: (order: Int32Array, start: number, end: number) => B;
  private epochsStarted = 0;

  /** Batches of `collate(samples)`. */
  constructor(dataset: Dataset<S>, opts: DataLoaderSettings & { collate: Collate<S, B>; transform?: undefined });
  /** Default `{ x, y }` batches of `{ image, label }` or `{ x, y }` samples. */
  constructor(dataset: Dataset<S>, opts?: DataLoaderSettings & { collate?: undefined; transform?: BatchTransform } & ([B] extends [Batch] ? unknown : never));
  constructor(
    readonly dataset: Dataset<S>,
    opts: DataLoaderOptions<S, B> = {},
  ) {
    this.batchSize = opts.batchSize ?? 1;
    if (!Number.isInteger(this.batchSize) || this.batchSize < 1)
      throw new Error(`DataLoader: batchSize must be a positive integer, got ${opts.batchSize}`);
    this.shuffle = opts.shuffle ?? false;
    this.dropLast = opts.dropLast ?? false;
    this.generator = opts.generator ?? null;
    this.transform = opts.transform ?? toUnitFloat;
    const collate = opts.collate;
    if (collate && opts.transform) throw new Error('DataLoader: give either collate or transform (a custom collate applies its own transforms)');
    this.rows = collate ? null : resolveRows(dataset);
    if (collate) {
      this.makeBatch = (order, start, end) => {
        const samples: S[] = [];
        for (const i of order.subarray(start, end)) samples.push(dataset.get(i));
        return collate(samples);
      };
    } else this.makeBatch = defaultBatches<S, B>(dataset, this.rows, this.transform);
  }

  /** Batches per epoch. */
  get length(): number {
    const n = this.dataset.length;
    return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
  }

  /** Epochs started so far: each `for … of` (or `iterate` call) starts one and adds 1. */
  get epoch(): number {
    return this.epochsStarted;
  }

  /** True when batches are cut from contiguous arrays rather than assembled from `get(i)`. */
  get fastPath(): boolean {
    return this.rows !== null;
  }

  [Symbol.iterator](): IterableIterator<B> {
    return this.iterate(0);
  }

  /**
   * `for await (const batch of loader)`: the same batches, with one turn of the event loop before
   * each, so that backends with their own heap (wasm) reclaim the previous step's memory even in a
   * hand-written loop. On the reference backend both forms behave the same.
   */
  async *[Symbol.asyncIterator](): AsyncIterableIterator<B> {
    for (const batch of this.iterate(0)) {
      await yieldToEventLoop();
      yield batch;
    }
  }

  /**
   * Starts an epoch now: draws its sample order (one permutation from the generator when shuffling) and
   * returns its batches from `startBatch` on. Skipped batches cost nothing, so restoring the generator
   * state saved before the epoch began and calling `iterate(k)` resumes a run after k batches exactly.
   */
  iterate(startBatch = 0): IterableIterator<B> {
    if (!Number.isInteger(startBatch) || startBatch < 0) throw new Error(`DataLoader.iterate: bad startBatch ${startBatch}`);
    const n = this.dataset.length;
    const order = this.shuffle ? (this.generator ?? defaultGenerator).permutation(n) : identity(n);
    this.epochsStarted++;
    return this.batches(order, startBatch);
  }

  private *batches(order: Int32Array, startBatch: number): IterableIterator<B> {
    for (let b = startBatch; b < this.length; b++) {
      const start = b * this.batchSize;
      yield this.makeBatch(order, start, Math.min(start + this.batchSize, order.length));
    }
  }
}

function identity(n: number): Int32Array {
  const a = new Int32Array(n);
  for (let i = 0; i < n; i++) a[i] = i;
  return a;
}
