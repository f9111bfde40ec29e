/** JPEG encoding with jpeg-js (Node: jpeg-js returns a Buffer). */
import jpeg from 'jpeg-js';
import type { Tensor } from '../../tensor/tensor.js';
import { formatShape } from '../../engine/shape.js';

export interface JpegOptions {
  /** 1–100 (default 90). */
  quality?: number;
}

/**
 * Encodes uint8 [H, W] or [H, W, C] (C = 1 or 3; C = 2 or 4: the alpha channel is dropped, JPEG has none) as
 * baseline JPEG bytes. jpeg-js always writes three YCbCr components, so a gray image decodes back with C = 3.
 */
export function encodeJpeg(image: Tensor, opts: JpegOptions = {}): Uint8Array {
  const quality = opts.quality ?? 90;
  if (!Number.isInteger(quality) || quality < 1 || quality > 100) throw new Error(`encodeJpeg: quality must be an integer 1–100, got ${quality}`);
  const [h, w, c = 1] = image.shape as [number, number, number?];
  if (image.dtype !== 'uint8' || (image.rank !== 2 && image.rank !== 3) || c < 1 || c > 4)
    throw new Error(`encodeJpeg: expected uint8 [H, W] or [H, W, C] with C 1–4, got ${image.dtype} ${formatShape(image.shape)}`);
  const src = image.dataView();
  const rgba = new Uint8Array(w * h * 4);
  for (let i = 0; i < w * h; i++) {
    const gray = c <= 2;
    rgba[4 * i] = src[i * c]!;
    rgba[4 * i + 1] = gray ? src[i * c]! : src[i * c + 1]!;
    rgba[4 * i + 2] = gray ? src[i * c]! : src[i * c + 2]!;
    rgba[4 * i + 3] = 255;
  }
  const out = jpeg.encode({ data: rgba, width: w, height: h }, quality);
  return new Uint8Array(out.data.buffer, out.data.byteOffset, out.data.byteLength);
}
