/**
 * Bilinear resizing of one float map `[h, w]` → `[H, W]`, with PyTorch's `F.interpolate(mode='bilinear',
 * align_corners=False)` sampling: output pixel centres map to `(i + 0.5) · h / H − 0.5` in the input,
 * clamped at the borders. Kept inside viz (heat maps only) so that viz does not depend on the image
 * resize of src/io/image.
 */
import type { Tensor } from '../core/tensor.js';
import { fromTypedArray } from '../core/tensor.js';
import { formatShape } from '../core/shape.js';

/** Source index pairs and weights for one axis: output i reads `(1 − f) · in[i0] + f · in[i1]`. */
function axisTaps(inSize: number, outSize: number): { i0: Int32Array; i1: Int32Array; f: Float32Array } {
  const i0 = new Int32Array(outSize);
  const i1 = new Int32Array(outSize);
  const f = new Float32Array(outSize);
  const ratio = inSize / outSize;
  for (let i = 0; i < outSize; i++) {
    const src = Math.max(0, (i + 0.5) * ratio - 0.5);
    const lo = Math.min(Math.floor(src), inSize - 1);
    i0[i] = lo;
    i1[i] = Math.min(lo + 1, inSize - 1);
    f[i] = src - lo;
  }
  return { i0, i1, f };
}

/** float32 `[h, w]` → float32 `[outH, outW]` (bilinear, align_corners = false). */
export function upsampleBilinear(map: Tensor, outH: number, outW: number): Tensor {
  if (map.dtype !== 'float32' || map.rank !== 2) throw new Error(`upsampleBilinear: expected float32 [h, w], got ${map.dtype} ${formatShape(map.shape)}`);
  if (!Number.isInteger(outH) || !Number.isInteger(outW) || outH < 1 || outW < 1)
    throw new Error(`upsampleBilinear: output size must be positive integers, got ${outH}×${outW}`);
  const [h, w] = map.shape as [number, number];
  const src = map.dataView();
  const ys = axisTaps(h, outH);
  const xs = axisTaps(w, outW);
  const out = new Float32Array(outH * outW);
  for (let y = 0; y < outH; y++) {
    const r0 = ys.i0[y]! * w;
    const r1 = ys.i1[y]! * w;
    const fy = ys.f[y]!;
    for (let x = 0; x < outW; x++) {
      const c0 = xs.i0[x]!;
      const c1 = xs.i1[x]!;
      const fx = xs.f[x]!;
      const top = src[r0 + c0]! * (1 - fx) + src[r0 + c1]! * fx;
      const bottom = src[r1 + c0]! * (1 - fx) + src[r1 + c1]! * fx;
      out[y * outW + x] = top * (1 - fy) + bottom * fy;
    }
  }
  return fromTypedArray(out, [outH, outW], 'float32');
}
