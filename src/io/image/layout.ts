/** Where height, width and channels are in an image tensor: uint8 [H, W, C] or float32 [C, H, W] / [N, C, H, W]. */
import { formatShape } from '../../engine/shape.js';
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
  if (t.dtype === 'uint8' && t.rank === 3) return { h: s[0]!, w: s[1]!, c: s[2]!, hAxis: 0, wAxis: 1, cAxis: 2 };
  if (t.dtype === 'float32' && t.rank === 3) return { h: s[1]!, w: s[2]!, c: s[0]!, hAxis: 1, wAxis: 2, cAxis: 0 };
  if (t.dtype === 'float32' && t.rank === 4) return { h: s[2]!, w: s[3]!, c: s[1]!, hAxis: 2, wAxis: 3, cAxis: 1 };
  throw new Error(`${op}: expected uint8 [H, W, C] or float32 [C, H, W] / [N, C, H, W], got ${t.dtype} ${formatShape(s)}`);
}
