import { readFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import type { Tensor } from '../core/tensor.js';
import { fromTypedArray } from '../core/tensor.js';

/**
 * Decodes a PNG file to uint8 [H, W, C] (C = 1 for grayscale, 3 for RGB, 4 with alpha as stored:
 * pngjs expands every PNG to RGBA, so channels are reduced back when they are all equal / opaque).
 * 16-bit samples are scaled to 8 bits. Errors name the file.
 */
export function readPng(path: string): Tensor {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new Error(`${path}: cannot read file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  let png: PNG;
  try {
    png = PNG.sync.read(bytes);
  } catch (e) {
    throw new Error(`${path}: not a valid PNG image (${(e as Error).message})`);
  }
  const { width, height, data } = png;
  const n = width * height;
  let gray = true;
  let opaque = true;
  for (let i = 0; i < n; i++) {
    const r = data[4 * i]!;
    if (r !== data[4 * i + 1] || r !== data[4 * i + 2]) gray = false;
    if (data[4 * i + 3] !== 255) opaque = false;
  }
  const c = gray && opaque ? 1 : opaque ? 3 : 4;
  const out = new Uint8Array(n * c);
  for (let i = 0; i < n; i++) for (let k = 0; k < c; k++) out[i * c + k] = data[4 * i + k]!;
  return fromTypedArray(out, [height, width, c], 'uint8');
}

/** Encodes uint8 [H, W] or [H, W, C] (C = 1, 3 or 4) as PNG bytes. */
export function encodePng(image: Tensor): Buffer {
  const [h, w, c = 1] = image.shape as [number, number, number?];
  if (image.dtype !== 'uint8' || (image.rank !== 2 && image.rank !== 3) || ![1, 3, 4].includes(c))
    throw new Error(`encodePng: expected uint8 [H, W] or [H, W, C] with C 1, 3 or 4, got ${image.dtype} [${image.shape.join(', ')}]`);
  const src = image.dataView();
  const png = new PNG({ width: w, height: h });
  for (let i = 0; i < w * h; i++) {
    const px = (k: number): number => src[i * c + Math.min(k, c - 1)]!;
    png.data[4 * i] = px(0);
    png.data[4 * i + 1] = c >= 3 ? px(1) : px(0);
    png.data[4 * i + 2] = c >= 3 ? px(2) : px(0);
    png.data[4 * i + 3] = c === 4 ? px(3) : 255;
  }
  return PNG.sync.write(png);
}
