/**
 * Images at the edges of the library (Node entry): decoding/encoding PNG and JPEG to uint8 [H, W, C] tensors,
 * files, conversion to float NCHW and back, grayscale, and the transforms (resize, crop, pad, normalize).
 * Browsers: bundle ./browser.ts instead (same decoding and transforms, no Node imports).
 */
import type { Tensor } from '../../tensor/tensor.js';
import { decodeImageAsync as decodeImageAsyncBrowser } from './browser.js';
import { decodeImage } from './decode.js';

export { decodeImage } from './decode.js';
export { decodePng, encodePng } from './png.js';
export { decodeJpeg, jpegInfo } from './jpeg.js';
export { encodeJpeg } from './jpeg-encode.js';
export type { JpegOptions } from './jpeg-encode.js';
export { readImage, writeImage } from './file.js';
export { readPngHeader, pngChannels } from './png-header.js';
export type { PngHeader } from './png-header.js';
export type { JpegInfo } from './jpeg.js';
export { sniffImageFormat, hasCanvasDecoder, decodePngAsync, decodePngSync, hasDecompressionStream, resize, toFloatNCHW, fromFloatNCHW, toGrayscale, LUMA_WEIGHTS, crop, pad, normalize } from './browser.js';
export type { ImageFormat, ResizeMode, ResizeOptions, Region, Padding } from './browser.js';

/** `decodeImage` as a promise (the browser's API, see browser.ts): PNG through DecompressionStream, else pngjs. */
export function decodeImageAsync(bytes: Uint8Array, name = '<bytes>'): Promise<Tensor> {
  return decodeImageAsyncBrowser(bytes, name, decodeImage);
}
