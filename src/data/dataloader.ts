/**
 * Batches a dataset for training, like `torch.utils.data.DataLoader` (single process, synchronous).
 */
import { defaultGenerator, type Generator } from '../tensor/random.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Dataset } from './dataset.js';
import { resolveRows, type ResolvedRows } from './bulk.js';
import { collateSamples, gatherRows, type LoaderSample, type RawBatch } from './collate.js';
import { toUnitFloat, type BatchTransform } from './transforms.js';
import { yieldToEventLoop } from '../tensor/yield.js';

export interface DataLoaderOptions {
  /** Samples per batch (default 1). */
  batchSize?: number;
  /** Visit samples in a fresh random order each epoch (default false). */
  shuffle?: boolean;
  /** Skip the last batch when it would be smaller than `batchSize` (default false). */
  dropLast?: boolean;
  /** Source of the shuffling permutations (default: the global generator that `manualSeed` seeds). */
  generator?: Generator;
  /**
   * Maps the collated input to the yielded `x`. Default `toUnitFloat`: uint8 pixels become float32 in
   * [0, 1]. Use `normalize(mean, std)` to standardise, or `(x) => x` to keep the raw pixels.
   */
  transform?: BatchTransform;
}

/**
 * One batch. For image datasets `x` is float32 [B, C, H, W] (after the transform; [B, 1, 28, 28] for the
 * MNIST family) and `y` int32 [B] class labels. For a TensorDataset, x [B, ...] and y [B, ...] keep
 * their dtypes (except that the transform applies to x).
 */
export interface Batch {
  readonly x: Tensor;
  readonly y: Tensor;
}

/**
 * Iterates `dataset` in batches: `for (const { x, y } of loader)` is one epoch. When shuffling, each
 * epoch draws one permutation from the generator at its start, so seeding the generator (or restoring
 * its state, see `Generator.getState`) reproduces the order; `iterate(startBatch)` resumes an epoch
 * part-way. Datasets that expose contiguous arrays (MNIST-style `images`/`labels`, TensorDataset, and
 * Subsets of them) are batched by copying rows, without one tensor per sample.
 */
export class DataLoader<T extends LoaderSample> implements Iterable<Batch> {
  readonly batchSize: number;
  readonly shuffle: boolean;
  readonly dropLast: boolean;
  readonly transform: BatchTransform;
  private readonly generator: Generator | null;
  private readonly rows: ResolvedRows | null;
  private epochsStarted = 0;

  constructor(
    readonly dataset: Dataset<T>,
    opts: DataLoaderOptions = {},
  ) {
    this.batchSize = opts.batchSize ?? 1;
    if (!Number.isInteger(this.batchSize) || this.batchSize < 1)
      throw new Error(`DataLoader: batchSize must be a positive integer, got ${opts.batchSize}`);
    this.shuffle = opts.shuffle ?? false;
    this.dropLast = opts.dropLast ?? false;
    this.generator = opts.generator ?? null;
    this.transform = opts.transform ?? toUnitFloat;
    this.rows = resolveRows(dataset);
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

  [Symbol.iterator](): IterableIterator<Batch> {
    return this.iterate(0);
  }

  /**
   * `for await (const { x, y } of loader)`: the same batches, with one turn of the event loop before
   * each, so that backends with their own heap (wasm) reclaim the previous step's memory even in a
   * hand-written loop. On the reference backend both forms behave the same.
   */
  async *[Symbol.asyncIterator](): AsyncIterableIterator<Batch> {
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
  iterate(startBatch = 0): IterableIterator<Batch> {
    if (!Number.isInteger(startBatch) || startBatch < 0) throw new Error(`DataLoader.iterate: bad startBatch ${startBatch}`);
    const n = this.dataset.length;
    const order = this.shuffle ? (this.generator ?? defaultGenerator).permutation(n) : identity(n);
    this.epochsStarted++;
    return this.batches(order, startBatch);
  }

  private *batches(order: Int32Array, startBatch: number): IterableIterator<Batch> {
    for (let b = startBatch; b < this.length; b++) {
      const start = b * this.batchSize;
      const end = Math.min(start + this.batchSize, order.length);
      const raw = this.collect(order, start, end);
      yield { x: this.transform(raw.x), y: raw.y };
    }
  }

  private collect(order: Int32Array, start: number, end: number): RawBatch {
    if (this.rows !== null) return gatherRows(this.rows.source, order, start, end, this.rows.index);
    const samples: T[] = [];
    for (let k = start; k < end; k++) samples.push(this.dataset.get(order[k]!));
    return collateSamples(samples);
  }
}

function identity(n: number): Int32Array {
  const a = new Int32Array(n);
  for (let i = 0; i < n; i++) a[i] = i;
  return a;
}
