/**
 * Images at the edges of the library: decoding/encoding PNG and JPEG to uint8 [H, W, C] tensors, conversion to
 * float NCHW and back, and the geometric/photometric transforms (resize, crop, pad, normalize).
 */
export { resize } from './resize.js';
export type { ResizeMode, ResizeOptions } from './resize.js';
