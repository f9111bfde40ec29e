/**
 * Batch transforms: functions from the raw batch input (uint8 pixels [B, C, H, W] for image datasets)
 * to what the network consumes. They run on typed arrays directly, so they need no backend kernels; the
 * built-in ones also offer that arithmetic on a batch that is still a typed array (`onHost`), which the
 * DataLoader's row-copy path uses so that a batch is uploaded once and never read back.
 */
import { fromTypedArray, type Tensor } from '../tensor/tensor.js';
import type { DType, TypedArray } from '../engine/dtype.js';

/** The same transform on a batch held as a typed array: elements (row-major), shape and dtype → float32 elements. */
export type HostTransform = (data: TypedArray, shape: readonly number[], dtype: DType) => Float32Array;

/**
 * Maps a collated batch input to the tensor a loader yields. A transform may carry `onHost`, the same
 * arithmetic on typed arrays (bit-identical results), used where the batch has not been uploaded yet.
 */
export type BatchTransform = ((x: Tensor) => Tensor) & { readonly onHost?: HostTransform };

/** uint8 → value / 255 (computed in float64, stored as float32); int32 and bool unchanged in value; float32 as is. */
function unitFloatArray(src: TypedArray, dtype: DType): Float32Array {
  if (dtype === 'float32' && src instanceof Float32Array) return src;
  const out = new Float32Array(src.length);
  const scale = dtype === 'uint8' ? 1 / 255 : 1;
  for (let i = 0; i < src.length; i++) out[i] = src[i]! * scale;
  return out;
}

/**
 * The default transform: uint8 pixels become float32 in [0, 1] (divided by 255); int32 and bool become
 * float32 unchanged in value; float32 passes through. Shape is kept.
 */
export const toUnitFloat: BatchTransform = Object.assign(
  (x: Tensor): Tensor => (x.dtype === 'float32' ? x : fromTypedArray(unitFloatArray(x.dataView(), x.dtype), x.shape, 'float32')),
  { onHost: (data: TypedArray, _shape: readonly number[], dtype: DType): Float32Array => unitFloatArray(data, dtype) },
);

/**
 * Per-channel standardisation after `toUnitFloat`: for x [B, C, ...], out[:, c] = (x[:, c] - mean[c]) / std[c].
 * A single number (or a one-element list) applies to every channel. Example: `normalize(0.2860, 0.3530)`
 * for Fashion-MNIST, `normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])` for ImageNet RGB.
 */
export function normalize(mean: number | readonly number[], std: number | readonly number[]): BatchTransform {
  const means = typeof mean === 'number' ? [mean] : [...mean];
  const stds = typeof std === 'number' ? [std] : [...std];
  // One { mean, 1 / std } per entry; a list of one applies to every channel.
  const constants = Array.from({ length: Math.max(means.length, stds.length) }, (_, i) => {
    const m = means[i];
    const s = stds[i];
    if (m === undefined || s === undefined) throw new Error(`normalize: ${means.length} means but ${stds.length} stds`);
    return { m, inv: 1 / s };
  });
  if (stds.some((s) => !(s > 0))) throw new Error(`normalize: std must be positive, got [${stds.join(', ')}]`);
  const [only, ...more] = constants;
  const onHost = (src: TypedArray, shape: readonly number[], dtype: DType): Float32Array => {
    const channels = shape[1];
    if (channels === undefined) throw new Error(`normalize: expected a batch [B, C, ...], got rank ${shape.length}`);
    const perChannel = only !== undefined && more.length === 0 ? new Array<typeof only>(channels).fill(only) : constants;
    if (perChannel.length !== channels) throw new Error(`normalize: ${means.length} means for ${channels} channels`);
    const scale = dtype === 'uint8' ? 1 / 255 : 1;
    const inner = shape.slice(2).reduce((a, b) => a * b, 1);
    const out = new Float32Array(src.length);
    // Planes [b, c] one after another; src holds the shape's elements, so i < src.length.
    for (let base = 0; base < src.length; ) {
      for (const { m, inv } of perChannel) {
        for (let i = base; i < base + inner; i++) out[i] = (src[i]! * scale - m) * inv;
        base += inner;
      }
    }
    return out;
  };
  return Object.assign((x: Tensor): Tensor => fromTypedArray(onHost(x.dataView(), x.shape, x.dtype), x.shape, 'float32'), { onHost });
}

/** How raw pixels become a model's input: x = (p / 255 − mean[c]) / std[c] (one number per channel, or one for all). */
export interface Standardization {
  mean: number | readonly number[];
  std: number | readonly number[];
}

/**
 * The transform a model config's `preprocessing` describes: `normalize(mean, std)` when it is set,
 * otherwise {@link toUnitFloat} (pixels / 255).
 */
export function preprocessingTransform(pre?: Standardization | null): BatchTransform {
  return pre ? normalize(pre.mean, pre.std) : toUnitFloat;
}
