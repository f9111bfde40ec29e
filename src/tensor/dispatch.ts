import type { DType } from '../engine/dtype.js';
import type { Shape } from '../engine/shape.js';
import { formatShape, shapesEqual, sizeOf } from '../engine/shape.js';
import { Tensor, full } from './tensor.js';
import type { TensorLike } from './tensor.js';
import type { Primitive, PrimitiveAttrs } from '../engine/primitives.js';
import { getBackend } from '../engine/registry.js';
import { isGradEnabled } from './autograd/node.js';
import { isDifferentiable } from './autograd/gradients.js';
import { noteAllocation } from './autograd/allocation-tracker.js';

/**
 * Runs one primitive on the current backend and, when gradients are being recorded and an input
 * requires them, links the output to its inputs on the tape.
 */
export function dispatch<P extends Primitive>(prim: P, inputs: Tensor[], attrs: PrimitiveAttrs[P], shape: Shape, dtype: DType): Tensor {
  const handle = getBackend().run(prim, inputs.map((t) => t.kernelArg()), attrs, { shape, dtype });
  noteAllocation(handle);
  const out = new Tensor(handle, shape, dtype);
  if (isGradEnabled() && dtype === 'float32' && isDifferentiable(prim) && inputs.some((t) => t.requiresGrad)) {
    out.requiresGrad = true;
    out.gradFn = { op: prim, inputs, attrs };
  }
  return out;
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

/** Numbers become 0-d tensors of `like`'s dtype (float32 if the number is fractional and like is integer). */
export function asTensor(v: TensorLike, like?: Tensor): Tensor {
  if (v instanceof Tensor) return v;
  let dtype: DType = like?.dtype ?? 'float32';
  if (dtype !== 'float32' && !Number.isInteger(v)) dtype = 'float32';
  if (dtype === 'bool') dtype = Number.isInteger(v) ? 'int32' : 'float32';
  return full([], v, { dtype });
}
