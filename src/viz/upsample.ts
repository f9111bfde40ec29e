/**
 * Bilinear resizing of one float map `[h, w]` → `[H, W]` (PyTorch's `F.interpolate(mode='bilinear',
 * align_corners=False)`): the 2-D form of the image module's `resize`, for heat maps.
 */
import type { Tensor } from '../tensor/tensor.js';
import { formatShape } from '../engine/shape.js';
import { resize } from '../io/image/resize.js';

/** float32 `[h, w]` → float32 `[outH, outW]` (bilinear, align_corners = false). */
export function upsampleBilinear(map: Tensor, outH: number, outW: number): Tensor {
  if (map.dtype !== 'float32' || map.rank !== 2) throw new Error(`upsampleBilinear: expected float32 [h, w], got ${map.dtype} ${formatShape(map.shape)}`);
  const [h, w] = map.shape as [number, number];
  return resize(map.reshape([1, h, w]), [outH, outW]).reshape([outH, outW]);
}
