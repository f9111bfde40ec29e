/**
 * The browser entry of `striate` (package.json "exports" → "browser"): the parts that run in a browser
 * (tensors, autograd, ops, layers in both styles with Keras' compile/fit/evaluate/predict, losses,
 * optimisers, in-memory datasets and loaders,
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
import { startDefaultBackend } from './backend/builtin-async.js';

export * from './api-core.js';
export { initWasmBackend, createWasmBackend, enableRelaxedSimd } from './backend/wasm/index.js';
export * from './optim/index.js';
export * as keras from './keras/index.js';
export { layers, sequential } from './keras/index.js';
export { DataLoader } from './data/dataloader.js';
export { TensorDataset } from './data/dataset.js';
export { padSequences, detectionCollate, segmentationCollate, captionCollate, stackTensors, stackLabels, stackFloats } from './data/collate.js';
// The training-step contract and metrics (no file access).
export { fitLoop } from './train/fit.js';
export { trainOnBatch, logTotal } from './train/task.js';
export type { TrainingTask, StepOutput, LogValue } from './train/task.js';
export { SupervisedTask } from './train/supervised.js';
export { evaluateTask, evaluateBatches } from './train/evaluate.js';
export { Mean } from './train/metric.js';
export { Accuracy, TopKAccuracy } from './train/classification-metrics.js';
export { ConfusionMatrix, MeanIoU } from './train/confusion-matrix.js';

await startDefaultBackend();
