/**
 * Conversions between images at the edges (uint8, channels last) and network tensors (float32 NCHW in [0, 1]),
 * and to grayscale. Browser-safe: no Node imports.
 */
import { formatShape, hasRank } from '../../engine/shape.js';
import { imageAxes } from './layout.js';
import type { Tensor } from '../../tensor/tensor.js';
import { fromTypedArray, tensor } from '../../tensor/tensor.js';

/** uint8 [H, W, C] → float32 [C, H, W], or [N, H, W, C] → [N, C, H, W]; values divided by 255 (so in [0, 1]). */
export function toFloatNCHW(image: Tensor): Tensor {
  if (image.dtype !== 'uint8' || (image.rank !== 3 && image.rank !== 4))
    throw new Error(`toFloatNCHW: expected uint8 [H, W, C] or [N, H, W, C], got ${image.dtype} ${formatShape(image.shape)}`);
  const f = image.cast('float32').div(255);
  return image.rank === 3 ? f.permute(2, 0, 1) : f.permute(0, 3, 1, 2);
}

/**
 * float32 [C, H, W] → uint8 [H, W, C], or [N, C, H, W] → [N, H, W, C]: x·255, clamped to [0, 255] and rounded to
 * nearest (halves up). (torchvision's `ToPILImage` truncates instead; rounding is the inverse of `toFloatNCHW`.)
 */
export function fromFloatNCHW(t: Tensor): Tensor {
  if (t.dtype !== 'float32' || (t.rank !== 3 && t.rank !== 4))
    throw new Error(`fromFloatNCHW: expected float32 [C, H, W] or [N, C, H, W], got ${t.dtype} ${formatShape(t.shape)}`);
  const hwc = t.rank === 3 ? t.permute(1, 2, 0) : t.permute(0, 2, 3, 1);
  const src = hwc.dataView();
  const out = new Uint8Array(src.length);
  for (let i = 0; i < src.length; i++) {
    const v = src[i]! * 255;
    out[i] = v >= 255 ? 255 : v > 0 ? Math.floor(v + 0.5) : 0; // NaN → 0
  }
  return fromTypedArray(out, hwc.shape, 'uint8');
}

/** ITU-R 601-2 luma weights, as PIL's `convert('L')`: L = 0.299 R + 0.587 G + 0.114 B. */
export const LUMA_WEIGHTS: readonly [number, number, number] = [0.299, 0.587, 0.114];

/**
 * Grayscale by ITU-R 601-2 luma.
 * - uint8 [H, W, C] → uint8 [H, W, 1], bit-exact with PIL's `convert('L')` (fixed point:
 *   (19595 R + 38470 G + 7471 B + 2^15) >> 16). C = 1: a copy; C = 2 (gray + alpha): the gray; C = 4: alpha dropped.
 * - float32 [C, H, W] / [N, C, H, W] with C = 1 or 3 → [1, H, W] / [N, 1, H, W] with the float weights (differentiable).
 */
export function toGrayscale(image: Tensor): Tensor {
  if (image.dtype === 'uint8' && hasRank(image.shape, 3)) {
    const [h, w, c] = image.shape;
    const src = image.dataView();
    const out = new Uint8Array(h * w);
    for (let i = 0; i < h * w; i++) {
      const p = i * c;
      out[i] = c >= 3 ? (src[p]! * 19595 + src[p + 1]! * 38470 + src[p + 2]! * 7471 + 0x8000) >> 16 : src[p]!;
    }
    return fromTypedArray(out, [h, w, 1], 'uint8');
  }
  if (image.dtype === 'float32' && (image.rank === 3 || image.rank === 4)) {
    const { c, cAxis } = imageAxes(image, 'toGrayscale');
    if (c === 1) return image;
    if (c === 3) {
      const shape = image.rank === 3 ? [3, 1, 1] : [1, 3, 1, 1];
      return image.mul(tensor([...LUMA_WEIGHTS], { shape })).sum(cAxis, true);
    }
  }
  throw new Error(`toGrayscale: expected uint8 [H, W, C] or float32 [C, H, W] / [N, C, H, W] with C 1 or 3, got ${image.dtype} ${formatShape(image.shape)}`);
}
