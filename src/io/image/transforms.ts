/** Crop, pad and per-channel normalisation of image tensors. Browser-safe: no Node imports. */
import type { Tensor } from '../../tensor/tensor.js';
import { tensor } from '../../tensor/tensor.js';
import { pad as padOp } from '../../tensor/ops/movement.js';
import { imageAxes } from './layout.js';

export interface Region {
  /** Left column (0-based). */
  x: number;
  /** Top row (0-based). */
  y: number;
  width: number;
  height: number;
}

/** Throws unless `r` lies inside a w×h image, naming `op` and the numbers. */
export function checkRegion(r: Region, w: number, h: number, op: string): void {
  const ints = [r.x, r.y, r.width, r.height].every(Number.isInteger);
  if (!ints || r.x < 0 || r.y < 0 || r.width < 1 || r.height < 1 || r.x + r.width > w || r.y + r.height > h)
    throw new Error(
      `${op}: region x=${r.x}, y=${r.y}, width=${r.width}, height=${r.height} (columns ${r.x}–${r.x + r.width - 1}, rows ${r.y}–${r.y + r.height - 1}) is not inside the ${w}×${h} image (columns 0–${w - 1}, rows 0–${h - 1})`,
    );
}

/** The region's pixels: uint8 [height, width, C] from [H, W, C], or float32 [C, height, width] / [N, C, …]. */
export function crop(image: Tensor, region: Region): Tensor {
  const ax = imageAxes(image, 'crop');
  checkRegion(region, ax.w, ax.h, 'crop');
  const begin = image.shape.map(() => 0);
  const end: number[] = [...image.shape];
  begin[ax.hAxis] = region.y;
  end[ax.hAxis] = region.y + region.height;
  begin[ax.wAxis] = region.x;
  end[ax.wAxis] = region.x + region.width;
  return image.slice(begin, end);
}

export interface Padding {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/** Pads height and width with a constant (default 0): a number pads all four sides equally. */
export function pad(image: Tensor, padding: number | Padding, value = 0): Tensor {
  const ax = imageAxes(image, 'pad');
  const p = typeof padding === 'number' ? { top: padding, bottom: padding, left: padding, right: padding } : padding;
  if (![p.top, p.bottom, p.left, p.right].every((v) => Number.isInteger(v) && v >= 0))
    throw new Error(`pad: padding must be integers ≥ 0, got top ${p.top}, bottom ${p.bottom}, left ${p.left}, right ${p.right}`);
  const pads: [number, number][] = image.shape.map(() => [0, 0]);
  pads[ax.hAxis] = [p.top, p.bottom];
  pads[ax.wAxis] = [p.left, p.right];
  return padOp(image, pads, value);
}

/**
 * (x − mean[c]) / std[c] per channel, on float32 [C, H, W] or [N, C, H, W] (torchvision's `Normalize`).
 * Differentiable. mean and std need one entry per channel; std entries must be positive.
 */
export function normalize(image: Tensor, mean: readonly number[], std: readonly number[]): Tensor {
  const ax = imageAxes(image, 'normalize');
  if (image.dtype !== 'float32') throw new Error(`normalize: expected float32 [C, H, W] or [N, C, H, W], got uint8 [${image.shape.join(', ')}] (use toFloatNCHW first)`);
  if (mean.length !== ax.c || std.length !== ax.c)
    throw new Error(`normalize: image has ${ax.c} channels but mean has ${mean.length} and std ${std.length} entries`);
  const bad = std.findIndex((s) => !(s > 0));
  if (bad >= 0) throw new Error(`normalize: std[${bad}] must be positive, got ${std[bad]}`);
  const shape = image.rank === 3 ? [ax.c, 1, 1] : [1, ax.c, 1, 1];
  return image.sub(tensor([...mean], { shape })).div(tensor([...std], { shape }));
}
