/**
 * Striate: deep computer vision in TypeScript. Layout is NCHW internally; images are HWC at the edges.
 */
export { Tensor, tensor, fromTypedArray, zeros, ones, full, zerosLike, onesLike, scalar, arange, linspace, eye, isTensor } from './core/tensor.js';
export type { TensorLike, NestedArray, TensorOptions } from './core/tensor.js';
export type { DType, TypedArray } from './core/dtype.js';
export type { Shape } from './core/shape.js';
export { manualSeed, Generator, defaultGenerator } from './core/random.js';
export { rand, randn, randint } from './core/creation-random.js';
export { noGrad, isGradEnabled, withGradEnabled } from './autograd/node.js';
export { gradcheck } from './autograd/gradcheck.js';
export { setBackend, getBackend, listBackends, registerBackend } from './backend/registry.js';
export type { Backend } from './backend/backend.js';
export { MissingKernelError } from './backend/backend.js';
export * from './ops/index.js';
export * as nn from './nn/index.js';
export * as F from './nn/functional.js';
export * from './data/index.js';
export * as keras from './keras/index.js';
export { layers, sequential } from './keras/index.js';
export * from './train/index.js';
export * as models from './models/index.js';
export * from './optim/index.js';
export * as image from './io/image/index.js';
export {
  decodeImage, decodeImageAsync, readImage, writeImage, encodePng, encodeJpeg, resize, crop, toFloatNCHW, fromFloatNCHW, toGrayscale,
  pad as padImage, normalize as normalizeImage,
} from './io/image/index.js';
