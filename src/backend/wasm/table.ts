/** The wasm backend's kernel table: one wrapper per primitive, typed exhaustively. */
import type { WasmKernelTable } from './kernel.js';
import { binary, cast, compare, reluGrad, unary, where } from './kernels/elementwise.js';
import { adamMoments, adamStep } from './kernels/optim.js';
import { gather, scatterAdd } from './kernels/indexing.js';
import { broadcastTo, concat, pad, permute, slice } from './kernels/movement.js';
import { argReduce, reduce } from './kernels/reduce.js';
import {
  avgPool2d, avgPool2dGrad, conv2d, conv2dInputGrad, conv2dWeightGrad, matmul, maxPool2d, maxPool2dGrad,
} from './kernels/vision.js';

/** Exhaustive: a primitive without a wasm kernel is a compile error. */
export const wasmKernels: WasmKernelTable = {
  neg: unary('neg'),
  exp: unary('exp'),
  log: unary('log'),
  sqrt: unary('sqrt'),
  abs: unary('abs'),
  sign: unary('sign'),
  tanh: unary('tanh'),
  sigmoid: unary('sigmoid'),
  relu: unary('relu'),
  reluGrad,
  cast,
  add: binary('add'),
  sub: binary('sub'),
  mul: binary('mul'),
  div: binary('div'),
  pow: binary('pow'),
  maximum: binary('maximum'),
  minimum: binary('minimum'),
  eq: compare('eq'),
  ne: compare('ne'),
  lt: compare('lt'),
  le: compare('le'),
  gt: compare('gt'),
  ge: compare('ge'),
  where,
  sum: reduce('sum'),
  max: reduce('max'),
  min: reduce('min'),
  argmax: argReduce('argmax'),
  argmin: argReduce('argmin'),
  matmul,
  permute,
  slice,
  pad,
  concat,
  broadcastTo,
  gather,
  scatterAdd,
  conv2d,
  conv2dInputGrad,
  conv2dWeightGrad,
  maxPool2d,
  maxPool2dGrad,
  avgPool2d,
  avgPool2dGrad,
  adamMoments,
  adamStep,
};
