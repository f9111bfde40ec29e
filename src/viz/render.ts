/**
 * Turning attribution results into pictures a person can read: upscaled grids of feature maps and
 * filters, a colour-mapped saliency map, and a Grad-CAM overlay. All outputs are uint8 HWC images.
 */
import type { Tensor } from '../tensor/tensor.js';
import { axisLength, dims, formatShape, hasRank } from '../engine/shape.js';
import { tileImages, upscaleImage } from './grid.js';
import { applyColormap, overlayHeatmap } from './colormap.js';
import type { ColormapName } from './colormap.js';
import { filterTiles } from './features.js';

export { upscaleImage } from './grid.js';

/** The integer factor that brings a side of `size` pixels to at least `target` (at least 1). */
export function displayScale(size: number, target: number): number {
  return Math.max(1, Math.ceil(target / Math.max(1, size)));
}

/** A conv layer's maps `[C, H, W]` as a grey grid, each map min-max normalised, tiles about `tilePixels` wide. */
export function renderFeatureMaps(maps: Tensor, tilePixels = 56): Tensor {
  if (!hasRank(maps.shape, 3)) throw new Error(`renderFeatureMaps: expected [C, H, W], got ${formatShape(maps.shape)}`);
  const [, h] = maps.shape;
  return tileImages(maps, { normalize: 'each', padding: 1, scale: displayScale(h, tilePixels) });
}

/** Filters `[K, C, kh, kw]` as a grid (colour when C = 3), each filter min-max normalised, tiles about `tilePixels` wide. */
export function renderFilters(weight: Tensor, tilePixels = 48): Tensor {
  const tiles = filterTiles(weight);
  const kh = axisLength(tiles.shape, tiles.rank - 2, 'renderFilters'); // tiles [K, kh, kw] or [K, C, kh, kw]
  return tileImages(tiles, { normalize: 'each', padding: 1, scale: displayScale(kh, tilePixels) });
}

/** Min-max normalises a float `[H, W]` map to [0, 1] (a constant map becomes zeros). */
export function normalizeMap(map: Tensor): Tensor {
  const lo = map.min().item();
  const hi = map.max().item();
  return hi > lo ? map.sub(lo).div(hi - lo) : map.mul(0);
}

/** Saliency `[H, W]` (any range) → colour-mapped RGB `[H·k, W·k, 3]` with k bringing H to about `pixels`. */
export function renderSaliency(map: Tensor, pixels = 224, colormap: ColormapName = 'inferno'): Tensor {
  const rgb = applyColormap(normalizeMap(map), colormap); // [H, W, 3]
  const [h] = dims(rgb.shape, 3, 'renderSaliency');
  return upscaleImage(rgb, displayScale(h, pixels));
}

/**
 * The image (uint8 `[H, W, C]`) upscaled to about `pixels` and the Grad-CAM heat map (`[h, w]` in [0, 1])
 * blended over it with the jet colour map (bilinear heat over nearest-neighbour pixels) → RGB.
 */
export function renderGradCam(image: Tensor, heatmap: Tensor, pixels = 224, alpha = 0.45): Tensor {
  const h = image.shape[0] ?? 0; // an image without axes is rejected by upscaleImage
  return overlayHeatmap(upscaleImage(image, displayScale(h, pixels)), heatmap, { alpha, colormap: 'jet' });
}
