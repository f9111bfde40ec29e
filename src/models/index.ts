export { buildModel, modelConfig, listArchitectures } from './registry.js';
export type { ModelConfig } from './registry.js';
export { LectureCNN } from '../vision/models/classification/lecture-cnn.js';
export type { LectureCnnConfig } from '../vision/models/classification/lecture-cnn.js';
export { loadCheckpoint } from './checkpoint.js';
export type { LoadedTrainingCheckpoint } from './checkpoint.js';
