/**
 * The browser entry of `striate` (package.json "exports" → "browser"): the parts that run in a browser
 * (tensors, autograd, ops, layers in both styles, losses, optimisers, in-memory datasets and loaders,
 * the backends), with the wasm backend started before the first line of user code runs (top-level
 * await), since a browser cannot compile and start it synchronously on first use as Node does
 * (backend/default.ts). File-based parts (IDX/MNIST files, checkpoints on disk, the CLI) are Node-only.
 *
 * Threads: in a dedicated worker, one per core (`navigator.hardwareConcurrency`) when the page is
 * cross-origin isolated; a page's main thread cannot block in `Atomics.wait`, so there it runs on one
 * thread (train in a worker to use threads). Without cross-origin isolation (no SharedArrayBuffer) it
 * runs the unshared module on one thread, with a one-time console notice. If the wasm backend cannot
 * start at all (no SIMD128, the .wasm files not served), the reference backend runs, after a notice.
 */
import { startDefaultBackend } from './backend/default-async.js';

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
export { initWasmBackend, createWasmBackend, enableRelaxedSimd } from './backend/wasm/index.js';
export * from './ops/index.js';
export * as nn from './nn/index.js';
export * as F from './nn/functional.js';
export * from './optim/index.js';
export { DataLoader } from './data/dataloader.js';
export { TensorDataset } from './data/dataset.js';

await startDefaultBackend();
