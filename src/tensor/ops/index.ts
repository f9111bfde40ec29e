export { add, sub, mul, div, pow, maximum, minimum, neg, exp, log, sqrt, abs, sign, erf, eq, ne, lt, le, gt, ge, where, clamp, cast } from './elementwise.js';
export { sum, mean, max, min, argmax, argmin, variance, logSumExp } from './reduce.js';
export { reshape, flatten, permute, transpose, squeeze, unsqueeze, broadcastTo, slice, pad, concat, stack, split } from './movement.js';
export {
  gather, indexSelect, scatterAdd, topk, searchSorted, nonzero, argwhere, maskedSelect, unique, uniqueInverse, uniqueCounts,
} from './indexing.js';
export type { TopkOptions, TopkResult } from './indexing.js';
export { matmul } from './linalg.js';
export { relu, reluGrad, sigmoid, tanh, leakyRelu, softmax, logSoftmax } from './activation.js';
export { conv2d, windowOutputSize } from './conv.js';
export { maxPool2d, avgPool2d } from './pool.js';
export { randomUniform, drawSeed } from './random.js';
export type { RandomUniformOptions } from './random.js';
