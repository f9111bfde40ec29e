/**
 * Turning samples into batches. A `Collate<S, B>` maps a list of samples to one batch; the DataLoader's
 * default stacks `{ image, label }` or `{ x, y }` samples into `{ x, y }` (copying rows straight out of
 * contiguous arrays where the dataset has them). The building blocks here stack tensors and numbers, pad
 * variable-length sequences (with lengths and a mask) or keep lists, and the ready-made collates for
 * detection, segmentation and captioning samples are built from them.
 */
import { fromTypedArray, Tensor } from '../tensor/tensor.js';
import { allocArray, type DType, type TypedArray } from '../engine/dtype.js';
import { formatShape } from '../engine/shape.js';
import { elementAt } from './dataset.js';
import type { BoxTarget, CaptionSample, DetectionSample, ImageSample, SegmentationSample, TensorSample } from './dataset.js';

/** Samples → one batch. */
export type Collate<S, B> = (samples: readonly S[]) => B;

/** What the default collate batches: labelled images or (x, y) tensor pairs. */
export type LoaderSample = ImageSample | TensorSample;

/**
 * The default batch: x [B, ...sample shape] and y [B, ...] (int32 [B] for class labels). For image
 * datasets the DataLoader's transform has turned x into float32 [B, C, H, W].
 */
export interface Batch {
  readonly x: Tensor;
  readonly y: Tensor;
}

/** A batch before the input transform (same shape as {@link Batch}). */
export type RawBatch = Batch;

/** Samples as contiguous row-major arrays: row i of `x` is [...xShape], row i of `y` is [...yShape]. */
export interface RowSource {
  readonly x: TypedArray;
  readonly xShape: readonly number[];
  readonly xDtype: DType;
  readonly y: TypedArray;
  readonly yShape: readonly number[];
  readonly yDtype: DType;
}

/** Rows of a batch still as typed arrays (before upload). */
export interface RowArrays {
  readonly x: TypedArray;
  readonly y: TypedArray;
  /** Rows in the batch. */
  readonly rows: number;
}

function isImageSample(s: unknown): s is ImageSample {
  return typeof s === 'object' && s !== null && 'image' in s && s.image instanceof Tensor && 'label' in s && typeof s.label === 'number';
}

function isTensorSample(s: unknown): s is TensorSample {
  return typeof s === 'object' && s !== null && 'x' in s && s.x instanceof Tensor && 'y' in s && s.y instanceof Tensor;
}

function describeSample(s: unknown): string {
  return typeof s === 'object' && s !== null ? `{ ${Object.keys(s).join(', ')} }` : String(s);
}

/**
 * The default collate: stacks `{ image, label }` samples into x [B, ...image] and int32 labels y [B], or
 * `{ x, y }` samples into x [B, ...] and y [B, ...]. All samples must be of one kind and agree in shape;
 * other samples need a `collate` of their own (the error says so).
 */
export function collateSamples(samples: readonly unknown[]): Batch {
  if (samples.length === 0) throw new Error('collate: empty batch');
  const first = samples[0];
  if (isImageSample(first)) {
    const images = samples.map((s, i) => (isImageSample(s) ? s.image : mixed(i, s, '{ image, label }')));
    const labels = Int32Array.from(samples, (s, i) => (isImageSample(s) ? s.label : mixed(i, s, '{ image, label }')));
    return { x: stackTensors(images), y: fromTypedArray(labels, [labels.length], 'int32') };
  }
  if (isTensorSample(first)) {
    const xs = samples.map((s, i) => (isTensorSample(s) ? s.x : mixed(i, s, '{ x, y }')));
    const ys = samples.map((s, i) => (isTensorSample(s) ? s.y : mixed(i, s, '{ x, y }')));
    return { x: stackTensors(xs), y: stackTensors(ys) };
  }
  throw new Error(
    `collate: the default collate batches { image, label } or { x, y } samples, got ${describeSample(first)}; give the DataLoader a collate function (e.g. detectionCollate, padSequences)`,
  );
}

function mixed(i: number, s: unknown, expected: string): never {
  throw new Error(`collate: sample ${i} is ${describeSample(s)}, sample 0 is ${expected} (a batch cannot mix kinds)`);
}

/** Copies rows `order[start..end)` (mapped through `index` when given) of `src` into fresh arrays. */
export function gatherRowArrays(src: RowSource, order: Int32Array, start: number, end: number, index: Int32Array | null): RowArrays {
  const b = end - start;
  const xLen = src.xShape.reduce((p, d) => p * d, 1);
  const yLen = src.yShape.reduce((p, d) => p * d, 1);
  const x = allocArray(src.xDtype, b * xLen);
  const y = allocArray(src.yDtype, b * yLen);
  order.subarray(start, end).forEach((pos, k) => {
    const r = index === null ? pos : elementAt(index, pos, 'gatherRows');
    x.set(src.x.subarray(r * xLen, (r + 1) * xLen), k * xLen);
    if (yLen === 1) y[k] = elementAt(src.y, r, 'gatherRows: labels');
    else y.set(src.y.subarray(r * yLen, (r + 1) * yLen), k * yLen);
  });
  return { x, y, rows: b };
}

/** {@link gatherRowArrays} as tensors: x [b, ...xShape], y [b, ...yShape]. */
export function gatherRows(src: RowSource, order: Int32Array, start: number, end: number, index: Int32Array | null): RawBatch {
  const { x, y, rows } = gatherRowArrays(src, order, start, end, index);
  return { x: fromTypedArray(x, [rows, ...src.xShape], src.xDtype), y: fromTypedArray(y, [rows, ...src.yShape], src.yDtype) };
}

/** Stacks tensors of one shape and dtype along a new axis 0: [B, ...shape]. */
export function stackTensors(ts: readonly Tensor[], what = 'collate'): Tensor {
  const [first] = ts;
  if (first === undefined) throw new Error(`${what}: expected at least one sample to stack, got none`);
  const { shape, dtype } = first;
  const n = first.size;
  const out = allocArray(dtype, ts.length * n);
  ts.forEach((t, k) => {
    if (t.dtype !== dtype || t.size !== n || t.rank !== shape.length || t.shape.some((d, i) => d !== shape[i]))
      throw new Error(`${what}: sample ${k} is ${t.dtype} ${formatShape(t.shape)}, sample 0 is ${dtype} ${formatShape(shape)}`);
    out.set(t.dataView(), k * n);
  });
  return fromTypedArray(out, [ts.length, ...shape], dtype);
}

/** Class indices (integers) as int32 [B]. */
export function stackLabels(values: readonly number[], what = 'collate'): Tensor {
  const bad = values.findIndex((v) => !Number.isInteger(v));
  if (bad >= 0) throw new Error(`${what}: label ${values[bad]} of sample ${bad} is not an integer`);
  return fromTypedArray(Int32Array.from(values), [values.length], 'int32');
}

/** Numbers (regression targets, weights) as float32 [B]. */
export function stackFloats(values: readonly number[]): Tensor {
  return fromTypedArray(Float32Array.from(values), [values.length], 'float32');
}

/** Sequences of different lengths as one padded batch. */
export interface PaddedSequences {
  /** [B, L, ...item shape], sequence b in rows 0..lengths[b]-1 and `value` after it; L = the longest (or `maxLength`). */
  values: Tensor;
  /** int32 [B]: each sequence's length (after truncation to `maxLength`). */
  lengths: Tensor;
  /** bool [B, L]: true at real positions, false at padding. */
  mask: Tensor;
}

/** Options of {@link padSequences}. */
export interface PadOptions {
  /** Fill of the padding (default 0, e.g. a `<pad>` token id). */
  value?: number;
  /** Pad (and truncate) to exactly this length instead of the longest sequence's. */
  maxLength?: number;
}

/**
 * Pads sequences [Lᵢ, ...item] (one dtype and item shape, any lengths, Lᵢ ≥ 0) at the end to a common
 * length, like `torch.nn.utils.rnn.pad_sequence(batch_first=True)`, and returns their lengths and mask.
 */
export function padSequences(seqs: readonly Tensor[], opts: PadOptions = {}): PaddedSequences {
  const [first] = seqs;
  if (first === undefined) throw new Error('padSequences: expected at least one sequence, got none');
  if (first.rank < 1) throw new Error(`padSequences: sequences need at least one axis, got ${formatShape(first.shape)}`);
  const item = first.shape.slice(1);
  const itemSize = item.reduce((a, b) => a * b, 1);
  const sized = seqs.map((s, k) => {
    const length = s.shape[0];
    if (length === undefined || s.dtype !== first.dtype || s.rank !== first.rank || s.shape.some((d, i) => i > 0 && d !== first.shape[i]))
      throw new Error(`padSequences: sequence ${k} is ${s.dtype} ${formatShape(s.shape)}, sequence 0 is ${first.dtype} [L${item.map((d) => `, ${d}`).join('')}]`);
    return { s, length };
  });
  const longest = Math.max(...sized.map((q) => q.length));
  const len = opts.maxLength ?? longest;
  if (!Number.isInteger(len) || len < 0) throw new Error(`padSequences: maxLength must be an integer ≥ 0, got ${opts.maxLength}`);
  const values = allocArray(first.dtype, seqs.length * len * itemSize);
  if (opts.value) values.fill(opts.value);
  const lengths = new Int32Array(seqs.length);
  const mask = new Uint8Array(seqs.length * len);
  sized.forEach(({ s, length }, b) => {
    const l = Math.min(length, len);
    lengths[b] = l;
    values.set(s.dataView().subarray(0, l * itemSize), b * len * itemSize);
    mask.fill(1, b * len, b * len + l);
  });
  return {
    values: fromTypedArray(values, [seqs.length, len, ...item], first.dtype),
    lengths: fromTypedArray(lengths, [seqs.length], 'int32'),
    mask: fromTypedArray(mask, [seqs.length, len], 'bool'),
  };
}

/** A detection batch: the images as a list (their sizes may differ) and one box target per image. */
export interface DetectionBatch {
  images: Tensor[];
  targets: BoxTarget[];
}

/** Keeps detection samples as lists (torchvision's `collate_fn=lambda b: tuple(zip(*b))`). */
export function detectionCollate(samples: readonly DetectionSample[]): DetectionBatch {
  return { images: samples.map((s) => s.image), targets: samples.map((s) => s.target) };
}

/** A segmentation batch: images [B, C, H, W] and masks int32 [B, H, W]. */
export interface SegmentationBatch {
  x: Tensor;
  masks: Tensor;
}

/** Stacks segmentation samples (all images, and all masks, of one size). */
export function segmentationCollate(samples: readonly SegmentationSample[]): SegmentationBatch {
  return { x: stackTensors(samples.map((s) => s.image), 'segmentationCollate'), masks: stackTensors(samples.map((s) => s.mask), 'segmentationCollate') };
}

/** A captioning batch: images [B, C, H, W] and the padded token sequences. */
export interface CaptionBatch {
  x: Tensor;
  tokens: PaddedSequences;
}

/** Stacks the images and pads the token sequences (with `opts.value`, default 0). */
export function captionCollate(opts: PadOptions = {}): Collate<CaptionSample, CaptionBatch> {
  return (samples) => ({ x: stackTensors(samples.map((s) => s.image), 'captionCollate'), tokens: padSequences(samples.map((s) => s.tokens), opts) });
}
