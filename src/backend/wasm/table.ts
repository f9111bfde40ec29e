/**
 * The wasm backend's kernel table, assembled from the family modules (`kernels/<family>.ts`, one
 * `WasmKernel<P>` per primitive, named as the primitive). Exhaustive: a primitive without a wasm
 * kernel is a compile error.
 */
import type { WasmDataKernelTable, WasmKernelTable } from './kernel.js';
import * as elementwise from './kernels/elementwise.js';
import * as reduce from './kernels/reduce.js';
import * as linalg from './kernels/linalg.js';
import * as movement from './kernels/movement.js';
import * as indexing from './kernels/indexing.js';
import * as conv from './kernels/conv.js';
import * as pool from './kernels/pool.js';
import * as optim from './kernels/optim.js';
import * as random from './kernels/random.js';

export const wasmKernels: WasmKernelTable = {
  neg: elementwise.neg, exp: elementwise.exp, log: elementwise.log, sqrt: elementwise.sqrt, abs: elementwise.abs,
  sign: elementwise.sign, tanh: elementwise.tanh, sigmoid: elementwise.sigmoid, relu: elementwise.relu, erf: elementwise.erf,
  reluGrad: elementwise.reluGrad, cast: elementwise.cast,
  add: elementwise.add, sub: elementwise.sub, mul: elementwise.mul, div: elementwise.div, pow: elementwise.pow,
  maximum: elementwise.maximum, minimum: elementwise.minimum,
  eq: elementwise.eq, ne: elementwise.ne, lt: elementwise.lt, le: elementwise.le, gt: elementwise.gt, ge: elementwise.ge,
  where: elementwise.where,
  sum: reduce.sum, max: reduce.max, min: reduce.min, argmax: reduce.argmax, argmin: reduce.argmin,
  matmul: linalg.matmul,
  permute: movement.permute, slice: movement.slice, pad: movement.pad, concat: movement.concat, broadcastTo: movement.broadcastTo,
  gather: indexing.gather, scatterAdd: indexing.scatterAdd, topk: indexing.topk, searchSorted: indexing.searchSorted,
  conv2d: conv.conv2d, conv2dInputGrad: conv.conv2dInputGrad, conv2dWeightGrad: conv.conv2dWeightGrad,
  maxPool2d: pool.maxPool2d, maxPool2dGrad: pool.maxPool2dGrad, avgPool2d: pool.avgPool2d, avgPool2dGrad: pool.avgPool2dGrad,
  adamMoments: optim.adamMoments, adamStep: optim.adamStep,
  sgdMomentum: optim.sgdMomentum, sgdStep: optim.sgdStep, rmspropMoments: optim.rmspropMoments, rmspropStep: optim.rmspropStep,
  randomUniform: random.randomUniform,
};

/** The data-dependent primitives' kernels (`WasmBackend.runDataDependent`). */
export const wasmDataKernels: WasmDataKernelTable = {
  nonzero: indexing.nonzero, unique: indexing.unique,
};
