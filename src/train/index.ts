export { fitLoop, evaluateBatches, NonFiniteLossError } from './fit.js';
export type { Batch as TrainBatch, BatchIterable, OptimizerLike, TrainerState, FitOptions, EvaluateResult } from './fit.js';
export { History, EarlyStopping, ModelCheckpoint, LearningRateScheduler, BatchLearningRateScheduler } from './callbacks.js';
export type { Callback, Logs, TrainingContext, EarlyStoppingOptions, EpochScheduler } from './callbacks.js';
export { accuracy, topKAccuracy, confusionMatrix, countTopK } from './metrics.js';
export { defaultProgress, TerminalProgress, LineProgress, SilentProgress } from './progress.js';
export type { ProgressReporter } from './progress.js';
export { saveCheckpoint, readCheckpoint, encodeStateDict, decodeStateDict } from './checkpoint.js';
export type { CheckpointContents, CheckpointRecord } from './checkpoint.js';
