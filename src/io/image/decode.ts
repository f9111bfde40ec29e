/** Decoding image bytes by their magic bytes (Node; the browser version is `decodeImageAsync` in browser.ts). */
import type { Tensor } from '../../tensor/tensor.js';
import { sniffImageFormat, unknownFormatError } from './format.js';
import { decodeJpeg } from './jpeg.js';
import { decodePng } from './png.js';

/**
 * PNG or JPEG bytes → uint8 [H, W, C], the format sniffed from the first bytes (never the name). C as stored:
 * 1 gray, 2 gray + alpha (PNG), 3 RGB (also palette PNGs without transparency), 4 RGBA. 16-bit PNG samples keep
 * their high byte. `name` (a path) appears in every error: unknown format, corrupt or truncated data.
 */
export function decodeImage(bytes: Uint8Array, name = '<bytes>'): Tensor {
  switch (sniffImageFormat(bytes)) {
    case 'png': return decodePng(bytes, name);
    case 'jpeg': return decodeJpeg(bytes, name);
    case null: throw unknownFormatError(bytes, name);
  }
}
