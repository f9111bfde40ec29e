/**
 * The part of Striate's API that runs anywhere (Node and browsers): tensors, autograd, backends, ops,
 * `nn` and `F`. `index.ts` (Node) and `browser.ts` both re-export it.
 */
export { Tensor, tensor, fromTypedArray, zeros, ones, full, zerosLike, onesLike, scalar, arange, linspace, eye, isTensor } from './tensor/tensor.js';
export type { TensorLike, NestedArray, TensorOptions } from './tensor/tensor.js';
export type { DType, TypedArray } from './engine/dtype.js';
export type { Shape } from './engine/shape.js';
export { manualSeed, Generator, defaultGenerator } from './tensor/random.js';
export { rand, randn, randint } from './tensor/creation-random.js';
export { noGrad, isGradEnabled, withGradEnabled } from './tensor/autograd/node.js';
export { gradcheck } from './tensor/autograd/gradcheck.js';
export { setBackend, getBackend, listBackends, registerBackend } from './engine/registry.js';
export type { Backend } from './engine/backend.js';
export { MissingKernelError } from './engine/backend.js';
export * from './tensor/ops/index.js';
export * as nn from './nn/index.js';
export * as F from './nn/functional.js';
