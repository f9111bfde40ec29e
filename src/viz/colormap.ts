/**
 * Colour maps for heat maps and a heat-map overlay. Inputs are float `[H, W]` in [0, 1] (values outside
 * are clamped); outputs are uint8 RGB `[H, W, 3]` (HWC, like image files).
 */
import type { Tensor } from '../tensor/tensor.js';
import { fromTypedArray } from '../tensor/tensor.js';
import { formatShape, hasRank } from '../engine/shape.js';
import { VIRIDIS_STOPS, INFERNO_STOPS } from './colormap-tables.js';
import { upsampleBilinear } from './upsample.js';

export type ColormapName = 'viridis' | 'inferno' | 'jet';

/** Linear interpolation in a flattened table of RGB stops evenly spaced over [0, 1]. */
function fromStops(stops: readonly number[], t: number, rgb: Uint8Array, at: number): void {
  const n = stops.length / 3;
  const pos = t * (n - 1);
  const i = Math.min(Math.floor(pos), n - 2);
  const f = pos - i;
  // 0 ≤ i ≤ n − 2, so both stops are inside the table.
  for (let k = 0; k < 3; k++) rgb[at + k] = Math.round(stops[3 * i + k]! * (1 - f) + stops[3 * (i + 1) + k]! * f);
}

/** MATLAB's jet: dark blue → blue → cyan → yellow → red → dark red, piecewise linear per channel. */
function jet(t: number, rgb: Uint8Array, at: number): void {
  const channel = (centre: number): number => Math.min(1, Math.max(0, 1.5 - Math.abs(4 * t - centre)));
  rgb[at] = Math.round(channel(3) * 255);
  rgb[at + 1] = Math.round(channel(2) * 255);
  rgb[at + 2] = Math.round(channel(1) * 255);
}

function colour(name: ColormapName, t: number, rgb: Uint8Array, at: number): void {
  const u = Number.isNaN(t) ? 0 : Math.min(1, Math.max(0, t));
  if (name === 'jet') jet(u, rgb, at);
  else fromStops(name === 'viridis' ? VIRIDIS_STOPS : INFERNO_STOPS, u, rgb, at);
}

function checkName(name: string): asserts name is ColormapName {
  if (name !== 'viridis' && name !== 'inferno' && name !== 'jet')
    throw new Error(`applyColormap: unknown colormap '${name}' (expected viridis, inferno or jet)`);
}

/** float `[H, W]` in [0, 1] → uint8 RGB `[H, W, 3]` through the named colour map (default viridis). */
export function applyColormap(x: Tensor, name: ColormapName = 'viridis'): Tensor {
  checkName(name);
  if (x.dtype !== 'float32' || !hasRank(x.shape, 2)) throw new Error(`applyColormap: expected float32 [H, W], got ${x.dtype} ${formatShape(x.shape)}`);
  const [h, w] = x.shape;
  const out = new Uint8Array(h * w * 3);
  x.dataView().forEach((v, i) => colour(name, v, out, 3 * i));
  return fromTypedArray(out, [h, w, 3], 'uint8');
}

export interface OverlayOptions {
  /** Weight of the heat-map colour: out = (1 − alpha) · image + alpha · colour. Default 0.5. */
  alpha?: number;
  /** Default 'jet' (the usual Grad-CAM rendering). */
  colormap?: ColormapName;
}

/**
 * Blends a heat map over an image. `image`: uint8 `[H, W, C]` (C = 1 grey, 3 RGB or 4 RGBA, alpha ignored);
 * `heat`: float `[h, w]` in [0, 1], upsampled bilinearly to H×W. `opts` may be just the alpha.
 * Returns uint8 RGB `[H, W, 3]`.
 */
export function overlayHeatmap(image: Tensor, heat: Tensor, opts: OverlayOptions | number = {}): Tensor {
  if (typeof opts === 'number') opts = { alpha: opts };
  const alpha = opts.alpha ?? 0.5;
  const name = opts.colormap ?? 'jet';
  checkName(name);
  if (image.dtype !== 'uint8' || !hasRank(image.shape, 3) || ![1, 3, 4].includes(image.shape[2]))
    throw new Error(`overlayHeatmap: expected image uint8 [H, W, C] with C 1, 3 or 4, got ${image.dtype} ${formatShape(image.shape)}`);
  if (!(alpha >= 0 && alpha <= 1)) throw new Error(`overlayHeatmap: alpha must be in [0, 1], got ${alpha}`);
  const [h, w, c] = image.shape;
  const heatRgb = applyColormap(heat.rank === 2 && heat.shape[0] === h && heat.shape[1] === w ? heat : upsampleBilinear(heat, h, w), name).dataView();
  const img = image.dataView();
  const out = new Uint8Array(h * w * 3);
  // img holds h·w pixels of c channels, heatRgb h·w RGB pixels.
  for (let i = 0; i < h * w; i++) {
    for (let k = 0; k < 3; k++) {
      const base = img[i * c + (c === 1 ? 0 : k)]!;
      out[3 * i + k] = Math.round((1 - alpha) * base + alpha * heatRgb[3 * i + k]!);
    }
  }
  return fromTypedArray(out, [h, w, 3], 'uint8');
}
