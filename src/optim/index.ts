/**
 * Optimisers and learning-rate schedules with PyTorch semantics (camelCase option names).
 */
export { Optimizer, floatView } from './optimizer.js';
export type {
  BaseHyperParams,
  HyperValue,
  ParamGroup,
  ParamGroupInput,
  ParamsInput,
  ParamState,
  SerializedParamGroup,
  OptimizerConfig,
  OptimizerStateDict,
  HyperParser,
} from './optimizer.js';
export { HyperReader } from './hyper-reader.js';
export type { NumberBounds } from './hyper-reader.js';
export { SGD } from './sgd.js';
export type { SGDHyperParams, SGDOptions } from './sgd.js';
export { Adam, AdamW, AdamBase } from './adam.js';
export type { AdamHyperParams, AdamOptions } from './adam.js';
export { RMSprop } from './rmsprop.js';
export type { RMSpropHyperParams, RMSpropOptions } from './rmsprop.js';
export { createOptimizer, OPTIMIZER_NAMES } from './factory.js';
export type { OptimizerName } from './factory.js';
export {
  LRScheduler,
  StepLR,
  MultiStepLR,
  ExponentialLR,
  CosineAnnealingLR,
  LinearLR,
} from './schedulers.js';
export { SequentialLR, warmup, warmupCosine } from './sequential-lr.js';
export type { WarmupOptions, WarmupCosineOptions } from './sequential-lr.js';
export type { Scheduler, SchedulableOptimizer, SchedulerStateDict } from './lr-scheduler.js';
export { cosineDecay } from './cosine-decay.js';
export type { CosineDecayOptions } from './cosine-decay.js';
