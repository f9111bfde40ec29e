/**
 * Map-style datasets: a length and random access by index, like `torch.utils.data.Dataset`.
 */
import { fromTypedArray, type Tensor } from '../tensor/tensor.js';
import type { TypedArray } from '../engine/dtype.js';

/** A finite collection of samples indexed 0..length-1. */
export interface Dataset<T> {
  readonly length: number;
  get(i: number): T;
}

/** One labelled image: `image` is [C, H, W] (uint8 pixels for the MNIST family), `label` a class index. */
export interface ImageSample {
  readonly image: Tensor;
  readonly label: number;
}

/**
 * One (input, target) pair cut from tensors along axis 0. The target may be anything a tensor holds: a
 * class index (int32 []), a float vector (float32 [K], regression), a mask (int32 [H, W], segmentation).
 */
export interface TensorSample {
  readonly x: Tensor;
  readonly y: Tensor;
}

/** Objects in one image: `boxes` float32 [K, 4] as (x1, y1, x2, y2) in pixels, `labels` int32 [K] (K may be 0). */
export interface BoxTarget {
  readonly boxes: Tensor;
  readonly labels: Tensor;
}

/** A detection sample: an image [C, H, W] (sizes may differ between samples) and its boxes. */
export interface DetectionSample {
  readonly image: Tensor;
  readonly target: BoxTarget;
}

/** A segmentation sample: an image [C, H, W] and its class mask int32 [H, W]. */
export interface SegmentationSample {
  readonly image: Tensor;
  readonly mask: Tensor;
}

/** A captioning sample: an image [C, H, W] and its token ids int32 [L] (lengths differ between samples). */
export interface CaptionSample {
  readonly image: Tensor;
  readonly tokens: Tensor;
}

/**
 * An image-classification dataset that also exposes its samples as contiguous arrays, so a loader can
 * build batches by copying rows instead of creating one tensor per sample.
 */
export interface BulkImageDataset extends Dataset<ImageSample> {
  /** All pixels, row-major [N, ...imageShape] (the MNIST family stores [N, 28, 28]). */
  readonly images: Uint8Array;
  /** Class index of each sample, [N]. */
  readonly labels: Uint8Array | Int32Array;
  /** Shape of one sample's image as the loader yields it, [C, H, W] (e.g. [1, 28, 28]). */
  readonly imageShape: readonly number[];
}

function indexError(i: number, length: number, what: string): RangeError {
  return new RangeError(`${what}: index ${i} out of range [0, ${length})`);
}

/** Throws a RangeError unless `i` is an integer in [0, length). */
export function checkIndex(i: number, length: number, what: string): void {
  if (!Number.isInteger(i) || i < 0 || i >= length) throw indexError(i, length, what);
}

/** `values[i]`, or the RangeError of {@link checkIndex} when `i` is not an integer in [0, values.length). */
export function elementAt(values: TypedArray, i: number, what: string): number {
  const v = values[i]; // a typed array has an element exactly at the integers in [0, length)
  if (v === undefined) throw indexError(i, values.length, what);
  return v;
}

/**
 * Pairs `x` [N, ...] with `y` [N, ...]; sample `i` is `{ x: x[i], y: y[i] }` (y[i] is a scalar tensor when
 * `y` is 1-D). Both must have the same length along axis 0.
 */
export class TensorDataset implements Dataset<TensorSample> {
  readonly length: number;

  constructor(
    readonly x: Tensor,
    readonly y: Tensor,
  ) {
    const rows = x.shape[0];
    if (rows === undefined || y.rank === 0) throw new Error('TensorDataset: x and y need at least one axis');
    if (rows !== y.shape[0]) throw new Error(`TensorDataset: x has ${rows} rows but y has ${y.shape[0]} (axis 0 must match)`);
    this.length = rows;
  }

  get(i: number): TensorSample {
    checkIndex(i, this.length, 'TensorDataset.get');
    return { x: row(this.x, i), y: row(this.y, i) };
  }
}

/** Row `i` of `t` along axis 0, as a new tensor of shape t.shape[1:]. */
function row(t: Tensor, i: number): Tensor {
  const rowShape = t.shape.slice(1);
  const n = rowShape.reduce((a, b) => a * b, 1);
  const data: TypedArray = t.dataView().slice(i * n, (i + 1) * n);
  return fromTypedArray(data, rowShape, t.dtype);
}
