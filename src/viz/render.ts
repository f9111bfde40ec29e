/**
 * Turning attribution results into pictures a person can read: upscaled grids of feature maps and
 * filters, a colour-mapped saliency map, and a Grad-CAM overlay. All outputs are uint8 HWC images.
 */
import type { Tensor } from '../core/tensor.js';
import { fromTypedArray } from '../core/tensor.js';
import { formatShape } from '../core/shape.js';
import { tileImages } from './grid.js';
import { applyColormap, overlayHeatmap } from './colormap.js';
import type { ColormapName } from './colormap.js';
import { filterTiles } from './features.js';

/** The integer factor that brings a side of `size` pixels to at least `target` (at least 1). */
export function displayScale(size: number, target: number): number {
  return Math.max(1, Math.ceil(target / Math.max(1, size)));
}

/** Nearest-neighbour upscaling of uint8 `[H, W, C]` by an integer factor → `[H·k, W·k, C]`. */
export function upscaleImage(image: Tensor, factor: number): Tensor {
  if (image.dtype !== 'uint8' || image.rank !== 3) throw new Error(`upscaleImage: expected uint8 [H, W, C], got ${image.dtype} ${formatShape(image.shape)}`);
  if (!Number.isInteger(factor) || factor < 1) throw new Error(`upscaleImage: factor must be an integer >= 1, got ${factor}`);
  if (factor === 1) return image;
  const [h, w, c] = image.shape as [number, number, number];
  const src = image.dataView();
  const outW = w * factor;
  const out = new Uint8Array(h * factor * outW * c);
  for (let y = 0; y < h * factor; y++) {
    const sy = Math.floor(y / factor);
    for (let x = 0; x < outW; x++) {
      const from = (sy * w + Math.floor(x / factor)) * c;
      const to = (y * outW + x) * c;
      for (let k = 0; k < c; k++) out[to + k] = src[from + k]!;
    }
  }
  return fromTypedArray(out, [h * factor, outW, c], 'uint8');
}

/** A conv layer's maps `[C, H, W]` as a grey grid, each map min-max normalised, tiles about `tilePixels` wide. */
export function renderFeatureMaps(maps: Tensor, tilePixels = 56): Tensor {
  if (maps.rank !== 3) throw new Error(`renderFeatureMaps: expected [C, H, W], got ${formatShape(maps.shape)}`);
  return tileImages(maps, { normalize: 'each', padding: 1, scale: displayScale(maps.shape[1]!, tilePixels) });
}

/** Filters `[K, C, kh, kw]` as a grid (colour when C = 3), each filter min-max normalised, tiles about `tilePixels` wide. */
export function renderFilters(weight: Tensor, tilePixels = 48): Tensor {
  const tiles = filterTiles(weight);
  return tileImages(tiles, { normalize: 'each', padding: 1, scale: displayScale(tiles.shape[tiles.rank - 2]!, tilePixels) });
}

/** Min-max normalises a float `[H, W]` map to [0, 1] (a constant map becomes zeros). */
export function normalizeMap(map: Tensor): Tensor {
  const lo = map.min().item();
  const hi = map.max().item();
  return hi > lo ? map.sub(lo).div(hi - lo) : map.mul(0);
}

/** Saliency `[H, W]` (any range) → colour-mapped RGB `[H·k, W·k, 3]` with k bringing H to about `pixels`. */
export function renderSaliency(map: Tensor, pixels = 224, colormap: ColormapName = 'inferno'): Tensor {
  return upscaleImage(applyColormap(normalizeMap(map), colormap), displayScale(map.shape[0]!, pixels));
}

/**
 * The image (uint8 `[H, W, C]`) upscaled to about `pixels` and the Grad-CAM heat map (`[h, w]` in [0, 1])
 * blended over it with the jet colour map (bilinear heat over nearest-neighbour pixels) → RGB.
 */
export function renderGradCam(image: Tensor, heatmap: Tensor, pixels = 224, alpha = 0.45): Tensor {
  return overlayHeatmap(upscaleImage(image, displayScale(image.shape[0]!, pixels)), heatmap, { alpha, colormap: 'jet' });
}
