/**
 * JPEG decoding with jpeg-js (pure JavaScript: works in Node and in browsers). Decoded images are uint8 [H, W, C]:
 * C = 1 for a one-component (grayscale) JPEG, else 3 (YCbCr/CMYK converted to RGB). The YCbCr → RGB step uses
 * libjpeg's rounding, but jpeg-js' IDCT and its chroma upsampling (pixel replication, where libjpeg interpolates)
 * differ from libjpeg's (PIL), so values may differ from PIL's by a few levels (measured in test/image).
 */
import jpeg from 'jpeg-js';
import type { Tensor } from '../../core/tensor.js';
import { fromTypedArray } from '../../core/tensor.js';
import { corruptImageError } from './format.js';

export interface JpegInfo {
  /** Components in the first frame header (1 gray, 3 YCbCr/RGB, 4 CMYK/YCCK), or null when none was found. */
  components: number | null;
  /** An Adobe APP14 marker is present (it decides the colour transform itself). */
  adobe: boolean;
}

/** Reads the markers before the first scan: the frame's component count and whether an Adobe marker exists. */
export function jpegInfo(bytes: Uint8Array): JpegInfo {
  let adobe = false;
  let at = 2;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) break;
    const marker = bytes[at + 1]!;
    if (marker === 0xff) {
      at++;
      continue;
    }
    const length = (bytes[at + 2]! << 8) | bytes[at + 3]!;
    if (marker === 0xee && String.fromCharCode(...bytes.subarray(at + 4, at + 9)) === 'Adobe') adobe = true;
    const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isSof) return { components: at + 9 < bytes.length ? bytes[at + 9]! : null, adobe };
    if (marker === 0xda) break; // start of scan before any frame header
    at += 2 + length;
  }
  return { components: null, adobe };
}

const FIX = (x: number): number => Math.round(x * 65536);
const CR_R = FIX(1.402);
const CB_B = FIX(1.772);
const CB_G = FIX(0.34414);
const CR_G = FIX(0.71414);
const HALF = 1 << 15;
const clampByte = (v: number): number => (v < 0 ? 0 : v > 255 ? 255 : v);

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
  if (ownTransform) ycbcrToRgbInPlace(rgb);
  if (info.components !== 1) return fromTypedArray(rgb, [height, width, 3], 'uint8');
  const gray = new Uint8Array(width * height);
  for (let i = 0; i < gray.length; i++) gray[i] = rgb[3 * i]!;
  return fromTypedArray(gray, [height, width, 1], 'uint8');
}
