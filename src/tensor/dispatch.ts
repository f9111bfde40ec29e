/**
 * From ops to kernels: runs one primitive on the current backend, with the output dtype from the
 * primitive's spec, and, when gradients are being recorded and an input requires them, links the output
 * to its inputs on the tape.
 */
import type { DType } from '../engine/dtype.js';
import { isFloat } from '../engine/dtype.js';
import type { Shape } from '../engine/shape.js';
import { formatShape, shapesEqual, sizeOf } from '../engine/shape.js';
import type { Backend } from '../engine/backend.js';
import { MissingKernelError } from '../engine/backend.js';
import type { DataDependentPrimitive, InputsOf, Primitive, PrimitiveAttrs, ShapedPrimitive } from '../engine/primitives.js';
import { isDifferentiable, outputDType } from '../engine/primitives.js';
import { getBackend } from '../engine/registry.js';
import { Tensor, full } from './tensor.js';
import type { TensorLike } from './tensor.js';
import { isGradEnabled } from './autograd/node.js';
import { noteAllocation } from './autograd/allocation-tracker.js';

/** The current backend, after checking it has a kernel for `prim` on these dtypes. */
function backendFor(prim: Primitive, inputs: readonly (Tensor | undefined)[], dtype: DType): Backend {
  const backend = getBackend();
  const why = backend.unsupported[prim];
  if (why !== undefined) throw new MissingKernelError(prim, backend.name, why);
  for (const d of [dtype, ...inputs.map((t) => t?.dtype)])
    if (d !== undefined && !backend.dtypes.includes(d)) throw new MissingKernelError(prim, backend.name, `it has no ${d} tensors`);
  return backend;
}

/**
 * Links `out` to its inputs on the tape when the primitive is differentiable, its output is floating-point
 * (float32 or float64: integer and bool results are constants for autograd) and an input requires grad.
 */
function record<P extends Primitive>(prim: P, given: readonly (Tensor | undefined)[], attrs: PrimitiveAttrs[P], out: Tensor): Tensor {
  const tensors = given.filter((t) => t !== undefined);
  if (isGradEnabled() && isDifferentiable(prim) && isFloat(out.dtype) && tensors.some((t) => t.requiresGrad)) {
    out.requiresGrad = true;
    out.gradFn = { op: prim, inputs: tensors, attrs };
  }
  return out;
}

/** Runs a shape-determined primitive; `shape` is the output's, computed by the op. */
export function dispatch<P extends ShapedPrimitive>(prim: P, inputs: InputsOf<P, Tensor>, attrs: PrimitiveAttrs[P], shape: Shape): Tensor {
  const dtype = outputDType(prim, inputs, attrs);
  const handle = backendFor(prim, inputs, dtype).run(prim, inputs, attrs, { shape, dtype });
  noteAllocation(handle);
  return record(prim, inputs, attrs, new Tensor(handle, shape, dtype));
}

/** Runs a data-dependent primitive: the kernel decides the output's shape from the values. */
export function dispatchDataDependent<P extends DataDependentPrimitive>(prim: P, inputs: InputsOf<P, Tensor>, attrs: PrimitiveAttrs[P]): Tensor {
  const dtype = outputDType(prim, inputs, attrs);
  const { handle, shape } = backendFor(prim, inputs, dtype).runDataDependent(prim, inputs, attrs, dtype);
  noteAllocation(handle);
  return record(prim, inputs, attrs, new Tensor(handle, [...shape], dtype));
}

/** Same elements, new shape: no copy, recorded as `reshape` for autograd. */
export function reshapeView(x: Tensor, shape: Shape): Tensor {
  if (sizeOf(shape) !== x.size)
    throw new Error(`reshape: cannot view ${formatShape(x.shape)} (${x.size} elements) as ${formatShape(shape)} (${sizeOf(shape)} elements)`);
  if (shapesEqual(shape, x.shape)) return x;
  const out = new Tensor(x.handle, [...shape], x.dtype);
  if (isGradEnabled() && x.requiresGrad) {
    out.requiresGrad = true;
    out.gradFn = { op: 'reshape', inputs: [x], attrs: { from: x.shape } };
  }
  return out;
}

/**
 * Numbers become 0-d tensors of `like`'s dtype (float32 if the number is fractional and like is integer;
 * a float64 `like` keeps the number in float64, as PyTorch does with Python scalars).
 */
export function asTensor(v: TensorLike, like?: Tensor): Tensor {
  if (v instanceof Tensor) return v;
  let dtype: DType = like?.dtype ?? 'float32';
  if (!isFloat(dtype) && !Number.isInteger(v)) dtype = 'float32';
  if (dtype === 'bool') dtype = Number.isInteger(v) ? 'int32' : 'float32';
  return full([], v, { dtype });
}
