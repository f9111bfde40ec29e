/** Keras-style API: `layers` and `sequential([...])`. Images are channels-last at the model's edge. */
export * as layers from './layers.js';
export { Sequential, sequential } from './sequential.js';
export type { CompileOptions, FitArgs, LossName } from './sequential.js';
