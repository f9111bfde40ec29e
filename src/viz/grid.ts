/**
 * Arranging many small float maps (feature maps, filters, image batches) into one uint8 picture.
 * Input tensors are float32 `[K, H, W]` (K grey maps) or `[K, C, H, W]` with C = 1 or 3 (NCHW, as the
 * model sees them); output images are uint8 `[H', W', C]` (HWC, as image files store them).
 */
import type { Tensor } from '../tensor/tensor.js';
import { fromTypedArray } from '../tensor/tensor.js';
import { formatShape, hasRank } from '../engine/shape.js';

/** How float values become 0..255: min-max per tile, min-max over all tiles, or taken as already in [0, 1]. */
export type Normalize = 'each' | 'all' | 'none';

export interface TileOptions {
  /** Tiles per row (default: ceil(sqrt(K)), so the grid is about square). */
  columns?: number;
  /** Pixels of background between tiles and around the grid, before scaling (default 1). */
  padding?: number;
  /** Integer upscaling factor applied to every pixel (nearest neighbour), default 1. */
  scale?: number;
  /** Default 'each' (each map uses the full grey range, like a feature-map viewer). */
  normalize?: Normalize;
  /** Background (padding) grey level 0..255, default 255 (white separators read well on dark maps). */
  padValue?: number;
}

function checkPositiveInt(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) throw new Error(`tileImages: option ${name} must be an integer >= ${min}, got ${value}`);
}

/** Linear map of `[lo, hi]` to 0..255 with clamping; a constant range (hi = lo) maps everything to 0. */
function toByte(v: number, lo: number, hi: number): number {
  if (!(hi > lo)) return 0;
  const u = (v - lo) / (hi - lo);
  return Math.round(Math.min(1, Math.max(0, u)) * 255);
}

function minMax(data: Iterable<number>): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of data) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

/**
 * Tiles K maps into a grid. `maps`: float32 `[K, H, W]` or `[K, C, H, W]` (C = 1 or 3).
 * Returns uint8 `[rows·(H+p)+p, cols·(W+p)+p, C]` times `scale` in each spatial dimension.
 */
export function tileImages(maps: Tensor, opts: TileOptions = {}): Tensor {
  const s = maps.shape;
  const kchw = hasRank(s, 3) ? ([s[0], 1, s[1], s[2]] as const) : hasRank(s, 4) ? s : null;
  if (maps.dtype !== 'float32' || kchw === null)
    throw new Error(`tileImages: expected float32 [K, H, W] or [K, C, H, W], got ${maps.dtype} ${formatShape(maps.shape)}`);
  const [k, c, h, w] = kchw;
  if (c !== 1 && c !== 3) throw new Error(`tileImages: expected 1 or 3 channels, got ${c} in ${formatShape(maps.shape)}`);
  if (k === 0) throw new Error('tileImages: no maps to tile (K = 0)');
  const columns = opts.columns ?? Math.ceil(Math.sqrt(k));
  const padding = opts.padding ?? 1;
  const scale = opts.scale ?? 1;
  const padValue = opts.padValue ?? 255;
  const normalize = opts.normalize ?? 'each';
  checkPositiveInt('columns', columns, 1);
  checkPositiveInt('padding', padding, 0);
  checkPositiveInt('scale', scale, 1);
  if (!['each', 'all', 'none'].includes(normalize)) throw new Error(`tileImages: option normalize must be 'each', 'all' or 'none', got '${normalize}'`);
  const cols = Math.min(columns, k);
  const rows = Math.ceil(k / cols);
  const gridH = rows * (h + padding) + padding;
  const gridW = cols * (w + padding) + padding;
  const src = maps.dataView();
  const tileSize = c * h * w;
  const out = new Uint8Array(gridH * gridW * c).fill(Math.round(Math.min(255, Math.max(0, padValue))));
  const global = normalize === 'all' ? minMax(src) : ([0, 1] as [number, number]);
  for (let t = 0; t < k; t++) {
    const [lo, hi] = normalize === 'each' ? minMax(src.subarray(t * tileSize, (t + 1) * tileSize)) : global;
    const top = padding + Math.floor(t / cols) * (h + padding);
    const left = padding + (t % cols) * (w + padding);
    // Tile t is src[t·tileSize, (t + 1)·tileSize) and t < k, the first axis of the shape src holds.
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++)
        for (let ch = 0; ch < c; ch++) out[((top + y) * gridW + left + x) * c + ch] = toByte(src[t * tileSize + (ch * h + y) * w + x]!, lo, hi);
  }
  return upscaleImage(fromTypedArray(out, [gridH, gridW, c], 'uint8'), scale);
}

/** Nearest-neighbour upscaling of uint8 `[H, W, C]` by an integer factor → `[H·k, W·k, C]` (each pixel repeated k×k). */
export function upscaleImage(image: Tensor, factor: number): Tensor {
  if (image.dtype !== 'uint8' || !hasRank(image.shape, 3)) throw new Error(`upscaleImage: expected uint8 [H, W, C], got ${image.dtype} ${formatShape(image.shape)}`);
  if (!Number.isInteger(factor) || factor < 1) throw new Error(`upscaleImage: factor must be an integer >= 1, got ${factor}`);
  if (factor === 1) return image;
  const [h, w, c] = image.shape;
  const src = image.dataView();
  const outW = w * factor;
  const out = new Uint8Array(h * factor * outW * c);
  for (let y = 0; y < h * factor; y++) {
    const sy = Math.floor(y / factor);
    for (let x = 0; x < outW; x++) {
      const from = (sy * w + Math.floor(x / factor)) * c;
      const to = (y * outW + x) * c; // sy < h and x / factor < w: a pixel of src
      for (let k = 0; k < c; k++) out[to + k] = src[from + k]!;
    }
  }
  return fromTypedArray(out, [h * factor, outW, c], 'uint8');
}

export interface ToUint8Options {
  /** Values mapped to 0 and 255 (clamped outside); 'minmax' uses the tensor's own minimum and maximum. Default [0, 1]. */
  range?: readonly [number, number] | 'minmax';
}

/** float32 `[H, W]` or `[H, W, C]` → uint8 of the same shape, mapping `range` linearly onto 0..255. */
export function toUint8Image(t: Tensor, opts: ToUint8Options = {}): Tensor {
  if (t.dtype !== 'float32' || (t.rank !== 2 && t.rank !== 3))
    throw new Error(`toUint8Image: expected float32 [H, W] or [H, W, C], got ${t.dtype} ${formatShape(t.shape)}`);
  const src = t.dataView();
  const range = opts.range ?? [0, 1];
  const [lo, hi] = range === 'minmax' ? minMax(src) : range;
  if (range !== 'minmax' && !(hi > lo)) throw new Error(`toUint8Image: option range must have max > min, got [${lo}, ${hi}]`);
  const out = Uint8Array.from(src, (v) => toByte(v, lo, hi));
  return fromTypedArray(out, t.shape, 'uint8');
}
