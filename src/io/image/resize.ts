import { formatShape, hasRank } from '../../engine/shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import { fromTypedArray } from '../../tensor/tensor.js';

export type ResizeMode = 'bilinear' | 'nearest';

export interface ResizeOptions {
  /** 'bilinear' (default) or 'nearest', as in PyTorch's `F.interpolate`. */
  mode?: ResizeMode;
  /** Bilinear only: PyTorch's `align_corners` (default false). Ignored by 'nearest', as in PyTorch. */
  alignCorners?: boolean;
}

/**
 * Where the image's rows, columns and channels lie in memory. A uint8 image is [H, W, C] (channels last);
 * a float image is [C, H, W] or [N, C, H, W] (channels first, one plane after another).
 */
interface Layout {
  planes: number; // N·C for channels-first; C for channels-last
  h: number;
  w: number;
  channelsLast: boolean;
  outShape: (oh: number, ow: number) => number[];
}

function layoutOf(t: Tensor): Layout {
  const s = t.shape;
  if (t.dtype === 'uint8' && hasRank(s, 3)) {
    const [h, w, c] = s;
    return { planes: c, h, w, channelsLast: true, outShape: (oh, ow) => [oh, ow, c] };
  }
  if (t.dtype === 'float32' && hasRank(s, 3)) {
    const [c, h, w] = s;
    return { planes: c, h, w, channelsLast: false, outShape: (oh, ow) => [c, oh, ow] };
  }
  if (t.dtype === 'float32' && hasRank(s, 4)) {
    const [n, c, h, w] = s;
    return { planes: n * c, h, w, channelsLast: false, outShape: (oh, ow) => [n, c, oh, ow] };
  }
  throw new Error(`resize: expected uint8 [H, W, C] or float32 [C, H, W] / [N, C, H, W], got ${t.dtype} ${formatShape(s)}`);
}

/** One output coordinate's two source indices and the weight of the second (bilinear). */
interface AxisTaps {
  lo: Int32Array;
  hi: Int32Array;
  frac: Float32Array;
}

const f32 = Math.fround;

/**
 * PyTorch's source coordinate for bilinear (aten/src/ATen/native/UpSample.h, `area_pixel_compute_source_index`),
 * computed in float32 like its CPU kernel: align_corners → dst·(in − 1)/(out − 1); otherwise
 * (dst + 0.5)·in/out − 0.5, clamped at 0.
 */
function bilinearTaps(inLen: number, outLen: number, alignCorners: boolean): AxisTaps {
  const lo = new Int32Array(outLen);
  const hi = new Int32Array(outLen);
  const frac = new Float32Array(outLen);
  const scale = alignCorners ? (outLen > 1 ? f32((inLen - 1) / (outLen - 1)) : 0) : f32(inLen / outLen);
  for (let d = 0; d < outLen; d++) {
    let src = alignCorners ? f32(scale * d) : f32(f32(scale * f32(d + 0.5)) - 0.5);
    if (src < 0) src = 0;
    const i0 = Math.min(Math.floor(src), inLen - 1);
    lo[d] = i0;
    hi[d] = Math.min(i0 + 1, inLen - 1);
    frac[d] = f32(src - i0);
  }
  return { lo, hi, frac };
}

/** PyTorch's legacy 'nearest': src = floor(dst · in/out) in float32, clamped to in − 1. */
function nearestTaps(inLen: number, outLen: number): AxisTaps {
  const lo = new Int32Array(outLen);
  const scale = f32(inLen / outLen);
  for (let d = 0; d < outLen; d++) lo[d] = Math.min(Math.floor(f32(d * scale)), inLen - 1);
  return { lo, hi: lo, frac: new Float32Array(outLen) };
}

/**
 * Resizes an image to [outH, outW]. Accepts uint8 [H, W, C] (result uint8, rounded to nearest) or float32
 * [C, H, W] / [N, C, H, W] (result float32). Float results match PyTorch's
 * `F.interpolate(x, size, mode='bilinear', align_corners=False|True)` and `mode='nearest'`; uint8 bilinear is
 * computed in float and rounded, so it may differ from PyTorch's fixed-point uint8 path by 1 level.
 * No antialiasing (like PyTorch's default): strong downscaling aliases. Not differentiable (data preparation).
 */
export function resize(t: Tensor, size: readonly [number, number], opts: ResizeOptions = {}): Tensor {
  const mode = opts.mode ?? 'bilinear';
  if (mode !== 'bilinear' && mode !== 'nearest') throw new Error(`resize: mode must be 'bilinear' or 'nearest', got '${String(mode)}'`);
  const [oh, ow] = size;
  if (!Number.isInteger(oh) || !Number.isInteger(ow) || oh < 1 || ow < 1)
    throw new Error(`resize: output size must be two positive integers [outH, outW], got [${size.join(', ')}]`);
  const L = layoutOf(t);
  if (L.h < 1 || L.w < 1) throw new Error(`resize: input image is empty: ${formatShape(t.shape)}`);
  const rows = mode === 'nearest' ? nearestTaps(L.h, oh) : bilinearTaps(L.h, oh, opts.alignCorners ?? false);
  const cols = mode === 'nearest' ? nearestTaps(L.w, ow) : bilinearTaps(L.w, ow, opts.alignCorners ?? false);
  const src = t.dataView();
  const isUint8 = t.dtype === 'uint8';
  const out = isUint8 ? new Uint8Array(L.planes * oh * ow) : new Float32Array(L.planes * oh * ow);
  // Element (plane p, row y, column x) lives at p·planeStride + y·rowStride + x·colStride.
  const [planeStride, rowStride, colStride] = L.channelsLast ? [1, L.w * L.planes, L.planes] : [L.h * L.w, L.w, 1];
  const [outPlaneStride, outRowStride, outColStride] = L.channelsLast ? [1, ow * L.planes, L.planes] : [oh * ow, ow, 1];
  for (let p = 0; p < L.planes; p++) {
    const base = p * planeStride;
    for (let y = 0; y < oh; y++) {
      const r0 = base + rows.lo[y]! * rowStride;
      const r1 = base + rows.hi[y]! * rowStride;
      const fy = rows.frac[y]!;
      const gy = f32(1 - fy);
      for (let x = 0; x < ow; x++) {
        const c0 = cols.lo[x]! * colStride;
        const c1 = cols.hi[x]! * colStride;
        const fx = cols.frac[x]!;
        const gx = f32(1 - fx);
        // PyTorch's order: h0lambda·(w0lambda·v00 + w1lambda·v01) + h1lambda·(w0lambda·v10 + w1lambda·v11).
        const v = gy * (gx * src[r0 + c0]! + fx * src[r0 + c1]!) + fy * (gx * src[r1 + c0]! + fx * src[r1 + c1]!);
        const o = p * outPlaneStride + y * outRowStride + x * outColStride;
        out[o] = isUint8 ? Math.min(255, Math.max(0, Math.round(v))) : v;
      }
    }
  }
  return fromTypedArray(out, L.outShape(oh, ow), t.dtype);
}
