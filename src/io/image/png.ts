/**
 * PNG decoding and encoding with pngjs (Node: pngjs needs Buffer and zlib). Decoded images are uint8 [H, W, C]
 * with C as stored (see `pngChannels`). Bit depths: 1/2/4-bit gray is scaled to 0–255 (v·255/(2^d − 1), as PIL
 * does); **16-bit samples keep their high byte (v >> 8)**, which is what PIL does for 16-bit RGB/RGBA and what
 * skimage's `img_as_ubyte` does for every 16-bit image.
 */
import { PNG } from 'pngjs';
import type { Tensor } from '../../tensor/tensor.js';
import { fromTypedArray } from '../../tensor/tensor.js';
import { formatShape } from '../../engine/shape.js';
import { corruptImageError } from './format.js';
import { pngChannels, readPngHeader, withoutChunks, type PngHeader } from './png-header.js';

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Which RGBA lanes of pngjs' output make up each stored channel count. */
const LANES: Record<1 | 2 | 3 | 4, readonly number[]> = { 1: [0], 2: [0, 3], 3: [0, 1, 2], 4: [0, 1, 2, 3] };

export function decodePng(bytes: Uint8Array, name: string): Tensor {
  let header: PngHeader;
  let c: 1 | 2 | 3 | 4;
  let rgba: ArrayLike<number>;
  let width: number;
  let height: number;
  try {
    header = readPngHeader(bytes);
    c = pngChannels(header);
    // pngjs blanks the RGB of pixels matching a gray/RGB tRNS colour; we ignore that chunk instead (see pngChannels).
    const input = header.hasTransparencyChunk && header.colorType !== 3 ? withoutChunks(bytes, 'tRNS') : bytes;
    const png = PNG.sync.read(asBuffer(input), { skipRescale: true });
    rgba = png.data;
    width = png.width;
    height = png.height;
  } catch (e) {
    throw corruptImageError('png', name, e);
  }
  const lanes = LANES[c];
  // Palette images are already 8-bit colours; other depths are raw samples (skipRescale).
  const depth = header.colorType === 3 ? 8 : header.bitDepth;
  const toByte = depth === 16 ? (v: number) => v >> 8 : depth === 8 ? (v: number) => v : (v: number) => Math.round((v * 255) / ((1 << depth) - 1));
  const n = width * height;
  const out = new Uint8Array(n * c);
  // pngjs returns width × height RGBA pixels, so 4 * i + lane < rgba.length.
  lanes.forEach((lane, k) => {
    for (let i = 0; i < n; i++) out[i * c + k] = toByte(rgba[4 * i + lane]!);
  });
  return fromTypedArray(out, [height, width, c], 'uint8');
}

/** pngjs colour types by channel count. */
const COLOR_TYPE: Record<number, 0 | 2 | 4 | 6> = { 1: 0, 2: 4, 3: 2, 4: 6 };

/** Encodes uint8 [H, W] or [H, W, C] (C = 1 gray, 2 gray + alpha, 3 RGB, 4 RGBA) as 8-bit PNG bytes, stored with C channels. */
export function encodePng(image: Tensor): Uint8Array {
  const [h, w, c = 1] = image.shape as [number, number, number?];
  if (image.dtype !== 'uint8' || (image.rank !== 2 && image.rank !== 3) || !(c in COLOR_TYPE))
    throw new Error(`encodePng: expected uint8 [H, W] or [H, W, C] with C 1, 2, 3 or 4, got ${image.dtype} ${formatShape(image.shape)}`);
  const src = image.dataView();
  const png = new PNG({ width: w, height: h, colorType: COLOR_TYPE[c], inputColorType: 6, inputHasAlpha: true, bitDepth: 8 });
  for (let i = 0; i < w * h; i++) {
    const gray = c <= 2;
    const v = (k: number): number => src[i * c + k]!;
    png.data[4 * i] = v(0);
    png.data[4 * i + 1] = gray ? v(0) : v(1);
    png.data[4 * i + 2] = gray ? v(0) : v(2);
    png.data[4 * i + 3] = c === 2 ? v(1) : c === 4 ? v(3) : 255;
  }
  const buf = PNG.sync.write(png, { colorType: COLOR_TYPE[c], inputColorType: 6, inputHasAlpha: true });
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}
