/** Former PNG module, kept for its callers: PNG I/O now lives in src/io/image/ (PNG and JPEG, sniffed by content). */
import type { Tensor } from '../tensor/tensor.js';
import { readImage } from './image/file.js';

export { encodePng } from './image/png.js';

/** Reads a PNG (or JPEG) file as uint8 [H, W, C], C as stored; errors name the file. See `readImage`. */
export function readPng(path: string): Tensor {
  return readImage(path);
}
