export { buildModel, modelConfig, listArchitectures } from './registry.js';
export type { ModelConfig, ModelTask, Preprocessing, StoredModelConfig } from './config.js';
export { MODEL_TASKS, parseModelConfig, classLabels } from './config.js';
export { LectureCNN } from '../vision/models/classification/lecture-cnn.js';
export type { LectureCnnConfig } from '../vision/models/classification/lecture-cnn.js';
export { loadCheckpoint } from './checkpoint.js';
export type { LoadedTrainingCheckpoint } from './checkpoint.js';
export { preprocessImage, restorePixels, inputTransform, classProbabilities, topClasses, predictImage, evaluateClassifier } from './inference.js';
export type { RankedClass, ImagePrediction, ClassifierEvaluation } from './inference.js';
