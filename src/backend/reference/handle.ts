/**
 * The reference backend's handle (a plain typed array, freed by the garbage collector), the kernel
 * signature of its table, and how kernels unwrap their inputs.
 */
import type { TypedArray } from '../../engine/dtype.js';
import type { DataHandle, KernelArg, OutSpec } from '../../engine/backend.js';
import type { InputsOf, PrimitiveAttrs, ShapedPrimitive } from '../../engine/primitives.js';

export class ReferenceHandle implements DataHandle {
  readonly backendName = 'reference';
  constructor(readonly data: TypedArray) {}
}

/** A reference kernel: the primitive's inputs (typed by its spec), attributes and output spec → the output's elements. */
export type RefKernel<P extends ShapedPrimitive> = (inputs: InputsOf<P, KernelArg>, attrs: PrimitiveAttrs[P], out: OutSpec) => TypedArray;

/** The elements behind an input. */
export function data(a: KernelArg): TypedArray {
  const h = a.handle;
  if (!(h instanceof ReferenceHandle)) throw new Error(`reference backend: got a tensor that lives on backend '${h.backendName}'`);
  return h.data;
}

export function f32(a: KernelArg): Float32Array {
  const d = data(a);
  if (!(d instanceof Float32Array)) throw new Error(`reference backend: expected float32 data, got ${a.dtype}`);
  return d;
}

export function i32(a: KernelArg): Int32Array {
  const d = data(a);
  if (!(d instanceof Int32Array)) throw new Error(`reference backend: expected int32 indices, got ${a.dtype}`);
  return d;
}
