/**
 * Turning samples into batches: stacking per-sample tensors (any dataset), and copying rows out of
 * contiguous arrays (the fast path for datasets that expose them).
 */
import { fromTypedArray, type Tensor } from '../tensor/tensor.js';
import { allocArray, type DType, type TypedArray } from '../engine/dtype.js';
import type { ImageSample, TensorSample } from './dataset.js';

/** What a DataLoader can batch: labelled images or (x, y) tensor pairs. */
export type LoaderSample = ImageSample | TensorSample;

/** A batch before the input transform: x [B, ...sample shape], y [B, ...] (int32 [B] for class labels). */
export interface RawBatch {
  readonly x: Tensor;
  readonly y: Tensor;
}

/** Samples as contiguous row-major arrays: row i of `x` is [...xShape], row i of `y` is [...yShape]. */
export interface RowSource {
  readonly x: TypedArray;
  readonly xShape: readonly number[];
  readonly xDtype: DType;
  readonly y: TypedArray;
  readonly yShape: readonly number[];
  readonly yDtype: DType;
}

/** Stacks `samples` along a new axis 0; numeric labels become int32 [B]. All samples must agree in shape. */
export function collateSamples(samples: readonly LoaderSample[]): RawBatch {
  if (samples.length === 0) throw new Error('collate: empty batch');
  const first = samples[0]!;
  if ('image' in first) {
    const images = samples.map((s) => ('image' in s ? s.image : mixed()));
    const labels = Int32Array.from(samples, (s) => ('label' in s ? s.label : mixed()));
    return { x: stack(images), y: fromTypedArray(labels, [labels.length], 'int32') };
  }
  const xs = samples.map((s) => ('x' in s ? s.x : mixed()));
  const ys = samples.map((s) => ('y' in s ? s.y : mixed()));
  return { x: stack(xs), y: stack(ys) };
}

/** Copies rows `order[start..end)` (mapped through `index` when given) of `src` into one batch. */
export function gatherRows(src: RowSource, order: Int32Array, start: number, end: number, index: Int32Array | null): RawBatch {
  const b = end - start;
  const xLen = src.xShape.reduce((p, d) => p * d, 1);
  const yLen = src.yShape.reduce((p, d) => p * d, 1);
  const x = allocArray(src.xDtype, b * xLen);
  const y = allocArray(src.yDtype, b * yLen);
  for (let k = 0; k < b; k++) {
    const pos = order[start + k]!;
    const r = index === null ? pos : index[pos]!;
    x.set(src.x.subarray(r * xLen, (r + 1) * xLen), k * xLen);
    if (yLen === 1) y[k] = src.y[r]!;
    else y.set(src.y.subarray(r * yLen, (r + 1) * yLen), k * yLen);
  }
  return { x: fromTypedArray(x, [b, ...src.xShape], src.xDtype), y: fromTypedArray(y, [b, ...src.yShape], src.yDtype) };
}

function stack(ts: readonly Tensor[]): Tensor {
  const { shape, dtype } = ts[0]!;
  const n = ts[0]!.size;
  const out = allocArray(dtype, ts.length * n);
  ts.forEach((t, k) => {
    if (t.dtype !== dtype || t.size !== n || t.rank !== shape.length || t.shape.some((d, i) => d !== shape[i]))
      throw new Error(`collate: sample ${k} is ${t.dtype} [${t.shape.join(', ')}], sample 0 is ${dtype} [${shape.join(', ')}]`);
    out.set(t.dataView(), k * n);
  });
  return fromTypedArray(out, [ts.length, ...shape], dtype);
}

function mixed(): never {
  throw new Error('collate: a batch mixes { image, label } samples with { x, y } samples');
}
