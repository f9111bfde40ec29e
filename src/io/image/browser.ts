/**
 * The image API for browsers (no Node imports anywhere in this module's graph): decoding, conversions and
 * transforms. Bundle this file (not src/index.ts) for a page or worker.
 *
 * `decodeImage` (synchronous, the same signature and pixels as Node's) decodes PNG with png-pure.ts over
 * fflate's inflater and JPEG with jpeg-js.
 *
 * `decodeImageAsync` picks its decoder at run time, by feature detection:
 * - JPEG: always jpeg-js (pure JavaScript, the same pixels as in Node).
 * - PNG, where `DecompressionStream` exists (every current browser, Node ≥ 18): png-pure.ts, which gives exactly
 *   the pixels of Node's `decodeImage` for every PNG (checked in headless Chromium by test/image/browser.test.ts).
 * - PNG otherwise, where `createImageBitmap` + `OffscreenCanvas` exist: the browser's decoder through a canvas,
 *   reduced to the channels the PNG stores. Exact for opaque images; the canvas stores premultiplied alpha, so
 *   semi-transparent pixels may be off by a level or more, and a gray/RGB tRNS colour becomes transparent black.
 * - Else `decodeNode` if given (Node's pngjs decoder), else an error.
 */
import type { Tensor } from '../../tensor/tensor.js';
import { fromTypedArray } from '../../tensor/tensor.js';
import { corruptImageError, sniffImageFormat, unknownFormatError } from './format.js';
import { decodeJpeg } from './jpeg.js';
import { pngChannels, readPngHeader } from './png-header.js';
import { decodePngAsync, decodePngSync, hasDecompressionStream } from './png-pure.js';

export { sniffImageFormat } from './format.js';
export type { ImageFormat } from './format.js';
export { resize } from './resize.js';
export type { ResizeMode, ResizeOptions } from './resize.js';
export { toFloatNCHW, fromFloatNCHW, toGrayscale, LUMA_WEIGHTS } from './convert.js';
export { crop, pad, normalize } from './transforms.js';
export { decodePngAsync, decodePngSync, hasDecompressionStream } from './png-pure.js';
export type { Region, Padding } from './transforms.js';

/** True where `createImageBitmap` and `OffscreenCanvas` exist (browsers, workers). */
export function hasCanvasDecoder(): boolean {
  return typeof createImageBitmap === 'function' && typeof OffscreenCanvas === 'function';
}

/** Which RGBA lanes make up each stored channel count. */
const LANES: Record<1 | 2 | 3 | 4, readonly number[]> = { 1: [0], 2: [0, 3], 3: [0, 1, 2], 4: [0, 1, 2, 3] };

/** PNG through createImageBitmap + OffscreenCanvas (8-bit RGBA, reduced to the stored channels). */
export async function decodePngWithCanvas(bytes: Uint8Array, name: string): Promise<Tensor> {
  let c: 1 | 2 | 3 | 4;
  let rgba: Uint8ClampedArray;
  let width: number;
  let height: number;
  try {
    c = pngChannels(readPngHeader(bytes));
    const blob = new Blob([bytes.slice()], { type: 'image/png' });
    const bitmap = await createImageBitmap(blob, { premultiplyAlpha: 'none', colorSpaceConversion: 'none' });
    width = bitmap.width;
    height = bitmap.height;
    const canvas = new OffscreenCanvas(width, height);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2d context on OffscreenCanvas');
    ctx.drawImage(bitmap, 0, 0);
    bitmap.close();
    rgba = ctx.getImageData(0, 0, width, height).data;
  } catch (e) {
    throw corruptImageError('png', name, e);
  }
  const lanes = LANES[c];
  const out = new Uint8Array(width * height * c);
  // getImageData returns width × height RGBA pixels, so 4 * i + lane < rgba.length.
  lanes.forEach((lane, k) => {
    for (let i = 0; i < width * height; i++) out[i * c + k] = rgba[4 * i + lane]!;
  });
  return fromTypedArray(out, [height, width, c], 'uint8');
}

/**
 * PNG or JPEG bytes → uint8 [H, W, C], synchronously, without Node: the browser's `decodeImage`, with the same
 * signature, channel rules and pixels as Node's (see decode.ts). Errors name `name`.
 */
export function decodeImage(bytes: Uint8Array, name = '<bytes>'): Tensor {
  switch (sniffImageFormat(bytes)) {
    case 'png': return decodePngSync(bytes, name);
    case 'jpeg': return decodeJpeg(bytes, name);
    case null: throw unknownFormatError(bytes, name);
  }
}

/**
 * PNG or JPEG bytes → uint8 [H, W, C], in a browser or worker (see the module comment). `decodeNode`, when given
 * (Node: `decodeImage`), decodes PNGs where no canvas exists.
 */
export async function decodeImageAsync(
  bytes: Uint8Array, name = '<bytes>', decodeNode?: (bytes: Uint8Array, name: string) => Tensor,
): Promise<Tensor> {
  const format = sniffImageFormat(bytes);
  if (format === null) throw unknownFormatError(bytes, name);
  if (format === 'jpeg') return decodeJpeg(bytes, name);
  if (hasDecompressionStream()) return decodePngAsync(bytes, name);
  if (hasCanvasDecoder()) return decodePngWithCanvas(bytes, name);
  if (decodeNode) return decodeNode(bytes, name);
  throw new Error(`${name}: cannot decode PNG here: neither createImageBitmap + OffscreenCanvas nor a Node PNG decoder is available`);
}
