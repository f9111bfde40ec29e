import type { DType, TypedArray } from '../../engine/dtype.js';
import { arrayMatchesDType } from '../../engine/dtype.js';
import type { Shape } from '../../engine/shape.js';
import { sizeOf } from '../../engine/shape.js';
import type { Backend, DataHandle, KernelArg, OutSpec } from '../../engine/backend.js';
import type { Primitive, PrimitiveAttrs } from '../../engine/primitives.js';
import { conv2dGeometry, pool2dGeometry } from '../../engine/geometry.js';
import { binary, binaryFns, cast, reluGrad, unary, unaryFns, where } from './elementwise.js';
import { argReduce, reduce } from './reduce.js';
import { broadcastTo, concat, gather, pad, permute, scatterAdd, slice } from './movement.js';
import { gemm } from './kernels/gemm.js';
import { conv2dForward, conv2dInputGrad, conv2dWeightGrad } from './kernels/conv.js';
import { avgPool2dBackward, avgPool2dForward, maxPool2dBackward, maxPool2dForward } from './kernels/pool.js';
import { adamMoments, adamStep } from './optim.js';

/** The reference backend's handle: a plain typed array, freed by the garbage collector. */
export class ReferenceHandle implements DataHandle {
  readonly backendName = 'reference';
  constructor(readonly data: TypedArray) {}
}

/** An input as the reference kernels see it. */
export interface RefArg {
  data: TypedArray;
  shape: Shape;
  dtype: DType;
}

type RefKernel<P extends Primitive> = (inputs: RefArg[], attrs: PrimitiveAttrs[P], out: OutSpec) => TypedArray;

/** Exhaustive: a primitive without a reference kernel is a compile error. */
type RefKernelTable = { [P in Primitive]: RefKernel<P> };

const f32 = (a: RefArg): Float32Array => {
  if (!(a.data instanceof Float32Array)) throw new Error(`reference backend: expected float32 data, got ${a.dtype}`);
  return a.data;
};
const i32 = (a: RefArg): Int32Array => {
  if (!(a.data instanceof Int32Array)) throw new Error(`reference backend: expected int32 indices, got ${a.dtype}`);
  return a.data;
};

type NoAttrPrim = { [P in Primitive]: PrimitiveAttrs[P] extends Record<string, never> ? P : never }[Primitive];

function un<P extends NoAttrPrim>(f: (x: number) => number): RefKernel<P> {
  return ([x], _attrs, out) => unary(x!.data, out.dtype, f);
}
function bin<P extends NoAttrPrim>(f: (a: number, b: number) => number): RefKernel<P> {
  return ([a, b], _attrs, out) => binary(a!.data, a!.shape, b!.data, b!.shape, out.shape, out.dtype, f);
}

function matmul([a, b]: RefArg[], attrs: PrimitiveAttrs['matmul'], out: OutSpec): TypedArray {
  const ad = f32(a!);
  const bd = f32(b!);
  const r = out.shape.length;
  const M = out.shape[r - 2]!;
  const N = out.shape[r - 1]!;
  const K = attrs.transA ? a!.shape[a!.shape.length - 2]! : a!.shape[a!.shape.length - 1]!;
  const batch = sizeOf(out.shape.slice(0, -2));
  const c = new Float32Array(batch * M * N);
  for (let i = 0; i < batch; i++) gemm(attrs.transA, attrs.transB, M, N, K, ad, i * M * K, bd, i * K * N, c, i * M * N, 0);
  return c;
}

const kernels: RefKernelTable = {
  neg: un(unaryFns.neg),
  exp: un(unaryFns.exp),
  log: un(unaryFns.log),
  sqrt: un(unaryFns.sqrt),
  abs: un(unaryFns.abs),
  sign: un(unaryFns.sign),
  tanh: un(unaryFns.tanh),
  sigmoid: un(unaryFns.sigmoid),
  relu: un(unaryFns.relu),
  reluGrad: ([x, g]) => reluGrad(f32(x!), f32(g!)),
  cast: ([x], attrs) => cast(x!.data, attrs.dtype),
  add: bin(binaryFns.add),
  sub: bin(binaryFns.sub),
  mul: bin(binaryFns.mul),
  div: bin(binaryFns.div),
  pow: bin(binaryFns.pow),
  maximum: bin(binaryFns.maximum),
  minimum: bin(binaryFns.minimum),
  eq: bin(binaryFns.eq),
  ne: bin(binaryFns.ne),
  lt: bin(binaryFns.lt),
  le: bin(binaryFns.le),
  gt: bin(binaryFns.gt),
  ge: bin(binaryFns.ge),
  where: ([c, a, b], _attrs, out) => where(c!.data, c!.shape, a!.data, a!.shape, b!.data, b!.shape, out.shape, out.dtype),
  sum: ([x], attrs, out) => reduce(x!.data, x!.shape, attrs.axes, 'sum', out.dtype),
  max: ([x], attrs, out) => reduce(x!.data, x!.shape, attrs.axes, 'max', out.dtype),
  min: ([x], attrs, out) => reduce(x!.data, x!.shape, attrs.axes, 'min', out.dtype),
  argmax: ([x], attrs) => argReduce(x!.data, x!.shape, attrs.axis, 'max'),
  argmin: ([x], attrs) => argReduce(x!.data, x!.shape, attrs.axis, 'min'),
  matmul,
  permute: ([x], attrs, out) => permute(x!.data, x!.shape, attrs.perm, out.dtype),
  slice: ([x], attrs, out) => slice(x!.data, x!.shape, attrs.begin, attrs.step, out.shape, out.dtype),
  pad: ([x], attrs, out) => pad(x!.data, x!.shape, attrs.pads, attrs.value, out.shape, out.dtype),
  concat: (parts, attrs, out) => concat(parts, attrs.axis, out.shape, out.dtype),
  broadcastTo: ([x], _attrs, out) => broadcastTo(x!.data, x!.shape, out.shape, out.dtype),
  gather: ([x, idx], attrs, out) => gather(x!.data, x!.shape, i32(idx!), out.shape, attrs.axis, out.dtype),
  scatterAdd: ([src, idx], attrs, out) => scatterAdd(src!.data, i32(idx!), src!.shape, out.shape, attrs.axis, out.dtype),
  conv2d: ([x, w, b], attrs, out) =>
    conv2dForward(f32(x!), f32(w!), b ? f32(b) : null, conv2dGeometry(x!.shape, w!.shape, out.shape, attrs)),
  conv2dInputGrad: ([dy, w], attrs, out) => conv2dInputGrad(f32(dy!), f32(w!), conv2dGeometry(out.shape, w!.shape, dy!.shape, attrs)),
  conv2dWeightGrad: ([x, dy], attrs, out) => conv2dWeightGrad(f32(x!), f32(dy!), conv2dGeometry(x!.shape, out.shape, dy!.shape, attrs)),
  maxPool2d: ([x], attrs, out) => maxPool2dForward(f32(x!), pool2dGeometry(x!.shape, out.shape, attrs)),
  maxPool2dGrad: ([x, dy], attrs) => maxPool2dBackward(f32(x!), f32(dy!), pool2dGeometry(x!.shape, dy!.shape, attrs)),
  avgPool2d: ([x], attrs, out) =>
    avgPool2dForward(f32(x!), pool2dGeometry(x!.shape, out.shape, attrs), attrs.countIncludePad, attrs.divisorOverride),
  avgPool2dGrad: ([dy], attrs, out) =>
    avgPool2dBackward(f32(dy!), pool2dGeometry(out.shape, dy!.shape, attrs), attrs.countIncludePad, attrs.divisorOverride),
  adamMoments: ([g, p, s], attrs) => adamMoments(f32(g!), f32(p!), f32(s!), attrs),
  adamStep: ([p, s], attrs) => adamStep(f32(p!), f32(s!), attrs),
};

/** Plain TypeScript kernels for every primitive: the definition of what each op computes. */
export class ReferenceBackend implements Backend {
  readonly name = 'reference';

  fromArray(data: TypedArray, dtype: DType): DataHandle {
    if (!arrayMatchesDType(data, dtype)) throw new Error(`reference backend: array does not hold ${dtype} elements`);
    return new ReferenceHandle(data);
  }

  read(handle: DataHandle, _dtype: DType): TypedArray {
    return this.unwrap(handle);
  }

  run<P extends Primitive>(prim: P, inputs: readonly KernelArg[], attrs: PrimitiveAttrs[P], out: OutSpec): DataHandle {
    const args: RefArg[] = inputs.map((i) => ({ data: this.unwrap(i.handle), shape: i.shape, dtype: i.dtype }));
    const kernel: RefKernel<P> = kernels[prim];
    return new ReferenceHandle(kernel(args, attrs, out));
  }

  private unwrap(handle: DataHandle): TypedArray {
    if (!(handle instanceof ReferenceHandle))
      throw new Error(`reference backend: got a tensor that lives on backend '${handle.backendName}'`);
    return handle.data;
  }
}
