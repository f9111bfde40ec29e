/**
 * JPEG decoding with jpeg-js (pure JavaScript: works in Node and in browsers). Decoded images are uint8 [H, W, C]:
 * C = 1 for a one-component (grayscale) JPEG, else 3 (YCbCr/CMYK converted to RGB). To match libjpeg-turbo (PIL),
 * 4:2:0 and 4:2:2 chroma is upsampled with libjpeg's triangle filter (jpeg-js replicates) and YCbCr → RGB uses
 * libjpeg's fixed-point rounding (jpeg-js truncates); only the IDCTs still differ, so values may differ from
 * PIL's by a few levels (measured in test/image).
 */
import jpeg from 'jpeg-js';
import type { Tensor } from '../../tensor/tensor.js';
import { fromTypedArray } from '../../tensor/tensor.js';
import { corruptImageError } from './format.js';

export interface JpegInfo {
  /** Components in the first frame header (1 gray, 3 YCbCr/RGB, 4 CMYK/YCCK), or null when none was found. */
  components: number | null;
  /** An Adobe APP14 marker is present (it decides the colour transform itself). */
  adobe: boolean;
  /** Horizontal and vertical sampling factors of each component, e.g. [[2, 2], [1, 1], [1, 1]] for 4:2:0. */
  sampling: [number, number][];
}

/** Reads the markers before the first scan: the frame's component count and whether an Adobe marker exists. */
export function jpegInfo(bytes: Uint8Array): JpegInfo {
  // Every read below is guarded by a length test first; DataView reads are bounds-checked besides.
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let adobe = false;
  let at = 2;
  while (at + 4 <= bytes.length) {
    if (view.getUint8(at) !== 0xff) break;
    const marker = view.getUint8(at + 1);
    if (marker === 0xff) {
      at++;
      continue;
    }
    const length = view.getUint16(at + 2);
    if (marker === 0xee && String.fromCharCode(...bytes.subarray(at + 4, at + 9)) === 'Adobe') adobe = true;
    const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isSof) {
      const n = at + 9 < bytes.length ? view.getUint8(at + 9) : null;
      const sampling: [number, number][] = [];
      for (let i = 0; n !== null && i < n && at + 12 + 3 * i < bytes.length; i++) {
        const hv = view.getUint8(at + 11 + 3 * i);
        sampling.push([hv >> 4, hv & 15]);
      }
      return { components: n, adobe, sampling };
    }
    if (marker === 0xda) break; // start of scan before any frame header
    at += 2 + length;
  }
  return { components: null, adobe, sampling: [] };
}

const FIX = (x: number): number => Math.round(x * 65536);
const CR_R = FIX(1.402);
const CB_B = FIX(1.772);
const CB_G = FIX(0.34414);
const CR_G = FIX(0.71414);
const HALF = 1 << 15;
const clampByte = (v: number): number => (v < 0 ? 0 : v > 255 ? 255 : v);

/**
 * Chroma subsampling that libjpeg-turbo (PIL) upsamples with its "fancy" triangle filter: [2, 2] for 4:2:0
 * (h2v2), [2, 1] for 4:2:2 (h2v1); null for full-resolution chroma or layouts we leave to jpeg-js.
 */
function chromaFactors(sampling: readonly [number, number][]): [number, number] | null {
  if (sampling.length !== 3) return null;
  const [[hy, vy], [hb, vb], [hr, vr]] = sampling as [[number, number], [number, number], [number, number]];
  if (hb !== 1 || vb !== 1 || hr !== 1 || vr !== 1) return null;
  if (hy === 2 && (vy === 2 || vy === 1)) return [2, vy];
  return null;
}

/**
 * Replaces channel k of interleaved YCbCr (jpeg-js replicates each chroma sample over its 2×V block) by
 * libjpeg-turbo's fancy upsampling of the same samples (jdsample.c: h2v1_fancy_upsample, h2v2_fancy_upsample):
 * each output is 3/4 of the nearer sample and 1/4 of the next one, per direction, with libjpeg's rounding biases.
 */
function fancyUpsampleChroma(data: Uint8Array, width: number, height: number, k: number, v: number): void {
  const cw = Math.ceil(width / 2);
  const ch = Math.ceil(height / v);
  const plane = new Int32Array(cw * ch);
  for (let y = 0; y < ch; y++) for (let x = 0; x < cw; x++) plane[y * cw + x] = data[((y * v) * width + 2 * x) * 3 + k]!;
  const put = (x: number, y: number, value: number): void => {
    if (x < width && y < height) data[(y * width + x) * 3 + k] = value;
  };
  for (let y = 0; y < ch; y++) {
    if (v === 1) {
      const row = y * cw;
      if (cw === 1) {
        put(0, y, plane[row]!);
        put(1, y, plane[row]!);
        continue;
      }
      for (let x = 0; x < cw; x++) {
        const here = plane[row + x]! * 3;
        put(2 * x, y, x === 0 ? plane[row]! : (here + plane[row + x - 1]! + 1) >> 2);
        put(2 * x + 1, y, x === cw - 1 ? plane[row + x]! : (here + plane[row + x + 1]! + 2) >> 2);
      }
      continue;
    }
    for (let half = 0; half < 2; half++) {
      // Column sums with the nearer neighbouring row: above for the upper output row, below for the lower one
      // (the edge rows are their own neighbours).
      const ny = half === 0 ? Math.max(0, y - 1) : Math.min(ch - 1, y + 1);
      const sum = (x: number): number => plane[y * cw + x]! * 3 + plane[ny * cw + x]!;
      const oy = 2 * y + half;
      if (cw === 1) {
        put(0, oy, (sum(0) * 4 + 8) >> 4);
        put(1, oy, (sum(0) * 4 + 7) >> 4);
        continue;
      }
      for (let x = 0; x < cw; x++) {
        const here = sum(x);
        put(2 * x, oy, x === 0 ? (here * 4 + 8) >> 4 : (here * 3 + sum(x - 1) + 8) >> 4);
        put(2 * x + 1, oy, x === cw - 1 ? (here * 4 + 7) >> 4 : (here * 3 + sum(x + 1) + 7) >> 4);
      }
    }
  }
}

/**
 * YCbCr → RGB in place with libjpeg's fixed-point rounding (jdcolor.c). jpeg-js' own conversion truncates,
 * which makes every channel about half a level darker than libjpeg/PIL.
 */
function ycbcrToRgbInPlace(data: Uint8Array): void {
  for (let i = 0; i < data.length; i += 3) {
    const y = data[i]!;
    const cb = data[i + 1]! - 128;
    const cr = data[i + 2]! - 128;
    data[i] = clampByte(y + ((CR_R * cr + HALF) >> 16));
    data[i + 1] = clampByte(y + ((-CB_G * cb - CR_G * cr + HALF) >> 16));
    data[i + 2] = clampByte(y + ((CB_B * cb + HALF) >> 16));
  }
}

export function decodeJpeg(bytes: Uint8Array, name: string): Tensor {
  let info: JpegInfo;
  let ownTransform: boolean;
  let rgb: Uint8Array;
  let width: number;
  let height: number;
  try {
    info = jpegInfo(bytes);
    // Three components without an Adobe marker are YCbCr: take them raw and convert with rounding (below).
    ownTransform = info.components === 3 && !info.adobe;
    // tolerantDecoding: false so that a truncated file is an error, not an image with a grey bottom.
    const img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: false, tolerantDecoding: false, colorTransform: ownTransform ? false : undefined });
    rgb = img.data;
    width = img.width;
    height = img.height;
  } catch (e) {
    throw corruptImageError('jpeg', name, e);
  }
  if (ownTransform) {
    const factors = chromaFactors(info.sampling);
    if (factors) for (const k of [1, 2]) fancyUpsampleChroma(rgb, width, height, k, factors[1]);
    ycbcrToRgbInPlace(rgb);
  }
  if (info.components !== 1) return fromTypedArray(rgb, [height, width, 3], 'uint8');
  const gray = new Uint8Array(width * height);
  for (let i = 0; i < gray.length; i++) gray[i] = rgb[3 * i]!;
  return fromTypedArray(gray, [height, width, 1], 'uint8');
}
