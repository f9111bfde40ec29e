/** Where height, width and channels are in an image tensor: uint8 [H, W, C] or float32 [C, H, W] / [N, C, H, W]. */
import { formatShape, hasRank } from '../../engine/shape.js';
import type { Tensor } from '../../tensor/tensor.js';

export interface ImageAxes {
  h: number;
  w: number;
  c: number;
  /** Axis indices in the tensor. */
  hAxis: number;
  wAxis: number;
  cAxis: number;
}

/** The axes of an image tensor; `op` names the caller in the error for any other shape or dtype. */
export function imageAxes(t: Tensor, op: string): ImageAxes {
  const s = t.shape;
  if (t.dtype === 'uint8' && hasRank(s, 3)) {
    const [h, w, c] = s;
    return { h, w, c, hAxis: 0, wAxis: 1, cAxis: 2 };
  }
  if (t.dtype === 'float32' && hasRank(s, 3)) {
    const [c, h, w] = s;
    return { h, w, c, hAxis: 1, wAxis: 2, cAxis: 0 };
  }
  if (t.dtype === 'float32' && hasRank(s, 4)) {
    const [, c, h, w] = s;
    return { h, w, c, hAxis: 2, wAxis: 3, cAxis: 1 };
  }
  throw new Error(`${op}: expected uint8 [H, W, C] or float32 [C, H, W] / [N, C, H, W], got ${t.dtype} ${formatShape(s)}`);
}
