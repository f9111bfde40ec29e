/**
 * Striate: deep computer vision in TypeScript. Layout is NCHW internally; images are HWC at the edges.
 */
import { installBuiltinBackends } from './backend/builtin.js';

export * from './api-core.js';
export * from './data/index.js';
export * as keras from './keras/index.js';
export { layers, sequential } from './keras/index.js';
export * from './train/index.js';
export { loadCheckpoint } from './models/checkpoint.js';
export type { LoadedTrainingCheckpoint } from './models/checkpoint.js';
export * as models from './models/index.js';
export * from './optim/index.js';
export * as viz from './viz/index.js';
export * as xo from './vision/xo/index.js';
export * as image from './io/image/index.js';
export {
  decodeImage, decodeImageAsync, readImage, writeImage, encodePng, encodeJpeg, resize, crop, toFloatNCHW, fromFloatNCHW, toGrayscale,
  pad as padImage, normalize as normalizeImage,
} from './io/image/index.js';

export { installBuiltinBackends } from './backend/builtin.js';

installBuiltinBackends();
