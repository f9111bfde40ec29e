/**
 * JPEG decoding with jpeg-js (pure JavaScript: works in Node and in browsers). Decoded images are uint8 [H, W, C]:
 * C = 1 for a one-component (grayscale) JPEG, else 3 (YCbCr/CMYK converted to RGB). jpeg-js' IDCT and chroma
 * upsampling differ from libjpeg's (PIL), so values may differ from PIL's by a few levels (see test/image).
 */
import jpeg from 'jpeg-js';
import type { Tensor } from '../../core/tensor.js';
import { fromTypedArray } from '../../core/tensor.js';
import { corruptImageError } from './format.js';

/** Component count from the first start-of-frame marker (SOF0–SOF15 except DHT/JPG/DAC), or null if none is found. */
export function jpegComponents(bytes: Uint8Array): number | null {
  let at = 2;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) return null;
    const marker = bytes[at + 1]!;
    if (marker === 0xff) {
      at++;
      continue;
    }
    const length = (bytes[at + 2]! << 8) | bytes[at + 3]!;
    const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isSof) return at + 9 < bytes.length ? bytes[at + 9]! : null;
    if (marker === 0xda) return null; // start of scan before any frame header
    at += 2 + length;
  }
  return null;
}

export function decodeJpeg(bytes: Uint8Array, name: string): Tensor {
  let rgb: Uint8Array;
  let width: number;
  let height: number;
  try {
    // tolerantDecoding: false so that a truncated file is an error, not an image with a grey bottom.
    const img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: false, tolerantDecoding: false });
    rgb = img.data;
    width = img.width;
    height = img.height;
  } catch (e) {
    throw corruptImageError('jpeg', name, e);
  }
  if (jpegComponents(bytes) !== 1) return fromTypedArray(rgb, [height, width, 3], 'uint8');
  const gray = new Uint8Array(width * height);
  for (let i = 0; i < gray.length; i++) gray[i] = rgb[3 * i]!;
  return fromTypedArray(gray, [height, width, 1], 'uint8');
}
