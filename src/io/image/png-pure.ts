/**
 * A PNG decoder for browsers (no Buffer, no node:zlib): the zlib stream is inflated by fflate (synchronous) or
 * the platform's `DecompressionStream('deflate')` (async), then scanlines are unfiltered (all five
 * filters, Adam7 interlace) and unpacked with the same channel and bit-depth rules as the Node decoder (png.ts):
 * channels as stored, 1/2/4-bit gray scaled by 255/(2^d − 1), 16-bit samples keep their high byte, palette →
 * RGB or RGBA (tRNS).
 */
import type { Tensor } from '../../tensor/tensor.js';
import { fromTypedArray } from '../../tensor/tensor.js';
import { corruptImageError } from './format.js';
import { unzlibSync } from 'fflate';
import { pngChannels, readPngChunks, type PngChunks } from './png-header.js';

/** Samples per pixel as stored, by colour type. */
const RAW_CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
/** Adam7 passes: first column, first row, column step, row step. */
const ADAM7: readonly (readonly [number, number, number, number])[] = [
  [0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [0, 1, 1, 2],
];

/** True where `DecompressionStream` exists (modern browsers, Node ≥ 18). */
export function hasDecompressionStream(): boolean {
  return typeof DecompressionStream === 'function';
}

/** Inflates a zlib stream with the platform's DecompressionStream. */
export async function inflateZlib(data: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([data.slice()]).stream().pipeThrough(new DecompressionStream('deflate'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Reverses the scanline filters of one (sub)image of `rows` rows in place; returns the offset after it. */
function unfilter(data: Uint8Array, at: number, rows: number, rowBytes: number, bpp: number): number {
  for (let y = 0; y < rows; y++) {
    if (at + 1 + rowBytes > data.length) throw new Error(`image data ends in row ${y}: ${data.length} bytes after inflating`);
    const type = data[at]!;
    const row = at + 1;
    const prev = y > 0 ? row - rowBytes - 1 : -1;
    for (let i = 0; i < rowBytes; i++) {
      const a = i >= bpp ? data[row + i - bpp]! : 0;
      const b = prev >= 0 ? data[prev + i]! : 0;
      const c = prev >= 0 && i >= bpp ? data[prev + i - bpp]! : 0;
      let v = data[row + i]!;
      switch (type) {
        case 0: break;
        case 1: v += a; break;
        case 2: v += b; break;
        case 3: v += (a + b) >> 1; break;
        case 4: v += paeth(a, b, c); break;
        default: throw new Error(`unknown filter type ${type} in row ${y}`);
      }
      data[row + i] = v & 0xff;
    }
    at = row + rowBytes;
  }
  return at;
}

/** Decodes already-inflated image data to uint8 [H, W, C] (see the module comment). */
export function decodeInflatedPng(png: PngChunks, inflated: Uint8Array): Tensor {
  const { width, height, bitDepth: depth, colorType, interlace } = png.header;
  const raw = RAW_CHANNELS[colorType];
  if (raw === undefined) throw new Error(`unknown colour type ${colorType}`);
  if (![1, 2, 4, 8, 16].includes(depth)) throw new Error(`unsupported bit depth ${depth}`);
  if (colorType === 3 && !png.palette) throw new Error('palette image without a PLTE chunk');
  const c = pngChannels(png.header);
  const out = new Uint8Array(width * height * c);
  const bitsPerPixel = raw * depth;
  const bpp = Math.max(1, bitsPerPixel >> 3);
  const scale = colorType === 3 || depth >= 8 ? 1 : 255 / ((1 << depth) - 1);
  const passes = interlace ? ADAM7 : [[0, 0, 1, 1] as const];
  // Only palette images read it, and they have one (checked above); an empty one fails every index check.
  const pal = png.palette ?? new Uint8Array(0);
  let at = 0;
  for (const [x0, y0, dx, dy] of passes) {
    const pw = Math.ceil((width - x0) / dx);
    const ph = Math.ceil((height - y0) / dy);
    if (pw <= 0 || ph <= 0) continue;
    const rowBytes = Math.ceil((pw * bitsPerPixel) / 8);
    const start = at;
    at = unfilter(inflated, at, ph, rowBytes, bpp);
    for (let py = 0; py < ph; py++) {
      const row = start + py * (rowBytes + 1) + 1;
      for (let px = 0; px < pw; px++) {
        const o = (((y0 + py * dy) * width) + x0 + px * dx) * c;
        const sample = (k: number): number => {
          const s = px * raw + k;
          if (depth === 8) return inflated[row + s]!;
          if (depth === 16) return inflated[row + 2 * s]!; // the high byte
          const bit = s * depth;
          return (inflated[row + (bit >> 3)]! >> (8 - depth - (bit & 7))) & ((1 << depth) - 1);
        };
        if (colorType === 3) {
          const i = sample(0);
          if (3 * i + 2 >= pal.length) throw new Error(`palette index ${i} beyond the ${pal.length / 3} PLTE entries`);
          out[o] = pal[3 * i]!;
          out[o + 1] = pal[3 * i + 1]!;
          out[o + 2] = pal[3 * i + 2]!;
          // tRNS may be shorter than PLTE: the entries it lacks are opaque.
          if (c === 4) out[o + 3] = png.transparency?.[i] ?? 255;
        } else {
          for (let k = 0; k < c; k++) out[o + k] = scale === 1 ? sample(k) : Math.round(sample(k) * scale);
        }
      }
    }
  }
  return fromTypedArray(out, [height, width, c], 'uint8');
}

/** Bytes of filtered scanlines an image has after inflating (all Adam7 passes when interlaced). */
function inflatedSize(png: PngChunks): number {
  const { width, height, bitDepth, colorType, interlace } = png.header;
  const bitsPerPixel = (RAW_CHANNELS[colorType] ?? 4) * bitDepth;
  let total = 0;
  for (const [x0, y0, dx, dy] of interlace ? ADAM7 : [[0, 0, 1, 1] as const]) {
    const pw = Math.ceil((width - x0) / dx);
    const ph = Math.ceil((height - y0) / dy);
    if (pw > 0 && ph > 0) total += ph * (1 + Math.ceil((pw * bitsPerPixel) / 8));
  }
  return total;
}

/** PNG bytes → uint8 [H, W, C], synchronously, anywhere (fflate). Errors name the input. */
export function decodePngSync(bytes: Uint8Array, name: string): Tensor {
  try {
    const png = readPngChunks(bytes);
    return decodeInflatedPng(png, unzlibSync(png.imageData, { out: new Uint8Array(inflatedSize(png)) }));
  } catch (e) {
    throw corruptImageError('png', name, e);
  }
}

/** PNG bytes → uint8 [H, W, C] with DecompressionStream (browsers, workers, Node ≥ 18). Errors name the input. */
export async function decodePngAsync(bytes: Uint8Array, name: string): Promise<Tensor> {
  try {
    const png = readPngChunks(bytes);
    return decodeInflatedPng(png, await inflateZlib(png.imageData));
  } catch (e) {
    throw corruptImageError('png', name, e);
  }
}
