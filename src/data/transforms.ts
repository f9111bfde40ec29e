/**
 * Batch transforms: functions from the raw batch input (uint8 pixels [B, C, H, W] for image datasets)
 * to what the network consumes. They run on typed arrays directly, so they need no backend kernels.
 */
import { fromTypedArray, type Tensor } from '../tensor/tensor.js';

/** Maps a collated batch input to the tensor a loader yields. */
export type BatchTransform = (x: Tensor) => Tensor;

/**
 * The default transform: uint8 pixels become float32 in [0, 1] (divided by 255); int32 and bool become
 * float32 unchanged in value; float32 passes through. Shape is kept.
 */
export function toUnitFloat(x: Tensor): Tensor {
  if (x.dtype === 'float32') return x;
  const src = x.dataView();
  const out = new Float32Array(src.length);
  const scale = x.dtype === 'uint8' ? 1 / 255 : 1;
  for (let i = 0; i < src.length; i++) out[i] = src[i]! * scale;
  return fromTypedArray(out, x.shape, 'float32');
}

/**
 * Per-channel standardisation after `toUnitFloat`: for x [B, C, ...], out[:, c] = (x[:, c] - mean[c]) / std[c].
 * A single number applies to every channel. Example: `normalize(0.2860, 0.3530)` for Fashion-MNIST.
 */
export function normalize(mean: number | readonly number[], std: number | readonly number[]): BatchTransform {
  const means = typeof mean === 'number' ? [mean] : [...mean];
  const stds = typeof std === 'number' ? [std] : [...std];
  if (means.length !== stds.length) throw new Error(`normalize: ${means.length} means but ${stds.length} stds`);
  if (stds.some((s) => !(s > 0))) throw new Error(`normalize: std must be positive, got [${stds.join(', ')}]`);
  return (x: Tensor): Tensor => {
    if (x.rank < 2) throw new Error(`normalize: expected a batch [B, C, ...], got rank ${x.rank}`);
    const channels = x.shape[1]!;
    if (means.length !== 1 && means.length !== channels)
      throw new Error(`normalize: ${means.length} means for ${channels} channels`);
    const src = x.dataView();
    const scale = x.dtype === 'uint8' ? 1 / 255 : 1;
    const inner = x.shape.slice(2).reduce((a, b) => a * b, 1);
    const out = new Float32Array(src.length);
    for (let base = 0, c = 0; base < src.length; base += inner, c = (c + 1) % channels) {
      const m = means.length === 1 ? means[0]! : means[c]!;
      const inv = 1 / (stds.length === 1 ? stds[0]! : stds[c]!);
      for (let i = base; i < base + inner; i++) out[i] = (src[i]! * scale - m) * inv;
    }
    return fromTypedArray(out, x.shape, 'float32');
  };
}

/**
 * The transform a model config's `preprocessing` describes: `normalize(mean, std)` when it is set,
 * otherwise {@link toUnitFloat} (pixels / 255).
 */
export function preprocessingTransform(pre?: { mean: number; std: number }): BatchTransform {
  return pre ? normalize(pre.mean, pre.std) : toUnitFloat;
}
