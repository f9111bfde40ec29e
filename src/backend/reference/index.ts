/**
 * The reference backend: plain TypeScript kernels for every primitive, the definition of what each op
 * computes. Its table is exhaustive: a primitive without a reference kernel is a compile error. Kernels
 * live in `kernels/<family>.ts`, named as their primitive.
 */
import type { DType, TypedArray } from '../../engine/dtype.js';
import { arrayMatchesDType } from '../../engine/dtype.js';
import type { Backend, DataDependentResult, DataHandle, KernelArg, OutSpec } from '../../engine/backend.js';
import type { DataDependentPrimitive, InputsOf, PrimitiveAttrs, ShapedPrimitive } from '../../engine/primitives.js';
import type { RefDataKernel, RefKernel } from './handle.js';
import { ReferenceHandle } from './handle.js';
import * as elementwise from './kernels/elementwise.js';
import * as reduce from './kernels/reduce.js';
import * as linalg from './kernels/linalg.js';
import * as movement from './kernels/movement.js';
import * as indexing from './kernels/indexing.js';
import * as conv from './kernels/conv.js';
import * as pool from './kernels/pool.js';
import * as optim from './kernels/optim.js';
import * as random from './kernels/random.js';

export { ReferenceHandle } from './handle.js';

type RefKernelTable = { readonly [P in ShapedPrimitive]: RefKernel<P> };

const kernels: RefKernelTable = {
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

/** Exhaustive too: a data-dependent primitive without a reference kernel is a compile error. */
const dataKernels: { readonly [P in DataDependentPrimitive]: RefDataKernel<P> } = {
  nonzero: indexing.nonzero, unique: indexing.unique,
};

/** Plain TypeScript kernels for every primitive: the definition of what each op computes. */
export class ReferenceBackend implements Backend {
  readonly name = 'reference';
  /** float64 is stored here only: it is for checks (gradients by finite differences), not for training. */
  readonly dtypes: readonly DType[] = ['float32', 'float64', 'int32', 'uint8', 'bool'];
  readonly unsupported = {};

  fromArray(data: TypedArray, dtype: DType): DataHandle {
    if (!arrayMatchesDType(data, dtype)) throw new Error(`reference backend: array does not hold ${dtype} elements`);
    return new ReferenceHandle(data);
  }

  read(handle: DataHandle, _dtype: DType): TypedArray {
    if (!(handle instanceof ReferenceHandle))
      throw new Error(`reference backend: got a tensor that lives on backend '${handle.backendName}'`);
    return handle.data;
  }

  readAsync(handle: DataHandle, dtype: DType): Promise<TypedArray> {
    return Promise.resolve(this.read(handle, dtype));
  }

  run<P extends ShapedPrimitive>(prim: P, inputs: InputsOf<P, KernelArg>, attrs: PrimitiveAttrs[P], out: OutSpec): DataHandle {
    const kernel: RefKernel<P> = kernels[prim];
    return new ReferenceHandle(kernel(inputs, attrs, out));
  }

  runDataDependent<P extends DataDependentPrimitive>(prim: P, inputs: InputsOf<P, KernelArg>, attrs: PrimitiveAttrs[P], _dtype: DType): DataDependentResult {
    const kernel: RefDataKernel<P> = dataKernels[prim];
    const r = kernel(inputs, attrs);
    return { handle: new ReferenceHandle(r.data), shape: [...r.shape] };
  }
}
